/**
 * The sequence diagram of a scenario: what the client and CTIPS said to each other, one row
 * per exchange, in recording order, drawn between two lifelines. Requests go client →
 * CTIPS; responses and faults come back (dashed, faults red); events (PublishCTIEvent) come
 * CTIPS → client with their EventType and ids; heartbeats are small and grey, a run of
 * answered ones folded into one "×N heartbeats" row; callbacks' answers, transport errors
 * (a lost message, ×) and the recorder's notes (session disposed, state changes) have rows
 * of their own. Each row shows its seq, its time since the first entry and its RequestId.
 *
 * Given the result of matching a flow (`matchFlow`), the diagram overlays it: entries a
 * step matched are marked ✓ with the step, the first step not found is a red dashed row
 * where it was expected (after the entry its predecessors ended at), the entry that came
 * too early for it is marked out of order, a broken "never" rule's entry is marked red and
 * related entries no step matched are marked unexpected. @see docs/report-pictures.md,
 * docs/checks.md (flow tables)
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
import type { FlowMatch, StepReport } from "../checks/flow.ts";
import { indexTimeline, isSuccessfulAnswer, type TimelineIndex } from "../checks/timeline-index.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import {
  cleanEntries,
  el,
  esc,
  ms,
  nothingRecorded,
  PALETTE,
  plural,
  resultText,
  sessionColour,
  svgDocument,
  text,
  truncate,
} from "./svg.ts";

export interface SequenceDiagramOptions {
  /** The heading; default "client ⇄ CTIPS". */
  title?: string;
  /** A flow's match on these entries, to overlay (matched ✓, missing ✗, unexpected). */
  flow?: FlowMatch;
  /** Only this session's entries (OpenConnection's request and answer included). */
  session?: string;
  /** Rows drawn at most; the rest is one "… K more" row. Default 250. */
  maxRows?: number;
  /** Fold runs of answered heartbeats into one "×N heartbeats" row. Default true. */
  collapseHeartbeats?: boolean;
  /**
   * The client's successful answers to callbacks (PublishCTIEvent, Heartbeat, StartSession):
   * `fold` leaves them out (a fault or transport error answering a callback is always
   * drawn), `show` gives each a row. Default `fold`.
   */
  callbackAnswers?: "fold" | "show";
  /** Picture width in px; default 1000, at least 720. */
  width?: number;
}

export const SEQUENCE_DEFAULTS = {
  title: "client ⇄ CTIPS",
  maxRows: 250,
  collapseHeartbeats: true,
  callbackAnswers: "fold",
  width: 1000,
} as const;

type Side = "client" | "ctips";

interface Mark {
  text: string;
  colour: string;
  fill?: string;
  cls: string;
  tip?: string;
}

interface Row {
  type: "arrow" | "lost" | "note" | "session" | "placeholder" | "more";
  /** First and last seq the row stands for (a folded heartbeat run stands for several). */
  seq?: number;
  lastSeq?: number;
  at?: number;
  lastAt?: number;
  rid?: number;
  session?: string;
  from?: Side;
  label: string;
  colour: string;
  dashed?: boolean;
  small?: boolean;
  cls: string;
  tip?: string;
  mark?: Mark;
  /** An answered heartbeat (or its answer, shown): may fold into a run. */
  beat?: "heartbeat" | "answer";
}

const HEIGHT: Record<Row["type"], number> = {
  arrow: 26,
  lost: 26,
  note: 24,
  session: 20,
  placeholder: 26,
  more: 24,
};
const SMALL_HEIGHT = 18;

/** The member that tells events of one type apart, shown after the type. */
const DISTINGUISHING: Readonly<Record<string, string>> = {
  AgentStateChange: "AgentState",
  AgentLoginStateChange: "LoginState",
  SnapShotUpdate: "SnapShotType",
};

const positive = (n: number | undefined): n is number => n !== undefined && n > 0;

function ids(e: TimelineEntry): string {
  const parts: string[] = [];
  const cid = callIdOf(e);
  const aid = agentIdOf(e);
  if (positive(cid)) parts.push(`CallId ${cid}`);
  if (positive(aid)) parts.push(`AgentId ${aid}`);
  return parts.length ? ` · ${parts.join(" · ")}` : "";
}

/** Which side the recorder stood on, when its name tells. */
function recorderSide(e: TimelineEntry): Side | undefined {
  if (e.recorder === "mock-ctips") return "ctips";
  if (e.recorder === "client") return "client";
  return undefined;
}

