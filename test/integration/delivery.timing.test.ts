/**
 * Event delivery between the two peers at volume, and a blocked client's effect on the
 * others, measured. In the "timing" project (one file at a time): the volume test needs
 * the machine to itself to stay within its time budget, and the isolation test measures.
 * @see docs/sessions.md "Event delivery"
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ClientSession } from "../../src/mock-client/index.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { countReached, Peers, tally } from "./peers.ts";

const peers = new Peers();
afterEach(() => peers.close());

const stateOf = (e: { payload?: unknown }) => (e.payload as { ComponentState: string }).ComponentState;

describe("delivery at volume", () => {
  it("delivers 10,000 events to each of 10 sessions, each session's in order, none lost", async () => {
    const EVENTS = 10_000;
    const SESSIONS = 10;
    const mock = await peers.mock();
    const client = await peers.client(mock);
    const sessions: ClientSession[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      sessions.push(await client.openSession({ categories: ["EventCategorySystem"] }));
    }
    // Counted as they are appended: the mock keeps only its latest entries in memory.
    const failed = (e: TimelineEntry) =>
      e.kind === "transportError" ||
      e.kind === "fault" ||
      e.code === "event-dropped" ||
      e.code === "session-disposed";
    const received = tally(client.timeline, (e) => e.kind === "event");
    const answered = tally(
      mock.timeline,
      (e) => e.kind === "callbackResponse" && e.name === "PublishCTIEvent",
    );
    const failures = [tally(client.timeline, failed, failed), tally(mock.timeline, failed, failed)];
    const started = performance.now();
    // LinkStatus goes to every System subscriber; down/up alternate, so order is checkable.
    for (let i = 0; i < EVENTS; i++) mock.control.setLink("Gateway", i % 2 === 0 ? "down" : "up");
    await received.reached(EVENTS * SESSIONS, 170_000);
    // Each event is answered before the next goes: the mock records the last answers next.
    await answered.reached(EVENTS * SESSIONS, 5_000);
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `delivered ${EVENTS * SESSIONS} events to ${SESSIONS} sessions in ${seconds.toFixed(1)} s ` +
        `(${Math.round((EVENTS * SESSIONS) / seconds)} events/s)`,
    );

    for (const s of sessions) {
      const states = s.events().map(stateOf);
      expect(states).toHaveLength(EVENTS);
      const outOfOrder = states.findIndex((st, i) => st !== (i % 2 === 0 ? "Down" : "Up"));
      expect(outOfOrder, `session ${s.sessionId}: first event out of order`).toBe(-1);
    }
    for (const f of failures) expect(f.kept).toEqual([]);
  }, 180_000);
});

describe("a blocked client", () => {
  it("does not delay another client's sessions: they get every event in the time they would alone", async () => {
    const EVENTS = 200;
    const mock = await peers.mock({ callbackTimeoutMs: 10_000 });
    const healthy = await peers.client(mock);
    const blocked = await peers.client(mock, { callback: { ignoreHoldMs: 15_000 } });
    const a = await healthy.openSession({ categories: ["EventCategorySystem"] });

    const deliver = async (since: number) => {
      const t0 = performance.now();
      for (let i = 0; i < EVENTS; i++) mock.control.setLink("Gateway", i % 2 === 0 ? "down" : "up");
      await countReached(
        healthy.timeline,
        (e) => e.kind === "event" && e.session === a.sessionId && e.seq >= since,
        EVENTS,
        10_000,
      );
      return performance.now() - t0;
    };
    const alone = await deliver(healthy.timeline.length);

    const b = await blocked.openSession({ categories: ["EventCategorySystem"] });
    blocked.behaviour.event = "ignore";
    const withBlocked = await deliver(healthy.timeline.length);
    console.info(
      `${EVENTS} events to a healthy session: ${alone.toFixed(0)} ms alone, ${withBlocked.toFixed(0)} ms beside a blocked client`,
    );

    // The blocked client holds its first event; the mock queues the rest for it alone.
    expect(b.events()).toHaveLength(1);
    const queued = mock.control.state().sessions as { sessionId: string; queuedEvents: number }[];
    expect(queued.find((q) => q.sessionId === b.sessionId)?.queuedEvents).toBe(EVENTS - 1);
    expect(queued.find((q) => q.sessionId === a.sessionId)?.queuedEvents).toBe(0);
    // Beside the blocked client the healthy one is as fast as alone (allowing a loaded machine
    // 3x + 250 ms), and far from the 10 s the blocked session waits on its callback timeout.
    expect(withBlocked).toBeLessThan(alone * 3 + 250);
    expect(withBlocked).toBeLessThan(2_000);
  }, 30_000);
});
