import { describe, expect, it } from "vitest";
import {
  openConnectionCarriesOneTenantId,
  requestsAfterSessionEndAreRefused,
  requestsWhileOfflineAreRefused,
  sessionCountNeverExceedsCap,
  sessionStaysInItsTenant,
  snapshotAgreesWithTheState,
  snapshotEndsWithCompletionFlagPerEntityType,
} from "../../src/checks/session-rules.ts";
import { cleanCallTimeline, TimelineBuilder } from "./fixtures/builder.ts";
import { failures, judge, verdict } from "./helpers.ts";

/** Ten sessions open, then an 11th OpenConnection answered as `eleventh` says. */
function tenThen(eleventh: (b: TimelineBuilder) => void): TimelineBuilder {
  const b = new TimelineBuilder();
  for (let i = 1; i <= 10; i++) b.openConnection(`S${i}`);
  eleventh(b);
  return b;
}

describe("sessionCountNeverExceedsCap", () => {
  it("passes an 11th OpenConnection refused with MaxNumberClientConnections", () => {
    const b = tenThen((b) => b.openConnection("S11", { refuseWith: "MaxNumberClientConnections" }));
    expect(judge(sessionCountNeverExceedsCap, b.entries)[0].message).toContain("(peak 10 open)");
  });

  it("passes an 11th session opened after one of ten was closed", () => {
    const b = tenThen((b) => {
      b.close("S3");
      b.openConnection("S11");
    });
    expect(verdict(judge(sessionCountNeverExceedsCap, b.entries))).toBe("pass");
  });

  it("fails an 11th session accepted", () => {
    const b = tenThen((b) => b.openConnection("S11"));
    const [f] = failures(judge(sessionCountNeverExceedsCap, b.entries));
    expect(f.subject).toEqual({ session: "S11" });
  });

  it("passes a refusal at the cap whatever its code (the code is a reading), and fails one for the cap below it", () => {
    const atCap = tenThen((b) => b.openConnection("S11", { refuseWith: "GeneralError" }));
    expect(verdict(judge(sessionCountNeverExceedsCap, atCap.entries))).toBe("pass");
    const b = new TimelineBuilder();
    b.openConnection("S1", { refuseWith: "MaxNumberClientConnections" });
    expect(failures(judge(sessionCountNeverExceedsCap, b.entries))[0].actual).toBe(
      "MaxNumberClientConnections",
    );
  });

  it("holds a lower cap when given one", () => {
    const b = new TimelineBuilder();
    b.openConnection("S1");
    b.openConnection("S2");
    expect(verdict(judge(sessionCountNeverExceedsCap, b.entries, { maxSessions: 1 }))).toBe("fail");
  });

  it("is a harness fault when no OpenConnection was answered", () => {
    expect(verdict(judge(sessionCountNeverExceedsCap, new TimelineBuilder().entries))).toBe("harness-fault");
  });
});

describe("openConnectionCarriesOneTenantId", () => {
  it("passes a single TenantId", () => {
    expect(verdict(judge(openConnectionCarriesOneTenantId, cleanCallTimeline()))).toBe("pass");
  });

  it("fails two TenantIds", () => {
    const b = new TimelineBuilder();
    b.openConnection("S1", { tenantIds: [1, 2] });
    expect(failures(judge(openConnectionCarriesOneTenantId, b.entries))[0].actual).toEqual([1, 2]);
  });

  it("is a harness fault when there is no OpenConnection", () => {
    expect(verdict(judge(openConnectionCarriesOneTenantId, new TimelineBuilder().entries))).toBe(
      "harness-fault",
    );
  });
});

describe("sessionStaysInItsTenant", () => {
  it("passes requests and events of the session's tenant, and LinkStatus with tenant 0", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.event("S1", "LinkStatus", { TenantId: 0, ComponentType: "Gateway", ComponentState: "Down" });
    expect(verdict(judge(sessionStaysInItsTenant, b.entries))).toBe("pass");
  });

  it("fails a request and an event of another tenant", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.call("S1", "GetAgentState", { AgentIdx: 7, TenantId: 2 });
    b.event("S1", "CallOffered", { CallId: 5, TenantId: 3 });
    const [f] = failures(judge(sessionStaysInItsTenant, b.entries));
    expect(f.actual).toEqual([2, 3]);
  });

  it("is a harness fault when no session's tenant is known", () => {
    const b = new TimelineBuilder();
    b.event("S1", "CallOffered", { CallId: 5 });
    expect(verdict(judge(sessionStaysInItsTenant, b.entries))).toBe("harness-fault");
  });
});

