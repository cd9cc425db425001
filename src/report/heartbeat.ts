/**
 * The heartbeat chart: for each session, the interval between consecutive heartbeats
 * plotted over time against the configured interval (a line) and its tolerance (a shaded
 * band). Heartbeats the client did not answer with a result — no answer, a fault, a
 * transport error, or an answer later than `answerTimeoutMs` — are red ✗; the session's
 * disposal (the `session-disposed` note) is a red vertical line, labelled with the misses
 * that led to it. What a reader sees is what the heartbeat checks judge
 * (`heartbeatsKeepTheConfiguredInterval`, `clientAnswersHeartbeatsWithin`,
 * `sessionDisposedAfterExactlyNMissedHeartbeats`). @see EDK 4-1, EDK 5-2,
 * docs/report-pictures.md
 */
import { msOf } from "../checks/fields.ts";
import {
  indexTimeline,
  isSuccessfulAnswer,
  type SessionView,
  type TimelineIndex,
} from "../checks/timeline-index.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import {
  axisLabel,
  cleanEntries,
  el,
  esc,
  truncate,
  grouped,
  ms,
  niceCeil,
  niceTicks,
  nothingRecorded,
  PALETTE,
  plural,
  svgDocument,
  text,
  textWidth,
} from "./svg.ts";

export interface HeartbeatChartOptions {
  /** The configured heartbeat interval, in ms (CTIPS default 30_000): the reference line. */
  intervalMs: number;
  /** Half the band's height, in ms; default 20 % of intervalMs (the interval check's p95 jitter allowance). */
  toleranceMs?: number;
  /** The configured missed-heartbeat limit (CTIPS default 3): labels the disposal and runs of misses. */
  missedLimit?: number;
  /** An answer later than this, in ms, counts as not answered; default: any result counts. */
  answerTimeoutMs?: number;
  /** Only this session; default every session with heartbeats. */
  session?: string;
  /** The heading; default "heartbeats". */
  title?: string;
  /** Intervals drawn per session at most (out-of-band and missed ones first); default 600. */
  maxPoints?: number;
  /** Sessions drawn at most; default 6. */
  maxSessions?: number;
  /** Picture width in px; default 900, at least 480. */
  width?: number;
}

export const HEARTBEAT_DEFAULTS = {
  title: "heartbeats",
  tolerance: 0.2, // × intervalMs
  maxPoints: 600,
  maxSessions: 6,
  width: 900,
} as const;

interface Beat {
  entry: TimelineEntry;
  at: number;
  interval?: number;
  /** Why it counts as not answered; undefined: answered. */
  missed?: string;
}

interface Panel {
  session: string;
  beats: Beat[];
  disposal?: { at: number; missedBefore: number; seq: number };
  /** Where a run of misses reached `missedLimit` and heartbeats still came (no disposal then). */
  overdue: { at: number; run: number }[];
}

function missedWhy(
  index: TimelineIndex,
  hb: TimelineEntry,
  timeoutMs: number | undefined,
): string | undefined {
  const answer = index.answerOf.get(hb.seq);
  if (!answer) return "no answer";
  if (answer.kind === "fault") return `fault ${answer.faultCode ?? answer.code ?? ""}`.trim();
  if (answer.kind === "transportError") return `transport error ${answer.code ?? ""}`.trim();
  if (!isSuccessfulAnswer(answer)) return answer.kind;
  const took = msOf(answer) - msOf(hb);
  if (timeoutMs !== undefined && took > timeoutMs)
    return `answered after ${ms(took)} ms (limit ${grouped(timeoutMs)} ms)`;
  return undefined;
}

function panelOf(index: TimelineIndex, s: SessionView, t0: number, o: Resolved): Panel {
  const beats: Beat[] = [];
  let prev: number | undefined;
  for (const hb of s.heartbeats) {
    const at = msOf(hb) - t0;
    beats.push({
      entry: hb,
      at,
      interval: prev === undefined ? undefined : at - prev,
      missed: missedWhy(index, hb, o.answerTimeoutMs),
    });
    prev = at;
  }
  const note = s.notes.find((n) => n.code === "session-disposed");
  let run = 0;
  const overdue: Panel["overdue"] = [];
  const beforeDisposal = note ? beats.filter((b) => b.entry.seq < note.seq) : beats;
  beforeDisposal.forEach((b, k) => {
    if (!b.missed) {
      run = 0;
      return;
    }
    run++;
    // The limit reached, yet CTIPS kept beating: the session outlived its misses. @see EDK 4-1
    if (o.missedLimit !== undefined && run === o.missedLimit && k + 1 < beforeDisposal.length) {
      overdue.push({ at: b.at, run });
    }
  });
  return {
    session: s.id,
    beats,
    disposal: note ? { at: msOf(note) - t0, missedBefore: run, seq: note.seq } : undefined,
    overdue,
  };
}

