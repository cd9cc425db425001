/**
 * The memory chart of a load run (`ctips-kit load --chart`): RSS, the main thread's heap and
 * the check worker's heap over time, sampled from the end of the warm-up, against what the
 * run is judged by — the RSS after warm-up and the growth limit above it (a dashed line;
 * samples above it are red) — with the end of the load window marked (the drain follows).
 * A leak reads as a line that keeps climbing; a healthy run as lines that go flat.
 * @see docs/benchmarks.md "Load profile", docs/report-pictures.md
 */
import { el, esc, grouped, niceCeil, niceTicks, nothingRecorded, PALETTE, svgDocument, text } from "./svg.ts";

/** One sample: seconds since the run started, and megabytes. */
export interface MemoryChartSample {
  t: number;
  rssMb: number;
  heapMb: number;
  checkerHeapMb?: number;
}

export interface MemoryChartOptions {
  /** The RSS the growth is measured from (after the warm-up, after a full GC), MB. */
  baselineRssMb?: number;
  /** The growth allowed above the baseline, MB (the target: 50). */
  growthLimitMb?: number;
  /** When the load window ended (seconds since the run started): the drain follows. */
  loadEndS?: number;
  /** A line under the title, e.g. the profile. */
  subtitle?: string;
}

export const MEMORY_DEFAULTS = { growthLimitMb: 50 } as const;

const W = 760;
const H = 320;
const M = { left: 56, right: 150, top: 46, bottom: 40 };
const SERIES = [
  { key: "rssMb", label: "RSS", colour: PALETTE.request, cls: "series-rss" },
  { key: "heapMb", label: "heap (main thread)", colour: PALETTE.event, cls: "series-heap" },
  { key: "checkerHeapMb", label: "heap (check worker)", colour: PALETTE.callback, cls: "series-checker" },
] as const;

const finite = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n);

