/**
 * Chapter 2's inbound call and the Appendix E flows, driven through the control operations
 * and requests; each asserts the sequence per call and per agent with RequestIds.
 * The mock's choices are written down in docs/flows.md.
 */
import { describe, expect, it } from "vitest";
import { agentStates, connectedTo, establish, ofAgent, ofCall, only, seq, setup, types } from "./helpers.ts";

const K = ["CallId", "AgentId", "RequestId"];

describe("chapter 2 / E-2: a call arrives at an inbound service", () => {
  it("goes Started, Offered, Delivered, Connected, Established, Cleared, End, Completed with the agent PendingActive, Active, Wrap, Idle", () => {
    const env = setup();
    const a = env.login("agent1");
    const { callId: c1 } = env.sim.control.createCall({ serviceId: 100, ani: "5551234", dnis: "8001" });
    env.run();
    const { rid: r1 } = env.req("AcceptCall", { AgentIdx: a, CallId: c1, AcceptCall: true });
    env.run();
    env.sim.control.hangup(c1);
    env.run();
    const { rid: r2 } = env.req("SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 1 });
    env.run();
    const ev = env.take();

    expect(seq(ev, "AgentState", "RequestId")).toEqual([
      "CallStarted(RequestId=0)",
      "CallOffered(RequestId=0)",
      "CallDelivered(RequestId=0)",
      "CallConnected(RequestId=0)",
      "AgentStateChange(AgentState=PendingActive,RequestId=0)",
      `CallEstablished(RequestId=${r1})`,
      `AgentStateChange(AgentState=Active,RequestId=${r1})`,
      "CallCleared(RequestId=0)",
      "AgentStateChange(AgentState=Wrap,RequestId=0)",
      "CallEnd(RequestId=0)",
      `CallCompleted(RequestId=${r2})`,
      `AgentStateChange(AgentState=Idle,RequestId=${r2})`,
    ]);
    expect(ofCall(ev, c1).map((e) => e.v.ServiceId)).toEqual(Array(8).fill(100));
    expect(only(ev, "CallDelivered").v).toMatchObject({
      ANI: "5551234",
      DNIS: "8001",
      CallType: "InboundAcd",
      AgentId: 0,
    });
    expect(only(ev, "CallConnected").v).toMatchObject({
      AgentId: a,
      ResponseRequired: true,
      CallType: "InboundAcd",
    });
    expect(only(ev, "CallCleared").v).toMatchObject({ AgentId: a, ClearingPartyType: "FarEnd" });
    expect(only(ev, "CallEnd").v).toMatchObject({ AgentDisposition: 0 });
    const seqIds = new Set(ofCall(ev, c1).map((e) => e.v.CallSequenceId));
    expect(seqIds.size).toBe(1);
    expect(only(ev, "CallCompleted").v.ChannelId).toBe(only(ev, "CallStarted").v.ChannelId);
  });
});

describe("E-3: route request, route select to an invalid destination", () => {
  it("rejects the select, then default-routes after the service's RouteTimeout with RequestId 0", () => {
    const env = setup();
    const a = env.login("agent1");
    const { callId: c1 } = env.sim.control.createCall({ serviceId: 400, ani: "5551234", dnis: "8004" });
    env.run(10);
    const routed = env.take();
    expect(seq(routed, "ServiceId", "RequestId")).toEqual([
      "CallStarted(ServiceId=400,RequestId=0)",
      "CallOffered(ServiceId=400,RequestId=0)",
      "CallDelivered(ServiceId=400,RequestId=0)",
      "RouteRequest(ServiceId=400,RequestId=0)",
    ]);
    expect(only(routed, "RouteRequest").v).toMatchObject({ CallId: c1, RouteTimeout: 5 });

    const { rid: r1, result } = env.req("RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToService",
      DestinationAddress: "999",
    });
    expect(result.ok).toBe(true);
    env.run(0);
    expect(seq(env.take(), "RequestId", "RouteRejectReason")).toEqual([
      `RouteRejected(RequestId=${r1},RouteRejectReason=NoRouteToDestination)`,
    ]);

    // RouteRequest went out at +10 ms; the default route follows exactly RouteTimeout (5000 ms) later.
    env.run(5_000 - 1);
    expect(env.take()).toEqual([]);
    env.run(1);
    expect(seq(env.take(), "RequestId", "RouteStatus", "RouteType", "RouteDestination", "ServiceId")).toEqual(
      [
        "RouteUsed(RequestId=0,RouteStatus=RouteDefaultUsed,RouteType=RouteToService,RouteDestination=100,ServiceId=400)",
        "CallDelivered(RequestId=0,ServiceId=100)",
      ],
    );
    env.run();
    const ev = env.take();
    expect(seq(ev, "RequestId", "ServiceId", "AgentState")).toEqual([
      "CallConnected(RequestId=0,ServiceId=100)",
      "AgentStateChange(RequestId=0,ServiceId=100,AgentState=PendingActive)",
    ]);
    expect(connectedTo(ev, a)).toBe(c1);
  });
});

