/**
 * What a CTI client must do, judged from a CTIPS-side recording (the kit's mock plays the
 * CTIPS in `certify client`): start-up order, snapshots, offline discipline, shut-down,
 * prompt callback answers, routing, an agent desktop's answers to calls and wrap. Each is a
 * small pure check; the scenario binds severity and clause. Sessions are the client's own:
 * every session on a client-certification timeline belongs to the client under test.
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import { argsOf, membersOf, msOf, operationOf } from "./fields.ts";
import { type CheckResult, conclude, fail, missingParams, type Observation } from "./finding.ts";
import { closeRequestOf, indexTimeline, isSuccessfulAnswer } from "./timeline-index.ts";

const describe = (e: TimelineEntry) => `${e.name ?? e.kind} (seq ${e.seq})`;

/**
 * When the recording was read, in ms on its clock: `nowMs` when the caller knows it (a live
 * run), else the last entry. What happened less than the allowed time before it is not judged.
 */
function readAt(entries: readonly TimelineEntry[], nowMs?: number): number {
  const last = entries.length ? msOf(entries[entries.length - 1]) : 0;
  return Math.max(nowMs ?? 0, last);
}

/**
 * A session goes online only after it registered for something: its first OnLine comes
 * after a successful AddMessageClass, and the client answered StartSession with success.
 * @see EDK 3-3 ("Prior to sending the OnLine request the client sets up the appropriate
 * filtering"), EDK 4-2, EDK 5-1 … 5-2
 */
export function clientRegistersBeforeOnLine(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    const online = s.requests.find((r) => operationOf(r) === "OnLine");
    if (!online) continue;
    checked++;
    const registered = s.requests.some(
      (r) =>
        r.seq < online.seq &&
        operationOf(r) === "AddMessageClass" &&
        isSuccessfulAnswer(index.answerOf.get(r.seq)),
    );
    if (!registered)
      failures.push(
        fail(
          `session ${s.id}: expected AddMessageClass before its first OnLine (${describe(online)}), got none`,
          {
            expected: "AddMessageClass, then OnLine",
            actual: s.requests
              .filter((r) => r.seq <= online.seq)
              .map((r) => operationOf(r))
              .join(", "),
            evidence: [online.seq],
            subject: { session: s.id },
          },
        ),
      );
    for (const st of s.startSessions) {
      const answer = index.answerOf.get(st.seq);
      if (answer && !isSuccessfulAnswer(answer))
        failures.push(
          fail(
            `session ${s.id}: expected StartSession (seq ${st.seq}) answered with a result, got ${answer.kind}`,
            {
              expected: "StartSession answered",
              actual: answer.kind,
              evidence: [st.seq, answer.seq],
              subject: { session: s.id },
            },
          ),
        );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} sessions registered before going online`,
    "no session went online",
  );
}

export interface SnapshotAfterOnLineParams {
  /** How soon after its first OnLine a session must send Snapshot, in ms. */
  withinMs: number;
  /** When the recording was read, on the timeline's clock in ms; default its last entry. */
  nowMs?: number;
}

/**
 * Every session takes a Snapshot after going online, to learn the state of the calls,
 * agents and services it will follow. A session that ended sooner than `withinMs` after
 * OnLine is not judged. @see EDK 3-6 ("The client must use this request after creating a
 * session with the CTIPS and is OnLine"), EDK 1-2
 */
export function clientTakesSnapshotAfterOnLine(
  timeline: readonly TimelineEntry[],
  params: SnapshotAfterOnLineParams,
): CheckResult {
  const missing = missingParams(params, ["withinMs"]);
  if (missing) return missing;
  const index = indexTimeline(timeline);
  const endMs = readAt(index.entries, params.nowMs);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    const online = s.requests.find(
      (r) => operationOf(r) === "OnLine" && isSuccessfulAnswer(index.answerOf.get(r.seq)),
    );
    if (!online) continue;
    const until = s.end ? msOf(s.end) : endMs;
    if (until - msOf(online) < params.withinMs) continue;
    checked++;
    const snap = s.requests.find((r) => r.seq > online.seq && operationOf(r) === "Snapshot");
    if (!snap || msOf(snap) - msOf(online) > params.withinMs)
      failures.push(
        fail(
          `session ${s.id}: expected a Snapshot within ${params.withinMs} ms of OnLine (seq ${online.seq}), got ${snap ? `one after ${Math.round(msOf(snap) - msOf(online))} ms` : "none"}`,
          {
            expected: `Snapshot ≤ ${params.withinMs} ms after OnLine`,
            actual: snap ? Math.round(msOf(snap) - msOf(online)) : "none",
            evidence: [online.seq, ...(snap ? [snap.seq] : [])],
            subject: { session: s.id },
          },
        ),
      );
  }
  return conclude(
    failures,
    checked,
    `${checked} sessions took a snapshot after going online`,
    "no session stayed online long enough",
  );
}

/** While offline a client sends only OnLine or CloseConnection. @see EDK 5-3 */
export function clientSendsOnlyOnLineOrCloseWhileOffline(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    let offline = false;
    for (const r of s.requests) {
      const op = operationOf(r);
      if (offline) {
        checked++;
        if (op !== "OnLine" && op !== "CloseConnection")
          failures.push(
            fail(
              `session ${s.id}: expected only OnLine or CloseConnection while offline, got ${describe(r)}`,
              {
                expected: "OnLine or CloseConnection",
                actual: op,
                evidence: [r.seq],
                subject: { session: s.id },
              },
            ),
          );
      }
      if (op === "OffLine" && isSuccessfulAnswer(index.answerOf.get(r.seq))) offline = true;
      if (op === "OnLine") offline = false;
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} requests while offline were OnLine or CloseConnection`,
    "no request while offline",
  );
}

