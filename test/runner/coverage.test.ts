import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeCoverage, parseFeature, scenariosOf } from "../../src/runner/coverage.ts";

const features = join(import.meta.dirname, "..", "..", "features");

describe("contract coverage of the features", () => {
  it("counts each Examples row as a scenario and inherits feature tags", () => {
    const doc = parseFeature(
      `@request:OnLine
Feature: x
  Scenario Outline: y
    When the client sends <op>
    Examples:
      | op |
      | a  |
      | b  |
  @event:CallHeld
  Scenario: z
    Then the CallHeld event has the fields:
      | field  | wire type | rule |
      | CallId | int       | any  |
`,
      "x.feature",
    );
    const s = scenariosOf(doc);
    expect(s).toHaveLength(3);
    expect(s[0].tags).toEqual(["@request:OnLine"]);
    expect(s[2].tags).toEqual(["@request:OnLine", "@event:CallHeld"]);
    expect(s[2].fieldTables).toEqual([{ event: "CallHeld", fields: ["CallId"] }]);
  });

  it("is 100 % for the committed features", () => {
    const c = computeCoverage(features);
    expect(c.uncovered.map((u) => `${u.kind} ${u.name}`)).toEqual([]);
    expect(c.percent).toBe(100);
  });

  it("drops below 100 % when the scenarios covering a request are removed (the gate can fail)", () => {
    const copy = mkdtempSync(join(tmpdir(), "ctips-cov-"));
    try {
      cpSync(features, copy, { recursive: true });
      const before = computeCoverage(copy);
      rmSync(join(copy, "requests", "SendDTMFDigits.feature"));
      const without = computeCoverage(copy);
      expect(without.covered).toBeLessThan(before.covered);
      expect(without.percent).toBeLessThan(100);
      expect(without.uncovered.map((u) => u.name)).toContain("SendDTMFDigits");
      expect(without.total).toBe(before.total);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it("lists requests, event types, every event field and the flows as items", () => {
    const c = computeCoverage(features);
    const kinds = (k: string) => c.items.filter((i) => i.kind === k).length;
    expect(kinds("request")).toBe(27);
    expect(kinds("event")).toBe(31);
    expect(kinds("flow")).toBe(13);
    expect(kinds("field")).toBeGreaterThan(400);
  });
});
