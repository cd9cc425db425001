/**
 * `certify server`: runs the conformance features against a target (the embedded mock by
 * default, or a URL), writes Allure results and JUnit XML, and returns a summary with
 * counts per area, waivers applied, and the exit code (0 pass, 1 failures).
 * Prints nothing: the CLI does.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { IConfiguration } from "@cucumber/cucumber/api";
import type { Envelope, Pickle, TestStepResultStatus } from "@cucumber/messages";
import { KitError } from "../contract/errors.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import { fastTimings, type MockConfig, resolveMockConfig, startMockCtips } from "../mock-ctips/index.ts";
import { mockSiteProfile, type SiteProfile, type TargetInfo, type WorldParameters } from "./params.ts";
import type { TriggerConfig } from "./triggers.ts";
import { type Coverage, computeCoverage } from "./coverage.ts";
import { applyWaivers, type Waiver } from "./waivers.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export type Area = "requests" | "events" | "flows" | "session" | "client" | "other";

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
  /** Overrides of the embedded mock's config (tests). */
  mock?: Partial<MockConfig>;
  /** false = compatible mode: tolerated deviations are warnings, not failures. Default true. */
  strict?: boolean;
  /** Faults the embedded mock applies in every scenario (self-test). */
  injectFaults?: WorldParameters["injectFaults"];
  logger?: Logger;
  /** Terminal progress formatter output (the CLI passes a writer; tests leave it out). */
  progress?: (text: string) => void;
}

export interface ScenarioResult {
  name: string;
  uri: string;
  area: Area;
  tags: string[];
  status: "passed" | "failed" | "skipped" | "waived" | "undefined";
  message?: string;
  skipReason?: string;
  waiver?: string;
}

export interface CertifyResult {
  target: string;
  durationMs: number;
  scenarios: ScenarioResult[];
  totals: Record<ScenarioResult["status"], number> & { total: number };
  byArea: Record<string, Record<ScenarioResult["status"], number>>;
  unusedWaivers: Waiver[];
  reports: { junit: string; allureResults: string; coverage: string };
  coverage: Coverage;
  /** True when the run was the full suite and coverage was below 100 %: the run fails. */
  coverageGateFailed: boolean;
  exitCode: 0 | 1;
}

function areaOf(uri: string): Area {
  const m = /features\/(requests|events|flows|session|client)\//.exec(uri);
  return (m?.[1] as Area) ?? "other";
}

const emptyCounts = () => ({ passed: 0, failed: 0, skipped: 0, waived: 0, undefined: 0 });

/** The embedded mock's timings for certification: milliseconds, not the guide's 30 s. */
export const CERTIFY_MOCK_CONFIG: Partial<MockConfig> = {
  ...fastTimings,
  port: 0,
  heartbeatIntervalMs: 100,
  missedHeartbeats: 3,
  logLevel: "error",
  timings: { deliverMs: 2, distributeMs: 2, farEndAnswerMs: 2, passcodeMs: 2, routeTimeoutMs: 300 },
};