const other = (s: Side): Side => (s === "client" ? "ctips" : "client");

/** The side that opens an exchange of this kind: the client's requests, CTIPS's callbacks. */
function initiatorOf(e: TimelineEntry): Side | undefined {
  if (e.kind === "request") return "client";
  if (e.kind === "event" || e.kind === "heartbeat" || e.kind === "startSession") return "ctips";
  return undefined;
}

/**
 * The side an arrow starts from: an exchange's opener; for an answer, the side the original
 * went to; for a transport error, the side whose message was lost (the original's sender),
 * or without an original, as the recorder saw it.
 */
function senderOf(e: TimelineEntry, index: TimelineIndex): Side | undefined {
  const opener = initiatorOf(e);
  if (opener) return opener;
  const original = e.replyTo !== undefined ? index.entryAt(e.replyTo) : undefined;
  const originalSide = original ? initiatorOf(original) : undefined;
  if (e.kind === "transportError") {
    if (originalSide) return originalSide;
    const r = recorderSide(e);
    return r ? (e.direction === "out" ? r : other(r)) : undefined;
  }
  if (originalSide) return other(originalSide);
  if (e.kind === "callbackResponse") return "client";
  if (e.kind === "response" || e.kind === "fault") return "ctips";
  return undefined;
}

function answerProblem(answer: TimelineEntry | undefined): string {
  if (!answer) return "no answer";
  if (answer.kind === "fault") return `fault ${answer.faultCode ?? answer.code ?? ""}`.trim();
  if (answer.kind === "transportError") return `transport error ${answer.code ?? ""}`.trim();
  return answer.kind;
}

function rowOf(e: TimelineEntry, index: TimelineIndex, t0: number, o: Resolved): Row | undefined {
  const base = {
    seq: e.seq,
    lastSeq: e.seq,
    at: msOf(e) - t0,
    rid: requestIdOf(e),
    session: index.sessionOf(e),
  };
  const original = e.replyTo !== undefined ? index.entryAt(e.replyTo) : undefined;
  const op = operationOf(e) ?? (original ? operationOf(original) : undefined) ?? "";
  const latency = (): string => {
    const ns = e.latencyNs ?? (original ? (msOf(e) - msOf(original)) * 1e6 : undefined);
    return ns !== undefined && Number.isFinite(ns) ? ` · ${ms(ns / 1e6)} ms` : "";
  };
  switch (e.kind) {
    case "request":
      return {
        ...base,
        type: "arrow",
        from: "client",
        label: `${op || "request"}${ids(e)}`,
        colour: PALETTE.request,
        cls: "seq-request",
      };
    case "response":
    case "callbackResponse": {
      const toCallback = original !== undefined && original.kind !== "request";
      if (toCallback && o.callbackAnswers === "fold" && e.kind === "callbackResponse") return undefined;
      const isBeatAnswer = original?.kind === "heartbeat";
      return {
        ...base,
        rid: base.rid ?? (original ? requestIdOf(original) : undefined),
        type: "arrow",
        from: senderOf(e, index) ?? "ctips",
        label: `${op ? `${op} ` : ""}${toCallback ? "answered" : "result"}${e.kind === "response" ? resultText(e) : ""}${latency()}`,
        colour: toCallback ? PALETTE.callback : PALETTE.response,
        dashed: true,
        small: isBeatAnswer,
        cls: toCallback ? "seq-callback-answer" : "seq-response",
        beat: isBeatAnswer ? "answer" : undefined,
      };
    }
    case "fault":
      return {
        ...base,
        rid: base.rid ?? (original ? requestIdOf(original) : undefined),
        type: "arrow",
        from: senderOf(e, index) ?? "ctips",
        label: `${op ? `${op} ` : ""}fault ${e.faultCode ?? e.code ?? ""}${latency()}`,
        colour: PALETTE.fault,
        dashed: true,
        cls: "seq-fault",
        tip: e.message,
      };
    case "event": {
      const type = eventTypeOf(e) ?? e.name ?? e.eventType ?? "event";
      const member = DISTINGUISHING[type];
      const value = member ? fieldOf(e, member) : undefined;
      return {
        ...base,
        type: "arrow",
        from: "ctips",
        label: `${type}${value !== undefined && value !== null && typeof value !== "object" ? ` ${String(value)}` : ""}${ids(e)}`,
        colour: PALETTE.event,
        cls: "seq-event",
      };
    }
    case "heartbeat": {
      const answer = index.answerOf.get(e.seq);
      const ok = isSuccessfulAnswer(answer);
      return {
        ...base,
        type: "arrow",
        from: "ctips",
        label: op || "Heartbeat",
        colour: PALETTE.heartbeat,
        small: true,
        cls: ok ? "seq-heartbeat" : "seq-heartbeat seq-heartbeat-missed",
        beat: ok ? "heartbeat" : undefined,
        mark: ok
          ? undefined
          : {
              text: `✗ not answered: ${answerProblem(answer)}`,
              colour: PALETTE.fault,
              cls: "hb-not-answered",
            },
      };
    }
    case "startSession":
      return {
        ...base,
        type: "arrow",
        from: "ctips",
        label: op || "StartSession",
        colour: PALETTE.callback,
        cls: "seq-start-session",
      };
    case "transportError": {
      const from = senderOf(e, index);
      const what = `${op ? `${op}: ` : ""}transport error ${e.code ?? ""}${e.httpStatus !== undefined ? ` (HTTP ${e.httpStatus})` : ""}`;
      return {
        ...base,
        rid: base.rid ?? (original ? requestIdOf(original) : undefined),
        type: from ? "lost" : "note",
        from,
        label: what,
        colour: PALETTE.fault,
        cls: "seq-transport-error",
        tip: e.message,
      };
    }
    default: {
      const disposed = e.code === "session-disposed";
      const label = [e.code, e.message].filter((x) => x !== undefined && x !== "").join(": ") || "note";
      return {
        ...base,
        type: "note",
        label,
        colour: disposed ? PALETTE.fault : PALETTE.noteStroke,
        cls: disposed ? "seq-note seq-disposed" : "seq-note",
      };
    }
  }
}

