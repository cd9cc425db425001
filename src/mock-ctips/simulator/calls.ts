/**
 * Call control: the requests AcceptCall … SendDTMFDigits (answer or reject, clear,
 * conference, consultation, call data, hold, retrieve, MakeCall, digits, transfer) and the
 * control operations that make the world happen (a customer calls, hangs up, an agent
 * answers at the phone). @see EDK 2-1, EDK 3-12 … 3-19, EDK 4-9 … 4-23
 *
 * Imports routing.ts (delivery to a service, destination syntax), call-distribution.ts
 * (ringing, answering, clearing, agent states), call-data.ts, events.ts and world.ts; only
 * simulator.ts imports it.
 */
import { KitError } from "../../contract/errors.ts";
import { mergeCallData, parseUserData } from "./call-data.ts";
import {
  answer,
  available,
  clearCall,
  emitConsultation,
  emitEstablished,
  endCall,
  present,
  removeAgent,
  settle,
} from "./call-distribution.ts";
import { fill } from "./events.ts";
import { checkDestinationSyntax, deliverToService, QUEUEING_STATES } from "./routing.ts";
import type { CreateCallInput } from "./types.ts";
import {
  type AgentParty,
  type AgentRt,
  type CallRt,
  Fault,
  type Origin,
  type ServiceRt,
  type TrunkParty,
  type World,
} from "./world.ts";

type Args = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");

// ---------------------------------------------------------------------------------------
// Building blocks

export function newCall(w: World, init: Partial<CallRt> & Pick<CallRt, "callType" | "serviceId">): CallRt {
  const call: CallRt = {
    callId: w.newCallId(),
    seq: init.seq ?? w.newSequenceId(),
    ani: "",
    dnis: "",
    callData: [],
    phase: "offered",
    callState: "CallStarted",
    parties: [],
    trunk: null,
    started: false,
    consultOf: null,
    consultOrigin: null,
    consultingAgentId: 0,
    consultation: null,
    destType: "NoDestination",
    destination: "",
    originatingAgentId: 0,
    route: null,
    wrapPending: new Set(),
    disposition: 0,
    lastAgentId: 0,
    timer: null,
    ...init,
  };
  w.calls.set(call.callId, call);
  return call;
}

function trunkParty(call: CallRt): TrunkParty | undefined {
  return call.parties.find((p): p is TrunkParty => p.kind === "trunk");
}

function otherAgent(call: CallRt, agentId: number): number {
  return call.parties.find((p): p is AgentParty => p.kind === "agent" && p.agentId !== agentId)?.agentId ?? 0;
}

/** Dials an external number; it answers after farEndAnswerMs. */
function dialExternal(w: World, call: CallRt, number: string): void {
  call.parties.push({ kind: "trunk", role: "external", address: number, state: "dialing" });
  w.setPhase(call, "dialing");
  call.timer = w.after(w.timings.farEndAnswerMs, () => {
    call.timer = null;
    const far = trunkParty(call);
    if (!far || call.phase !== "dialing") return;
    far.state = "connected";
    emitEstablished(w, call, call.originatingAgentId, null);
    emitConsultation(w, call, 0);
  });
}

// ---------------------------------------------------------------------------------------
// Destinations

type Destination =
  | { kind: "agent"; agent: AgentRt }
  | { kind: "service"; svc: ServiceRt }
  | { kind: "external"; number: string }
  | { kind: "none" }
  | { kind: "failed"; type: string; reason: string };

