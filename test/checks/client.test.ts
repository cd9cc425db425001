/**
 * The client checks, each three ways: a client doing what the guide says passes, one
 * breaking the rule fails naming it, and a recording without what the rule is about is a
 * harness fault. Recordings are the CTIPS's side (what certify client grades).
 */
import { describe, expect, it } from "vitest";
import {
  clientAnswersEventsWithin,
  clientAnswersPresentedCallsWithin,
  clientDisposesInWrapWithin,
  clientDoesNotRouteRoutedCalls,
  clientLogsItsAgentsOut,
  clientRegistersBeforeOnLine,
  clientRoutesEachRouteRequest,
  clientSendsOnlyOnLineOrCloseWhileOffline,
  clientSetsOnlyRestStates,
  clientShutsDownOffLineThenClose,
  clientTakesSnapshotAfterOnLine,
} from "../../src/checks/client.ts";
import { clientAnswersHeartbeatsWithin } from "../../src/checks/heartbeat.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { TimelineBuilder } from "./fixtures/builder.ts";
import { failures, judge, verdict } from "./helpers.ts";

const S = "S1";

function answered(
  b: TimelineBuilder,
  e: TimelineEntry,
  afterMs = 1,
  kind: "callbackResponse" | "fault" = "callbackResponse",
) {
  b.wait(afterMs);
  return b.push({
    kind,
    name: e.name,
    session: e.session,
    replyTo: e.seq,
    payload: { PublishCTIEventResult: 0 },
  });
}

describe("clientRegistersBeforeOnLine", () => {
  it("passes a session that adds its message classes before OnLine", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    expect(verdict(judge(clientRegistersBeforeOnLine, b.entries))).toBe("pass");
  });

  it("fails a session that goes online before registering", () => {
    const b = new TimelineBuilder();
    b.openConnection(S);
    const online = b.call(S, "OnLine");
    b.call(S, "AddMessageClass", { MessageClass: "EventCategoryAgent" });
    const [f] = failures(judge(clientRegistersBeforeOnLine, b.entries));
    expect(f.evidence).toEqual([online.seq]);
    expect(f.message).toMatch(/AddMessageClass before its first OnLine/);
  });

  it("fails a StartSession the client faulted", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    const st = b.entries.find((e) => e.kind === "startSession") as TimelineEntry;
    b.push({ kind: "fault", name: "StartSession", session: S, replyTo: st.seq, faultCode: "s:Client" });
    expect(failures(judge(clientRegistersBeforeOnLine, b.entries))[0].message).toMatch(/StartSession/);
  });

  it("is a harness fault when no session went online", () => {
    const b = new TimelineBuilder();
    b.openConnection(S);
    expect(verdict(judge(clientRegistersBeforeOnLine, b.entries))).toBe("harness-fault");
  });
});

describe("clientTakesSnapshotAfterOnLine", () => {
  it("passes a session that takes a snapshot soon after OnLine", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.wait(10).call(S, "Snapshot", { EntityType: ["AgentInfo"] });
    b.wait(500).heartbeat(S);
    expect(verdict(judge(clientTakesSnapshotAfterOnLine, b.entries, { withinMs: 100 }))).toBe("pass");
  });

  it("fails a session that never takes one, or too late", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.wait(500).heartbeat(S);
    expect(failures(judge(clientTakesSnapshotAfterOnLine, b.entries, { withinMs: 100 }))[0].actual).toBe(
      "none",
    );
    b.call(S, "Snapshot", { EntityType: ["AgentInfo"] });
    expect(verdict(judge(clientTakesSnapshotAfterOnLine, b.entries, { withinMs: 100 }))).toBe("fail");
  });

  it("judges a session that has been online long enough by the time the recording is read (nowMs)", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    const lastMs = b.entries[b.entries.length - 1].monoNs / 1e6;
    expect(verdict(judge(clientTakesSnapshotAfterOnLine, b.entries, { withinMs: 100 }))).toBe(
      "harness-fault",
    );
    expect(
      failures(judge(clientTakesSnapshotAfterOnLine, b.entries, { withinMs: 100, nowMs: lastMs + 200 }))[0]
        .actual,
    ).toBe("none");
  });

  it("is a harness fault without its parameter or a session online long enough", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    expect(verdict(judge(clientTakesSnapshotAfterOnLine, b.entries, {} as never))).toBe("harness-fault");
    expect(verdict(judge(clientTakesSnapshotAfterOnLine, b.entries, { withinMs: 60_000 }))).toBe(
      "harness-fault",
    );
  });
});

