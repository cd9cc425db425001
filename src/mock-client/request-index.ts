/**
 * Per session: RequestId → its request, its answer and its events; and the session's events
 * in order. Kept up to date by a timeline listener, so lookups are O(1) however long the
 * recording grows.
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import type { Timeline } from "../timeline/timeline.ts";
import type { RequestRecord } from "./types.ts";

const ANSWERS = new Set(["response", "fault", "transportError"]);

export class RequestIndex {
  private readonly bySession = new Map<string, Map<number, RequestRecord>>();
  private readonly bySeq = new Map<number, RequestRecord>();
  private readonly eventsBySession = new Map<string, TimelineEntry[]>();
  readonly detach: () => void;

  constructor(timeline: Timeline) {
    for (const e of timeline.entries) this.add(e);
    this.detach = timeline.onAppend((e) => this.add(e));
  }

  private record(session: string, requestId: number): RequestRecord {
    let m = this.bySession.get(session);
    if (!m) {
      m = new Map();
      this.bySession.set(session, m);
    }
    let r = m.get(requestId);
    if (!r) {
      r = { events: [] };
      m.set(requestId, r);
    }
    return r;
  }

  private add(e: TimelineEntry): void {
    if (e.kind === "request") {
      if (e.session === undefined || e.requestId === undefined) return;
      const r = this.record(e.session, e.requestId);
      // A RequestId reused on purpose (a negative test) keeps its first request.
      if (r.request) return;
      r.request = e;
      this.bySeq.set(e.seq, r);
    } else if (e.kind === "event") {
      if (e.session === undefined) return;
      const list = this.eventsBySession.get(e.session);
      if (list) list.push(e);
      else this.eventsBySession.set(e.session, [e]);
      if (e.requestId !== undefined) this.record(e.session, e.requestId).events.push(e);
    } else if (e.replyTo !== undefined && ANSWERS.has(e.kind)) {
      const r = this.bySeq.get(e.replyTo);
      if (r && !r.response) r.response = e;
    }
  }

  byRequestId(session: string, requestId: number): RequestRecord {
    const r = this.bySession.get(session)?.get(requestId);
    return r ? { request: r.request, response: r.response, events: [...r.events] } : { events: [] };
  }

  events(session: string): readonly TimelineEntry[] {
    return this.eventsBySession.get(session) ?? [];
  }
}