/** Folds runs of answered heartbeats (and their answers, when shown) of one session. */
function foldHeartbeats(rows: Row[]): Row[] {
  const out: Row[] = [];
  let i = 0;
  while (i < rows.length) {
    const r = rows[i];
    if (r.beat !== "heartbeat") {
      out.push(r);
      i++;
      continue;
    }
    let j = i;
    let beats = 0;
    while (j < rows.length && rows[j].beat !== undefined && rows[j].session === r.session && !rows[j].mark) {
      if (rows[j].beat === "heartbeat") beats++;
      j++;
    }
    if (beats < 2) {
      out.push(...rows.slice(i, j));
      i = j;
      continue;
    }
    const last = rows[j - 1];
    out.push({
      ...r,
      lastSeq: last.lastSeq,
      lastAt: last.at,
      label: `×${beats} heartbeats, answered`,
      cls: "seq-heartbeat seq-heartbeat-run",
      rid: undefined,
    });
    i = j;
  }
  return out;
}

interface Resolved {
  title: string;
  maxRows: number;
  collapseHeartbeats: boolean;
  callbackAnswers: "fold" | "show";
  width: number;
}

function resolve(o: SequenceDiagramOptions): Resolved {
  const maxRows = Number.isFinite(o.maxRows)
    ? Math.max(1, Math.floor(o.maxRows!))
    : SEQUENCE_DEFAULTS.maxRows;
  const width = Number.isFinite(o.width) ? Math.max(720, Math.floor(o.width!)) : SEQUENCE_DEFAULTS.width;
  return {
    title: typeof o.title === "string" && o.title !== "" ? o.title : SEQUENCE_DEFAULTS.title,
    maxRows,
    collapseHeartbeats: o.collapseHeartbeats ?? SEQUENCE_DEFAULTS.collapseHeartbeats,
    callbackAnswers: o.callbackAnswers === "show" ? "show" : "fold",
    width,
  };
}