/**
 * The client leaves in the guide's order: its last session goes OffLine, then
 * CloseConnection, and sends nothing after. @see EDK 5-1 (start-up and shut-down
 * sequence), EDK 5-3, EDK 5-4
 */
export function clientShutsDownOffLineThenClose(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const sessions = [...index.sessions.values()].filter((s) => s.requests.length > 0);
  const last = sessions.at(-1);
  if (!last) return conclude([], 0, "", "no session");
  const ops = last.requests.map((r) => operationOf(r));
  const close = ops.lastIndexOf("CloseConnection");
  const off = ops.lastIndexOf("OffLine");
  const failures: Observation[] = [];
  if (close < 0 || off < 0 || off > close || close !== ops.length - 1)
    failures.push(
      fail(
        `session ${last.id}: expected it to end with OffLine, then CloseConnection, got … ${ops.slice(-4).join(", ")}`,
        {
          expected: "… OffLine, CloseConnection",
          actual: ops.slice(-4),
          evidence: last.requests.slice(-4).map((r) => r.seq),
          subject: { session: last.id },
        },
      ),
    );
  return conclude(failures, 1, `session ${last.id} went offline, then closed`, "no session");
}

export interface CallbackAnswerParams {
  /** How soon the client must answer a PublishCTIEvent, in ms (the guide: "within milliseconds"). */
  answerWithinMs: number;
  /** When the recording was read, on the timeline's clock in ms; default its last entry. */
  nowMs?: number;
}

