/**
 * `certify server`: runs the conformance features against a target (the embedded mock by
 * default, a URL, or a container), and judges each scenario from what its steps recorded:
 * normative failures (the guide or the wire contract says so) fail the run, the kit's
 * readings that did not hold are warnings (failures under strictReadings), harness faults
 * are the kit's. Before the first scenario a preflight brings the site to its known start
 * state (or refuses to start); each scenario's teardown leaves it so; a postflight checks.
 * Writes JUnit XML, Allure results and the coverage; returns the summary and exit code
 * (0 pass, 1 failures, 2 harness faults). Prints nothing: the CLI does.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KitError } from "../contract/errors.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import { fastTimings, type MockConfig, resolveMockConfig, startMockCtips } from "../mock-ctips/index.ts";
import { type Coverage, computeCoverage } from "./coverage.ts";
import { mockSiteProfile, type SiteProfile, type TargetInfo, type WorldParameters } from "./params.ts";
import { bringSiteToStart, type PreflightReport } from "./preflight.ts";
import { runFeatures, SERVER_FEATURES } from "./features.ts";
import { RunCollector, type ScenarioResult } from "./results.ts";
import { type Counts, type RunReport, reportRun } from "./run-report.ts";
import type { TriggerConfig } from "./triggers.ts";
import type { Waiver } from "./waivers.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export type { Area, ScenarioResult, Status } from "./results.ts";

export interface CertifyOptions {
  /** Omitted: the embedded mock, started for this run with fast timings. */
  target?: Partial<TargetInfo> & { endpoint: string };
  site?: SiteProfile;
  triggers?: TriggerConfig;
  callback?: WorldParameters["callback"];
  /** Cucumber tag expression, e.g. `@request:LoginAgent and not @slow`. */
  tags?: string;
  /** Feature paths; default features/ minus features/client. */
  paths?: string[];
  reportsDir?: string;
  waivers?: Waiver[];
  eventTimeoutMs?: number;
  /** How long the target must be still before a reading is judged, and "no X" steps watch, in ms. */
  quietMs?: number;
  /** How long one scenario's teardown may take, in ms. */
  teardownTimeoutMs?: number;
  /** Overrides of the embedded mock's config (tests). */
  mock?: Partial<MockConfig>;
  /** false = compatible mode: tolerated deviations are warnings, not failures. Default true. */
  strict?: boolean;
  /** Readings that do not hold fail the run instead of warning. Default false. */
  strictReadings?: boolean;
  /** Faults the embedded mock applies in every scenario (self-test). */
  injectFaults?: WorldParameters["injectFaults"];
  /** Tests only: reset the embedded mock after each scenario instead of the teardown (the reference run). */
  resetEachScenario?: boolean;
  logger?: Logger;
  /** Terminal progress formatter output (the CLI passes a writer; tests leave it out). */
  progress?: (text: string) => void;
  /** false: no pictures in the reports (the bench's baseline). */
  pictures?: boolean;
}

export type { Counts } from "./run-report.ts";

export interface CertifyResult {
  target: string;
  durationMs: number;
  scenarios: ScenarioResult[];
  totals: Counts & { total: number; normative: number; readings: number };
  byArea: Record<string, Counts & { normative: number; readings: number }>;
  byFamily: RunReport["byFamily"];
  slowest: RunReport["slowest"];
  unusedWaivers: Waiver[];
  reports: {
    junit: string;
    allureResults: string;
    coverage: string;
    preflight: string;
    summary: string;
    html: string;
  };
  coverage: Coverage;
  /** True when the run was the full suite and coverage was below 100 %: the run fails. */
  coverageGateFailed: boolean;
  /** True when tags or paths narrowed the run to part of the suite. */
  narrowed: boolean;
  strictReadings: boolean;
  /** The run's settings, for the summary. */
  settings: { strict: boolean; eventTimeoutMs: number; quietMs: number; teardownTimeoutMs: number };
  preflight: Pick<PreflightReport, "actions" | "warnings">;
  /** What the postflight found still changed after the last scenario (empty: nothing). */
  postflight: string[];
  exitCode: 0 | 1 | 2;
}

/** The embedded mock's timings for certification: milliseconds, not the guide's 30 s. */
export const CERTIFY_MOCK_CONFIG: Partial<MockConfig> = {
  ...fastTimings,
  port: 0,
  heartbeatIntervalMs: 100,
  missedHeartbeats: 3,
  logLevel: "error",
  timings: { deliverMs: 2, distributeMs: 2, farEndAnswerMs: 2, passcodeMs: 2, routeTimeoutMs: 300 },
};