/** The flow's headline, as `renderMatch` words it, with the steps counted by status. */
function flowHeadline(m: ReadMatch): { text: string; colour: string } {
  const head = m.ok
    ? `flow "${m.flow}": matched`
    : m.exhausted
      ? `flow "${m.flow}": undecided (the search budget ran out)`
      : m.violation
        ? `flow "${m.flow}": rule ${m.violation.rule} broken`
        : `flow "${m.flow}": step ${m.missing?.step ?? "?"} not found`;
  const steps = m.steps;
  const count = (s: StepReport["status"]) => steps.filter((x) => x.status === s).length;
  const parts = [
    `${count("matched")} matched`,
    ...(count("skipped") ? [`${count("skipped")} optional absent`] : []),
    ...(count("missing") ? [`${count("missing")} missing`] : []),
    ...(count("not reached") ? [`${count("not reached")} not reached`] : []),
    ...(m.unexpectedCount > 0 ? [`${m.unexpectedCount} related ${m.ok ? "unexpected" : "unmatched"}`] : []),
  ];
  return {
    text: `${head} · ${parts.join(", ")}`,
    colour: m.ok ? PALETTE.ok : m.exhausted ? PALETTE.warn : PALETTE.fault,
  };
}

/** How a near miss's reason reads on the entry it names. */
function nearMissMark(step: string, why: string): Mark | undefined {
  if (why.startsWith("already matched")) return undefined;
  if (why.startsWith("comes before"))
    return {
      text: `↕ out of order: step ${step} ${why}`,
      colour: PALETTE.fault,
      fill: PALETTE.faultFill,
      cls: "flow-out-of-order",
    };
  if (why.startsWith("arrives"))
    return {
      text: `⧗ too late for step ${step}: ${why}`,
      colour: PALETTE.fault,
      fill: PALETTE.faultFill,
      cls: "flow-too-late",
    };
  return {
    text: `≈ near miss for step ${step}: ${why}`,
    colour: PALETTE.warn,
    fill: PALETTE.warnFill,
    cls: "flow-near-miss",
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const seqOf = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;
const str = (v: unknown): string =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);

/** The parts of a match the overlay reads, each checked: a match built by hand may lack any. */
function readMatch(m: FlowMatch) {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isRecord) : []);
  const steps = list(m.steps).map((x) => ({
    id: str(x.id),
    expected: str(x.expected),
    status: str(x.status) as StepReport["status"],
    seq: seqOf(x.seq),
    actual: x.actual === undefined ? undefined : str(x.actual),
  }));
  const missing = isRecord(m.missing)
    ? {
        step: str(m.missing.step),
        afterSeq: seqOf(m.missing.afterSeq),
        nearMisses: list(m.missing.nearMisses).flatMap((x) =>
          seqOf(x.seq) === undefined ? [] : [{ seq: seqOf(x.seq)!, entry: str(x.entry), why: str(x.why) }],
        ),
      }
    : undefined;
  const unexpected = list(m.unexpected).flatMap((x) =>
    seqOf(x.seq) === undefined ? [] : [{ seq: seqOf(x.seq)!, entry: str(x.entry) }],
  );
  const violation =
    isRecord(m.violation) && seqOf(m.violation.seq) !== undefined
      ? {
          rule: str(m.violation.rule),
          expected: str(m.violation.expected),
          seq: seqOf(m.violation.seq)!,
          actual: str(m.violation.actual),
        }
      : undefined;
  const unexpectedCount =
    typeof m.unexpectedCount === "number" && Number.isFinite(m.unexpectedCount) ? m.unexpectedCount : 0;
  return {
    flow: str(m.flow),
    ok: m.ok === true,
    exhausted: m.exhausted === true,
    steps,
    missing,
    unexpected,
    unexpectedCount,
    violation,
  };
}

type ReadMatch = ReturnType<typeof readMatch>;

