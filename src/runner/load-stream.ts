/**
 * The catalogue's checks over a timeline that never stops growing, in bounded memory: the
 * checks stay pure functions of an array of entries; this keeps the array small.
 *
 * Entries are fed as they are appended. Every round the checks run over the entries still
 * held, and an entry is **ripe** once it is `settleMs` old — longer than any deadline a check
 * applies (answer, completion, route, reaction times, 1.5 heartbeat intervals), so whatever
 * it waits for has arrived or is overdue. A failure is reported in the round in which the
 * newest entry of its evidence ripens: once, and only when everything it says about that
 * entry is settled. Ripe entries are then let go unless a later entry needs them as context:
 *
 * | what | held |
 * |---|---|
 * | a session's set-up: OpenConnection, StartSession, message classes, filters, OnLine/OffLine, its first Snapshot, CloseConnection, state notes | until the session ended `settleMs` ago |
 * | heartbeats, their answers, missed-heartbeat notes | the last `heartbeatWindow` heartbeats of each session |
 * | a call's events (call and route categories, CallId > 0) | per session: its first event, CallStarted, CallEnd, CallCompleted, route events and anything after CallEnd; all of it until the call ended `settleMs` ago (or `callMaxAgeMs` passed) |
 * | agent state events | the latest of each agent in each session |
 * | requests, their answers | `requestRetainMs` |
 * | everything else (other events, answers to events, notes) | until ripe |
 *
 * Context let go can make a check fail on entries already judged (an event whose request
 * was let go, a heartbeat silence from OnLine to the oldest heartbeat held): such a failure's
 * evidence is all old, so it is never reported. How each check runs is in STREAM_MODES.
 */
import { CATALOGUE, type CatalogueParams, runCatalogue } from "../checks/catalogue.ts";
import { agentIdOf, callIdOf, categoryOf, eventTypeOf, operationOf } from "../checks/fields.ts";
import { type Binding, type Check, type Finding, runCheck } from "../checks/finding.ts";
import { deviationSeverity } from "../checks/payload.ts";
import { openedSessionId } from "../checks/timeline-index.ts";
import type { TimelineEntry } from "../timeline/entry.ts";

/** How a check of the catalogue runs on a stream, where that differs from "every round, windowed". */
export const STREAM_MODES: Readonly<Record<string, string>> = {
  heartbeatsKeepTheConfiguredInterval:
    "twice: the rhythm (mean, p95 jitter) over each session's last heartbeats held, reported once per failing stretch; and the silences alone",
  clientShutsDownOffLineThenClose:
    "in the last round only, and only when the recording ended (it judges how the clients leave)",
  requestIdsAreUniqueWithinSession: "among the requests held (requestRetainMs)",
  timelineFollowsFlow: "not run: it needs a scenario's flow expectation",
  requestIsRefused: "not run: it needs to know which request must be refused (a scenario's)",
};

const NOT_RUN = new Set(["timelineFollowsFlow", "requestIsRefused"]);
const LAST_ROUND_ONLY = new Set(["clientShutsDownOffLineThenClose"]);
const NEEDS_AGENTS = new Set([
  "clientAnswersPresentedCallsWithin",
  "clientDisposesInWrapWithin",
  "clientLogsItsAgentsOut",
]);
const HEARTBEAT_RHYTHM = "heartbeatsKeepTheConfiguredInterval";

/** A check beyond the catalogue, run the same way (e.g. eventsMatchTheirSessionsSubscriptions). */
export interface ExtraCheck {
  // biome-ignore lint/suspicious/noExplicitAny: checks of any parameter type
  check: Check<any>;
  binding: Binding;
  params?: unknown;
}

export interface StreamOptions {
  /** The catalogue's parameters (every check that needs one; desktop checks only with `agentIds`). */
  params: CatalogueParams;
  /** The configured heartbeat interval, in ms (the rhythm and silence runs of the heartbeat check). */
  heartbeatIntervalMs: number;
  /** An entry is judged once it is this old, in ms: longer than every deadline in `params`. */
  settleMs: number;
  /** Requests (and their answers) held for the events that carry their RequestId, in ms; default 60 s. */
  requestRetainMs?: number;
  /** Heartbeats held per session for the rhythm; default 21 (20 intervals). */
  heartbeatWindow?: number;
  /** A call that never ends is let go after this, in ms; default 10 minutes. */
  callMaxAgeMs?: number;
  extra?: readonly ExtraCheck[];
}

