/**
 * The load profile, CI-sized: a few seconds of calls with transfers, holds, routed calls
 * and accepts through 10 sessions, every check judging as the run goes — no finding and no
 * event lost. Then the same run with the mock told to misbehave twice: the checks find it
 * and the lost event is counted, so the first test's silence means something. Throughput
 * is not asserted (docs/benchmarks.md measures it).
 */
import { describe, expect, it } from "vitest";
import { findingLine, runLoad } from "../../src/runner/load.ts";
import { resolveLoadProfile } from "../../src/runner/load-profile.ts";

const SMALL = {
  agents: 20,
  callsPerHour: 7_200, // 2 calls/s
  durationS: 5,
  warmupS: 2,
  sessions: 10,
  answerMs: 200,
  talkMs: 1_000,
  holdMs: 300,
  wrapMs: 500,
  heartbeatMs: 1_000,
  transferShare: 0.2,
  routedShare: 0.3,
  acceptShare: 0.3,
  sampleS: 1,
};

describe("the load profile, small", () => {
  it("runs with no finding and no event lost, every timeline judged", async () => {
    const r = await runLoad(resolveLoadProfile({ source: "test", value: SMALL }));
    expect(r.checks.findings.map(findingLine)).toEqual([]);
    expect(r.checks.more).toBe(0);
    expect(r.events.lostDetail).toEqual({ routing: 0, undelivered: 0, dropped: 0, failed: 0, mismatched: 0 });
    expect(r.events.duplicated).toBe(0);
    expect(r.calls.open).toBe(0);
    expect(r.calls.requestFailures).toBe(0);
    // It did what the profile says, and the checks saw it.
    expect(r.calls.completed).toBe(r.calls.created);
    expect(r.calls.transferred).toBeGreaterThan(0);
    expect(r.calls.held).toBeGreaterThan(0);
    expect(r.calls.routed).toBeGreaterThan(0);
    expect(r.calls.accepted).toBeGreaterThan(0);
    expect(Object.keys(r.checks.stats)).toHaveLength(11); // the mock's timeline and 10 clients'
    for (const [name, s] of Object.entries(r.checks.stats)) {
      expect(s.rounds, name).toBeGreaterThan(1);
      expect(s.held, name).toBeLessThan(s.entriesSeen);
    }
    for (const s of r.sessions.filter((x) => x.name !== "monitor6"))
      expect(s.received, s.name).toBeGreaterThan(0);
  }, 90_000);

  it("finds a fault the mock is told to make, and counts the event it drops", async () => {
    const r = await runLoad(resolveLoadProfile({ source: "test", value: SMALL }), {
      onReady: ({ mock, sessions }) => {
        const reference = sessions[0].session.sessionId;
        mock.control.addFault({
          name: "duplicate-events",
          scope: { session: reference, eventType: "CallEnd" },
          count: 1,
        });
        mock.control.addFault({
          name: "drop-events",
          scope: { session: reference, eventType: "CallCleared" },
          count: 1,
        });
      },
    });
    const found = new Set(r.checks.findings.map((f) => `${f.timeline} ${f.check}`));
    for (const timeline of ["mock", "monitor1"])
      expect([...found]).toEqual(expect.arrayContaining([`${timeline} callLifecycleEventsOccurOnce`]));
    expect(r.events.lostDetail.routing).toBe(1);
    expect(r.events.duplicated).toBe(1);
    expect(r.targets.met).toBe(false);
  }, 90_000);
});
