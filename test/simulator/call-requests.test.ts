/**
 * The eleven call-control requests: each success path and its failures (faults for bad
 * arguments, CallRequestFailed for unknown agents and calls and wrong states).
 */
import { describe, expect, it } from "vitest";
import { defaultTopology, type Topology } from "../../src/mock-ctips/simulator/topology.ts";
import { agentStates, connectedTo, type Env, establish, ofCall, only, seq, setup, types } from "./helpers.ts";

const fault = (code: string) => ({ ok: false, fault: { code, message: expect.any(String) } });

function failure(env: Env): Record<string, unknown> {
  env.run();
  return only(env.take(), "CallRequestFailed").v;
}

describe("AcceptCall", () => {
  it("accepted: CallEstablished and AgentStateChange(Active) carry the RequestId", () => {
    const env = setup();
    const a = env.login("agent1");
    const { callId } = env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    env.run();
    env.take();
    const { rid } = env.req("AcceptCall", { AgentIdx: a, CallId: callId, AcceptCall: true });
    env.run();
    expect(seq(env.take(), "RequestId", "AgentState")).toEqual([
      `CallEstablished(RequestId=${rid})`,
      `AgentStateChange(RequestId=${rid},AgentState=Active)`,
    ]);
  });

  it("rejected with a reason: the agent's leg clears NearEnd, the agent goes NotReady and the call is queued again for the next agent", () => {
    const env = setup();
    const a = env.login("agent1");
    const { callId } = env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    env.run();
    const b = env.login("agent2");
    const { rid } = env.req("AcceptCall", {
      AgentIdx: a,
      CallId: callId,
      AcceptCall: false,
      RejectReasonCode: 1,
    });
    env.run();
    const ev = env.take();
    expect(seq(ev, "AgentId", "RequestId", "AgentState")).toEqual([
      `CallCleared(AgentId=${a},RequestId=${rid})`,
      `AgentStateChange(AgentId=${a},RequestId=${rid},AgentState=NotReady)`,
      "CallDelivered(AgentId=0,RequestId=0)",
      `CallConnected(AgentId=${b},RequestId=0)`,
      `AgentStateChange(AgentId=${b},RequestId=0,AgentState=PendingActive)`,
    ]);
    expect(only(ev, "CallCleared").v.ClearingPartyType).toBe("NearEnd");
  });

  it("fails when the call is not ringing at the agent, the call is unknown, or the agent is unknown", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.req("AcceptCall", { AgentIdx: a, CallId: c1, AcceptCall: true });
    env.req("AcceptCall", { AgentIdx: a, CallId: 999, AcceptCall: true });
    env.req("AcceptCall", { AgentIdx: 5, CallId: c1, AcceptCall: true });
    env.run();
    expect(seq(env.take(), "AgentId", "CallId", "FailureType")).toEqual([
      `CallRequestFailed(AgentId=${a},CallId=${c1},FailureType=InvalidStateForRequest)`,
      `CallRequestFailed(AgentId=${a},CallId=999,FailureType=InvalidCallId)`,
      `CallRequestFailed(AgentId=5,CallId=${c1},FailureType=InvalidAgent)`,
    ]);
  });

  it("refuses a reject without a configured reason when RejectReasonRequired", () => {
    const env = setup();
    const d = env.login("agent4");
    const { callId } = env.sim.control.createCall({ serviceId: 200, ani: "1", dnis: "2" });
    env.run();
    expect(only(env.take(), "CallConnected").v.RejectReasonRequired).toBe(true);
    env.req("AcceptCall", { AgentIdx: d, CallId: callId, AcceptCall: false, RejectReasonCode: 0 });
    expect(failure(env)).toMatchObject({
      FailureType: "RequestFailed",
      FailureReason: expect.stringContaining("RejectReasonCode 0"),
    });
  });

  it("refuses AcceptCall for a call presented with ResponseRequired false", () => {
    const topology: Topology = {
      ...defaultTopology,
      agents: defaultTopology.agents.map((ag) =>
        ag.agentId === 1001 ? { ...ag, responseRequired: false } : ag,
      ),
    };
    const env = setup({ topology });
    const a = env.login("agent1");
    const { callId } = env.sim.control.createCall({ serviceId: 100, ani: "1", dnis: "2" });
    env.run();
    expect(only(env.take(), "CallConnected").v.ResponseRequired).toBe(false);
    env.req("AcceptCall", { AgentIdx: a, CallId: callId, AcceptCall: true });
    expect(failure(env).FailureType).toBe("InvalidStateForRequest");
  });

  it("faults CallId 0", () => {
    const env = setup();
    expect(env.req("AcceptCall", { AgentIdx: 1001, CallId: 0, AcceptCall: true }).result).toEqual(
      fault("InvalidCallId"),
    );
  });
});

