/**
 * Call distribution: how calls reach agents and leave them, and the agent states that follow.
 * Queued calls go to the longest-idle agent and ring there (CallConnected), are answered
 * (CallEstablished), cleared leg by leg (CallCleared), end (CallEnd) and complete once every
 * agent that talked on them has left wrap (CallCompleted). Each step settles the agents'
 * CTIAgentState, and settling feeds back into the calls: an agent that becomes Idle is
 * offered queued calls, an agent whose panic logout was pending is logged out, and leaving
 * wrap completes calls. That loop is why the agent state machine lives here, with the
 * distribution. @see EDK 2-1, EDK 4-3 … 4-16
 *
 * Imports world.ts, events.ts and call-data.ts only; agents.ts, calls.ts, routing.ts and
 * simulator.ts build on it.
 */
import { KitError } from "../../contract/errors.ts";
import { callInfo, mediaFields } from "./call-data.ts";
import { fill } from "./events.ts";
import type {
  AgentParty,
  AgentRt,
  AgentState,
  CallRt,
  Origin,
  RestState,
  ServiceRt,
  World,
} from "./world.ts";

// ---------------------------------------------------------------------------------------
// The agent state machine

export const REST_STATES: readonly RestState[] = ["NotReady", "NotReadyPark", "Idle", "Reserved"];

/**
 * The legal moves of the agent state machine. Rest states are chosen by the agent;
 * PendingActive, Active, MultiLine and Wrap follow the agent's calls. A move outside this
 * table is a simulator bug and throws CTIPSKIT_E_ILLEGAL_STATE.
 */
const AGENT_NEXT: Record<AgentState, readonly AgentState[]> = {
  NotReady: ["NotReadyPark", "Idle", "Reserved", "Active", "MultiLine"],
  NotReadyPark: ["NotReady", "Idle", "Reserved", "Active", "MultiLine"],
  Idle: ["NotReady", "NotReadyPark", "Reserved", "PendingActive", "Active", "MultiLine"],
  Reserved: ["NotReady", "NotReadyPark", "Idle", "PendingActive", "Active", "MultiLine"],
  PendingActive: ["Active", "MultiLine", ...REST_STATES],
  Active: ["MultiLine", "Wrap", ...REST_STATES],
  MultiLine: ["Active", "Wrap", ...REST_STATES],
  Wrap: ["Active", "MultiLine", "PendingActive", ...REST_STATES],
};

/** Resource group of agent stations in events (the trunk group is the topology's). */
const STATION_RESOURCE_GROUP = 2;

export function stationFields(w: World, a: AgentRt): Record<string, unknown> {
  const index = a.station === null ? -1 : w.topology.stations.indexOf(a.station);
  return { ResourceGroupId: STATION_RESOURCE_GROUP, CircuitId: 1, ChannelId: index + 1 };
}

export function serviceInfos(w: World, a: AgentRt): Record<string, unknown>[] {
  return a.cfg.services.map((id) =>
    fill("CTIServiceInfo", { ServiceId: id, ServiceState: w.services.get(id)?.state }),
  );
}

/** What the agent's calls make of its state. */
export function targetState(w: World, a: AgentRt): { state: AgentState; callId: number } {
  const legs = w.legsOf(a.cfg.agentId);
  const talking = legs.filter((l) => l.party.state !== "alerting");
  if (talking.length > 0) {
    const talkingIds = new Set(talking.map((l) => l.call.callId));
    // A consultation belongs to the call it consults on; only separate calls make MultiLine.
    const separate = talking.filter((l) => l.call.consultOf === null || !talkingIds.has(l.call.consultOf));
    const active = talking.find((l) => l.party.state === "connected") ?? talking[0];
    return {
      state: a.multiLine && separate.length >= 2 ? "MultiLine" : "Active",
      callId: active.call.callId,
    };
  }
  const ringing = legs.find((l) => l.party.state === "alerting");
  if (ringing) return { state: "PendingActive", callId: ringing.call.callId };
  if (a.wrapCalls.size > 0) return { state: "Wrap", callId: [...a.wrapCalls].at(-1) ?? 0 };
  return { state: a.rest, callId: 0 };
}

