/**
 * The site's known start state, and bringing a target back to it through the protocol
 * only: no control plane, no reset. The known start state is: every agent of the site
 * profile logged out, no call on the site's services or at its agents, services and
 * links as the preflight found them. Used by the preflight (before the first scenario:
 * refuse to start, naming what is wrong, when it cannot be reached) and by each scenario's
 * teardown (undo what the scenario changed, in the order a real site needs: end calls by
 * the hangup trigger or ClearCall, SetDisposition where Wrap demands one, LogoutAgent,
 * PanicLogoutAgent if that is refused).
 *
 * What is to undo comes from one of two accounts: what the scenario saw, when a session
 * that received every agent and call event was online throughout (`observe`: cheap, no
 * extra request — a target on Mono's WCF answers about ten requests a second), or else
 * what the target says of itself (a Snapshot of agents, calls and services). Every action
 * waits for the event that confirms it (or the request's failure event, at once); when one
 * is not confirmed, a final Snapshot decides what is left. Every wait is bounded. Prints
 * nothing: returns a report.
 * @see docs/certify.md ("Isolation and preflight")
 */
import type { ClientSession, RecordingClient, SendOutcome } from "../mock-client/types.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import type { SiteProfile } from "./params.ts";
import type { Triggers } from "./triggers.ts";

export interface AgentSeen {
  loginName: string;
  agentId: number;
  state: string;
  /** The call the agent is on or wraps, when the target said. */
  callId?: number;
}

export interface CallSeen {
  callId: number;
  serviceId?: number;
  agentIds: number[];
  state?: string;
}

export interface SiteState {
  /** Site agents that are logged in, by login name. */
  agents: Map<string, AgentSeen>;
  /** Calls on the site's services or at its agents. */
  calls: Map<number, CallSeen>;
  /** Service states by id, where the snapshot listed them. */
  services: Map<number, string>;
  /** Where the account comes from: the target's Snapshot, or the events a session saw. */
  source: "snapshot" | "events" | "none";
  /** Why the snapshot could not be used, when it could not. */
  snapshotProblem?: string;
}

export interface RestoreOptions {
  client: RecordingClient;
  site: SiteProfile;
  triggers: Triggers;
  /** How long one wait (an event, a snapshot) may take, in ms. */
  waitMs: number;
  /** Quiet time that ends a snapshot without completion flags, in ms. */
  quietMs: number;
  /** The whole restore's budget, in ms. */
  budgetMs: number;
  /**
   * A session to restore through: online and subscribed to agent and call events, without
   * filters. Default: one of the client's own, opened and closed by the restore.
   */
  session?: ClientSession;
  /**
   * The site as the events on the client's timeline tell it (siteFromEvents). With `trust`,
   * it replaces the Snapshots: the scenario's session saw everything it changed. Without,
   * it covers a target whose Snapshot cannot be used, and names the call an agent wraps
   * when a Snapshot lists it in Wrap with CallId 0.
   */
  observe?: { state: () => SiteState; trust: boolean };
  /** Services whose state a trigger changed, with the state to put back. */
  services?: Map<number, string>;
  /** Links a trigger took down. */
  linksDown?: string[];
  /** The Gateway's passcode prompt was turned on and must be turned off again. */
  passcodeOn?: boolean;
}

export interface RestoreReport {
  /** What was done, in order, for the report. */
  actions: string[];
  /** What is still not in the known start state; empty when restored. */
  remaining: string[];
  /** The state after the restore (a final snapshot, or the hints). */
  state: SiteState;
}