describe("E-4: route request, route select to a valid service", () => {
  it("answers RouteUsed with the select's RequestId, then delivers the call to the selected service", () => {
    const env = setup();
    const { callId: c1 } = env.sim.control.createCall({ serviceId: 400, ani: "5551234", dnis: "8004" });
    env.run();
    const b = env.login("agent4");
    const { rid: r1 } = env.req("RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToService",
      DestinationAddress: "200",
    });
    env.run();
    const { rid: r2 } = env.req("AcceptCall", { AgentIdx: b, CallId: c1, AcceptCall: true });
    env.run();
    const ev = env.take();
    expect(seq(ev, ...K, "ServiceId", "RouteStatus")).toEqual([
      `RouteUsed(CallId=${c1},AgentId=0,RequestId=${r1},ServiceId=400,RouteStatus=RouteSuccess)`,
      `CallDelivered(CallId=${c1},AgentId=0,RequestId=0,ServiceId=200)`,
      `CallConnected(CallId=${c1},AgentId=${b},RequestId=0,ServiceId=200)`,
      `AgentStateChange(CallId=${c1},AgentId=${b},RequestId=0,ServiceId=200)`,
      `CallEstablished(CallId=${c1},AgentId=${b},RequestId=${r2},ServiceId=200)`,
      `AgentStateChange(CallId=${c1},AgentId=${b},RequestId=${r2},ServiceId=200)`,
    ]);
    expect(only(ev, "RouteUsed").v).toMatchObject({ RouteType: "RouteToService", RouteDestination: "200" });
    expect(agentStates(ev, b)).toEqual(["PendingActive", "Active"]);
  });
});

describe("E-5: blind transfer to an agent", () => {
  it("transfers, clears the first agent into Wrap, and rings the second agent", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const b = env.login("agent2");
    const { rid: r1 } = env.req("TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Blind",
      DestinationType: "Agent",
      DestinationAddress: "agent2",
    });
    env.run();
    const { rid: r2 } = env.req("AcceptCall", { AgentIdx: b, CallId: c1, AcceptCall: true });
    env.run();
    const ev = env.take();
    expect(seq(ev, ...K, "AgentState")).toEqual([
      `CallTransferred(CallId=${c1},AgentId=${a},RequestId=${r1})`,
      `CallCleared(CallId=${c1},AgentId=${a},RequestId=${r1})`,
      `AgentStateChange(CallId=${c1},AgentId=${a},RequestId=${r1},AgentState=Wrap)`,
      `CallConnected(CallId=${c1},AgentId=${b},RequestId=0)`,
      `AgentStateChange(CallId=${c1},AgentId=${b},RequestId=0,AgentState=PendingActive)`,
      `CallEstablished(CallId=${c1},AgentId=${b},RequestId=${r2})`,
      `AgentStateChange(CallId=${c1},AgentId=${b},RequestId=${r2},AgentState=Active)`,
    ]);
    expect(only(ev, "CallTransferred").v).toMatchObject({
      ConsultationAgentId: b,
      TransferredCallId: c1,
      TransferredCallSwitchId: 1,
    });
    expect(only(ev, "CallCleared").v.ClearingPartyType).toBe("NearEnd");
    expect(only(ev, "CallConnected").v.OriginatingAgentId).toBe(a);
  });
});

describe("E-6: blind transfer to a valid service", () => {
  it("delivers the call to the service after the first agent's leg clears", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const b = env.login("agent4");
    const { rid: r1 } = env.req("TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Blind",
      DestinationType: "Service",
      DestinationAddress: "200",
    });
    env.run();
    const ev = env.take();
    expect(seq(ev, ...K, "ServiceId")).toEqual([
      `CallTransferred(CallId=${c1},AgentId=${a},RequestId=${r1},ServiceId=100)`,
      `CallCleared(CallId=${c1},AgentId=${a},RequestId=${r1},ServiceId=100)`,
      `AgentStateChange(CallId=${c1},AgentId=${a},RequestId=${r1},ServiceId=100)`,
      `CallDelivered(CallId=${c1},AgentId=0,RequestId=0,ServiceId=200)`,
      `CallConnected(CallId=${c1},AgentId=${b},RequestId=0,ServiceId=200)`,
      `AgentStateChange(CallId=${c1},AgentId=${b},RequestId=0,ServiceId=200)`,
    ]);
  });
});

