/**
 * The catalogue on a stream: fed a long recording entry by entry and judged in rounds, it
 * reports exactly the failures the whole recording has (each once), none that letting go
 * of old entries could make up, and it holds as many entries after 2,000 calls as after 500.
 */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/checks/finding.ts";
import { StreamingChecker, type StreamOptions } from "../../src/runner/load-stream.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { type EventHook, inboundCallSteps, TimelineBuilder } from "../checks/fixtures/builder.ts";

const HEARTBEAT_MS = 1_000;
const OPTIONS: StreamOptions = {
  params: {
    requestsCompleteWithin: { withinMs: 500 },
    clientAnswersHeartbeatsWithin: { answerWithinMs: 200 },
    sessionDisposedAfterExactlyNMissedHeartbeats: { missedLimit: 3 },
    clientReconnectsAfterHeartbeatsStop: { intervalMs: 1_000, reconnectWithinMs: 5_000 },
    entriesCarryNoToleratedDeviations: { profile: "wire" },
    sessionCountNeverExceedsCap: { maxSessions: 10 },
    clientTakesSnapshotAfterOnLine: { withinMs: 500 },
    clientAnswersEventsWithin: { answerWithinMs: 200 },
    clientRoutesEachRouteRequest: { routeTimeoutMs: 500 },
    clientAnswersPresentedCallsWithin: { agentIds: [1, 2, 3, 4, 5, 6, 7, 8], withinMs: 500 },
    clientDisposesInWrapWithin: { agentIds: [1, 2, 3, 4, 5, 6, 7, 8], withinMs: 500 },
  },
  heartbeatIntervalMs: HEARTBEAT_MS,
  settleMs: 2_000,
  requestRetainMs: 5_000,
};

/** A builder whose client answers every event at once, as a client does. */
class AnsweringBuilder extends TimelineBuilder {
  override event(...args: Parameters<TimelineBuilder["event"]>): TimelineEntry {
    const from = this.entries.length;
    const e = super.event(...args);
    for (const x of this.entries.slice(from))
      this.push({
        kind: "callbackResponse",
        name: "PublishCTIEvent",
        session: x.session,
        replyTo: x.seq,
        payload: { PublishCTIEventResult: 0 },
      });
    return e;
  }
}

/**
 * One session with 8 agents taking `calls` inbound calls, four at a time, a heartbeat every
 * second, then OffLine and CloseConnection; `hook` may change the events on their way.
 */
function recording(calls: number, hook: EventHook = (e) => [e]): TimelineEntry[] {
  const b = new AnsweringBuilder({ onEvent: hook });
  const s = b.onlineSession("S1");
  const snap = b.call(s, "Snapshot", { EntityType: ["ServiceInfo"] });
  b.event(
    s,
    "SnapShotUpdate",
    { SnapShotType: "ServiceInfo", SnapShotTypeComplete: true },
    { requestId: snap.requestId },
  );
  for (let a = 1; a <= 8; a++) b.login(s, a);
  let nextBeat = b.nowMs + HEARTBEAT_MS;
  const beat = () => {
    while (b.nowMs >= nextBeat) {
      b.heartbeat(s);
      nextBeat += HEARTBEAT_MS;
    }
  };
  for (let c = 0; c < calls; c += 4) {
    const steps = [0, 1, 2, 3]
      .filter((k) => c + k < calls)
      .map((k) => inboundCallSteps({ callId: 1_000 + c + k, agentId: 1 + ((c + k) % 8) }));
    for (let i = 0; i < steps[0].length; i++) {
      for (const st of steps) st[i].step(b, s);
      beat();
    }
    b.wait(60);
    beat();
  }
  b.call(s, "OffLine");
  b.close(s);
  return b.entries;
}

/** Feeds the recording in order, a round every 250 ms of its clock, then the last round. */
function streamed(entries: readonly TimelineEntry[], o = OPTIONS) {
  const checker = new StreamingChecker(o);
  const found: Finding[] = [];
  let next = 250e6;
  for (const e of entries) {
    while (e.monoNs >= next) {
      found.push(...checker.round(next));
      next += 250e6;
    }
    checker.add(e);
  }
  found.push(...checker.finish());
  return { found, stats: checker.stats };
}

/** The whole recording at once: one round over everything. */
function whole(entries: readonly TimelineEntry[]): Finding[] {
  const checker = new StreamingChecker(OPTIONS);
  for (const e of entries) checker.add(e);
  return checker.finish();
}

const key = (f: Finding) => `${f.check} #${f.evidence.join(",")}`;
const keys = (fs: readonly Finding[]) => fs.map(key).sort();

/** Duplicates call 1050's CallEnd, drops call 1100's CallStarted, puts a RequestId no request has on call 1150's CallEstablished. */
const faulty: EventHook = (e) => {
  const v = e.payload as Record<string, unknown>;
  if (v.CallId === 1050 && e.name === "CallEnd") return [e, e];
  if (v.CallId === 1100 && e.name === "CallStarted") return [];
  if (v.CallId === 1150 && e.name === "CallEstablished")
    return [{ ...e, requestId: 999_999, payload: { ...v, RequestId: 999_999 } }];
  return [e];
};

describe("the catalogue on a stream", () => {
  it("reports nothing on a clean recording of 400 calls", () => {
    const entries = recording(400);
    expect(whole(entries).filter((f) => f.outcome !== "pass")).toEqual([]);
    const { found, stats } = streamed(entries);
    expect(found.map((f) => f.message)).toEqual([]);
    expect(stats.rounds).toBeGreaterThan(50);
  });

  it("reports exactly the failures the whole recording has, each once", () => {
    const entries = recording(400, faulty);
    const all = whole(entries);
    expect(new Set(all.map((f) => f.check))).toEqual(
      new Set([
        "callLifecycleEventsOccurOnce",
        "onlyCallCompletedFollowsCallEnd",
        "callStartedIsFirstEventOfEachCall",
        "eventsCarryRequestIdOfTheirRequest",
      ]),
    );
    const { found } = streamed(entries);
    expect(keys(found)).toEqual(keys(all));
  });

  it("holds as many entries after 2,000 calls as after 500", () => {
    const short = streamed(recording(500)).stats;
    const long = streamed(recording(2_000)).stats;
    expect(long.entriesSeen).toBeGreaterThan(3.5 * short.entriesSeen);
    expect(long.maxHeld).toBeLessThan(short.maxHeld * 1.2);
    expect(long.held).toBeLessThan(long.entriesSeen / 20);
  });

  it("lets go of what it judged, keeping each session's set-up and each agent's latest state", () => {
    const entries = recording(200);
    const checker = new StreamingChecker(OPTIONS);
    for (const e of entries) checker.add(e);
    const last = entries[entries.length - 1].monoNs;
    checker.round(last + 10 * OPTIONS.settleMs * 1e6);
    // OpenConnection, StartSession, 4 × AddMessageClass, OnLine, Snapshot (with answers),
    // the last heartbeats, the latest state of each of the 8 agents: nothing of the calls.
    expect(checker.stats.held).toBeLessThan(60);
  });
});
