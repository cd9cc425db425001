/**
 * RouteSelect and external routing: RouteRequest (RequestId 0) when a call reaches an
 * externally routed service, RouteUsed / RouteRejected / RouteRequestFailed answering a
 * select, and default routing (RouteUsed 0, RouteDefaultUsed) after RouteTimeout.
 */
import { describe, expect, it } from "vitest";
import { defaultTopology, type Topology } from "../../src/mock-ctips/simulator/topology.ts";
import { connectedTo, type Env, only, seq, setup } from "./helpers.ts";

const fault = (code: string) => ({ ok: false, fault: { code, message: expect.any(String) } });

/** A call waiting at service 400 for a RouteSelect; the log is taken. */
function awaitingRoute(env: Env): number {
  const { callId } = env.sim.control.createCall({
    serviceId: 400,
    ani: "5551234",
    dnis: "8004",
    callData: [{ key: "FirstName", value: "Ada" }],
  });
  env.run(10);
  const req = only(env.take(), "RouteRequest").v;
  expect(req).toMatchObject({ RequestId: 0, CallId: callId, ServiceId: 400, AgentId: 0 });
  return callId;
}

describe("RouteRequest", () => {
  it("carries the call's data and the timeout in seconds, unsolicited", () => {
    const env = setup();
    const { callId } = env.sim.control.createCall({
      serviceId: 400,
      ani: "5551234",
      dnis: "8004",
      callData: [{ key: "FirstName", value: "Ada" }],
    });
    env.run(10);
    const e = only(env.take(), "RouteRequest");
    expect(e.origin).toBeUndefined();
    expect(e.v).toMatchObject({
      CallId: callId,
      RouteTimeout: 5,
      MediaType: "VoiceAnalog",
      CallInfo: {
        ANI: "5551234",
        DNIS: "8004",
        FirstName: "Ada",
        CallData: [
          { key: "Language", value: "en" },
          { key: "FirstName", value: "Ada" },
        ],
      },
    });
  });
});

