import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AGENT_TRANSITIONS } from "../../src/checks/agent-states.ts";
import { CATALOGUE, type CatalogueParams, runCatalogue } from "../../src/checks/catalogue.ts";
import { REQUEST_EVENTS } from "../../src/checks/request-events.ts";
import { E2 } from "./fixtures/flows.ts";
import { HEARTBEAT_MS, standardRecording } from "./fixtures/faults/recording.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const PARAMS: CatalogueParams = {
  requestsCompleteWithin: { withinMs: 200 },
  heartbeatsKeepTheConfiguredInterval: { intervalMs: HEARTBEAT_MS },
  clientAnswersHeartbeatsWithin: { answerWithinMs: 20 },
  sessionDisposedAfterExactlyNMissedHeartbeats: { missedLimit: 3 },
  clientReconnectsAfterHeartbeatsStop: { intervalMs: HEARTBEAT_MS, reconnectWithinMs: 1000 },
  timelineFollowsFlow: { flow: E2 },
};

describe("the catalogue", () => {
  it("names each check once", () => {
    const names = CATALOGUE.map((e) => e.check.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives every check a clause in the guide's or the wire contract's form", () => {
    for (const e of CATALOGUE) expect(e.clause, e.check.name).toMatch(/^(EDK [0-9A-E]+-[0-9]+|WIRE .+)$/);
  });

  it.each(["server", "client"] as const)("finds no failure in the clean %s-side recording", (side) => {
    const findings = runCatalogue(standardRecording({ side }), { params: PARAMS });
    expect(findings.filter((f) => f.outcome === "fail").map((f) => `${f.check}: ${f.message}`)).toEqual([]);
    expect(findings.filter((f) => f.outcome === "pass").length).toBeGreaterThan(20);
  });

  it("runs only the checks asked for, with the caller's bindings", () => {
    const findings = runCatalogue(standardRecording(), {
      only: ["eventsOnlyWhileOnline"],
      bindings: { eventsOnlyWhileOnline: { severity: "info", clause: "EDK 5-4" } },
    });
    expect(findings).toEqual([
      expect.objectContaining({ check: "eventsOnlyWhileOnline", severity: "info", clause: "EDK 5-4" }),
    ]);
  });

  it("reports a check run without its parameters as a harness fault", () => {
    const [f] = runCatalogue(standardRecording(), { only: ["heartbeatsKeepTheConfiguredInterval"] });
    expect(f).toMatchObject({ outcome: "harness-fault", message: "missing parameter: intervalMs" });
  });

  it("is documented in docs/checks.md, check by check, with its default clause and severity", () => {
    const doc = readFileSync(join(ROOT, "docs", "checks.md"), "utf8");
    for (const e of CATALOGUE) {
      const row = doc.split("\n").find((l) => l.startsWith(`| \`${e.check.name}\``));
      expect(row, e.check.name).toBeDefined();
      expect(row).toContain(`| ${e.clause} |`);
      expect(row).toContain(`| ${e.severity} |`);
      if (e.reading) expect(row).toContain(`the kit's reading \`${e.reading}\``);
    }
  });

  it("prints the request-event and agent state tables in docs/checks.md as the code has them", () => {
    const lines = readFileSync(join(ROOT, "docs", "checks.md"), "utf8").split("\n");
    const list = (xs: readonly string[]) => xs.join(", ") || "—";
    for (const r of REQUEST_EVENTS) {
      const row = `| ${r.request} | ${list(r.generates)} | ${list(r.completes)} | ${list(r.fails)} | ${r.clause} | ${r.source} |`;
      expect(lines, r.request).toContain(row);
    }
    for (const t of AGENT_TRANSITIONS) {
      expect(lines, `${t.from} → ${t.to}`).toContain(
        `| ${t.from} | ${t.to} | ${t.reason} | ${t.clause} | ${t.source} |`,
      );
    }
  });

  it("has tests for every check (a describe block named after it)", () => {
    const dir = join(ROOT, "test", "checks");
    const tests = readdirSync(dir)
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .join("\n");
    const untested = CATALOGUE.map((e) => e.check.name).filter((n) => !tests.includes(`describe("${n}"`));
    expect(untested).toEqual([]);
  });
});
