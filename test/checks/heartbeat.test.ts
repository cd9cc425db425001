import { describe, expect, it } from "vitest";
import {
  clientAnswersHeartbeatsWithin,
  clientReconnectsAfterHeartbeatsStop,
  heartbeatsKeepTheConfiguredInterval,
  sessionDisposedAfterExactlyNMissedHeartbeats,
} from "../../src/checks/heartbeat.ts";
import { TimelineBuilder } from "./fixtures/builder.ts";
import { failures, judge, verdict } from "./helpers.ts";

const INTERVAL = 100;

/** An online session at t=0 with `count` heartbeats every `every` ms, starting at `every`. */
function beating(count: number, every = INTERVAL, answered: (i: number) => boolean = () => true) {
  const b = new TimelineBuilder();
  b.onlineSession("S1"); // its first heartbeat follows OnLine at once
  const first = b.entries.findLast((e) => e.kind === "heartbeat")!.monoNs / 1e6;
  // push() stamps an entry 1 ms after the clock
  for (let i = 1; i <= count; i++) b.at(first + i * every - 1).heartbeat("S1", answered(i));
  return b;
}

describe("heartbeatsKeepTheConfiguredInterval", () => {
  it("passes heartbeats every interval, reporting the statistics", () => {
    const b = beating(10);
    b.at(b.nowMs + 50).close("S1");
    const [f] = judge(heartbeatsKeepTheConfiguredInterval, b.entries, { intervalMs: INTERVAL });
    expect(f.outcome).toBe("pass");
    expect(f.actual).toMatchObject({ intervals: 10, meanMs: 100, p95JitterMs: 0 });
  });

  it("fails heartbeats at another interval", () => {
    const b = beating(10, 150);
    b.at(b.nowMs + 50).close("S1");
    const [f] = failures(judge(heartbeatsKeepTheConfiguredInterval, b.entries, { intervalMs: INTERVAL }));
    expect(f.message).toMatch(/mean interval 150 ms/);
    expect(f.actual).toMatchObject({ meanMs: 150, p95JitterMs: 50, maxGapMs: 150 });
  });

  it("fails heartbeats that stop while the session is online", () => {
    const b = beating(3);
    b.at(b.nowMs + 1000).note("S1", "session-state");
    const [f] = failures(judge(heartbeatsKeepTheConfiguredInterval, b.entries, { intervalMs: INTERVAL }));
    expect(f.message).toMatch(/a silence of 100\d(\.\d)? ms/);
  });

  it("leaves the silence after an unanswered heartbeat to the disposal check", () => {
    const b = beating(3, INTERVAL, (i) => i < 3);
    b.at(b.nowMs + 1000).note("S1", "session-state");
    expect(verdict(judge(heartbeatsKeepTheConfiguredInterval, b.entries, { intervalMs: INTERVAL }))).toBe(
      "pass",
    );
  });

  it("is a harness fault without the interval or without an online session", () => {
    expect(judge(heartbeatsKeepTheConfiguredInterval, beating(3).entries, {} as never)[0].message).toBe(
      "missing parameter: intervalMs",
    );
    const b = new TimelineBuilder();
    b.openConnection("S1");
    expect(verdict(judge(heartbeatsKeepTheConfiguredInterval, b.entries, { intervalMs: INTERVAL }))).toBe(
      "harness-fault",
    );
  });
});

describe("clientAnswersHeartbeatsWithin", () => {
  it("passes prompt answers", () => {
    expect(verdict(judge(clientAnswersHeartbeatsWithin, beating(5).entries, { answerWithinMs: 20 }))).toBe(
      "pass",
    );
  });

  it("fails a late answer, a fault and a missing answer", () => {
    const b = beating(1);
    const late = b.wait(10).heartbeat("S1", false);
    b.wait(30).push({
      kind: "callbackResponse",
      session: "S1",
      replyTo: late.seq,
      payload: { HeartbeatResult: 0 },
    });
    const faulted = b.wait(60).heartbeat("S1", false);
    b.push({ kind: "transportError", session: "S1", replyTo: faulted.seq, code: "ECONNRESET" });
    b.wait(60).heartbeat("S1", false);
    b.wait(100).note("S1", "session-state");
    const found = failures(judge(clientAnswersHeartbeatsWithin, b.entries, { answerWithinMs: 20 }));
    expect(found.map((f) => f.message.replace(/.*got /, ""))).toEqual([
      "an answer after 31 ms",
      "transportError ECONNRESET",
      "none",
    ]);
  });

  it("is a harness fault when no heartbeat was sent", () => {
    const b = new TimelineBuilder();
    b.openConnection("S1");
    expect(verdict(judge(clientAnswersHeartbeatsWithin, b.entries, { answerWithinMs: 20 }))).toBe(
      "harness-fault",
    );
  });
});

