import { describe, expect, it } from "vitest";
import {
  clientRequestIdsAreNonZero,
  eventsCarryRequestIdOfTheirRequest,
  noEventCarriesAnotherSessionsRequestId,
  requestIdsAreUniqueWithinSession,
  requestsCompleteWithin,
  solicitedEventsAreOnesTheirRequestGenerates,
  unsolicitedEventsCarryRequestIdZero,
} from "../../src/checks/correlation.ts";
import { cleanCallTimeline, TimelineBuilder } from "./fixtures/builder.ts";
import { failures, judge, verdict } from "./helpers.ts";

function online(build: (b: TimelineBuilder, s: string) => void): TimelineBuilder {
  const b = new TimelineBuilder();
  const s = b.onlineSession("S1");
  build(b, s);
  return b;
}

const onlyUnsolicited = () => online((b, s) => b.event(s, "CallOffered", { CallId: 5 })).entries;

describe("eventsCarryRequestIdOfTheirRequest", () => {
  it("passes events carrying the RequestIds of their session's requests", () => {
    expect(verdict(judge(eventsCarryRequestIdOfTheirRequest, cleanCallTimeline()))).toBe("pass");
  });

  it("fails an event with a RequestId no request has", () => {
    const b = online((b, s) =>
      b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: 42 }),
    );
    const [f] = failures(judge(eventsCarryRequestIdOfTheirRequest, b.entries));
    expect(f.actual).toBe(42);
    expect(f.subject).toMatchObject({ session: "S1", requestId: 42 });
  });

  it("fails an event that arrives before the request whose RequestId it carries", () => {
    const b = online((b, s) => {
      b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: 1 });
      b.call(s, "GetAgentState", { AgentIdx: 7, RequestId: 1 });
    });
    expect(failures(judge(eventsCarryRequestIdOfTheirRequest, b.entries))[0].message).toContain("came later");
  });

  it("leaves an event carrying another session's earlier RequestId to the reading request-id-other-sessions", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.onlineSession("S2");
    b.call("S1", "GetAgentState", { AgentIdx: 7, RequestId: 900 });
    b.event("S2", "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: 900 });
    expect(verdict(judge(eventsCarryRequestIdOfTheirRequest, b.entries))).toBe("pass");
    expect(verdict(judge(noEventCarriesAnotherSessionsRequestId, b.entries))).toBe("fail");
  });

  it("is a harness fault when no event carries a RequestId", () => {
    expect(verdict(judge(eventsCarryRequestIdOfTheirRequest, onlyUnsolicited()))).toBe("harness-fault");
  });
});

