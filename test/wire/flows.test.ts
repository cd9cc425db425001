/**
 * Chapter 2 and the Appendix E flows over real SOAP: the world is driven through the mock's
 * HTTP control plane, the client side through the recording client's requests, and each
 * test asserts what the client received, per call and per agent, with RequestIds (solicited
 * events carry the request's, unsolicited 0) and the key fields. The expectations follow
 * docs/flows.md (the in-process twins are in test/simulator/flows.test.ts). E-3 waits for a
 * route timeout and lives in route-timeout.timing.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  clearedAndCompleted,
  expectSequence,
  ofAgent,
  ofCall,
  ringsAndAnswered,
  transferredAway,
} from "./sequence.ts";
import {
  eventsSince,
  login,
  quiet,
  send,
  startWireWorld,
  waitEvent,
  waitState,
  type WireWorld,
} from "./world.ts";

let w: WireWorld;
beforeEach(async () => {
  w = await startWireWorld();
});
afterEach(async () => {
  await w.close();
});

/** A customer call to `serviceId` rings at `agentId`, who accepts it. */
async function establish(agentId: number, serviceId = 100) {
  const since = w.timeline.length;
  const c1 = await w.control.createCall(serviceId);
  await waitEvent(w.session, { type: "CallConnected", callId: c1 }, since);
  const ra = await send(w.session, "AcceptCall", { AgentIdx: agentId, CallId: c1, AcceptCall: true });
  await waitState(w.session, agentId, "Active", since);
  return { c1, ra };
}

/**
 * E-7/E-8/E-10/E-12/E-13 share the consultation leg: agent1 on a customer call consults
 * agent4 (via service 200, or by login name), and agent4 accepts.
 */
async function consult(via: "Service" | "Agent") {
  const s = w.session;
  const a = await login(s, "agent1");
  const start = w.timeline.length;
  const { c1, ra } = await establish(a);
  const b = await login(s, "agent4");
  const mark = w.timeline.length;
  const r1 = await send(s, "ConsultationCall", {
    AgentIdx: a,
    CallId: c1,
    DestinationType: via,
    DestinationAddress: via === "Service" ? "200" : "agent4",
  });
  const c2 = (await waitEvent(s, { type: "CallOriginated", requestId: r1 })).callId as number;
  await waitEvent(s, { type: "CallConnected", callId: c2 });
  const rb = await send(s, "AcceptCall", { AgentIdx: b, CallId: c2, AcceptCall: true });
  await waitEvent(s, { type: "CallConsultation", requestId: r1 });
  return { a, b, c1, c2, ra, r1, rb, start, mark };
}

describe("chapter 2: a call arrives at an inbound service and the client accepts it", () => {
  it("shows the call Started … Completed and the agent PendingActive, Active, Wrap, Idle with the requests' RequestIds", async () => {
    const s = w.session;
    const a = await login(s, "agent1");
    const mark = w.timeline.length;
    const c1 = await w.control.createCall(100, "5551234", "8001");
    await waitState(s, a, "PendingActive", mark);
    const r1 = await send(s, "AcceptCall", { AgentIdx: a, CallId: c1, AcceptCall: true });
    await waitState(s, a, "Active", mark);
    await w.control.hangup(c1);
    await waitEvent(s, { type: "CallEnd", callId: c1 });
    const r2 = await send(s, "SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 1 });
    await waitState(s, a, "Idle", mark);
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c1), [
      ["CallStarted", 0, { ServiceId: 100, AgentId: 0 }],
      ["CallOffered", 0, { ServiceId: 100 }],
      ["CallDelivered", 0, { ServiceId: 100, CallType: "InboundAcd", ANI: "5551234", DNIS: "8001" }],
      ["CallConnected", 0, { AgentId: a, ResponseRequired: true, CallType: "InboundAcd" }],
      ["CallEstablished", r1, { AgentId: a }],
      ["CallCleared", 0, { AgentId: a, ClearingPartyType: "FarEnd" }],
      ["CallEnd", 0, { AgentId: a, AgentDisposition: 0 }],
      ["CallCompleted", r2, { AgentId: a }],
    ]);
    expectSequence(ofAgent(ev, a), [...ringsAndAnswered(r1, { CallId: c1 }), ...clearedAndCompleted(r2)]);
  });
});