describe("ClearCall", () => {
  it("clears a two-party call NearEnd: CallCleared, Wrap, CallEnd with the RequestId", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const { rid } = env.req("ClearCall", { AgentIdx: a, CallId: c1 });
    env.run();
    const ev = env.take();
    expect(seq(ev, "RequestId", "ClearingPartyType", "AgentState")).toEqual([
      `CallCleared(RequestId=${rid},ClearingPartyType=NearEnd)`,
      `AgentStateChange(RequestId=${rid},AgentState=Wrap)`,
      `CallEnd(RequestId=${rid})`,
    ]);
  });

  it("fails for an agent not on the call and for an unknown call", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const b = env.login("agent2");
    env.req("ClearCall", { AgentIdx: b, CallId: c1 });
    env.req("ClearCall", { AgentIdx: a, CallId: 4242 });
    env.run();
    expect(seq(env.take(), "AgentId", "FailureType")).toEqual([
      `CallRequestFailed(AgentId=${b},FailureType=InvalidStateForRequest)`,
      `CallRequestFailed(AgentId=${a},FailureType=InvalidCallId)`,
    ]);
  });
});

/** A on c1 consulting B (agent4) by login name, B answered. */
function consulted(env: Env) {
  const a = env.login("agent1");
  const c1 = establish(env, a);
  const b = env.login("agent4");
  env.req("ConsultationCall", {
    AgentIdx: a,
    CallId: c1,
    DestinationType: "Agent",
    DestinationAddress: "agent4",
  });
  env.run();
  const c2 = connectedTo(env.take(), b);
  env.req("AcceptCall", { AgentIdx: b, CallId: c2, AcceptCall: true });
  env.run();
  env.take();
  return { a, b, c1, c2 };
}

