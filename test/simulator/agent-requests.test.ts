/**
 * The six agent requests: each success path and its failures (faults for bad arguments,
 * AgentLoginRequestFailed / AgentRequestFailed events for unknown agents and wrong states).
 */
import { describe, expect, it } from "vitest";
import { defaultTopology, type Topology } from "../../src/mock-ctips/simulator/topology.ts";
import { agentStates, establish, ofCall, only, seq, setup, types } from "./helpers.ts";

const withTopology = (patch: Partial<Topology>): Topology => ({ ...defaultTopology, ...patch });

describe("LoginAgent", () => {
  it("logs the agent in with AgentLoginStateChange, AudioPathStateChange(Connected) and AgentStateChange(InitState), all with its RequestId", () => {
    const env = setup();
    const { rid, result } = env.req("LoginAgent", {
      AgentLoginName: "agent1",
      StationId: "4001",
      InitState: "Idle",
    });
    expect(result).toEqual({ ok: true });
    env.run();
    const ev = env.take();
    expect(seq(ev, "RequestId", "AgentId")).toEqual([
      `AgentLoginStateChange(RequestId=${rid},AgentId=1001)`,
      `AudioPathStateChange(RequestId=${rid},AgentId=1001)`,
      `AgentStateChange(RequestId=${rid},AgentId=1001)`,
    ]);
    expect(only(ev, "AgentLoginStateChange").v).toMatchObject({
      LoginState: "AgentLoggedIn",
      AgentLoginName: "agent1",
      AgentWorkGroupId: 10,
      AgentStationAddress: "4001",
      AgentCTIId: 1001,
      ServiceId: 100,
      ServiceState: [
        { ServiceId: 100, ServiceState: "Active" },
        { ServiceId: 200, ServiceState: "Active" },
      ],
    });
    expect(only(ev, "AudioPathStateChange").v.AudioPathState).toBe("Connected");
    expect(only(ev, "AgentStateChange").v).toMatchObject({ AgentState: "Idle", ServiceIds: [100, 200] });
  });

  it("answers an unknown login name with AgentLoginRequestFailed(InvalidAgentName)", () => {
    const env = setup();
    const { rid } = env.req("LoginAgent", { AgentLoginName: "nobody", StationId: "4001", InitState: "Idle" });
    env.run();
    expect(only(env.take(), "AgentLoginRequestFailed").v).toMatchObject({
      RequestId: rid,
      AgentLoginName: "nobody",
      FailureType: "InvalidAgentName",
    });
  });

  it("answers a second login with AgentLoginRequestFailed(AgentAlreadyLoggedIn)", () => {
    const env = setup();
    env.login("agent1");
    const { rid } = env.req("LoginAgent", { AgentLoginName: "agent1", StationId: "", InitState: "Idle" });
    env.run();
    expect(seq(env.take(), "RequestId", "FailureType")).toEqual([
      `AgentLoginRequestFailed(RequestId=${rid},FailureType=AgentAlreadyLoggedIn)`,
    ]);
  });

  it("refuses a station in use or not configured with StationNotAvailable", () => {
    const env = setup();
    env.login("agent1");
    env.req("LoginAgent", { AgentLoginName: "agent2", StationId: "4001", InitState: "Idle" });
    env.req("LoginAgent", { AgentLoginName: "agent2", StationId: "9999", InitState: "Idle" });
    env.run();
    const ev = env.take();
    expect(ev.map((e) => e.v.FailureType)).toEqual(["StationNotAvailable", "StationNotAvailable"]);
    expect(ev[0].v.FailureReason).toContain("agent1");
  });

  it("refuses a login beyond the licenses with AgentLicenseExceeded", () => {
    const env = setup({ topology: withTopology({ agentLicenses: 1 }) });
    env.login("agent1");
    env.req("LoginAgent", { AgentLoginName: "agent2", StationId: "", InitState: "Idle" });
    env.run();
    expect(only(env.take(), "AgentLoginRequestFailed").v.FailureType).toBe("AgentLicenseExceeded");
  });

  it("fails with GatewayLoginFailure while the Gateway link is down", () => {
    const env = setup();
    env.sim.control.setLink("Gateway", "down");
    env.req("LoginAgent", { AgentLoginName: "agent1", StationId: "", InitState: "Idle" });
    env.run();
    expect(types(env.take())).toEqual(["LinkStatus", "AgentLoginRequestFailed"]);
  });

  it("faults an InitState the system sets (Active) or INVALID, with nothing emitted", () => {
    const env = setup();
    const active = env.req("LoginAgent", {
      AgentLoginName: "agent1",
      StationId: "",
      InitState: "Active",
    }).result;
    const none = env.req("LoginAgent", {
      AgentLoginName: "agent1",
      StationId: "",
      InitState: "INVALID",
    }).result;
    env.run();
    expect(active).toMatchObject({ ok: false, fault: { code: "InvalidParameter" } });
    expect(none).toMatchObject({ ok: false, fault: { code: "InvalidParameter" } });
    expect(env.take()).toEqual([]);
  });

  it("asks for the passcode with EnterPasscode when passcodes are not bypassed, and completes after the agent keys it", () => {
    const env = setup({ topology: withTopology({ gateway: { bypassPasscode: false } }) });
    const { rid } = env.req("LoginAgent", { AgentLoginName: "agent1", StationId: "", InitState: "NotReady" });
    env.run(39);
    const asked = env.take();
    expect(seq(asked, "RequestId")).toEqual([`EnterPasscode(RequestId=${rid})`]);
    expect(asked[0].v).toMatchObject({
      ReEnterFlag: false,
      PasscodeDigits: expect.stringMatching(/^[0-9]{3}$/),
      ServiceIds: [100, 200],
    });
    env.run(1);
    expect(seq(env.take(), "RequestId")).toEqual([
      `AgentLoginStateChange(RequestId=${rid})`,
      `AudioPathStateChange(RequestId=${rid})`,
      `AgentStateChange(RequestId=${rid})`,
    ]);
  });
});