/** Every PublishCTIEvent is answered with a result (not a fault), promptly. @see EDK 4-1 */
export function clientAnswersEventsWithin(
  timeline: readonly TimelineEntry[],
  params: CallbackAnswerParams,
): CheckResult {
  const missing = missingParams(params, ["answerWithinMs"]);
  if (missing) return missing;
  const index = indexTimeline(timeline);
  const endMs = readAt(index.entries, params.nowMs);
  const failures: Observation[] = [];
  let checked = 0;
  let slowest = 0;
  for (const s of index.sessions.values()) {
    const leaving = closeRequestOf(s);
    for (const e of s.events) {
      // Events racing the client's CloseConnection reach a client that said goodbye: not judged.
      if (leaving && e.seq > leaving.seq) continue;
      const answer = index.answerOf.get(e.seq);
      if (!answer && endMs - msOf(e) < params.answerWithinMs) continue;
      checked++;
      const took = answer ? msOf(answer) - msOf(e) : Number.POSITIVE_INFINITY;
      if (answer && isSuccessfulAnswer(answer)) slowest = Math.max(slowest, took);
      if (!answer || !isSuccessfulAnswer(answer) || took > params.answerWithinMs)
        failures.push(
          fail(
            `session ${s.id}: expected ${describe(e)} answered with a result within ${params.answerWithinMs} ms, got ${answer ? `${answer.kind} after ${Math.round(took)} ms` : "no answer"}`,
            {
              expected: `result ≤ ${params.answerWithinMs} ms`,
              actual: answer ? { kind: answer.kind, ms: Math.round(took) } : "none",
              evidence: [e.seq, ...(answer ? [answer.seq] : [])],
              subject: { session: s.id },
            },
          ),
        );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} events answered with a result, the slowest after ${Math.round(slowest)} ms`,
    "no event delivered",
    { evidence: [], actual: { slowestMs: Math.round(slowest) } },
  );
}

const ROUTE_TYPES = new Set(["RouteToAgent", "RouteToService", "RouteToExternal", "RouteToDefault"]);

export interface RoutingParams {
  /** The route timeout the CTIPS applies, in ms (RouteRequest's RouteTimeout is in whole seconds). */
  routeTimeoutMs: number;
  /** When the recording was read, on the timeline's clock in ms; default its last entry. */
  nowMs?: number;
}

/**
 * A routing client answers every RouteRequest with a RouteSelect for that CallId before the
 * route times out, naming one of the four route types and, but for the default route, a
 * destination. @see EDK 3-20 (RouteSelect), EDK 4-23 ("The route must be specified within a
 * given time period or the Unified IP system applies default routing")
 */
export function clientRoutesEachRouteRequest(
  timeline: readonly TimelineEntry[],
  params: RoutingParams,
): CheckResult {
  const missing = missingParams(params, ["routeTimeoutMs"]);
  if (missing) return missing;
  const index = indexTimeline(timeline);
  const endMs = readAt(index.entries, params.nowMs);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    for (const rq of s.events.filter((e) => e.name === "RouteRequest")) {
      const callId = membersOf(rq).CallId;
      const select = s.requests.find(
        (r) => r.seq > rq.seq && operationOf(r) === "RouteSelect" && argsOf(r).CallId === callId,
      );
      // No route yet, and the route has not timed out: not judged.
      if (!select && endMs - msOf(rq) < params.routeTimeoutMs) continue;
      checked++;
      const subject = { session: s.id, callId: typeof callId === "number" ? callId : undefined };
      if (!select || msOf(select) - msOf(rq) > params.routeTimeoutMs) {
        failures.push(
          fail(
            `session ${s.id}: expected a RouteSelect for call ${String(callId)} within ${params.routeTimeoutMs} ms of its RouteRequest (seq ${rq.seq}), got ${select ? `one after ${Math.round(msOf(select) - msOf(rq))} ms` : "none"}`,
            {
              expected: `RouteSelect ≤ ${params.routeTimeoutMs} ms`,
              actual: select ? Math.round(msOf(select) - msOf(rq)) : "none",
              evidence: [rq.seq, ...(select ? [select.seq] : [])],
              subject,
            },
          ),
        );
        continue;
      }
      const a = argsOf(select);
      const type = String(a.RouteActionType);
      if (!ROUTE_TYPES.has(type) || (type !== "RouteToDefault" && !String(a.DestinationAddress ?? "").trim()))
        failures.push(
          fail(
            `session ${s.id}: expected RouteSelect (seq ${select.seq}) to name a route type and a destination, got ${type} "${String(a.DestinationAddress ?? "")}"`,
            {
              expected: "RouteToAgent/Service/External with a destination, or RouteToDefault",
              actual: { RouteActionType: type, DestinationAddress: a.DestinationAddress },
              evidence: [select.seq],
              subject,
            },
          ),
        );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} route requests were answered in time`,
    "no RouteRequest old enough to judge",
  );
}

