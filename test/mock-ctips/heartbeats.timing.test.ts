/**
 * Heartbeats: measured on the fake client's clock. Timing tests use tolerances that hold on
 * a loaded 2-core machine; they assert intervals, never absolute speed.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import { call, type FakeClient, openSession, startFakeClient, startTestMock } from "./fake-client.ts";

let mock: MockCtips | undefined;
let client: FakeClient | undefined;
afterEach(async () => {
  await mock?.close();
  await client?.close();
});

describe("the mock's heartbeats", () => {
  it("sends Heartbeat(sessionId) every 50 ms after OnLine, within ±20 ms", async () => {
    mock = await startTestMock({ heartbeatIntervalMs: 50 });
    client = await startFakeClient();
    const id = await openSession(mock, client);
    const beats = await client.waitFor((c) => c.op === "Heartbeat", 3000, 11);
    expect(beats[0].params).toEqual({ sessionId: id });
    const gaps = beats.slice(1).map((b, i) => b.at - beats[i].at);
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
    // Fixed-rate scheduling: a late beat does not push the later ones, so the span of ten
    // intervals stays within ±20 ms even when single gaps jitter on a loaded machine.
    expect(Math.abs(beats[10].at - beats[0].at - 500)).toBeLessThan(20);
    expect(Math.abs(median - 50)).toBeLessThan(20);
  });

  it("sends no heartbeat before OnLine", async () => {
    mock = await startTestMock({ heartbeatIntervalMs: 20 });
    client = await startFakeClient();
    await openSession(mock, client, { online: false });
    await new Promise((r) => setTimeout(r, 120));
    expect(client.callbacks.filter((c) => c.op === "Heartbeat")).toEqual([]);
  });

  it("disposes the session after exactly 3 missed heartbeats, and records it", async () => {
    mock = await startTestMock({ heartbeatIntervalMs: 40, missedHeartbeats: 3 });
    client = await startFakeClient();
    client.mode.heartbeat = "fault";
    const id = await openSession(mock, client);
    const disposed = await mock.timeline.waitFor(
      (e) => e.code === "session-disposed" && e.session === id,
      3000,
    );
    const missed = mock.timeline.query((e) => e.code === "heartbeat-missed" && e.session === id);
    expect(missed).toHaveLength(3);
    expect(disposed.payload).toMatchObject({ reason: "missed-heartbeats", missed: 3 });
    expect(await call(mock, "OnLine", { SessionId: id, TenantId: 1 })).toMatchObject({
      ok: false,
      code: "InvalidSessionId",
    });
  });

  it("counts an unanswered heartbeat as missed after the timeout", async () => {
    mock = await startTestMock({ heartbeatIntervalMs: 40, missedHeartbeats: 2 });
    client = await startFakeClient();
    client.mode.heartbeat = "ignore";
    const id = await openSession(mock, client);
    await mock.timeline.waitFor((e) => e.code === "session-disposed" && e.session === id, 3000);
    expect(mock.timeline.query((e) => e.code === "heartbeat-missed" && e.session === id)).toHaveLength(2);
  });

  it("resets the miss count when a heartbeat is answered again", async () => {
    mock = await startTestMock({ heartbeatIntervalMs: 30, missedHeartbeats: 3 });
    client = await startFakeClient();
    client.mode.heartbeat = "fault";
    const id = await openSession(mock, client);
    await mock.timeline.waitFor(
      (e) => e.code === "heartbeat-missed" && (e.payload as { missed: number }).missed === 2,
      3000,
    );
    client.mode.heartbeat = "ok";
    const since = mock.timeline.length;
    await mock.timeline.waitFor((e) => e.kind === "callbackResponse" && e.name === "Heartbeat", 3000, {
      since,
    });
    await new Promise((r) => setImmediate(r)); // the heartbeat loop sees the answer after the timeline does
    expect(mock.core.sessions.get(id)?.missedHeartbeats).toBe(0);
    expect(mock.core.sessions.get(id)?.state).toBe("online");
  });

  it("stops heartbeats while offline and resumes them on OnLine", async () => {
    mock = await startTestMock({ heartbeatIntervalMs: 20 });
    client = await startFakeClient();
    const id = await openSession(mock, client);
    await client.waitFor((c) => c.op === "Heartbeat", 2000, 2);
    await call(mock, "OffLine", { SessionId: id, TenantId: 1 });
    await new Promise((r) => setTimeout(r, 30));
    const atOffline = client.callbacks.filter((c) => c.op === "Heartbeat").length;
    await new Promise((r) => setTimeout(r, 100));
    expect(client.callbacks.filter((c) => c.op === "Heartbeat").length).toBe(atOffline);
    await call(mock, "OnLine", { SessionId: id, TenantId: 1 });
    await client.waitFor((c) => c.op === "Heartbeat", 2000, atOffline + 2);
  });

  it("sends HeartbeatMessage() with no parameter in the guide profile", async () => {
    mock = await startTestMock({ heartbeatIntervalMs: 30, profile: "guide" });
    client = await startFakeClient();
    await openSession(mock, client);
    const [beat] = await client.waitFor((c) => c.op === "Heartbeat");
    expect(beat.params).toEqual({});
  });
});
