/**
 * RequestId correlation: events answer the requests of their own session, unsolicited
 * events carry 0, requests complete in time, clients never reuse a RequestId.
 * @see EDK 3-7 (the client's RequestId), EDK 4-3 (RequestId in events)
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import { describe, seqs } from "./evidence.ts";
import { canonicalOperation, eventTypeOf, msOf, operationOf, requestIdOf } from "./fields.ts";
import { type CheckResult, conclude, fail, missingParams, type Observation } from "./finding.ts";
import { isUnsolicitedOnly, mayGenerate, requestEvents } from "./request-events.ts";
import { indexTimeline, isSuccessfulAnswer, type SessionView, type TimelineIndex } from "./timeline-index.ts";

/** The latest request of the session with this RequestId issued before `e`. */
function requestBefore(s: SessionView | undefined, rid: number, e: TimelineEntry): TimelineEntry | undefined {
  const candidates = s?.requestsByRequestId.get(rid);
  if (!candidates) return undefined;
  let found: TimelineEntry | undefined;
  for (const r of candidates) if (r.seq < e.seq) found = r;
  return found;
}

const otherSessionsCache = new WeakMap<TimelineIndex, Map<number, TimelineEntry[]>>();

/** Every request with a RequestId, across sessions, by RequestId. */
function requestsByIdAcrossSessions(index: TimelineIndex): Map<number, TimelineEntry[]> {
  let map = otherSessionsCache.get(index);
  if (map) return map;
  map = new Map();
  for (const s of index.sessions.values()) {
    for (const [rid, list] of s.requestsByRequestId) {
      const all = map.get(rid);
      if (all) all.push(...list);
      else map.set(rid, [...list]);
    }
  }
  otherSessionsCache.set(index, map);
  return map;
}

/** A request of another session with this RequestId, issued before `e`. */
function otherSessionsRequest(index: TimelineIndex, session: string, rid: number, e: TimelineEntry) {
  return requestsByIdAcrossSessions(index)
    .get(rid)
    ?.find((r) => r.seq < e.seq && index.sessionOf(r) !== session);
}

/**
 * Every event with a non-zero RequestId answers an earlier request: of its own session, or
 * of another session on the timeline (whether the other sessions see the requester's
 * RequestId or 0 is the guide's silence, judged by noEventCarriesAnotherSessionsRequestId
 * as the kit's reading). A RequestId no request carried, or only a later one, fails.
 * @see EDK 4-3
 */