export function kitVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export async function certifyServer(o: CertifyOptions = {}): Promise<CertifyResult> {
  const logger = o.logger ?? nullLogger;
  const started = performance.now();
  const reportsDir = resolve(o.reportsDir ?? join(ROOT, "reports"));
  const preflightFile = join(reportsDir, "preflight.jsonl");
  mkdirSync(join(reportsDir, "allure-results"), { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), "ctips-certify-"));

  let mock: Awaited<ReturnType<typeof startMockCtips>> | undefined;
  let target: TargetInfo;
  let triggers: TriggerConfig;
  if (!o.target) {
    const config = resolveMockConfig({
      source: "certify",
      value: { ...CERTIFY_MOCK_CONFIG, ...(o.mock ?? {}) },
    });
    mock = await startMockCtips(config, { logger });
    target = {
      endpoint: mock.endpoint,
      wsdl: "bundled",
      profile: config.profile,
      credentials: config.users[0],
      tenantId: config.tenantId,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      missedHeartbeats: config.missedHeartbeats,
      maxSessions: config.maxSessions,
      controlUrl: `${mock.url}/control`,
    };
    triggers = o.triggers ?? { kind: "mock-control", controlUrl: `${mock.url}/control` };
  } else {
    target = {
      wsdl: "bundled",
      profile: "wire",
      credentials: { userName: "ctiuser", password: "ctipass" },
      tenantId: 1,
      heartbeatIntervalMs: 30_000,
      missedHeartbeats: 3,
      maxSessions: 10,
      ...o.target,
    };
    triggers = o.triggers ?? {
      kind: "none",
      reason: "no triggers are configured for this target (see docs/certify.md)",
    };
  }

  const eventTimeoutMs = o.eventTimeoutMs ?? (mock ? 3_000 : 10_000);
  const parameters: WorldParameters = {
    target,
    site: o.site ?? mockSiteProfile,
    triggers,
    callback: o.callback ?? { host: "127.0.0.1", port: 0 },
    eventTimeoutMs,
    quietMs: o.quietMs ?? (mock ? 150 : 1_000),
    teardownTimeoutMs: o.teardownTimeoutMs ?? Math.max(4 * eventTimeoutMs, 5_000),
    workDir,
    injectFaults: o.injectFaults,
    resetEachScenario: o.resetEachScenario,
    strict: o.strict ?? true,
    strictReadings: o.strictReadings ?? false,
  };

  const collector = new RunCollector(ROOT);
  let preflight: PreflightReport | undefined;
  let postflight: PreflightReport | undefined;
  try {
    preflight = await bringSiteToStart(parameters, "preflight");
    parameters.startState = { services: preflight.services };
    writeFileSync(
      preflightFile,
      preflight.timeline.map((e) => JSON.stringify({ ...e, raw: undefined })).join("\n"),
    );
    await runFeatures("server", {
      paths: o.paths ?? SERVER_FEATURES.map((f) => join(ROOT, f)),
      tags: o.tags,
      progress: o.progress,
      worldParameters: parameters,
      collector,
    });
    if (collector.parseErrors.length)
      throw new KitError(
        "CTIPSKIT_E_CHECK_INPUT",
        `the features do not parse: ${collector.parseErrors.join("; ")}`,
        {
          fix: "fix the Gherkin at those lines (every row of a table has the same number of cells)",
          details: { parseErrors: collector.parseErrors },
        },
      );
    postflight = await bringSiteToStart(parameters, "postflight");
  } finally {
    await mock?.close();
  }

  const strictReadings = parameters.strictReadings === true;
  const coverage = computeCoverage(join(ROOT, "features"), ROOT);
  const coverageFile = join(reportsDir, "coverage.json");
  writeFileSync(coverageFile, `${JSON.stringify(coverage, null, 2)}\n`);
  // Only a full run is judged on coverage: a run narrowed by tags or paths covers less by design.
  const coverageGateFailed = !o.tags && !o.paths && coverage.percent < 100;
  const postflightLeft = postflight?.remaining ?? [];
  const exitOf = (t: RunReport["totals"]): CertifyResult["exitCode"] =>
    t.failed > 0 || coverageGateFailed ? 1 : t.harness > 0 || postflightLeft.length ? 2 : 0;
  const report = reportRun({
    records: collector.records(),
    reportsDir,
    suiteName: "ctips-kit certify server",
    target: mock ? `the embedded mock CTIPS (${target.endpoint})` : target.endpoint,
    exitCode: (r) => exitOf(r.totals),
    durationMs: Math.round(performance.now() - started),
    pictures:
      o.pictures === false
        ? false
        : { heartbeatIntervalMs: target.heartbeatIntervalMs, missedHeartbeats: target.missedHeartbeats },
    strictReadings,
    waivers: o.waivers,
    environment: {
      target: mock ? `embedded mock ${target.endpoint}` : target.endpoint,
      profile: target.profile,
      tenant: String(target.tenantId),
      heartbeatIntervalMs: String(target.heartbeatIntervalMs),
      missedHeartbeats: String(target.missedHeartbeats),
      eventTimeoutMs: String(eventTimeoutMs),
      strictReadings: String(strictReadings),
      mode: parameters.strict ? "strict" : "compatible",
      kit: `ctips-kit ${kitVersion()}`,
    },
    extra: (r) => ({
      target: mock ? "embedded mock" : target.endpoint,
      exitCode: exitOf(r.totals),
      postflight: postflightLeft,
    }),
  });
  const { scenarios, totals, byArea, unusedWaivers } = report;
  const exitCode = exitOf(totals);
  const { junit, allureResults, summary: summaryFile, html } = report.reports;
  return {
    target: mock ? `embedded mock (${target.endpoint})` : target.endpoint,
    durationMs: Math.round(performance.now() - started),
    scenarios,
    totals,
    byArea,
    unusedWaivers,
    byFamily: report.byFamily,
    slowest: report.slowest,
    reports: {
      junit,
      allureResults,
      coverage: coverageFile,
      preflight: preflightFile,
      summary: summaryFile,
      html,
    },
    coverage,
    coverageGateFailed,
    narrowed: Boolean(o.tags || o.paths),
    strictReadings,
    settings: {
      strict: parameters.strict !== false,
      eventTimeoutMs,
      quietMs: parameters.quietMs,
      teardownTimeoutMs: parameters.teardownTimeoutMs,
    },
    preflight: { actions: preflight?.actions ?? [], warnings: preflight?.warnings ?? [] },
    postflight: postflightLeft,
    exitCode,
  };
}