describe("E-2: a call arrives at an inbound service and the agent answers at the phone", () => {
  it("reports the answer, the states and the clearing as unsolicited events (RequestId 0)", async () => {
    const s = w.session;
    const a = await login(s, "agent2");
    const mark = w.timeline.length;
    const c1 = await w.control.createCall(200);
    await waitState(s, a, "PendingActive", mark);
    await w.control.answer("agent2");
    await waitState(s, a, "Active", mark);
    await w.control.hangup(c1);
    await waitEvent(s, { type: "CallEnd", callId: c1 });
    const r2 = await send(s, "SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 3 });
    await waitState(s, a, "Idle", mark);
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c1), [
      ["CallStarted", 0, { ServiceId: 200 }],
      ["CallOffered", 0, { ServiceId: 200 }],
      ["CallDelivered", 0, { ServiceId: 200 }],
      ["CallConnected", 0, { AgentId: a }],
      ["CallEstablished", 0, { AgentId: a }],
      ["CallCleared", 0, { AgentId: a, ClearingPartyType: "FarEnd" }],
      ["CallEnd", 0, { AgentId: a, AgentDisposition: 0 }],
      ["CallCompleted", r2, { AgentId: a }],
    ]);
    expectSequence(ofAgent(ev, a), [...ringsAndAnswered(0), ...clearedAndCompleted(r2)]);
  });
});

describe("E-4: route request, route select to a valid service", () => {
  it("answers RouteUsed with the select's RequestId, then delivers the call to the selected service and its agent", async () => {
    const s = w.session;
    const b = await login(s, "agent4");
    const mark = w.timeline.length;
    const c1 = await w.control.createCall(400);
    await waitEvent(s, { type: "RouteRequest", callId: c1 });
    const r1 = await send(s, "RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToService",
      DestinationAddress: "200",
    });
    await waitState(s, b, "PendingActive", mark);
    const r2 = await send(s, "AcceptCall", { AgentIdx: b, CallId: c1, AcceptCall: true });
    await waitState(s, b, "Active", mark);
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c1), [
      ["CallStarted", 0, { ServiceId: 400 }],
      ["CallOffered", 0, { ServiceId: 400 }],
      ["CallDelivered", 0, { ServiceId: 400 }],
      ["RouteRequest", 0, { ServiceId: 400, RouteTimeout: 5 }],
      [
        "RouteUsed",
        r1,
        { RouteStatus: "RouteSuccess", RouteType: "RouteToService", RouteDestination: "200", ServiceId: 400 },
      ],
      ["CallDelivered", 0, { ServiceId: 200, AgentId: 0 }],
      ["CallConnected", 0, { ServiceId: 200, AgentId: b }],
      ["CallEstablished", r2, { ServiceId: 200, AgentId: b }],
    ]);
    expectSequence(ofAgent(ev, b), [...ringsAndAnswered(r2)]);
  });
});

describe("E-5: blind transfer to an agent", () => {
  it("transfers, clears the first agent's leg into Wrap, and rings the second agent unsolicited", async () => {
    const s = w.session;
    const a = await login(s, "agent1");
    const mark = w.timeline.length;
    const { c1, ra } = await establish(a);
    const b = await login(s, "agent2");
    const r1 = await send(s, "TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Blind",
      DestinationType: "Agent",
      DestinationAddress: "agent2",
    });
    await waitState(s, b, "PendingActive", mark);
    const r2 = await send(s, "AcceptCall", { AgentIdx: b, CallId: c1, AcceptCall: true });
    await waitState(s, b, "Active", mark);
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c1), [
      ["CallStarted", 0],
      ["CallOffered", 0],
      ["CallDelivered", 0],
      ["CallConnected", 0, { AgentId: a }],
      ["CallEstablished", ra, { AgentId: a }],
      ["CallTransferred", r1, { AgentId: a, ConsultationAgentId: b, TransferredCallId: c1 }],
      ["CallCleared", r1, { AgentId: a, ClearingPartyType: "NearEnd" }],
      ["CallConnected", 0, { AgentId: b, OriginatingAgentId: a }],
      ["CallEstablished", r2, { AgentId: b }],
    ]);
    expectSequence(ofAgent(ev, a), [...ringsAndAnswered(ra), ...transferredAway(r1)]);
    expectSequence(ofAgent(ev, b).slice(-4), [...ringsAndAnswered(r2)]);
  });
});