export interface StreamStats {
  rounds: number;
  entriesSeen: number;
  held: number;
  maxHeld: number;
  lastRoundMs: number;
  longestRoundMs: number;
  /** Failures of the heartbeat rhythm not reported again while the same stretch went on. */
  suppressed: number;
}

type Cls = "prelude" | "heartbeat" | "call" | "agent" | "request" | "answer" | "other";

const PRELUDE_OPS = new Set([
  "OpenConnection",
  "CloseConnection",
  "OnLine",
  "OffLine",
  "AddMessageClass",
  "DeleteMessageClass",
  "AddFilter",
  "DeleteFilter",
]);
const PRELUDE_NOTES = new Set(["session-state", "session-disposed", "start-session-missing"]);
const CALL_KEEP = new Set(["CallStarted", "CallEnd", "CallCompleted"]);

interface CallInfo {
  lastNs: number;
  started: boolean;
  end: boolean;
  completed: boolean;
}

/** A customer call is over at CallCompleted; a call without CallStarted (a consultation) at CallEnd. */
const over = (c: CallInfo) => c.completed || (c.end && !c.started);

export class StreamingChecker {
  private w: TimelineEntry[] = [];
  private readonly cls = new Map<number, Cls>();
  private readonly openSession = new Map<number, string>();
  private readonly endedAt = new Map<string, number>();
  private readonly snapshotted = new Set<string>();
  private readonly calls = new Map<number, CallInfo>();
  /** The session of each heartbeat-class entry held (answers to heartbeats may not name it). */
  private readonly beatSession = new Map<number, string>();
  /** Ripe before this (ns); -Infinity before the first round. */
  private boundary = Number.NEGATIVE_INFINITY;
  private roundNo = 0;
  private readonly once = new Set<string>();
  private readonly rhythmReported = new Map<string, number>();
  private readonly settleNs: number;
  private readonly requestRetainNs: number;
  private readonly callMaxAgeNs: number;
  private readonly heartbeatWindow: number;
  private readonly s: StreamStats = {
    rounds: 0,
    entriesSeen: 0,
    held: 0,
    maxHeld: 0,
    lastRoundMs: 0,
    longestRoundMs: 0,
    suppressed: 0,
  };

  constructor(private readonly o: StreamOptions) {
    this.settleNs = o.settleMs * 1e6;
    this.requestRetainNs = Math.max(o.settleMs, o.requestRetainMs ?? 60_000) * 1e6;
    this.callMaxAgeNs = (o.callMaxAgeMs ?? 600_000) * 1e6;
    this.heartbeatWindow = Math.max(2, o.heartbeatWindow ?? 21);
  }

  get stats(): StreamStats {
    return { ...this.s, held: this.w.length };
  }

  /** Takes one appended entry (in seq order). */
  add(e: TimelineEntry): void {
    this.s.entriesSeen++;
    this.w.push(e);
    const c = this.classify(e);
    this.cls.set(e.seq, c);
    if (c === "heartbeat") {
      const session = e.session ?? (e.replyTo !== undefined ? this.beatSession.get(e.replyTo) : undefined);
      this.beatSession.set(e.seq, session ?? "");
    }
    if (this.w.length > this.s.maxHeld) this.s.maxHeld = this.w.length;
  }

  /** Judges what ripened by `nowNs` (the timeline's clock); returns the failures to report. */
  round(nowNs: number): Finding[] {
    const boundary = nowNs - this.settleNs;
    if (boundary <= this.boundary) return [];
    return this.judge(boundary, false);
  }

  /**
   * The last round: everything is ripe. `ended`: the recording is over (the clients left),
   * so the checks of how a recording ends (STREAM_MODES) run too.
   */
  finish(o: { ended: boolean } = { ended: true }): Finding[] {
    return this.judge(Number.POSITIVE_INFINITY, o.ended);
  }

  // ------------------------------------------------------------------ classification

  private sessionOf(e: TimelineEntry): string | undefined {
    return (
      e.session ??
      this.openSession.get(e.seq) ??
      (e.replyTo !== undefined ? this.openSession.get(e.replyTo) : undefined)
    );
  }