describe("ConferenceCall", () => {
  it("joins the held call and its consultation into one call", () => {
    const env = setup();
    const { a, b, c1, c2 } = consulted(env);
    const { rid } = env.req("ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: c2 });
    env.run();
    expect(only(env.take(), "CallConferenced").v).toMatchObject({
      RequestId: rid,
      CallId: c1,
      ConferenceCallId: c1,
      ConsultationAgentId: b,
    });
    expect(env.sim.snapshot().calls.map((c) => c.CallId)).toEqual([c1]);
  });

  it("fails without a consultation and for an unknown consultation call; faults ConsultationCallId 0", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const b = env.login("agent2");
    const c3 = establish(env, b);
    env.req("ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: c3 });
    env.req("ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: 31337 });
    env.run();
    expect(env.take().map((e) => e.v.FailureType)).toEqual(["InvalidStateForRequest", "InvalidCallId"]);
    expect(env.req("ConferenceCall", { AgentIdx: a, CallId: c1, ConsultationCallId: 0 }).result).toEqual(
      fault("InvalidCallId"),
    );
  });
});

describe("ConsultationCall", () => {
  it("to an external number: CallHeld, CallOriginated(External) with the RequestId; the far end answers later with CallEstablished(0) and CallConsultation", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const { rid } = env.req("ConsultationCall", {
      AgentIdx: a,
      CallId: c1,
      DestinationType: "External",
      DestinationAddress: "5550100",
    });
    env.run(0);
    const first = env.take();
    expect(seq(first, "RequestId")).toEqual([
      `CallHeld(RequestId=${rid})`,
      `CallOriginated(RequestId=${rid})`,
    ]);
    const c2 = only(first, "CallOriginated").v.CallId as number;
    expect(only(first, "CallOriginated").v).toMatchObject({
      DestType: "External",
      Destination: "5550100",
      CallProgressSignal: "Ringing",
    });
    env.run(30);
    const answered = env.take();
    expect(seq(answered, "CallId", "RequestId")).toEqual([
      `CallEstablished(CallId=${c2},RequestId=0)`,
      `CallConsultation(CallId=${c1},RequestId=${rid})`,
    ]);
    expect(only(answered, "CallConsultation").v).toMatchObject({
      ConsultationCallId: c2,
      ConsultationAgentId: 0,
    });
  });

  it("fails with DestinationAgentNotAvailable or InvalidAgentName and leaves the call unheld", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.login("agent2", "NotReady");
    env.req("ConsultationCall", {
      AgentIdx: a,
      CallId: c1,
      DestinationType: "Agent",
      DestinationAddress: "agent2",
    });
    env.req("ConsultationCall", {
      AgentIdx: a,
      CallId: c1,
      DestinationType: "Agent",
      DestinationAddress: "agent9",
    });
    env.run();
    expect(env.take().map((e) => e.v.FailureType)).toEqual([
      "DestinationAgentNotAvailable",
      "InvalidAgentName",
    ]);
    expect(env.sim.snapshot().calls[0].CallState).toBe("CallEstablished");
  });

  it("fails on a held call with InvalidStateForRequest", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.req("HoldCall", { AgentIdx: a, CallId: c1 });
    env.req("ConsultationCall", {
      AgentIdx: a,
      CallId: c1,
      DestinationType: "External",
      DestinationAddress: "5550100",
    });
    env.run();
    expect(types(env.take())).toEqual(["CallHeld", "CallRequestFailed"]);
  });

  it("faults DestinationType NoDestination and an empty address", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const r1 = env.req("ConsultationCall", {
      AgentIdx: a,
      CallId: c1,
      DestinationType: "NoDestination",
      DestinationAddress: "x",
    }).result;
    const r2 = env.req("ConsultationCall", {
      AgentIdx: a,
      CallId: c1,
      DestinationType: "Agent",
      DestinationAddress: "",
    }).result;
    expect([r1, r2]).toEqual([fault("InvalidDestination"), fault("InvalidDestination")]);
  });
});

describe("GetCallData", () => {
  it("returns the call's data with GetCallDataReturned", () => {
    const env = setup();
    const a = env.login("agent1");
    const { callId } = env.sim.control.createCall({
      serviceId: 100,
      ani: "1",
      dnis: "2",
      callData: [{ key: "Account", value: "A-17" }],
    });
    env.run();
    const { rid } = env.req("GetCallData", { AgentIdx: a, CallId: callId });
    env.run();
    expect(only(env.take(), "CallDataUpdate").v).toMatchObject({
      RequestId: rid,
      UpdateType: "GetCallDataReturned",
      CallData: [
        { key: "Language", value: "en" },
        { key: "Account", value: "A-17" },
      ],
    });
  });

  it("answers GetCallDataNotReturned for a call without data", () => {
    const env = setup();
    const a = env.login("agent1", "NotReady");
    env.req("MakeCall", { AgentIdx: a, CallId: -1, DestinationType: "NoDestination" });
    env.run();
    const c = only(env.take(), "CallStarted").v.CallId as number;
    env.req("GetCallData", { AgentIdx: a, CallId: c });
    env.run();
    expect(only(env.take(), "CallDataUpdate").v).toMatchObject({
      UpdateType: "GetCallDataNotReturned",
      CallData: [],
    });
  });

  it("fails an unknown call with CallRequestFailed(InvalidCallId)", () => {
    const env = setup();
    const a = env.login("agent1");
    env.req("GetCallData", { AgentIdx: a, CallId: 8080 });
    expect(failure(env)).toMatchObject({ CallId: 8080, FailureType: "InvalidCallId" });
  });
});