describe("E-6: blind transfer to a valid service", () => {
  it("delivers the call to the service after the first agent's leg clears, and an agent there gets it", async () => {
    const s = w.session;
    const a = await login(s, "agent1");
    const { c1 } = await establish(a);
    const b = await login(s, "agent4");
    const mark = w.timeline.length;
    const r1 = await send(s, "TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Blind",
      DestinationType: "Service",
      DestinationAddress: "200",
    });
    await waitState(s, b, "PendingActive", mark);
    const r2 = await send(s, "AcceptCall", { AgentIdx: b, CallId: c1, AcceptCall: true });
    await waitState(s, b, "Active", mark);
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c1), [
      ["CallTransferred", r1, { AgentId: a, ServiceId: 100, ConsultationAgentId: 0 }],
      ["CallCleared", r1, { AgentId: a, ClearingPartyType: "NearEnd" }],
      ["CallDelivered", 0, { AgentId: 0, ServiceId: 200 }],
      ["CallConnected", 0, { AgentId: b, ServiceId: 200 }],
      ["CallEstablished", r2, { AgentId: b }],
    ]);
    expectSequence(ofAgent(ev, a), [...transferredAway(r1)]);
    expectSequence(ofAgent(ev, b), [...ringsAndAnswered(r2)]);
  });
});

describe("E-7: consult transfer to a service", () => {
  it("holds, originates, delivers, connects and consults; the transfer merges into the customer call and wraps the consulting agent", async () => {
    const s = w.session;
    const { a, b, c1, c2, r1, rb, mark } = await consult("Service");
    const r2 = await send(s, "TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Consultation",
      ConsultationCallId: c2,
    });
    await waitState(s, a, "Wrap", mark);
    await waitEvent(s, { type: "CallEnd", callId: c2 });
    // The customer now talks to B on c1; their hangup wraps B; both dispositions complete c1.
    await w.control.hangup(c1);
    await waitEvent(s, { type: "CallEnd", callId: c1 });
    const rda = await send(s, "SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 1 });
    await waitState(s, a, "Idle", mark);
    const rdb = await send(s, "SetDisposition", { AgentIdx: b, CallId: c1, DispositionId: 2 });
    await waitState(s, b, "Idle", mark);
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c2), [
      ["CallOriginated", r1, { AgentId: a, DestType: "Service", Destination: "200" }],
      ["CallDelivered", 0, { AgentId: 0, ServiceId: 200 }],
      ["CallConnected", 0, { AgentId: b, CallType: "InboundConsultation" }],
      ["CallEstablished", rb, { AgentId: b }],
      ["CallEnd", r2, { AgentId: b }],
    ]);
    expectSequence(ofCall(ev, c1), [
      ["CallHeld", r1, { AgentId: a }],
      ["CallConsultation", r1, { AgentId: a, ConsultationCallId: c2, ConsultationAgentId: b }],
      [
        "CallTransferred",
        r2,
        {
          AgentId: a,
          ConsultingCallId: c1,
          ConsultedCallId: c2,
          ConsultationAgentId: b,
          TransferredCallId: c1,
        },
      ],
      ["CallCleared", r2, { AgentId: a, ClearingPartyType: "NearEnd", ConsultationCallId: c2 }],
      ["CallCleared", 0, { AgentId: b, ClearingPartyType: "FarEnd" }],
      ["CallEnd", 0, { AgentId: b }],
      ["CallCompleted", rdb, { AgentId: b }],
    ]);
    expectSequence(ofAgent(ev, a), [
      ["CallHeld", r1],
      ["CallOriginated", r1],
      ["CallConsultation", r1],
      ...transferredAway(r2),
      ["AgentStateChange", rda, { AgentState: "Idle" }],
    ]);
    expectSequence(ofAgent(ev, b), [
      ["CallConnected", 0, { CallId: c2 }],
      ["AgentStateChange", 0, { AgentState: "PendingActive" }],
      ["CallEstablished", rb, { CallId: c2 }],
      ["AgentStateChange", rb, { AgentState: "Active" }],
      ["CallEnd", r2, { CallId: c2 }],
      ["CallCleared", 0, { CallId: c1 }],
      ["AgentStateChange", 0, { AgentState: "Wrap" }],
      ["CallEnd", 0, { CallId: c1 }],
      ["CallCompleted", rdb, { CallId: c1 }],
      ["AgentStateChange", rdb, { AgentState: "Idle" }],
    ]);
  });
});

