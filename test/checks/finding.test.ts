import { describe, expect, it } from "vitest";
import { type Check, harnessFault, pass, runCheck } from "../../src/checks/finding.ts";
import { KitError } from "../../src/contract/errors.ts";

const timeline = [] as const;

const everythingIsFine: Check = () => [pass("all good", { evidence: [1, 2], subject: { session: "S1" } })];

describe("runCheck", () => {
  it("binds the caller's severity and clause and names the finding after the check", () => {
    expect(runCheck(everythingIsFine, { severity: "warning", clause: "EDK 4-3" }, timeline)).toEqual([
      {
        check: "everythingIsFine",
        clause: "EDK 4-3",
        severity: "warning",
        outcome: "pass",
        message: "all good",
        evidence: [1, 2],
        subject: { session: "S1" },
      },
    ]);
  });

  it("reports a check that produced nothing as a harness fault", () => {
    const saysNothing: Check = () => [];
    const [f] = runCheck(saysNothing, { severity: "failure", clause: "EDK 4-3" }, timeline);
    expect(f).toMatchObject({ outcome: "harness-fault", check: "saysNothing" });
    expect(f.message).toContain("produced no finding");
  });

  it("reports a check that throws as a harness fault with the error's code", () => {
    const throws: Check = () => {
      throw new KitError("CTIPSKIT_E_CHECK_INPUT", "no timeline entries of kind event");
    };
    const [f] = runCheck(throws, { severity: "failure", clause: "EDK 4-3" }, timeline);
    expect(f.outcome).toBe("harness-fault");
    expect(f.message).toBe(
      "check throws could not run: CTIPSKIT_E_CHECK_INPUT: no timeline entries of kind event",
    );
  });

  it("passes a check's own harness fault through, still bound", () => {
    const lacksInput: Check<{ x?: number }> = () => [harnessFault("missing parameter: x")];
    const [f] = runCheck(lacksInput, { severity: "info", clause: "WIRE data contracts" }, timeline, {});
    expect(f).toMatchObject({ outcome: "harness-fault", severity: "info", clause: "WIRE data contracts" });
  });
});