describe("clientSendsOnlyOnLineOrCloseWhileOffline", () => {
  it("passes OnLine and CloseConnection while offline", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.call(S, "OffLine");
    b.call(S, "OnLine");
    b.call(S, "OffLine");
    b.close(S);
    expect(verdict(judge(clientSendsOnlyOnLineOrCloseWhileOffline, b.entries))).toBe("pass");
  });

  it("fails any other request while offline", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.call(S, "OffLine");
    const bad = b.call(S, "Snapshot", { EntityType: ["AgentInfo"] });
    expect(failures(judge(clientSendsOnlyOnLineOrCloseWhileOffline, b.entries))[0].evidence).toEqual([
      bad.seq,
    ]);
  });

  it("is a harness fault when the client never went offline", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    expect(verdict(judge(clientSendsOnlyOnLineOrCloseWhileOffline, b.entries))).toBe("harness-fault");
  });
});

describe("clientShutsDownOffLineThenClose", () => {
  it("passes OffLine, then CloseConnection, last", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.call(S, "OffLine");
    b.close(S);
    expect(verdict(judge(clientShutsDownOffLineThenClose, b.entries))).toBe("pass");
  });

  it("fails a client that closes without going offline", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.close(S);
    expect(failures(judge(clientShutsDownOffLineThenClose, b.entries))[0].message).toMatch(
      /OffLine, then CloseConnection/,
    );
  });

  it("is a harness fault without any session", () => {
    expect(verdict(judge(clientShutsDownOffLineThenClose, new TimelineBuilder().entries))).toBe(
      "harness-fault",
    );
  });
});

describe("clientAnswersEventsWithin", () => {
  it("passes events answered promptly", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    answered(b, b.event(S, "CallOffered", { CallId: 5 }), 2);
    expect(verdict(judge(clientAnswersEventsWithin, b.entries, { answerWithinMs: 50 }))).toBe("pass");
  });

  it("fails an event answered late or with a fault", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    answered(b, b.event(S, "CallOffered", { CallId: 5 }), 200);
    answered(b, b.event(S, "CallOffered", { CallId: 6 }), 1, "fault");
    expect(failures(judge(clientAnswersEventsWithin, b.entries, { answerWithinMs: 50 })).length).toBe(2);
  });

  it("is a harness fault without events or without its parameter", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    expect(verdict(judge(clientAnswersEventsWithin, b.entries, { answerWithinMs: 50 }))).toBe(
      "harness-fault",
    );
    expect(verdict(judge(clientAnswersEventsWithin, b.entries, {} as never))).toBe("harness-fault");
  });
});

describe("callbacks racing the client's CloseConnection", () => {
  it("are not the client's to answer: an event or heartbeat sent after it, unanswered, is not judged", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    const started = b.event(S, "CallStarted", { CallId: 9 });
    b.push({
      kind: "callbackResponse",
      name: "PublishCTIEvent",
      session: S,
      replyTo: started.seq,
      payload: {},
    });
    b.wait(5);
    const close = b.request(S, "CloseConnection");
    b.event(S, "CallCleared", { CallId: 9 });
    b.heartbeat(S, false);
    b.respond(close);
    b.wait(500).note(S, "session-state");
    expect(verdict(judge(clientAnswersEventsWithin, b.entries, { answerWithinMs: 100 }))).toBe("pass");
    expect(verdict(judge(clientAnswersHeartbeatsWithin, b.entries, { answerWithinMs: 100 }))).not.toBe(
      "fail",
    );
    // The same callbacks before the CloseConnection are the client's, and fail.
    const early = new TimelineBuilder();
    early.onlineSession(S);
    early.event(S, "CallCleared", { CallId: 9 });
    early.heartbeat(S, false);
    early.wait(500).note(S, "session-state");
    expect(verdict(judge(clientAnswersEventsWithin, early.entries, { answerWithinMs: 100 }))).toBe("fail");
    expect(verdict(judge(clientAnswersHeartbeatsWithin, early.entries, { answerWithinMs: 100 }))).toBe(
      "fail",
    );
  });
});

