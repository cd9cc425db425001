/**
 * Agents: login/logout (with passcode and panic logout), the CTIAgentState machine and the
 * agent requests LoginAgent, LogoutAgent, PanicLogoutAgent, SetAgentState, GetAgentState,
 * SetDisposition. @see EDK 3-7 … 3-11, EDK 4-3 … 4-9
 */
import { KitError } from "../../contract/errors.ts";
import { maybeComplete, scheduleDistribution } from "./calls.ts";
import { fill } from "./events.ts";
import { type AgentRt, type AgentState, Fault, type Origin, type RestState, type World } from "./world.ts";

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

export function mediaFields(w: World): Record<string, unknown> {
  const sip = w.topology.mediaType === "VoiceSip" ? w.topology.sip : undefined;
  return {
    MediaType: w.topology.mediaType,
    SipIpAddress: sip?.ipAddress ?? null,
    SipPortNumber: sip?.port ?? 0,
  };
}

export function serviceInfos(w: World, a: AgentRt): Record<string, unknown>[] {
  return a.cfg.services.map((id) =>
    fill("CTIServiceInfo", { ServiceId: id, ServiceState: w.services.get(id)?.state }),
  );
}

/** What the agent's calls make of its state. */
function targetState(w: World, a: AgentRt): { state: AgentState; callId: number } {
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

function enterState(w: World, a: AgentRt, to: AgentState, origin: Origin, callId: number): void {
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

export function offerWork(w: World, a: AgentRt): void {
  for (const id of a.cfg.services) {
    const svc = w.services.get(id);
    if (svc && svc.queue.length > 0) scheduleDistribution(w, svc);
  }
}

/** Releases the agent's wrapped calls (CallCompleted where it was the last one wrapping). */
function disposeWrap(w: World, a: AgentRt, origin: Origin, dispositionId: number): void {
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

function completeLogin(w: World, a: AgentRt, origin: Origin): void {
  a.login = "LoggedIn";
  a.state = a.rest;
  const station = stationFields(w, a);
  w.emit(
    "CTIAgentLoginStateChange",
    {
      ServiceId: w.homeService(a),
      AgentId: a.cfg.agentId,
      AgentLoginName: a.cfg.loginName,
      LoginState: "AgentLoggedIn",
      AgentWorkGroupId: a.cfg.workGroupId,
      AgentCapabilities: [...a.cfg.capabilities],
      AgentStationAddress: a.station,
      AgentMailbox: a.cfg.mailbox ?? null,
      ...station,
      SipIpAddress: mediaFields(w).SipIpAddress,
      SipPortNumber: mediaFields(w).SipPortNumber,
      ServiceState: serviceInfos(w, a),
      AgentCTIId: a.cfg.ctiId ?? a.cfg.agentId,
    },
    origin,
  );
  emitAudioPath(w, a, "Connected", origin);
  emitAgentState(w, a, origin);
  if (a.state === "Idle") {
    a.idleSince = w.clock.now();
    offerWork(w, a);
  }
}

function emitAudioPath(w: World, a: AgentRt, state: "Connected" | "Disconnected", origin: Origin): void {
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
function logout(w: World, a: AgentRt, origin: Origin): void {
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

function loginFailed(
  w: World,
  origin: Origin,
  agentId: number,
  loginName: string | null,
  type: string,
  reason: string,
): void {
  w.emit(
    "CTIAgentLoginRequestFailed",
    { AgentId: agentId, AgentLoginName: loginName, FailureType: type, FailureReason: reason },
    origin,
  );
}

function agentFailed(
  w: World,
  origin: Origin,
  agentId: number,
  callId: number,
  type: string,
  reason: string,
): void {
  const a = w.agents.get(agentId);
  w.emit(
    "CTIAgentRequestFailed",
    {
      ServiceId: a ? w.homeService(a) : 0,
      AgentId: agentId,
      CallId: callId,
      FailureType: type,
      FailureReason: reason,
    },
    origin,
  );
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** @see EDK 3-7 LoginAgent */
export function loginAgent(w: World, args: Record<string, unknown>, origin: Origin): void {
  const name = str(args.AgentLoginName);
  const init = args.InitState as string;
  const multi = (args.MultiLine as number | undefined) ?? 0;
  if (name === "") throw new Fault("InvalidParameter", "AgentLoginName is empty");
  if (!REST_STATES.includes(init as RestState)) {
    throw new Fault(
      "InvalidParameter",
      `InitState ${init} is not a state to log in to (${REST_STATES.join(", ")})`,
    );
  }
  if (multi !== 0 && multi !== 1)
    throw new Fault("InvalidParameter", `MultiLine ${multi} is neither 0 nor 1`);

  const a = w.byLogin.get(name);
  if (!a) {
    loginFailed(w, origin, 0, name, "InvalidAgentName", `no agent with login name ${name}`);
    return;
  }
  const id = a.cfg.agentId;
  if (a.login !== "LoggedOut") {
    loginFailed(w, origin, id, name, "AgentAlreadyLoggedIn", `${name} is already logged in`);
    return;
  }
  if (w.links.Gateway === "down") {
    loginFailed(w, origin, id, name, "GatewayLoginFailure", "the Gateway link is down");
    return;
  }
  const station = str(args.StationId) || a.cfg.station;
  if (!w.topology.stations.includes(station)) {
    loginFailed(w, origin, id, name, "StationNotAvailable", `station ${station} is not configured`);
    return;
  }
  const holder = [...w.agents.values()].find((o) => o.login !== "LoggedOut" && o.station === station);
  if (holder) {
    loginFailed(
      w,
      origin,
      id,
      name,
      "StationNotAvailable",
      `station ${station} is in use by ${holder.cfg.loginName}`,
    );
    return;
  }
  const licenses = w.topology.agentLicenses;
  const inUse = [...w.agents.values()].filter((o) => o.login !== "LoggedOut").length;
  if (licenses !== undefined && inUse >= licenses) {
    loginFailed(w, origin, id, name, "AgentLicenseExceeded", `all ${licenses} agent licenses are in use`);
    return;
  }

  a.station = station;
  a.multiLine = multi === 1;
  a.rest = init as RestState;
  if (w.bypassPasscode) {
    completeLogin(w, a, origin);
    return;
  }
  // The Gateway asks the agent for a passcode; the simulated agent keys it after passcodeMs. @see EDK 4-7
  a.login = "AwaitingPasscode";
  w.emit(
    "CTIEnterPasscode",
    {
      ServiceId: w.homeService(a),
      AgentId: id,
      ReEnterFlag: false,
      PasscodeDigits: String(100 + (id % 900)),
      ServiceIds: [...a.cfg.services],
    },
    origin,
  );
  a.passcodeTimer = w.after(w.timings.passcodeMs, () => {
    a.passcodeTimer = null;
    completeLogin(w, a, origin);
  });
}

/** @see EDK 3-8 LogoutAgent */
export function logoutAgent(w: World, args: Record<string, unknown>, origin: Origin): void {
  const id = args.AgentIdx as number;
  const a = w.agents.get(id);
  if (!a) {
    loginFailed(w, origin, id, null, "InvalidAgent", `no agent with AgentId ${id}`);
    return;
  }
  const name = a.cfg.loginName;
  if (a.login !== "LoggedIn") {
    const why = a.login === "LoggedOut" ? "is not logged in" : "has not entered the login passcode yet";
    loginFailed(w, origin, id, name, "InvalidStateForRequest", `${name} ${why}`);
    return;
  }
  if (!REST_STATES.includes(a.state as RestState)) {
    loginFailed(
      w,
      origin,
      id,
      name,
      "InvalidStateForRequest",
      `${name} is ${a.state}; log out from a rest state`,
    );
    return;
  }
  logout(w, a, origin);
}

/** @see EDK 3-9 PanicLogout (PanicLogoutAgent on the wire) */
export function panicLogoutAgent(w: World, args: Record<string, unknown>, origin: Origin): void {
  const all = args.LogoutAllAgents === true;
  const list = Array.isArray(args.AgentLoginNameList) ? (args.AgentLoginNameList as unknown[]).map(str) : [];
  if (!all && list.length === 0) {
    throw new Fault("InvalidParameter", "AgentLoginNameList must be set when LogoutAllAgents is false");
  }
  const names = all
    ? [...w.agents.values()].filter((a) => a.login !== "LoggedOut").map((a) => a.cfg.loginName)
    : list;
  for (const name of names) {
    const a = w.byLogin.get(name);
    if (!a) {
      loginFailed(w, origin, 0, name, "InvalidAgentName", `no agent with login name ${name}`);
    } else if (a.login === "LoggedOut") {
      loginFailed(w, origin, a.cfg.agentId, name, "InvalidStateForRequest", `${name} is not logged in`);
    } else if (a.login === "AwaitingPasscode" || w.legsOf(a.cfg.agentId).length === 0) {
      disposeWrap(w, a, origin, 0);
      logout(w, a, origin);
    } else {
      a.pendingLogout = true;
    }
  }
}

function loggedInAgent(w: World, args: Record<string, unknown>, origin: Origin): AgentRt | undefined {
  const id = args.AgentIdx as number;
  const callId = (args.CallId as number | undefined) ?? 0;
  const a = w.agents.get(id);
  if (!a) {
    agentFailed(w, origin, id, callId, "InvalidAgent", `no agent with AgentId ${id}`);
    return undefined;
  }
  if (a.login !== "LoggedIn") {
    agentFailed(w, origin, id, callId, "InvalidStateForRequest", `agent ${id} is not logged in`);
    return undefined;
  }
  return a;
}

/** @see EDK 3-10 SetAgentState */
export function setAgentState(w: World, args: Record<string, unknown>, origin: Origin): void {
  const to = args.NewState as string;
  if (to === "INVALID") throw new Fault("InvalidParameter", "NewState INVALID is not a state");
  const a = loggedInAgent(w, args, origin);
  if (!a) return;
  const id = a.cfg.agentId;
  if (!REST_STATES.includes(to as RestState)) {
    agentFailed(
      w,
      origin,
      id,
      0,
      "InvalidStateForRequest",
      `${to} is set by the system, not by SetAgentState`,
    );
    return;
  }
  if (!REST_STATES.includes(a.state as RestState)) {
    const hint = a.state === "Wrap" ? "; send SetDisposition to end wrap" : "";
    agentFailed(w, origin, id, 0, "InvalidStateForRequest", `agent ${id} is ${a.state}${hint}`);
    return;
  }
  a.rest = to as RestState;
  // Re-setting the current state still answers with AgentStateChange: the request completed.
  if (to === a.state) emitAgentState(w, a, origin);
  else enterState(w, a, to as RestState, origin, 0);
}

/** @see EDK 3-11 GetAgentState */
export function getAgentState(w: World, args: Record<string, unknown>, origin: Origin): void {
  const a = loggedInAgent(w, args, origin);
  if (a) emitAgentState(w, a, origin, targetState(w, a).callId);
}

/** "20 user defined fields": `key=value`, or a bare value stored as UserData{n}. */
export function parseUserData(items: unknown): { key: string; value: string }[] {
  const list = Array.isArray(items) ? (items as unknown[]).map(str) : [];
  if (list.length > 20)
    throw new Fault("InvalidParameter", `UserData has ${list.length} items; at most 20 are allowed`);
  return list.map((item, i) => {
    const eq = item.indexOf("=");
    return eq > 0
      ? { key: item.slice(0, eq), value: item.slice(eq + 1) }
      : { key: `UserData${i + 1}`, value: item };
  });
}

export function mergeCallData(
  target: { key: string; value: string }[],
  items: { key: string; value: string }[],
): void {
  for (const it of items) {
    const existing = target.find((d) => d.key === it.key);
    if (existing) existing.value = it.value;
    else target.push({ ...it });
  }
}

/** @see EDK 3-11 SetDisposition */
export function setDisposition(w: World, args: Record<string, unknown>, origin: Origin): void {
  const callId = args.CallId as number;
  const dispositionId = args.DispositionId as number;
  if (callId <= 0) throw new Fault("InvalidCallId", `CallId ${callId} is not a call identifier`);
  const userData = parseUserData(args.UserData);
  const a = loggedInAgent(w, args, origin);
  if (!a) return;
  const id = a.cfg.agentId;
  if (!w.topology.dispositions.some((d) => d.id === dispositionId)) {
    agentFailed(w, origin, id, callId, "RequestFailed", `DispositionId ${dispositionId} is not configured`);
    return;
  }
  const call = w.calls.get(callId);
  if (a.wrapCalls.has(callId)) {
    if (call) mergeCallData(call.callData, userData);
    endWrap(w, a, origin, dispositionId);
    return;
  }
  const leg = call && call.phase !== "ended" ? w.agentParty(call, id) : undefined;
  if (call && leg && leg.state !== "alerting") {
    // Disposition ahead of the call's end; WrapNotRequired skips wrap when it clears. @see EDK 3-11
    call.disposition = dispositionId;
    mergeCallData(call.callData, userData);
    if (args.WrapNotRequired === true) a.noWrap.add(callId);
    emitAgentState(w, a, origin, callId);
    return;
  }
  agentFailed(
    w,
    origin,
    id,
    callId,
    "InvalidCallId",
    `call ${callId} is neither active at nor wrapping for agent ${id}`,
  );
}
