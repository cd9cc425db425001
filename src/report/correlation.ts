/**
 * The correlation table: one row per request — its operation, session, RequestId, its
 * answer (result, fault code or transport error) with the latency, and the events of the
 * same session that carry its RequestId, each with its delay after the request. What does
 * not correlate is coloured: a request never answered and an orphan event (a non-zero
 * RequestId no request of its session had) in red, an answer later than `lateMs` in
 * orange. Unsolicited events (RequestId 0) are counted, not listed. An event is credited to
 * the latest request of its session with its RequestId issued before it, as the
 * correlation checks read it; one that came before any such request is shown under the
 * first, in red. @see EDK 3-7, EDK 4-3, docs/report-pictures.md
 */
import {
  agentIdOf,
  callIdOf,
  eventTypeOf,
  fieldOf,
  msOf,
  operationOf,
  requestIdOf,
} from "../checks/fields.ts";
import { indexTimeline, type TimelineIndex } from "../checks/timeline-index.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import {
  cleanEntries,
  el,
  esc,
  grouped,
  ms,
  nothingRecorded,
  PALETTE,
  plural,
  resultText,
  shortSession,
  svgDocument,
  text,
} from "./svg.ts";

export interface CorrelationTableOptions {
  /** The heading; default "requests, answers and their events". */
  title?: string;
  /** An answer slower than this, in ms, is late (orange); default 1000. */
  lateMs?: number;
  /** Only this session's requests and events. */
  session?: string;
  /** Rows drawn at most (requests and orphan events); the rest is one "… K more" row. Default 200. */
  maxRows?: number;
  /** Events listed per request at most; default 8. */
  maxEventsPerRow?: number;
  /** Picture width in px; default 1100, at least 900. */
  width?: number;
}

export const CORRELATION_DEFAULTS = {
  title: "requests, answers and their events",
  lateMs: 1000,
  maxRows: 200,
  maxEventsPerRow: 8,
  width: 1100,
} as const;

interface Solicited {
  event: TimelineEntry;
  delayMs: number;
  /** It came before the request it is shown under. */
  early: boolean;
}

interface RequestRow {
  type: "request";
  seq: number;
  at: number;
  request: TimelineEntry;
  session?: string;
  rid?: number;
  answer?: TimelineEntry;
  latencyMs?: number;
  events: Solicited[];
}

interface OrphanRow {
  type: "orphan";
  seq: number;
  at: number;
  event: TimelineEntry;
  session?: string;
  rid: number;
}

type Row = RequestRow | OrphanRow;

interface Resolved {
  title: string;
  lateMs: number;
  maxRows: number;
  maxEventsPerRow: number;
  width: number;
}

const positive = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n) && n > 0;

function resolve(o: CorrelationTableOptions): Resolved {
  return {
    title: typeof o.title === "string" && o.title !== "" ? o.title : CORRELATION_DEFAULTS.title,
    lateMs:
      typeof o.lateMs === "number" && Number.isFinite(o.lateMs) && o.lateMs >= 0
        ? o.lateMs
        : CORRELATION_DEFAULTS.lateMs,
    maxRows: positive(o.maxRows) ? Math.max(1, Math.floor(o.maxRows)) : CORRELATION_DEFAULTS.maxRows,
    maxEventsPerRow: positive(o.maxEventsPerRow)
      ? Math.max(1, Math.floor(o.maxEventsPerRow))
      : CORRELATION_DEFAULTS.maxEventsPerRow,
    width: positive(o.width) ? Math.max(900, Math.floor(o.width)) : CORRELATION_DEFAULTS.width,
  };
}

interface Tally {
  requests: number;
  unanswered: number;
  faults: number;
  late: number;
  solicited: number;
  orphans: number;
  early: number;
  unsolicited: number;
  sessions: number;
}

