/**
 * Session rules: the 10-session cap, a single tenant, offline gating, requests on ended
 * sessions, and snapshots that are complete and agree with what the events said.
 * @see EDK 1-3 (client connections), EDK 3-1 (tenant and session ids), EDK 3-6 (Snapshot), EDK 5-3
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import { describe, seqs } from "./evidence.ts";
import {
  agentIdOf,
  argsOf,
  eventTypeOf,
  fieldOf,
  isObject,
  operationOf,
  requestIdOf,
  tenantIdOf,
} from "./fields.ts";
import { type CheckResult, conclude, fail, type Observation } from "./finding.ts";
import {
  indexTimeline,
  isSuccessfulAnswer,
  openedSessionId,
  type SessionView,
  wasOnline,
} from "./timeline-index.ts";
import { answerRefuses } from "./refusal.ts";

export interface SessionCapParams {
  /** Simultaneous client connections CTIPS allows; the guide says 10. */
  maxSessions?: number;
}

/** The fault CTIPS answers an OpenConnection over the cap with. @see EDK 1-3, WIRE FaultErrorCode */
export const MAX_CONNECTIONS_FAULT = "MaxNumberClientConnections";

/**
 * No more than the cap of sessions is ever open at once: an OpenConnection at the cap is
 * refused (a fault, or a SessionObject without a SessionId: the guide says only that "the
 * maximum number of connections has been reached", EDK 1-3; which code is the kit's
 * reading), and none below the cap is refused with MaxNumberClientConnections.
 */