const CATEGORIES = ["EventCategoryAgent", "EventCategoryCall", "EventCategorySystem"];
const ENTITY_TYPES = ["AgentInfo", "CallInfo", "ServiceInfo"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fault(o: SendOutcome): string {
  return o.ok
    ? `result ${JSON.stringify(o.result)}`
    : `${o.fault.detail?.ErrorCode ?? o.fault.faultcode}: ${o.fault.detail?.Message ?? o.fault.faultstring}`;
}

const payload = (e: TimelineEntry) => (e.payload ?? {}) as Record<string, unknown>;
const num = (v: unknown) =>
  typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : undefined;

/**
 * Takes a Snapshot on `session` and reads the site's part of it. A snapshot ends when every
 * requested type carried its completion flag, or when updates stopped for `quietMs`.
 */
export async function readSiteState(
  session: ClientSession,
  site: SiteProfile,
  o: { waitMs: number; quietMs: number },
): Promise<SiteState> {
  const state = emptyState("none");
  const since = session.events().at(-1)?.seq ?? 0;
  let sent: SendOutcome;
  try {
    sent = await session.send("Snapshot", { EntityType: ENTITY_TYPES });
  } catch (err) {
    state.snapshotProblem = `Snapshot could not be sent: ${(err as Error).message}`;
    return state;
  }
  if (!sent.ok) {
    state.snapshotProblem = `Snapshot was refused: ${fault(sent)}`;
    return state;
  }
  const rid = sent.requestId;
  const deadline = Date.now() + o.waitMs;
  let lastCount = 0;
  let lastChange = Date.now();
  for (;;) {
    const updates = session
      .events({ since: since + 1 })
      .filter(
        (e) => e.requestId === rid && (e.name === "SnapShotUpdate" || e.name === "SnapShotRequestFailed"),
      );
    if (updates.some((u) => u.name === "SnapShotRequestFailed")) {
      state.snapshotProblem = "the target answered the Snapshot with SnapShotRequestFailed";
      return state;
    }
    const complete = (t: string) =>
      updates.some((u) => {
        const p = payload(u);
        return p.SnapShotType === t && (p.SnapShotTypeComplete === true || p.SnapShotComplete === true);
      });
    if (updates.length !== lastCount) {
      lastCount = updates.length;
      lastChange = Date.now();
    }
    const done = ENTITY_TYPES.every(complete) || (updates.length > 0 && Date.now() - lastChange >= o.quietMs);
    if (done || Date.now() > deadline) {
      if (!done && updates.length === 0) {
        state.snapshotProblem = `no SnapShotUpdate for the Snapshot (RequestId ${rid}) within ${o.waitMs} ms`;
        return state;
      }
      readUpdates(updates, site, state);
      state.source = "snapshot";
      return state;
    }
    await sleep(10);
  }
}

function readUpdates(updates: readonly TimelineEntry[], site: SiteProfile, state: SiteState): void {
  const names = new Set(Object.values(site.agents).flatMap((a) => (a ? [a.loginName] : [])));
  const services = new Set(Object.values(site.services).filter((x) => x !== undefined));
  const siteAgentIds = new Set<number>();
  for (const u of updates) {
    const p = payload(u);
    const a = p.AgentData as Record<string, unknown> | null | undefined;
    if (p.SnapShotType === "AgentInfo" && a && names.has(String(a.AgentLoginName))) {
      const agentId = num(a.AgentId) ?? 0;
      siteAgentIds.add(agentId);
      state.agents.set(String(a.AgentLoginName), {
        loginName: String(a.AgentLoginName),
        agentId,
        state: String(a.AgentState),
        callId: num(a.CallId) || undefined,
      });
    }
    const s = p.ServiceData as Record<string, unknown> | null | undefined;
    if (p.SnapShotType === "ServiceInfo" && s && num(s.ServiceId) !== undefined)
      state.services.set(num(s.ServiceId)!, String(s.ServiceState));
  }
  for (const u of updates) {
    const p = payload(u);
    const c = p.CallData as Record<string, unknown> | null | undefined;
    if (p.SnapShotType !== "CallInfo" || !c) continue;
    const callId = num(c.CallId);
    const serviceId = num(c.ServiceId);
    const agentId = num(c.AgentId);
    if (!callId) continue;
    const ours =
      (serviceId !== undefined && services.has(serviceId)) ||
      (agentId !== undefined && siteAgentIds.has(agentId));
    if (!ours) continue;
    const call = state.calls.get(callId) ?? { callId, serviceId, agentIds: [], state: String(c.CallState) };
    if (agentId && !call.agentIds.includes(agentId)) call.agentIds.push(agentId);
    state.calls.set(callId, call);
  }
  // Agents on calls the snapshot lists only from the agent's side.
  for (const a of state.agents.values()) {
    if (!a.callId || ["Idle", "NotReady", "NotReadyPark", "Reserved"].includes(a.state)) continue;
    const call = state.calls.get(a.callId) ?? { callId: a.callId, agentIds: [] };
    if (!call.agentIds.includes(a.agentId)) call.agentIds.push(a.agentId);
    state.calls.set(a.callId, call);
  }
}

function emptyState(source: SiteState["source"]): SiteState {
  return { agents: new Map(), calls: new Map(), services: new Map(), source };
}

/** Call events that put an agent's leg on a call, and the states of an agent not on one. */
const LEG_EVENTS = new Set([
  "CallConnected",
  "CallEstablished",
  "CallOriginated",
  "CallHeld",
  "CallRetrieved",
  "CallConferenced",
]);
const REST = new Set(["Idle", "NotReady", "NotReadyPark", "Reserved", "INVALID"]);

/**
 * The site as events tell it: each site agent's login and last state (and the call it is
 * on or last cleared), each call that has not ended with the agents still on it. Events
 * every session received are the same facts; the last word wins.
 */
export function siteFromEvents(timeline: readonly TimelineEntry[], site: SiteProfile): SiteState {
  const state = emptyState("events");
  const names = new Set(Object.values(site.agents).flatMap((a) => (a ? [a.loginName] : [])));
  const byId = new Map<number, AgentSeen>();
  const lastCall = new Map<number, number>();
  const calls = new Map<number, CallSeen>();
  const ended = new Set<number>();
  for (const e of timeline) {
    if (e.kind !== "event") continue;
    const p = payload(e);
    const agentId = num(p.AgentId) ?? 0;
    const callId = num(p.CallId) ?? 0;
    if (e.name === "AgentLoginStateChange" && names.has(String(p.AgentLoginName))) {
      const loginName = String(p.AgentLoginName);
      if (p.LoginState === "AgentLoggedIn") {
        const a = { loginName, agentId, state: "INVALID" };
        state.agents.set(loginName, a);
        byId.set(agentId, a);
      } else {
        state.agents.delete(loginName);
        byId.delete(agentId);
      }
    } else if (e.name === "AgentStateChange" && byId.has(agentId)) {
      const a = byId.get(agentId)!;
      a.state = String(p.AgentState);
      a.callId = REST.has(a.state) ? undefined : callId || lastCall.get(agentId) || a.callId;
    } else if (callId && !ended.has(callId)) {
      if (e.name === "CallEnd") {
        ended.add(callId);
        calls.delete(callId);
        continue;
      }
      const call = calls.get(callId) ?? { callId, agentIds: [] };
      const serviceId = num(p.ServiceId);
      if (serviceId) call.serviceId ??= serviceId;
      if (agentId && LEG_EVENTS.has(e.name ?? "") && !call.agentIds.includes(agentId))
        call.agentIds.push(agentId);
      if (e.name === "CallCleared") {
        call.agentIds = agentId ? call.agentIds.filter((x) => x !== agentId) : [];
        if (agentId) lastCall.set(agentId, callId);
      }
      calls.set(callId, call);
    }
  }
  const services = new Set(Object.values(site.services).filter((x) => x !== undefined));
  const siteIds = new Set([...state.agents.values()].map((a) => a.agentId));
  for (const c of calls.values())
    if ((c.serviceId !== undefined && services.has(c.serviceId)) || c.agentIds.some((id) => siteIds.has(id)))
      state.calls.set(c.callId, c);
  for (const a of state.agents.values())
    if (!a.callId && !REST.has(a.state)) a.callId = lastCall.get(a.agentId);
  return state;
}

/**
 * Brings the site to its known start state through `o.session` (or a session of its own,
 * subscribed to agent, call and system events, closed at the end). Returns what it did and
 * what it could not undo.
 */
export async function restoreSite(o: RestoreOptions): Promise<RestoreReport> {
  const started = Date.now();
  const left = () => Math.max(0, o.budgetMs - (Date.now() - started));
  const wait = () => Math.min(o.waitMs, left());
  const actions: string[] = [];
  let confirmed = true;
  // A scenario may have told the callback service to stop answering heartbeats.
  o.client.behaviour = { heartbeat: "answer", heartbeatDelayMs: 0, event: "answer", eventDelayMs: 0 };
  let session = o.session;
  if (!session) {
    try {
      session = await o.client.openSession({ categories: CATEGORIES });
    } catch (err) {
      return {
        actions,
        remaining: [`no session could be opened to restore the site: ${(err as Error).message}`],
        state: emptyState("none"),
      };
    }
  }
  const s = session;
  const look = async (): Promise<SiteState> => {
    if (o.observe?.trust) return o.observe.state();
    const snap = await readSiteState(s, o.site, { waitMs: wait(), quietMs: o.quietMs });
    if (snap.source === "snapshot" || !o.observe) return snap;
    return { ...o.observe.state(), snapshotProblem: snap.snapshotProblem };
  };

  // 1. Links, the passcode prompt and services back as they were: calls and logins depend on them.
  for (const component of o.linksDown ?? []) await runTrigger(o, "link", { component, state: "up" }, actions);
  if (o.passcodeOn) await runTrigger(o, "gateway-passcode", { required: false }, actions);
  for (const [serviceId, st] of o.services ?? [])
    await runTrigger(o, "service-state", { serviceId, state: st }, actions);

  // 2. End every call: the customer hangs up (trigger), else each agent on it clears it.
  let seen = await look();
  for (const call of seen.calls.values()) {
    if (left() === 0) break;
    if (!(await endCall(o, s, call, seen, wait, actions))) confirmed = false;
  }

  // 3. Agents in Wrap dispose; every site agent still logged in logs out.
  if (seen.calls.size) seen = await look();
  for (const a of seen.agents.values()) {
    if (left() === 0) break;
    if (a.state === "Wrap" || a.state === "WrapWarning") {
      const callId = a.callId ?? o.observe?.state().agents.get(a.loginName)?.callId ?? 0;
      if (!(await dispose(o, s, a.agentId, callId, wait, actions))) confirmed = false;
    }
    if (!(await logout(s, a.loginName, a.agentId, wait, actions))) confirmed = false;
  }

  // 4. What is left: the same account again when every action was confirmed, else the target's own.
  const acted = actions.length > 0;
  let after = seen;
  if (acted) {
    after = confirmed ? await look() : await readSiteState(s, o.site, { waitMs: wait(), quietMs: o.quietMs });
    if (after.source === "none" && o.observe)
      after = { ...o.observe.state(), snapshotProblem: after.snapshotProblem };
  }
  const remaining: string[] = [];
  if (after.source === "none") remaining.push(`the site's state could not be read: ${after.snapshotProblem}`);
  for (const a of after.agents.values())
    remaining.push(
      `agent ${a.loginName} (${a.agentId}) is still logged in, ${a.state}${a.callId ? ` on call ${a.callId}` : ""}`,
    );
  for (const c of after.calls.values())
    remaining.push(
      `call ${c.callId}${c.serviceId ? ` on service ${c.serviceId}` : ""}${c.agentIds.length ? ` with agent(s) ${c.agentIds.join(", ")}` : ""} is still up${c.state ? ` (${c.state})` : ""}`,
    );
  if (!o.session) {
    const closed = await s.close().catch((err: Error) => err);
    if (closed instanceof Error || !closed.ok)
      actions.push(
        `CloseConnection of the restore session: ${closed instanceof Error ? closed.message : fault(closed)}`,
      );
  }
  return { actions, remaining, state: after };
}

async function runTrigger(
  o: RestoreOptions,
  name: "link" | "gateway-passcode" | "service-state",
  params: Record<string, unknown>,
  actions: string[],
): Promise<void> {
  const why = o.triggers.unavailable(name);
  if (why) {
    actions.push(`could not run trigger ${name} ${JSON.stringify(params)}: ${why}`);
    return;
  }
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the params were built for this trigger
    await o.triggers.run(name, params as any);
    actions.push(`trigger ${name} ${JSON.stringify(params)}`);
  } catch (err) {
    actions.push(`trigger ${name} ${JSON.stringify(params)} failed: ${(err as Error).message}`);
  }
}

