/**
 * Heartbeat compliance: the server's rhythm, the client's answers, the server's disposal
 * of a silent client, and the client's recovery when heartbeats stop.
 * @see EDK 4-1 (Heartbeat/HeartbeatMessage), EDK 5-2 (placing a session online), EDK 1-2 (HA)
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import { argsOf, msOf, operationOf } from "./fields.ts";
import { type CheckResult, conclude, fail, missingParams, type Observation } from "./finding.ts";
import {
  closeRequestOf,
  indexTimeline,
  isSuccessfulAnswer,
  type SessionView,
  type TimelineIndex,
} from "./timeline-index.ts";

export interface HeartbeatIntervalParams {
  /** The configured heartbeat interval, in ms (CTIPS default 30_000). */
  intervalMs: number;
  /** Allowed |mean interval − intervalMs|, in ms; default 10 % of intervalMs. */
  meanToleranceMs?: number;
  /** Allowed 95th percentile of |interval − intervalMs|, in ms; default 20 % of intervalMs. */
  p95JitterMs?: number;
  /** Longest allowed silence while online, in ms; default 1.5 × intervalMs. */
  maxGapMs?: number;
}

export interface HeartbeatStats {
  intervals: number;
  meanMs: number;
  p95JitterMs: number;
  maxGapMs: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

function p95(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

function answered(index: TimelineIndex, hb: TimelineEntry): boolean {
  return isSuccessfulAnswer(index.answerOf.get(hb.seq));
}

interface Gap {
  ms: number;
  from: TimelineEntry;
  to?: TimelineEntry;
}

/**
 * Intervals between heartbeats of one online window, and the silences: OnLine to the first
 * heartbeat, heartbeat to heartbeat, the last one to the window's end. A silence after an
 * unanswered heartbeat is the disposal's business, not the rhythm's.
 */
function rhythm(index: TimelineIndex, s: SessionView, endMs: number) {
  const intervals: number[] = [];
  const gaps: Gap[] = [];
  let h = 0;
  for (const w of s.onlineWindows) {
    const toSeq = w.to?.seq ?? Number.POSITIVE_INFINITY;
    let prev: TimelineEntry = w.from;
    let beats = 0;
    while (h < s.heartbeats.length && s.heartbeats[h].seq < w.from.seq) h++;
    for (; h < s.heartbeats.length && s.heartbeats[h].seq <= toSeq; h++) {
      const hb = s.heartbeats[h];
      const ms = msOf(hb) - msOf(prev);
      if (beats > 0) intervals.push(ms);
      gaps.push({ ms, from: prev, to: hb });
      prev = hb;
      beats++;
    }
    if (beats > 0 && !answered(index, prev)) continue;
    const end = w.to ? msOf(w.to) : endMs;
    gaps.push({ ms: end - msOf(prev), from: prev, to: w.to });
  }
  return { intervals, gaps };
}

/**
 * Heartbeats come at the configured interval: mean, 95th-percentile jitter and the longest
 * silence while online within their limits. @see EDK 5-2, EDK 1-4
 */
export function heartbeatsKeepTheConfiguredInterval(
  timeline: readonly TimelineEntry[],
  params: HeartbeatIntervalParams,
): CheckResult {
  const missing = missingParams(params, ["intervalMs"]);
  if (missing) return missing;
  const { intervalMs } = params;
  const meanTol = params.meanToleranceMs ?? intervalMs * 0.1;
  const jitterTol = params.p95JitterMs ?? intervalMs * 0.2;
  const maxGapTol = params.maxGapMs ?? intervalMs * 1.5;
  const index = indexTimeline(timeline);
  const endMs = index.entries.length > 0 ? msOf(index.entries[index.entries.length - 1]) : 0;
  const failures: Observation[] = [];
  const all: number[] = [];
  let worstGap = 0;
  let checked = 0;
  for (const s of index.sessions.values()) {
    if (s.onlineWindows.length === 0) continue;
    checked++;
    const { intervals, gaps } = rhythm(index, s, endMs);
    all.push(...intervals);
    const mean = intervals.length ? intervals.reduce((a, b) => a + b, 0) / intervals.length : intervalMs;
    const jitter = p95(intervals.map((i) => Math.abs(i - intervalMs)));
    const longest = gaps.reduce<Gap | undefined>((m, g) => (!m || g.ms > m.ms ? g : m), undefined);
    worstGap = Math.max(worstGap, longest?.ms ?? 0);
    const stats: HeartbeatStats = {
      intervals: intervals.length,
      meanMs: round(mean),
      p95JitterMs: round(jitter),
      maxGapMs: round(longest?.ms ?? 0),
    };
    const problems: string[] = [];
    if (Math.abs(mean - intervalMs) > meanTol)
      problems.push(`mean interval ${stats.meanMs} ms (±${meanTol})`);
    if (jitter > jitterTol) problems.push(`p95 jitter ${stats.p95JitterMs} ms (≤ ${jitterTol})`);
    if (longest && longest.ms > maxGapTol) {
      problems.push(`a silence of ${stats.maxGapMs} ms after seq ${longest.from.seq} (≤ ${maxGapTol})`);
    }
    if (problems.length === 0) continue;
    failures.push(
      fail(`session ${s.id}: expected heartbeats every ${intervalMs} ms, got ${problems.join("; ")}`, {
        expected: { intervalMs, meanToleranceMs: meanTol, p95JitterMs: jitterTol, maxGapMs: maxGapTol },
        actual: stats,
        evidence:
          longest && longest.ms > maxGapTol
            ? [longest.from.seq, ...(longest.to ? [longest.to.seq] : [])]
            : s.heartbeats.slice(0, 50).map((h) => h.seq),
        subject: { session: s.id },
      }),
    );
  }
  const overall: HeartbeatStats = {
    intervals: all.length,
    meanMs: round(all.length ? all.reduce((a, b) => a + b, 0) / all.length : 0),
    p95JitterMs: round(p95(all.map((i) => Math.abs(i - intervalMs)))),
    maxGapMs: round(worstGap),
  };
  return conclude(
    failures,
    checked,
    `${checked} online sessions had heartbeats every ${intervalMs} ms: mean ${overall.meanMs} ms, p95 jitter ${overall.p95JitterMs} ms, longest silence ${overall.maxGapMs} ms`,
    "no session went online",
    { evidence: [], actual: overall },
  );
}

export interface HeartbeatAnswerParams {
  /** How soon the client must answer a heartbeat, in ms (the guide: "returns immediately"). */
  answerWithinMs: number;
}

/** The client answers every heartbeat, promptly. @see EDK 4-1 */
export function clientAnswersHeartbeatsWithin(
  timeline: readonly TimelineEntry[],
  params: HeartbeatAnswerParams,
): CheckResult {
  const missing = missingParams(params, ["answerWithinMs"]);
  if (missing) return missing;
  const index = indexTimeline(timeline);
  const endMs = index.entries.length > 0 ? msOf(index.entries[index.entries.length - 1]) : 0;
  const failures: Observation[] = [];
  const times: number[] = [];
  for (const s of index.sessions.values()) {
    const leaving = closeRequestOf(s);
    for (const hb of s.heartbeats) {
      // A heartbeat racing the client's CloseConnection is not the client's to answer.
      if (leaving && hb.seq > leaving.seq) continue;
      const answer = index.answerOf.get(hb.seq);
      const subject = { session: s.id };
      if (!answer) {
        if (endMs - msOf(hb) < params.answerWithinMs) continue;
        failures.push(
          fail(
            `session ${s.id}: expected an answer to the heartbeat at seq ${hb.seq} within ${params.answerWithinMs} ms, got none`,
            {
              expected: `answer ≤ ${params.answerWithinMs} ms`,
              actual: "none",
              evidence: [hb.seq],
              subject,
            },
          ),
        );
        continue;
      }
      const took = msOf(answer) - msOf(hb);
      times.push(took);
      if (isSuccessfulAnswer(answer) && took <= params.answerWithinMs) continue;
      const got = isSuccessfulAnswer(answer)
        ? `an answer after ${round(took)} ms`
        : [answer.kind, ...new Set([answer.faultCode, answer.code].filter(Boolean))].join(" ");
      failures.push(
        fail(
          `session ${s.id}: expected an answer to the heartbeat at seq ${hb.seq} within ${params.answerWithinMs} ms, got ${got}`,
          {
            expected: `answer ≤ ${params.answerWithinMs} ms`,
            actual: isSuccessfulAnswer(answer) ? took : answer.kind,
            evidence: [hb.seq, answer.seq],
            subject,
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    times.length,
    `${times.length} heartbeats answered within ${params.answerWithinMs} ms (p95 ${round(p95(times))} ms)`,
    "no heartbeat old enough to have been answered",
    { evidence: [], actual: { answers: times.length, p95Ms: round(p95(times)) } },
  );
}

export interface DisposalParams {
  /** The configured number of missed heartbeats before CTIPS closes the session (default 3, 1..999). */
  missedLimit: number;
  /** An answer later than this, in ms, counts as missed; default: any successful answer counts. */
  answerTimeoutMs?: number;
}

/**
 * CTIPS disposes a session after exactly N consecutive missed heartbeats: never sooner
 * (a `session-disposed` note after fewer), never later (a heartbeat after the Nth miss).
 * A client-side recording has no disposal note; the heartbeats stopping tells. @see EDK 4-1, EDK 5-2
 */
export function sessionDisposedAfterExactlyNMissedHeartbeats(
  timeline: readonly TimelineEntry[],
  params: DisposalParams,
): CheckResult {
  const missing = missingParams(params, ["missedLimit"]);
  if (missing) return missing;
  const n = params.missedLimit;
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  const missed = (hb: TimelineEntry) => {
    const answer = index.answerOf.get(hb.seq);
    if (!isSuccessfulAnswer(answer)) return true;
    return params.answerTimeoutMs !== undefined && msOf(answer!) - msOf(hb) > params.answerTimeoutMs;
  };
  for (const s of index.sessions.values()) {
    const disposal = s.notes.find((note) => note.code === "session-disposed");
    const subject = { session: s.id };
    let run: TimelineEntry[] = [];
    let judged = disposal !== undefined;
    let keptTooLong = false;
    for (const hb of s.heartbeats) {
      if (disposal && hb.seq > disposal.seq) break;
      if (run.length >= n) {
        keptTooLong = true;
        failures.push(
          fail(
            `session ${s.id}: expected no heartbeat after ${n} consecutive misses (the session is disposed), got one at seq ${hb.seq}`,
            {
              expected: `disposal after ${n} missed heartbeats`,
              actual: `heartbeat ${run.length + 1} after ${run.length} misses`,
              evidence: [...run.map((h) => h.seq), hb.seq],
              subject,
            },
          ),
        );
        break;
      }
      if (missed(hb)) {
        run.push(hb);
        judged = true;
      } else run = [];
    }
    if (judged) checked++;
    if (disposal && !keptTooLong && run.length !== n) {
      failures.push(
        fail(
          `session ${s.id}: expected disposal after exactly ${n} consecutive missed heartbeats, got it after ${run.length}`,
          {
            expected: n,
            actual: run.length,
            evidence: [...run.map((h) => h.seq), disposal.seq],
            subject,
          },
        ),
      );
    }
  }
  return conclude(
    failures,
    checked,
    `${checked} sessions with missed heartbeats were disposed after exactly ${n} misses, or kept while fewer`,
    "no missed heartbeat and no disposal",
  );
}

export interface ReconnectParams {
  /** The configured heartbeat interval, in ms; a silence of 1.5 × this means heartbeats stopped. */
  intervalMs: number;
  /** From the last heartbeat to the new session's OnLine, in ms. */
  reconnectWithinMs: number;
  /** Require a Snapshot in the new session after OnLine (default true). @see EDK 1-2 */
  requireSnapshot?: boolean;
  /**
   * What the new session must subscribe to before OnLine (message classes, and filters as
   * `FieldType=FieldValue`); default: what the lost session had.
   */
  subscriptions?: readonly string[];
  /** When the recording was read, on the timeline's clock in ms; default its last entry. */
  nowMs?: number;
}

export function messageClasses(
  index: TimelineIndex,
  s: SessionView,
  beforeSeq = Number.POSITIVE_INFINITY,
): Set<string> {
  const classes = new Set<string>();
  for (const r of s.requests) {
    if (r.seq >= beforeSeq) break;
    const op = operationOf(r);
    if (op !== "AddMessageClass" && op !== "AddFilter") continue;
    if (!isSuccessfulAnswer(index.answerOf.get(r.seq)) && index.answerOf.has(r.seq)) continue;
    const a = argsOf(r);
    classes.add(
      op === "AddMessageClass" ? String(a.MessageClass) : `${String(a.FieldType)}=${String(a.FieldValue)}`,
    );
  }
  return classes;
}

/**
 * When heartbeats stop, the client notices, opens a new session, subscribes again to what
 * it had, goes online and takes a snapshot — within the time allowed. Sessions the client
 * closed or took offline itself before heartbeats were due (and the CTIPS took it) are not
 * judged; a close the CTIPS refuses because the session is already gone is the client's
 * reaction to the loss. @see EDK 1-2, EDK 5-2
 */
export function clientReconnectsAfterHeartbeatsStop(
  timeline: readonly TimelineEntry[],
  params: ReconnectParams,
): CheckResult {
  const missing = missingParams(params, ["intervalMs", "reconnectWithinMs"]);
  if (missing) return missing;
  const index = indexTimeline(timeline);
  const endMs = Math.max(
    params.nowMs ?? 0,
    index.entries.length > 0 ? msOf(index.entries[index.entries.length - 1]) : 0,
  );
  const overdueMs = params.intervalMs * 1.5;
  const failures: Observation[] = [];
  const times: number[] = [];
  const detections: number[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    if (s.onlineWindows.length === 0) continue;
    const last = s.heartbeats.at(-1) ?? s.onlineWindows[0].from;
    const silenceFrom = msOf(last);
    // The client quit if it went offline or closed before heartbeats were overdue, and the
    // CTIPS took it; refused (the session already gone: a restart, a disposal), it is the
    // client's first reaction to the loss, judged below.
    const quitByClient = s.requests.some((r) => {
      const op = operationOf(r);
      const answer = index.answerOf.get(r.seq);
      return (
        r.seq > last.seq &&
        (op === "OffLine" || op === "CloseConnection") &&
        msOf(r) - silenceFrom < overdueMs &&
        (answer === undefined || isSuccessfulAnswer(answer))
      );
    });
    if (quitByClient || endMs - silenceFrom < overdueMs) continue;
    const reopen = index.openConnections.find((r) => r.seq > last.seq && index.sessionOf(r) !== undefined);
    const fresh = reopen ? index.sessions.get(index.sessionOf(reopen)!) : undefined;
    const onLine = fresh?.requests.find((r) => operationOf(r) === "OnLine");
    const subject = { session: s.id };
    if (!fresh || !onLine) {
      if (endMs - silenceFrom < params.reconnectWithinMs) continue;
      checked++;
      failures.push(
        fail(
          `session ${s.id}: expected the client to reconnect and go online within ${params.reconnectWithinMs} ms of the last heartbeat (seq ${last.seq}), got ${fresh ? `session ${fresh.id} never went online` : "no new session"}`,
          {
            expected: `online again ≤ ${params.reconnectWithinMs} ms`,
            actual: fresh ? "no OnLine" : "no OpenConnection",
            evidence: [last.seq, ...(reopen ? [reopen.seq] : [])],
            subject,
          },
        ),
      );
      continue;
    }
    checked++;
    const took = msOf(onLine) - silenceFrom;
    times.push(took);
    // Detection: the client's first move on the silence (closing the old session or opening a new one).
    const reaction = index.entries.find(
      (e) =>
        e.seq > last.seq &&
        e.kind === "request" &&
        (e === reopen || (index.sessionOf(e) === s.id && operationOf(e) === "CloseConnection")),
    );
    detections.push(msOf(reaction ?? reopen!) - silenceFrom);
    const problems: string[] = [];
    if (took > params.reconnectWithinMs) problems.push(`online again after ${round(took)} ms`);
    const before = params.subscriptions ? new Set(params.subscriptions) : messageClasses(index, s);
    const again = messageClasses(index, fresh, onLine.seq);
    const lost = [...before].filter((c) => !again.has(c));
    if (lost.length > 0) problems.push(`not subscribed again before OnLine: ${lost.join(", ")}`);
    const snapshot = fresh.requests.find((r) => operationOf(r) === "Snapshot" && r.seq > onLine.seq);
    if ((params.requireSnapshot ?? true) && !snapshot) problems.push("no Snapshot after OnLine");
    if (problems.length === 0) continue;
    failures.push(
      fail(
        `session ${s.id}: expected reconnection (OpenConnection, subscriptions, OnLine, Snapshot) within ${params.reconnectWithinMs} ms, got ${problems.join("; ")}`,
        {
          expected: {
            reconnectWithinMs: params.reconnectWithinMs,
            subscriptions: [...before],
            snapshot: params.requireSnapshot ?? true,
          },
          actual: { tookMs: round(took), subscriptions: [...again], snapshot: snapshot?.seq ?? null },
          evidence: [last.seq, reopen!.seq, onLine.seq, ...(snapshot ? [snapshot.seq] : [])],
          subject,
        },
      ),
    );
  }
  return conclude(
    failures,
    checked,
    `${checked} sessions whose heartbeats stopped were replaced within ${params.reconnectWithinMs} ms (slowest detection ${round(Math.max(0, ...detections))} ms, online again ${round(Math.max(0, ...times))} ms)`,
    "no session whose heartbeats stopped",
    {
      evidence: [],
      actual: {
        reconnections: times.length,
        slowestDetectionMs: round(Math.max(0, ...detections)),
        slowestReconnectionMs: round(Math.max(0, ...times)),
      },
    },
  );
}
