/**
 * Agent requests: LoginAgent (with the Gateway's passcode), LogoutAgent, PanicLogoutAgent,
 * SetAgentState, GetAgentState, SetDisposition and their failure events. The CTIAgentState
 * machine the requests drive, and logout, are call-distribution.ts's: the agents' calls move
 * their state too. @see EDK 3-7 … 3-11, EDK 4-3 … 4-9
 *
 * Imports call-distribution.ts, call-data.ts and world.ts; only simulator.ts imports it.
 */
import { mediaFields, mergeCallData, parseUserData } from "./call-data.ts";
import {
  disposeWrap,
  emitAgentState,
  emitAudioPath,
  endWrap,
  enterState,
  logout,
  offerWork,
  REST_STATES,
  serviceInfos,
  stationFields,
  targetState,
} from "./call-distribution.ts";
import { type AgentRt, Fault, type Origin, type RestState, type World } from "./world.ts";

/** The login completes: AgentLoggedIn, the audio path up, the initial state; an Idle agent is offered queued calls. */
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