export async function certifyServer(o: CertifyOptions = {}): Promise<CertifyResult> {
  const logger = o.logger ?? nullLogger;
  const started = performance.now();
  const reportsDir = resolve(o.reportsDir ?? join(ROOT, "reports"));
  const allureResults = join(reportsDir, "allure-results");
  const junit = join(reportsDir, "junit.xml");
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

  const parameters: WorldParameters = {
    target,
    site: o.site ?? mockSiteProfile,
    triggers,
    callback: o.callback ?? { host: "127.0.0.1", port: 0 },
    eventTimeoutMs: o.eventTimeoutMs ?? (mock ? 3_000 : 10_000),
    quietMs: mock ? 150 : 1_000,
    workDir,
    injectFaults: o.injectFaults,
    strict: o.strict ?? true,
  };

  const pickles = new Map<string, Pickle>();
  const caseToPickle = new Map<string, string>();
  const worst = new Map<string, { status: TestStepResultStatus; message?: string }>();
  const attachments = new Map<string, string[]>();
  const stepToCase = new Map<string, string>();
  const RANK: Record<string, number> = {
    PASSED: 0,
    SKIPPED: 1,
    PENDING: 2,
    UNDEFINED: 3,
    AMBIGUOUS: 4,
    FAILED: 5,
    UNKNOWN: 1,
  };

  const onMessage = (env: Envelope) => {
    if (env.pickle) pickles.set(env.pickle.id, env.pickle);
    if (env.testCase) caseToPickle.set(env.testCase.id, env.testCase.pickleId);
    if (env.testStepStarted)
      stepToCase.set(
        env.testStepStarted.testStepId + env.testStepStarted.testCaseStartedId,
        env.testStepStarted.testCaseStartedId,
      );
    if (env.testCaseStarted)
      caseToPickle.set(env.testCaseStarted.id, caseToPickle.get(env.testCaseStarted.testCaseId) ?? "");
    if (env.testStepFinished) {
      const id = env.testStepFinished.testCaseStartedId;
      const r = env.testStepFinished.testStepResult;
      const prev = worst.get(id);
      if (!prev || RANK[r.status] > RANK[prev.status])
        worst.set(id, { status: r.status, message: r.message });
    }
    if (env.attachment?.testCaseStartedId && env.attachment.mediaType === "text/plain") {
      const list = attachments.get(env.attachment.testCaseStartedId) ?? [];
      list.push(env.attachment.body);
      attachments.set(env.attachment.testCaseStartedId, list);
    }
  };

  await ensureTypeScriptLoader();
  const { loadConfiguration, loadSupport, runCucumber } = await import("@cucumber/cucumber/api");
  const paths = o.paths ?? [
    join(ROOT, "features/requests"),
    join(ROOT, "features/events"),
    join(ROOT, "features/flows"),
    join(ROOT, "features/session"),
  ];
  let success: boolean;
  try {
    const { runConfiguration } = await loadConfiguration(
      {
        provided: {
          paths,
          import: [join(ROOT, "steps/**/*.ts")],
          tags: o.tags ?? "",
          format: [
            ...(o.progress ? ["progress"] : []),
            `junit:${junit}`,
            [
              join(ROOT, "node_modules/allure-cucumberjs/dist/esm/reporter.js"),
              join(reportsDir, ".allure-formatter-stdout"),
            ],
          ],
          formatOptions: {
            resultsDir: allureResults,
            junit: { suiteName: "ctips-kit certify server" },
            labels: [
              { pattern: [/@EDK-(.*)/], name: "tag" },
              { pattern: [/@flow:(.*)/], name: "story" },
              { pattern: [/@request:(.*)/], name: "story" },
              { pattern: [/@event:(.*)/], name: "story" },
            ],
            links: { issue: { pattern: [/@EDK-(.*)/], urlTemplate: "docs/spec-notes.md#edk-%s" } },
          },
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
    const result = await runCucumber(
      { ...runConfiguration, support },
      { cwd: ROOT, stdout: progressStream(o.progress), stderr: progressStream(o.progress) },
      onMessage,
    );
    success = result.success;
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_CHECK_INPUT",
      `the conformance run could not start: ${(err as Error).message}`,
      { cause: err },
    );
  } finally {
    await mock?.close();
  }

  const scenarios: ScenarioResult[] = [];
  for (const [caseStartedId, w] of worst) {
    const pickle = pickles.get(caseToPickle.get(caseStartedId) ?? "");
    if (!pickle) continue;
    const notes = attachments.get(caseStartedId) ?? [];
    const status: ScenarioResult["status"] =
      w.status === "PASSED"
        ? "passed"
        : w.status === "SKIPPED"
          ? "skipped"
          : w.status === "UNDEFINED"
            ? "undefined"
            : "failed";
    scenarios.push({
      name: pickle.name,
      uri: relative(ROOT, pickle.uri.startsWith("/") ? pickle.uri : join(ROOT, pickle.uri)),
      area: areaOf(pickle.uri),
      tags: pickle.tags.map((t) => t.name),
      status,
      message: status === "failed" || status === "undefined" ? (w.message ?? "undefined step") : undefined,
      skipReason: status === "skipped" ? notes.find((n) => n.startsWith("skipped:"))?.slice(9) : undefined,
    });
  }
  const unusedWaivers = applyWaivers(scenarios, o.waivers ?? []);
  const totals = { total: scenarios.length, ...emptyCounts() };
  const byArea: CertifyResult["byArea"] = {};
  for (const s of scenarios) {
    totals[s.status]++;
    byArea[s.area] ??= emptyCounts();
    byArea[s.area][s.status]++;
  }
  const failedAfterWaivers = totals.failed + totals.undefined;
  const coverage = computeCoverage(join(ROOT, "features"), ROOT);
  const coverageFile = join(reportsDir, "coverage.json");
  writeFileSync(coverageFile, `${JSON.stringify(coverage, null, 2)}\n`);
  // Only a full run is judged on coverage: a run narrowed by tags or paths covers less by design.
  const coverageGateFailed = !o.tags && !o.paths && coverage.percent < 100;
  return {
    target: mock ? `embedded mock (${target.endpoint})` : target.endpoint,
    durationMs: Math.round(performance.now() - started),
    scenarios,
    totals,
    byArea,
    unusedWaivers,
    reports: { junit, allureResults, coverage: coverageFile },
    coverage,
    coverageGateFailed,
    exitCode: failedAfterWaivers === 0 && (success || totals.waived > 0) && !coverageGateFailed ? 0 : 1,
  };
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
