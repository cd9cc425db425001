/**
 * The load run's findings as the check worker sends them: expected ones (about clients that
 * misbehave on purpose) and the ones that count are kept and counted apart, so a flood of
 * expected findings never pushes a real one out of the report or into the real count.
 * Regression: with a slow, a dead and a silent client at 500 agents, the expected findings
 * filled the 1,000 kept and every later one, expected or not, was counted as a real finding.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Finding } from "../../src/checks/finding.ts";
import { CheckHost } from "../../src/runner/load-check-host.ts";
import type { FromWorker } from "../../src/runner/load-check-worker.ts";

let host: CheckHost | undefined;
afterEach(async () => {
  await host?.abort();
  host = undefined;
});

function finding(i: number, session: string): Finding {
  return {
    check: "clientAnswersEventsWithin",
    clause: "EDK 4-1",
    severity: "failure",
    message: `event ${i} not answered`,
    evidence: [i],
    subject: { session },
  } as Finding;
}

function send(h: CheckHost, m: FromWorker): void {
  (h as unknown as { receive(m: FromWorker): void }).receive(m);
}

describe("the load run's check host", () => {
  it("keeps and counts expected findings apart from the ones that count", () => {
    host = new CheckHost([], 1_000);
    host.isExpected = (f) => f.timeline === "silent1" || f.subject?.session === "S-silent";
    const flood = Array.from({ length: 2_500 }, (_, i) => finding(i, "S-silent"));
    send(host, { type: "findings", name: "mock", findings: flood });
    send(host, { type: "findings", name: "silent1", findings: [finding(1, "S-other")] });
    expect(host.findings).toEqual([]);
    expect(host.more).toBe(0);
    expect(host.expected).toHaveLength(1_000);
    expect(host.moreExpected).toBe(1_501);

    // A real finding after the flood is kept in full, named with its timeline.
    send(host, { type: "findings", name: "monitor1", findings: [finding(7, "S-healthy")] });
    expect(host.findings).toHaveLength(1);
    expect(host.findings[0]).toMatchObject({ timeline: "monitor1", message: "event 7 not answered" });
    expect(host.more).toBe(0);
  });
});