/** E-7/E-8/E-10/E-12 share the consultation leg: A consults B (by service or by login name) and B answers. */
function consult(env: ReturnType<typeof setup>, via: "Service" | "Agent") {
  const a = env.login("agent1");
  const c1 = establish(env, a);
  const b = env.login("agent4");
  const { rid: r1 } = env.req("ConsultationCall", {
    AgentIdx: a,
    CallId: c1,
    DestinationType: via,
    DestinationAddress: via === "Service" ? "200" : "agent4",
  });
  env.run();
  const c2 = connectedTo(env.all(), b);
  const { rid: rb } = env.req("AcceptCall", { AgentIdx: b, CallId: c2, AcceptCall: true });
  env.run();
  return { a, b, c1, c2, r1, rb, ev: env.take() };
}

describe("E-7: consult transfer to a service", () => {
  it("holds, originates, delivers, connects, consults, then transfers and wraps the consulting agent", () => {
    const env = setup();
    const { a, b, c1, c2, r1, rb, ev } = consult(env, "Service");
    expect(seq(ev, ...K)).toEqual([
      `CallHeld(CallId=${c1},AgentId=${a},RequestId=${r1})`,
      `CallOriginated(CallId=${c2},AgentId=${a},RequestId=${r1})`,
      `CallDelivered(CallId=${c2},AgentId=0,RequestId=0)`,
      `CallConnected(CallId=${c2},AgentId=${b},RequestId=0)`,
      `AgentStateChange(CallId=${c2},AgentId=${b},RequestId=0)`,
      `CallEstablished(CallId=${c2},AgentId=${b},RequestId=${rb})`,
      `AgentStateChange(CallId=${c2},AgentId=${b},RequestId=${rb})`,
      `CallConsultation(CallId=${c1},AgentId=${a},RequestId=${r1})`,
    ]);
    expect(only(ev, "CallOriginated").v).toMatchObject({ DestType: "Service", Destination: "200" });
    expect(only(ev, "CallConnected").v.CallType).toBe("InboundConsultation");
    expect(only(ev, "CallConsultation").v).toMatchObject({ ConsultationCallId: c2, ConsultationAgentId: b });
    expect(only(ev, "CallConsultation").origin).toEqual({ sessionId: "s1", requestId: r1 });

    const { rid: r2 } = env.req("TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Consultation",
      ConsultationCallId: c2,
    });
    env.run();
    const t = env.take();
    expect(seq(t, ...K, "AgentState")).toEqual([
      `CallTransferred(CallId=${c1},AgentId=${a},RequestId=${r2})`,
      `CallCleared(CallId=${c1},AgentId=${a},RequestId=${r2})`,
      `AgentStateChange(CallId=${c1},AgentId=${a},RequestId=${r2},AgentState=Wrap)`,
      `CallEnd(CallId=${c2},AgentId=${b},RequestId=${r2})`,
    ]);
    expect(only(t, "CallTransferred").v).toMatchObject({
      ConsultingCallId: c1,
      ConsultedCallId: c2,
      ConsultationAgentId: b,
      TransferredCallId: c1,
    });
    expect(only(t, "CallCleared").v).toMatchObject({ ConsultationCallId: c2, ClearingPartyType: "NearEnd" });

    // The customer now talks to B on c1; when they hang up B wraps and the call ends.
    env.sim.control.hangup(c1);
    env.run();
    const end = env.take();
    expect(seq(end, ...K, "ClearingPartyType")).toEqual([
      `CallCleared(CallId=${c1},AgentId=${b},RequestId=0,ClearingPartyType=FarEnd)`,
      `AgentStateChange(CallId=${c1},AgentId=${b},RequestId=0)`,
      `CallEnd(CallId=${c1},AgentId=${b},RequestId=0)`,
    ]);
    env.req("SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 1 });
    env.run();
    expect(ofCall(env.take(), c1)).toEqual([]);
    const { rid: rd } = env.req("SetDisposition", { AgentIdx: b, CallId: c1, DispositionId: 2 });
    env.run();
    expect(seq(env.take(), ...K)).toEqual([
      `CallCompleted(CallId=${c1},AgentId=${b},RequestId=${rd})`,
      `AgentStateChange(CallId=0,AgentId=${b},RequestId=${rd})`,
    ]);
  });
});

