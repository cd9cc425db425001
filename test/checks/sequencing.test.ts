import { describe, expect, it } from "vitest";
import {
  agentStatesFollowTheStateMachine,
  callCompletedFollowsCallEnd,
  callCompletedRepeatsCallStartedFields,
  callLifecycleEventsOccurOnce,
  callStartedIsFirstEventOfEachCall,
  eventsOnlyWhileOnline,
  heartbeatsOnlyBetweenOnLineAndSessionEnd,
  onlyCallCompletedFollowsCallEnd,
  startSessionFollowsOpenConnection,
} from "../../src/checks/sequencing.ts";
import { cleanCallTimeline, TimelineBuilder } from "./fixtures/builder.ts";
import { failures, judge, playCall, verdict } from "./helpers.ts";

const call = { callId: 101, agentId: 7 };

function session(build: (b: TimelineBuilder, s: string) => void): TimelineBuilder {
  const b = new TimelineBuilder();
  const s = b.onlineSession("S1");
  b.login(s, 7);
  build(b, s);
  return b;
}

const noCalls = () => {
  const b = new TimelineBuilder();
  b.onlineSession("S1");
  return b.entries;
};

describe("callStartedIsFirstEventOfEachCall", () => {
  it("passes calls that begin with CallStarted", () => {
    expect(verdict(judge(callStartedIsFirstEventOfEachCall, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a call whose CallStarted never arrived, naming its first event", () => {
    const b = session((b, s) => playCall(b, s, call, { skip: ["started"] }));
    const [f] = failures(judge(callStartedIsFirstEventOfEachCall, b.entries));
    expect(f.message).toMatch(/expected CallStarted first, got CallOffered .*CallStarted never arrived/);
    expect(f.subject).toEqual({ session: "S1", callId: 101 });
    expect(f.evidence).toHaveLength(1);
  });

  it("fails a call whose CallStarted comes after another of its events", () => {
    const b = session((b, s) => playCall(b, s, call, { swap: ["started", "offered"] }));
    const [f] = failures(judge(callStartedIsFirstEventOfEachCall, b.entries));
    expect(f.evidence).toHaveLength(2);
  });

  it("does not judge a call the session first saw in its snapshot", () => {
    const b = session((b, s) => {
      const snap = b.call(s, "Snapshot", { EntityType: ["CallInfo"] });
      b.event(
        s,
        "SnapShotUpdate",
        { SnapShotType: "CallInfo", CallData: { CallId: 101 }, SnapShotTypeComplete: true },
        { requestId: snap.requestId },
      );
      playCall(b, s, call, { skip: ["started", "offered"] });
      playCall(b, s, { callId: 102, agentId: 8 });
    });
    expect(verdict(judge(callStartedIsFirstEventOfEachCall, b.entries))).toBe("pass");
  });

  it("is a harness fault when no call was seen", () => {
    expect(verdict(judge(callStartedIsFirstEventOfEachCall, noCalls()))).toBe("harness-fault");
  });
});

describe("callLifecycleEventsOccurOnce", () => {
  it("passes a call with one CallStarted, CallEnd and CallCompleted", () => {
    expect(verdict(judge(callLifecycleEventsOccurOnce, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a duplicated CallEnd", () => {
    const b = session((b, s) => {
      playCall(b, s, call);
      b.event(s, "CallEnd", { CallId: 101 });
    });
    const [f] = failures(judge(callLifecycleEventsOccurOnce, b.entries));
    expect(f.message).toContain("expected one CallEnd, got 2");
  });

  it("is a harness fault when no call was seen", () => {
    expect(verdict(judge(callLifecycleEventsOccurOnce, noCalls()))).toBe("harness-fault");
  });
});

describe("onlyCallCompletedFollowsCallEnd", () => {
  it("passes when only CallCompleted follows CallEnd", () => {
    expect(verdict(judge(onlyCallCompletedFollowsCallEnd, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a CallCleared after CallEnd", () => {
    const b = session((b, s) => playCall(b, s, call, { swap: ["cleared", "end"] }));
    const [f] = failures(judge(onlyCallCompletedFollowsCallEnd, b.entries));
    expect(f.message).toMatch(/expected only CallCompleted after CallEnd at seq \d+, got CallCleared/);
  });

  it("fails any call event after CallCompleted", () => {
    const b = session((b, s) => {
      playCall(b, s, call);
      b.event(s, "CallHeld", { CallId: 101 });
    });
    expect(failures(judge(onlyCallCompletedFollowsCallEnd, b.entries))[0].message).toMatch(
      /expected nothing after CallCompleted/,
    );
  });

  it("allows a CallRequestFailed for a request on the ended call", () => {
    const b = session((b, s) => {
      playCall(b, s, call);
      const req = b.call(s, "ClearCall", { AgentIdx: 7, CallId: 101 });
      b.event(
        s,
        "CallRequestFailed",
        { CallId: 101, FailureType: "InvalidCallId" },
        { requestId: req.requestId },
      );
    });
    expect(verdict(judge(onlyCallCompletedFollowsCallEnd, b.entries))).toBe("pass");
  });

  it("is a harness fault when no call ended", () => {
    const b = session((b, s) => playCall(b, s, call, { skip: ["end", "dispose", "completed", "idle"] }));
    expect(verdict(judge(onlyCallCompletedFollowsCallEnd, b.entries))).toBe("harness-fault");
  });
});

describe("callCompletedFollowsCallEnd", () => {
  it("passes CallCompleted after CallEnd", () => {
    expect(verdict(judge(callCompletedFollowsCallEnd, cleanCallTimeline()))).toBe("pass");
  });

  it("fails CallCompleted without CallEnd", () => {
    const b = session((b, s) => playCall(b, s, call, { skip: ["end"] }));
    expect(failures(judge(callCompletedFollowsCallEnd, b.entries))[0].message).toContain("got no CallEnd");
  });

  it("is a harness fault when no call completed", () => {
    expect(verdict(judge(callCompletedFollowsCallEnd, noCalls()))).toBe("harness-fault");
  });
});

describe("callCompletedRepeatsCallStartedFields", () => {
  it("passes when CallCompleted repeats CallStarted's fields", () => {
    expect(verdict(judge(callCompletedRepeatsCallStartedFields, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a CallCompleted with another CallSequenceId", () => {
    const b = session((b, s) => {
      playCall(b, s, call, { skip: ["completed", "idle"] });
      b.event(s, "CallCompleted", { CallId: 101, CallSequenceId: "999" });
    });
    const [f] = failures(judge(callCompletedRepeatsCallStartedFields, b.entries));
    expect(f.expected).toEqual({ CallSequenceId: "1101", CallOriginatingSiteId: 1 });
    expect(f.actual).toEqual({ CallSequenceId: "999", CallOriginatingSiteId: 0 });
  });

  it("is a harness fault when no call has both events", () => {
    expect(verdict(judge(callCompletedRepeatsCallStartedFields, noCalls()))).toBe("harness-fault");
  });
});

describe("agentStatesFollowTheStateMachine", () => {
  it("passes login, a call and disposition", () => {
    expect(verdict(judge(agentStatesFollowTheStateMachine, cleanCallTimeline()))).toBe("pass");
  });

  it("fails Idle straight to Wrap", () => {
    const b = session((b, s) => b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "Wrap" }));
    const [f] = failures(judge(agentStatesFollowTheStateMachine, b.entries));
    expect(f.actual).toBe("Idle → Wrap");
    expect(f.subject).toEqual({ session: "S1", agentId: 7 });
  });

  it("fails the same state repeated unasked, passes it as the answer to GetAgentState", () => {
    const unasked = session((b, s) => b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "Idle" }));
    expect(failures(judge(agentStatesFollowTheStateMachine, unasked.entries))[0].message).toContain(
      "repeated",
    );
    const asked = session((b, s) => {
      const req = b.call(s, "GetAgentState", { AgentIdx: 7 });
      b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: req.requestId });
    });
    expect(verdict(judge(agentStatesFollowTheStateMachine, asked.entries))).toBe("pass");
  });

  it("fails a state change for a logged-out agent and an INVALID state", () => {
    const b = session((b, s) => {
      b.event(s, "AgentLoginStateChange", { AgentId: 7, LoginState: "AgentLoggedOut" });
      b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "Idle" });
      b.event(s, "AgentStateChange", { AgentId: 8, AgentState: "INVALID" });
    });
    const found = failures(judge(agentStatesFollowTheStateMachine, b.entries));
    expect(found.map((f) => f.actual)).toEqual(["LoggedOut → Idle", "INVALID"]);
  });

  it("is a harness fault when no agent event was seen", () => {
    expect(verdict(judge(agentStatesFollowTheStateMachine, noCalls()))).toBe("harness-fault");
  });
});

describe("eventsOnlyWhileOnline", () => {
  it("passes events between OnLine and CloseConnection", () => {
    expect(verdict(judge(eventsOnlyWhileOnline, cleanCallTimeline()))).toBe("pass");
  });

  it("fails an event before OnLine", () => {
    const b = new TimelineBuilder();
    b.openConnection("S1");
    b.event("S1", "LinkStatus", { ComponentType: "Gateway", ComponentState: "Up" });
    b.call("S1", "OnLine");
    expect(failures(judge(eventsOnlyWhileOnline, b.entries))[0].message).toContain("before OnLine");
  });

  it("fails events after OffLine's answer, grouped into one finding", () => {
    const b = session((b, s) => {
      b.call(s, "OffLine");
      b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "NotReady" });
      b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "Idle" });
    });
    const found = failures(judge(eventsOnlyWhileOnline, b.entries));
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/got 2 while offline/);
    expect(found[0].evidence).toHaveLength(3);
  });

  it("allows an event racing OffLine's request and its answer", () => {
    const b = session((b, s) => {
      const off = b.request(s, "OffLine");
      b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "NotReady" });
      b.respond(off);
    });
    expect(verdict(judge(eventsOnlyWhileOnline, b.entries))).toBe("pass");
  });

  it("fails an event after the session was closed", () => {
    const b = session((b, s) => {
      b.close(s);
      b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "NotReady" });
    });
    expect(failures(judge(eventsOnlyWhileOnline, b.entries))[0].message).toMatch(/after the session ended/);
  });

  it("is a harness fault when there are no events", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    expect(verdict(judge(eventsOnlyWhileOnline, b.entries))).toBe("harness-fault");
  });
});

