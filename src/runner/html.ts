/**
 * The run's own HTML pages (reports/summary.html, reports/clauses.html): single
 * self-contained files, inline CSS, no scripts, every text escaped.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ScenarioResult, Status } from "./results.ts";

export const esc = (t: unknown): string =>
  String(t ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

/** The anchor of a clause on clauses.html: `EDK 3-2` → `edk-3-2`, `WIRE …` → `wire`. */
export function clauseAnchor(clause: string): string {
  if (/^WIRE/i.test(clause)) return "wire";
  return clause
    .replace(/^@/, "")
    .replace(/^EDK[- ]/i, "edk-")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-");
}

/** The clause a scenario tag names: `@EDK-3-2` → `EDK 3-2`, `@WIRE` → `WIRE`; else undefined. */
export function clauseOfTag(tag: string): string | undefined {
  const m = /^@EDK-([A-E0-9]+-\d+)$/i.exec(tag);
  if (m) return `EDK ${m[1].toUpperCase()}`;
  return tag === "@WIRE" ? "WIRE" : undefined;
}

export const STATUS_COLOUR: Record<Status, string> = {
  passed: "#2e7d32",
  failed: "#c62828",
  reading: "#8e24aa",
  waived: "#6d6d6d",
  skipped: "#9e9e9e",
  harness: "#ef6c00",
};

export const STATUS_WORD: Record<Status, string> = {
  passed: "passed",
  failed: "failed",
  reading: "warned (reading)",
  waived: "waived",
  skipped: "skipped",
  harness: "harness fault",
};

export const PAGE_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.st{font-weight:600}.muted{color:#777}code{font:12px ui-monospace,monospace}
.pill{display:inline-block;border-radius:9px;padding:0 7px;color:#fff;font-size:12px}
`;

export function statusPill(s: Status): string {
  return `<span class="pill" style="background:${STATUS_COLOUR[s]}">${esc(STATUS_WORD[s])}</span>`;
}

interface ClauseInfo {
  clause: string;
  title: string;
  chapter: string;
}

let clauses: ClauseInfo[] | undefined;

/** schemas/clauses.json: the guide's sections by chapter-page. */
export function guideClauses(root: string): ClauseInfo[] {
  clauses ??= JSON.parse(readFileSync(join(root, "schemas", "clauses.json"), "utf8")) as ClauseInfo[];
  return clauses;
}

/**
 * reports/clauses.html: every clause of the guide the run's scenarios cite (and the wire
 * contract), with the guide's section titles on that page and each scenario that cites it
 * with its verdict. The Allure report's clause links point here.
 */
export function clausesPage(o: {
  root: string;
  title: string;
  scenarios: readonly ScenarioResult[];
}): string {
  const cited = new Map<string, ScenarioResult[]>();
  for (const s of o.scenarios)
    for (const t of s.tags) {
      const c = clauseOfTag(t);
      if (c) cited.set(c, [...(cited.get(c) ?? []), s]);
    }
  const titles = new Map<string, string[]>();
  for (const c of guideClauses(o.root)) titles.set(c.clause, [...(titles.get(c.clause) ?? []), c.title]);
  const order = (c: string) => {
    const m = /^EDK ([A-E0-9]+)-(\d+)$/.exec(c);
    if (!m) return "zz";
    const ch = /^\d+$/.test(m[1]) ? m[1].padStart(2, "0") : `z${m[1]}`;
    return `${ch}-${m[2].padStart(3, "0")}`;
  };
  const all = [...new Set([...titles.keys(), ...cited.keys(), "WIRE"])].sort((a, b) =>
    order(a).localeCompare(order(b)),
  );
  const sections = all.map((c) => {
    const list = cited.get(c) ?? [];
    const heading =
      c === "WIRE"
        ? "The UIP 7.2 wire contract (namespaces, SOAPActions, member order, enum names: docs/spec-notes.md)"
        : (titles.get(c) ?? ["(not a page the kit's index of the guide lists)"]).join("; ");
    const rows = list
      .map(
        (s) =>
          `<tr><td>${statusPill(s.status)}</td><td>${esc(s.name)}</td><td class="muted">${esc(s.uri)}</td></tr>`,
      )
      .join("");
    return `<section id="${clauseAnchor(c)}"><h2>${esc(c)} <span class="muted">— ${esc(heading)}</span></h2>${
      list.length
        ? `<table><tr><th>verdict</th><th>scenario</th><th>feature</th></tr>${rows}</table>`
        : `<p class="muted">no scenario of this run cites it</p>`
    }</section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(o.title)} — clauses</title><style>${PAGE_STYLE}</style></head><body><h1>${esc(o.title)}: the guide's clauses</h1><p>Each clause of the EDK guide 7.2 (chapter-page), its sections, and the scenarios of this run that cite it. Clause links in the Allure report lead here.</p>${sections.join("\n")}</body></html>\n`;
}