describe("SetCallData", () => {
  it("merges key=value items (bare values as UserData{n}) and reports SetCallDataSucceeded with the whole data", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const { rid } = env.req("SetCallData", { AgentIdx: a, CallId: c1, UserData: ["Language=fr", "VIP"] });
    env.run();
    expect(only(env.take(), "CallDataUpdate").v).toMatchObject({
      RequestId: rid,
      UpdateType: "SetCallDataSucceeded",
      CallData: [
        { key: "Language", value: "fr" },
        { key: "UserData2", value: "VIP" },
      ],
    });
  });

  it("fails on a call that has ended with InvalidCallId and faults more than 20 items", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.sim.control.hangup(c1);
    env.req("SetCallData", { AgentIdx: a, CallId: c1, UserData: ["k=v"] });
    expect(failure(env).FailureReason).toContain("ended");
    const many = Array.from({ length: 21 }, (_, i) => `k${i}=v`);
    expect(env.req("SetCallData", { AgentIdx: a, CallId: c1, UserData: many }).result).toEqual(
      fault("InvalidParameter"),
    );
  });
});

describe("HoldCall and RetrieveCall", () => {
  it("hold then retrieve: CallHeld and CallRetrieved with their RequestIds, the agent stays Active", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const { rid: r1 } = env.req("HoldCall", { AgentIdx: a, CallId: c1 });
    const { rid: r2 } = env.req("RetrieveCall", { AgentIdx: a, CallId: c1 });
    env.run();
    const ev = env.take();
    expect(seq(ev, "CallId", "RequestId")).toEqual([
      `CallHeld(CallId=${c1},RequestId=${r1})`,
      `CallRetrieved(CallId=${c1},RequestId=${r2})`,
    ]);
    expect(agentStates(ev, a)).toEqual([]);
  });

  it("fails holding a held call and retrieving a call that is not held", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.req("RetrieveCall", { AgentIdx: a, CallId: c1 });
    env.req("HoldCall", { AgentIdx: a, CallId: c1 });
    env.req("HoldCall", { AgentIdx: a, CallId: c1 });
    env.run();
    expect(seq(env.take(), "FailureType")).toEqual([
      "CallRequestFailed(FailureType=InvalidStateForRequest)",
      "CallHeld",
      "CallRequestFailed(FailureType=InvalidStateForRequest)",
    ]);
  });
});

