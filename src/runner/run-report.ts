/**
 * The reports of a run, server or client certification alike: each scenario's verdict
 * from its record, waivers applied, counts per area (normative and readings), JUnit XML,
 * Allure results and reports/summary.json.
 */
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeAllureResults } from "./allure.ts";
import { clausesPage } from "./html.ts";
import { type PictureOptions, scenarioPictures } from "./pictures.ts";
import { byFamily, type SlowRequest, slowestRequests, summaryPage } from "./summary-html.ts";
import { junitXml } from "./junit.ts";
import { type ScenarioRecord, type ScenarioResult, type Status, verdict } from "./results.ts";
import { applyWaivers, type Waiver } from "./waivers.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export type Counts = Record<Status, number>;

export interface RunReport {
  scenarios: ScenarioResult[];
  totals: Counts & { total: number; normative: number; readings: number };
  byArea: Record<string, Counts & { normative: number; readings: number }>;
  /** Per check family (sequencing, correlation, heartbeats, payload, session rules…). */
  byFamily: Record<string, Counts>;
  slowest: SlowRequest[];
  unusedWaivers: Waiver[];
  reports: { junit: string; allureResults: string; summary: string; html: string; clauses: string };
}

export const emptyCounts = (): Counts => ({
  passed: 0,
  failed: 0,
  reading: 0,
  waived: 0,
  skipped: 0,
  harness: 0,
});

export function reportRun(o: {
  records: ScenarioRecord[];
  reportsDir: string;
  suiteName: string;
  strictReadings: boolean;
  waivers?: Waiver[];
  /** Allure's environment.properties. */
  environment: Record<string, string>;
  /** What summary.json says besides the scenarios (target, exit code…), filled by `extra(report)`. */
  extra: (r: Omit<RunReport, "reports">) => Record<string, unknown>;
  /** For summary.html: what was certified, the exit code, how long it took. */
  target: string;
  exitCode: (r: Omit<RunReport, "reports">) => number;
  durationMs?: number;
  /** Draw each scenario's pictures (default true; the bench measures without). */
  pictures?: boolean | PictureOptions;
}): RunReport {
  const scenarios = o.records.map((r) => verdict(r, { strictReadings: o.strictReadings }));
  const unusedWaivers = applyWaivers(scenarios, o.waivers ?? []);
  const totals = { total: scenarios.length, normative: 0, readings: 0, ...emptyCounts() };
  const byArea: RunReport["byArea"] = {};
  for (const s of scenarios) {
    totals[s.status]++;
    byArea[s.area] ??= { normative: 0, readings: 0, ...emptyCounts() };
    byArea[s.area][s.status]++;
    const kind = s.kind === "reading" ? "readings" : "normative";
    totals[kind]++;
    byArea[s.area][kind]++;
  }
  const junit = join(o.reportsDir, "junit.xml");
  const allureResults = join(o.reportsDir, "allure-results");
  const summary = join(o.reportsDir, "summary.json");
  const html = join(o.reportsDir, "summary.html");
  const clauses = join(o.reportsDir, "clauses.html");
  writeFileSync(junit, junitXml(scenarios, o.suiteName));
  const pictureOptions = typeof o.pictures === "object" ? o.pictures : {};
  const pictures =
    o.pictures === false ? undefined : o.records.map((r) => scenarioPictures(r, pictureOptions));
  writeAllureResults({
    pictures,
    resultsDir: allureResults,
    records: o.records,
    results: scenarios,
    environment: o.environment,
    // Clause links resolve from the HTML report (reports/allure-report/) to reports/clauses.html.
    clausesHref: "../clauses.html",
  });
  const base = {
    scenarios,
    totals,
    byArea,
    byFamily: byFamily(o.records, scenarios),
    slowest: slowestRequests(o.records, 5),
    unusedWaivers,
  };
  writeFileSync(clauses, clausesPage({ root: ROOT, title: o.suiteName, scenarios }));
  writeFileSync(
    html,
    summaryPage({
      title: o.suiteName,
      target: o.target,
      exitCode: o.exitCode(base),
      durationMs: o.durationMs,
      totals,
      byArea,
      records: o.records,
      scenarios,
      pictures,
      allureHref: "allure-report/index.html",
    }),
  );
  writeFileSync(
    summary,
    `${JSON.stringify(
      {
        ...o.extra(base),
        strictReadings: o.strictReadings,
        totals,
        byArea,
        byFamily: base.byFamily,
        slowest: base.slowest,
        scenarios: scenarios.map((x) => ({
          uri: x.uri,
          name: x.name,
          area: x.area,
          kind: x.kind,
          readings: x.readings,
          status: x.status,
          failedStep: x.failedStep,
          message: x.message,
          readingsNotHeld: [...new Set(x.readingNotes.map((n) => n.reading))],
          skipReason: x.skipReason,
          waiver: x.waiver,
          teardownFault: x.teardownFault,
          durationMs: x.durationMs,
        })),
      },
      null,
      2,
    )}\n`,
  );
  return { ...base, reports: { junit, allureResults, summary, html, clauses } };
}