describe("solicitedEventsAreOnesTheirRequestGenerates", () => {
  it("passes events their requests generate", () => {
    expect(verdict(judge(solicitedEventsAreOnesTheirRequestGenerates, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a RequestId of LoginAgent on a CallHeld", () => {
    const b = online((b, s) => {
      const login = b.login(s, 7);
      b.event(s, "CallHeld", { CallId: 5 }, { requestId: login.requestId });
    });
    const [f] = failures(judge(solicitedEventsAreOnesTheirRequestGenerates, b.entries));
    expect(f.actual).toBe("CallHeld");
    expect(f.expected).toContain("AgentLoginStateChange");
  });

  it("is a harness fault when no event answers a request", () => {
    expect(verdict(judge(solicitedEventsAreOnesTheirRequestGenerates, onlyUnsolicited()))).toBe(
      "harness-fault",
    );
  });
});

describe("unsolicitedEventsCarryRequestIdZero", () => {
  it("passes CallOffered with RequestId 0", () => {
    expect(verdict(judge(unsolicitedEventsCarryRequestIdZero, onlyUnsolicited()))).toBe("pass");
  });

  it("fails a RouteRequest with a RequestId, and one with none", () => {
    const b = online((b, s) => {
      b.event(s, "RouteRequest", { CallId: 5 }, { requestId: 3 });
      const none = b.event(s, "RouteRequest", { CallId: 6 });
      delete (none.payload as Record<string, unknown>).RequestId;
      none.requestId = undefined;
    });
    const found = failures(judge(unsolicitedEventsCarryRequestIdZero, b.entries));
    expect(found.map((f) => f.actual)).toEqual([3, null]);
  });

  it("is a harness fault when no unsolicited-only event was seen", () => {
    expect(verdict(judge(unsolicitedEventsCarryRequestIdZero, new TimelineBuilder().entries))).toBe(
      "harness-fault",
    );
  });
});

describe("noEventCarriesAnotherSessionsRequestId", () => {
  it("passes when each session gets only its own RequestIds", () => {
    expect(verdict(judge(noEventCarriesAnotherSessionsRequestId, cleanCallTimeline()))).toBe("pass");
  });

  it("fails an event answering another session's request", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.onlineSession("S2");
    const req = b.call("S1", "GetAgentState", { AgentIdx: 7, RequestId: 900 });
    b.event("S2", "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: 900 });
    const [f] = failures(judge(noEventCarriesAnotherSessionsRequestId, b.entries));
    expect(f.actual).toEqual({ requestId: 900, session: "S1" });
    expect(f.evidence[0]).toBe(req.seq);
  });

  it("is a harness fault when no event carries a RequestId", () => {
    expect(verdict(judge(noEventCarriesAnotherSessionsRequestId, onlyUnsolicited()))).toBe("harness-fault");
  });
});

describe("requestsCompleteWithin", () => {
  it("passes requests completed in time", () => {
    expect(verdict(judge(requestsCompleteWithin, cleanCallTimeline(), { withinMs: 50 }))).toBe("pass");
  });

  it("fails a request completed late and one never completed", () => {
    const b = online((b, s) => {
      const slow = b.call(s, "GetAgentState", { AgentIdx: 7 });
      b.wait(200).event(
        s,
        "AgentStateChange",
        { AgentId: 7, AgentState: "Idle" },
        { requestId: slow.requestId },
      );
      b.call(s, "HoldCall", { AgentIdx: 7, CallId: 5 });
      b.wait(500);
      b.heartbeat(s);
    });
    const found = failures(judge(requestsCompleteWithin, b.entries, { withinMs: 100 }));
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/GetAgentState .* after 20\d\.\d ms/),
      expect.stringMatching(/HoldCall .* by CallHeld or CallRequestFailed within 100 ms, got none/),
    ]);
  });

  it("accepts a failure event as completion and ignores a refused request", () => {
    const b = online((b, s) => {
      const r = b.call(s, "HoldCall", { AgentIdx: 7, CallId: 5 });
      b.event(s, "CallRequestFailed", { CallId: 5 }, { requestId: r.requestId });
      b.fault(b.request(s, "RetrieveCall", { AgentIdx: 7, CallId: 5 }), "InvalidCallId");
      b.wait(500).heartbeat(s);
    });
    expect(verdict(judge(requestsCompleteWithin, b.entries, { withinMs: 100 }))).toBe("pass");
  });

  it("judges only the operations asked for, in wire or guide spelling", () => {
    const b = online((b, s) => {
      b.call(s, "HoldCall", { AgentIdx: 7, CallId: 5 });
      b.call(s, "PanicLogoutAgent", { AgentIdx: 7, LogoutAllAgents: true });
      b.wait(500).heartbeat(s);
    });
    const found = judge(requestsCompleteWithin, b.entries, { withinMs: 100, requests: ["PanicLogout"] });
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/^session S1: expected PanicLogoutAgent/),
    ]);
  });

  it("leaves out requests too recent to judge", () => {
    const b = online((b, s) => b.call(s, "HoldCall", { AgentIdx: 7, CallId: 5 }));
    expect(judge(requestsCompleteWithin, b.entries, { withinMs: 100 })[0].message).toContain(
      "1 too recent to judge",
    );
  });

  it("is a harness fault without withinMs", () => {
    const found = judge(requestsCompleteWithin, cleanCallTimeline(), {} as never);
    expect(verdict(found)).toBe("harness-fault");
    expect(found[0].message).toBe("missing parameter: withinMs");
  });
});

describe("requestIdsAreUniqueWithinSession", () => {
  it("passes distinct RequestIds", () => {
    expect(verdict(judge(requestIdsAreUniqueWithinSession, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a RequestId used twice in a session but not across sessions", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.onlineSession("S2");
    b.call("S1", "GetAgentState", { AgentIdx: 7, RequestId: 5 });
    b.call("S2", "GetAgentState", { AgentIdx: 7, RequestId: 5 });
    expect(verdict(judge(requestIdsAreUniqueWithinSession, b.entries))).toBe("pass");
    b.call("S1", "SetAgentState", { AgentIdx: 7, RequestId: 5, NewState: "Idle" });
    const [f] = failures(judge(requestIdsAreUniqueWithinSession, b.entries));
    expect(f.subject).toEqual({ session: "S1", requestId: 5 });
  });

  it("leaves RequestId 0 to clientRequestIdsAreNonZero: requests carrying it are not reuses", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.call("S1", "GetAgentState", { AgentIdx: 7, RequestId: 0 });
    b.call("S1", "GetAgentState", { AgentIdx: 7, RequestId: 0 });
    b.call("S1", "GetAgentState", { AgentIdx: 7, RequestId: 3 });
    expect(verdict(judge(requestIdsAreUniqueWithinSession, b.entries))).toBe("pass");
    expect(verdict(judge(clientRequestIdsAreNonZero, b.entries))).toBe("fail");
  });

  it("is a harness fault when no request has a RequestId", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    expect(verdict(judge(requestIdsAreUniqueWithinSession, b.entries))).toBe("harness-fault");
  });
});

describe("clientRequestIdsAreNonZero", () => {
  it("passes non-zero RequestIds", () => {
    expect(verdict(judge(clientRequestIdsAreNonZero, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a request with RequestId 0", () => {
    const b = online((b, s) => b.call(s, "GetAgentState", { AgentIdx: 7, RequestId: 0 }));
    expect(verdict(judge(clientRequestIdsAreNonZero, b.entries))).toBe("fail");
  });

  it("is a harness fault when no request has a RequestId", () => {
    expect(verdict(judge(clientRequestIdsAreNonZero, new TimelineBuilder().entries))).toBe("harness-fault");
  });
});