export function emitAgentState(w: World, a: AgentRt, origin: Origin, callId = 0): void {
  w.emit(
    "CTIAgentStateChange",
    {
      ServiceId: w.homeService(a),
      AgentId: a.cfg.agentId,
      AgentState: a.state,
      CallId: callId,
      ServiceIds: [...a.cfg.services],
    },
    origin,
  );
}

export function enterState(w: World, a: AgentRt, to: AgentState, origin: Origin, callId: number): void {
  if (to !== a.state && !AGENT_NEXT[a.state].includes(to)) {
    throw new KitError(
      "CTIPSKIT_E_ILLEGAL_STATE",
      `agent ${a.cfg.agentId} cannot go from ${a.state} to ${to}`,
      {
        details: { agentId: a.cfg.agentId, from: a.state, to },
      },
    );
  }
  a.state = to;
  if (to !== "Wrap") {
    a.wrapTimer?.cancel();
    a.wrapTimer = null;
  }
  emitAgentState(w, a, origin, callId);
  if (to === "Wrap" && w.timings.wrapMs > 0 && a.wrapTimer === null) {
    a.wrapTimer = w.after(w.timings.wrapMs, () => {
      a.wrapTimer = null;
      endWrap(w, a, null, 0);
    });
  }
  if (to === "Idle") {
    a.idleSince = w.clock.now();
    offerWork(w, a);
  }
}

/** Brings the agent's state in line with its calls, emitting AgentStateChange when it moves. */
export function settle(w: World, a: AgentRt, origin: Origin): void {
  if (a.login !== "LoggedIn") return;
  if (a.pendingLogout && w.legsOf(a.cfg.agentId).length === 0) {
    // Panic logout: "pending logout state, no dispositioning". @see EDK 3-9
    disposeWrap(w, a, origin, 0);
    logout(w, a, origin);
    return;
  }
  const { state, callId } = targetState(w, a);
  if (state !== a.state) enterState(w, a, state, origin, callId);
}

/** Releases the agent's wrapped calls (CallCompleted where it was the last one wrapping). */
export function disposeWrap(w: World, a: AgentRt, origin: Origin, dispositionId: number): void {
  for (const callId of a.wrapCalls) {
    const call = w.calls.get(callId);
    if (!call) continue;
    call.wrapPending.delete(a.cfg.agentId);
    if (dispositionId !== 0) call.disposition = dispositionId;
    maybeComplete(w, call, origin);
  }
  a.wrapCalls.clear();
}

/** Wrap ends: by SetDisposition (origin set) or by the wrap timer (origin null, disposition 0). */
export function endWrap(w: World, a: AgentRt, origin: Origin, dispositionId: number): void {
  disposeWrap(w, a, origin, dispositionId);
  settle(w, a, origin);
}

export function emitAudioPath(
  w: World,
  a: AgentRt,
  state: "Connected" | "Disconnected",
  origin: Origin,
): void {
  const media = mediaFields(w);
  w.emit(
    "CTIAudioPathStateChange",
    {
      ServiceId: w.homeService(a),
      AgentId: a.cfg.agentId,
      ...stationFields(w, a),
      SipIpAddress: media.SipIpAddress,
      SipPortNumber: media.SipPortNumber,
      AudioPathState: state,
      ServiceIds: [...a.cfg.services],
    },
    origin,
  );
}

/** Logs the agent out: NotReady first (if needed), audio path down, then AgentLoggedOut. */
export function logout(w: World, a: AgentRt, origin: Origin): void {
  a.passcodeTimer?.cancel();
  a.wrapTimer?.cancel();
  if (a.login === "LoggedIn") {
    if (a.state !== "NotReady") {
      enterState(w, a, "NotReady", origin, 0);
    }
    emitAudioPath(w, a, "Disconnected", origin);
  }
  w.emit(
    "CTIAgentLoginStateChange",
    {
      ServiceId: w.homeService(a),
      AgentId: a.cfg.agentId,
      AgentLoginName: a.cfg.loginName,
      LoginState: "AgentLoggedOut",
      AgentWorkGroupId: -1, // "Set if LoginState is AgentLoggedIn otherwise -1" @see EDK 4-3
      AgentCapabilities: [...a.cfg.capabilities],
      AgentStationAddress: a.station,
      AgentMailbox: a.cfg.mailbox ?? null,
      ...stationFields(w, a),
      ServiceState: serviceInfos(w, a),
      AgentCTIId: a.cfg.ctiId ?? a.cfg.agentId,
    },
    origin,
  );
  Object.assign(a, {
    login: "LoggedOut",
    state: "NotReady",
    rest: "NotReady",
    station: null,
    multiLine: false,
    pendingLogout: false,
    wrapTimer: null,
    passcodeTimer: null,
  });
  a.wrapCalls.clear();
  a.noWrap.clear();
}