describe("sessionDisposedAfterExactlyNMissedHeartbeats", () => {
  it("passes disposal after exactly three misses", () => {
    const b = beating(5, INTERVAL, (i) => i < 3);
    b.wait(5).note("S1", "session-disposed");
    expect(verdict(judge(sessionDisposedAfterExactlyNMissedHeartbeats, b.entries, { missedLimit: 3 }))).toBe(
      "pass",
    );
  });

  it("passes a session kept after two misses and an answer", () => {
    const b = beating(6, INTERVAL, (i) => i !== 2 && i !== 3);
    expect(verdict(judge(sessionDisposedAfterExactlyNMissedHeartbeats, b.entries, { missedLimit: 3 }))).toBe(
      "pass",
    );
  });

  it("fails disposal after two misses", () => {
    const b = beating(4, INTERVAL, (i) => i < 3);
    b.wait(5).note("S1", "session-disposed");
    const [f] = failures(judge(sessionDisposedAfterExactlyNMissedHeartbeats, b.entries, { missedLimit: 3 }));
    expect(f.message).toMatch(/after exactly 3 .* got it after 2/);
  });

  it("fails a heartbeat sent after three misses (no disposal note, as a client records it)", () => {
    const b = beating(6, INTERVAL, (i) => i < 3);
    const [f] = failures(judge(sessionDisposedAfterExactlyNMissedHeartbeats, b.entries, { missedLimit: 3 }));
    expect(f.evidence).toHaveLength(4);
  });

  it("counts a late answer as a miss when a timeout is given", () => {
    const b = beating(1);
    for (let i = 0; i < 3; i++) {
      const hb = b.wait(INTERVAL).heartbeat("S1", false);
      b.wait(50).push({
        kind: "callbackResponse",
        session: "S1",
        replyTo: hb.seq,
        payload: { HeartbeatResult: 0 },
      });
    }
    b.wait(5).note("S1", "session-disposed");
    expect(verdict(judge(sessionDisposedAfterExactlyNMissedHeartbeats, b.entries, { missedLimit: 3 }))).toBe(
      "fail",
    );
    expect(
      verdict(
        judge(sessionDisposedAfterExactlyNMissedHeartbeats, b.entries, {
          missedLimit: 3,
          answerTimeoutMs: 20,
        }),
      ),
    ).toBe("pass");
  });

  it("is a harness fault with no missed heartbeat, or without the limit", () => {
    expect(
      verdict(judge(sessionDisposedAfterExactlyNMissedHeartbeats, beating(3).entries, { missedLimit: 3 })),
    ).toBe("harness-fault");
    expect(
      judge(sessionDisposedAfterExactlyNMissedHeartbeats, beating(3).entries, {} as never)[0].message,
    ).toBe("missing parameter: missedLimit");
  });
});

/** Heartbeats stop after 3; the client reacts `after` ms later as told. */
function stopped(react: (b: TimelineBuilder) => void, after = 400) {
  const b = beating(3);
  b.at(b.nowMs + after);
  react(b);
  const end = b.nowMs + 2000;
  const reopened = b.entries.some((e) => e.session === "S2" && e.name === "OnLine");
  if (reopened) for (let t = b.nowMs + INTERVAL; t < end; t += INTERVAL) b.at(t).heartbeat("S2");
  b.at(end).note("S1", "session-state");
  return b;
}

const reconnect = (
  b: TimelineBuilder,
  opts: { resubscribe?: boolean; snapshot?: boolean; closeOld?: boolean } = {},
) => {
  if (opts.closeOld ?? true) b.fault(b.request("S1", "CloseConnection"), "InvalidSessionId");
  b.openConnection("S2");
  if (opts.resubscribe ?? true) {
    for (const cls of [
      "EventCategoryAgent",
      "EventCategoryCall",
      "EventCategoryRoute",
      "EventCategorySystem",
    ]) {
      b.call("S2", "AddMessageClass", { MessageClass: cls });
    }
  }
  b.call("S2", "OnLine");
  if (opts.snapshot ?? true) b.call("S2", "Snapshot", { EntityType: ["AgentInfo"] });
};