/** Once a call is routed (RouteUsed), the client sends no more RouteSelect for it. @see EDK 4-24 */
export function clientDoesNotRouteRoutedCalls(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    for (const used of s.events.filter((e) => e.name === "RouteUsed")) {
      checked++;
      const callId = membersOf(used).CallId;
      const late = s.requests.find(
        (r) => r.seq > used.seq && operationOf(r) === "RouteSelect" && argsOf(r).CallId === callId,
      );
      if (late)
        failures.push(
          fail(
            `session ${s.id}: expected no RouteSelect for call ${String(callId)} after its RouteUsed (seq ${used.seq}), got ${describe(late)}`,
            {
              expected: "no RouteSelect after RouteUsed",
              actual: describe(late),
              evidence: [used.seq, late.seq],
              subject: { session: s.id },
            },
          ),
        );
    }
  }
  return conclude(failures, checked, `${checked} routed calls were not routed again`, "no RouteUsed");
}

export interface DesktopParams {
  /** The agents the desktop works for (AgentIds). */
  agentIds: readonly number[];
  withinMs: number;
  /** When the recording was read, on the timeline's clock in ms; default its last entry. */
  nowMs?: number;
}

/**
 * An agent desktop answers a call presented to its agent with ResponseRequired (AcceptCall,
 * accepting or rejecting) within the time allowed. @see EDK 4-11 ("If the agent is allowed
 * to manually accept or reject the call, the ResponseRequired is set to true"), EDK 3-12
 */
export function clientAnswersPresentedCallsWithin(
  timeline: readonly TimelineEntry[],
  params: DesktopParams,
): CheckResult {
  const missing = missingParams(params, ["agentIds", "withinMs"]);
  if (missing) return missing;
  const index = indexTimeline(timeline);
  const endMs = readAt(index.entries, params.nowMs);
  const failures: Observation[] = [];
  let checked = 0;
  const seen = new Set<string>();
  const accepts = index.entries.filter((r) => r.kind === "request" && operationOf(r) === "AcceptCall");
  for (const s of index.sessions.values()) {
    for (const c of s.events.filter((e) => e.name === "CallConnected")) {
      const m = membersOf(c);
      if (m.ResponseRequired !== true || !params.agentIds.includes(m.AgentId as number)) continue;
      const key = `${String(m.CallId)}/${String(m.AgentId)}/${c.requestId ?? 0}`;
      if (seen.has(key)) continue;
      const answer = accepts.find(
        (r) => r.seq > c.seq && argsOf(r).CallId === m.CallId && argsOf(r).AgentIdx === m.AgentId,
      );
      // Not answered yet, and still within the time allowed: not judged.
      if (!answer && endMs - msOf(c) < params.withinMs) continue;
      seen.add(key);
      checked++;
      if (!answer || msOf(answer) - msOf(c) > params.withinMs)
        failures.push(
          fail(
            `expected AcceptCall for call ${String(m.CallId)} presented to agent ${String(m.AgentId)} (seq ${c.seq}) within ${params.withinMs} ms, got ${answer ? `one after ${Math.round(msOf(answer) - msOf(c))} ms` : "none"}`,
            {
              expected: `AcceptCall ≤ ${params.withinMs} ms`,
              actual: answer ? Math.round(msOf(answer) - msOf(c)) : "none",
              evidence: [c.seq, ...(answer ? [answer.seq] : [])],
              subject: { agentId: m.AgentId as number, callId: m.CallId as number },
            },
          ),
        );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} calls presented to the desktop's agents were answered in time`,
    "no call presented with ResponseRequired",
  );
}

/**
 * An agent desktop disposes its agent's calls in Wrap (SetDisposition) within the time
 * allowed. @see EDK 2-1 ("AgentStateChange Event (idle) is generated when the agent's
 * state changes to 'idle' after the agent disposes the call"), EDK 3-11
 */
