/**
 * Per-call and per-agent event streams as each session received them, built once per
 * timeline index. Each session gets its own copy of an event, so lifecycles are judged
 * per (session, call) and per (session, agent).
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import { agentIdOf, callIdOf, categoryOf, eventTypeOf, fieldOf, isObject, operationOf } from "./fields.ts";
import { isSuccessfulAnswer, type TimelineIndex } from "./timeline-index.ts";

export interface CallStream {
  session: string;
  callId: number;
  /** Call- and route-category events with this CallId, in seq order. */
  events: TimelineEntry[];
  /**
   * Why this session may legitimately see the call without its start, if it may: the call
   * was listed in its snapshot, was in progress before it went online, or the session
   * filters events (an FT_AGENT_ID filter drops CallStarted, which names no agent).
   */
  partialView?: string;
}

export interface AgentStream {
  session: string;
  agentId: number;
  /** AgentLoginStateChange and AgentStateChange events for this agent, in seq order. */
  events: TimelineEntry[];
}

const callCache = new WeakMap<TimelineIndex, CallStream[]>();
const agentCache = new WeakMap<TimelineIndex, AgentStream[]>();

/** CallId and AgentId 0 (and -1) mean "not present". @see EDK 4-2 */
const isId = (v: number | undefined): v is number => v !== undefined && v > 0;

export function callStreams(index: TimelineIndex): CallStream[] {
  const cached = callCache.get(index);
  if (cached) return cached;
  const firstSeen = new Map<number, number>();
  for (const e of index.entries) {
    if (e.kind !== "event") continue;
    const id = callIdOf(e);
    if (isId(id) && !firstSeen.has(id)) firstSeen.set(id, e.seq);
  }
  const streams: CallStream[] = [];
  for (const s of index.sessions.values()) {
    const filtered = s.requests.some((r) => {
      const answer = index.answerOf.get(r.seq);
      return operationOf(r) === "AddFilter" && (!answer || isSuccessfulAnswer(answer));
    });
    const snapshotCalls = new Set<number>();
    const byCall = new Map<number, TimelineEntry[]>();
    for (const e of s.events) {
      const type = eventTypeOf(e);
      if (type === "SnapShotUpdate") {
        const callData = fieldOf(e, "CallData");
        if (isObject(callData) && typeof callData.CallId === "number") snapshotCalls.add(callData.CallId);
        continue;
      }
      const category = type ? categoryOf(type) : undefined;
      if (category !== "EventCategoryCall" && category !== "EventCategoryRoute") continue;
      const id = callIdOf(e);
      if (!isId(id)) continue;
      const list = byCall.get(id);
      if (list) list.push(e);
      else byCall.set(id, [e]);
    }
    const onlineFrom = s.onlineWindows[0]?.from.seq ?? Number.POSITIVE_INFINITY;
    for (const [callId, events] of byCall) {
      let partialView: string | undefined;
      if (snapshotCalls.has(callId)) partialView = "listed in the session's snapshot";
      else if ((firstSeen.get(callId) ?? Number.POSITIVE_INFINITY) < onlineFrom) {
        partialView = "in progress before the session went online";
      } else if (filtered) partialView = "the session filters events (AddFilter)";
      streams.push({ session: s.id, callId, events, partialView });
    }
  }
  callCache.set(index, streams);
  return streams;
}

export function agentStreams(index: TimelineIndex): AgentStream[] {
  const cached = agentCache.get(index);
  if (cached) return cached;
  const streams: AgentStream[] = [];
  for (const s of index.sessions.values()) {
    const byAgent = new Map<number, TimelineEntry[]>();
    for (const e of s.events) {
      const type = eventTypeOf(e);
      if (type !== "AgentStateChange" && type !== "AgentLoginStateChange") continue;
      const id = agentIdOf(e);
      if (!isId(id)) continue;
      const list = byAgent.get(id);
      if (list) list.push(e);
      else byAgent.set(id, [e]);
    }
    for (const [agentId, events] of byAgent) streams.push({ session: s.id, agentId, events });
  }
  agentCache.set(index, streams);
  return streams;
}