interface Resolved {
  intervalMs?: number;
  toleranceMs?: number;
  missedLimit?: number;
  answerTimeoutMs?: number;
  title: string;
  maxPoints: number;
  maxSessions: number;
  width: number;
}

const positive = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n) && n > 0;

function resolve(o: Partial<HeartbeatChartOptions>): Resolved {
  const intervalMs = positive(o.intervalMs) ? o.intervalMs : undefined;
  return {
    intervalMs,
    toleranceMs:
      intervalMs === undefined
        ? undefined
        : typeof o.toleranceMs === "number" && Number.isFinite(o.toleranceMs) && o.toleranceMs >= 0
          ? o.toleranceMs
          : intervalMs * HEARTBEAT_DEFAULTS.tolerance,
    missedLimit: positive(o.missedLimit) ? Math.floor(o.missedLimit) : undefined,
    answerTimeoutMs: positive(o.answerTimeoutMs) ? o.answerTimeoutMs : undefined,
    title: typeof o.title === "string" && o.title !== "" ? o.title : HEARTBEAT_DEFAULTS.title,
    maxPoints: positive(o.maxPoints) ? Math.max(2, Math.floor(o.maxPoints)) : HEARTBEAT_DEFAULTS.maxPoints,
    maxSessions: positive(o.maxSessions)
      ? Math.max(1, Math.floor(o.maxSessions))
      : HEARTBEAT_DEFAULTS.maxSessions,
    width: positive(o.width) ? Math.max(480, Math.floor(o.width)) : HEARTBEAT_DEFAULTS.width,
  };
}

type Band = "in" | "late" | "early" | "none";

function bandOf(interval: number | undefined, o: Resolved): Band {
  if (interval === undefined || o.intervalMs === undefined || o.toleranceMs === undefined) return "none";
  if (interval > o.intervalMs + o.toleranceMs) return "late";
  if (interval < o.intervalMs - o.toleranceMs) return "early";
  return "in";
}

/**
 * The beats to draw: every missed and out-of-band one first (up to the cap), then in-band
 * ones evenly spread over the rest of the budget. Deterministic: by position, never random.
 */
function thin(beats: Beat[], o: Resolved): Beat[] {
  if (beats.length <= o.maxPoints) return beats;
  const notable = beats.filter(
    (b) => b.missed || bandOf(b.interval, o) === "late" || bandOf(b.interval, o) === "early",
  );
  if (notable.length >= o.maxPoints) return notable.slice(0, o.maxPoints);
  const isNotable = new Set(notable);
  const plain = beats.filter((b) => !isNotable.has(b));
  const room = o.maxPoints - notable.length;
  const picked = new Set<Beat>(notable);
  for (let k = 0; k < room; k++) picked.add(plain[Math.floor((k * plain.length) / room)]);
  return beats.filter((b) => picked.has(b));
}

const PANEL = { head: 34, plot: 130, foot: 38 } as const;
const LEFT = 72;
const RIGHT = 24;

function cross(x: number, y: number, s: number, colour: string): string {
  return el("path", {
    d: `M${(x - s).toFixed(1)},${(y - s).toFixed(1)}L${(x + s).toFixed(1)},${(y + s).toFixed(1)}M${(x - s).toFixed(1)},${(y + s).toFixed(1)}L${(x + s).toFixed(1)},${(y - s).toFixed(1)}`,
    stroke: colour,
    "stroke-width": 2.2,
    "stroke-linecap": "round",
  });
}