export function clientDisposesInWrapWithin(
  timeline: readonly TimelineEntry[],
  params: DesktopParams,
): CheckResult {
  const missing = missingParams(params, ["agentIds", "withinMs"]);
  if (missing) return missing;
  const index = indexTimeline(timeline);
  const endMs = readAt(index.entries, params.nowMs);
  const disposals = index.entries.filter((r) => r.kind === "request" && operationOf(r) === "SetDisposition");
  const failures: Observation[] = [];
  let checked = 0;
  const seen = new Set<number>();
  for (const s of index.sessions.values()) {
    for (const w of s.events.filter(
      (e) => e.name === "AgentStateChange" && membersOf(e).AgentState === "Wrap",
    )) {
      const agentId = membersOf(w).AgentId as number;
      if (!params.agentIds.includes(agentId)) continue;
      // The same Wrap reaches every session: judge the first copy.
      const first = index.entries.find(
        (e) =>
          e.kind === "event" &&
          e.name === "AgentStateChange" &&
          membersOf(e).AgentId === agentId &&
          membersOf(e).AgentState === "Wrap" &&
          Math.abs(msOf(e) - msOf(w)) < 50,
      );
      if (!first || seen.has(first.seq)) continue;
      const d = disposals.find((r) => r.seq > first.seq && argsOf(r).AgentIdx === agentId);
      if (!d && endMs - msOf(first) < params.withinMs) continue;
      seen.add(first.seq);
      checked++;
      if (!d || msOf(d) - msOf(first) > params.withinMs)
        failures.push(
          fail(
            `expected SetDisposition for agent ${agentId} within ${params.withinMs} ms of its Wrap (seq ${first.seq}), got ${d ? `one after ${Math.round(msOf(d) - msOf(first))} ms` : "none"}`,
            {
              expected: `SetDisposition ≤ ${params.withinMs} ms`,
              actual: d ? Math.round(msOf(d) - msOf(first)) : "none",
              evidence: [first.seq, ...(d ? [d.seq] : [])],
              subject: { agentId },
            },
          ),
        );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} wraps of the desktop's agents were disposed in time`,
    "no Wrap of the desktop's agents",
  );
}

const REST_STATES = new Set(["NotReady", "NotReadyPark", "Idle", "Reserved"]);

/**
 * A client asks only for states an agent can be put in (the rest states): never for the
 * states the system sets from the agent's calls (PendingActive, Active, Wrap …). The kit's
 * reading agent-settable-states: the guide lists them all among NewState's values (EDK 3-10).
 */
export function clientSetsOnlyRestStates(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const r of index.entries) {
    if (r.kind !== "request" || operationOf(r) !== "SetAgentState") continue;
    checked++;
    const state = String(argsOf(r).NewState);
    if (!REST_STATES.has(state))
      failures.push(
        fail(
          `expected SetAgentState to ask for a rest state (NotReady, NotReadyPark, Idle, Reserved), got ${state} (seq ${r.seq})`,
          {
            expected: [...REST_STATES],
            actual: state,
            evidence: [r.seq],
            subject: { agentId: argsOf(r).AgentIdx as number },
          },
        ),
      );
  }
  return conclude(
    failures,
    checked,
    `${checked} SetAgentState requests asked for rest states`,
    "no SetAgentState",
  );
}

export interface LogoutParams {
  agentIds: readonly number[];
}

/**
 * An agent desktop logs its agents out before it leaves: each agent it logged in and that
 * is still logged in gets a LogoutAgent before the client's last CloseConnection. The kit's
 * reading desktop-logs-out: the guide does not say a client must.
 */
export function clientLogsItsAgentsOut(
  timeline: readonly TimelineEntry[],
  params: LogoutParams,
): CheckResult {
  const missing = missingParams(params, ["agentIds"]);
  if (missing) return missing;
  const index = indexTimeline(timeline);
  const last = [...index.sessions.values()]
    .filter((s) => s.requests.some((r) => operationOf(r) === "CloseConnection"))
    .at(-1);
  const close = last?.requests.find((r) => operationOf(r) === "CloseConnection");
  if (!last || !close) return conclude([], 0, "", "no CloseConnection");
  const failures: Observation[] = [];
  for (const agentId of params.agentIds) {
    const out = last.requests.find(
      (r) => operationOf(r) === "LogoutAgent" && argsOf(r).AgentIdx === agentId && r.seq < close.seq,
    );
    if (!out)
      failures.push(
        fail(
          `expected LogoutAgent for agent ${agentId} before the client's CloseConnection (seq ${close.seq}), got none`,
          {
            expected: "LogoutAgent, then CloseConnection",
            actual: "none",
            evidence: [close.seq],
            subject: { session: last.id, agentId },
          },
        ),
      );
  }
  return conclude(
    failures,
    params.agentIds.length,
    `${params.agentIds.length} agents logged out before the client left`,
    "no agent",
  );
}