/** Resolves a destination against the world; failures become CallRequestFailed. */
function resolveDestination(w: World, type: string, address: string, caller: AgentRt): Destination {
  if (type === "NoDestination") return { kind: "none" };
  if (type === "External") return { kind: "external", number: address };
  if (type === "Agent") {
    const agent = w.byLogin.get(address);
    if (!agent)
      return { kind: "failed", type: "InvalidAgentName", reason: `no agent with login name ${address}` };
    if (agent === caller || !available(w, agent)) {
      return {
        kind: "failed",
        type: "DestinationAgentNotAvailable",
        reason: `${address} is ${agent.login === "LoggedIn" ? agent.state : "logged out"}`,
      };
    }
    return { kind: "agent", agent };
  }
  const svc = w.services.get(Number(address));
  if (!svc)
    return { kind: "failed", type: "DestinationInvalidServiceIdentifier", reason: `no service ${address}` };
  if (!QUEUEING_STATES.has(svc.state) && svc.cfg.rerouteServiceId === undefined) {
    return {
      kind: "failed",
      type: "NoActiveService",
      reason: `service ${address} is ${svc.state} and has no reroute target`,
    };
  }
  return { kind: "service", svc };
}

/** Sends a call that has no agent left to where a transfer, route or origination points. */
function sendTo(w: World, call: CallRt, dest: Destination): void {
  if (dest.kind === "agent") {
    call.destType = "Agent";
    call.destination = String(dest.agent.cfg.agentId);
    present(w, call, dest.agent, null);
  } else if (dest.kind === "service") {
    deliverToService(w, call, dest.svc.cfg.serviceId, null);
  } else if (dest.kind === "external") {
    call.destType = "External";
    call.destination = dest.number;
    call.parties.push({ kind: "trunk", role: "external", address: dest.number, state: "connected" });
    w.setPhase(call, "external");
  }
}

// ---------------------------------------------------------------------------------------
// Requests

function callFailed(
  w: World,
  origin: Origin,
  agentId: number,
  callId: number,
  type: string,
  reason: string,
): void {
  const call = w.calls.get(callId);
  w.emit(
    "CTICallRequestFailed",
    {
      ...(call
        ? w.callFields(call, agentId)
        : { AgentId: agentId, CallId: callId, CallOriginatingSiteId: w.topology.siteId }),
      FailureType: type,
      FailureReason: reason,
    },
    origin,
  );
}

function requireCallId(v: unknown, member = "CallId"): number {
  const id = v as number;
  if (id <= 0) throw new Fault("InvalidCallId", `${member} ${id} is not a call identifier`);
  return id;
}

/** The agent (known, logged in) and the live call of a call request, or a CallRequestFailed. */
function agentAndCall(
  w: World,
  args: Args,
  origin: Origin,
  callId = args.CallId as number,
): { agent: AgentRt; call: CallRt } | undefined {
  const agentId = args.AgentIdx as number;
  const agent = w.agents.get(agentId);
  if (!agent)
    return void callFailed(w, origin, agentId, callId, "InvalidAgent", `no agent with AgentId ${agentId}`);
  if (agent.login !== "LoggedIn") {
    return void callFailed(
      w,
      origin,
      agentId,
      callId,
      "InvalidStateForRequest",
      `agent ${agentId} is not logged in`,
    );
  }
  const call = w.liveCall(callId);
  if (!call) {
    const why = w.endedCallIds.has(callId) ? "has ended" : "does not exist";
    return void callFailed(w, origin, agentId, callId, "InvalidCallId", `call ${callId} ${why}`);
  }
  return { agent, call };
}

function wrongState(w: World, origin: Origin, agent: AgentRt, call: CallRt, what: string): void {
  const party = w.agentParty(call, agent.cfg.agentId);
  const where = party
    ? `agent ${agent.cfg.agentId} is ${party.state} on it`
    : `agent ${agent.cfg.agentId} is not on it`;
  callFailed(
    w,
    origin,
    agent.cfg.agentId,
    call.callId,
    "InvalidStateForRequest",
    `${what}: call ${call.callId} is ${call.phase}, ${where}`,
  );
}