function offlineThen(act: (b: TimelineBuilder) => void): TimelineBuilder {
  const b = new TimelineBuilder();
  b.onlineSession("S1");
  b.call("S1", "OffLine");
  act(b);
  return b;
}

describe("requestsWhileOfflineAreRefused", () => {
  it("passes a request refused while offline, and OnLine accepted", () => {
    const b = offlineThen((b) => {
      b.fault(b.request("S1", "GetAgentState", { AgentIdx: 7 }), "InvalidRequest");
      b.call("S1", "OnLine");
      b.call("S1", "GetAgentState", { AgentIdx: 7 });
    });
    expect(verdict(judge(requestsWhileOfflineAreRefused, b.entries))).toBe("pass");
  });

  it("fails a request accepted while offline", () => {
    const b = offlineThen((b) => b.call("S1", "LoginAgent", { AgentLoginName: "a7" }));
    expect(failures(judge(requestsWhileOfflineAreRefused, b.entries))[0].message).toMatch(
      /LoginAgent .* sent while offline/,
    );
  });

  it("is a harness fault when no request was sent while offline", () => {
    expect(verdict(judge(requestsWhileOfflineAreRefused, cleanCallTimeline()))).toBe("harness-fault");
  });
});

describe("requestsAfterSessionEndAreRefused", () => {
  it("passes a request on a closed session refused", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.close("S1");
    b.fault(b.request("S1", "OnLine"), "InvalidSessionId");
    expect(verdict(judge(requestsAfterSessionEndAreRefused, b.entries))).toBe("pass");
  });

  it("fails a request on a disposed session accepted", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.note("S1", "session-disposed");
    b.call("S1", "GetAgentState", { AgentIdx: 7 });
    expect(verdict(judge(requestsAfterSessionEndAreRefused, b.entries))).toBe("fail");
  });

  it("is a harness fault when no request followed a session's end", () => {
    expect(verdict(judge(requestsAfterSessionEndAreRefused, cleanCallTimeline()))).toBe("harness-fault");
  });
});

type Update = { type: string; data?: Record<string, unknown>; complete?: boolean };

/** An online session with agent 7 logged in (Idle), then a Snapshot answered by `updates`. */
function snapshot(
  types: string[],
  updates: Update[],
  before?: (b: TimelineBuilder) => void,
): TimelineBuilder {
  const b = new TimelineBuilder();
  b.onlineSession("S1");
  b.login("S1", 7);
  before?.(b);
  const req = b.call("S1", "Snapshot", { EntityType: types });
  for (const u of updates) {
    const field =
      { AgentInfo: "AgentData", CallInfo: "CallData", ServiceInfo: "ServiceData" }[u.type] ?? "AgentData";
    b.event(
      "S1",
      "SnapShotUpdate",
      { SnapShotType: u.type, [field]: u.data ?? null, SnapShotTypeComplete: u.complete ?? false },
      { requestId: req.requestId },
    );
  }
  return b;
}

const agent7 = { type: "AgentInfo", data: { AgentId: 7, AgentState: "Idle" }, complete: true };
const service10 = { type: "ServiceInfo", data: { ServiceId: 10, ServiceState: "Active" }, complete: true };

