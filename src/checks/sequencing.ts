/**
 * Sequencing: the order of things within a call, an agent and a session.
 * Every check here is per session: each session receives its own copy of the events.
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import { type AgentNode, agentNode, agentTransition } from "./agent-states.ts";
import { describe, seqs } from "./evidence.ts";
import { eventTypeOf, fieldOf, operationOf, requestIdOf } from "./fields.ts";
import { type CheckResult, conclude, fail, type Observation } from "./finding.ts";
import { agentStreams, type CallStream, callStreams } from "./streams.ts";
import { indexTimeline, type SessionView, wasOnline } from "./timeline-index.ts";

/** Events that may name a call after it ended: they answer a request on a call that is gone. */
const FAILURE_EVENTS = new Set(["CallRequestFailed", "RouteRequestFailed", "RouteReject"]);

const callSubject = (c: CallStream) => ({ session: c.session, callId: c.callId });

/** Each call a session sees from its beginning starts with CallStarted. @see EDK 2-1, EDK 4-21 */
export function callStartedIsFirstEventOfEachCall(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  let partial = 0;
  const consultations = consultationCallIds(timeline);
  for (const c of callStreams(indexTimeline(timeline))) {
    if (c.partialView) {
      partial++;
      continue;
    }
    // A consultation call is a segment of its customer call (EDK 4-21: a call is the whole
    // "cradle to grave" interaction); it begins with CallOriginated, not CallStarted.
    if (consultations.has(c.callId)) continue;
    checked++;
    const first = c.events[0];
    if (eventTypeOf(first) === "CallStarted") continue;
    const started = c.events.find((e) => eventTypeOf(e) === "CallStarted");
    failures.push(
      fail(
        `call ${c.callId} in session ${c.session}: expected CallStarted first, got ${describe(first)}` +
          (started ? ` before CallStarted at seq ${started.seq}` : "; CallStarted never arrived"),
        {
          expected: "CallStarted",
          actual: eventTypeOf(first),
          evidence: started ? [first.seq, started.seq] : [first.seq],
          subject: callSubject(c),
        },
      ),
    );
  }
  const skipped = partial > 0 ? ` (${partial} seen only in part were not judged)` : "";
  return conclude(
    failures,
    checked,
    `${checked} calls began with CallStarted${skipped}`,
    `no call seen from its beginning${skipped}`,
  );
}

/** CallIds that some event names as a consultation leg (ConsultationCallId, ConsultedCallId). */
function consultationCallIds(timeline: readonly TimelineEntry[]): Set<number> {
  const ids = new Set<number>();
  for (const e of timeline) {
    if (e.kind !== "event" || !e.payload) continue;
    const v = e.payload as Record<string, unknown>;
    for (const f of ["ConsultationCallId", "ConsultedCallId"]) {
      const id = v[f];
      if (typeof id === "number" && id > 0 && id !== v.CallId) ids.add(id);
    }
  }
  return ids;
}

/** CallStarted, CallEnd and CallCompleted each arrive at most once per call. @see EDK 4-10, EDK 4-16, EDK 4-21 */
export function callLifecycleEventsOccurOnce(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  const streams = callStreams(indexTimeline(timeline));
  for (const c of streams) {
    for (const type of ["CallStarted", "CallEnd", "CallCompleted"]) {
      const seen = c.events.filter((e) => eventTypeOf(e) === type);
      if (seen.length <= 1) continue;
      failures.push(
        fail(`call ${c.callId} in session ${c.session}: expected one ${type}, got ${seen.length}`, {
          expected: 1,
          actual: seen.length,
          evidence: seqs(seen),
          subject: callSubject(c),
        }),
      );
    }
  }
  return conclude(
    failures,
    streams.length,
    `${streams.length} calls had at most one CallStarted, CallEnd and CallCompleted each`,
    "no call events in any session",
  );
}

/**
 * After CallEnd a call's id is no longer valid: only CallCompleted (once) may follow,
 * besides failure events answering a request on the gone call. @see EDK 4-16, EDK 2-1
 */