/** @see EDK 3-12 AcceptCall */
export function acceptCall(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  const party = w.agentParty(call, agent.cfg.agentId);
  if (party?.state !== "alerting") {
    wrongState(w, origin, agent, call, "AcceptCall needs a call ringing at the agent");
    return;
  }
  if (!(agent.cfg.responseRequired ?? true)) {
    callFailed(
      w,
      origin,
      agent.cfg.agentId,
      call.callId,
      "InvalidStateForRequest",
      "the call was presented with ResponseRequired false",
    );
    return;
  }
  if (args.AcceptCall === true) {
    answer(w, call, agent, origin);
    return;
  }

  const reason = args.RejectReasonCode as number;
  const known = w.topology.rejectReasons.some((r) => r.id === reason);
  if ((reason !== 0 || (agent.cfg.rejectReasonRequired ?? false)) && !known) {
    callFailed(
      w,
      origin,
      agent.cfg.agentId,
      call.callId,
      "RequestFailed",
      `RejectReasonCode ${reason} is not configured`,
    );
    return;
  }
  // A rejecting agent is made NotReady so the call is not offered straight back (inference, docs/flows.md).
  agent.rest = "NotReady";
  removeAgent(w, call, agent.cfg.agentId, "NearEnd", origin);
  if (call.destType === "Service") deliverToService(w, call, call.serviceId, null);
  else clearCall(w, call, origin, null, "Internal");
}

/** @see EDK 3-13 ClearCall */
export function clearCallRequest(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  const id = agent.cfg.agentId;
  if (!w.agentParty(call, id)) {
    wrongState(w, origin, agent, call, "ClearCall");
    return;
  }
  // A conference member leaves and the others stay (EDK E-13); any smaller call is cleared for all.
  if (call.phase === "connected" && call.parties.length >= 3) {
    removeAgent(w, call, id, "NearEnd", origin);
    return;
  }
  clearCall(w, call, origin, id, "FarEnd");
}

/** @see EDK 3-13 ConferenceCall */
export function conferenceCall(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const c2Id = requireCallId(args.ConsultationCallId, "ConsultationCallId");
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  const id = agent.cfg.agentId;
  const c2 = w.liveCall(c2Id);
  if (!c2) {
    callFailed(w, origin, id, c2Id, "InvalidCallId", `consultation call ${c2Id} does not exist`);
    return;
  }
  const onHeld = w.agentParty(call, id);
  const onConsult = w.agentParty(c2, id);
  if (
    call.consultation !== c2Id ||
    onHeld?.state !== "held" ||
    onConsult?.state !== "connected" ||
    c2.phase !== "connected"
  ) {
    wrongState(
      w,
      origin,
      agent,
      call,
      `ConferenceCall needs call held and ${c2Id} its answered consultation`,
    );
    return;
  }
  const consulted = otherAgent(c2, id);
  call.callState = "CallConferenced";
  w.emit(
    "CTICallConferenced",
    {
      ...w.callFields(call, id),
      ConsultingCallId: call.callId,
      ConsultedCallId: c2Id,
      ConsultationAgentId: consulted,
      // The two calls merge into the held call: "merged into a single call". @see EDK C-2
      ConferenceCallId: call.callId,
    },
    origin,
  );
  onHeld.state = "connected";
  call.parties.push(...c2.parties.filter((p) => p !== onConsult));
  c2.parties = [];
  call.consultation = null;
  endCall(w, c2, origin);
}

