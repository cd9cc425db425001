/**
 * reports/summary.html: the run on one self-contained page, for the person who has to show
 * a customer what was certified. The verdict, per area and per check family (sequencing,
 * correlation, heartbeats, payload, session rules) the scenarios passed, failed, warned,
 * waived and skipped (with the reasons), each failure with its message, the readings that
 * did not hold, the slowest requests, and links into the Allure report and clauses.html.
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import { clauseAnchor, clauseOfTag, esc, PAGE_STYLE, statusPill } from "./html.ts";
import type { Picture } from "./pictures.ts";
import type { ScenarioRecord, ScenarioResult, Status } from "./results.ts";
import type { Counts } from "./run-report.ts";

const COLUMNS: Status[] = ["passed", "failed", "reading", "waived", "skipped", "harness"];

/** The check families a scenario exercises, from what its steps judged and its tags. */
export function familiesOf(rec: Pick<ScenarioRecord, "tags" | "steps" | "uri" | "name">): string[] {
  const out = new Set<string>();
  const text = rec.steps.map((s) => s.text).join("\n");
  for (const m of text.matchAll(/passes the (\w+) checks/g))
    out.add(
      {
        sequencing: "sequencing",
        flow: "sequencing",
        correlation: "correlation",
        heartbeat: "heartbeats",
        payload: "payload",
        session: "session rules",
        client: "client",
      }[m[1]] ?? m[1],
    );
  if (rec.tags.some((t) => t.startsWith("@flow:")) || /, in order:|receives, in order/.test(text))
    out.add("sequencing");
  if (/RequestId/.test(text) || rec.tags.includes("@rule:request-ids-unique")) out.add("correlation");
  if (/heartbeat/i.test(`${rec.name}\n${text}`)) out.add("heartbeats");
  if (
    rec.tags.some((t) => t.startsWith("@event:")) ||
    /with:$|has the fields/m.test(text) ||
    rec.tags.includes("@WIRE")
  )
    out.add("payload");
  if (rec.tags.includes("@session") || /features\/session\//.test(rec.uri)) out.add("session rules");
  return [...out].sort();
}

function countsRow(name: string, c: Partial<Counts> & { normative?: number; readings?: number }): string {
  return `<tr><th>${esc(name)}</th>${c.normative !== undefined ? `<td class="n">${c.normative}</td><td class="n">${c.readings}</td>` : ""}${COLUMNS.map((k) => `<td class="n">${c[k] ?? 0}</td>`).join("")}</tr>`;
}

export interface SlowRequest {
  operation: string;
  ms: number;
  scenario: string;
}

/** The slowest requests of the run (responses and faults with a latency), slowest first. */
export function slowestRequests(records: readonly ScenarioRecord[], n = 10): SlowRequest[] {
  const rows: SlowRequest[] = [];
  for (const r of records) {
    if (!r.timeline) continue;
    for (const line of r.timeline.split("\n")) {
      if (!line.includes('"latencyNs"')) continue;
      try {
        const e = JSON.parse(line) as TimelineEntry;
        if ((e.kind === "response" || e.kind === "fault") && e.latencyNs !== undefined)
          rows.push({ operation: e.name ?? "?", ms: Math.round(e.latencyNs / 1e4) / 100, scenario: r.name });
      } catch {
        // a torn line: nothing to show
      }
    }
  }
  return rows.sort((a, b) => b.ms - a.ms).slice(0, n);
}

/** Per check family, the verdicts of the scenarios that exercise it. */
export function byFamily(
  records: readonly ScenarioRecord[],
  scenarios: readonly ScenarioResult[],
): Record<string, Counts> {
  const out: Record<string, Counts> = {};
  scenarios.forEach((s, i) => {
    for (const f of familiesOf(records[i])) {
      out[f] ??= { passed: 0, failed: 0, reading: 0, waived: 0, skipped: 0, harness: 0 };
      out[f][s.status]++;
    }
  });
  return out;
}

export function summaryPage(o: {
  title: string;
  target: string;
  exitCode: number;
  durationMs?: number;
  totals: Counts & { total: number; normative: number; readings: number };
  byArea: Record<string, Counts & { normative: number; readings: number }>;
  records: readonly ScenarioRecord[];
  scenarios: readonly ScenarioResult[];
  /** Relative links from reports/ to the Allure report and the clauses page. */
  allureHref?: string;
  /** Each scenario's pictures, by index: those of failures are shown under them. */
  pictures?: readonly Picture[][];
}): string {
  const verdict =
    o.exitCode === 0
      ? "conformant: every normative scenario passed (or was waived)"
      : o.exitCode === 1
        ? "NOT conformant: normative failures"
        : "UNDECIDED: the kit could not judge everything (harness faults)";
  const head = `<tr><th>area</th><th>normative</th><th>readings</th>${COLUMNS.map((c) => `<th>${c === "reading" ? "warned" : c}</th>`).join("")}</tr>`;
  const areas = Object.keys(o.byArea)
    .sort()
    .map((a) => countsRow(a, o.byArea[a]))
    .join("");
  const families = byFamily(o.records, o.scenarios);
  const familyRows = Object.keys(families)
    .sort()
    .map((f) => countsRow(f, families[f]))
    .join("");
  const clauseLinks = (s: ScenarioResult) =>
    s.tags
      .map(clauseOfTag)
      .filter((c): c is string => c !== undefined)
      .map((c) => `<a href="clauses.html#${clauseAnchor(c)}">${esc(c)}</a>`)
      .join(" ");
  const problems = o.scenarios
    .map((s, i) => ({ s, pictures: o.pictures?.[i] ?? [] }))
    .filter(({ s }) => s.status === "failed" || s.status === "harness")
    .map(
      ({ s, pictures }) =>
        `<tr><td>${statusPill(s.status)}</td><td>${esc(s.name)}<div class="muted">${esc(s.uri)} ${clauseLinks(s)}</div></td><td><code>${esc(s.failedStep ?? "")}</code><pre style="white-space:pre-wrap;margin:4px 0">${esc((s.message ?? "").split("\n").slice(0, 8).join("\n"))}</pre>${pictures
          .map(
            (p) =>
              `<details><summary>${esc(p.name)}</summary><div class="picture">${p.svg.replace(/^<\?xml[^>]*>\s*/, "")}</div></details>`,
          )
          .join("")}</td></tr>`,
    )
    .join("");
  const readings = new Map<string, { n: number; example: string }>();
  for (const s of o.scenarios)
    for (const n of s.readingNotes) {
      const g = readings.get(n.reading) ?? { n: 0, example: `${s.name}: ${n.message.split("\n")[0]}` };
      g.n++;
      readings.set(n.reading, g);
    }
  const readingRows = [...readings]
    .map(
      ([id, g]) =>
        `<tr><td><code>${esc(id)}</code></td><td class="n">${g.n}</td><td>${esc(g.example)}</td></tr>`,
    )
    .join("");
  const skips = new Map<string, number>();
  for (const s of o.scenarios.filter((x) => x.status === "skipped" || x.status === "waived")) {
    const why = s.status === "waived" ? `waived: ${s.waiver ?? ""}` : (s.skipReason ?? "no reason given");
    skips.set(why, (skips.get(why) ?? 0) + 1);
  }
  const skipRows = [...skips]
    .map(([why, n]) => `<tr><td class="n">${n}</td><td>${esc(why)}</td></tr>`)
    .join("");
  const slow = slowestRequests(o.records)
    .map(
      (r) =>
        `<tr><td>${esc(r.operation)}</td><td class="n">${r.ms.toFixed(1)}</td><td>${esc(r.scenario)}</td></tr>`,
    )
    .join("");
  const t = o.totals;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(o.title)}</title><style>${PAGE_STYLE}</style></head><body>
<h1>${esc(o.title)}</h1>
<p><b>Target:</b> ${esc(o.target)}<br><b>Verdict:</b> <span class="st" style="color:${o.exitCode === 0 ? "#2e7d32" : o.exitCode === 1 ? "#c62828" : "#ef6c00"}">${esc(verdict)}</span> (exit ${o.exitCode})<br>
${t.total} scenarios (${t.normative} normative, ${t.readings} readings): ${t.passed} passed, ${t.failed} failed, ${t.reading} readings warned, ${t.waived} waived, ${t.skipped} skipped, ${t.harness} harness faults${o.durationMs !== undefined ? `, in ${(o.durationMs / 1000).toFixed(1)} s` : ""}.<br>
${o.allureHref ? `<a href="${esc(o.allureHref)}">The Allure report</a> (build it with <code>npx ctips-kit report</code>) · ` : ""}<a href="clauses.html">The guide's clauses and their scenarios</a></p>
<h2>By area</h2><table>${head}${areas}${countsRow("all", t)}</table>
<h2>By check family</h2><p class="muted">A scenario counts in every family it exercises (what its steps judged, and its tags).</p>
<table><tr><th>family</th>${COLUMNS.map((c) => `<th>${c === "reading" ? "warned" : c}</th>`).join("")}</tr>${familyRows}</table>
<h2>Failures and harness faults</h2>${problems ? `<table><tr><th>verdict</th><th>scenario</th><th>step and message</th></tr>${problems}</table>` : "<p>none</p>"}
<h2>Readings that did not hold</h2><p class="muted">The kit's choices where the guide is silent or contradicts itself (docs/readings.md): warnings, not failures.</p>${readingRows ? `<table><tr><th>reading</th><th>scenarios</th><th>example</th></tr>${readingRows}</table>` : "<p>none</p>"}
<h2>Skipped and waived</h2>${skipRows ? `<table><tr><th>scenarios</th><th>why</th></tr>${skipRows}</table>` : "<p>none</p>"}
<h2>Slowest requests</h2>${slow ? `<table><tr><th>request</th><th>ms</th><th>scenario</th></tr>${slow}</table>` : '<p class="muted">no request latencies recorded</p>'}
</body></html>
`;
}