describe("MakeCall", () => {
  it("to a service: the call is started, originated and queued at the service for another agent", () => {
    const env = setup();
    const a = env.login("agent1", "NotReady");
    const d = env.login("agent4");
    const { rid } = env.req("MakeCall", {
      AgentIdx: a,
      CallId: -1,
      DestinationType: "Service",
      DestinationAddress: "200",
    });
    env.run();
    const ev = env.take();
    expect(seq(ev, "AgentId", "RequestId")).toEqual([
      `CallStarted(AgentId=${a},RequestId=${rid})`,
      `CallOriginated(AgentId=${a},RequestId=${rid})`,
      `AgentStateChange(AgentId=${a},RequestId=${rid})`,
      "CallDelivered(AgentId=0,RequestId=0)",
      `CallConnected(AgentId=${d},RequestId=0)`,
      `AgentStateChange(AgentId=${d},RequestId=0)`,
    ]);
    expect(only(ev, "CallDelivered").v).toMatchObject({ ServiceId: 200, CallType: "InboundInternal" });
  });

  it("to an external number: OutboundMakecall on a trunk, established by the far end with RequestId 0", () => {
    const env = setup();
    const a = env.login("agent1", "NotReady");
    const { rid } = env.req("MakeCall", {
      AgentIdx: a,
      CallId: -1,
      DestinationType: "External",
      DestinationAddress: "+15550100",
    });
    env.run();
    const ev = env.take();
    expect(seq(ev, "RequestId", "AgentState")).toEqual([
      `CallStarted(RequestId=${rid})`,
      `CallOriginated(RequestId=${rid})`,
      `AgentStateChange(RequestId=${rid},AgentState=Active)`,
      "CallEstablished(RequestId=0)",
    ]);
    expect(only(ev, "CallStarted").v.ChannelId).toBeGreaterThan(0);
    expect(env.sim.snapshot().calls[0]).toMatchObject({
      CallType: "OutboundMakecall",
      DestType: "External",
      Destination: "+15550100",
    });
  });

  it("with no destination: dial tone (CallProgressSignal None), then SendDTMFDigits dials", () => {
    const env = setup();
    const a = env.login("agent1", "NotReady");
    env.req("MakeCall", { AgentIdx: a, CallId: -1, DestinationType: "NoDestination" });
    env.run();
    const orig = only(env.take(), "CallOriginated").v;
    expect(orig).toMatchObject({ DestType: "NoDestination", CallProgressSignal: "None" });
    const { rid } = env.req("SendDTMFDigits", { AgentIdx: a, CallId: orig.CallId, DtmfDigits: "5550100#" });
    env.run();
    expect(only(env.take(), "DigitsDialed").v).toMatchObject({ RequestId: rid, DigitString: "5550100#" });
  });

  it("wrap dial: from Wrap only with WrapState, back to Wrap for both calls after", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.sim.control.hangup(c1);
    env.run();
    env.take();
    env.req("MakeCall", {
      AgentIdx: a,
      CallId: -1,
      DestinationType: "External",
      DestinationAddress: "5550100",
      WrapState: false,
    });
    expect(failure(env).FailureReason).toContain("WrapState");
    env.req("MakeCall", {
      AgentIdx: a,
      CallId: -1,
      DestinationType: "External",
      DestinationAddress: "5550100",
      WrapState: true,
    });
    env.run();
    const c2 = only(env.take(), "CallStarted").v.CallId as number;
    env.req("ClearCall", { AgentIdx: a, CallId: c2 });
    env.run();
    const { rid } = env.req("SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 1 });
    env.run();
    const ev = env.all();
    expect(agentStates(ev, a).slice(-4)).toEqual(["Wrap", "Active", "Wrap", "Idle"]);
    expect(ev.filter((e) => e.type === "CallCompleted").map((e) => [e.v.CallId, e.v.RequestId])).toEqual([
      [c1, rid],
      [c2, rid],
    ]);
  });

  it("fails for an agent already on a call; a multiline agent goes MultiLine instead", () => {
    const env = setup();
    const a = env.login("agent1");
    establish(env, a);
    env.req("MakeCall", {
      AgentIdx: a,
      CallId: -1,
      DestinationType: "External",
      DestinationAddress: "5550100",
    });
    expect(failure(env).FailureType).toBe("InvalidStateForRequest");

    env.req("LoginAgent", { AgentLoginName: "agent3", StationId: "", InitState: "NotReady", MultiLine: 1 });
    env.run();
    const m = only(env.take(), "AgentLoginStateChange").v.AgentId as number;
    env.req("MakeCall", {
      AgentIdx: m,
      CallId: -1,
      DestinationType: "External",
      DestinationAddress: "5550100",
    });
    env.req("MakeCall", {
      AgentIdx: m,
      CallId: -1,
      DestinationType: "External",
      DestinationAddress: "5550101",
    });
    env.run();
    expect(agentStates(env.take(), m)).toEqual(["Active", "MultiLine"]);
  });

  it("faults CallId -2 and a DestinationType INVALID", () => {
    const env = setup();
    const a = env.login("agent1");
    expect(
      env.req("MakeCall", { AgentIdx: a, CallId: -2, DestinationType: "External", DestinationAddress: "1" })
        .result,
    ).toEqual(fault("InvalidCallId"));
    expect(env.req("MakeCall", { AgentIdx: a, CallId: -1, DestinationType: "INVALID" }).result).toEqual(
      fault("InvalidDestination"),
    );
    expect(
      env.req("MakeCall", {
        AgentIdx: a,
        CallId: -1,
        DestinationType: "External",
        DestinationAddress: "call me",
      }).result,
    ).toEqual(fault("InvalidDestination"));
  });
});