describe("snapshotEndsWithCompletionFlagPerEntityType", () => {
  it("passes every requested type ending with its flag", () => {
    const b = snapshot(
      ["AgentInfo", "ServiceInfo"],
      [{ type: "ServiceInfo", data: { ServiceId: 9, ServiceState: "Active" } }, agent7, service10],
    );
    expect(verdict(judge(snapshotEndsWithCompletionFlagPerEntityType, b.entries))).toBe("pass");
  });

  it("passes a snapshot answered by SnapShotRequestFailed", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    const req = b.call("S1", "Snapshot", { EntityType: ["CallInfo"] });
    b.event("S1", "SnapShotRequestFailed", { FailureType: "InternalError" }, { requestId: req.requestId });
    expect(verdict(judge(snapshotEndsWithCompletionFlagPerEntityType, b.entries))).toBe("pass");
  });

  it("fails a missing type, a type never flagged, an update after the flag and a type not asked for", () => {
    const b = snapshot(
      ["AgentInfo", "ServiceInfo", "CallInfo"],
      [
        agent7,
        { type: "AgentInfo", data: { AgentId: 8, AgentState: "Idle" } },
        { type: "ServiceInfo", data: { ServiceId: 10, ServiceState: "Active" } },
      ],
    );
    b.event(
      "S1",
      "SnapShotUpdate",
      { SnapShotType: "INVALID", SnapShotTypeComplete: true },
      { requestId: 2 },
    );
    const [f] = failures(judge(snapshotEndsWithCompletionFlagPerEntityType, b.entries));
    expect(f.actual).toEqual([
      expect.stringMatching(/AgentInfo flagged complete at seq \d+ but updates followed/),
      expect.stringMatching(/ServiceInfo never flagged complete/),
      "no CallInfo update",
      "updates of types not asked for: INVALID",
    ]);
  });

  it("is a harness fault when no Snapshot was accepted", () => {
    expect(verdict(judge(snapshotEndsWithCompletionFlagPerEntityType, cleanCallTimeline()))).toBe(
      "harness-fault",
    );
  });
});

describe("snapshotAgreesWithTheState", () => {
  it("passes a snapshot listing the logged-in agent in its state", () => {
    expect(verdict(judge(snapshotAgreesWithTheState, snapshot(["AgentInfo"], [agent7]).entries))).toBe(
      "pass",
    );
  });

  it("fails a logged-in agent left out, and one reported in another state", () => {
    const missing = snapshot(["AgentInfo"], [{ type: "AgentInfo", complete: true }]);
    expect(failures(judge(snapshotAgreesWithTheState, missing.entries))[0].actual).toEqual([
      "agent 7 missing",
    ]);
    const wrong = snapshot(["AgentInfo"], [{ ...agent7, data: { AgentId: 7, AgentState: "Wrap" } }]);
    expect(failures(judge(snapshotAgreesWithTheState, wrong.entries))[0].actual).toEqual([
      "agent 7 reported Wrap, expected Idle",
    ]);
  });

  it("fails an agent listed though logged out", () => {
    const b = snapshot(["AgentInfo"], [agent7], (b) => {
      b.event("S1", "AgentLoginStateChange", { AgentId: 7, LoginState: "AgentLoggedOut" });
    });
    expect(failures(judge(snapshotAgreesWithTheState, b.entries))[0].actual).toEqual([
      "agent 7 listed though logged out",
    ]);
  });

  it("holds the snapshot to the caller's expected state, exactly", () => {
    const b = snapshot(["AgentInfo", "ServiceInfo"], [agent7, service10]);
    const expected = { agents: [{ AgentId: 7, AgentState: "Idle" }], services: [{ ServiceId: 10 }] };
    expect(verdict(judge(snapshotAgreesWithTheState, b.entries, { expected }))).toBe("pass");
    const fewer = { agents: expected.agents, services: [] };
    expect(failures(judge(snapshotAgreesWithTheState, b.entries, { expected: fewer }))[0].actual).toEqual([
      "service 10 not expected",
    ]);
  });

  it("is a harness fault when nothing known can be compared", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    const req = b.call("S1", "Snapshot", { EntityType: ["AgentInfo"] });
    b.event(
      "S1",
      "SnapShotUpdate",
      { SnapShotType: "AgentInfo", AgentData: { AgentId: 7 }, SnapShotTypeComplete: true },
      { requestId: req.requestId },
    );
    expect(verdict(judge(snapshotAgreesWithTheState, b.entries))).toBe("harness-fault");
  });
});