/** The overlay's marks by seq, and the placeholder rows with the seq they come after. */
function overlay(m: ReadMatch): {
  marks: Map<number, Mark>;
  placeholders: { afterSeq?: number; row: Row }[];
} {
  const marks = new Map<number, Mark>();
  const placeholders: { afterSeq?: number; row: Row }[] = [];
  const steps = m.steps;
  const stoppedAt = m.missing?.afterSeq;
  for (const u of m.unexpected) {
    const afterStop = !m.ok && m.missing !== undefined && (stoppedAt === undefined || u.seq > stoppedAt);
    marks.set(
      u.seq,
      afterStop
        ? {
            text: `· unmatched (the flow stopped at step ${m.missing!.step})`,
            colour: PALETTE.muted,
            cls: "flow-unmatched",
            tip: u.entry,
          }
        : {
            text: "! unexpected: related, matched by no step",
            colour: PALETTE.unexpected,
            fill: PALETTE.warnFill,
            cls: "flow-unexpected",
            tip: u.entry,
          },
    );
  }
  let outOfOrder: number | undefined;
  for (const nm of m.missing?.nearMisses ?? []) {
    const mark = nearMissMark(m.missing!.step, nm.why);
    if (!mark) continue;
    if (mark.cls === "flow-out-of-order" && outOfOrder === undefined) outOfOrder = nm.seq;
    marks.set(nm.seq, { ...mark, tip: `${nm.entry}: ${nm.why}` });
  }
  for (const s of steps) {
    if (s.status === "matched" && s.seq !== undefined) {
      marks.set(s.seq, {
        text: `✓ ${s.id}: ${s.expected}`,
        colour: PALETTE.ok,
        fill: PALETTE.okFill,
        cls: "flow-matched",
        tip: s.actual,
      });
    }
  }
  if (m.violation) {
    marks.set(m.violation.seq, {
      text: `✗ breaks rule ${m.violation.rule}: ${m.violation.expected}`,
      colour: PALETTE.fault,
      fill: PALETTE.faultFill,
      cls: "flow-violation",
      tip: m.violation.actual,
    });
  }
  const missing = steps.find((s) => s.status === "missing");
  if (missing) {
    const label =
      outOfOrder !== undefined
        ? `✗ out of order: ${missing.expected} (step ${missing.id}) expected here, came before at #${outOfOrder}`
        : `✗ missing ${missing.expected} (step ${missing.id})`;
    placeholders.push({
      afterSeq: stoppedAt,
      row: {
        type: "placeholder",
        label,
        colour: PALETTE.fault,
        cls: outOfOrder !== undefined ? "flow-missing flow-missing-out-of-order" : "flow-missing",
        tip: `expected ${missing.expected}${stoppedAt !== undefined ? ` after seq ${stoppedAt}` : ""}; not found`,
      },
    });
  }
  const notReached = steps.filter((s) => s.status === "not reached");
  if (notReached.length > 0 && (missing || m.exhausted)) {
    // Undecided: the search got as far as the last step it matched.
    const lastMatched = steps.reduce<number | undefined>(
      (max, s) => (s.seq !== undefined && (max === undefined || s.seq > max) ? s.seq : max),
      undefined,
    );
    placeholders.push({
      afterSeq: missing ? stoppedAt : lastMatched,
      row: {
        type: "placeholder",
        label: `not reached: ${notReached.map((s) => s.id).join(", ")}`,
        colour: PALETTE.faint,
        cls: "flow-not-reached",
        tip: notReached.map((s) => `${s.id}: ${s.expected}`).join("; "),
      },
    });
  }
  return { marks, placeholders };
}

/** Places placeholders after the last row that stands for an entry at or before their seq. */
function insertPlaceholders(rows: Row[], placeholders: { afterSeq?: number; row: Row }[]): Row[] {
  if (placeholders.length === 0) return rows;
  const out = [...rows];
  // Later placeholders of the same position stay after earlier ones.
  for (let k = placeholders.length - 1; k >= 0; k--) {
    const { afterSeq, row } = placeholders[k];
    let at = 0;
    if (afterSeq !== undefined) {
      for (let i = 0; i < out.length; i++) {
        const r = out[i];
        if (r.type !== "placeholder" && r.seq !== undefined && r.seq <= afterSeq) at = i + 1;
      }
    }
    out.splice(at, 0, row);
  }
  return out;
}

/** Rows where the session changes get a label row before them (only when there are several). */
function labelSessions(rows: Row[], sessionOrder: Map<string, number>): Row[] {
  if (sessionOrder.size < 2) return rows;
  const out: Row[] = [];
  let current: string | undefined;
  for (const r of rows) {
    if (r.session !== undefined && r.session !== current && r.type !== "placeholder") {
      current = r.session;
      out.push({
        type: "session",
        session: r.session,
        label: `session ${r.session}`,
        colour: sessionColour(sessionOrder.get(r.session) ?? 0),
        cls: "seq-session",
      });
    }
    out.push(r);
  }
  return out;
}

function arrowHead(x: number, y: number, dir: 1 | -1, size: number, colour: string): string {
  const b = x - dir * size;
  return el("polygon", {
    points: `${x.toFixed(1)},${y.toFixed(1)} ${b.toFixed(1)},${(y - size / 2).toFixed(1)} ${b.toFixed(1)},${(y + size / 2).toFixed(1)}`,
    fill: colour,
  });
}

