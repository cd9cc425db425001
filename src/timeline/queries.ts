/**
 * Small read-only queries over timeline entries that scenarios ask again and again:
 * heartbeats of a session and which went unanswered, the last request of an operation,
 * a session's Snapshot and what its updates list, events that arrived while offline.
 * Pure: entries in, facts out.
 */
import type { TimelineEntry } from "./entry.ts";

const payload = (e: TimelineEntry) => (e.payload ?? {}) as Record<string, unknown>;

/** Heartbeats of `sessionId` from `since` on. */
export function heartbeatsOf(
  entries: readonly TimelineEntry[],
  sessionId: string,
  since = 0,
): TimelineEntry[] {
  return entries.filter((e) => e.seq >= since && e.kind === "heartbeat" && e.session === sessionId);
}

/** Heartbeats of `sessionId` from `since` on that the client did not answer with a result (a fault, silence, a hang-up). */
export function unansweredHeartbeats(
  entries: readonly TimelineEntry[],
  sessionId: string,
  since = 0,
): TimelineEntry[] {
  const beats = new Map(heartbeatsOf(entries, sessionId, since).map((h) => [h.seq, h]));
  return entries
    .filter((e) => e.replyTo !== undefined && beats.has(e.replyTo) && e.kind !== "callbackResponse")
    .map((e) => beats.get(e.replyTo as number) as TimelineEntry);
}

/** The last request `op` of `sessionId`. */
export function lastRequest(
  entries: readonly TimelineEntry[],
  sessionId: string,
  op: string,
): TimelineEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.kind === "request" && e.name === op && e.session === sessionId) return e;
  }
  return undefined;
}

export interface SnapshotView {
  requestId: number;
  /** The entity types the Snapshot asked for. */
  types: string[];
  /** Its SnapShotUpdates so far. */
  updates: TimelineEntry[];
  /** Whether a type's updates ended with the completion flag. */
  complete(type: string): boolean;
  /** AgentId → AgentState, ServiceId → ServiceState, and the CallIds listed. */
  agents: Map<number, string>;
  services: Map<number, string>;
  calls: number[];
}

/** The last Snapshot `sessionId` sent and what its updates (on `events`, the session's events) list. */
export function snapshotOf(
  entries: readonly TimelineEntry[],
  sessionId: string,
  events: readonly TimelineEntry[],
): SnapshotView | undefined {
  const r = lastRequest(entries, sessionId, "Snapshot");
  if (!r || r.requestId === undefined) return undefined;
  const requested = (payload(r).args as { EntityType?: unknown } | undefined)?.EntityType;
  const updates = events.filter((e) => e.name === "SnapShotUpdate" && e.requestId === r.requestId);
  const agents = new Map<number, string>();
  const services = new Map<number, string>();
  const calls: number[] = [];
  for (const u of updates) {
    const p = payload(u);
    const a = p.AgentData as Record<string, unknown> | null | undefined;
    const s = p.ServiceData as Record<string, unknown> | null | undefined;
    const c = p.CallData as Record<string, unknown> | null | undefined;
    if (p.SnapShotType === "AgentInfo" && a && typeof a.AgentId === "number")
      agents.set(a.AgentId, String(a.AgentState));
    if (p.SnapShotType === "ServiceInfo" && s && typeof s.ServiceId === "number")
      services.set(s.ServiceId, String(s.ServiceState));
    if (p.SnapShotType === "CallInfo" && c && typeof c.CallId === "number") calls.push(c.CallId);
  }
  return {
    requestId: r.requestId,
    types: Array.isArray(requested) ? requested.map(String) : [],
    updates,
    complete: (type) =>
      updates.some((u) => {
        const p = payload(u);
        return p.SnapShotType === type && (p.SnapShotTypeComplete === true || p.SnapShotComplete === true);
      }),
    agents,
    services,
    calls,
  };
}

/**
 * Events of `sessionId` that arrived between an OffLine's answer and the next OnLine
 * request, and how many offline stretches there were. @see EDK 5-3
 */
export function eventsWhileOffline(
  entries: readonly TimelineEntry[],
  sessionId: string,
): { stretches: number; events: TimelineEntry[] } {
  const events: TimelineEntry[] = [];
  let offline = false;
  let stretches = 0;
  for (const e of entries) {
    if (e.session !== sessionId) continue;
    if (e.kind === "response" && e.name === "OffLine") {
      offline = true;
      stretches++;
    } else if (e.kind === "request" && e.name === "OnLine") offline = false;
    else if (e.kind === "event" && offline) events.push(e);
  }
  return { stretches, events };
}

/** `#12 CallCleared agent 1001 call 70002, …` — at most `max` entries, for messages. */
export function briefList(entries: readonly TimelineEntry[], max = 10): string {
  return entries
    .slice(0, max)
    .map(
      (e) =>
        `#${e.seq} ${e.name}${e.agentId ? ` agent ${e.agentId}` : ""}${e.callId ? ` call ${e.callId}` : ""}${e.requestId ? ` rid ${e.requestId}` : ""}`,
    )
    .join(", ");
}