  private classify(e: TimelineEntry): Cls {
    if (e.replyTo !== undefined) {
      const of = this.cls.get(e.replyTo);
      if (e.kind === "response" && e.name === "OpenConnection") {
        const id = openedSessionId(e);
        if (id !== undefined) this.openSession.set(e.replyTo, id);
      }
      if (e.kind === "response" && e.name === "CloseConnection" && e.session !== undefined)
        this.endedAt.set(e.session, e.monoNs);
      return of === "prelude" || of === "heartbeat" || of === "request" ? of : of ? "answer" : "other";
    }
    switch (e.kind) {
      case "request": {
        const op = operationOf(e) ?? "";
        if (PRELUDE_OPS.has(op)) return "prelude";
        if (op === "Snapshot" && e.session !== undefined && !this.snapshotted.has(e.session)) {
          this.snapshotted.add(e.session);
          return "prelude";
        }
        return "request";
      }
      case "startSession":
        return "prelude";
      case "heartbeat":
        return "heartbeat";
      case "note":
        if (e.code === "session-disposed" && e.session !== undefined) this.endedAt.set(e.session, e.monoNs);
        if (e.code === "heartbeat-missed") return "heartbeat";
        return e.code !== undefined && PRELUDE_NOTES.has(e.code) ? "prelude" : "other";
      case "event": {
        const type = eventTypeOf(e) ?? "";
        if (type === "AgentStateChange" || type === "AgentLoginStateChange")
          return (agentIdOf(e) ?? 0) > 0 ? "agent" : "other";
        const category = categoryOf(type);
        const callId = callIdOf(e) ?? 0;
        if (callId > 0 && (category === "EventCategoryCall" || category === "EventCategoryRoute")) {
          let info = this.calls.get(callId);
          if (!info) {
            info = { lastNs: e.monoNs, started: false, end: false, completed: false };
            this.calls.set(callId, info);
          }
          info.lastNs = Math.max(info.lastNs, e.monoNs);
          info.started ||= type === "CallStarted";
          info.end ||= type === "CallEnd";
          info.completed ||= type === "CallCompleted";
          return "call";
        }
        return "other";
      }
      default:
        return "other";
    }
  }

  // ------------------------------------------------------------------ judging

  private judge(boundary: number, last: boolean): Finding[] {
    const started = performance.now();
    const from = this.boundary;
    this.boundary = boundary;
    this.roundNo++;
    const view = this.w.slice();
    const reported: Finding[] = [];
    if (view.length > 0) {
      for (const [f, rhythm] of this.runChecks(view, last))
        if (this.isNew(f, rhythm, view, from, boundary)) reported.push(f);
    }
    this.retire(boundary);
    const ms = performance.now() - started;
    this.s.rounds++;
    this.s.lastRoundMs = ms;
    this.s.longestRoundMs = Math.max(this.s.longestRoundMs, ms);
    return reported;
  }

  /** Every check's findings over the view; `rhythm` marks the heartbeat rhythm's windowed statistic. */
  private *runChecks(view: readonly TimelineEntry[], last: boolean): Generator<[Finding, boolean]> {
    const p = this.o.params;
    const bindings = {
      entriesCarryNoToleratedDeviations: {
        severity: deviationSeverity("strict"),
        clause: "WIRE data contracts",
      },
    };
    for (const c of CATALOGUE) {
      const name = c.check.name;
      if (NOT_RUN.has(name) || (LAST_ROUND_ONLY.has(name) && !last)) continue;
      if (NEEDS_AGENTS.has(name) && !(p as Record<string, unknown>)[name]) continue;
      if (name === HEARTBEAT_RHYTHM) {
        const intervalMs = this.o.heartbeatIntervalMs;
        const inf = Number.POSITIVE_INFINITY;
        // The rhythm over the heartbeats held (the silence from OnLine to the oldest held is no silence) …
        for (const f of runCatalogue(view, {
          only: [name],
          params: { [name]: { intervalMs, maxGapMs: inf } },
        }))
          yield [f, true];
        // … and the silences alone, each reported with the heartbeat that ended it.
        const silences = { intervalMs, meanToleranceMs: inf, p95JitterMs: inf };
        for (const f of runCatalogue(view, { only: [name], params: { [name]: silences } })) yield [f, false];
        continue;
      }
      for (const f of runCatalogue(view, { only: [name], params: p, bindings })) yield [f, false];
    }
    for (const x of this.o.extra ?? [])
      for (const f of runCheck(x.check as Check<unknown>, x.binding, view, x.params)) yield [f, false];
  }