function drawPanel(p: Panel, top: number, xMax: number, o: Resolved): string {
  const W = o.width;
  const plotTop = top + PANEL.head;
  const plotBottom = plotTop + PANEL.plot;
  const plotRight = W - RIGHT;
  const intervals = p.beats.flatMap((b) => (b.interval === undefined ? [] : [b.interval]));
  const reference = o.intervalMs !== undefined ? o.intervalMs + 2 * (o.toleranceMs ?? 0) : 0;
  const yMax = niceCeil(intervals.reduce((m, i) => Math.max(m, i * 1.08), Math.max(reference, 1)));
  const xOf = (t: number) => LEFT + (Math.max(0, t) / xMax) * (plotRight - LEFT);
  const yOf = (v: number) => plotBottom - (Math.min(Math.max(v, 0), yMax) / yMax) * PANEL.plot;
  const parts: string[] = [];

  // Heading: the session and what its heartbeats did.
  const missed = p.beats.filter((b) => b.missed).length;
  const out = p.beats.filter((b) => {
    const band = bandOf(b.interval, o);
    return band === "late" || band === "early";
  }).length;
  const mean = intervals.length ? intervals.reduce((a, b) => a + b, 0) / intervals.length : undefined;
  const facts = [
    plural(p.beats.length, "heartbeat"),
    ...(mean !== undefined ? [`mean interval ${ms(mean)} ms`] : []),
    ...(o.toleranceMs !== undefined && o.intervalMs !== undefined
      ? [`${grouped(out)} outside ${grouped(o.intervalMs)} ± ${grouped(o.toleranceMs)} ms`]
      : []),
    `${grouped(missed)} not answered`,
    ...(p.disposal ? ["disposed"] : []),
  ];
  const name = truncate(`session ${p.session}`, 220, 12);
  parts.push(text(10, top + 16, name, { size: 12, weight: "bold" }));
  const factsX = 10 + textWidth(name, 12) + 10;
  parts.push(
    text(factsX, top + 16, facts.join(" · "), {
      size: 11,
      fill: missed || out || p.disposal ? PALETTE.fault : PALETTE.muted,
      maxWidth: W - factsX - 10,
      cls: "hb-summary",
    }),
  );

  // Axes and grid.
  parts.push(
    el("rect", {
      x: LEFT,
      y: plotTop,
      width: plotRight - LEFT,
      height: PANEL.plot,
      fill: "none",
      stroke: PALETTE.grid,
    }),
  );
  for (const v of niceTicks(0, yMax, 4)) {
    const y = yOf(v);
    parts.push(
      el("line", { x1: LEFT, y1: y, x2: plotRight, y2: y, stroke: PALETTE.grid, "stroke-width": 1 }),
    );
    parts.push(
      text(LEFT - 6, y + 3.5, axisLabel(v, yMax), { size: 9.5, fill: PALETTE.muted, anchor: "end" }),
    );
  }
  for (const v of niceTicks(0, xMax, 8)) {
    const x = xOf(v);
    if (x > plotRight + 0.5) continue;
    parts.push(el("line", { x1: x, y1: plotBottom, x2: x, y2: plotBottom + 4, stroke: PALETTE.muted }));
    parts.push(
      text(x, plotBottom + 15, axisLabel(v, xMax), { size: 9.5, fill: PALETTE.muted, anchor: "middle" }),
    );
  }
  parts.push(
    text(LEFT + (plotRight - LEFT) / 2, plotBottom + 30, "time since the first entry", {
      size: 10,
      fill: PALETTE.muted,
      anchor: "middle",
    }),
  );
  parts.push(
    el(
      "text",
      {
        x: 0,
        y: 0,
        transform: `translate(14 ${(plotTop + plotBottom) / 2}) rotate(-90)`,
        "font-size": 10,
        fill: PALETTE.muted,
        "text-anchor": "middle",
      },
      "interval",
    ),
  );

  // The configured interval and its band.
  if (o.intervalMs !== undefined) {
    const tol = o.toleranceMs ?? 0;
    const yHigh = yOf(o.intervalMs + tol);
    const yLow = yOf(o.intervalMs - tol);
    parts.push(
      el(
        "g",
        { class: "hb-band" },
        `${el("title", {}, esc(`configured interval ${grouped(o.intervalMs)} ms ± ${grouped(tol)} ms`))}${el(
          "rect",
          {
            x: LEFT,
            y: yHigh,
            width: plotRight - LEFT,
            height: Math.max(0, yLow - yHigh),
            fill: PALETTE.ok,
            "fill-opacity": 0.12,
          },
        )}${el("line", {
          x1: LEFT,
          y1: yOf(o.intervalMs),
          x2: plotRight,
          y2: yOf(o.intervalMs),
          stroke: PALETTE.ok,
          "stroke-width": 1.5,
          class: "hb-interval",
        })}`,
      ),
    );
  }

  // The intervals: a thin line through them, a dot each, ✗ for the unanswered.
  const shown = thin(p.beats, o);
  const path = shown
    .filter((b) => b.interval !== undefined)
    .map((b, i) => `${i === 0 ? "M" : "L"}${xOf(b.at).toFixed(1)},${yOf(b.interval!).toFixed(1)}`)
    .join("");
  if (path.includes("L"))
    parts.push(el("path", { d: path, fill: "none", stroke: PALETTE.faint, "stroke-width": 1 }));
  for (const b of shown) {
    const x = xOf(b.at);
    const band = bandOf(b.interval, o);
    const y = b.interval === undefined ? plotBottom : yOf(b.interval);
    const what = `#${b.entry.seq} at +${ms(b.at)} ms${b.interval !== undefined ? `: ${ms(b.interval)} ms after the previous heartbeat` : ": the first heartbeat"}`;
    if (b.missed) {
      parts.push(
        el(
          "g",
          { class: "hb-missed", "data-seq": b.entry.seq },
          `${el("title", {}, esc(`${what}; not answered: ${b.missed}`))}${cross(x, y, 4.5, PALETTE.fault)}`,
        ),
      );
      continue;
    }
    if (b.interval === undefined) {
      parts.push(
        el(
          "g",
          { class: "hb-first", "data-seq": b.entry.seq },
          `${el("title", {}, esc(what))}${el("line", { x1: x, y1: plotBottom - 5, x2: x, y2: plotBottom, stroke: PALETTE.request, "stroke-width": 2 })}`,
        ),
      );
      continue;
    }
    const colour = band === "late" || band === "early" ? PALETTE.warn : PALETTE.request;
    parts.push(
      el(
        "g",
        { class: `hb-point hb-${band}`, "data-seq": b.entry.seq },
        `${el("title", {}, esc(`${what}${band === "late" ? " (late)" : band === "early" ? " (early)" : ""}`))}${el(
          "circle",
          {
            cx: x,
            cy: y,
            r: band === "in" || band === "none" ? 2.8 : 3.6,
            fill: colour,
          },
        )}`,
      ),
    );
  }
  if (shown.length < p.beats.length) {
    parts.push(
      text(
        plotRight - 4,
        plotTop + 12,
        `showing ${grouped(shown.length)} of ${grouped(p.beats.length)} heartbeats (maxPoints)`,
        {
          size: 9.5,
          fill: PALETTE.muted,
          anchor: "end",
          cls: "hb-thinned",
        },
      ),
    );
  }

  // Runs of misses that reached the limit with no disposal, and the disposal itself.
  for (const r of p.overdue.slice(0, 10)) {
    const x = xOf(r.at);
    parts.push(
      el(
        "g",
        { class: "hb-overdue" },
        `${el("line", { x1: x, y1: plotTop, x2: x, y2: plotBottom, stroke: PALETTE.warn, "stroke-width": 1, "stroke-dasharray": "2 3" })}${text(x + 4, plotTop + 24, `${r.run} missed in a row, not disposed (limit ${o.missedLimit})`, { size: 9.5, fill: PALETTE.warn, maxWidth: Math.max(40, plotRight - x - 8) })}`,
      ),
    );
  }
  if (p.disposal) {
    const x = xOf(p.disposal.at);
    const d = p.disposal;
    const label =
      o.missedLimit !== undefined
        ? `disposed after ${d.missedBefore} missed (limit ${o.missedLimit})`
        : `disposed after ${d.missedBefore} missed`;
    const leftSide = x > LEFT + (plotRight - LEFT) * 0.6;
    parts.push(
      el(
        "g",
        { class: "hb-disposed", "data-seq": d.seq },
        `${el("title", {}, esc(`#${d.seq} session disposed at +${ms(d.at)} ms`))}${el("line", {
          x1: x,
          y1: plotTop - 4,
          x2: x,
          y2: plotBottom,
          stroke: PALETTE.fault,
          "stroke-width": 1.6,
          "stroke-dasharray": "6 3",
        })}${text(leftSide ? x - 5 : x + 5, plotTop + 11, label, {
          size: 10,
          fill: PALETTE.fault,
          weight: "bold",
          anchor: leftSide ? "end" : "start",
          maxWidth: leftSide ? x - LEFT - 10 : plotRight - x - 10,
        })}`,
      ),
    );
  }
  return el("g", { class: "hb-panel", "data-session": p.session }, parts.join(""));
}

function legend(o: Resolved, y: number): string {
  const items: string[] = [];
  let x = 10;
  const add = (mark: string, label: string) => {
    items.push(mark);
    items.push(text(x + 14, y + 4, label, { size: 10, fill: PALETTE.muted }));
    x += 26 + textWidth(label, 10);
  };
  add(el("circle", { cx: x + 5, cy: y, r: 3, fill: PALETTE.request }), "interval in band");
  add(el("circle", { cx: x + 5, cy: y, r: 3.6, fill: PALETTE.warn }), "late or early");
  add(cross(x + 5, y, 4, PALETTE.fault), "not answered");
  if (o.intervalMs !== undefined) {
    add(
      `${el("rect", { x, y: y - 5, width: 10, height: 10, fill: PALETTE.ok, "fill-opacity": 0.2 })}${el("line", { x1: x, y1: y, x2: x + 10, y2: y, stroke: PALETTE.ok, "stroke-width": 1.5 })}`,
      `${grouped(o.intervalMs)} ms ± ${grouped(o.toleranceMs ?? 0)} ms`,
    );
  }
  add(
    el("line", {
      x1: x + 5,
      y1: y - 6,
      x2: x + 5,
      y2: y + 6,
      stroke: PALETTE.fault,
      "stroke-width": 1.6,
      "stroke-dasharray": "3 2",
    }),
    "session disposed",
  );
  return el("g", { class: "hb-legend" }, items.join(""));
}

/**
 * The heartbeat chart of `entries` as a self-contained SVG document: one panel per session
 * with heartbeats (or the one given). Never throws on odd entries; an input without
 * heartbeats gives a small "nothing recorded" picture.
 */
export function heartbeatChart(entries: readonly TimelineEntry[], options: HeartbeatChartOptions): string {
  const o = resolve(options ?? {});
  const { entries: clean } = cleanEntries(entries);
  if (clean.length === 0) return nothingRecorded(o.title);
  const index = indexTimeline(clean);
  const t0 = msOf(clean[0]);
  const xEnd = msOf(clean[clean.length - 1]) - t0;
  const wanted = options?.session;
  const sessions = [...index.sessions.values()].filter((s) => wanted === undefined || s.id === wanted);
  const withBeats = sessions.filter((s) => s.heartbeats.length > 0);
  if (withBeats.length === 0) {
    return nothingRecorded(
      o.title,
      wanted === undefined ? "no heartbeats recorded" : `no heartbeats in session ${wanted}`,
    );
  }
  const panels = withBeats.slice(0, o.maxSessions).map((s) => panelOf(index, s, t0, o));
  // The recording's whole span, shared by the panels, so their times line up.
  let xMax = Math.max(xEnd, 1);
  for (const p of panels) xMax = Math.max(xMax, p.beats.at(-1)?.at ?? 0, p.disposal?.at ?? 0);

  const head: string[] = [];
  head.push(text(10, 22, o.title, { size: 14, weight: "bold", maxWidth: o.width - 20 }));
  const summary = [
    plural(withBeats.length, "session"),
    o.intervalMs !== undefined
      ? `configured interval ${grouped(o.intervalMs)} ms`
      : "no configured interval given (no reference line)",
    ...(o.missedLimit !== undefined ? [`missed-heartbeat limit ${o.missedLimit}`] : []),
    ...(o.answerTimeoutMs !== undefined
      ? [`answers later than ${grouped(o.answerTimeoutMs)} ms count as missed`]
      : []),
    ...(sessions.length > withBeats.length
      ? [`${plural(sessions.length - withBeats.length, "session")} without heartbeats not shown`]
      : []),
  ].join(" · ");
  head.push(
    text(10, 40, summary, {
      size: 11,
      fill: o.intervalMs === undefined ? PALETTE.warn : PALETTE.muted,
      maxWidth: o.width - 20,
      cls: "hb-header",
    }),
  );
  head.push(legend(o, 58));
  let y = 70;
  const body: string[] = [];
  for (const p of panels) {
    body.push(drawPanel(p, y, xMax, o));
    y += PANEL.head + PANEL.plot + PANEL.foot;
  }
  if (withBeats.length > panels.length) {
    body.push(
      text(
        o.width / 2,
        y + 14,
        `… ${plural(withBeats.length - panels.length, "more session")} not drawn (maxSessions ${o.maxSessions})`,
        {
          size: 11,
          fill: PALETTE.muted,
          anchor: "middle",
          italic: true,
          cls: "hb-more",
        },
      ),
    );
    y += 24;
  }
  return svgDocument(o.width, y + 8, `${o.title}: ${summary}`, `${head.join("\n")}\n${body.join("\n")}`);
}