describe("E-8: consult transfer to an agent", () => {
  it("rings the consulted agent in the same step, without a CallDelivered", () => {
    const env = setup();
    const { a, b, c1, c2, r1, rb, ev } = consult(env, "Agent");
    expect(seq(ev, ...K)).toEqual([
      `CallHeld(CallId=${c1},AgentId=${a},RequestId=${r1})`,
      `CallOriginated(CallId=${c2},AgentId=${a},RequestId=${r1})`,
      `CallConnected(CallId=${c2},AgentId=${b},RequestId=0)`,
      `AgentStateChange(CallId=${c2},AgentId=${b},RequestId=0)`,
      `CallEstablished(CallId=${c2},AgentId=${b},RequestId=${rb})`,
      `AgentStateChange(CallId=${c2},AgentId=${b},RequestId=${rb})`,
      `CallConsultation(CallId=${c1},AgentId=${a},RequestId=${r1})`,
    ]);
    expect(only(ev, "CallOriginated").v).toMatchObject({ DestType: "Agent", Destination: String(b) });
    const { rid: r2 } = env.req("TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Consultation",
      ConsultationCallId: c2,
    });
    env.run();
    const t = env.take();
    expect(types(t)).toEqual(["CallTransferred", "CallCleared", "AgentStateChange", "CallEnd"]);
    expect(t.every((e) => e.v.RequestId === r2)).toBe(true);
    expect(agentStates(t, a)).toEqual(["Wrap"]);
    expect(env.sim.snapshot().calls).toEqual([expect.objectContaining({ CallId: c1, AgentId: b })]);
  });
});

describe("E-9: blind transfer to an unmanned service", () => {
  it("runs reroute logic: delivered to the unmanned service, then to its reroute target and an agent there", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const b = env.login("agent2");
    const { rid: r1 } = env.req("TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Blind",
      DestinationType: "Service",
      DestinationAddress: "300",
    });
    env.run();
    const ev = env.take();
    expect(seq(ev, "AgentId", "RequestId", "ServiceId")).toEqual([
      `CallTransferred(AgentId=${a},RequestId=${r1},ServiceId=100)`,
      `CallCleared(AgentId=${a},RequestId=${r1},ServiceId=100)`,
      `AgentStateChange(AgentId=${a},RequestId=${r1},ServiceId=100)`,
      "CallDelivered(AgentId=0,RequestId=0,ServiceId=300)",
      "CallDelivered(AgentId=0,RequestId=0,ServiceId=100)",
      `CallConnected(AgentId=${b},RequestId=0,ServiceId=100)`,
      `AgentStateChange(AgentId=${b},RequestId=0,ServiceId=100)`,
    ]);
  });
});

