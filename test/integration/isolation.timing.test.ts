/**
 * Session isolation under load: 10 sessions of the load profile — monitors subscribing to
 * different message classes and filters, a router, an agent desktop — beside a client that
 * answers every event 3 s late, one whose callback refuses connections (dead) and one that
 * never answers (silent). No session gets an event its subscriptions exclude or that carries
 * another session's RequestId; the healthy sessions lose nothing; and, measured on the
 * mock's own timeline, no healthy session is sent an event more than 100 ms (p99) after the
 * reference monitor is sent it, nor held more than 100 ms while it could take it, while the
 * slow and silent ones fall far behind in queues of their own.
 * (test/integration/delivery.timing.test.ts measures one blocked client beside one healthy
 * one on a burst of LinkStatus events.)
 */
import { describe, expect, it } from "vitest";
import { findingLine, runLoad } from "../../src/runner/load.ts";
import { resolveLoadProfile } from "../../src/runner/load-profile.ts";

/** Checks that fail when a session is sent what is not its own. */
const LEAKS = new Set([
  "eventsMatchTheirSessionsSubscriptions",
  "noEventCarriesAnotherSessionsRequestId",
  "eventsCarryRequestIdOfTheirRequest",
  "eventsOnlyWhileOnline",
]);

describe("isolation under a 10-session load", () => {
  it("sends no session what is not its own, and a slow, a dead and a silent client delay no other", async () => {
    const r = await runLoad(
      resolveLoadProfile({
        source: "test",
        value: {
          agents: 40,
          callsPerHour: 7_200,
          durationS: 10,
          warmupS: 2,
          sessions: 10,
          slowSessions: 1,
          slowMs: 3_000,
          deadSessions: 1,
          silentSessions: 1,
          answerMs: 300,
          talkMs: 2_000,
          holdMs: 500,
          wrapMs: 1_000,
          heartbeatMs: 10_000, // the dead and silent sessions stay to the end (disposed after 3 × 10 s)
          transferShare: 0.2,
          routedShare: 0.3,
          acceptShare: 0.3,
        },
      }),
    );
    const bySession = Object.fromEntries(r.sessions.map((s) => [s.name, s]));
    expect(Object.keys(bySession)).toEqual([
      "monitor1",
      "monitor2",
      "monitor3",
      "monitor4",
      "monitor5",
      "router",
      "slow1",
      "dead1",
      "silent1",
      "desktop",
    ]);

    // Nothing a session should not get, on any timeline, the misbehaving clients' included.
    const leaks = [...r.checks.findings, ...r.checks.expected].filter((f) => LEAKS.has(f.check));
    expect(leaks.map(findingLine)).toEqual([]);
    // The healthy sessions are judged clean and lose nothing.
    expect(r.checks.findings.map(findingLine)).toEqual([]);
    expect(r.events.lost).toBe(0);
    expect(r.events.duplicated).toBe(0);

    // Each misbehaving client really misbehaved: the slow one answered late, the silent one
    // not at all, so the mock holds their events in their own queues; the dead one refuses.
    const expected = new Set(r.checks.expected.map((f) => `${f.timeline} ${f.check}`));
    expect([...expected]).toEqual(expect.arrayContaining(["slow1 clientAnswersEventsWithin"]));
    const reference = bySession.monitor1;
    expect(bySession.slow1.sent).toBeLessThan(reference.sent / 10);
    expect(bySession.silent1.sent).toBeLessThan(reference.sent / 10);
    expect(bySession.dead1.failed).toBeGreaterThan(reference.sent / 2);
    expect(bySession.dead1.received).toBe(0);

    // … and no healthy session waited for them. Measured on the mock's timeline: no session
    // was sent an event more than 100 ms (p99) after the reference monitor was sent it, and
    // the mock never held an event more than 100 ms (p99) for a session free to take it.
    for (const s of r.sessions.filter((x) => !x.misbehaves && x.sent > 0)) {
      if (s !== reference) expect(s.lag.p99, `${s.name} lag p99`).toBeLessThan(100);
      expect(s.wait.p99, `${s.name} wait p99`).toBeLessThan(100);
      expect(s.received, `${s.name} received`).toBe(s.sent);
    }
  }, 120_000);
});
