/**
 * What the report pictures share: escaping of every text (entries carry what peers sent,
 * so a `<script>` in an operation name must arrive as text), a text width estimate for
 * truncating labels without a font to measure with, the palette, number formats that do
 * not depend on the locale, axis ticks, and the hygiene that turns whatever a JSONL file
 * held into entries the checks' helpers can read without throwing.
 *
 * The pictures are self-contained SVG: no external fonts, CSS or scripts, presentation
 * attributes only (no `<style>`, no ids), so they render alike in Chromium, inside an
 * `<img>`, and in Allure's attachment viewer (`image/svg+xml`). Every function here is
 * pure and deterministic: same input, same bytes.
 */
import { isObject } from "../checks/fields.ts";
import type { EntryKind, TimelineEntry } from "../timeline/entry.ts";

/** Font stacks present on every platform; nothing is fetched. */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
export const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/**
 * The colours, by meaning. Red is reserved for what failed (faults, missing steps, missed
 * heartbeats, orphans), orange for what is suspect (late, unexpected, out of band), green
 * for what an expectation matched.
 */
export const PALETTE = {
  text: "#1f2933",
  muted: "#6b7280",
  faint: "#9ca3af",
  grid: "#e5e7eb",
  band: "#f3f4f6",
  background: "#ffffff",
  lifeline: "#9ca3af",
  request: "#1d4ed8",
  response: "#374151",
  event: "#6d28d9",
  callback: "#0f766e",
  heartbeat: "#9ca3af",
  fault: "#dc2626",
  faultFill: "#fee2e2",
  warn: "#d97706",
  warnFill: "#fef3c7",
  unexpected: "#ea580c",
  ok: "#15803d",
  okFill: "#dcfce7",
  noteFill: "#fefce8",
  noteStroke: "#ca8a04",
  /** One per session, in order of first appearance, then again from the start. */
  sessions: ["#2563eb", "#db2777", "#0d9488", "#9333ea", "#b45309", "#4b5563"],
} as const;

/** The session colour for the `i`-th session (0-based) of a picture. */
export function sessionColour(i: number): string {
  return PALETTE.sessions[
    ((i % PALETTE.sessions.length) + PALETTE.sessions.length) % PALETTE.sessions.length
  ];
}

/**
 * Any value as XML character data or attribute text: `& < > " '` escaped, and what XML 1.0
 * cannot carry at all (control characters but TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF)
 * replaced by U+FFFD, so a picture of a hostile recording is still a well-formed document.
 */
export function esc(value: unknown): string {
  const s = typeof value === "string" ? value : String(value ?? "");
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 0x26) rep = "&amp;";
    else if (c === 0x3c) rep = "&lt;";
    else if (c === 0x3e) rep = "&gt;";
    else if (c === 0x22) rep = "&quot;";
    else if (c === 0x27) rep = "&#39;";
    else if (c === 0x09 || c === 0x0a || c === 0x0d) rep = " ";
    else if (c < 0x20 || c === 0xfffe || c === 0xffff) rep = "\ufffd";
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = "\ufffd";
    } else if (c >= 0xdc00 && c <= 0xdfff) rep = "\ufffd";
    if (rep === undefined) continue;
    out += s.slice(from, i) + rep;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * Roughly how wide `text` is at `size` px in a sans-serif system font: an estimate per
 * character class (narrow, digit, upper case, wide, East Asian and emoji), sized for the widest common
 * system font (DejaVu Sans). Labels are cut to it, so an estimate on the wide side is the safe one.
 */
export function textWidth(text: string, size: number, mono = false): number {
  if (mono) return [...text].length * size * 0.62;
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x1100) em += 1;
    else if ("iljI.,:;'|!()[] ".includes(ch)) em += 0.32;
    else if ("mwMW@%".includes(ch)) em += 0.95;
    else if (c >= 0x30 && c <= 0x39) em += 0.64;
    else if (c >= 0x41 && c <= 0x5a) em += 0.72;
    else em += 0.6;
  }
  return em * size;
}

