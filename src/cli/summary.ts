/** What the certify commands print of a run's scenarios. */
import type { CertifyResult } from "../runner/certify.ts";
import { reading } from "../runner/readings.ts";

const COLUMNS = ["passed", "failed", "warned", "waived", "skipped", "harness"] as const;

/** The area table and one line per scenario that did not simply pass (failed, harness, warned, waived, skipped). */
export function scenarioLines(
  r: Pick<CertifyResult, "byArea" | "totals" | "scenarios" | "byFamily">,
): string[] {
  const lines: string[] = [];
  const pad = (cells: (string | number)[]) =>
    `${String(cells[0]).padEnd(14)}${cells
      .slice(1)
      .map((c) => String(c).padStart(10))
      .join("")}`;
  lines.push(pad(["area", "normative", "readings", ...COLUMNS]));
  const row = (name: string, c: CertifyResult["byArea"][string]) =>
    pad([name, c.normative, c.readings, c.passed, c.failed, c.reading, c.waived, c.skipped, c.harness]);
  for (const a of Object.keys(r.byArea).sort()) lines.push(row(a, r.byArea[a]));
  lines.push(row("all", r.totals));
  // Per check family: a scenario counts in every family it exercises.
  const families = Object.keys(r.byFamily).sort();
  if (families.length) {
    lines.push(pad(["family", "", "", ...COLUMNS]));
    for (const f of families) {
      const c = r.byFamily[f];
      lines.push(pad([f, "", "", c.passed, c.failed, c.reading, c.waived, c.skipped, c.harness]));
    }
  }
  const failed = r.scenarios.filter((x) => x.status === "failed");
  for (const s of failed)
    lines.push(
      `FAILED  ${s.uri} — ${s.name}${s.kind === "reading" ? ` [reading: ${s.readings.join(", ")}]` : ""}\n        ${s.failedStep ? `${s.failedStep}: ` : ""}${(s.message ?? "").split("\n").slice(0, 6).join("\n        ")}`,
    );
  for (const s of r.scenarios.filter((x) => x.status === "harness"))
    lines.push(
      `HARNESS ${s.uri} — ${s.name}\n        ${s.failedStep ? `${s.failedStep}: ` : ""}${(s.message ?? "").split("\n").slice(0, 4).join("\n        ")}`,
    );
  for (const s of r.scenarios.filter((x) => x.teardownFault && x.status !== "harness"))
    lines.push(`TEARDOWN ${s.uri} — ${s.name}: ${s.teardownFault}`);
  // Readings that did not hold, grouped by reading: one line each with the first example.
  const byReading = new Map<string, { n: number; example: string }>();
  for (const s of r.scenarios.filter((x) => x.status === "reading"))
    for (const n of s.readingNotes) {
      const g = byReading.get(n.reading) ?? {
        n: 0,
        example: `${s.uri} — ${s.name}: ${n.message.split("\n")[0]}`,
      };
      g.n++;
      byReading.set(n.reading, g);
    }
  for (const [id, g] of byReading)
    lines.push(
      `WARNING reading ${id} did not hold in ${g.n} scenario(s) (${reading(id).title})\n        e.g. ${g.example}`,
    );
  for (const s of r.scenarios.filter((x) => x.status === "waived"))
    lines.push(`WAIVED  ${s.uri} — ${s.name}: ${s.waiver}`);
  const reasons = new Map<string, number>();
  for (const s of r.scenarios.filter((x) => x.status === "skipped"))
    reasons.set(s.skipReason ?? "no reason given", (reasons.get(s.skipReason ?? "no reason given") ?? 0) + 1);
  for (const [why, n] of reasons) lines.push(`SKIPPED ${n} scenario(s): ${why}`);
  return lines;
}

/** The slowest requests of the run, and where the pages are. */
export function reportLines(r: Pick<CertifyResult, "slowest"> & { reports: { html: string } }): string[] {
  const lines = r.slowest.length
    ? [`slowest requests: ${r.slowest.map((x) => `${x.operation} ${x.ms.toFixed(1)} ms`).join(", ")}`]
    : [];
  lines.push(`summary page: ${r.reports.html} (clauses.html beside it)`);
  return lines;
}
