/**
 * One linear pass over a timeline that every check shares: entries by seq, answers by the
 * seq they reply to, and per session its requests (by RequestId), events, heartbeats,
 * StartSession callbacks, notes and online windows. Built once per timeline array and
 * cached, so running the whole catalogue indexes a recording once.
 *
 * Works for client-side and server-side recordings alike: nothing here looks at direction.
 */
import { grantedSessionId } from "../contract/session-object.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { isObject, operationOf, requestIdOf } from "./fields.ts";

export interface OnlineWindow {
  /** The OnLine request that opened the window. */
  from: TimelineEntry;
  /** The entry that closed it (OffLine's answer, CloseConnection's answer, a disposal note); none = still online. */
  to?: TimelineEntry;
}

export interface SessionView {
  readonly id: string;
  /** Every entry of the session in seq order, OpenConnection's request and answer included. */
  readonly entries: TimelineEntry[];
  readonly requests: TimelineEntry[];
  readonly events: TimelineEntry[];
  readonly heartbeats: TimelineEntry[];
  readonly startSessions: TimelineEntry[];
  readonly notes: TimelineEntry[];
  /** Requests by the RequestId the client gave them. */
  readonly requestsByRequestId: Map<number, TimelineEntry[]>;
  /** Events by the RequestId they carry (0 included). */
  readonly eventsByRequestId: Map<number, TimelineEntry[]>;
  /** The OpenConnection request that created the session. */
  openRequest?: TimelineEntry;
  /** What ended the session: CloseConnection's successful answer or a `session-disposed` note. */
  end?: TimelineEntry;
  readonly onlineWindows: OnlineWindow[];
}

export interface TimelineIndex {
  /** The entries in seq order. */
  readonly entries: readonly TimelineEntry[];
  /** The entry with this seq. */
  entryAt(seq: number): TimelineEntry | undefined;
  /** seq of a request or callback → its first answer (response, fault, callbackResponse, transportError). */
  readonly answerOf: Map<number, TimelineEntry>;
  readonly sessions: Map<string, SessionView>;
  /** Every OpenConnection request, answered or not, successful or not. */
  readonly openConnections: TimelineEntry[];
  /** The session an entry belongs to (OpenConnection's request through its answer). */
  sessionOf(e: TimelineEntry): string | undefined;
  /** The request (or callback) an answer replies to. */
  requestOf(answer: TimelineEntry): TimelineEntry | undefined;
}

/** Answered by a response rather than by a fault or a transport error. */
export function isSuccessfulAnswer(answer: TimelineEntry | undefined): boolean {
  return answer?.kind === "response" || answer?.kind === "callbackResponse";
}

/** The SessionId an OpenConnection answer grants: a response whose SessionObject has an id and a success code. */
export function openedSessionId(answer: TimelineEntry | undefined): string | undefined {
  if (answer?.kind !== "response" || !isObject(answer.payload)) return undefined;
  return grantedSessionId(answer.payload.OpenConnectionResult);
}

/**
 * Index cache by timeline array. A live timeline grows in place (append-only), so a cached
 * index is reused only while the array still has the length it was built at.
 */
const cache = new WeakMap<readonly TimelineEntry[], { length: number; index: TimelineIndex }>();

export function indexTimeline(timeline: readonly TimelineEntry[]): TimelineIndex {
  const cached = cache.get(timeline);
  if (cached && cached.length === timeline.length) return cached.index;
  const index = buildIndex(timeline);
  cache.set(timeline, { length: timeline.length, index });
  return index;
}

function inSeqOrder(timeline: readonly TimelineEntry[]): readonly TimelineEntry[] {
  for (let i = 1; i < timeline.length; i++) {
    if (timeline[i].seq <= timeline[i - 1].seq) return [...timeline].sort((a, b) => a.seq - b.seq);
  }
  return timeline;
}

function newSession(id: string): SessionView {
  return {
    id,
    entries: [],
    requests: [],
    events: [],
    heartbeats: [],
    startSessions: [],
    notes: [],
    requestsByRequestId: new Map(),
    eventsByRequestId: new Map(),
    onlineWindows: [],
  };
}

/** Recorders number entries 0, 1, 2 …: then seq is the position; otherwise a map. */
function seqLookup(entries: readonly TimelineEntry[]): (seq: number) => TimelineEntry | undefined {
  const dense =
    entries.length === 0 || (entries[0].seq === 0 && entries[entries.length - 1].seq === entries.length - 1);
  if (dense) return (seq) => entries[seq];
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  return (seq) => bySeq.get(seq);
}