/** `text`, cut with an ellipsis to fit `maxWidth` px at `size` px. */
export function truncate(text: string, maxWidth: number, size: number, mono = false): string {
  if (textWidth(text, size, mono) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(`${chars.slice(0, mid).join("")}…`, size, mono) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join("")}…`;
}

/** A coordinate or length: at most one decimal, no `-0`, no exponent. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return "0";
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? "0" : String(r);
}

/** `12345.6` → `12 345.6`: thousands grouped with a thin space, locale-free. */
export function grouped(n: number, decimals = 0): string {
  if (!Number.isFinite(n)) return "—";
  const [int, frac] = Math.abs(n).toFixed(decimals).split(".");
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009");
  return `${n < 0 && Number(n.toFixed(decimals)) !== 0 ? "−" : ""}${g}${frac ? `.${frac}` : ""}`;
}

/** Milliseconds for a row or a cell: one decimal, grouped (`1 234.5`). */
export function ms(n: number): string {
  return grouped(n, 1);
}

type Attrs = Readonly<Record<string, string | number | undefined | null | false>>;

/** Attributes as text; numbers through `num`, strings escaped, absent ones left out. */
export function attrs(a: Attrs): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || v === false) continue;
    out += ` ${k}="${typeof v === "number" ? num(v) : esc(v)}"`;
  }
  return out;
}

/** An element; `children` is markup already escaped (use `text()` for a text node). */
export function el(tag: string, a: Attrs = {}, children?: string): string {
  return children === undefined ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${children}</${tag}>`;
}

/** A `<text>` element with escaped content, cut to `maxWidth` when given; the full text as a tooltip when cut. */
export function text(
  x: number,
  y: number,
  content: string,
  o: {
    size?: number;
    fill?: string;
    anchor?: "start" | "middle" | "end";
    weight?: "bold" | "normal";
    mono?: boolean;
    maxWidth?: number;
    cls?: string;
    italic?: boolean;
  } = {},
): string {
  const size = o.size ?? 11;
  const shown = o.maxWidth !== undefined ? truncate(content, o.maxWidth, size, o.mono) : content;
  const tip = shown !== content ? el("title", {}, esc(content)) : "";
  return el(
    "text",
    {
      x,
      y,
      "font-size": size,
      fill: o.fill ?? PALETTE.text,
      "text-anchor": o.anchor === "start" ? undefined : o.anchor,
      "font-weight": o.weight === "bold" ? "bold" : undefined,
      "font-style": o.italic ? "italic" : undefined,
      "font-family": o.mono ? MONO : undefined,
      class: o.cls,
    },
    `${tip}${esc(shown)}`,
  );
}

/** The document around a picture's body; `title` becomes its accessible name. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return `${el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      width: w,
      height: h,
      viewBox: `0 0 ${w} ${h}`,
      role: "img",
      "font-family": FONT,
      "font-size": 11,
    },
    `\n${el("title", {}, esc(title))}\n${el("rect", { x: 0, y: 0, width: w, height: h, fill: PALETTE.background })}\n${body}`,
  )}\n`;
}

/** The small picture for an empty input: what was asked for, and that nothing was there. */
export function nothingRecorded(title: string, why = "nothing recorded"): string {
  const width = Math.max(320, Math.ceil(textWidth(title, 13) + 32));
  return svgDocument(
    width,
    64,
    `${title}: ${why}`,
    [
      text(16, 24, title, { size: 13, weight: "bold", maxWidth: width - 32 }),
      text(16, 46, why, { fill: PALETTE.muted, italic: true, cls: "nothing-recorded" }),
    ].join("\n"),
  );
}

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max <= min) max = min + 1;
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    out.push(Math.round(v / step) * step);
    if (out.length > 50) break;
  }
  return out;
}

/** The smallest nice number ≥ `n` (1, 2, 2.5, 5 × 10^k). */
export function niceCeil(n: number): number {
  if (!(n > 0) || !Number.isFinite(n)) return 1;
  const mag = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= n - 1e-9) ?? 10 * mag) as number;
}

/** An axis value: ms below 10 s, seconds from there (`250 ms`, `12.5 s`). */
export function axisLabel(v: number, scaleMax: number): string {
  if (scaleMax >= 10_000) {
    const s = v / 1000;
    return `${grouped(s, Number.isInteger(s) ? 0 : s * 10 === Math.round(s * 10) ? 1 : 2)} s`;
  }
  return `${grouped(v, Number.isInteger(v) ? 0 : 1)} ms`;
}

// ---------------------------------------------------------------------------------------
// Input hygiene
// ---------------------------------------------------------------------------------------