describe("E-10: 3-way conference with a service, the customer hangs up first", () => {
  it("conferences into the held call, then clears both agents' legs into Wrap and ends the call", () => {
    const env = setup();
    const { a, b, c1, c2 } = consult(env, "Service");
    const { rid: r2 } = env.req("ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: c2 });
    env.run();
    const conf = env.take();
    expect(seq(conf, ...K)).toEqual([
      `CallConferenced(CallId=${c1},AgentId=${a},RequestId=${r2})`,
      `CallEnd(CallId=${c2},AgentId=${b},RequestId=${r2})`,
    ]);
    expect(only(conf, "CallConferenced").v).toMatchObject({
      ConsultingCallId: c1,
      ConsultedCallId: c2,
      ConsultationAgentId: b,
      ConferenceCallId: c1,
    });

    env.sim.control.hangup(c1);
    env.run();
    const ev = env.take();
    expect(seq(ev, ...K, "ClearingPartyType", "AgentState")).toEqual([
      `CallCleared(CallId=${c1},AgentId=${a},RequestId=0,ClearingPartyType=FarEnd)`,
      `AgentStateChange(CallId=${c1},AgentId=${a},RequestId=0,AgentState=Wrap)`,
      `CallCleared(CallId=${c1},AgentId=${b},RequestId=0,ClearingPartyType=FarEnd)`,
      `AgentStateChange(CallId=${c1},AgentId=${b},RequestId=0,AgentState=Wrap)`,
      `CallEnd(CallId=${c1},AgentId=${b},RequestId=0)`,
    ]);
  });
});

describe("E-11: agent to agent (internal call)", () => {
  it("starts, originates and rings the other agent; ClearCall clears both legs and ends the call", () => {
    const env = setup();
    const a = env.login("agent1", "NotReady");
    const b = env.login("agent2");
    const { rid: r1 } = env.req("MakeCall", {
      AgentIdx: a,
      CallId: -1,
      DestinationType: "Agent",
      DestinationAddress: "agent2",
    });
    env.run();
    const c1 = connectedTo(env.all(), b);
    const { rid: r2 } = env.req("AcceptCall", { AgentIdx: b, CallId: c1, AcceptCall: true });
    env.run();
    const { rid: r3 } = env.req("ClearCall", { AgentIdx: a, CallId: c1 });
    env.run();
    env.req("SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 1 });
    env.run();
    const { rid: r5 } = env.req("SetDisposition", { AgentIdx: b, CallId: c1, DispositionId: 1 });
    env.run();
    const ev = env.take();
    expect(seq(ofCall(ev, c1), "AgentId", "RequestId")).toEqual([
      `CallStarted(AgentId=${a},RequestId=${r1})`,
      `CallOriginated(AgentId=${a},RequestId=${r1})`,
      `CallConnected(AgentId=${b},RequestId=0)`,
      `CallEstablished(AgentId=${b},RequestId=${r2})`,
      `CallCleared(AgentId=${a},RequestId=${r3})`,
      `CallCleared(AgentId=${b},RequestId=${r3})`,
      `CallEnd(AgentId=${b},RequestId=${r3})`,
      `CallCompleted(AgentId=${b},RequestId=${r5})`,
    ]);
    expect(agentStates(ev, a)).toEqual(["Active", "Wrap", "NotReady"]);
    expect(agentStates(ev, b)).toEqual(["PendingActive", "Active", "Wrap", "Idle"]);
    expect(only(ev, "CallConnected").v).toMatchObject({ CallType: "InboundInternal", OriginatingAgentId: a });
    expect(only(ev, "CallStarted").v).toMatchObject({ SwitchId: 0, CircuitId: 0, ChannelId: 0 });
    expect(
      ofCall(ev, c1)
        .filter((e) => e.type === "CallCleared")
        .map((e) => e.v.ClearingPartyType),
    ).toEqual(["NearEnd", "FarEnd"]);
  });
});

describe("E-12: 3-way conference with an agent, the customer hangs up first", () => {
  it("clears both agents and ends the conference", () => {
    const env = setup();
    const { a, b, c1, c2 } = consult(env, "Agent");
    env.req("ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: c2 });
    env.run();
    env.take();
    env.sim.control.hangup(c1);
    env.run();
    const ev = env.take();
    expect(types(ofCall(ev, c1))).toEqual(["CallCleared", "CallCleared", "CallEnd"]);
    expect(agentStates(ev, a)).toEqual(["Wrap"]);
    expect(agentStates(ev, b)).toEqual(["Wrap"]);
  });
});

describe("E-13: the conference initiator hangs up", () => {
  it("clears only the initiator's leg; the customer and the other agent stay until one of them clears", () => {
    const env = setup();
    const { a, b, c1, c2 } = consult(env, "Agent");
    env.req("ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: c2 });
    env.run();
    env.take();
    const { rid: r3 } = env.req("ClearCall", { AgentIdx: a, CallId: c1 });
    env.run();
    const ev = env.take();
    expect(seq(ev, ...K, "ClearingPartyType", "AgentState")).toEqual([
      `CallCleared(CallId=${c1},AgentId=${a},RequestId=${r3},ClearingPartyType=NearEnd)`,
      `AgentStateChange(CallId=${c1},AgentId=${a},RequestId=${r3},AgentState=Wrap)`,
    ]);
    expect(env.sim.snapshot().calls).toEqual([expect.objectContaining({ CallId: c1, AgentId: b })]);
    env.sim.control.hangup(c1);
    env.run();
    const end = env.take();
    expect(seq(end, ...K)).toEqual([
      `CallCleared(CallId=${c1},AgentId=${b},RequestId=0)`,
      `AgentStateChange(CallId=${c1},AgentId=${b},RequestId=0)`,
      `CallEnd(CallId=${c1},AgentId=${b},RequestId=0)`,
    ]);
    expect(ofAgent(end, a)).toEqual([]);
  });
});