describe("E-8: consult transfer to an agent", () => {
  it("rings the consulted agent right after CallOriginated, without a CallDelivered, and transfers to it", async () => {
    const s = w.session;
    const { a, b, c1, c2, r1, rb, mark } = await consult("Agent");
    const r2 = await send(s, "TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Consultation",
      ConsultationCallId: c2,
    });
    await waitEvent(s, { type: "CallEnd", callId: c2 });
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c2), [
      ["CallOriginated", r1, { AgentId: a, DestType: "Agent", Destination: String(b) }],
      ["CallConnected", 0, { AgentId: b, CallType: "InboundConsultation" }],
      ["CallEstablished", rb, { AgentId: b }],
      ["CallEnd", r2, { AgentId: b }],
    ]);
    expectSequence(ofCall(ev, c1), [
      ["CallHeld", r1, { AgentId: a }],
      ["CallConsultation", r1, { ConsultationCallId: c2, ConsultationAgentId: b }],
      ["CallTransferred", r2, { ConsultingCallId: c1, ConsultedCallId: c2, TransferredCallId: c1 }],
      ["CallCleared", r2, { AgentId: a, ClearingPartyType: "NearEnd" }],
    ]);
    expectSequence(ofAgent(ev, a), [
      ["CallHeld", r1],
      ["CallOriginated", r1],
      ["CallConsultation", r1],
      ...transferredAway(r2),
    ]);
    expectSequence(ofAgent(ev, b), [...ringsAndAnswered(rb), ["CallEnd", r2]]);
  });
});

describe("E-9: blind transfer to an unmanned service", () => {
  it("runs reroute logic: the call is delivered to the unmanned service, then to its reroute target and an agent there", async () => {
    const s = w.session;
    const a = await login(s, "agent1");
    const { c1 } = await establish(a);
    const b = await login(s, "agent2");
    const mark = w.timeline.length;
    const r1 = await send(s, "TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Blind",
      DestinationType: "Service",
      DestinationAddress: "300",
    });
    await waitState(s, b, "PendingActive", mark);
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c1), [
      ["CallTransferred", r1, { AgentId: a, ServiceId: 100 }],
      ["CallCleared", r1, { AgentId: a, ClearingPartyType: "NearEnd" }],
      ["CallDelivered", 0, { AgentId: 0, ServiceId: 300 }],
      ["CallDelivered", 0, { AgentId: 0, ServiceId: 100 }],
      ["CallConnected", 0, { AgentId: b, ServiceId: 100 }],
    ]);
    expectSequence(ofAgent(ev, a), [...transferredAway(r1)]);
    expectSequence(ofAgent(ev, b), [
      ["CallConnected", 0],
      ["AgentStateChange", 0, { AgentState: "PendingActive" }],
    ]);
  });
});