/** @see EDK 3-14 ConsultationCall */
export function consultationCall(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const type = args.DestinationType as string;
  const serviceArg = args.ServiceId as number;
  // For a service, the guide names both DestinationAddress and ServiceId: an empty address takes ServiceId.
  const address =
    str(args.DestinationAddress) || (type === "Service" && serviceArg > 0 ? String(serviceArg) : "");
  checkDestinationSyntax(type, address, ["Agent", "Service", "External"]);
  const userData = parseUserData(args.UserData);
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  const id = agent.cfg.agentId;
  const party = w.agentParty(call, id);
  if (
    party?.state !== "connected" ||
    call.phase !== "connected" ||
    call.consultation !== null ||
    call.consultOf !== null
  ) {
    wrongState(w, origin, agent, call, "ConsultationCall needs a connected call without a consultation");
    return;
  }
  const dest = resolveDestination(w, type, address, agent);
  if (dest.kind === "failed") {
    callFailed(w, origin, id, call.callId, dest.type, dest.reason);
    return;
  }
  const attributed = type !== "Service" && serviceArg > 0 ? serviceArg : call.serviceId;
  if (!w.services.has(attributed)) {
    callFailed(w, origin, id, call.callId, "DestinationInvalidServiceIdentifier", `no service ${attributed}`);
    return;
  }

  party.state = "held";
  call.callState = "CallHeld";
  w.emit("CTICallHeld", w.callFields(call, id), origin);
  const c2 = newCall(w, {
    callType: dest.kind === "external" ? "OutboundConsultation" : "InboundConsultation",
    serviceId: attributed,
    seq: call.seq, // one interaction: the consultation shares the customer call's sequence (inference)
    ani: agent.station ?? "",
    dnis: address,
    callData: [...call.callData.map((d) => ({ ...d }))],
    trunk: dest.kind === "external" ? w.newTrunk() : null,
    parties: [{ kind: "agent", agentId: id, state: "connected", answered: true }],
    phase: "dialing",
    callState: "CallOriginated",
    consultOf: call.callId,
    consultOrigin: origin,
    consultingAgentId: id,
    originatingAgentId: id,
    destType: type,
    destination: dest.kind === "agent" ? String(dest.agent.cfg.agentId) : address,
    lastAgentId: id,
  });
  mergeCallData(c2.callData, userData);
  call.consultation = c2.callId;
  w.emit(
    "CTICallOriginated",
    {
      ...w.callFields(c2, id),
      DestType: type,
      Destination: c2.destination,
      ...w.trunkFields(c2),
      CallProgressSignal: "Ringing",
    },
    origin,
  );
  if (dest.kind === "external") dialExternal(w, c2, dest.number);
  else sendTo(w, c2, dest);
}

/** @see EDK 3-15 GetCallData */
export function getCallData(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  w.emit(
    "CTICallDataUpdate",
    {
      ...w.callFields(call, agent.cfg.agentId),
      CallData: call.callData.map((d) => fill("CTICallDataItem", d)),
      UpdateType: call.callData.length > 0 ? "GetCallDataReturned" : "GetCallDataNotReturned",
    },
    origin,
  );
}

/** @see EDK 3-15 SetCallData */
export function setCallData(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const items = parseUserData(args.UserData);
  if (items.length === 0) throw new Fault("InvalidParameter", "UserData is empty: nothing to set");
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  mergeCallData(call.callData, items);
  w.emit(
    "CTICallDataUpdate",
    {
      ...w.callFields(call, agent.cfg.agentId),
      CallData: call.callData.map((d) => fill("CTICallDataItem", d)),
      UpdateType: "SetCallDataSucceeded",
    },
    origin,
  );
}

/** @see EDK 3-16 HoldCall */
export function holdCall(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  const party = w.agentParty(call, agent.cfg.agentId);
  if (party?.state !== "connected" || call.phase !== "connected") {
    wrongState(w, origin, agent, call, "HoldCall needs a connected call");
    return;
  }
  party.state = "held";
  call.callState = "CallHeld";
  w.emit("CTICallHeld", w.callFields(call, agent.cfg.agentId), origin);
}

/** @see EDK 3-17 RetrieveCall */
export function retrieveCall(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  const id = agent.cfg.agentId;
  const party = w.agentParty(call, id);
  if (party?.state !== "held") {
    wrongState(w, origin, agent, call, "RetrieveCall needs a held call");
    return;
  }
  const other = w.legsOf(id).find((l) => l.call !== call && l.party.state !== "held");
  if (other) {
    callFailed(
      w,
      origin,
      id,
      call.callId,
      "InvalidStateForRequest",
      `agent ${id} is on call ${other.call.callId}; clear or hold it first`,
    );
    return;
  }
  party.state = "connected";
  call.callState = "CallRetrieved";
  w.emit("CTICallRetrieved", w.callFields(call, id), origin);
}