/**
 * Waits until `done` holds for the session's events since `since`, or a failure event
 * answers the request `rid` (then at once), or `ms` pass. True when done.
 */
async function settle(
  session: ClientSession,
  since: number,
  rid: number | undefined,
  ms: number,
  done: (e: TimelineEntry) => boolean,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    const events = session.events({ since });
    if (events.some(done)) return true;
    if (rid !== undefined && events.some((e) => e.requestId === rid && FAILURES.has(e.name ?? "")))
      return false;
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
}

const FAILURES = new Set(["AgentLoginRequestFailed", "AgentRequestFailed", "CallRequestFailed"]);

const isEndOf = (callId: number) => (e: TimelineEntry) =>
  e.name === "CallEnd" && (e.callId === callId || payload(e).CallId === callId);

function awaitEnd(session: ClientSession, callId: number, since: number, ms: number): Promise<boolean> {
  return settle(session, since, undefined, ms, isEndOf(callId));
}

/** Ends one call: the hangup trigger where there is one, else each site agent on it clears it. True when its CallEnd came. */
async function endCall(
  o: RestoreOptions,
  session: ClientSession,
  call: CallSeen,
  seen: SiteState,
  wait: () => number,
  actions: string[],
): Promise<boolean> {
  const { callId } = call;
  const since = (session.events().at(-1)?.seq ?? 0) + 1;
  if (!o.triggers.unavailable("hangup")) {
    try {
      await o.triggers.run("hangup", { callId });
      actions.push(`trigger hangup ${callId}`);
      if (await awaitEnd(session, callId, since, wait())) return true;
    } catch (err) {
      actions.push(`trigger hangup ${callId} failed: ${(err as Error).message}`);
    }
  }
  const agents = call.agentIds.length
    ? call.agentIds
    : [...seen.agents.values()].filter((a) => a.callId === callId).map((a) => a.agentId);
  for (const agentId of agents) {
    const st = [...seen.agents.values()].find((a) => a.agentId === agentId)?.state;
    if (st === "PendingActive") {
      const r = await session.send("AcceptCall", {
        AgentIdx: agentId,
        CallId: callId,
        AcceptCall: false,
        RejectReasonCode: o.site.rejectReasonCode,
      });
      actions.push(`AcceptCall(false) agent ${agentId} call ${callId}: ${r.ok ? "accepted" : fault(r)}`);
      if (
        r.ok &&
        (await settle(session, since, r.requestId, Math.min(wait(), o.quietMs * 4), isEndOf(callId)))
      )
        return true;
    }
    const r = await session.send("ClearCall", { AgentIdx: agentId, CallId: callId });
    actions.push(`ClearCall agent ${agentId} call ${callId}: ${r.ok ? "accepted" : fault(r)}`);
    if (r.ok && (await settle(session, since, r.requestId, wait(), isEndOf(callId)))) return true;
  }
  if (!agents.length && o.triggers.unavailable("hangup"))
    actions.push(`call ${callId} has no agent to clear it and there is no hangup trigger`);
  return false;
}