interface Layout {
  width: number;
  clientX: number;
  ctipsX: number;
  markX: number;
}

function drawRow(r: Row, y: number, h: number, L: Layout, sessionOrder: Map<string, number>): string {
  const parts: string[] = [];
  const multi = sessionOrder.size > 1;
  if (r.mark?.fill) {
    parts.push(
      el("rect", { x: 4, y, width: L.width - 8, height: h, fill: r.mark.fill, "fill-opacity": 0.6 }),
    );
  }
  if (multi && r.session !== undefined && r.type !== "session") {
    parts.push(
      el("rect", { x: 0, y, width: 4, height: h, fill: sessionColour(sessionOrder.get(r.session) ?? 0) }),
    );
  }
  const baseline = y + (r.small ? 12 : 15);
  if (r.seq !== undefined) {
    const seqText = r.lastSeq !== undefined && r.lastSeq !== r.seq ? `#${r.seq}–${r.lastSeq}` : `#${r.seq}`;
    parts.push(text(10, baseline, seqText, { size: 10, mono: true, fill: PALETTE.muted, maxWidth: 62 }));
  }
  if (r.at !== undefined) {
    const at = r.lastAt !== undefined && r.lastAt !== r.at ? `+${ms(r.at)}…` : `+${ms(r.at)}`;
    parts.push(
      text(146, baseline, at, { size: 10, mono: true, fill: PALETTE.muted, anchor: "end", maxWidth: 72 }),
    );
  }
  if (r.rid !== undefined) {
    parts.push(
      text(156, baseline, String(r.rid), {
        size: 10,
        mono: true,
        fill: PALETTE.text,
        maxWidth: L.clientX - 164,
      }),
    );
  }
  const mid = (L.clientX + L.ctipsX) / 2;
  const span = L.ctipsX - L.clientX;
  switch (r.type) {
    case "arrow":
    case "lost": {
      const size = r.small ? 9.5 : 11;
      const lineY = y + h - (r.small ? 4 : 6);
      const from = r.from === "client" ? L.clientX : L.ctipsX;
      const dir: 1 | -1 = r.from === "client" ? 1 : -1;
      const to = r.type === "lost" ? mid + dir * span * 0.15 : r.from === "client" ? L.ctipsX : L.clientX;
      const tip = r.type === "lost" ? to : to - dir * 1;
      parts.push(
        el("line", {
          x1: from,
          y1: lineY,
          x2: r.type === "lost" ? to : tip - dir * (r.small ? 5 : 7),
          y2: lineY,
          stroke: r.colour,
          "stroke-width": r.small ? 1 : 1.4,
          "stroke-dasharray": r.dashed ? "5 3" : undefined,
        }),
      );
      if (r.type === "lost") {
        const s = 4.5;
        parts.push(
          el("path", {
            d: `M${(to - s).toFixed(1)},${(lineY - s).toFixed(1)}L${(to + s).toFixed(1)},${(lineY + s).toFixed(1)}M${(to - s).toFixed(1)},${(lineY + s).toFixed(1)}L${(to + s).toFixed(1)},${(lineY - s).toFixed(1)}`,
            stroke: r.colour,
            "stroke-width": 1.8,
          }),
        );
      } else parts.push(arrowHead(tip, lineY, dir, r.small ? 6 : 8, r.colour));
      parts.push(
        text(mid, lineY - (r.small ? 3 : 5), r.label, {
          size,
          fill: r.small ? PALETTE.muted : r.colour === PALETTE.response ? PALETTE.text : r.colour,
          anchor: "middle",
          maxWidth: span - 16,
        }),
      );
      break;
    }
    case "note": {
      const x = L.clientX - 20;
      const w = span + 40;
      const disposed = r.cls.includes("seq-disposed") || r.colour === PALETTE.fault;
      parts.push(
        el("rect", {
          x,
          y: y + 3,
          width: w,
          height: h - 6,
          rx: 3,
          fill: disposed ? PALETTE.faultFill : PALETTE.noteFill,
          stroke: r.colour,
          "stroke-width": 1,
        }),
      );
      parts.push(
        text(mid, y + h / 2 + 4, r.label, {
          size: 10.5,
          fill: disposed ? PALETTE.fault : PALETTE.text,
          anchor: "middle",
          maxWidth: w - 12,
        }),
      );
      break;
    }
    case "session": {
      parts.push(
        el("line", {
          x1: 4,
          y1: y + h - 3,
          x2: L.width - 4,
          y2: y + h - 3,
          stroke: r.colour,
          "stroke-width": 1,
          "stroke-opacity": 0.5,
        }),
      );
      parts.push(el("rect", { x: 4, y: y + 3, width: 10, height: 10, rx: 2, fill: r.colour }));
      parts.push(
        text(20, y + 12, r.label, { size: 10.5, weight: "bold", fill: r.colour, maxWidth: L.width - 28 }),
      );
      break;
    }
    case "placeholder": {
      const x = 6;
      parts.push(
        el("rect", {
          x,
          y: y + 3,
          width: L.width - 12,
          height: h - 6,
          rx: 3,
          fill: r.colour === PALETTE.fault ? PALETTE.faultFill : "none",
          "fill-opacity": 0.5,
          stroke: r.colour,
          "stroke-width": 1.2,
          "stroke-dasharray": "6 4",
        }),
      );
      parts.push(
        text(16, y + h / 2 + 4, r.label, {
          size: 11,
          fill: r.colour === PALETTE.fault ? PALETTE.fault : PALETTE.muted,
          weight: r.colour === PALETTE.fault ? "bold" : "normal",
          maxWidth: L.width - 32,
        }),
      );
      break;
    }
    case "more":
      parts.push(
        text(L.width / 2, y + 15, r.label, {
          size: 11,
          fill: PALETTE.muted,
          anchor: "middle",
          italic: true,
          maxWidth: L.width - 24,
        }),
      );
      break;
  }
  if (r.mark) {
    parts.push(
      text(L.markX, baseline, r.mark.text, {
        size: 10.5,
        fill: r.mark.colour,
        maxWidth: L.width - L.markX - 8,
      }),
    );
  }
  const tip = [r.tip, r.mark?.tip].filter((x) => x !== undefined && x !== "").join(" — ");
  return el(
    "g",
    { class: [r.cls, r.mark?.cls].filter(Boolean).join(" "), "data-seq": r.seq },
    `${tip ? el("title", {}, esc(tip)) : ""}${parts.join("")}`,
  );
}