describe("RouteSelect", () => {
  it("to an agent by login name: RouteUsed(RouteSuccess, RouteToAgent, the AgentId) then the agent's phone rings", () => {
    const env = setup();
    const c1 = awaitingRoute(env);
    const a = env.login("agent2", "Reserved");
    const { rid, result } = env.req("RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToAgent",
      DestinationAddress: "agent2",
    });
    expect(result).toEqual({ ok: true });
    env.run();
    const ev = env.take();
    expect(seq(ev, "RequestId", "AgentId")).toEqual([
      `RouteUsed(RequestId=${rid},AgentId=0)`,
      `CallConnected(RequestId=0,AgentId=${a})`,
      `AgentStateChange(RequestId=0,AgentId=${a})`,
    ]);
    expect(only(ev, "RouteUsed").v).toMatchObject({
      RouteStatus: "RouteSuccess",
      RouteType: "RouteToAgent",
      RouteDestination: String(a),
    });
  });

  it("to an agent by index (AgentId) works too", () => {
    const env = setup();
    const c1 = awaitingRoute(env);
    const a = env.login("agent1");
    env.req("RouteSelect", { CallId: c1, RouteActionType: "RouteToAgent", DestinationAddress: String(a) });
    env.run();
    expect(connectedTo(env.take(), a)).toBe(c1);
  });

  it("to an external number: RouteUsed(RouteToExternal) and the call leaves for that number", () => {
    const env = setup();
    const c1 = awaitingRoute(env);
    const { rid } = env.req("RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToExternal",
      DestinationAddress: "5550199",
    });
    env.run();
    expect(only(env.take(), "RouteUsed").v).toMatchObject({
      RequestId: rid,
      RouteType: "RouteToExternal",
      RouteDestination: "5550199",
    });
    expect(env.sim.snapshot().calls[0]).toMatchObject({
      CallId: c1,
      DestType: "External",
      Destination: "5550199",
    });
  });

  it("to default: RouteUsed(RouteSuccess, RouteToDefault) with the RequestId, then the reroute target", () => {
    const env = setup();
    const c1 = awaitingRoute(env);
    const { rid } = env.req("RouteSelect", { CallId: c1, RouteActionType: "RouteToDefault" });
    env.run(0);
    expect(seq(env.take(), "RequestId", "RouteStatus", "RouteType", "RouteDestination", "ServiceId")).toEqual(
      [
        `RouteUsed(RequestId=${rid},RouteStatus=RouteSuccess,RouteType=RouteToDefault,RouteDestination=100,ServiceId=400)`,
        "CallDelivered(RequestId=0,ServiceId=100)",
      ],
    );
    env.run(6_000);
    expect(env.take()).toEqual([]);
  });

  it("to an unknown service or agent: RouteRejected(NoRouteToDestination); the call still awaits a route", () => {
    const env = setup();
    const c1 = awaitingRoute(env);
    const { rid: r1 } = env.req("RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToService",
      DestinationAddress: "999",
    });
    const { rid: r2 } = env.req("RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToAgent",
      DestinationAddress: "ghost",
    });
    const { rid: r3 } = env.req("RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToService",
      DestinationAddress: "200",
    });
    env.run(0);
    expect(seq(env.take(), "RequestId", "RouteRejectReason", "RouteStatus")).toEqual([
      `RouteRejected(RequestId=${r1},RouteRejectReason=NoRouteToDestination)`,
      `RouteRejected(RequestId=${r2},RouteRejectReason=NoRouteToDestination)`,
      `RouteUsed(RequestId=${r3},RouteStatus=RouteSuccess)`,
      "CallDelivered(RequestId=0)",
    ]);
  });

  it("to an agent who is not available: RouteRequestFailed(DestinationAgentNotAvailable)", () => {
    const env = setup();
    const c1 = awaitingRoute(env);
    env.login("agent1", "NotReady");
    const { rid } = env.req("RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToAgent",
      DestinationAddress: "agent1",
    });
    env.run(0);
    expect(only(env.take(), "RouteRequestFailed").v).toMatchObject({
      RequestId: rid,
      CallId: c1,
      FailureType: "DestinationAgentNotAvailable",
    });
  });

  it("for a call already routed: RouteRejected(CallAlreadyRouted); for a cleared call: CallCleared; for an unknown call: RouteRequestFailed(InvalidCallId)", () => {
    const env = setup();
    const c1 = awaitingRoute(env);
    env.req("RouteSelect", { CallId: c1, RouteActionType: "RouteToService", DestinationAddress: "100" });
    env.req("RouteSelect", { CallId: c1, RouteActionType: "RouteToService", DestinationAddress: "200" });
    env.sim.control.hangup(c1);
    env.req("RouteSelect", { CallId: c1, RouteActionType: "RouteToService", DestinationAddress: "200" });
    env.req("RouteSelect", { CallId: 12345, RouteActionType: "RouteToService", DestinationAddress: "200" });
    env.run();
    const answers = env.take().filter((e) => e.type.startsWith("Route"));
    expect(seq(answers, "RouteRejectReason", "FailureType")).toEqual([
      "RouteUsed",
      "RouteRejected(RouteRejectReason=CallAlreadyRouted)",
      "RouteRejected(RouteRejectReason=CallCleared)",
      "RouteRequestFailed(FailureType=InvalidCallId)",
    ]);
  });

  it("faults a route type outside the four, an empty destination and CallId 0", () => {
    const env = setup();
    const c1 = awaitingRoute(env);
    expect(
      env.req("RouteSelect", { CallId: c1, RouteActionType: "Ivr", DestinationAddress: "1" }).result,
    ).toEqual(fault("InvalidRouteType"));
    expect(env.req("RouteSelect", { CallId: c1, RouteActionType: "INVALID" }).result).toEqual(
      fault("InvalidRouteType"),
    );
    expect(
      env.req("RouteSelect", { CallId: c1, RouteActionType: "RouteToService", DestinationAddress: "" })
        .result,
    ).toEqual(fault("InvalidDestination"));
    expect(
      env.req("RouteSelect", { CallId: c1, RouteActionType: "RouteToService", DestinationAddress: "Sales" })
        .result,
    ).toEqual(fault("InvalidDestination"));
    expect(env.req("RouteSelect", { CallId: 0, RouteActionType: "RouteToDefault" }).result).toEqual(
      fault("InvalidCallId"),
    );
    env.run(0);
    expect(env.take()).toEqual([]);
  });
});

describe("RouteTimeout", () => {
  it("uses the timing override when given: RouteUsed(RequestId 0, RouteDefaultUsed) exactly after it, and a late select is rejected", () => {
    const env = setup({ timings: { routeTimeoutMs: 50 } });
    const c1 = awaitingRoute(env);
    env.run(49);
    expect(env.take()).toEqual([]);
    env.run(1);
    const used = only(env.take(), "RouteUsed");
    expect(used.origin).toBeUndefined();
    expect(used.v).toMatchObject({
      RequestId: 0,
      CallId: c1,
      RouteStatus: "RouteDefaultUsed",
      RouteType: "RouteToService",
      RouteDestination: "100",
    });
    env.req("RouteSelect", { CallId: c1, RouteActionType: "RouteToService", DestinationAddress: "200" });
    env.run(0);
    expect(only(env.take(), "RouteRejected").v.RouteRejectReason).toBe("CallAlreadyRouted");
  });

  it("clears the call (ClearingPartyType Internal) when the service has no reroute target", () => {
    const topology: Topology = {
      ...defaultTopology,
      services: defaultTopology.services.map((svc) =>
        svc.serviceId === 400 ? { ...svc, rerouteServiceId: undefined } : svc,
      ),
    };
    const env = setup({ topology, timings: { routeTimeoutMs: 50 } });
    const c1 = awaitingRoute(env);
    env.run(50);
    const ev = env.take();
    expect(seq(ev, "RequestId", "RouteStatus", "RouteType", "ClearingPartyType")).toEqual([
      "RouteUsed(RequestId=0,RouteStatus=RouteDefaultUsed,RouteType=RouteToDefault)",
      "CallCleared(RequestId=0,ClearingPartyType=Internal)",
      "CallEnd(RequestId=0)",
      "CallCompleted(RequestId=0)",
    ]);
    expect(ev.every((e) => e.v.CallId === c1)).toBe(true);
  });
});
