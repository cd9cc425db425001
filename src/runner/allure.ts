/**
 * Allure results of a certification run, written from the kit's own scenario records (not
 * a Cucumber formatter), so that verdicts Allure has no word for show as the kit means
 * them: a reading that did not hold is `unknown` (its own colour and category), a harness
 * fault `broken`, a waived failure `skipped` with "waived:". Normative and reading
 * scenarios are apart in the suite tree (sub-suite `normative` or `reading: <id>`) and by
 * severity. The results directory is emptied of the previous run's results first.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { clauseAnchor, clauseOfTag } from "./html.ts";
import type { Picture } from "./pictures.ts";
import type { ScenarioRecord, ScenarioResult, StepRecord } from "./results.ts";

type AllureStatus = "passed" | "failed" | "broken" | "skipped" | "unknown";

const STATUS: Record<ScenarioResult["status"], AllureStatus> = {
  passed: "passed",
  failed: "failed",
  harness: "broken",
  reading: "unknown",
  waived: "skipped",
  skipped: "skipped",
};

const STEP_STATUS: Record<string, AllureStatus> = {
  PASSED: "passed",
  FAILED: "failed",
  SKIPPED: "skipped",
  PENDING: "skipped",
  UNDEFINED: "broken",
  AMBIGUOUS: "broken",
  UNKNOWN: "unknown",
};

/** Allure categories: the report's "Categories" tab sorts non-passing results into these. */
export const CATEGORIES = [
  { name: "Target defects (normative failures)", matchedStatuses: ["failed"] },
  { name: "Harness faults (the kit could not judge)", matchedStatuses: ["broken"] },
  { name: "Readings that did not hold (the kit's choices: warnings)", matchedStatuses: ["unknown"] },
  { name: "Waived", matchedStatuses: ["skipped"], messageRegex: "^waived[\\s\\S]*" },
  {
    name: "Skipped (cannot run against this target)",
    matchedStatuses: ["skipped"],
    messageRegex: "^skipped[\\s\\S]*",
  },
];

function statusMessage(s: ScenarioResult): string | undefined {
  switch (s.status) {
    case "reading":
      return s.readingNotes.map((n) => `reading ${n.reading} did not hold: ${n.message}`).join("\n");
    case "waived":
      return `waived: ${s.waiver ?? ""}\n${s.message ?? ""}`;
    case "skipped":
      return `skipped: ${s.skipReason ?? ""}`;
    case "failed":
    case "harness":
      return `${s.failedStep ? `${s.failedStep}: ` : ""}${s.message ?? ""}`;
    default:
      return undefined;
  }
}

function story(tags: readonly string[]): string | undefined {
  const t = tags.find((x) => /^@(request|event|flow):/.test(x));
  return t?.slice(t.indexOf(":") + 1);
}

function step(s: StepRecord) {
  return {
    name: s.text,
    status: STEP_STATUS[s.status] ?? "unknown",
    statusDetails: s.message ? { message: s.message } : {},
    stage: "finished",
    start: s.startMs,
    stop: s.stopMs,
    steps: [],
    attachments: [],
    parameters: [],
  };
}

/**
 * Allure's severity: a normative scenario is critical (its failure is a target defect), a
 * reading minor (a warning at most), a harness fault or a skip trivial (nothing said of the target).
 */
function severity(s: ScenarioResult): string {
  if (s.kind === "reading") return "minor";
  if (s.status === "harness" || s.status === "skipped") return "trivial";
  return "critical";
}

/** The guide's clauses a scenario cites (`@EDK-3-2`, `@WIRE`) as links to clauses.html. */
function links(s: ScenarioResult, clausesHref?: string) {
  if (!clausesHref) return [];
  return [...new Set(s.tags.map(clauseOfTag).filter((c): c is string => c !== undefined))].map((c) => ({
    name: c,
    url: `${clausesHref}#${clauseAnchor(c)}`,
    type: "tms",
  }));
}