describe("LogoutAgent", () => {
  it("goes NotReady, disconnects the audio path and reports AgentLoggedOut with AgentWorkGroupId -1", () => {
    const env = setup();
    const a = env.login("agent1");
    const { rid } = env.req("LogoutAgent", { AgentIdx: a, ReasonCode: 3 });
    env.run();
    const ev = env.take();
    expect(seq(ev, "RequestId", "AgentState", "AudioPathState", "LoginState")).toEqual([
      `AgentStateChange(RequestId=${rid},AgentState=NotReady)`,
      `AudioPathStateChange(RequestId=${rid},AudioPathState=Disconnected)`,
      `AgentLoginStateChange(RequestId=${rid},LoginState=AgentLoggedOut)`,
    ]);
    expect(only(ev, "AgentLoginStateChange").v.AgentWorkGroupId).toBe(-1);
    expect(env.sim.snapshot().agents).toEqual([]);
  });

  it("fails an unknown AgentId with AgentLoginRequestFailed(InvalidAgent)", () => {
    const env = setup();
    const { rid } = env.req("LogoutAgent", { AgentIdx: 42 });
    env.run();
    expect(only(env.take(), "AgentLoginRequestFailed").v).toMatchObject({
      RequestId: rid,
      AgentId: 42,
      FailureType: "InvalidAgent",
    });
  });

  it("fails InvalidStateForRequest for an agent on a call or not logged in", () => {
    const env = setup();
    const a = env.login("agent1");
    establish(env, a);
    env.req("LogoutAgent", { AgentIdx: a });
    env.req("LogoutAgent", { AgentIdx: 1002 });
    env.run();
    const ev = env.take();
    expect(seq(ev, "AgentId", "FailureType")).toEqual([
      "AgentLoginRequestFailed(AgentId=1001,FailureType=InvalidStateForRequest)",
      "AgentLoginRequestFailed(AgentId=1002,FailureType=InvalidStateForRequest)",
    ]);
    expect(ev[0].v.FailureReason).toContain("Active");
  });
});