describe("E-10: 3-way conference with a service, the customer hangs up first", () => {
  it("conferences into the held call, then clears both agents' legs into Wrap and ends the call", async () => {
    const s = w.session;
    const { a, b, c1, c2, r1, mark } = await consult("Service");
    const r2 = await send(s, "ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: c2 });
    await waitEvent(s, { type: "CallEnd", callId: c2 });
    await w.control.hangup(c1);
    await waitEvent(s, { type: "CallEnd", callId: c1 });
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c1), [
      ["CallHeld", r1, { AgentId: a }],
      ["CallConsultation", r1, { ConsultationCallId: c2, ConsultationAgentId: b }],
      [
        "CallConferenced",
        r2,
        {
          AgentId: a,
          ConsultingCallId: c1,
          ConsultedCallId: c2,
          ConsultationAgentId: b,
          ConferenceCallId: c1,
        },
      ],
      ["CallCleared", 0, { AgentId: a, ClearingPartyType: "FarEnd" }],
      ["CallCleared", 0, { AgentId: b, ClearingPartyType: "FarEnd" }],
      ["CallEnd", 0, { AgentId: b }],
    ]);
    expectSequence(ofCall(ev, c2).slice(-1), [["CallEnd", r2, { AgentId: b }]]);
    expectSequence(ofAgent(ev, a).slice(-3), [
      ["CallConferenced", r2],
      ["CallCleared", 0],
      ["AgentStateChange", 0, { AgentState: "Wrap", CallId: c1 }],
    ]);
    expectSequence(ofAgent(ev, b).slice(-4), [
      ["CallEnd", r2, { CallId: c2 }],
      ["CallCleared", 0, { CallId: c1 }],
      ["AgentStateChange", 0, { AgentState: "Wrap", CallId: c1 }],
      ["CallEnd", 0, { CallId: c1 }],
    ]);
  });
});

describe("E-11: agent to agent (internal call)", () => {
  it("starts, originates and rings the other agent; ClearCall clears both legs, ends the call; dispositions complete it", async () => {
    const s = w.session;
    const a = await login(s, "agent1", "NotReady");
    const b = await login(s, "agent2");
    const mark = w.timeline.length;
    const r1 = await send(s, "MakeCall", {
      AgentIdx: a,
      CallId: -1,
      DestinationType: "Agent",
      DestinationAddress: "agent2",
    });
    const c1 = (await waitEvent(s, { type: "CallStarted", requestId: r1 })).callId as number;
    await waitState(s, b, "PendingActive", mark);
    const r2 = await send(s, "AcceptCall", { AgentIdx: b, CallId: c1, AcceptCall: true });
    await waitState(s, b, "Active", mark);
    const r3 = await send(s, "ClearCall", { AgentIdx: a, CallId: c1 });
    await waitEvent(s, { type: "CallEnd", callId: c1 });
    const r4 = await send(s, "SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 1 });
    await waitState(s, a, "NotReady", mark);
    const r5 = await send(s, "SetDisposition", { AgentIdx: b, CallId: c1, DispositionId: 1 });
    await waitState(s, b, "Idle", mark);
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c1), [
      ["CallStarted", r1, { AgentId: a, SwitchId: 0, CircuitId: 0, ChannelId: 0 }],
      ["CallOriginated", r1, { AgentId: a, DestType: "Agent", Destination: String(b) }],
      ["CallConnected", 0, { AgentId: b, CallType: "InboundInternal", OriginatingAgentId: a }],
      ["CallEstablished", r2, { AgentId: b }],
      ["CallCleared", r3, { AgentId: a, ClearingPartyType: "NearEnd" }],
      ["CallCleared", r3, { AgentId: b, ClearingPartyType: "FarEnd" }],
      ["CallEnd", r3, { AgentId: b }],
      ["CallCompleted", r5, { AgentId: b }],
    ]);
    expectSequence(ofAgent(ev, a), [
      ["CallStarted", r1],
      ["CallOriginated", r1],
      ["AgentStateChange", r1, { AgentState: "Active" }],
      ["CallCleared", r3],
      ["AgentStateChange", r3, { AgentState: "Wrap" }],
      ["AgentStateChange", r4, { AgentState: "NotReady" }],
    ]);
    expectSequence(ofAgent(ev, b), [
      ...ringsAndAnswered(r2),
      ["CallCleared", r3],
      ["AgentStateChange", r3, { AgentState: "Wrap" }],
      ["CallEnd", r3],
      ["CallCompleted", r5],
      ["AgentStateChange", r5, { AgentState: "Idle" }],
    ]);
  });
});