/** @see EDK 3-17 MakeCall */
export function makeCall(w: World, args: Args, origin: Origin): void {
  const callId = args.CallId as number;
  if (callId < -1)
    throw new Fault("InvalidCallId", `CallId ${callId} is neither -1 (no call) nor a call identifier`);
  const type = args.DestinationType as string;
  const address = str(args.DestinationAddress);
  checkDestinationSyntax(type, address, ["Agent", "Service", "External", "NoDestination"]);
  const agentId = args.AgentIdx as number;
  const agent = w.agents.get(agentId);
  if (!agent) {
    callFailed(w, origin, agentId, 0, "InvalidAgent", `no agent with AgentId ${agentId}`);
    return;
  }
  if (agent.login !== "LoggedIn") {
    callFailed(w, origin, agentId, 0, "InvalidStateForRequest", `agent ${agentId} is not logged in`);
    return;
  }
  if (callId > 0) {
    const why = w.liveCall(callId)
      ? "exists: MakeCall starts a new call (CallId -1); consult with ConsultationCall"
      : "does not exist";
    callFailed(
      w,
      origin,
      agentId,
      callId,
      w.liveCall(callId) ? "InvalidStateForRequest" : "InvalidCallId",
      `call ${callId} ${why}`,
    );
    return;
  }
  const legs = w.legsOf(agentId);
  const busy =
    legs.some((l) => l.party.state === "alerting") ||
    (legs.length > 0 && !(agent.multiLine && legs.length === 1));
  if (busy) {
    callFailed(w, origin, agentId, 0, "InvalidStateForRequest", `agent ${agentId} is ${agent.state}`);
    return;
  }
  if (agent.state === "Wrap" && args.WrapState !== true) {
    callFailed(
      w,
      origin,
      agentId,
      0,
      "InvalidStateForRequest",
      `agent ${agentId} is in Wrap; set WrapState for a wrap dial`,
    );
    return;
  }
  const dest = resolveDestination(w, type, address, agent);
  if (dest.kind === "failed") {
    callFailed(w, origin, agentId, 0, dest.type, dest.reason);
    return;
  }
  const serviceArg = args.ServiceId as number;
  const serviceId =
    serviceArg > 0 ? serviceArg : dest.kind === "service" ? dest.svc.cfg.serviceId : w.homeService(agent);
  if (!w.services.has(serviceId)) {
    callFailed(w, origin, agentId, 0, "DestinationInvalidServiceIdentifier", `no service ${serviceId}`);
    return;
  }

  const internal = dest.kind === "agent" || dest.kind === "service";
  const call = newCall(w, {
    callType: internal ? "InboundInternal" : "OutboundMakecall",
    serviceId,
    ani: agent.station ?? "",
    dnis: address,
    trunk: internal ? null : w.newTrunk(),
    parties: [{ kind: "agent", agentId, state: "connected", answered: true }],
    started: true,
    phase: "dialing",
    callState: "CallOriginated",
    originatingAgentId: agentId,
    destType: type,
    destination: dest.kind === "agent" ? String(dest.agent.cfg.agentId) : address,
    lastAgentId: agentId,
  });
  // "Internal Manual … Switch Id, Circuit Id, and Channel Id will be empty" @see EDK 4-21
  w.emit(
    "CTICallStarted",
    { ...w.callFields(call, agentId), ...w.trunkFields(call), ...(internal ? { SwitchId: 0 } : {}) },
    origin,
  );
  w.emit(
    "CTICallOriginated",
    {
      ...w.callFields(call, agentId),
      DestType: type,
      Destination: call.destination,
      ...w.trunkFields(call),
      CallProgressSignal: dest.kind === "none" ? "None" : "Ringing",
    },
    origin,
  );
  settle(w, agent, origin);
  if (dest.kind === "external") dialExternal(w, call, dest.number);
  else sendTo(w, call, dest);
}