/** executor.json: who ran the results (CI when its variables say so), for Allure's Executors widget. */
function executor(): Record<string, string> {
  const env = process.env;
  if (env.GITHUB_ACTIONS)
    return {
      name: "GitHub Actions",
      type: "github",
      buildName: `${env.GITHUB_WORKFLOW ?? "workflow"} #${env.GITHUB_RUN_NUMBER ?? "?"}`,
      buildUrl: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
    };
  if (env.GITLAB_CI)
    return {
      name: "GitLab CI",
      type: "gitlab",
      buildName: `pipeline ${env.CI_PIPELINE_ID ?? "?"}`,
      buildUrl: env.CI_JOB_URL ?? "",
    };
  if (env.JENKINS_URL)
    return {
      name: "Jenkins",
      type: "jenkins",
      buildName: env.BUILD_TAG ?? "build",
      buildUrl: env.BUILD_URL ?? "",
    };
  return { name: "ctips-kit", type: "ctips-kit", buildName: env.CTIPS_KIT_BUILD_NAME ?? "local run" };
}

export interface AllureRun {
  resultsDir: string;
  records: readonly ScenarioRecord[];
  results: readonly ScenarioResult[];
  /** Written to environment.properties. */
  environment: Record<string, string>;
  /** Where clause links point (clauses.html, relative to the HTML report); none when omitted. */
  clausesHref?: string;
  /** Each scenario's pictures (src/runner/pictures.ts), attached as SVG, by index. */
  pictures?: readonly Picture[][];
}

/** Removes the previous run's results (only Allure's own file kinds). */
function clean(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) {
    if (
      /-(result|container)\.json$/.test(f) ||
      /-attachment\./.test(f) ||
      f === "categories.json" ||
      f === "environment.properties" ||
      f === "executor.json"
    )
      rmSync(join(dir, f), { force: true });
  }
}

export function writeAllureResults(run: AllureRun): number {
  clean(run.resultsDir);
  let written = 0;
  run.results.forEach((s, i) => {
    const rec = run.records[i];
    const uuid = randomUUID();
    const attachments: { name: string; source: string; type: string }[] = [];
    const attach = (name: string, ext: string, type: string, body: string) => {
      const source = `${randomUUID()}-attachment.${ext}`;
      writeFileSync(join(run.resultsDir, source), body);
      attachments.push({ name, source, type });
    };
    for (const p of run.pictures?.[i] ?? []) attach(p.name, "svg", "image/svg+xml", p.svg);
    if (rec.timeline && s.status !== "passed")
      attach("timeline.jsonl", "jsonl", "application/x-ndjson", rec.timeline);
    if (rec.notes.length)
      attach("verdict notes", "json", "application/json", JSON.stringify(rec.notes, null, 2));
    const labels = [
      { name: "epic", value: s.area },
      { name: "feature", value: s.feature },
      ...(story(s.tags) ? [{ name: "story", value: story(s.tags)! }] : []),
      { name: "parentSuite", value: s.area },
      { name: "suite", value: s.feature },
      { name: "subSuite", value: s.kind === "reading" ? `reading: ${s.readings.join(", ")}` : "normative" },
      { name: "severity", value: severity(s) },
      { name: "owner", value: "ctips-kit" },
      ...(run.environment.target ? [{ name: "host", value: run.environment.target }] : []),
      { name: "framework", value: "cucumberjs" },
      { name: "language", value: "javascript" },
      ...s.tags.map((t) => ({ name: "tag", value: t.replace(/^@/, "") })),
    ];
    const message = statusMessage(s);
    const result = {
      uuid,
      historyId: createHash("md5").update(`${s.uri}#${s.name}`).digest("hex"),
      testCaseId: createHash("md5").update(`${s.uri}#${s.name}`).digest("hex"),
      name: s.name,
      fullName: `${s.uri}#${s.name}`,
      status: STATUS[s.status],
      statusDetails: message ? { message } : {},
      stage: "finished",
      start: rec.startMs,
      stop: rec.stopMs,
      labels,
      links: links(s, run.clausesHref),
      parameters: [],
      steps: rec.steps.map(step),
      attachments,
    };
    writeFileSync(join(run.resultsDir, `${uuid}-result.json`), JSON.stringify(result));
    written++;
  });
  writeFileSync(join(run.resultsDir, "categories.json"), JSON.stringify(CATEGORIES, null, 2));
  writeFileSync(join(run.resultsDir, "executor.json"), JSON.stringify(executor(), null, 2));
  writeFileSync(
    join(run.resultsDir, "environment.properties"),
    Object.entries(run.environment)
      .map(([k, v]) => `${k}=${v.replace(/\n/g, " ")}`)
      .join("\n"),
  );
  return written;
}