export function memoryChart(samples: readonly MemoryChartSample[], o: MemoryChartOptions = {}): string {
  const title = "Memory over the load run";
  const points = samples.filter((s) => finite(s.t) && finite(s.rssMb) && finite(s.heapMb));
  if (points.length < 2) return nothingRecorded(title, "fewer than two memory samples");
  const limit = o.growthLimitMb ?? MEMORY_DEFAULTS.growthLimitMb;
  const baseline = finite(o.baselineRssMb) ? o.baselineRssMb : undefined;
  const ceiling = baseline !== undefined ? baseline + limit : undefined;

  const t0 = points[0].t;
  const t1 = Math.max(points[points.length - 1].t, finite(o.loadEndS) ? o.loadEndS : t0);
  const maxMb = Math.max(
    ...points.map((p) => Math.max(p.rssMb, p.heapMb, p.checkerHeapMb ?? 0)),
    ceiling ?? 0,
  );
  const yMax = niceCeil(maxMb * 1.05);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (t: number) => M.left + ((t - t0) / Math.max(1e-9, t1 - t0)) * plotW;
  const y = (mb: number) => M.top + plotH - (mb / yMax) * plotH;
  const r1 = (n: number) => Math.round(n * 10) / 10;

  const parts: string[] = [];
  parts.push(text(M.left, 18, title, { size: 13, weight: "bold" }));
  if (o.subtitle)
    parts.push(text(M.left, 34, o.subtitle, { size: 10, fill: PALETTE.muted, maxWidth: W - M.left - 8 }));

  // Axes and grid.
  for (const v of niceTicks(0, yMax, 5)) {
    parts.push(
      el("line", { x1: M.left, x2: M.left + plotW, y1: r1(y(v)), y2: r1(y(v)), stroke: PALETTE.grid }),
    );
    parts.push(
      text(M.left - 6, r1(y(v)) + 4, `${grouped(v)} MB`, { anchor: "end", size: 10, fill: PALETTE.muted }),
    );
  }
  for (const v of niceTicks(t0, t1, 6)) {
    if (v < t0 || v > t1) continue;
    parts.push(
      el("line", {
        x1: r1(x(v)),
        x2: r1(x(v)),
        y1: M.top + plotH,
        y2: M.top + plotH + 4,
        stroke: PALETTE.muted,
      }),
    );
    parts.push(
      text(r1(x(v)), M.top + plotH + 16, `${grouped(v, Number.isInteger(v) ? 0 : 1)} s`, {
        anchor: "middle",
        size: 10,
        fill: PALETTE.muted,
      }),
    );
  }
  parts.push(
    el("line", {
      x1: M.left,
      x2: M.left + plotW,
      y1: M.top + plotH,
      y2: M.top + plotH,
      stroke: PALETTE.muted,
    }),
    text(M.left + plotW / 2, H - 6, "seconds since the run started (from the end of the warm-up)", {
      anchor: "middle",
      size: 10,
      fill: PALETTE.muted,
    }),
  );

  // The load window's end: the drain follows.
  if (finite(o.loadEndS) && o.loadEndS > t0 && o.loadEndS <= t1) {
    const lx = r1(x(o.loadEndS));
    parts.push(
      el("line", {
        x1: lx,
        x2: lx,
        y1: M.top,
        y2: M.top + plotH,
        stroke: PALETTE.faint,
        "stroke-dasharray": "2 3",
        class: "load-end",
      }),
      // Its label on the side with room: left of the line in the right half of the plot.
      lx > M.left + plotW / 2
        ? text(lx - 3, M.top + 10, "load ends", { size: 9, fill: PALETTE.muted, anchor: "end" })
        : text(lx + 3, M.top + 10, "load ends", { size: 9, fill: PALETTE.muted }),
    );
  }

  // What the run is judged by: the RSS after warm-up, and the limit above it.
  if (baseline !== undefined && ceiling !== undefined) {
    parts.push(
      el("line", {
        x1: M.left,
        x2: M.left + plotW,
        y1: r1(y(baseline)),
        y2: r1(y(baseline)),
        stroke: PALETTE.request,
        "stroke-opacity": 0.35,
        class: "rss-baseline",
      }),
      el("line", {
        x1: M.left,
        x2: M.left + plotW,
        y1: r1(y(ceiling)),
        y2: r1(y(ceiling)),
        stroke: PALETTE.warn,
        "stroke-dasharray": "6 4",
        class: "rss-limit",
      }),
      text(M.left + 4, r1(y(ceiling)) - 4, `limit: RSS after warm-up + ${grouped(limit)} MB`, {
        size: 10,
        fill: PALETTE.warn,
      }),
    );
  }

  // The series, each a line with its samples as dots (a tooltip each); RSS samples over the limit red.
  for (const s of SERIES) {
    const pts = points.filter((p) => finite(p[s.key])).map((p) => ({ t: p.t, mb: p[s.key] as number }));
    if (pts.length === 0) continue;
    const d = pts.map((p) => `${r1(x(p.t))},${r1(y(p.mb))}`).join(" ");
    const dots = pts.map((p) => {
      const over = s.key === "rssMb" && ceiling !== undefined && p.mb > ceiling;
      return el(
        "circle",
        {
          cx: r1(x(p.t)),
          cy: r1(y(p.mb)),
          r: over ? 3.5 : 2,
          fill: over ? PALETTE.fault : s.colour,
          class: over ? "over-limit" : undefined,
        },
        el("title", {}, esc(`${s.label} at ${grouped(p.t, 1)} s: ${grouped(p.mb, 1)} MB`)),
      );
    });
    parts.push(
      el(
        "g",
        { class: s.cls },
        `${el("polyline", { points: d, fill: "none", stroke: s.colour, "stroke-width": 1.5 })}${dots.join("")}`,
      ),
    );
  }

  // Legend, right of the plot.
  SERIES.forEach((s, i) => {
    const ly = M.top + 12 + i * 16;
    parts.push(
      el("line", {
        x1: M.left + plotW + 6,
        x2: M.left + plotW + 22,
        y1: ly - 4,
        y2: ly - 4,
        stroke: s.colour,
        "stroke-width": 2,
      }),
      text(M.left + plotW + 26, ly, s.label, { size: 10 }),
    );
  });
  if (baseline !== undefined) {
    const last = points[points.length - 1];
    parts.push(
      text(M.left + plotW + 6, M.top + 72, `after warm-up ${grouped(baseline, 1)} MB`, {
        size: 10,
        fill: PALETTE.muted,
      }),
      text(M.left + plotW + 6, M.top + 86, `last ${grouped(last.rssMb, 1)} MB`, {
        size: 10,
        fill: PALETTE.muted,
      }),
    );
  }
  return svgDocument(W, H, title, parts.join("\n"));
}