/** @see EDK 3-18 SendDTMFDigits */
export function sendDTMFDigits(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const digits = str(args.DtmfDigits);
  if (!/^[0-9*#A-Da-d]+$/.test(digits))
    throw new Fault("InvalidParameter", `DtmfDigits "${digits}" are not DTMF digits`);
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  if (w.agentParty(call, agent.cfg.agentId)?.state !== "connected") {
    wrongState(w, origin, agent, call, "SendDTMFDigits needs the agent connected");
    return;
  }
  call.callState = "DigitsDialed";
  w.emit("CTIDigitsDialed", { ...w.callFields(call, agent.cfg.agentId), DigitString: digits }, origin);
}

/** @see EDK 3-19 TransferCall */
export function transferCall(w: World, args: Args, origin: Origin): void {
  requireCallId(args.CallId);
  const kind = args.TransferType as string;
  if (kind !== "Blind" && kind !== "Consultation")
    throw new Fault("InvalidParameter", `TransferType ${kind} is neither Blind nor Consultation`);
  const type = args.DestinationType as string;
  const address = str(args.DestinationAddress);
  if (kind === "Blind") checkDestinationSyntax(type, address, ["Agent", "Service", "External"]);
  else requireCallId(args.ConsultationCallId, "ConsultationCallId");
  const userData = parseUserData(args.UserData);
  const found = agentAndCall(w, args, origin);
  if (!found) return;
  const { agent, call } = found;
  const id = agent.cfg.agentId;
  const switchId = w.topology.switchId;

  if (kind === "Blind") {
    const party = w.agentParty(call, id);
    const twoParty = call.parties.length === 2 && trunkParty(call) !== undefined;
    if (
      party?.state !== "connected" ||
      call.phase !== "connected" ||
      call.consultation !== null ||
      !twoParty
    ) {
      wrongState(w, origin, agent, call, "a blind transfer needs a connected two-party call with a trunk");
      return;
    }
    const dest = resolveDestination(w, type, address, agent);
    if (dest.kind === "failed") {
      callFailed(w, origin, id, call.callId, dest.type, dest.reason);
      return;
    }
    mergeCallData(call.callData, userData);
    call.callState = "CallTransferred";
    w.emit(
      "CTICallTransferred",
      {
        ...w.callFields(call, id),
        ConsultationAgentId: dest.kind === "agent" ? dest.agent.cfg.agentId : 0,
        TransferredCallId: call.callId,
        TransferredCallSwitchId: switchId,
      },
      origin,
    );
    call.originatingAgentId = id;
    removeAgent(w, call, id, "NearEnd", origin);
    sendTo(w, call, dest);
    return;
  }

  const c2Id = args.ConsultationCallId as number;
  const c2 = w.liveCall(c2Id);
  if (!c2) {
    callFailed(w, origin, id, c2Id, "InvalidCallId", `consultation call ${c2Id} does not exist`);
    return;
  }
  const onHeld = w.agentParty(call, id);
  const onConsult = w.agentParty(c2, id);
  if (
    call.consultation !== c2Id ||
    onHeld?.state !== "held" ||
    onConsult?.state !== "connected" ||
    c2.phase !== "connected"
  ) {
    wrongState(
      w,
      origin,
      agent,
      call,
      `a consultation transfer needs call held and ${c2Id} its answered consultation`,
    );
    return;
  }
  const consulted = otherAgent(c2, id);
  mergeCallData(call.callData, userData);
  call.callState = "CallTransferred";
  w.emit(
    "CTICallTransferred",
    {
      ...w.callFields(call, id),
      ConsultingCallId: call.callId,
      ConsultedCallId: c2Id,
      ConsultationAgentId: consulted,
      // The customer's call survives with its data; the consulted party joins it (inference).
      TransferredCallId: call.callId,
      TransferredCallSwitchId: switchId,
    },
    origin,
  );
  // The consulting agent's leg of the consultation is folded into its wrap, without a CallCleared of its own.
  c2.parties.splice(c2.parties.indexOf(onConsult), 1);
  agent.wrapCalls.add(c2Id);
  c2.wrapPending.add(id);
  call.parties.push(...c2.parties);
  c2.parties = [];
  call.originatingAgentId = id;
  removeAgent(w, call, id, "NearEnd", origin);
  call.consultation = null;
  endCall(w, c2, origin);
}

// ---------------------------------------------------------------------------------------
// Control operations (arguments validated by simulator.ts)

/** A customer calls a service: CallStarted, CallOffered, and after deliverMs the delivery. */
export function createCall(w: World, i: CreateCallInput): { callId: number } {
  if (!w.services.has(i.serviceId)) {
    throw new KitError("CTIPSKIT_E_NOT_FOUND", `createCall: no service ${i.serviceId}`, {
      fix: `use one of the topology's services: ${[...w.services.keys()].join(", ")}`,
      details: { field: "serviceId", serviceId: i.serviceId },
    });
  }
  if (w.links.Gateway === "down") {
    throw new KitError(
      "CTIPSKIT_E_ILLEGAL_STATE",
      "createCall: the Gateway link is down, no call can arrive",
      {
        fix: "bring the link up with setLink('Gateway', 'up')",
      },
    );
  }
  const call = newCall(w, {
    callType: "InboundAcd",
    serviceId: i.serviceId,
    ani: i.ani,
    dnis: i.dnis,
    callData: [...w.topology.callData.map((d) => ({ ...d }))],
    trunk: w.newTrunk(),
    parties: [{ kind: "trunk", role: "customer", address: i.ani, state: "connected" }],
    started: true,
    destType: "Service",
    destination: String(i.serviceId),
  });
  mergeCallData(call.callData, i.callData ?? []);
  w.emit("CTICallStarted", { ...w.callFields(call, 0), ...w.trunkFields(call) }, null);
  call.callState = "CallOffered";
  w.emit(
    "CTICallOffered",
    { ...w.callFields(call, 0), ...w.trunkFields(call), ANI: call.ani, DNIS: call.dnis },
    null,
  );
  call.timer = w.after(w.timings.deliverMs, () => {
    call.timer = null;
    deliverToService(w, call, i.serviceId, null);
  });
  return { callId: call.callId };
}

/** The customer (or the external party) hangs up: every agent leg clears FarEnd, then CallEnd. */
export function hangup(w: World, callId: number): void {
  const call = w.liveCall(callId);
  if (!call) {
    throw new KitError("CTIPSKIT_E_NOT_FOUND", `hangup: no live call ${callId}`, {
      details: { field: "callId", callId },
    });
  }
  const far = trunkParty(call);
  if (!far) {
    throw new KitError(
      "CTIPSKIT_E_ILLEGAL_STATE",
      `hangup: call ${callId} has no customer or external party (it is ${call.phase})`,
      {
        fix: "clear an agent-to-agent call with the ClearCall request",
        details: { callId, phase: call.phase },
      },
    );
  }
  call.parties.splice(call.parties.indexOf(far), 1);
  clearCall(w, call, null, null, "FarEnd");
}

/** The agent answers the call ringing at the station. */
export function answerAtPhone(w: World, loginName: string): void {
  const agent = w.byLogin.get(loginName);
  if (!agent) {
    throw new KitError("CTIPSKIT_E_NOT_FOUND", `answer: no agent with login name ${loginName}`, {
      details: { field: "loginName" },
    });
  }
  const ringing = w.legsOf(agent.cfg.agentId).find((l) => l.party.state === "alerting");
  if (!ringing) {
    const state = agent.login === "LoggedIn" ? agent.state : agent.login;
    throw new KitError("CTIPSKIT_E_ILLEGAL_STATE", `answer: ${loginName} is ${state}, no call is ringing`, {
      details: { loginName, state },
    });
  }
  answer(w, ringing.call, agent, null);
}