/** The rows, in seq order, and what they add up to. */
function correlate(index: TimelineIndex, session: string | undefined, t0: number, lateMs: number) {
  const rows: Row[] = [];
  const byRequest = new Map<number, RequestRow>();
  const tally: Tally = {
    requests: 0,
    unanswered: 0,
    faults: 0,
    late: 0,
    solicited: 0,
    orphans: 0,
    early: 0,
    unsolicited: 0,
    sessions: 0,
  };
  const sessions = new Set<string>();
  for (const e of index.entries) {
    if (e.kind !== "request") continue;
    const s = index.sessionOf(e);
    if (session !== undefined && s !== session) continue;
    if (s !== undefined) sessions.add(s);
    const answer = index.answerOf.get(e.seq);
    const latencyMs =
      answer === undefined
        ? undefined
        : answer.latencyNs !== undefined
          ? answer.latencyNs / 1e6
          : msOf(answer) - msOf(e);
    const row: RequestRow = {
      type: "request",
      seq: e.seq,
      at: msOf(e) - t0,
      request: e,
      session: s,
      rid: requestIdOf(e),
      answer,
      latencyMs,
      events: [],
    };
    rows.push(row);
    byRequest.set(e.seq, row);
    tally.requests++;
    if (!answer) tally.unanswered++;
    else if (answer.kind === "fault" || answer.kind === "transportError") tally.faults++;
    if (latencyMs !== undefined && latencyMs > lateMs) tally.late++;
  }
  for (const s of index.sessions.values()) {
    if (session !== undefined && s.id !== session) continue;
    sessions.add(s.id);
    for (const ev of s.events) {
      const rid = requestIdOf(ev);
      if (rid === undefined) continue;
      if (rid === 0) {
        tally.unsolicited++;
        continue;
      }
      const candidates = s.requestsByRequestId.get(rid);
      if (!candidates || candidates.length === 0) {
        rows.push({ type: "orphan", seq: ev.seq, at: msOf(ev) - t0, event: ev, session: s.id, rid });
        tally.orphans++;
        continue;
      }
      let credited: TimelineEntry | undefined;
      for (const r of candidates) if (r.seq < ev.seq) credited = r;
      const early = credited === undefined;
      const request = credited ?? candidates[0];
      const row = byRequest.get(request.seq);
      if (!row) continue;
      row.events.push({ event: ev, delayMs: msOf(ev) - msOf(request), early });
      tally.solicited++;
      if (early) tally.early++;
    }
  }
  rows.sort((a, b) => a.seq - b.seq);
  tally.sessions = sessions.size;
  return { rows, tally };
}

/** Columns: x of the left edge (or right edge for right-aligned ones) and the width. */
function columns(width: number) {
  const events = 720;
  return {
    seq: { x: 10, w: 48 },
    at: { x: 128, w: 66 },
    operation: { x: 138, w: 170 },
    session: { x: 316, w: 84 },
    rid: { x: 408, w: 66 },
    answer: { x: 480, w: 158 },
    latency: { x: 706, w: 60 },
    events: { x: events, w: width - events - 10 },
  } as const;
}

const LINE = 14;
const PAD = 7;

function eventLabel(e: TimelineEntry): string {
  const type = eventTypeOf(e) ?? e.name ?? e.eventType ?? "event";
  const state = type === "AgentStateChange" ? fieldOf(e, "AgentState") : undefined;
  const cid = callIdOf(e);
  const aid = agentIdOf(e);
  return [
    type,
    ...(typeof state === "string" ? [state] : []),
    ...(cid !== undefined && cid > 0 ? [`CallId ${cid}`] : []),
    ...(aid !== undefined && aid > 0 ? [`AgentId ${aid}`] : []),
  ].join(" ");
}

function answerCell(r: RequestRow): { text: string; colour: string; cls?: string; bold?: boolean } {
  const a = r.answer;
  if (!a) return { text: "— no answer", colour: PALETTE.fault, cls: "corr-unanswered", bold: true };
  if (a.kind === "fault")
    return { text: `fault ${a.faultCode ?? a.code ?? ""}`.trim(), colour: PALETTE.fault, cls: "corr-fault" };
  if (a.kind === "transportError")
    return {
      text: `transport error ${a.code ?? ""}${a.httpStatus !== undefined ? ` HTTP ${a.httpStatus}` : ""}`.trim(),
      colour: PALETTE.fault,
      cls: "corr-transport-error",
    };
  return { text: `result${resultText(a)}`, colour: PALETTE.text };
}