// ---------------------------------------------------------------------------------------
// Distribution: queued calls to idle agents

/** Available for a presented call: logged in, Idle or Reserved, no call at all. */
export function available(w: World, a: AgentRt): boolean {
  return (
    a.login === "LoggedIn" &&
    (a.state === "Idle" || a.state === "Reserved") &&
    w.legsOf(a.cfg.agentId).length === 0
  );
}

export function offerWork(w: World, a: AgentRt): void {
  for (const id of a.cfg.services) {
    const svc = w.services.get(id);
    if (svc && svc.queue.length > 0) scheduleDistribution(w, svc);
  }
}

export function scheduleDistribution(w: World, svc: ServiceRt): void {
  svc.distributeTimer ??= w.after(w.timings.distributeMs, () => {
    svc.distributeTimer = null;
    distribute(w, svc);
  });
}

/** Longest-idle agent first; ties by AgentId. */
function distribute(w: World, svc: ServiceRt): void {
  while (svc.queue.length > 0 && svc.state === "Active") {
    const candidates = [...w.agents.values()]
      .filter((a) => a.state === "Idle" && a.cfg.services.includes(svc.cfg.serviceId) && available(w, a))
      .sort((x, y) => x.idleSince - y.idleSince || x.cfg.agentId - y.cfg.agentId);
    const agent = candidates[0];
    if (!agent) return;
    const call = w.liveCall(svc.queue.shift() as number);
    if (call) present(w, call, agent, null);
  }
}

// ---------------------------------------------------------------------------------------
// A call at an agent: ringing, answer, clearing the agent's leg

/** The call rings at the agent: CallConnected, AgentStateChange(PendingActive). @see EDK 4-11 */
export function present(w: World, call: CallRt, agent: AgentRt, origin: Origin): void {
  const cfg = agent.cfg;
  const party: AgentParty = { kind: "agent", agentId: cfg.agentId, state: "alerting", answered: false };
  call.parties.push(party);
  w.setPhase(call, "alerting");
  call.lastAgentId = cfg.agentId;
  call.callState = "CallConnected";
  w.emit(
    "CTICallConnected",
    {
      ...w.callFields(call, cfg.agentId),
      ResponseRequired: cfg.responseRequired ?? true,
      PlayAudioAlert: cfg.playAudioAlert ?? true,
      RejectReasonRequired: cfg.rejectReasonRequired ?? false,
      CallInfo: callInfo(call),
      CallType: call.callType,
      OriginatingAgentId: call.originatingAgentId,
      ...w.trunkFields(call),
    },
    origin,
  );
  settle(w, agent, origin);
  if (cfg.autoAnswerMs !== undefined) {
    call.timer = w.after(cfg.autoAnswerMs, () => {
      call.timer = null;
      if (party.state === "alerting" && call.parties.includes(party)) answer(w, call, agent, null);
    });
  }
}

export function emitEstablished(w: World, call: CallRt, agentId: number, origin: Origin): void {
  w.setPhase(call, "connected");
  call.callState = "CallEstablished";
  w.emit(
    "CTICallEstablished",
    {
      ...w.callFields(call, agentId),
      ...mediaFields(w),
      ...w.trunkFields(call),
      ANI: call.ani,
      DNIS: call.dnis,
    },
    origin,
  );
}

/** A consultation call is answered: the consulting agent learns it. @see EDK 4-13 */
export function emitConsultation(w: World, c2: CallRt, consultedAgentId: number): void {
  const held = c2.consultOf === null ? undefined : w.liveCall(c2.consultOf);
  if (!held) return;
  w.emit(
    "CTICallConsultation",
    {
      ...w.callFields(held, c2.consultingAgentId),
      ConsultationCallId: c2.callId,
      ConsultationAgentId: consultedAgentId,
    },
    c2.consultOrigin,
  );
}

