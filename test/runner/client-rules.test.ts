/**
 * The client certification's rules (src/runner/client-rules.ts): every rule has scenarios,
 * every scenario names a known rule, every fixture misbehaviour breaks a rule, every client
 * check of the catalogue is used by the client steps, and docs/certify-client.md's rule table
 * is current. The coverage gate can fail: a rule whose scenarios are removed is reported.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../src/checks/catalogue.ts";
import { MISBEHAVIOURS } from "../../src/mock-client/reference-client.ts";
import { CLIENT_RULES, clientCoverage, clientRulesTable } from "../../src/runner/client-rules.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const FEATURES = join(ROOT, "features", "client");

describe("the client rules", () => {
  it("each have scenarios, and every scenario names a known rule", () => {
    const c = clientCoverage(FEATURES, ROOT);
    expect(c.uncovered).toEqual([]);
    expect(c.unknown).toEqual([]);
  });

  it("the coverage gate reports a rule without scenarios, and a scenario with an unknown rule", () => {
    const copy = mkdtempSync(join(tmpdir(), "ctips-client-rules-"));
    try {
      cpSync(FEATURES, copy, { recursive: true });
      const file = join(copy, "80-request-ids.feature");
      writeFileSync(
        file,
        readFileSync(file, "utf8")
          .replace("@rule:request-ids-unique", "@rule:request-ids-uniqe")
          .replace("@rule:request-ids-non-zero", "@rule:request-ids-unique"),
      );
      const c = clientCoverage(copy);
      expect(c.uncovered).toEqual(["request-ids-non-zero"]);
      expect(c.unknown).toHaveLength(1);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it("have unique ids, clauses, and fixtures that are the reference client's misbehaviours, each used", () => {
    const ids = CLIENT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of CLIENT_RULES) expect(r.clause, r.id).toMatch(/^(EDK \d+-\d+|WIRE)$/);
    const fixtures = CLIENT_RULES.flatMap((r) => r.fixtures);
    expect(fixtures.filter((f) => !(f in MISBEHAVIOURS))).toEqual([]);
    expect(Object.keys(MISBEHAVIOURS).filter((m) => !fixtures.includes(m as never))).toEqual([]);
  });

  it("every client check of the catalogue is used by the client steps", () => {
    const world = readFileSync(join(ROOT, "steps", "client", "world.ts"), "utf8");
    const unused = CATALOGUE.filter((e) => e.area === "client")
      .map((e) => e.check.name)
      .filter((name) => !world.includes(name));
    expect(unused).toEqual([]);
  });

  it("docs/certify-client.md lists them as the code does (npx tsx tools/readings-doc.ts)", () => {
    expect(readFileSync(join(ROOT, "docs", "certify-client.md"), "utf8")).toContain(clientRulesTable());
  });
});
