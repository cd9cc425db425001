/**
 * The fault-injection switches whose effect on the wire is a time: delayed responses and
 * events, stopped heartbeats, another heartbeat interval. Times are read from the recording
 * client's monotonic timeline; bounds are wide for a loaded 2-core machine.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../src/timeline/index.ts";
import { login, sendOutcome, startWireWorld, WAIT_MS, waitEvent, type WireWorld } from "./world.ts";

let w: WireWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const ms = (ns: number) => ns / 1e6;

/** Resolves when the client has received `n` more heartbeats for its session after seq `since`. */
async function heartbeats(world: WireWorld, n: number, since: number): Promise<TimelineEntry[]> {
  const sid = world.session.sessionId;
  const mine = (e: TimelineEntry) => e.kind === "heartbeat" && e.session === sid;
  await world.timeline.waitFor(() => world.timeline.query(mine, since).length >= n, WAIT_MS, {
    since,
    what: `${n} heartbeats`,
  });
  return world.timeline.query(mine, since).slice(0, n);
}

const intervals = (beats: TimelineEntry[]) => beats.slice(1).map((b, i) => ms(b.monoNs - beats[i].monoNs));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Waits until the client's monotonic clock has passed `untilMs` (a time on its timeline). */
async function until(world: WireWorld, untilMs: number): Promise<void> {
  const left = untilMs - ms(world.timeline.now());
  if (left > 0) await new Promise((r) => setTimeout(r, left));
}

describe("timed fault injection on the wire", () => {
  it("delay-response: the response comes at least ms later, after the request's own events", async () => {
    w = await startWireWorld();
    const a = await login(w.session, "agent1");
    await w.control.addFault({
      name: "delay-response",
      scope: { operation: "GetAgentState" },
      params: { ms: 300 },
    });
    const delayed = await sendOutcome(w.session, "GetAgentState", { AgentIdx: a });
    expect(delayed.ok).toBe(true);
    expect(delayed.latencyMs).toBeGreaterThanOrEqual(295);
    expect(delayed.latencyMs).toBeLessThan(300 + 1_500);
    // The simulator's events do not wait for the held response: a check that wants the
    // response first (EDK 2-5) sees the event before it.
    const [event] = w.session.byRequestId(delayed.requestId as number).events;
    expect(event.monoNs).toBeLessThan(delayed.response.monoNs);

    const other = await sendOutcome(w.session, "SetAgentState", { AgentIdx: a, NewState: "NotReady" });
    expect(other.latencyMs).toBeLessThan(250);
  });

  it("delay-events: the matching event is published ms late and the events after it wait in order", async () => {
    w = await startWireWorld();
    const s = w.session;
    const a = await login(s, "agent1");
    await w.control.addFault({
      name: "delay-events",
      scope: { session: s.sessionId, eventType: "AgentStateChange" },
      params: { ms: 300 },
      count: 1,
    });
    const first = await sendOutcome(s, "GetAgentState", { AgentIdx: a });
    const second = await sendOutcome(s, "GetAgentState", { AgentIdx: a });
    const e1 = await waitEvent(s, { type: "AgentStateChange", requestId: first.requestId });
    const e2 = await waitEvent(s, { type: "AgentStateChange", requestId: second.requestId });
    expect(ms(e1.monoNs - first.response.monoNs)).toBeGreaterThanOrEqual(290);
    expect(ms(e1.monoNs - first.response.monoNs)).toBeLessThan(300 + 1_500);
    expect(e2.seq).toBeGreaterThan(e1.seq);
    expect(ms(e2.monoNs - second.response.monoNs)).toBeGreaterThan(200);
  });

  it("stop-heartbeats: no heartbeat for 5 intervals while it stands; heartbeats resume when it is removed", async () => {
    w = await startWireWorld({ config: { heartbeatIntervalMs: 50 } });
    const world = w;
    await heartbeats(world, 2, 0);
    const f = await world.control.addFault({
      name: "stop-heartbeats",
      scope: { session: world.session.sessionId },
    });
    const stoppedAt = ms(world.timeline.now());
    const mark = world.timeline.length;
    await until(world, stoppedAt + 5 * 50 + 20);
    // A heartbeat already on its way when the fault was added may land in the first ms.
    const during = world.timeline
      .query((e) => e.kind === "heartbeat", mark)
      .filter((e) => ms(e.monoNs) > stoppedAt + 20);
    expect(during).toEqual([]);

    await world.control.removeFault(f.id);
    const removedAt = ms(world.timeline.now());
    const [next] = await heartbeats(world, 1, world.timeline.length);
    expect(ms(next.monoNs) - removedAt).toBeLessThan(50 + 200);
    const state = (await world.control.call("GET", "state")) as { sessions: { missedHeartbeats: number }[] };
    expect(state.sessions[0]).toMatchObject({ state: "online", missedHeartbeats: 0 });
  });

  it("heartbeat-interval: heartbeats come every ms while it stands and at the configured interval again after", async () => {
    w = await startWireWorld({ config: { heartbeatIntervalMs: 200 } });
    const world = w;
    const before = await heartbeats(world, 3, 0);
    expect(median(intervals(before))).toBeGreaterThan(150);

    const f = await world.control.addFault({
      name: "heartbeat-interval",
      scope: { session: world.session.sessionId },
      params: { ms: 40 },
    });
    // The heartbeat already scheduled comes at the old time; the next ones at the new rate.
    const fast = (await heartbeats(world, 8, world.timeline.length)).slice(1);
    const m = median(intervals(fast));
    expect(m).toBeGreaterThan(25);
    expect(m).toBeLessThan(90);

    await world.control.removeFault(f.id);
    const removedAt = ms(world.timeline.now());
    const after = await heartbeats(world, 4, world.timeline.length);
    // At most one heartbeat at the fault's rate was already scheduled; then the configured rate.
    expect(ms(after[1].monoNs) - removedAt).toBeLessThan(40 + 200 + 100);
    expect(median(intervals(after.slice(1)))).toBeGreaterThan(150);
  });
});
