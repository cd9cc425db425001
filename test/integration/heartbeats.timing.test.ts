/**
 * Heartbeats between the two peers, measured on the recording client's timeline (monoNs of
 * each received Heartbeat). Runs in the "timing" project, one file at a time. The mock
 * schedules at a fixed rate from OnLine, so the span of ten intervals holds its tolerance
 * even when single gaps jitter on a loaded 2-core machine: assert the span and the median,
 * never every gap. @see EDK 1-4, EDK 4-1, EDK 5-2; docs/sessions.md "Heartbeats"
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ClientSession, RecordingClient } from "../../src/mock-client/index.ts";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { countReached, expectFault, Peers, sleep } from "./peers.ts";

const peers = new Peers();
afterEach(() => peers.close());

const beatsOf = (client: RecordingClient, s: ClientSession): TimelineEntry[] =>
  client.timeline.query((e) => e.kind === "heartbeat" && e.session === s.sessionId);

const ms = (ns: number) => ns / 1e6;

describe("heartbeats from the mock to the recording client", () => {
  it("arrive every 50 ms after OnLine: ten intervals span 500 ± 20 ms, the median gap 50 ± 20 ms", async () => {
    const mock = await peers.mock({ heartbeatIntervalMs: 50 });
    const client = await peers.client(mock);
    const s = await client.openSession({ categories: [] });
    await countReached(
      client.timeline,
      (e) => e.kind === "heartbeat" && e.session === s.sessionId,
      11,
      3_000,
    );
    const beats = beatsOf(client, s).slice(0, 11);
    expect(beats[0].payload).toEqual({ sessionId: s.sessionId });
    const at = beats.map((b) => ms(b.monoNs));
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
    expect(Math.abs(at[10] - at[0] - 500), `span ${at[10] - at[0]} ms, gaps ${gaps}`).toBeLessThan(20);
    expect(Math.abs(median - 50), `median ${median} ms`).toBeLessThan(20);
    // The client answered each one, and the mock counted each as answered.
    for (const b of beats) {
      expect(client.timeline.find((e) => e.replyTo === b.seq)?.kind).toBe("callbackResponse");
    }
    expect(mock.core.sessions.get(s.sessionId)?.missedHeartbeats).toBe(0);
  });

  it("do not start before OnLine and stop while offline", async () => {
    const mock = await peers.mock({ heartbeatIntervalMs: 20 });
    const client = await peers.client(mock);
    const s = await client.openSession({ categories: [], online: false });
    await sleep(100);
    expect(beatsOf(client, s)).toEqual([]);
    await s.online();
    await countReached(client.timeline, (e) => e.kind === "heartbeat", 2, 2_000);
    await s.offline();
    await sleep(30); // one in flight at OffLine may still land
    const atOffline = beatsOf(client, s).length;
    await sleep(100);
    expect(beatsOf(client, s)).toHaveLength(atOffline);
  });
});

/** Opens a session whose heartbeats the client answers as `behaviour`, and waits for its disposal. */
async function missUntilDisposed(
  mock: MockCtips,
  client: RecordingClient,
  behaviour: "fault" | "ignore" | "close",
): Promise<{ s: ClientSession; beats: TimelineEntry[]; misses: TimelineEntry[] }> {
  client.behaviour.heartbeat = behaviour;
  const s = await client.openSession({ categories: [] });
  await mock.timeline.waitFor((e) => e.code === "session-disposed" && e.session === s.sessionId, 5_000);
  // Two more intervals: a heartbeat after the disposal would show up by then.
  await sleep(2 * mock.core.config.heartbeatIntervalMs);
  return {
    s,
    beats: beatsOf(client, s),
    misses: mock.timeline.query((e) => e.code === "heartbeat-missed" && e.session === s.sessionId),
  };
}

describe("disposal after missed heartbeats", () => {
  for (const n of [3, 5]) {
    it(`disposes of the session after exactly ${n} faulted heartbeats, and answers it InvalidSessionId`, async () => {
      const mock = await peers.mock({ heartbeatIntervalMs: 30, missedHeartbeats: n });
      const client = await peers.client(mock);
      const { s, beats, misses } = await missUntilDisposed(mock, client, "fault");
      expect(beats).toHaveLength(n);
      expect(misses.map((m) => (m.payload as { missed: number }).missed)).toEqual(
        Array.from({ length: n }, (_, i) => i + 1),
      );
      // The client recorded each fault it answered; the mock recorded each as a fault received.
      expect(client.timeline.query((e) => e.kind === "fault" && e.direction === "out")).toHaveLength(n);
      expect(mock.timeline.query((e) => e.kind === "fault" && e.name === "Heartbeat")).toHaveLength(n);
      expect(mock.timeline.find((e) => e.code === "session-disposed")?.payload).toEqual({
        reason: "missed-heartbeats",
        missed: n,
      });
      await expectFault(mock, () => s.send("OnLine"), "InvalidSessionId", "OnLine");
    });
  }

  it("counts a heartbeat left unanswered past heartbeatTimeoutMs as missed", async () => {
    const mock = await peers.mock({ heartbeatIntervalMs: 40, heartbeatTimeoutMs: 15, missedHeartbeats: 3 });
    const client = await peers.client(mock, { callback: { ignoreHoldMs: 1_000 } });
    const { beats, misses } = await missUntilDisposed(mock, client, "ignore");
    expect(beats).toHaveLength(3);
    expect(misses).toHaveLength(3);
    expect(misses[0].message).toContain("no answer within 15 ms");
    expect(client.timeline.query((e) => e.code === "callback-ignored")).toHaveLength(3);
  });

  it("keeps a session whose missed heartbeats are followed by an answered one", async () => {
    const mock = await peers.mock({ heartbeatIntervalMs: 30, missedHeartbeats: 3 });
    const client = await peers.client(mock);
    client.behaviour.heartbeat = "close";
    const s = await client.openSession({ categories: [] });
    await mock.timeline.waitFor(
      (e) => e.code === "heartbeat-missed" && (e.payload as { missed: number }).missed === 2,
      3_000,
    );
    client.behaviour.heartbeat = "answer";
    const since = mock.timeline.length;
    await mock.timeline.waitFor((e) => e.kind === "callbackResponse" && e.name === "Heartbeat", 3_000, {
      since,
    });
    await sleep(0); // the heartbeat loop sees the answer after the timeline does
    expect(mock.core.sessions.get(s.sessionId)).toMatchObject({ state: "online", missedHeartbeats: 0 });
    expect(mock.timeline.find((e) => e.code === "session-disposed")).toBeUndefined();
  });
});