describe("heartbeatsOnlyBetweenOnLineAndSessionEnd", () => {
  it("passes heartbeats after OnLine", () => {
    expect(verdict(judge(heartbeatsOnlyBetweenOnLineAndSessionEnd, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a heartbeat before OnLine and one after CloseConnection", () => {
    const b = new TimelineBuilder();
    b.openConnection("S1");
    b.heartbeat("S1");
    b.call("S1", "OnLine");
    b.close("S1");
    b.heartbeat("S1");
    const found = failures(judge(heartbeatsOnlyBetweenOnLineAndSessionEnd, b.entries));
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining("1 before OnLine"),
      expect.stringContaining("after the session ended"),
    ]);
  });

  it("is a harness fault when there are no heartbeats", () => {
    const b = new TimelineBuilder();
    b.openConnection("S1");
    expect(verdict(judge(heartbeatsOnlyBetweenOnLineAndSessionEnd, b.entries))).toBe("harness-fault");
  });
});

describe("startSessionFollowsOpenConnection", () => {
  it("passes one StartSession after OpenConnection and before any traffic", () => {
    expect(verdict(judge(startSessionFollowsOpenConnection, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a session without StartSession", () => {
    const b = new TimelineBuilder();
    b.openConnection("S1", { startSession: false });
    expect(failures(judge(startSessionFollowsOpenConnection, b.entries))[0].message).toContain("got none");
  });

  it("fails a StartSession after the first heartbeat, and a second StartSession", () => {
    const b = new TimelineBuilder();
    b.openConnection("S1", { startSession: false });
    b.call("S1", "OnLine");
    b.heartbeat("S1");
    b.push({
      kind: "startSession",
      name: "StartSession",
      session: "S1",
      payload: { userinfo: null, sessionId: "S1" },
    });
    b.push({
      kind: "startSession",
      name: "StartSession",
      session: "S1",
      payload: { userinfo: null, sessionId: "S1" },
    });
    const found = failures(judge(startSessionFollowsOpenConnection, b.entries));
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining("expected one StartSession callback, got 2"),
      expect.stringContaining("before any heartbeat or event"),
    ]);
  });

  it("is a harness fault when no OpenConnection opened a session", () => {
    const b = new TimelineBuilder();
    b.openConnection("S1", { refuseWith: "InvalidParameter" });
    expect(verdict(judge(startSessionFollowsOpenConnection, b.entries))).toBe("harness-fault");
  });
});

describe("callStartedIsFirstEventOfEachCall and consultation legs", () => {
  const withLegs = (named: boolean) => {
    const b = new TimelineBuilder();
    const s = b.onlineSession("S1");
    b.event(s, "CallStarted", { CallId: 1 });
    b.event(s, "CallOriginated", { CallId: 2 });
    if (named) b.event(s, "CallConsultation", { CallId: 1, ConsultationCallId: 2 });
    return b.entries;
  };

  it("does not require CallStarted of a call named as a consultation leg", () => {
    expect(callStartedIsFirstEventOfEachCall(withLegs(true)).every((o) => o.outcome === "pass")).toBe(true);
  });

  it("still requires it of a call nothing names a consultation leg", () => {
    expect(callStartedIsFirstEventOfEachCall(withLegs(false)).some((o) => o.outcome === "fail")).toBe(true);
  });
});