describe("E-12: 3-way conference with an agent, the customer hangs up first", () => {
  it("conferences the consulted agent in, then clears both agents and ends the conference", async () => {
    const s = w.session;
    const { a, b, c1, c2, r1, rb, mark } = await consult("Agent");
    const r2 = await send(s, "ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: c2 });
    await waitEvent(s, { type: "CallEnd", callId: c2 });
    await w.control.hangup(c1);
    await waitEvent(s, { type: "CallEnd", callId: c1 });
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(ev, c1), [
      ["CallHeld", r1, { AgentId: a }],
      ["CallConsultation", r1, { ConsultationCallId: c2, ConsultationAgentId: b }],
      ["CallConferenced", r2, { ConferenceCallId: c1, ConsultedCallId: c2, ConsultationAgentId: b }],
      ["CallCleared", 0, { AgentId: a, ClearingPartyType: "FarEnd" }],
      ["CallCleared", 0, { AgentId: b, ClearingPartyType: "FarEnd" }],
      ["CallEnd", 0, { AgentId: b }],
    ]);
    expectSequence(ofCall(ev, c2), [
      ["CallOriginated", r1, { DestType: "Agent" }],
      ["CallConnected", 0, { AgentId: b }],
      ["CallEstablished", rb, { AgentId: b }],
      ["CallEnd", r2, { AgentId: b }],
    ]);
    expect(
      ofAgent(ev, a)
        .filter((e) => e.name === "AgentStateChange")
        .map((e) => e.payload),
    ).toEqual([expect.objectContaining({ AgentState: "Wrap", CallId: c1, RequestId: 0 })]);
    expect(
      ofAgent(ev, b)
        .filter((e) => e.name === "AgentStateChange")
        .map((e) => (e.payload as { AgentState: string }).AgentState),
    ).toEqual(["PendingActive", "Active", "Wrap"]);
  });
});

describe("E-13: the conference initiator hangs up", () => {
  it("clears only the initiator's leg; the customer and the other agent stay until the customer hangs up", async () => {
    const s = w.session;
    const { a, b, c1, c2, mark } = await consult("Agent");
    const r2 = await send(s, "ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: c2 });
    await waitEvent(s, { type: "CallEnd", callId: c2 });
    const r3 = await send(s, "ClearCall", { AgentIdx: a, CallId: c1 });
    await waitState(s, a, "Wrap", mark);
    await quiet(w.timeline);
    const cleared = eventsSince(s, mark);
    const state = (await w.control.call("GET", "state")) as { calls: { callId: number; phase: string }[] };
    expect(state.calls.find((c) => c.callId === c1)?.phase).toBe("connected");

    const afterClear = w.timeline.length;
    await w.control.hangup(c1);
    await waitEvent(s, { type: "CallEnd", callId: c1 });
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    expectSequence(ofCall(cleared, c1).slice(-2), [
      ["CallConferenced", r2, { ConferenceCallId: c1 }],
      ["CallCleared", r3, { AgentId: a, ClearingPartyType: "NearEnd" }],
    ]);
    expectSequence(ofAgent(cleared, a).slice(-3), [
      ["CallConferenced", r2],
      ["CallCleared", r3],
      ["AgentStateChange", r3, { AgentState: "Wrap", CallId: c1 }],
    ]);
    expectSequence(ofCall(eventsSince(s, afterClear), c1), [
      ["CallCleared", 0, { AgentId: b, ClearingPartyType: "FarEnd" }],
      ["CallEnd", 0, { AgentId: b }],
    ]);
    expectSequence(ofAgent(ev, b).slice(-3), [
      ["CallCleared", 0, { CallId: c1 }],
      ["AgentStateChange", 0, { AgentState: "Wrap", CallId: c1 }],
      ["CallEnd", 0, { CallId: c1 }],
    ]);
    expect(ofAgent(eventsSince(s, afterClear), a)).toEqual([]);
  });
});