function drawRow(r: Row, y: number, h: number, zebra: boolean, o: Resolved): string {
  const C = columns(o.width);
  const parts: string[] = [];
  const baseline = y + PAD + 9;
  const classes: string[] = [r.type === "request" ? "corr-request" : "corr-orphan"];
  let fill: string | undefined = zebra ? PALETTE.band : undefined;
  parts.push(
    text(C.seq.x, baseline, `#${r.seq}`, { size: 10, mono: true, fill: PALETTE.muted, maxWidth: C.seq.w }),
  );
  parts.push(
    text(C.at.x, baseline, `+${ms(r.at)}`, {
      size: 10,
      mono: true,
      fill: PALETTE.muted,
      anchor: "end",
      maxWidth: C.at.w,
    }),
  );
  parts.push(text(C.session.x, baseline, shortSession(r.session), { size: 10.5, maxWidth: C.session.w }));
  if (r.type === "orphan") {
    fill = PALETTE.faultFill;
    parts.push(
      text(C.operation.x, baseline, eventLabel(r.event), {
        size: 11,
        fill: PALETTE.event,
        maxWidth: C.operation.w,
      }),
    );
    parts.push(
      text(C.rid.x, baseline, String(r.rid), { size: 10.5, mono: true, fill: PALETTE.fault, weight: "bold" }),
    );
    parts.push(
      text(
        C.answer.x,
        baseline,
        `orphan event: no request of session ${shortSession(r.session)} had RequestId ${r.rid}`,
        {
          size: 11,
          fill: PALETTE.fault,
          weight: "bold",
          maxWidth: o.width - C.answer.x - 10,
        },
      ),
    );
  } else {
    const op = operationOf(r.request) ?? "request";
    parts.push(
      text(C.operation.x, baseline, op, { size: 11, fill: PALETTE.request, maxWidth: C.operation.w }),
    );
    parts.push(
      text(C.rid.x, baseline, r.rid === undefined ? "—" : String(r.rid), {
        size: 10.5,
        mono: true,
        fill: r.rid === undefined ? PALETTE.faint : PALETTE.text,
        maxWidth: C.rid.w,
      }),
    );
    const a = answerCell(r);
    if (a.cls) classes.push(a.cls);
    if (!r.answer) fill = PALETTE.faultFill;
    parts.push(
      text(C.answer.x, baseline, a.text, {
        size: 11,
        fill: a.colour,
        weight: a.bold ? "bold" : "normal",
        maxWidth: C.answer.w,
      }),
    );
    if (r.latencyMs !== undefined) {
      const late = r.latencyMs > o.lateMs;
      if (late) {
        classes.push("corr-late");
        fill = PALETTE.warnFill;
      }
      parts.push(
        text(C.latency.x, baseline, `${ms(r.latencyMs)} ms`, {
          size: 10.5,
          mono: true,
          anchor: "end",
          fill: late ? PALETTE.warn : PALETTE.text,
          weight: late ? "bold" : "normal",
          maxWidth: C.latency.w + 10,
        }),
      );
    }
    const shown = r.events.slice(0, o.maxEventsPerRow);
    shown.forEach((s, i) => {
      const when = `${s.delayMs < 0 ? "−" : "+"}${ms(Math.abs(s.delayMs))} ms`;
      const label = `#${s.event.seq} ${eventLabel(s.event)} · ${when}${s.early ? " (before its request)" : ""}`;
      parts.push(
        text(C.events.x, baseline + i * LINE, label, {
          size: 10.5,
          fill: s.early ? PALETTE.fault : PALETTE.event,
          weight: s.early ? "bold" : "normal",
          maxWidth: C.events.w,
          cls: s.early ? "corr-early-event" : "corr-event",
        }),
      );
    });
    if (shown.some((s) => s.early)) classes.push("corr-early");
    if (r.events.length > shown.length) {
      parts.push(
        text(
          C.events.x,
          baseline + shown.length * LINE,
          `… ${plural(r.events.length - shown.length, "more event")}`,
          { size: 10, fill: PALETTE.muted, italic: true },
        ),
      );
    }
    if (r.events.length === 0)
      parts.push(text(C.events.x, baseline, "—", { size: 10.5, fill: PALETTE.faint }));
  }
  const background = fill
    ? el("rect", {
        x: 4,
        y,
        width: o.width - 8,
        height: h,
        fill,
        "fill-opacity": fill === PALETTE.band ? 1 : 0.8,
      })
    : "";
  return el("g", { class: classes.join(" "), "data-seq": r.seq }, `${background}${parts.join("")}`);
}

function rowHeight(r: Row, o: Resolved): number {
  if (r.type === "orphan") return LINE + 2 * PAD;
  const shown = Math.min(r.events.length, o.maxEventsPerRow);
  const lines = Math.max(1, shown + (r.events.length > shown ? 1 : 0));
  return lines * LINE + 2 * PAD;
}