/** The agent answers: CallEstablished, AgentStateChange(Active), and CallConsultation for a consultation. */
export function answer(w: World, call: CallRt, agent: AgentRt, origin: Origin): void {
  const party = w.agentParty(call, agent.cfg.agentId) as AgentParty;
  party.state = "connected";
  party.answered = true;
  call.timer?.cancel();
  call.timer = null;
  emitEstablished(w, call, agent.cfg.agentId, origin);
  settle(w, agent, origin);
  emitConsultation(w, call, agent.cfg.agentId);
}

/** One agent's connection to the call is cleared: CallCleared, then the agent's state follows (Wrap …). */
export function removeAgent(w: World, call: CallRt, agentId: number, clearing: string, origin: Origin): void {
  const party = w.agentParty(call, agentId);
  if (!party) return;
  call.parties.splice(call.parties.indexOf(party), 1);
  const agent = w.agents.get(agentId) as AgentRt;
  if (party.answered && !agent.noWrap.has(call.callId) && !agent.pendingLogout) {
    agent.wrapCalls.add(call.callId);
    call.wrapPending.add(agentId);
  }
  agent.noWrap.delete(call.callId);
  call.lastAgentId = agentId;
  call.callState = "CallCleared";
  w.emit(
    "CTICallCleared",
    {
      ...w.callFields(call, agentId),
      ConsultationCallId: call.consultation ?? call.consultOf ?? 0,
      ClearingPartyType: clearing,
    },
    origin,
  );
  settle(w, agent, origin);
}

// ---------------------------------------------------------------------------------------
// The end of a call

/** CallCompleted once the call has ended and every agent that talked on it has left wrap. @see EDK 4-10 */
export function maybeComplete(w: World, call: CallRt, origin: Origin): void {
  if (call.phase !== "ended" || call.wrapPending.size > 0 || !w.calls.has(call.callId)) return;
  w.calls.delete(call.callId);
  if (call.started) {
    w.emit("CTICallCompleted", { ...w.callFields(call, call.lastAgentId), ...w.trunkFields(call) }, origin);
  }
}

/** All connections are gone: CallEnd (then CallCompleted if nobody wraps). @see EDK 4-16 */
export function endCall(w: World, call: CallRt, origin: Origin): void {
  call.timer?.cancel();
  call.timer = null;
  call.route?.timer.cancel();
  call.route = null;
  for (const svc of w.services.values()) {
    const i = svc.queue.indexOf(call.callId);
    if (i >= 0) svc.queue.splice(i, 1);
  }
  call.parties = [];
  if (call.consultOf !== null) {
    const held = w.calls.get(call.consultOf);
    if (held?.consultation === call.callId) held.consultation = null;
  }
  if (call.consultation !== null) {
    const c2 = w.calls.get(call.consultation);
    if (c2) c2.consultOf = null;
  }
  w.setPhase(call, "ended");
  call.callState = "CallEnd";
  w.rememberEnded(call.callId);
  w.emit(
    "CTICallEnd",
    {
      ...w.callFields(call, call.lastAgentId),
      AgentDisposition: call.disposition,
      CallData: call.callData.map((d) => fill("CTICallDataItem", d)),
    },
    origin,
  );
  maybeComplete(w, call, origin);
}

/**
 * Clears the whole call: the clearing agent's leg NearEnd, every other agent leg with
 * `cause` (FarEnd when the other side hung up, Internal when the system did), then CallEnd.
 * A call without agents gets one CallCleared with AgentId 0.
 */
export function clearCall(
  w: World,
  call: CallRt,
  origin: Origin,
  byAgent: number | null,
  cause: "FarEnd" | "Internal",
): void {
  const agents = call.parties
    .filter((p): p is AgentParty => p.kind === "agent")
    .sort((x, y) => Number(y.agentId === byAgent) - Number(x.agentId === byAgent));
  for (const p of agents) removeAgent(w, call, p.agentId, p.agentId === byAgent ? "NearEnd" : cause, origin);
  if (agents.length === 0) {
    call.callState = "CallCleared";
    w.emit(
      "CTICallCleared",
      { ...w.callFields(call, 0), ConsultationCallId: call.consultation ?? 0, ClearingPartyType: cause },
      origin,
    );
  }
  endCall(w, call, origin);
}