/**
 * The sequence diagram of `entries` as a self-contained SVG document. Never throws on odd
 * entries; an empty input gives a small "nothing recorded" picture.
 */
export function sequenceDiagram(
  entries: readonly TimelineEntry[],
  options: SequenceDiagramOptions = {},
): string {
  const o = resolve(options ?? {});
  const { entries: clean, dropped } = cleanEntries(entries);
  if (clean.length === 0) return nothingRecorded(o.title);
  const index = indexTimeline(clean);
  const t0 = msOf(clean[0]);
  const scope =
    options.session === undefined ? clean : clean.filter((e) => index.sessionOf(e) === options.session);
  if (scope.length === 0) return nothingRecorded(o.title, `nothing recorded in session ${options.session}`);

  const sessionOrder = new Map<string, number>();
  const recorders = new Set<string>();
  for (const e of scope) {
    const s = index.sessionOf(e);
    if (s !== undefined && !sessionOrder.has(s)) sessionOrder.set(s, sessionOrder.size);
    if (e.recorder) recorders.add(e.recorder);
  }

  let rows: Row[] = [];
  for (const e of scope) {
    const r = rowOf(e, index, t0, o);
    if (r) rows.push(r);
  }
  const match = options.flow && typeof options.flow === "object" ? readMatch(options.flow) : undefined;
  const flow = match ? overlay(match) : undefined;
  if (flow)
    for (const r of rows) if (r.seq !== undefined && flow.marks.has(r.seq)) r.mark = flow.marks.get(r.seq);
  if (o.collapseHeartbeats) rows = foldHeartbeats(rows);
  if (flow) rows = insertPlaceholders(rows, flow.placeholders);
  rows = labelSessions(rows, sessionOrder);
  if (rows.length > o.maxRows) {
    const hidden = rows.slice(o.maxRows - 1);
    const kept = rows.slice(0, o.maxRows - 1);
    const lastShown = kept.reduce(
      (m, r) => Math.max(m, r.lastSeq ?? r.seq ?? Number.NEGATIVE_INFINITY),
      Number.NEGATIVE_INFINITY,
    );
    const hiddenEntries = scope.filter((e) => e.seq > lastShown).length;
    const hiddenMarks = hidden.filter((r) => r.mark || r.type === "placeholder").length;
    rows = kept;
    rows.push({
      type: "more",
      label: `… ${plural(hidden.length, "more row")} not drawn (${plural(hiddenEntries, "entry", "entries")}${hiddenMarks ? `, ${plural(hiddenMarks, "flow mark")}` : ""}; maxRows ${o.maxRows})`,
      colour: PALETTE.muted,
      cls: "seq-more",
    });
  }

  const width = o.width;
  const clientX = 280;
  // With a flow the right-hand column holds the expected steps; without, only short marks.
  const ctipsX = Math.round(
    clientX + Math.max(300, match ? (width - clientX) * 0.42 : width - clientX - 250),
  );
  const L: Layout = { width, clientX, ctipsX, markX: ctipsX + 52 };

  // Heading
  const head: string[] = [];
  let y = 22;
  head.push(text(10, y, o.title, { size: 14, weight: "bold", maxWidth: width - 20 }));
  y += 18;
  const last = scope[scope.length - 1];
  const summary = [
    plural(scope.length, "entry", "entries"),
    plural(sessionOrder.size, "session"),
    `${ms(msOf(last) - msOf(scope[0]))} ms`,
    ...(recorders.size ? [`recorded by ${[...recorders].sort().join(", ")}`] : []),
    ...(options.session !== undefined ? [`session ${options.session} only`] : []),
    ...(dropped ? [`${plural(dropped, "unreadable item")} left out`] : []),
  ].join(" · ");
  head.push(
    text(10, y, summary, { size: 11, fill: PALETTE.muted, maxWidth: width - 20, cls: "seq-summary" }),
  );
  if (match) {
    y += 17;
    const h = flowHeadline(match);
    head.push(
      text(10, y, h.text, {
        size: 11.5,
        weight: "bold",
        fill: h.colour,
        maxWidth: width - 20,
        cls: "flow-headline",
      }),
    );
    // The match lists the first related entries only; say how many more there were.
    const unlisted = match.unexpectedCount - match.unexpected.length;
    if (unlisted > 0) {
      y += 15;
      head.push(
        text(
          10,
          y,
          `${plural(unlisted, "more related entry", "more related entries")} unmatched, not marked`,
          {
            size: 10.5,
            fill: PALETTE.unexpected,
            maxWidth: width - 20,
          },
        ),
      );
    }
  }
  y += 14;
  // Lifeline heads and column titles
  const boxW = 92;
  const boxH = 24;
  const lifeTop = y + boxH;
  for (const [x, name] of [
    [clientX, "client"],
    [ctipsX, "CTIPS"],
  ] as const) {
    head.push(
      el("rect", {
        x: x - boxW / 2,
        y,
        width: boxW,
        height: boxH,
        rx: 4,
        fill: PALETTE.band,
        stroke: PALETTE.lifeline,
      }),
    );
    head.push(text(x, y + 16, name, { size: 12, weight: "bold", anchor: "middle" }));
  }
  head.push(text(10, y + 16, "seq", { size: 10, fill: PALETTE.muted, weight: "bold" }));
  head.push(text(146, y + 16, "ms", { size: 10, fill: PALETTE.muted, weight: "bold", anchor: "end" }));
  head.push(text(156, y + 16, "RequestId", { size: 10, fill: PALETTE.muted, weight: "bold" }));
  if (match)
    head.push(text(L.markX, y + 16, "expected flow", { size: 10, fill: PALETTE.muted, weight: "bold" }));
  y = lifeTop + 6;

  const body: string[] = [];
  for (const r of rows) {
    const h = r.small && (r.type === "arrow" || r.type === "lost") ? SMALL_HEIGHT : HEIGHT[r.type];
    body.push(drawRow(r, y, h, L, sessionOrder));
    y += h;
  }
  const bottom = y + 6;
  const lifelines = [clientX, ctipsX]
    .map((x) =>
      el("line", {
        x1: x,
        y1: lifeTop,
        x2: x,
        y2: bottom,
        stroke: PALETTE.lifeline,
        "stroke-width": 1,
        "stroke-dasharray": "3 3",
      }),
    )
    .join("");
  const accessible = `${o.title}: ${truncate(summary, 400, 11)}`;
  return svgDocument(width, bottom + 10, accessible, `${head.join("\n")}\n${lifelines}\n${body.join("\n")}`);
}