export function eventsCarryRequestIdOfTheirRequest(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    for (const e of s.events) {
      const rid = requestIdOf(e);
      if (rid === undefined || rid === 0) continue;
      checked++;
      if (requestBefore(s, rid, e) || otherSessionsRequest(index, s.id, rid, e)) continue;
      const later = s.requestsByRequestId.get(rid)?.find((r) => r.seq > e.seq);
      const why = later ? `; the request with that RequestId came later, ${describe(later)}` : "";
      failures.push(
        fail(
          `session ${s.id}: expected ${describe(e)} to carry the RequestId of an earlier request, got ${rid}, which no such request has${why}`,
          {
            expected: "a RequestId of an earlier request, or 0",
            actual: rid,
            evidence: [e.seq, ...(later ? [later.seq] : [])],
            subject: { session: s.id, requestId: rid, callId: e.callId, agentId: e.agentId },
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} solicited events carried the RequestId of an earlier request`,
    "no event with a non-zero RequestId",
  );
}

/**
 * A solicited event is one its request can generate (request-events.ts): LoginAgent's
 * RequestId on an AgentLoginStateChange, not on a CallDelivered. @see EDK 4-3 … 4-28
 */
export function solicitedEventsAreOnesTheirRequestGenerates(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    for (const e of s.events) {
      const rid = requestIdOf(e);
      if (rid === undefined || rid === 0) continue;
      const request = requestBefore(s, rid, e);
      if (!request) continue;
      checked++;
      const op = operationOf(request) ?? "";
      const type = eventTypeOf(e) ?? e.name ?? "?";
      if (mayGenerate(op, type)) continue;
      const expected = requestEvents(op)?.generates ?? [];
      failures.push(
        fail(
          `session ${s.id}: expected RequestId ${rid} (${op} at seq ${request.seq}) on ${expected.length ? expected.join(" or ") : "no event"}, got it on ${describe(e)}`,
          {
            expected,
            actual: type,
            evidence: [request.seq, e.seq],
            subject: { session: s.id, requestId: rid, callId: e.callId, agentId: e.agentId },
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} solicited events were ones their request generates`,
    "no event answering a request",
  );
}

/** Events no request generates carry RequestId 0 (chapter 3 says "empty (null)"; the wire's int is 0). @see EDK 4-3 */
export function unsolicitedEventsCarryRequestIdZero(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of indexTimeline(timeline).sessions.values()) {
    for (const e of s.events) {
      const type = eventTypeOf(e);
      if (!type || !isUnsolicitedOnly(type)) continue;
      checked++;
      const rid = requestIdOf(e);
      if (rid === 0) continue;
      failures.push(
        fail(`session ${s.id}: expected ${type} (seq ${e.seq}) to carry RequestId 0, got ${rid ?? "none"}`, {
          expected: 0,
          actual: rid ?? null,
          evidence: [e.seq],
          subject: { session: s.id, callId: e.callId, agentId: e.agentId, requestId: rid },
        }),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} unsolicited events carried RequestId 0`,
    "no unsolicited-only event",
  );
}

/** No event reaches a session carrying the RequestId of another session's request. @see EDK 3-1, EDK 4-3 */
export function noEventCarriesAnotherSessionsRequestId(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    for (const e of s.events) {
      const rid = requestIdOf(e);
      if (rid === undefined || rid === 0) continue;
      checked++;
      if (requestBefore(s, rid, e)) continue;
      const other = otherSessionsRequest(index, s.id, rid, e);
      if (!other) continue;
      failures.push(
        fail(
          `session ${s.id}: expected no event for another session's request, got ${describe(e)} answering session ${index.sessionOf(other)}'s ${describe(other)}`,
          {
            expected: `RequestId of a request of session ${s.id}, or 0`,
            actual: { requestId: rid, session: index.sessionOf(other) },
            evidence: [other.seq, e.seq],
            subject: { session: s.id, requestId: rid, callId: e.callId, agentId: e.agentId },
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} solicited events went only to the session that made the request`,
    "no event with a non-zero RequestId",
  );
}

export interface CompletionParams {
  /** How long after its request a completion or failure event may arrive, in ms. */
  withinMs: number;
  /** Only these operations (wire or guide names); default: every request the table gives completion events. */
  requests?: readonly string[];
}

/**
 * Each accepted request that the table gives completion events is completed or failed by
 * one of them, carrying its RequestId, within T. A request refused with a fault needs no
 * event; one too recent to judge when the recording ends is left out. @see EDK 2-5
 */
export function requestsCompleteWithin(
  timeline: readonly TimelineEntry[],
  params: CompletionParams,
): CheckResult {
  const missing = missingParams(params, ["withinMs"]);
  if (missing) return missing;
  const index = indexTimeline(timeline);
  const only = params.requests ? new Set(params.requests.map((r) => canonicalOperation(r) ?? r)) : undefined;
  const endMs = index.entries.length > 0 ? msOf(index.entries[index.entries.length - 1]) : 0;
  const failures: Observation[] = [];
  let checked = 0;
  let tooRecent = 0;
  for (const s of index.sessions.values()) {
    for (const req of s.requests) {
      const op = operationOf(req) ?? "";
      const table = requestEvents(op);
      if (!table || table.completes.length + table.fails.length === 0 || (only && !only.has(op))) continue;
      const answer = index.answerOf.get(req.seq);
      if (answer && !isSuccessfulAnswer(answer)) continue;
      const rid = requestIdOf(req);
      if (rid === undefined) continue;
      const done = s.eventsByRequestId.get(rid)?.find((e) => {
        if (e.seq <= req.seq) return false;
        const type = eventTypeOf(e) ?? "";
        return table.completes.includes(type) || table.fails.includes(type);
      });
      const subject = { session: s.id, requestId: rid };
      if (done) {
        checked++;
        const took = msOf(done) - msOf(req);
        if (took <= params.withinMs) continue;
        failures.push(
          fail(
            `session ${s.id}: expected ${op} (RequestId ${rid}) to complete within ${params.withinMs} ms, got ${describe(done)} after ${took.toFixed(1)} ms`,
            {
              expected: `≤ ${params.withinMs} ms`,
              actual: took,
              evidence: [req.seq, done.seq],
              subject,
            },
          ),
        );
        continue;
      }
      const sessionEndMs = s.end ? msOf(s.end) : endMs;
      if (sessionEndMs - msOf(req) < params.withinMs) {
        tooRecent++;
        continue;
      }
      checked++;
      failures.push(
        fail(
          `session ${s.id}: expected ${op} (RequestId ${rid}, seq ${req.seq}) to be completed by ${[...table.completes, ...table.fails].join(" or ")} within ${params.withinMs} ms, got none`,
          { expected: [...table.completes, ...table.fails], actual: "none", evidence: [req.seq], subject },
        ),
      );
    }
  }
  const recent = tooRecent > 0 ? ` (${tooRecent} too recent to judge)` : "";
  return conclude(
    failures,
    checked,
    `${checked} requests completed within ${params.withinMs} ms${recent}`,
    `no accepted request that completes with an event${recent}`,
  );
}

/**
 * A client never gives two requests of one session the same RequestId. RequestId 0 is not
 * an id (it marks unsolicited events): requests that carry it are clientRequestIdsAreNonZero's,
 * not reuses. @see EDK 3-7
 */
export function requestIdsAreUniqueWithinSession(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of indexTimeline(timeline).sessions.values()) {
    for (const [rid, requests] of s.requestsByRequestId) {
      if (rid === 0) continue;
      checked += requests.length;
      if (requests.length < 2) continue;
      failures.push(
        fail(
          `session ${s.id}: expected RequestId ${rid} on one request, got ${requests.length}: ${requests.map(describe).join(", ")}`,
          {
            expected: 1,
            actual: requests.length,
            evidence: seqs(requests),
            subject: { session: s.id, requestId: rid },
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} requests had RequestIds unique in their session`,
    "no request with a RequestId",
  );
}

/** A client's RequestIds are not 0, the RequestId of unsolicited events. @see EDK 3-7, EDK 4-3 */
export function clientRequestIdsAreNonZero(timeline: readonly TimelineEntry[]): CheckResult {
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of indexTimeline(timeline).sessions.values()) {
    for (const [rid, requests] of s.requestsByRequestId) {
      checked += requests.length;
      if (rid !== 0) continue;
      failures.push(
        fail(`session ${s.id}: expected non-zero RequestIds, got 0 on ${requests.map(describe).join(", ")}`, {
          expected: "≠ 0",
          actual: 0,
          evidence: seqs(requests),
          subject: { session: s.id, requestId: 0 },
        }),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} requests had non-zero RequestIds`,
    "no request with a RequestId",
  );
}
