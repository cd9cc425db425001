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
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { IConfiguration } from "@cucumber/cucumber/api";
import { KitError } from "../contract/errors.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import { fastTimings, type MockConfig, resolveMockConfig, startMockCtips } from "../mock-ctips/index.ts";
import { writeAllureResults } from "./allure.ts";
import { type Coverage, computeCoverage } from "./coverage.ts";
import { junitXml } from "./junit.ts";
import { mockSiteProfile, type SiteProfile, type TargetInfo, type WorldParameters } from "./params.ts";
import { bringSiteToStart, type PreflightReport } from "./preflight.ts";
import { RunCollector, type ScenarioResult, type Status, verdict } from "./results.ts";
import type { TriggerConfig } from "./triggers.ts";
import { applyWaivers, type Waiver } from "./waivers.ts";

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
}

export type Counts = Record<Status, number>;

export interface CertifyResult {
  target: string;
  durationMs: number;
  scenarios: ScenarioResult[];
  totals: Counts & { total: number; normative: number; readings: number };
  byArea: Record<string, Counts & { normative: number; readings: number }>;
  unusedWaivers: Waiver[];
  reports: { junit: string; allureResults: string; coverage: string; preflight: string; summary: string };
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

const emptyCounts = (): Counts => ({ passed: 0, failed: 0, reading: 0, waived: 0, skipped: 0, harness: 0 });

/** The embedded mock's timings for certification: milliseconds, not the guide's 30 s. */
export const CERTIFY_MOCK_CONFIG: Partial<MockConfig> = {
  ...fastTimings,
  port: 0,
  heartbeatIntervalMs: 100,
  missedHeartbeats: 3,
  logLevel: "error",
  timings: { deliverMs: 2, distributeMs: 2, farEndAnswerMs: 2, passcodeMs: 2, routeTimeoutMs: 300 },
};

function kitVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export async function certifyServer(o: CertifyOptions = {}): Promise<CertifyResult> {
  const logger = o.logger ?? nullLogger;
  const started = performance.now();
  const reportsDir = resolve(o.reportsDir ?? join(ROOT, "reports"));
  const allureResults = join(reportsDir, "allure-results");
  const junit = join(reportsDir, "junit.xml");
  const preflightFile = join(reportsDir, "preflight.jsonl");
  mkdirSync(allureResults, { recursive: true });
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
    await runFeatures(o, parameters, collector);
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

  const records = collector.records();
  const strictReadings = parameters.strictReadings === true;
  const scenarios = records.map((r) => verdict(r, { strictReadings }));
  const unusedWaivers = applyWaivers(scenarios, o.waivers ?? []);
  const totals = { total: scenarios.length, normative: 0, readings: 0, ...emptyCounts() };
  const byArea: CertifyResult["byArea"] = {};
  for (const s of scenarios) {
    totals[s.status]++;
    byArea[s.area] ??= { normative: 0, readings: 0, ...emptyCounts() };
    byArea[s.area][s.status]++;
    const kind = s.kind === "reading" ? "readings" : "normative";
    totals[kind]++;
    byArea[s.area][kind]++;
  }
  writeFileSync(junit, junitXml(scenarios, "ctips-kit certify server"));
  writeAllureResults({
    resultsDir: allureResults,
    records,
    results: scenarios,
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
  });
  const coverage = computeCoverage(join(ROOT, "features"), ROOT);
  const coverageFile = join(reportsDir, "coverage.json");
  writeFileSync(coverageFile, `${JSON.stringify(coverage, null, 2)}\n`);
  // Only a full run is judged on coverage: a run narrowed by tags or paths covers less by design.
  const coverageGateFailed = !o.tags && !o.paths && coverage.percent < 100;
  const postflightLeft = postflight?.remaining ?? [];
  const exitCode: CertifyResult["exitCode"] =
    totals.failed > 0 || coverageGateFailed ? 1 : totals.harness > 0 || postflightLeft.length ? 2 : 0;
  const summaryFile = join(reportsDir, "summary.json");
  writeFileSync(
    summaryFile,
    `${JSON.stringify(
      {
        target: mock ? "embedded mock" : target.endpoint,
        exitCode,
        strictReadings,
        totals,
        byArea,
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
        postflight: postflightLeft,
      },
      null,
      2,
    )}\n`,
  );
  return {
    target: mock ? `embedded mock (${target.endpoint})` : target.endpoint,
    durationMs: Math.round(performance.now() - started),
    scenarios,
    totals,
    byArea,
    unusedWaivers,
    reports: { junit, allureResults, coverage: coverageFile, preflight: preflightFile, summary: summaryFile },
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

async function runFeatures(
  o: CertifyOptions,
  parameters: WorldParameters,
  collector: RunCollector,
): Promise<void> {
  await ensureTypeScriptLoader();
  const { loadConfiguration, loadSupport, runCucumber } = await import("@cucumber/cucumber/api");
  const paths = o.paths ?? [
    join(ROOT, "features/requests"),
    join(ROOT, "features/events"),
    join(ROOT, "features/flows"),
    join(ROOT, "features/session"),
  ];
  try {
    const { runConfiguration } = await loadConfiguration(
      {
        provided: {
          paths,
          import: [join(ROOT, "steps/**/*.ts")],
          tags: o.tags ?? "",
          format: o.progress ? ["progress"] : [],
          worldParameters: parameters as unknown as Record<string, unknown>,
          strict: true,
          failFast: false,
          retry: 0,
        } as unknown as Partial<IConfiguration>,
      },
      { cwd: ROOT },
    );
    // Step definitions register on first import only (ES modules are cached): load them once
    // per process and hand the same library to every run.
    supportLibrary ??= loadSupport(runConfiguration, { cwd: ROOT });
    const support = await supportLibrary;
    await runCucumber(
      { ...runConfiguration, support },
      { cwd: ROOT, stdout: progressStream(o.progress), stderr: progressStream(o.progress) },
      collector.onMessage,
    );
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_CHECK_INPUT",
      `the conformance run could not start: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

let tsLoader: Promise<void> | undefined;
let supportLibrary: ReturnType<typeof import("@cucumber/cucumber/api").loadSupport> | undefined;
/** Cucumber imports steps/*.ts with Node's own import(): make sure tsx's loader hooks are in. */
function ensureTypeScriptLoader(): Promise<void> {
  tsLoader ??= import("tsx/esm/api").then(({ register }) => {
    register();
  });
  return tsLoader;
}

function progressStream(write?: (text: string) => void): Writable {
  return new Writable({
    write(chunk, _enc, cb) {
      write?.(String(chunk));
      cb();
    },
  });
}