export function sessionCountNeverExceedsCap(
  timeline: readonly TimelineEntry[],
  params: SessionCapParams = {},
): CheckResult {
  const max = params.maxSessions ?? 10;
  const index = indexTimeline(timeline);
  const endedAt = new Map<number, string>();
  for (const s of index.sessions.values()) if (s.end) endedAt.set(s.end.seq, s.id);
  const openRequestOf = new Map<number, TimelineEntry>();
  for (const r of index.openConnections) {
    const answer = index.answerOf.get(r.seq);
    if (answer) openRequestOf.set(answer.seq, r);
  }
  const open = new Set<string>();
  const failures: Observation[] = [];
  let checked = 0;
  let peak = 0;
  for (const e of index.entries) {
    const ended = endedAt.get(e.seq);
    if (ended !== undefined) open.delete(ended);
    const request = openRequestOf.get(e.seq);
    if (!request) continue;
    checked++;
    const opened = openedSessionId(e);
    const atCap = open.size >= max;
    const evidence = [request.seq, e.seq];
    if (opened !== undefined) {
      if (atCap) {
        failures.push(
          fail(
            `expected OpenConnection at seq ${request.seq} to be refused (${open.size} sessions open, cap ${max}), got session ${opened}`,
            {
              expected: "a refusal",
              actual: `session ${opened} opened as number ${open.size + 1}`,
              evidence,
              subject: { session: opened },
            },
          ),
        );
      }
      open.add(opened);
      peak = Math.max(peak, open.size);
    } else if (atCap && !answerRefuses(request, e)) {
      failures.push(
        fail(
          `expected OpenConnection at seq ${request.seq} over the cap of ${max} to be refused, got ${describe(e)}`,
          {
            expected: "a refusal",
            actual: e.faultCode ?? e.kind,
            evidence,
          },
        ),
      );
    } else if (!atCap && e.faultCode === MAX_CONNECTIONS_FAULT) {
      failures.push(
        fail(
          `expected OpenConnection at seq ${request.seq} to be accepted with ${open.size} of ${max} sessions open, got ${MAX_CONNECTIONS_FAULT}`,
          {
            expected: "a session",
            actual: MAX_CONNECTIONS_FAULT,
            evidence,
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} OpenConnections kept to the cap of ${max} sessions (peak ${peak} open)`,
    "no answered OpenConnection",
  );
}

function tenantIdsOf(openRequest: TimelineEntry): unknown {
  const a = argsOf(openRequest);
  return a.TenantIds ?? a.TenantId; // wire: TenantIds; the guide's table: TenantId (a list)
}

/** The client names exactly one tenant in OpenConnection. @see EDK 3-1 */
export function openConnectionCarriesOneTenantId(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const r of index.openConnections) {
    const ids = tenantIdsOf(r);
    if (ids === undefined) continue;
    checked++;
    if (Array.isArray(ids) && ids.length === 1) continue;
    failures.push(
      fail(`expected OpenConnection at seq ${r.seq} to name one TenantId, got ${JSON.stringify(ids)}`, {
        expected: "[tenantId]",
        actual: ids,
        evidence: [r.seq],
        subject: { session: index.sessionOf(r) },
      }),
    );
  }
  return conclude(
    failures,
    checked,
    `${checked} OpenConnections named one tenant`,
    "no OpenConnection with its args",
  );
}

/** LinkStatus is about the platform, not a tenant: its TenantId is 0. @see EDK 4-28 */
const TENANTLESS_EVENTS = new Set(["LinkStatus"]);

/** Every request and event of a session carries the tenant the session was opened for. @see EDK 3-1 */
export function sessionStaysInItsTenant(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    const ids = s.openRequest ? tenantIdsOf(s.openRequest) : undefined;
    if (!Array.isArray(ids) || ids.length !== 1) continue;
    const tenant = Number(ids[0]);
    const strays: TimelineEntry[] = [];
    for (const e of s.entries) {
      if (e === s.openRequest || (e.kind !== "request" && e.kind !== "event")) continue;
      const t = tenantIdOf(e);
      if (t === undefined) continue;
      if (t !== tenant && e.kind === "event" && TENANTLESS_EVENTS.has(eventTypeOf(e) ?? "")) continue;
      checked++;
      if (t !== tenant) strays.push(e);
    }
    if (strays.length === 0) continue;
    failures.push(
      fail(
        `session ${s.id}: expected TenantId ${tenant} throughout, got ${strays.length} entries with another, first ${describe(strays[0])} with ${tenantIdOf(strays[0])}`,
        {
          expected: tenant,
          actual: [...new Set(strays.map(tenantIdOf))],
          evidence: [s.openRequest!.seq, ...seqs(strays)],
          subject: { session: s.id },
        },
      ),
    );
  }
  return conclude(
    failures,
    checked,
    `${checked} requests and events stayed in their session's tenant`,
    "no session with a known tenant",
  );
}

/** Requests CTIPS still takes from an offline session: OnLine (the guide's one exception) and CloseConnection (the kit's reading: a client may always leave). */
const ALLOWED_OFFLINE = new Set(["OnLine", "CloseConnection"]);

function offline(s: SessionView, r: TimelineEntry): boolean {
  if (wasOnline(s, r) || (s.end && r.seq > s.end.seq)) return false;
  return s.onlineWindows.some((w) => w.to !== undefined && w.to.seq < r.seq);
}

/**
 * After OffLine, CTIPS refuses every request but OnLine (and CloseConnection): a fault, or
 * "an OffLine response with an informative error code status" (a result other than
 * success). @see EDK 5-3
 */
export function requestsWhileOfflineAreRefused(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    for (const r of s.requests) {
      if (ALLOWED_OFFLINE.has(operationOf(r) ?? "") || !offline(s, r)) continue;
      const answer = index.answerOf.get(r.seq);
      if (!answer) continue;
      checked++;
      if (answerRefuses(r, answer)) continue;
      failures.push(
        fail(
          `session ${s.id}: expected ${describe(r)} sent while offline to be refused, got ${answer.kind}`,
          {
            expected: "a fault or a refusing result",
            actual: answer.kind,
            evidence: [r.seq, answer.seq],
            subject: { session: s.id, requestId: requestIdOf(r) },
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} requests sent while offline were refused`,
    "no request sent while offline",
  );
}

/**
 * A request naming a closed or disposed session is refused: a fault or a result other than
 * success (which FaultErrorCode is the kit's reading: InvalidSessionId). @see EDK 5-4
 */
export function requestsAfterSessionEndAreRefused(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    if (!s.end) continue;
    for (const r of s.requests) {
      if (r.seq <= s.end.seq) continue;
      const answer = index.answerOf.get(r.seq);
      if (!answer) continue;
      checked++;
      if (answerRefuses(r, answer)) continue;
      failures.push(
        fail(
          `session ${s.id}: expected ${describe(r)} after the session ended (seq ${s.end.seq}) to be refused, got ${answer.kind}`,
          {
            expected: "a fault or a refusing result",
            actual: answer.kind,
            evidence: [s.end.seq, r.seq, answer.seq],
            subject: { session: s.id, requestId: requestIdOf(r) },
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} requests on ended sessions were refused`,
    "no request on an ended session",
  );
}

/** The completion flag: `SnapShotTypeComplete` on the wire, `SnapShotComplete` in the guide. @see EDK 4-27 */
function completeFlag(update: TimelineEntry): boolean {
  return fieldOf(update, "SnapShotTypeComplete") === true || fieldOf(update, "SnapShotComplete") === true;
}

interface Snapshot {
  session: SessionView;
  request: TimelineEntry;
  types: string[];
  updates: TimelineEntry[];
  failed?: TimelineEntry;
}

function snapshots(timeline: readonly TimelineEntry[]): Snapshot[] {
  const index = indexTimeline(timeline);
  const out: Snapshot[] = [];
  for (const s of index.sessions.values()) {
    for (const r of s.requests) {
      if (operationOf(r) !== "Snapshot") continue;
      const answer = index.answerOf.get(r.seq);
      if (answer && !isSuccessfulAnswer(answer)) continue;
      const rid = requestIdOf(r);
      const solicited =
        rid === undefined ? [] : (s.eventsByRequestId.get(rid) ?? []).filter((e) => e.seq > r.seq);
      const types = argsOf(r).EntityType;
      out.push({
        session: s,
        request: r,
        types: Array.isArray(types) ? types.map(String) : [],
        updates: solicited.filter((e) => eventTypeOf(e) === "SnapShotUpdate"),
        failed: solicited.find((e) => eventTypeOf(e) === "SnapShotRequestFailed"),
      });
    }
  }
  return out;
}

/**
 * Each entity type a Snapshot asks for is delivered as SnapShotUpdate events of that type,
 * the last (and only the last) with the completion flag; no type that was not asked for.
 * A SnapShotRequestFailed answers the request instead. @see EDK 4-27, EDK 5-3
 */
export function snapshotEndsWithCompletionFlagPerEntityType(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  const all = snapshots(timeline);
  for (const snap of all) {
    if (snap.failed) continue;
    const { session, request } = snap;
    const subject = { session: session.id, requestId: requestIdOf(request) };
    const problems: string[] = [];
    const evidence = [request.seq];
    for (const type of snap.types) {
      const ofType = snap.updates.filter((u) => fieldOf(u, "SnapShotType") === type);
      const flagged = ofType.filter(completeFlag);
      if (ofType.length === 0) problems.push(`no ${type} update`);
      else if (flagged.length === 0)
        problems.push(`${type} never flagged complete (last at seq ${ofType.at(-1)!.seq})`);
      else if (flagged.length > 1 || ofType.at(-1) !== flagged[0]) {
        problems.push(`${type} flagged complete at seq ${flagged[0].seq} but updates followed`);
        evidence.push(...seqs(ofType.filter((u) => u.seq > flagged[0].seq)));
      }
    }
    const stray = snap.updates.filter((u) => !snap.types.includes(String(fieldOf(u, "SnapShotType"))));
    if (stray.length > 0) {
      problems.push(
        `updates of types not asked for: ${[...new Set(stray.map((u) => String(fieldOf(u, "SnapShotType"))))].join(", ")}`,
      );
      evidence.push(...seqs(stray));
    }
    if (problems.length === 0) continue;
    failures.push(
      fail(
        `session ${session.id}: expected Snapshot at seq ${request.seq} (${snap.types.join(", ")}) to end with the completion flag per type, got ${problems.join("; ")}`,
        {
          expected: snap.types.map((t) => `${t} … complete`),
          actual: problems,
          evidence,
          subject,
        },
      ),
    );
  }
  return conclude(
    failures,
    all.length,
    `${all.length} snapshots delivered every requested type to its completion flag`,
    "no accepted Snapshot request",
  );
}

export interface SnapshotStateParams {
  /**
   * The state the snapshot must report, when the caller knows it (the simulator's world).
   * Without it, the state is what the timeline's events said before the snapshot.
   */
  expected?: {
    agents?: readonly { AgentId: number; AgentState?: string }[];
    services?: readonly { ServiceId: number; ServiceState?: string }[];
  };
}

/** Agent states (logged-out = "LoggedOut") and service states over time, as events told them. */
function observedHistory(timeline: readonly TimelineEntry[]) {
  const agents = new Map<number, { seq: number; state: string }[]>();
  const services = new Map<number, { seq: number; state: string }[]>();
  const note = (map: typeof agents, id: number, seq: number, state: string) => {
    const list = map.get(id);
    if (!list) map.set(id, [{ seq, state }]);
    else if (list.at(-1)!.state !== state) list.push({ seq, state });
  };
  for (const e of indexTimeline(timeline).entries) {
    if (e.kind !== "event") continue;
    const type = eventTypeOf(e);
    const agent = agentIdOf(e);
    if (type === "AgentStateChange" && agent) note(agents, agent, e.seq, String(fieldOf(e, "AgentState")));
    else if (type === "AgentLoginStateChange" && agent) {
      const login = fieldOf(e, "LoginState");
      if (login === "AgentLoggedOut") note(agents, agent, e.seq, "LoggedOut");
      else if (login === "AgentLoggedIn") note(agents, agent, e.seq, "LoggedIn");
    } else if (type === "ServiceStateChange") {
      const id = fieldOf(e, "ServiceId");
      if (typeof id === "number" && id > 0) note(services, id, e.seq, String(fieldOf(e, "ServiceState")));
    }
  }
  return { agents, services };
}

/** States held at some moment in [from, to]. */
function heldBetween(history: { seq: number; state: string }[], from: number, to: number): Set<string> {
  const held = new Set<string>();
  let before: string | undefined;
  for (const h of history) {
    if (h.seq <= from) before = h.state;
    else if (h.seq <= to) held.add(h.state);
  }
  if (before !== undefined) held.add(before);
  return held;
}

/** What a snapshot must say of one agent or service. */
interface Expectation {
  /** Acceptable states; undefined = any. */
  states?: Set<string>;
  /** Listed: must, may, or must not be. */
  listed: "must" | "may" | "mustNot";
}

type Kind = "AgentInfo" | "ServiceInfo";
const SHAPE = {
  AgentInfo: { what: "agent", data: "AgentData", id: "AgentId", state: "AgentState" },
  ServiceInfo: { what: "service", data: "ServiceData", id: "ServiceId", state: "ServiceState" },
} as const;

function reportedIn(snap: Snapshot, kind: Kind): Map<number, { state: string; seq: number }> {
  const shape = SHAPE[kind];
  const reported = new Map<number, { state: string; seq: number }>();
  for (const u of snap.updates) {
    const data = fieldOf(u, shape.data);
    if (fieldOf(u, "SnapShotType") !== kind || !isObject(data) || typeof data[shape.id] !== "number")
      continue;
    reported.set(data[shape.id] as number, { state: String(data[shape.state]), seq: u.seq });
  }
  return reported;
}

function expectedFromParams(kind: Kind, expected: NonNullable<SnapshotStateParams["expected"]>) {
  const out = new Map<number, Expectation>();
  const list: readonly Record<string, unknown>[] | undefined =
    kind === "AgentInfo" ? expected.agents : expected.services;
  if (!list) return undefined;
  const shape = SHAPE[kind];
  for (const x of list) {
    const state = x[shape.state];
    out.set(Number(x[shape.id]), {
      listed: "must",
      states: state === undefined ? undefined : new Set([String(state)]),
    });
  }
  return out;
}

/** From the events: logged out throughout → not listed; logged in → listed, in a state it held. */
function expectedFromHistory(
  histories: Map<number, { seq: number; state: string }[]>,
  from: number,
  to: number,
) {
  const out = new Map<number, Expectation>();
  for (const [id, history] of histories) {
    const held = heldBetween(history, from, to);
    if (held.size === 0) continue;
    const loggedOut = held.delete("LoggedOut");
    held.delete("LoggedIn");
    if (loggedOut && held.size === 0 && heldBetween(history, from, from).has("LoggedOut")) {
      out.set(id, { listed: "mustNot" });
    } else out.set(id, { listed: loggedOut ? "may" : "must", states: held.size > 0 ? held : undefined });
  }
  return out;
}

/**
 * A snapshot reports the agents and services as they are: every agent logged in is listed,
 * none logged out is, each with a state it held while the snapshot was taken; services
 * likewise. The state is the caller's `expected` (exactly those, no others), or else what
 * the timeline's events said. @see EDK 3-6, EDK 5-3
 */
export function snapshotAgreesWithTheState(
  timeline: readonly TimelineEntry[],
  params: SnapshotStateParams = {},
): CheckResult {
  const taken = snapshots(timeline);
  const history = params.expected || taken.length === 0 ? undefined : observedHistory(timeline);
  const failures: Observation[] = [];
  let compared = 0;
  for (const snap of taken) {
    const problems: string[] = [];
    const evidence = [snap.request.seq];
    for (const kind of ["AgentInfo", "ServiceInfo"] as const) {
      if (!snap.types.includes(kind)) continue;
      const { what } = SHAPE[kind];
      const reported = reportedIn(snap, kind);
      const to = snap.updates.at(-1)?.seq ?? snap.request.seq;
      const expected = params.expected
        ? expectedFromParams(kind, params.expected)
        : expectedFromHistory(
            kind === "AgentInfo" ? history!.agents : history!.services,
            snap.request.seq,
            to,
          );
      if (!expected) continue;
      for (const [id, x] of expected) {
        compared++;
        const r = reported.get(id);
        if (!r) {
          if (x.listed === "must") problems.push(`${what} ${id} missing`);
        } else if (x.listed === "mustNot") {
          problems.push(`${what} ${id} listed though logged out`);
          evidence.push(r.seq);
        } else if (x.states && !x.states.has(r.state)) {
          problems.push(`${what} ${id} reported ${r.state}, expected ${[...x.states].join(" or ")}`);
          evidence.push(r.seq);
        }
      }
      if (!params.expected) continue;
      for (const [id, r] of reported) {
        if (expected.has(id)) continue;
        problems.push(`${what} ${id} not expected`);
        evidence.push(r.seq);
      }
    }
    if (problems.length === 0) continue;
    failures.push(
      fail(
        `session ${snap.session.id}: expected Snapshot at seq ${snap.request.seq} to report the agents and services as they were, got ${problems.join("; ")}`,
        {
          expected: params.expected ?? "the states events reported",
          actual: problems,
          evidence,
          subject: { session: snap.session.id, requestId: requestIdOf(snap.request) },
        },
      ),
    );
  }
  return conclude(
    failures,
    compared,
    `${compared} agents and services in snapshots agreed with the state`,
    "no snapshot of agents or services with a known state to compare",
  );
}