export function onlyCallCompletedFollowsCallEnd(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  for (const c of callStreams(indexTimeline(timeline))) {
    const endAt = c.events.findIndex((e) => eventTypeOf(e) === "CallEnd");
    if (endAt < 0) continue;
    checked++;
    const end = c.events[endAt];
    let completed: TimelineEntry | undefined;
    for (const e of c.events.slice(endAt + 1)) {
      const type = eventTypeOf(e) ?? "";
      if (FAILURE_EVENTS.has(type)) continue;
      if (type === "CallCompleted" && !completed) {
        completed = e;
        continue;
      }
      const after = completed ? `CallCompleted at seq ${completed.seq}` : `CallEnd at seq ${end.seq}`;
      failures.push(
        fail(
          `call ${c.callId} in session ${c.session}: expected ${completed ? "nothing" : "only CallCompleted"} after ${after}, got ${describe(e)}`,
          {
            expected: completed ? "nothing" : "CallCompleted",
            actual: type,
            evidence: [(completed ?? end).seq, e.seq],
            subject: callSubject(c),
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} ended calls had nothing but CallCompleted after CallEnd`,
    "no call reached CallEnd",
  );
}

/** CallCompleted comes after the call's CallEnd. @see EDK 2-1 */
export function callCompletedFollowsCallEnd(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  for (const c of callStreams(indexTimeline(timeline))) {
    const completedAt = c.events.findIndex((e) => eventTypeOf(e) === "CallCompleted");
    if (completedAt < 0) continue;
    checked++;
    const completed = c.events[completedAt];
    if (c.events.slice(0, completedAt).some((e) => eventTypeOf(e) === "CallEnd")) continue;
    const end = c.events.find((e) => eventTypeOf(e) === "CallEnd");
    failures.push(
      fail(
        `call ${c.callId} in session ${c.session}: expected CallEnd before CallCompleted (seq ${completed.seq}), ` +
          (end ? `got CallEnd after it at seq ${end.seq}` : "got no CallEnd"),
        {
          expected: "CallEnd before CallCompleted",
          actual: end ? `CallEnd at seq ${end.seq}` : "no CallEnd",
          evidence: end ? [completed.seq, end.seq] : [completed.seq],
          subject: callSubject(c),
        },
      ),
    );
  }
  return conclude(
    failures,
    checked,
    `${checked} completed calls had CallEnd before CallCompleted`,
    "no call reached CallCompleted",
  );
}

/**
 * CallCompleted repeats CallStarted's fields. The guide lists them in CallCompleted's
 * table; RequestId is left out (CallCompleted may answer SetDisposition, E-2). @see EDK 4-10
 */
export const CALL_COMPLETED_REPEATS = [
  "TenantId",
  "SiteId",
  "SwitchId",
  "CallId",
  "CallSequenceId",
  "CallOriginatingSiteId",
  "ResourceGroupId",
  "CircuitId",
  "ChannelId",
] as const;

export function callCompletedRepeatsCallStartedFields(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  for (const c of callStreams(indexTimeline(timeline))) {
    const started = c.events.find((e) => eventTypeOf(e) === "CallStarted");
    const completed = c.events.find((e) => eventTypeOf(e) === "CallCompleted");
    if (!started || !completed) continue;
    checked++;
    const differ = CALL_COMPLETED_REPEATS.filter(
      (f) => String(fieldOf(started, f)) !== String(fieldOf(completed, f)),
    );
    if (differ.length === 0) continue;
    failures.push(
      fail(
        `call ${c.callId} in session ${c.session}: expected CallCompleted to repeat CallStarted's ` +
          differ.map((f) => `${f} ${String(fieldOf(started, f))}`).join(", ") +
          `, got ${differ.map((f) => `${f} ${String(fieldOf(completed, f))}`).join(", ")}`,
        {
          expected: Object.fromEntries(differ.map((f) => [f, fieldOf(started, f)])),
          actual: Object.fromEntries(differ.map((f) => [f, fieldOf(completed, f)])),
          evidence: [started.seq, completed.seq],
          subject: callSubject(c),
        },
      ),
    );
  }
  return conclude(
    failures,
    checked,
    `${checked} calls' CallCompleted repeated CallStarted's fields`,
    "no call with both CallStarted and CallCompleted",
  );
}

/** The requests whose answer may repeat the agent's current state. @see EDK 4-5, EDK C-3 */
const STATE_REPORTING_REQUESTS = new Set(["GetAgentState", "SetAgentState", "SetDisposition"]);

function answersStateRequest(s: SessionView | undefined, e: TimelineEntry): boolean {
  const rid = requestIdOf(e);
  if (!s || rid === undefined || rid === 0) return false;
  return (s.requestsByRequestId.get(rid) ?? []).some((r) =>
    STATE_REPORTING_REQUESTS.has(operationOf(r) ?? ""),
  );
}

/**
 * Each agent moves only along the transitions of the agent state table (agent-states.ts).
 * The first state a session sees of an agent is taken as given; the same state again is
 * legal only as the answer to GetAgentState, SetAgentState or SetDisposition (EDK 4-5 lists
 * SetDisposition among the requests producing AgentStateChange). @see EDK 4-5, EDK 2-1
 */
export function agentStatesFollowTheStateMachine(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  const streams = agentStreams(index);
  for (const a of streams) {
    const session = index.sessions.get(a.session);
    let node: AgentNode | undefined;
    let prev: TimelineEntry | undefined;
    for (const e of a.events) {
      const subject = { session: a.session, agentId: a.agentId };
      const login = eventTypeOf(e) === "AgentLoginStateChange";
      const value = fieldOf(e, login ? "LoginState" : "AgentState");
      const next: AgentNode | undefined = login
        ? value === "AgentLoggedIn"
          ? "LoggedIn"
          : value === "AgentLoggedOut"
            ? "LoggedOut"
            : undefined
        : agentNode(value);
      if (!next) {
        failures.push(
          fail(
            `agent ${a.agentId} in session ${a.session}: expected a valid ${login ? "LoginState" : "AgentState"}, got ${String(value)} at seq ${e.seq}`,
            {
              expected: login ? "AgentLoggedIn or AgentLoggedOut" : "a CTIAgentState other than INVALID",
              actual: value,
              evidence: [e.seq],
              subject,
            },
          ),
        );
        continue;
      }
      const legal =
        node === undefined ||
        (next === node
          ? !login && answersStateRequest(session, e)
          : agentTransition(node, next) !== undefined);
      if (!legal && prev) {
        const why =
          next === node
            ? " (repeated without a GetAgentState, SetAgentState or SetDisposition to answer)"
            : "";
        failures.push(
          fail(
            `agent ${a.agentId} in session ${a.session}: expected a legal transition from ${node}, got ${node} → ${next}${why} at seq ${e.seq}`,
            {
              expected: `a transition from ${node}`,
              actual: `${node} → ${next}`,
              evidence: [prev.seq, e.seq],
              subject,
            },
          ),
        );
      }
      node = next;
      prev = e;
    }
  }
  return conclude(
    failures,
    streams.length,
    `${streams.length} agents moved only along legal state transitions`,
    "no agent events in any session",
  );
}

interface Offence {
  reason: string;
  boundary?: TimelineEntry;
  entries: TimelineEntry[];
}

/** Why an entry falls outside the session's online windows. */
function outsideOnline(s: SessionView, e: TimelineEntry): { reason: string; boundary?: TimelineEntry } {
  if (s.end && e.seq > s.end.seq)
    return { reason: `after the session ended at seq ${s.end.seq}`, boundary: s.end };
  let last: SessionView["onlineWindows"][number] | undefined;
  for (const w of s.onlineWindows) if (w.from.seq <= e.seq) last = w;
  if (last?.to) return { reason: `while offline (since seq ${last.to.seq})`, boundary: last.to };
  return { reason: "before OnLine" };
}

function groupOffences(
  s: SessionView,
  entries: readonly TimelineEntry[],
  allowed: (e: TimelineEntry) => boolean,
) {
  const groups: Offence[] = [];
  let current: Offence | undefined;
  for (const e of entries) {
    if (allowed(e)) {
      current = undefined;
      continue;
    }
    const { reason, boundary } = outsideOnline(s, e);
    if (current && current.reason === reason) current.entries.push(e);
    else {
      current = { reason, boundary, entries: [e] };
      groups.push(current);
    }
  }
  return groups;
}

/**
 * A session receives events only while it is online: none before OnLine, none after
 * OffLine's answer until the next OnLine, none after CloseConnection or disposal.
 * @see EDK 3-3, EDK 5-3, EDK 5-4
 */
export function eventsOnlyWhileOnline(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of indexTimeline(timeline).sessions.values()) {
    checked += s.events.length;
    for (const g of groupOffences(s, s.events, (e) => wasOnline(s, e))) {
      failures.push(
        fail(
          `session ${s.id}: expected events only while online, got ${g.entries.length} ${g.reason}, first ${describe(g.entries[0])}`,
          {
            expected: "no event outside the online windows",
            actual: `${g.entries.length} events ${g.reason}`,
            evidence: [...(g.boundary ? [g.boundary.seq] : []), ...seqs(g.entries)],
            subject: { session: s.id },
          },
        ),
      );
    }
  }
  return conclude(failures, checked, `${checked} events arrived while their session was online`, "no events");
}