function addTo(map: Map<number, TimelineEntry[]>, key: number | undefined, e: TimelineEntry): void {
  if (key === undefined) return;
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

function buildIndex(timeline: readonly TimelineEntry[]): TimelineIndex {
  const entries = inSeqOrder(timeline);
  const answerOf = new Map<number, TimelineEntry>();
  const openConnections: TimelineEntry[] = [];
  for (const e of entries) {
    if (e.replyTo !== undefined && !answerOf.has(e.replyTo)) answerOf.set(e.replyTo, e);
    if (e.kind === "request" && operationOf(e) === "OpenConnection") openConnections.push(e);
  }
  // OpenConnection's request carries no session yet: its answer names it.
  const openedBy = new Map<number, string>();
  for (const req of openConnections) {
    const id = openedSessionId(answerOf.get(req.seq));
    if (id !== undefined) openedBy.set(req.seq, id);
  }
  const sessionOf = (e: TimelineEntry): string | undefined => {
    if (e.session !== undefined) return e.session;
    if (openedBy.has(e.seq)) return openedBy.get(e.seq);
    return e.replyTo !== undefined ? openedBy.get(e.replyTo) : undefined;
  };

  const sessions = new Map<string, SessionView>();
  for (const e of entries) {
    const id = sessionOf(e);
    if (id === undefined) continue;
    let s = sessions.get(id);
    if (!s) {
      s = newSession(id);
      sessions.set(id, s);
    }
    s.entries.push(e);
    switch (e.kind) {
      case "request": {
        s.requests.push(e);
        if (openedBy.get(e.seq) === id) s.openRequest = e;
        addTo(s.requestsByRequestId, requestIdOf(e), e);
        break;
      }
      case "event":
        s.events.push(e);
        addTo(s.eventsByRequestId, requestIdOf(e), e);
        break;
      case "heartbeat":
        s.heartbeats.push(e);
        break;
      case "startSession":
        s.startSessions.push(e);
        break;
      case "note":
        s.notes.push(e);
        break;
      default:
        break;
    }
  }
  for (const s of sessions.values()) settlePhases(s, answerOf);

  const entryAt = seqLookup(entries);
  return {
    entries,
    entryAt,
    answerOf,
    sessions,
    openConnections,
    sessionOf,
    requestOf: (answer) => (answer.replyTo === undefined ? undefined : entryAt(answer.replyTo)),
  };
}

/**
 * A session is online from an OnLine request that was not refused until OffLine's
 * successful answer, CloseConnection's successful answer or its disposal. Events racing
 * an OffLine request and its answer count as online; a request whose answer was not
 * recorded takes effect. @see EDK 3-3, EDK 5-3, EDK 5-4
 */
function settlePhases(s: SessionView, answerOf: Map<number, TimelineEntry>): void {
  const changes: { at: TimelineEntry; what: "online" | "offline" | "end" }[] = [];
  for (const req of s.requests) {
    const op = operationOf(req);
    if (op !== "OnLine" && op !== "OffLine" && op !== "CloseConnection") continue;
    const answer = answerOf.get(req.seq);
    if (answer && !isSuccessfulAnswer(answer)) continue;
    if (op === "OnLine") changes.push({ at: req, what: "online" });
    else changes.push({ at: answer ?? req, what: op === "OffLine" ? "offline" : "end" });
  }
  for (const n of s.notes) if (n.code === "session-disposed") changes.push({ at: n, what: "end" });
  changes.sort((a, b) => a.at.seq - b.at.seq);
  let open: OnlineWindow | undefined;
  for (const c of changes) {
    if (s.end) break;
    if (c.what === "online") {
      if (!open) {
        open = { from: c.at };
        s.onlineWindows.push(open);
      }
      continue;
    }
    if (open) {
      open.to = c.at;
      open = undefined;
    }
    if (c.what === "end") s.end = c.at;
  }
}

/** The session's CloseConnection request, if the client sent one: callbacks after it race its leaving. */
export function closeRequestOf(s: SessionView): TimelineEntry | undefined {
  return s.requests.find((r) => operationOf(r) === "CloseConnection");
}

/** Whether the session was online when `e` was recorded. */
export function wasOnline(s: SessionView, e: TimelineEntry): boolean {
  for (const w of s.onlineWindows) {
    if (e.seq >= w.from.seq && (w.to === undefined || e.seq <= w.to.seq)) return true;
  }
  return false;
}