/**
 * The correlation table of `entries` as a self-contained SVG document (a table drawn in
 * SVG). Never throws on odd entries; an input without requests or orphan events gives a
 * small "nothing recorded" picture.
 */
export function correlationTable(
  entries: readonly TimelineEntry[],
  options: CorrelationTableOptions = {},
): string {
  const o = resolve(options ?? {});
  const { entries: clean, dropped } = cleanEntries(entries);
  if (clean.length === 0) return nothingRecorded(o.title);
  const index = indexTimeline(clean);
  const t0 = msOf(clean[0]);
  const { rows: all, tally } = correlate(index, options?.session, t0, o.lateMs);
  if (all.length === 0) {
    return nothingRecorded(
      o.title,
      options?.session === undefined ? "no requests recorded" : `no requests in session ${options.session}`,
    );
  }
  const rows = all.length > o.maxRows ? all.slice(0, o.maxRows - 1) : all;
  const hidden = all.length - rows.length;

  const W = o.width;
  const C = columns(W);
  const head: string[] = [];
  head.push(text(10, 22, o.title, { size: 14, weight: "bold", maxWidth: W - 20 }));
  const bad = (n: number) => (n > 0 ? PALETTE.fault : PALETTE.muted);
  const summary: [string, string, string?][] = [
    [`${plural(tally.requests, "request")} in ${plural(tally.sessions, "session")}`, PALETTE.muted],
    [`${grouped(tally.unanswered)} unanswered`, bad(tally.unanswered), "corr-count-unanswered"],
    [`${grouped(tally.faults)} faulted`, bad(tally.faults)],
    [
      `${grouped(tally.late)} late (> ${grouped(o.lateMs)} ms)`,
      tally.late ? PALETTE.warn : PALETTE.muted,
      "corr-count-late",
    ],
    [`${plural(tally.solicited, "event")} with a request's RequestId`, PALETTE.muted],
    [`${grouped(tally.orphans)} orphan`, bad(tally.orphans), "corr-count-orphans"],
    ...(tally.early
      ? ([[`${grouped(tally.early)} before their request`, PALETTE.fault]] as [string, string][])
      : []),
    [`${grouped(tally.unsolicited)} unsolicited (RequestId 0)`, PALETTE.muted],
    ...(dropped
      ? ([[`${plural(dropped, "unreadable item")} left out`, PALETTE.warn]] as [string, string][])
      : []),
  ];
  // The summary as one line of differently coloured spans.
  head.push(
    el(
      "text",
      { x: 10, y: 40, "font-size": 11, class: "corr-summary" },
      summary
        .map(
          ([t, colour, cls], i) =>
            `${i > 0 ? el("tspan", { fill: PALETTE.faint }, " · ") : ""}${el("tspan", { fill: colour, class: cls }, esc(t))}`,
        )
        .join(""),
    ),
  );
  const headY = 66;
  const titles: [string, number, "start" | "end"][] = [
    ["seq", C.seq.x, "start"],
    ["ms", C.at.x, "end"],
    ["operation / event", C.operation.x, "start"],
    ["session", C.session.x, "start"],
    ["RequestId", C.rid.x, "start"],
    ["answer", C.answer.x, "start"],
    ["latency", C.latency.x, "end"],
    ["events with its RequestId · delay after the request", C.events.x, "start"],
  ];
  for (const [t, x, anchor] of titles)
    head.push(text(x, headY, t, { size: 10, weight: "bold", fill: PALETTE.muted, anchor }));
  head.push(el("line", { x1: 4, y1: headY + 6, x2: W - 4, y2: headY + 6, stroke: PALETTE.lifeline }));

  let y = headY + 8;
  const body: string[] = [];
  rows.forEach((r, i) => {
    const h = rowHeight(r, o);
    body.push(drawRow(r, y, h, i % 2 === 1, o));
    y += h;
  });
  if (hidden > 0) {
    body.push(
      text(W / 2, y + 16, `… ${plural(hidden, "more row")} not drawn (maxRows ${o.maxRows})`, {
        size: 11,
        fill: PALETTE.muted,
        anchor: "middle",
        italic: true,
        cls: "corr-more",
      }),
    );
    y += 24;
  }
  const accessible = `${o.title}: ${summary.map(([t]) => t).join(", ")}`;
  return svgDocument(W, y + 10, accessible, `${head.join("\n")}\n${body.join("\n")}`);
}