describe("PanicLogoutAgent", () => {
  it("logs idle agents out at once and agents on a call when the call clears, without wrap", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const b = env.login("agent2");
    const { rid } = env.req("PanicLogoutAgent", {
      AgentLoginNameList: ["agent1", "agent2"],
      LogoutAllAgents: false,
    });
    env.run();
    const now = env.take();
    expect(now.every((e) => e.v.AgentId === b && e.v.RequestId === rid)).toBe(true);
    expect(only(now, "AgentLoginStateChange").v.LoginState).toBe("AgentLoggedOut");

    env.sim.control.hangup(c1);
    env.run();
    const later = env.take();
    expect(seq(later, "AgentId", "RequestId")).toEqual([
      `CallCleared(AgentId=${a},RequestId=0)`,
      `AgentStateChange(AgentId=${a},RequestId=0)`,
      `AudioPathStateChange(AgentId=${a},RequestId=0)`,
      `AgentLoginStateChange(AgentId=${a},RequestId=0)`,
      `CallEnd(AgentId=${a},RequestId=0)`,
      `CallCompleted(AgentId=${a},RequestId=0)`,
    ]);
    expect(agentStates(later, a)).toEqual(["NotReady"]);
    expect(ofCall(later, c1).map((e) => e.type)).not.toContain("AgentStateChange");
  });

  it("logs out every logged-in agent with LogoutAllAgents", () => {
    const env = setup();
    env.login("agent1");
    env.login("agent3");
    env.req("PanicLogoutAgent", { AgentLoginNameList: null, LogoutAllAgents: true });
    env.run();
    const ev = env.take().filter((e) => e.type === "AgentLoginStateChange");
    expect(ev.map((e) => e.v.AgentLoginName)).toEqual(["agent1", "agent3"]);
    expect(env.sim.snapshot().agents).toEqual([]);
  });

  it("fails unknown names with InvalidAgentName and faults an empty list without LogoutAllAgents", () => {
    const env = setup();
    const { rid } = env.req("PanicLogoutAgent", { AgentLoginNameList: ["ghost"], LogoutAllAgents: false });
    const empty = env.req("PanicLogoutAgent", { AgentLoginNameList: [], LogoutAllAgents: false }).result;
    env.run();
    expect(only(env.take(), "AgentLoginRequestFailed").v).toMatchObject({
      RequestId: rid,
      AgentLoginName: "ghost",
      FailureType: "InvalidAgentName",
    });
    expect(empty).toMatchObject({ ok: false, fault: { code: "InvalidParameter" } });
  });
});

describe("SetAgentState", () => {
  it("moves the agent between rest states with AgentStateChange carrying the RequestId", () => {
    const env = setup();
    const a = env.login("agent1", "NotReady");
    const { rid } = env.req("SetAgentState", { AgentIdx: a, NewState: "Idle" });
    env.run();
    expect(seq(env.take(), "RequestId", "AgentState")).toEqual([
      `AgentStateChange(RequestId=${rid},AgentState=Idle)`,
    ]);
  });

  it("makes a queued call ring at the agent who becomes Idle", () => {
    const env = setup();
    const a = env.login("agent1", "NotReady");
    const { callId } = env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    env.run();
    env.take();
    env.req("SetAgentState", { AgentIdx: a, NewState: "Idle" });
    env.run();
    expect(types(env.take())).toEqual(["AgentStateChange", "CallConnected", "AgentStateChange"]);
    expect(env.sim.snapshot().calls[0]).toMatchObject({
      CallId: callId,
      AgentId: a,
      CallState: "CallConnected",
    });
  });

  it("fails an unknown agent with AgentRequestFailed(InvalidAgent) and a logged-out one with InvalidStateForRequest", () => {
    const env = setup();
    env.req("SetAgentState", { AgentIdx: 7, NewState: "Idle" });
    env.req("SetAgentState", { AgentIdx: 1001, NewState: "Idle" });
    env.run();
    expect(seq(env.take(), "AgentId", "FailureType")).toEqual([
      "AgentRequestFailed(AgentId=7,FailureType=InvalidAgent)",
      "AgentRequestFailed(AgentId=1001,FailureType=InvalidStateForRequest)",
    ]);
  });

  it("refuses states the system sets and changes while the agent is on a call or in Wrap", () => {
    const env = setup();
    const a = env.login("agent1");
    env.req("SetAgentState", { AgentIdx: a, NewState: "Active" });
    const c1 = establish(env, a);
    env.req("SetAgentState", { AgentIdx: a, NewState: "NotReady" });
    env.sim.control.hangup(c1);
    env.req("SetAgentState", { AgentIdx: a, NewState: "Idle" });
    env.run();
    const failed = env.all().filter((e) => e.type === "AgentRequestFailed");
    expect(failed.map((e) => e.v.FailureType)).toEqual([
      "InvalidStateForRequest",
      "InvalidStateForRequest",
      "InvalidStateForRequest",
    ]);
    expect(failed.map((e) => String(e.v.FailureReason))).toEqual([
      expect.stringContaining("set by the system"),
      expect.stringContaining("Active"),
      expect.stringContaining("SetDisposition"),
    ]);
  });

  it("faults NewState INVALID", () => {
    const env = setup();
    const a = env.login("agent1");
    expect(env.req("SetAgentState", { AgentIdx: a, NewState: "INVALID" }).result).toMatchObject({
      ok: false,
      fault: { code: "InvalidParameter" },
    });
  });
});