describe("clientRoutesEachRouteRequest", () => {
  function routed(select?: { afterMs: number; args?: Record<string, unknown> }) {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.event(S, "RouteRequest", { CallId: 9, RouteTimeout: 1 });
    if (select)
      b.wait(select.afterMs).call(S, "RouteSelect", {
        CallId: 9,
        RouteActionType: "RouteToService",
        DestinationAddress: "200",
        ...select.args,
      });
    b.wait(1500).heartbeat(S);
    return b;
  }

  it("passes a RouteSelect for the call before the timeout", () => {
    expect(
      verdict(judge(clientRoutesEachRouteRequest, routed({ afterMs: 20 }).entries, { routeTimeoutMs: 1000 })),
    ).toBe("pass");
  });

  it("fails a late or missing RouteSelect, and one without a destination", () => {
    expect(
      verdict(
        judge(clientRoutesEachRouteRequest, routed({ afterMs: 1200 }).entries, { routeTimeoutMs: 1000 }),
      ),
    ).toBe("fail");
    expect(verdict(judge(clientRoutesEachRouteRequest, routed().entries, { routeTimeoutMs: 1000 }))).toBe(
      "fail",
    );
    const bad = routed({ afterMs: 20, args: { DestinationAddress: "" } });
    expect(
      failures(judge(clientRoutesEachRouteRequest, bad.entries, { routeTimeoutMs: 1000 }))[0].message,
    ).toMatch(/destination/);
  });

  it("judges a prompt RouteSelect at once; waits for the timeout of an unanswered RouteRequest", () => {
    const young = routed({ afterMs: 20 }).entries.slice(0, -1);
    expect(verdict(judge(clientRoutesEachRouteRequest, young, { routeTimeoutMs: 1000 }))).toBe("pass");
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.event(S, "RouteRequest", { CallId: 9, RouteTimeout: 1 });
    expect(verdict(judge(clientRoutesEachRouteRequest, b.entries, { routeTimeoutMs: 1000 }))).toBe(
      "harness-fault",
    );
    const read = b.entries[b.entries.length - 1].monoNs / 1e6 + 1001;
    expect(
      verdict(judge(clientRoutesEachRouteRequest, b.entries, { routeTimeoutMs: 1000, nowMs: read })),
    ).toBe("fail");
  });

  it("is a harness fault without a RouteRequest old enough", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    expect(verdict(judge(clientRoutesEachRouteRequest, b.entries, { routeTimeoutMs: 1000 }))).toBe(
      "harness-fault",
    );
  });
});

describe("clientDoesNotRouteRoutedCalls", () => {
  it("fails a RouteSelect after RouteUsed and passes without one", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.event(S, "RouteUsed", { CallId: 9, RouteStatus: "RouteDefaultUsed" });
    expect(verdict(judge(clientDoesNotRouteRoutedCalls, b.entries))).toBe("pass");
    b.call(S, "RouteSelect", { CallId: 9, RouteActionType: "RouteToDefault" });
    expect(verdict(judge(clientDoesNotRouteRoutedCalls, b.entries))).toBe("fail");
    expect(verdict(judge(clientDoesNotRouteRoutedCalls, new TimelineBuilder().entries))).toBe(
      "harness-fault",
    );
  });
});

const P = { agentIds: [1001], withinMs: 100 };

