/**
 * The control operations (make the world happen), the request envelope (tenant, links,
 * unknown operations), asynchronous ordered delivery, snapshots, reset and close.
 */
import { describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/errors.ts";
import { contract } from "../../src/contract/schemas.ts";
import { createManualClock } from "../../src/mock-ctips/simulator/clock.ts";
import { createSimulator, SIMULATOR_OPERATIONS } from "../../src/mock-ctips/simulator/simulator.ts";
import { defaultTopology, type Topology } from "../../src/mock-ctips/simulator/topology.ts";
import type { SimEvent } from "../../src/mock-ctips/simulator/types.ts";
import { agentStates, establish, only, seq, setup, types } from "./helpers.ts";

function kitErrorOf(fn: () => unknown): { code: string; message: string; details?: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (isKitError(err)) return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
  throw new Error("expected a KitError, nothing was thrown");
}

describe("control.createCall", () => {
  it("returns the new call's id and starts CallStarted/CallOffered (RequestId 0) right away, CallDelivered after deliverMs", () => {
    const env = setup();
    const { callId } = env.sim.control.createCall({ serviceId: 200, ani: "5551000", dnis: "8002" });
    env.run(0);
    expect(seq(env.take(), "CallId", "RequestId")).toEqual([
      `CallStarted(CallId=${callId},RequestId=0)`,
      `CallOffered(CallId=${callId},RequestId=0)`,
    ]);
    env.run(10);
    expect(only(env.take(), "CallDelivered").v).toMatchObject({
      CallId: callId,
      ServiceId: 200,
      ANI: "5551000",
      DNIS: "8002",
    });
  });

  it.each([
    [{ serviceId: "100", ani: "1", dnis: "2" }, "serviceId"],
    [{ serviceId: 100, ani: 5, dnis: "2" }, "ani"],
    [{ serviceId: 100, ani: "1", dnis: "" }, "dnis"],
    [{ serviceId: 100, ani: "1", dnis: "2", callData: [{ key: "", value: "x" }] }, "callData[0].key"],
    [{ serviceId: 100, ani: "1", dnis: "2", callData: [{ key: "k", value: 1 }] }, "callData[0].value"],
  ])("rejects bad input %j with CTIPSKIT_E_CONTROL_INVALID naming %s, changing nothing", (input, field) => {
    const env = setup();
    const err = kitErrorOf(() => env.sim.control.createCall(input as never));
    expect(err).toMatchObject({ code: "CTIPSKIT_E_CONTROL_INVALID", details: { field } });
    env.run();
    expect(env.take()).toEqual([]);
    expect(env.sim.snapshot().calls).toEqual([]);
  });

  it("rejects an unknown service with CTIPSKIT_E_NOT_FOUND and a down Gateway with CTIPSKIT_E_ILLEGAL_STATE", () => {
    const env = setup();
    expect(kitErrorOf(() => env.sim.control.createCall({ serviceId: 999, ani: "1", dnis: "2" })).code).toBe(
      "CTIPSKIT_E_NOT_FOUND",
    );
    env.sim.control.setLink("Gateway", "down");
    expect(kitErrorOf(() => env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" })).code).toBe(
      "CTIPSKIT_E_ILLEGAL_STATE",
    );
    expect(env.sim.snapshot().calls).toEqual([]);
  });

  it("a call to a service that is not active goes to its reroute target, or is cleared Internal without one", () => {
    const env = setup();
    env.sim.control.setServiceState(200, "InActive");
    env.sim.control.createCall({ serviceId: 300, ani: "1", dnis: "2" });
    env.sim.control.createCall({ serviceId: 200, ani: "1", dnis: "2" });
    env.run();
    const ev = env.take().filter((e) => e.type === "CallDelivered" || e.type === "CallCleared");
    expect(seq(ev, "ServiceId", "ClearingPartyType")).toEqual([
      "CallDelivered(ServiceId=300)",
      "CallDelivered(ServiceId=100)",
      "CallDelivered(ServiceId=200)",
      "CallCleared(ServiceId=200,ClearingPartyType=Internal)",
    ]);
  });
});

describe("control.hangup", () => {
  it("a customer hanging up while queued clears the call with AgentId 0 and FarEnd, and it leaves the queue", () => {
    const env = setup();
    const { callId } = env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    env.run();
    env.take();
    env.sim.control.hangup(callId);
    env.run();
    expect(seq(env.take(), "AgentId", "ClearingPartyType")).toEqual([
      "CallCleared(AgentId=0,ClearingPartyType=FarEnd)",
      "CallEnd(AgentId=0)",
      "CallCompleted(AgentId=0)",
    ]);
    env.login("agent1");
    expect(env.take()).toEqual([]);
  });

  it("a customer hanging up while the call rings returns the agent to Idle without Wrap", () => {
    const env = setup();
    const a = env.login("agent1");
    const { callId } = env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    env.run();
    env.sim.control.hangup(callId);
    env.run();
    expect(agentStates(env.take(), a)).toEqual(["PendingActive", "Idle"]);
  });

  it("rejects an unknown call (NOT_FOUND), a non-integer id (CONTROL_INVALID) and a call without customer (ILLEGAL_STATE)", () => {
    const env = setup();
    expect(kitErrorOf(() => env.sim.control.hangup(777)).code).toBe("CTIPSKIT_E_NOT_FOUND");
    expect(kitErrorOf(() => env.sim.control.hangup("1" as never)).code).toBe("CTIPSKIT_E_CONTROL_INVALID");
    const a = env.login("agent1", "NotReady");
    env.req("MakeCall", { AgentIdx: a, CallId: -1, DestinationType: "NoDestination" });
    env.run();
    const c = only(env.take(), "CallStarted").v.CallId as number;
    expect(kitErrorOf(() => env.sim.control.hangup(c))).toMatchObject({
      code: "CTIPSKIT_E_ILLEGAL_STATE",
      message: expect.stringContaining("dialing"),
    });
  });
});

describe("control.answer", () => {
  it("answers the ringing call at the phone: CallEstablished and Active with RequestId 0", () => {
    const env = setup();
    env.login("agent1");
    env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    env.run();
    env.take();
    env.sim.control.answer("agent1");
    env.run(0);
    expect(seq(env.take(), "RequestId", "AgentState")).toEqual([
      "CallEstablished(RequestId=0)",
      "AgentStateChange(RequestId=0,AgentState=Active)",
    ]);
  });

  it("names the agent's state when nothing rings (ILLEGAL_STATE) and rejects unknown login names (NOT_FOUND)", () => {
    const env = setup();
    env.login("agent1");
    expect(kitErrorOf(() => env.sim.control.answer("agent1"))).toMatchObject({
      code: "CTIPSKIT_E_ILLEGAL_STATE",
      message: expect.stringContaining("Idle"),
    });
    expect(kitErrorOf(() => env.sim.control.answer("agent9")).code).toBe("CTIPSKIT_E_NOT_FOUND");
    expect(kitErrorOf(() => env.sim.control.answer("")).code).toBe("CTIPSKIT_E_CONTROL_INVALID");
  });

  it("an agent configured with autoAnswerMs answers by itself", () => {
    const topology: Topology = {
      ...defaultTopology,
      agents: defaultTopology.agents.map((ag) => (ag.agentId === 1001 ? { ...ag, autoAnswerMs: 500 } : ag)),
    };
    const env = setup({ topology });
    const a = env.login("agent1");
    env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    env.run(30);
    expect(agentStates(env.take(), a)).toEqual(["PendingActive"]);
    env.run(500);
    expect(types(env.take())).toEqual(["CallEstablished", "AgentStateChange"]);
  });
});

describe("control.setLink", () => {
  it("emits LinkStatus with TenantId 0 and blocks requests while CenterCord is down", () => {
    const env = setup();
    env.sim.control.setLink("CenterCord", "down");
    const down = env.req("GetAgentState", { AgentIdx: 1001 }).result;
    env.sim.control.setLink("CenterCord", "up");
    env.run(0);
    expect(seq(env.take(), "TenantId", "RequestId", "ComponentType", "ComponentState")).toEqual([
      "LinkStatus(TenantId=0,RequestId=0,ComponentType=CenterCord,ComponentState=Down)",
      "LinkStatus(TenantId=0,RequestId=0,ComponentType=CenterCord,ComponentState=Up)",
    ]);
    expect(down).toMatchObject({ ok: false, fault: { code: "RequestFailed" } });
    expect(env.req("GetAgentState", { AgentIdx: 1001 }).result).toEqual({ ok: true });
  });

  it("rejects unknown components and states", () => {
    const env = setup();
    expect(kitErrorOf(() => env.sim.control.setLink("Switch" as never, "down")).details).toMatchObject({
      field: "component",
    });
    expect(kitErrorOf(() => env.sim.control.setLink("Gateway", "flapping" as never)).details).toMatchObject({
      field: "state",
    });
  });
});

describe("control.setServiceState", () => {
  it("emits ServiceStateChange with the logged-in staff and distributes waiting calls when the service becomes Active", () => {
    const env = setup();
    env.sim.control.setServiceState(100, "Pause");
    const a = env.login("agent1");
    env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    env.run();
    expect(env.take().some((e) => e.type === "CallConnected")).toBe(false);
    env.sim.control.setServiceState(100, "Active");
    env.run();
    const ev = env.take();
    expect(only(ev, "ServiceStateChange").v).toMatchObject({
      RequestId: 0,
      ServiceId: 100,
      ServiceState: "Active",
      AgentIdList: [a],
      EventCategory: "EventCategoryAgent",
    });
    expect(ev.some((e) => e.type === "CallConnected")).toBe(true);
  });

  it("rejects an unknown state (CONTROL_INVALID) and service (NOT_FOUND)", () => {
    const env = setup();
    expect(kitErrorOf(() => env.sim.control.setServiceState(100, "Closed")).details).toMatchObject({
      field: "state",
    });
    expect(kitErrorOf(() => env.sim.control.setServiceState(999, "Active")).code).toBe(
      "CTIPSKIT_E_NOT_FOUND",
    );
    expect(env.sim.snapshot().services[0].ServiceState).toBe("Active");
  });
});

describe("control.reset and control.state", () => {
  it("state() dumps agents, calls and services", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const state = env.sim.control.state() as {
      agents: { state: string | null }[];
      calls: { callId: number; phase: string }[];
      services: unknown[];
    };
    expect(state.agents[0]).toMatchObject({
      agentId: a,
      login: "LoggedIn",
      state: "Active",
      calls: [{ callId: c1, party: "connected" }],
    });
    expect(state.calls).toEqual([
      expect.objectContaining({
        callId: c1,
        phase: "connected",
        parties: [
          { customer: "5551000", state: "connected" },
          { agentId: a, state: "connected" },
        ],
      }),
    ]);
    expect(state.services).toHaveLength(4);
  });

  it("reset() logs everyone out, drops calls, cancels pending timers and undelivered events", () => {
    const env = setup();
    env.login("agent1");
    env.sim.control.createCall({ serviceId: 400, ani: "1", dnis: "2" });
    env.sim.control.reset();
    env.run(10_000);
    expect(env.take()).toEqual([]);
    expect(env.sim.snapshot()).toMatchObject({ agents: [], calls: [] });
    expect(env.clock.pending()).toBe(0);
    const { callId } = env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    expect(callId).toBe(70_001);
  });
});

describe("the request envelope", () => {
  it("delivers no event before handle() returns, and events of one step in order", () => {
    const clock = createManualClock();
    const sim = createSimulator({ clock });
    const seen: SimEvent[] = [];
    sim.onEvent((e) => seen.push(e));
    const result = sim.handle(
      "LoginAgent",
      {
        SessionId: "s",
        RequestId: 5,
        TenantId: 1,
        AgentLoginName: "agent1",
        StationId: "",
        InitState: "Idle",
      },
      { sessionId: "s", tenantId: 1 },
    );
    expect(result).toEqual({ ok: true });
    expect(seen).toEqual([]);
    clock.advance(0);
    expect(seen.map((e) => e.type)).toEqual([
      "CTIAgentLoginStateChange",
      "CTIAudioPathStateChange",
      "CTIAgentStateChange",
    ]);
    expect(seen.every((e) => e.origin?.sessionId === "s" && e.origin.requestId === 5)).toBe(true);
  });

  it("spaces the events of a step by eventGapMs", () => {
    const env = setup({ timings: { eventGapMs: 100 } });
    env.req("LoginAgent", { AgentLoginName: "agent1", StationId: "", InitState: "Idle" });
    env.run(0);
    expect(types(env.take())).toEqual(["AgentLoginStateChange"]);
    env.run(100);
    expect(types(env.take())).toEqual(["AudioPathStateChange"]);
    env.run(100);
    expect(types(env.take())).toEqual(["AgentStateChange"]);
  });

  it("faults a TenantId other than the topology's with InvalidTenantId", () => {
    const env = setup();
    expect(env.req("GetAgentState", { AgentIdx: 1001, TenantId: 2 }).result).toMatchObject({
      ok: false,
      fault: { code: "InvalidTenantId" },
    });
  });

  it("refuses session operations and unknown names with CTIPSKIT_E_UNKNOWN_OPERATION; knows exactly the 18", () => {
    const env = setup();
    expect(kitErrorOf(() => env.sim.handle("OpenConnection", {}, { sessionId: "s", tenantId: 1 })).code).toBe(
      "CTIPSKIT_E_UNKNOWN_OPERATION",
    );
    expect(SIMULATOR_OPERATIONS).toHaveLength(18);
    for (const op of SIMULATOR_OPERATIONS) expect(contract().operation(op).service).toBe("server");
  });

  it("after close() cancels timers and refuses requests and control operations", () => {
    const env = setup();
    env.sim.control.createCall({ serviceId: 400, ani: "1", dnis: "2" });
    env.sim.close();
    expect(env.clock.pending()).toBe(0);
    expect(kitErrorOf(() => env.req("GetAgentState", { AgentIdx: 1001 })).code).toBe(
      "CTIPSKIT_E_ILLEGAL_STATE",
    );
    expect(kitErrorOf(() => env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" })).code).toBe(
      "CTIPSKIT_E_ILLEGAL_STATE",
    );
  });
});

describe("snapshot()", () => {
  it("returns schema-valid CTISnapShotAgentData, CTISnapShotCallData and CTISnapShotServiceData", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.sim.control.createCall({ serviceId: 400, ani: "1", dnis: "2" });
    env.run();
    const snap = env.sim.snapshot();
    for (const v of snap.agents) expect(contract().validate("CTISnapShotAgentData", v)).toEqual([]);
    for (const v of snap.calls) expect(contract().validate("CTISnapShotCallData", v)).toEqual([]);
    for (const v of snap.services) expect(contract().validate("CTISnapShotServiceData", v)).toEqual([]);
    expect(snap.agents[0]).toMatchObject({
      AgentId: a,
      AgentState: "Active",
      CallId: c1,
      AgentStationAddress: "4001",
    });
    expect(snap.calls.map((c) => [c.CallId, c.CallState, c.ServiceId])).toEqual([
      [c1, "CallEstablished", 100],
      [c1 + 1, "CallDelivered", 400],
    ]);
    expect(snap.services.find((s) => s.ServiceId === 400)).toEqual({
      ServiceId: 400,
      ServiceState: "Active",
      ExternalRoutingEnabled: true,
    });
  });
});