const KINDS: ReadonlySet<string> = new Set<EntryKind>([
  "request",
  "response",
  "fault",
  "event",
  "heartbeat",
  "callbackResponse",
  "startSession",
  "transportError",
  "note",
]);

const STRING_FIELDS = [
  "wall",
  "recorder",
  "peer",
  "session",
  "name",
  "eventType",
  "faultCode",
  "code",
  "message",
] as const;
const NUMBER_FIELDS = ["requestId", "callId", "agentId", "replyTo", "latencyNs", "httpStatus"] as const;

export interface CleanEntries {
  /** Entries with well-typed fields, in seq order. */
  entries: TimelineEntry[];
  /** Items left out: not an object, or without a usable seq. */
  dropped: number;
}

/**
 * Entries as the checks' helpers expect them, whatever a JSONL file held: items that are
 * not objects or have no finite seq are left out (and counted, for the picture to say so);
 * a field of the wrong type is dropped (a numeric session becomes its text); an unknown
 * kind is kept as a note naming it; a missing time takes the previous entry's. Sorted by
 * seq, first seen first on a tie. Pictures call this once, before anything else.
 */
export function cleanEntries(input: readonly unknown[] | null | undefined): CleanEntries {
  const entries: TimelineEntry[] = [];
  let dropped = 0;
  const list = Array.isArray(input) ? input : [];
  for (const raw of list) {
    if (typeof raw !== "object" || raw === null) {
      dropped++;
      continue;
    }
    const r = raw as Record<string, unknown>;
    if (typeof r.seq !== "number" || !Number.isFinite(r.seq)) {
      dropped++;
      continue;
    }
    const kindOk = typeof r.kind === "string" && KINDS.has(r.kind);
    const e: TimelineEntry = {
      seq: r.seq,
      monoNs: typeof r.monoNs === "number" && Number.isFinite(r.monoNs) ? r.monoNs : Number.NaN,
      wall: "",
      recorder: "",
      direction: r.direction === "in" ? "in" : "out",
      kind: kindOk ? (r.kind as EntryKind) : "note",
    };
    for (const f of STRING_FIELDS) {
      const v = r[f];
      if (typeof v === "string") e[f] = v;
      else if (f === "session" && typeof v === "number" && Number.isFinite(v)) e.session = String(v);
    }
    for (const f of NUMBER_FIELDS) {
      const v = r[f];
      if (typeof v === "number" && Number.isFinite(v)) e[f] = v;
    }
    if (r.payload !== undefined) e.payload = r.payload;
    if (!kindOk) {
      e.code ??= "unknown-kind";
      e.message = `an entry of kind ${typeof r.kind === "string" ? r.kind : String(r.kind)}`;
    }
    entries.push(e);
  }
  // Stable sort: equal seqs keep their order.
  const sorted = entries.every((e, i) => i === 0 || entries[i - 1].seq < e.seq)
    ? entries
    : entries
        .map((e, i) => ({ e, i }))
        .sort((a, b) => a.e.seq - b.e.seq || a.i - b.i)
        .map((x) => x.e);
  let last = 0;
  for (const e of sorted) {
    if (Number.isNaN(e.monoNs)) e.monoNs = last;
    else last = e.monoNs;
  }
  return { entries: sorted, dropped };
}

/** `S1` stays; a long SessionId shows its first 8 characters and an ellipsis. */
export function shortSession(id: string | undefined, keep = 8): string {
  if (id === undefined || id === "") return "—";
  return [...id].length > keep + 2 ? `${[...id].slice(0, keep).join("")}…` : id;
}

/** `1 entry`, `3 entries`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}

/** A response's result in a few characters: a scalar as is, a SessionObject by its SessionId. */
export function resultText(e: TimelineEntry): string {
  if (!isObject(e.payload)) return "";
  const key = Object.keys(e.payload).find((k) => k.endsWith("Result"));
  if (key === undefined) return "";
  const v = e.payload[key];
  if (v === null || v === undefined) return "";
  if (typeof v !== "object") return ` ${String(v)}`;
  if (isObject(v) && typeof v.SessionId === "string")
    return ` SessionId ${v.SessionId}${v.Response !== undefined ? ` ${String(v.Response)}` : ""}`;
  return "";
}