describe("GetAgentState", () => {
  it("answers with AgentStateChange of the current state and the current call", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const { rid } = env.req("GetAgentState", { AgentIdx: a });
    env.run();
    expect(only(env.take(), "AgentStateChange").v).toMatchObject({
      RequestId: rid,
      AgentState: "Active",
      CallId: c1,
    });
  });

  it("fails an unknown agent with AgentRequestFailed(InvalidAgent)", () => {
    const env = setup();
    const { rid } = env.req("GetAgentState", { AgentIdx: 99 });
    env.run();
    expect(only(env.take(), "AgentRequestFailed").v).toMatchObject({
      RequestId: rid,
      FailureType: "InvalidAgent",
    });
  });
});

describe("SetDisposition", () => {
  it("ends wrap: CallCompleted then AgentStateChange(Idle) with its RequestId", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.sim.control.hangup(c1);
    env.run();
    env.take();
    const { rid } = env.req("SetDisposition", {
      AgentIdx: a,
      CallId: c1,
      DispositionId: 2,
      UserData: ["Outcome=won"],
    });
    env.run();
    expect(seq(env.take(), "RequestId", "AgentState")).toEqual([
      `CallCompleted(RequestId=${rid})`,
      `AgentStateChange(RequestId=${rid},AgentState=Idle)`,
    ]);
  });

  it("set during the call, records AgentDisposition in CallEnd and with WrapNotRequired skips Wrap", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const { rid } = env.req("SetDisposition", {
      AgentIdx: a,
      CallId: c1,
      DispositionId: 3,
      WrapNotRequired: true,
    });
    env.run();
    expect(only(env.take(), "AgentStateChange").v).toMatchObject({ RequestId: rid, AgentState: "Active" });
    env.sim.control.hangup(c1);
    env.run();
    const ev = env.take();
    expect(types(ev)).toEqual(["CallCleared", "AgentStateChange", "CallEnd", "CallCompleted"]);
    expect(agentStates(ev, a)).toEqual(["Idle"]);
    expect(only(ev, "CallEnd").v.AgentDisposition).toBe(3);
  });

  it("fails an unconfigured DispositionId with RequestFailed and a call the agent is not wrapping with InvalidCallId", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.req("SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 77 });
    env.req("SetDisposition", { AgentIdx: a, CallId: 123456, DispositionId: 1 });
    env.run();
    expect(seq(env.take(), "CallId", "FailureType")).toEqual([
      `AgentRequestFailed(CallId=${c1},FailureType=RequestFailed)`,
      "AgentRequestFailed(CallId=123456,FailureType=InvalidCallId)",
    ]);
  });

  it("faults CallId 0", () => {
    const env = setup();
    const a = env.login("agent1");
    expect(env.req("SetDisposition", { AgentIdx: a, CallId: 0, DispositionId: 1 }).result).toMatchObject({
      ok: false,
      fault: { code: "InvalidCallId" },
    });
  });

  it("is not needed when wrapMs ends wrap by itself (disposition 0, RequestId 0)", () => {
    const env = setup({ timings: { wrapMs: 1_000 } });
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.sim.control.hangup(c1);
    env.run(999);
    expect(agentStates(env.take(), a)).toEqual(["Wrap"]);
    env.run(1);
    expect(seq(env.take(), "RequestId", "AgentState")).toEqual([
      "CallCompleted(RequestId=0)",
      "AgentStateChange(RequestId=0,AgentState=Idle)",
    ]);
  });
});