describe("SendDTMFDigits", () => {
  it("dials on a connected call: DigitsDialed with the digits and the RequestId", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const { rid } = env.req("SendDTMFDigits", { AgentIdx: a, CallId: c1, DtmfDigits: "1" });
    env.run();
    expect(only(env.take(), "DigitsDialed").v).toMatchObject({
      RequestId: rid,
      CallId: c1,
      DigitString: "1",
    });
  });

  it("fails on a held call and faults digits that are not DTMF", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.req("HoldCall", { AgentIdx: a, CallId: c1 });
    env.req("SendDTMFDigits", { AgentIdx: a, CallId: c1, DtmfDigits: "9" });
    env.run();
    expect(types(env.take())).toEqual(["CallHeld", "CallRequestFailed"]);
    expect(env.req("SendDTMFDigits", { AgentIdx: a, CallId: c1, DtmfDigits: "x" }).result).toEqual(
      fault("InvalidParameter"),
    );
  });
});

describe("TransferCall", () => {
  it("blind to an external number hands the call out; it ends when the customer hangs up", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    const { rid } = env.req("TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Blind",
      DestinationType: "External",
      DestinationAddress: "5550100",
    });
    env.run();
    expect(seq(env.take(), "RequestId")).toEqual([
      `CallTransferred(RequestId=${rid})`,
      `CallCleared(RequestId=${rid})`,
      `AgentStateChange(RequestId=${rid})`,
    ]);
    env.sim.control.hangup(c1);
    env.run();
    expect(seq(ofCall(env.take(), c1), "AgentId")).toEqual([
      "CallCleared(AgentId=0)",
      "CallEnd(AgentId=1001)",
    ]);
  });

  it("blind to a busy agent fails with DestinationAgentNotAvailable and leaves the call with the agent", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.login("agent2", "NotReady");
    env.req("TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Blind",
      DestinationType: "Agent",
      DestinationAddress: "agent2",
    });
    expect(failure(env)).toMatchObject({ CallId: c1, FailureType: "DestinationAgentNotAvailable" });
    expect(env.sim.snapshot().calls[0]).toMatchObject({ AgentId: a, CallState: "CallEstablished" });
  });

  it("blind to an inactive service without a reroute target fails with NoActiveService", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.sim.control.setServiceState(200, "Holiday");
    env.req("TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Blind",
      DestinationType: "Service",
      DestinationAddress: "200",
    });
    expect(failure(env).FailureType).toBe("NoActiveService");
  });

  it("a consultation transfer without an answered consultation fails with InvalidStateForRequest", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    env.req("ConsultationCall", {
      AgentIdx: a,
      CallId: c1,
      DestinationType: "External",
      DestinationAddress: "5550100",
    });
    env.run(0);
    const c2 = only(env.take(), "CallOriginated").v.CallId as number;
    env.req("TransferCall", {
      AgentIdx: a,
      CallId: c1,
      TransferType: "Consultation",
      ConsultationCallId: c2,
    });
    expect(failure(env).FailureType).toBe("InvalidStateForRequest");
  });

  it("faults TransferType INVALID and a blind transfer without an address", () => {
    const env = setup();
    const a = env.login("agent1");
    const c1 = establish(env, a);
    expect(env.req("TransferCall", { AgentIdx: a, CallId: c1, TransferType: "INVALID" }).result).toEqual(
      fault("InvalidParameter"),
    );
    expect(
      env.req("TransferCall", { AgentIdx: a, CallId: c1, TransferType: "Blind", DestinationType: "Agent" })
        .result,
    ).toEqual(fault("InvalidDestination"));
  });
});