/**
 * Heartbeats start once the session is online (the first one says it is alive and online)
 * and stop when the session ends. @see EDK 5-2, EDK 4-1
 */
export function heartbeatsOnlyBetweenOnLineAndSessionEnd(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of indexTimeline(timeline).sessions.values()) {
    checked += s.heartbeats.length;
    const firstOnLine = s.onlineWindows[0]?.from.seq ?? Number.POSITIVE_INFINITY;
    const allowed = (e: TimelineEntry) => e.seq > firstOnLine && !(s.end && e.seq > s.end.seq);
    for (const g of groupOffences(s, s.heartbeats, allowed)) {
      // Offline windows are allowed here, so an offence is either before OnLine or after the end.
      failures.push(
        fail(
          `session ${s.id}: expected heartbeats only after OnLine and before the session ends, got ${g.entries.length} ${g.reason}`,
          {
            expected: "heartbeats between OnLine and the session's end",
            actual: `${g.entries.length} heartbeats ${g.reason}`,
            evidence: [...(g.boundary ? [g.boundary.seq] : []), ...seqs(g.entries)],
            subject: { session: s.id },
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} heartbeats came between OnLine and the session's end`,
    "no heartbeats",
  );
}

/**
 * CTIPS calls StartSession once for each OpenConnection, before it sends the session any
 * heartbeat or event. @see EDK 4-2
 */
export function startSessionFollowsOpenConnection(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of indexTimeline(timeline).sessions.values()) {
    const open = s.openRequest;
    if (!open) continue;
    checked++;
    const subject = { session: s.id };
    const starts = s.startSessions;
    if (starts.length === 0) {
      failures.push(
        fail(
          `session ${s.id}: expected a StartSession callback after OpenConnection at seq ${open.seq}, got none`,
          {
            expected: "one StartSession",
            actual: "none",
            evidence: [open.seq],
            subject,
          },
        ),
      );
      continue;
    }
    if (starts.length > 1) {
      failures.push(
        fail(`session ${s.id}: expected one StartSession callback, got ${starts.length}`, {
          expected: 1,
          actual: starts.length,
          evidence: seqs(starts),
          subject,
        }),
      );
    }
    const start = starts[0];
    const firstTraffic = [s.heartbeats[0], s.events[0]]
      .filter((e): e is TimelineEntry => e !== undefined)
      .sort((a, b) => a.seq - b.seq)[0];
    if (start.seq < open.seq) {
      failures.push(
        fail(
          `session ${s.id}: expected StartSession after OpenConnection (seq ${open.seq}), got it at seq ${start.seq}`,
          {
            expected: `after seq ${open.seq}`,
            actual: start.seq,
            evidence: [start.seq, open.seq],
            subject,
          },
        ),
      );
    } else if (firstTraffic && firstTraffic.seq < start.seq) {
      failures.push(
        fail(
          `session ${s.id}: expected StartSession before any heartbeat or event, got ${describe(firstTraffic)} first`,
          {
            expected: `StartSession before seq ${firstTraffic.seq}`,
            actual: start.seq,
            evidence: [firstTraffic.seq, start.seq],
            subject,
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} sessions got one StartSession after OpenConnection and before any traffic`,
    "no OpenConnection that opened a session",
  );
}