  /** Whether a finding of this round is reported: see the module comment. */
  private isNew(
    f: Finding,
    rhythm: boolean,
    view: readonly TimelineEntry[],
    from: number,
    to: number,
  ): boolean {
    if (f.outcome === "pass") return false;
    if (f.outcome === "harness-fault") {
      if (f.message.startsWith("nothing to check")) return false;
      return this.first(`${f.check}|${f.message}`);
    }
    if (f.evidence.length === 0) return this.first(`${f.check}|${f.message}`);
    let newest = Number.NEGATIVE_INFINITY;
    for (const seq of f.evidence) {
      const e = bySeq(view, seq);
      if (!e) return this.first(`${f.check}|${f.evidence.join(",")}`);
      if (e.monoNs > newest) newest = e.monoNs;
    }
    if (newest < from || newest >= to) return false;
    if (rhythm) {
      // A windowed statistic fails again with each heartbeat while the stretch lasts.
      const key = f.subject?.session ?? "";
      const prev = this.rhythmReported.get(key);
      this.rhythmReported.set(key, this.roundNo);
      if (prev !== undefined && prev >= this.roundNo - 1) {
        this.s.suppressed++;
        return false;
      }
    }
    return true;
  }

  private first(key: string): boolean {
    if (this.once.has(key)) return false;
    if (this.once.size < 10_000) this.once.add(key);
    return true;
  }

  // ------------------------------------------------------------------ retention

  private retire(boundary: number): void {
    const ripe = (e: TimelineEntry) => e.monoNs < boundary;
    // Heartbeats: the newest `heartbeatWindow` of each session (and what follows them) stay.
    const beats = new Map<string, number[]>();
    // Agents: the newest ripe event of each agent in each session stays.
    const latestAgent = new Map<string, number>();
    for (const e of this.w) {
      const c = this.cls.get(e.seq);
      if (c === "heartbeat" && e.kind === "heartbeat") {
        const key = this.beatSession.get(e.seq) ?? "";
        const list = beats.get(key);
        if (list) list.push(e.seq);
        else beats.set(key, [e.seq]);
      } else if (c === "agent" && ripe(e)) latestAgent.set(`${e.session}|${agentIdOf(e)}`, e.seq);
    }
    const oldestBeatKept = new Map<string, number>();
    for (const [key, list] of beats)
      oldestBeatKept.set(
        key,
        list.length > this.heartbeatWindow ? list[list.length - this.heartbeatWindow] : 0,
      );
    const gone = new Set<number>();
    for (const [callId, info] of this.calls) {
      if (
        (over(info) && info.lastNs < boundary - this.settleNs) ||
        info.lastNs < boundary - this.callMaxAgeNs
      ) {
        gone.add(callId);
        this.calls.delete(callId);
      }
    }
    // Per session and call: the first event seen, and whether CallEnd came.
    const callSeen = new Map<string, boolean>();
    const keep: TimelineEntry[] = [];
    for (const e of this.w) {
      const c = this.cls.get(e.seq) as Cls;
      let held: boolean;
      switch (c) {
        case "prelude": {
          const session = this.sessionOf(e);
          const end = session !== undefined ? this.endedAt.get(session) : undefined;
          held =
            session === undefined
              ? e.monoNs >= boundary - this.settleNs
              : end === undefined || end >= boundary - this.settleNs;
          break;
        }
        case "heartbeat":
          held = !ripe(e) || e.seq >= (oldestBeatKept.get(this.beatSession.get(e.seq) ?? "") ?? 0);
          break;
        case "agent":
          held = !ripe(e) || latestAgent.get(`${e.session}|${agentIdOf(e)}`) === e.seq;
          break;
        case "call": {
          const callId = callIdOf(e) ?? 0;
          if (gone.has(callId)) {
            held = false;
            break;
          }
          const key = `${e.session}|${callId}`;
          const afterEnd = callSeen.get(key);
          const type = eventTypeOf(e) ?? "";
          held =
            !ripe(e) ||
            afterEnd === undefined ||
            afterEnd ||
            CALL_KEEP.has(type) ||
            categoryOf(type) === "EventCategoryRoute";
          callSeen.set(key, afterEnd === true || type === "CallEnd");
          break;
        }
        case "request":
          held = e.monoNs >= boundary - this.requestRetainNs;
          break;
        default:
          held = !ripe(e);
      }
      if (held) keep.push(e);
      else {
        this.cls.delete(e.seq);
        if (c === "heartbeat") this.beatSession.delete(e.seq);
      }
    }
    for (const [session, end] of this.endedAt) {
      if (end < boundary - this.settleNs) {
        this.endedAt.delete(session);
        this.snapshotted.delete(session);
      }
    }
    for (const seq of this.openSession.keys()) if (!this.cls.has(seq)) this.openSession.delete(seq);
    this.w = keep;
  }
}

/** The entry with this seq in a seq-ordered array (binary search), or undefined. */
function bySeq(view: readonly TimelineEntry[], seq: number): TimelineEntry | undefined {
  let lo = 0;
  let hi = view.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = view[mid].seq;
    if (s === seq) return view[mid];
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