async function dispose(
  o: RestoreOptions,
  session: ClientSession,
  agentId: number,
  callId: number,
  wait: () => number,
  actions: string[],
): Promise<boolean> {
  const since = (session.events().at(-1)?.seq ?? 0) + 1;
  const r = await session.send("SetDisposition", {
    AgentIdx: agentId,
    CallId: callId,
    DispositionId: o.site.dispositionId,
    SummaryDispositionSuccessful: true,
    WrapNotRequired: false,
    UserData: [],
  });
  actions.push(`SetDisposition agent ${agentId} call ${callId}: ${r.ok ? "accepted" : fault(r)}`);
  if (!r.ok) return false;
  return settle(session, since, r.requestId, wait(), (e) => {
    const p = payload(e);
    return (
      e.name === "AgentStateChange" &&
      p.AgentId === agentId &&
      p.AgentState !== "Wrap" &&
      p.AgentState !== "WrapWarning"
    );
  });
}

async function logout(
  session: ClientSession,
  loginName: string,
  agentId: number,
  wait: () => number,
  actions: string[],
): Promise<boolean> {
  const since = (session.events().at(-1)?.seq ?? 0) + 1;
  const out = (e: TimelineEntry) =>
    e.name === "AgentLoginStateChange" &&
    payload(e).LoginState === "AgentLoggedOut" &&
    (payload(e).AgentId === agentId || payload(e).AgentLoginName === loginName);
  const r = await session.send("LogoutAgent", { AgentIdx: agentId, ReasonCode: 0 });
  actions.push(`LogoutAgent ${loginName} (${agentId}): ${r.ok ? "accepted" : fault(r)}`);
  if (r.ok && (await settle(session, since, r.requestId, wait(), out))) return true;
  const p = await session.send("PanicLogoutAgent", {
    AgentIdx: agentId,
    AgentLoginNameList: [loginName],
    LogoutAllAgents: false,
  });
  actions.push(`PanicLogoutAgent ${loginName}: ${p.ok ? "accepted" : fault(p)}`);
  return p.ok && (await settle(session, since, p.requestId, wait(), out));
}