const params = { intervalMs: INTERVAL, reconnectWithinMs: 1000 };

describe("clientReconnectsAfterHeartbeatsStop", () => {
  it("passes a client that reconnects, resubscribes, goes online and takes a snapshot", () => {
    const [f] = judge(clientReconnectsAfterHeartbeatsStop, stopped(reconnect).entries, params);
    expect(f.message).toMatch(/^1 sessions whose heartbeats stopped were replaced/);
    expect(f.actual).toEqual({ reconnections: 1, slowestDetectionMs: 402, slowestReconnectionMs: 415 });
    expect(f.actual).toMatchObject({ reconnections: 1 });
  });

  it("fails a client that never reconnects", () => {
    const found = failures(judge(clientReconnectsAfterHeartbeatsStop, stopped(() => {}).entries, params));
    expect(found[0].message).toContain("got no new session");
  });

  it("fails a client that reconnects too late, without its subscriptions or a snapshot", () => {
    const b = stopped((b) => reconnect(b, { resubscribe: false, snapshot: false }), 1500);
    const [f] = failures(judge(clientReconnectsAfterHeartbeatsStop, b.entries, params));
    expect(f.message).toMatch(
      /online again after 15\d\d ms; not subscribed again before OnLine: EventCategoryAgent.*; no Snapshot after OnLine/,
    );
  });

  it("judges the subscriptions against the ones it is given (the client's first session's), not the lost session's", () => {
    const b = stopped(reconnect);
    const wanted = { ...params, subscriptions: ["EventCategoryAgent", "AgentLoginName=agent1"] };
    const [f] = failures(judge(clientReconnectsAfterHeartbeatsStop, b.entries, wanted));
    expect(f.message).toMatch(/not subscribed again before OnLine: AgentLoginName=agent1$/);
  });

  it("judges a silence that lasts until the recording is read (nowMs), though nothing was recorded after it", () => {
    const b = beating(3);
    expect(verdict(judge(clientReconnectsAfterHeartbeatsStop, b.entries, params))).toBe("harness-fault");
    const read = b.nowMs + 2000;
    const [f] = failures(judge(clientReconnectsAfterHeartbeatsStop, b.entries, { ...params, nowMs: read }));
    expect(f.message).toContain("got no new session");
  });

  it("judges a reconnection faster than 1.5 intervals only once that much time has passed since the last heartbeat", () => {
    // A failover the client noticed at once: the new session is online 60 ms after the old
    // one's last heartbeat. Read right then, the old session's heartbeats are not yet overdue.
    const b = beating(3);
    const lastMs = b.nowMs;
    b.at(lastMs + 20);
    reconnect(b, { closeOld: false });
    const early = judge(clientReconnectsAfterHeartbeatsStop, b.entries, { ...params, nowMs: b.nowMs });
    expect(verdict(early)).toBe("harness-fault");
    // Read 1.5 intervals after the last heartbeat (what steps/client waits for): judged, and passes.
    const [f] = judge(clientReconnectsAfterHeartbeatsStop, b.entries, {
      ...params,
      nowMs: lastMs + 1.5 * INTERVAL + 1,
    });
    expect(f.outcome).toBe("pass");
    expect(f.actual).toMatchObject({ reconnections: 1 });
  });

  it("judges a session whose close the CTIPS refused before heartbeats were overdue (it was already gone: a restart)", () => {
    // The client noticed the loss 50 ms after the last heartbeat (< 1.5 intervals) and tried
    // to close the old session first: refused, so the client did not quit, it reacted.
    const b = stopped(reconnect, 50);
    const [f] = judge(clientReconnectsAfterHeartbeatsStop, b.entries, params);
    expect(f.outcome).toBe("pass");
    expect(f.actual).toMatchObject({ reconnections: 1 });
  });

  it("does not judge a session the client closed itself", () => {
    const b = beating(3);
    b.wait(20).close("S1");
    b.at(b.nowMs + 2000).note("S1", "session-state");
    expect(verdict(judge(clientReconnectsAfterHeartbeatsStop, b.entries, params))).toBe("harness-fault");
  });

  it("is a harness fault without its parameters", () => {
    expect(
      judge(clientReconnectsAfterHeartbeatsStop, stopped(reconnect).entries, { intervalMs: 100 } as never)[0]
        .message,
    ).toBe("missing parameter: reconnectWithinMs");
  });
});
