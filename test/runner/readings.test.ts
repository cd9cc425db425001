/**
 * The readings are one list (src/runner/readings/), used where they are named and named
 * where they are used, and the docs that present them are current: docs/readings.md and
 * the normative/readings counts per area in docs/certify.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../src/checks/catalogue.ts";
import { scenarioInventory } from "../../src/runner/coverage.ts";
import { READINGS, reading, readingTags } from "../../src/runner/readings.ts";
import { countsTable, readingsDoc, STEP_READINGS, withCountsTable } from "../../src/runner/readings-doc.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const inv = scenarioInventory(join(ROOT, "features"), ROOT);

describe("the readings", () => {
  it("have unique, kebab-case ids", () => {
    const ids = READINGS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("name every reading the features and the check catalogue use", () => {
    const known = new Set(READINGS.map((r) => r.id));
    const used = [...inv.readingIds.keys(), ...CATALOGUE.flatMap((e) => (e.reading ? [e.reading] : []))];
    expect(used.filter((id) => !known.has(id))).toEqual([]);
  });

  it("are each used by a scenario, a check or a step", () => {
    const used = new Set([
      ...inv.readingIds.keys(),
      ...CATALOGUE.flatMap((e) => (e.reading ? [e.reading] : [])),
      ...Object.keys(STEP_READINGS),
    ]);
    expect(READINGS.map((r) => r.id).filter((id) => !used.has(id))).toEqual([]);
  });

  it("point to a docs page that exists, and say what the guide says", () => {
    for (const r of READINGS) {
      const [page] = r.see.split("#");
      expect(() => readFileSync(join(ROOT, page)), `${r.id}: ${r.see}`).not.toThrow();
      expect(r.guide.length, r.id).toBeGreaterThan(20);
    }
  });

  it("an unknown id is a fault of the features (a harness fault), not of the target", () => {
    expect(() => reading("no-such-reading")).toThrow(
      /CTIPSKIT_E_CHECK_INPUT|unknown reading 'no-such-reading'/,
    );
    expect(readingTags(["@request:X", "@reading:call-type", "@EDK-2-1"])).toEqual(["call-type"]);
  });
});

describe("the docs", () => {
  it("docs/readings.md is current (npx tsx tools/readings-doc.ts)", () => {
    expect(readFileSync(join(ROOT, "docs", "readings.md"), "utf8")).toBe(readingsDoc(inv));
  });

  it.each([
    ["server", "certify.md"],
    ["client", "certify-client.md"],
  ] as const)(
    "the %s suite's page (docs/%s) counts the normative and reading scenarios of each area as the features have them",
    (suite, page) => {
      const doc = readFileSync(join(ROOT, "docs", page), "utf8");
      expect(doc).toContain(countsTable(inv, suite));
      expect(withCountsTable(doc, inv, suite)).toBe(doc);
      // Every area has normative scenarios: readings never replace the guide's word.
      for (const [area, c] of Object.entries(inv.areas)) expect(c.normative, area).toBeGreaterThan(0);
    },
  );
});
