/** The run's own pages: reports/clauses.html (clause anchors the Allure links resolve to) and reports/summary.html. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clauseAnchor, clauseOfTag, clausesPage } from "../../src/runner/html.ts";
import type { ScenarioRecord, ScenarioResult } from "../../src/runner/results.ts";
import { familiesOf, summaryPage } from "../../src/runner/summary-html.ts";

const ROOT = join(import.meta.dirname, "..", "..");

function scenario(over: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    name: "LoginAgent logs the agent in",
    uri: "features/requests/login-agent.feature",
    feature: "LoginAgent",
    area: "requests",
    tags: ["@request:LoginAgent", "@EDK-3-8"],
    kind: "normative",
    readings: [],
    status: "passed",
    readingNotes: [],
    durationMs: 5,
    ...over,
  } as ScenarioResult;
}

function record(s: ScenarioResult, steps: string[] = [], timeline?: string): ScenarioRecord {
  return {
    name: s.name,
    uri: s.uri,
    feature: s.feature,
    area: s.area,
    tags: s.tags,
    steps: steps.map((text) => ({ text, status: "PASSED", startMs: 0, stopMs: 1 })),
    notes: [],
    timeline,
    startMs: 0,
    stopMs: 5,
  } as unknown as ScenarioRecord;
}

describe("clause anchors", () => {
  it("turn tags and clauses into the anchors clauses.html has", () => {
    expect(clauseOfTag("@EDK-3-8")).toBe("EDK 3-8");
    expect(clauseOfTag("@EDK-E-9")).toBe("EDK E-9");
    expect(clauseOfTag("@WIRE")).toBe("WIRE");
    expect(clauseOfTag("@request:LoginAgent")).toBeUndefined();
    expect(clauseAnchor("EDK 3-8")).toBe("edk-3-8");
    expect(clauseAnchor("EDK E-9")).toBe("edk-e-9");
    expect(clauseAnchor("WIRE data contracts")).toBe("wire");
  });

  it("clauses.html has a section for every clause a scenario cites, with the guide's titles and the verdicts", () => {
    const html = clausesPage({
      root: ROOT,
      title: "run",
      scenarios: [
        scenario(),
        scenario({ name: "<b>bad</b>", status: "failed", tags: ["@EDK-E-9", "@WIRE"] }),
      ],
    });
    for (const id of ["edk-3-8", "edk-e-9", "wire", "edk-1-3"]) expect(html).toContain(`id="${id}"`);
    expect(html).toContain("Blind Transfer to Unmanned Service");
    expect(html).toContain("&lt;b&gt;bad&lt;/b&gt;");
    expect(html).not.toContain("<b>bad</b>");
  });
});

describe("summary.html", () => {
  it("shows the verdict, the areas, the check families, failures with their clause links, readings and the slowest requests", () => {
    const ok = scenario();
    const failed = scenario({
      name: "E-2 flow",
      uri: "features/flows/E-2.feature",
      area: "flows",
      tags: ["@flow:E-2", "@EDK-2-1"],
      status: "failed",
      failedStep: "the session receives, in order:",
      message: "expected CallDelivered <RequestId=5>",
    });
    const warned = scenario({
      name: "reading",
      kind: "reading",
      status: "reading",
      readingNotes: [{ reading: "call-type", message: "CallType was Outbound" }],
    });
    const latency = JSON.stringify({ seq: 1, kind: "response", name: "LoginAgent", latencyNs: 42_500_000 });
    const html = summaryPage({
      title: "ctips-kit certify server",
      target: "http://ctips",
      exitCode: 1,
      totals: {
        total: 3,
        normative: 2,
        readings: 1,
        passed: 1,
        failed: 1,
        reading: 1,
        waived: 0,
        skipped: 0,
        harness: 0,
      },
      byArea: {
        requests: {
          normative: 1,
          readings: 1,
          passed: 1,
          failed: 0,
          reading: 1,
          waived: 0,
          skipped: 0,
          harness: 0,
        },
        flows: {
          normative: 1,
          readings: 0,
          passed: 0,
          failed: 1,
          reading: 0,
          waived: 0,
          skipped: 0,
          harness: 0,
        },
      },
      records: [record(ok, [], latency), record(failed, ["the session receives, in order:"]), record(warned)],
      scenarios: [ok, failed, warned],
      allureHref: "allure-report/index.html",
    });
    expect(html).toContain("NOT conformant: normative failures");
    expect(html).toContain('<a href="clauses.html#edk-2-1">EDK 2-1</a>');
    expect(html).toContain("expected CallDelivered &lt;RequestId=5&gt;");
    expect(html).toContain("<th>sequencing</th>");
    expect(html).toContain("<code>call-type</code>");
    expect(html).toMatch(/<td>LoginAgent<\/td><td class="n">42\.5<\/td>/);
    expect(html).toContain('href="allure-report/index.html"');
  });

  it("puts a scenario in every family its steps judged", () => {
    const s = scenario({
      tags: ["@session"],
      uri: "features/session/heartbeats.feature",
      name: "heartbeats every interval",
    });
    expect(
      familiesOf(
        record(s, ["the recording passes the correlation checks", "the recording passes the payload checks"]),
      ),
    ).toEqual(["correlation", "heartbeats", "payload", "session rules"]);
  });
});