describe("clientAnswersPresentedCallsWithin", () => {
  it("passes a prompt AcceptCall, fails a late or missing one", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.event(S, "CallConnected", { CallId: 7, AgentId: 1001, ResponseRequired: true });
    b.wait(10).call(S, "AcceptCall", { AgentIdx: 1001, CallId: 7, AcceptCall: true });
    b.event(S, "CallConnected", { CallId: 8, AgentId: 1001, ResponseRequired: true });
    b.wait(500).heartbeat(S);
    const f = failures(judge(clientAnswersPresentedCallsWithin, b.entries, P));
    expect(f.map((x) => x.subject?.callId)).toEqual([8]);
  });

  it("judges a call answered at once even when the recording ends before the time allowed; a young unanswered one waits", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.event(S, "CallConnected", { CallId: 7, AgentId: 1001, ResponseRequired: true });
    expect(verdict(judge(clientAnswersPresentedCallsWithin, b.entries, P))).toBe("harness-fault");
    b.wait(10).call(S, "AcceptCall", { AgentIdx: 1001, CallId: 7, AcceptCall: true });
    expect(verdict(judge(clientAnswersPresentedCallsWithin, b.entries, P))).toBe("pass");
  });

  it("ignores calls of other agents or without ResponseRequired (harness fault: nothing to judge)", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.event(S, "CallConnected", { CallId: 7, AgentId: 1002, ResponseRequired: true });
    b.event(S, "CallConnected", { CallId: 8, AgentId: 1001, ResponseRequired: false });
    b.wait(500).heartbeat(S);
    expect(verdict(judge(clientAnswersPresentedCallsWithin, b.entries, P))).toBe("harness-fault");
  });
});

describe("clientDisposesInWrapWithin", () => {
  it("passes a prompt SetDisposition, fails a missing one", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.event(S, "AgentStateChange", { AgentId: 1001, AgentState: "Wrap" });
    b.wait(5).call(S, "SetDisposition", { AgentIdx: 1001, CallId: 7 });
    b.wait(500).heartbeat(S);
    expect(verdict(judge(clientDisposesInWrapWithin, b.entries.slice(0, -1), P))).toBe("pass");
    expect(verdict(judge(clientDisposesInWrapWithin, b.entries, P))).toBe("pass");
    b.event(S, "AgentStateChange", { AgentId: 1001, AgentState: "Wrap" });
    b.wait(500).heartbeat(S);
    expect(verdict(judge(clientDisposesInWrapWithin, b.entries, P))).toBe("fail");
    expect(verdict(judge(clientDisposesInWrapWithin, new TimelineBuilder().entries, P))).toBe(
      "harness-fault",
    );
  });
});

describe("clientSetsOnlyRestStates", () => {
  it("passes rest states and fails a state the system sets", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.call(S, "SetAgentState", { AgentIdx: 1001, NewState: "NotReady" });
    expect(verdict(judge(clientSetsOnlyRestStates, b.entries))).toBe("pass");
    b.call(S, "SetAgentState", { AgentIdx: 1001, NewState: "Active" });
    expect(failures(judge(clientSetsOnlyRestStates, b.entries))[0].actual).toBe("Active");
    expect(verdict(judge(clientSetsOnlyRestStates, new TimelineBuilder().entries))).toBe("harness-fault");
  });
});

describe("clientLogsItsAgentsOut", () => {
  it("passes a logout before the last CloseConnection and fails without one", () => {
    const b = new TimelineBuilder();
    b.onlineSession(S);
    b.login(S, 1001);
    b.call(S, "LogoutAgent", { AgentIdx: 1001 });
    b.close(S);
    expect(verdict(judge(clientLogsItsAgentsOut, b.entries, { agentIds: [1001] }))).toBe("pass");
    const c = new TimelineBuilder();
    c.onlineSession(S);
    c.login(S, 1001);
    c.close(S);
    expect(verdict(judge(clientLogsItsAgentsOut, c.entries, { agentIds: [1001] }))).toBe("fail");
    expect(verdict(judge(clientLogsItsAgentsOut, new TimelineBuilder().entries, { agentIds: [1001] }))).toBe(
      "harness-fault",
    );
  });
});
