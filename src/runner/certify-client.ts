/**
 * `certify client`: the kit plays the CTIPS. It starts the mock (and a secondary for
 * failover), tells the client where to connect (or starts it with `--run`), waits for it to
 * come online, runs features/client/ (the scenarios of the client's profile; the others are
 * skipped with the reason), grades the client from the mock's timeline, and writes the same
 * reports as `certify server`: summary.json, JUnit, Allure results, the mock's timeline.
 * Exit 0 pass, 1 failures (or a rule without scenario in a full run), 2 harness faults.
 * Prints nothing: the CLI does. @see docs/certify-client.md
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { KitError } from "../contract/errors.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import { defaultTopology } from "../mock-ctips/simulator/topology.ts";
import { CLIENT_PROFILES, type ClientProfile } from "../mock-client/reference-client.ts";
import type { ClientTimings, ClientWorldParameters } from "./client-params.ts";
import { kitVersion, ROOT } from "./certify.ts";
import { type ClientCoverage, clientCoverage } from "./client-rules.ts";
import { ClientRun } from "./client-run.ts";
import { CLIENT_FEATURES, runFeatures } from "./features.ts";
import { indexTimeline } from "../checks/timeline-index.ts";
import { RunCollector, type ScenarioResult } from "./results.ts";
import { type Counts, type RunReport, reportRun } from "./run-report.ts";

export interface CertifyClientOptions {
  profile: ClientProfile;
  /** The client under test, started with `/bin/sh -c` and the CTIPS_* environment; omitted: an operator starts it. */
  run?: string;
  /** Where `run` starts (default: the current directory; a config file's own directory). */
  runCwd?: string;
  host?: string;
  /** The primary mock's port; 0 = ephemeral (default 8170, a real deployment's). */
  port?: number;
  /** The secondary mock's port (failover); default 0 (ephemeral). */
  secondaryPort?: number;
  tags?: string;
  reportsDir?: string;
  /** Deviations from the wire contract in the client's requests warn instead of failing. */
  compatible?: boolean;
  strictReadings?: boolean;
  /** The mock's heartbeat interval (default 1000 ms) and the misses before it disposes a session (default 3). */
  heartbeatIntervalMs?: number;
  missedHeartbeats?: number;
  /** How long to wait for the client to come online first (default 60 s; 30 s with --run). */
  connectTimeoutMs?: number;
  /** What the client is told: no heartbeat for this long means the CTIPS is gone (default 4 heartbeat intervals). */
  clientHeartbeatTimeoutMs?: number;
  timings?: Partial<ClientTimings>;
  /** Agent desktops: the agents to log in (default agent1 at 4001) and the DispositionId (default 1). */
  agents?: { loginName: string; station: string }[];
  dispositionId?: number;
  logger?: Logger;
  progress?: (text: string) => void;
  /** Called once the mocks listen: where the client must connect, and the environment `--run` gets. */
  onListening?: (info: { endpoint: string; secondary: string; env: Record<string, string> }) => void;
  /** Asks the operator to do something to a client the kit did not start. */
  onOperator?: (message: string) => void;
  /** Aborting stops the client the kit started and the mocks at once, then calls `onInterrupted`. */
  signal?: AbortSignal;
  onInterrupted?: () => void;
}

export interface CertifyClientResult {
  profile: ClientProfile;
  endpoint: string;
  durationMs: number;
  scenarios: ScenarioResult[];
  totals: Counts & { total: number; normative: number; readings: number };
  byArea: Record<string, Counts & { normative: number; readings: number }>;
  byFamily: RunReport["byFamily"];
  slowest: RunReport["slowest"];
  coverage: ClientCoverage;
  coverageGateFailed: boolean;
  narrowed: boolean;
  strictReadings: boolean;
  mode: "strict" | "compatible";
  timings: ClientTimings;
  /** How the client the kit started ended, and its last output. */
  client?: { exit?: { code: number | null; signal: string | null }; output: string[] };
  reports: { junit: string; allureResults: string; summary: string; html: string; timeline: string };
  exitCode: 0 | 1 | 2;
}

/** The timings of a run: from the heartbeat interval unless given (docs/certify-client.md). */
export function clientTimings(
  heartbeatIntervalMs: number,
  given: Partial<ClientTimings> = {},
  clientTimeoutMs?: number,
): ClientTimings {
  const detect = clientTimeoutMs ?? 4 * heartbeatIntervalMs;
  return {
    heartbeatIntervalMs,
    answerWithinMs: 500,
    callbackTimeoutMs: 5_000,
    reactWithinMs: 2_000,
    snapshotWithinMs: 2_000,
    routeTimeoutMs: 2_000,
    reconnectWithinMs: detect + 2 * heartbeatIntervalMs + 3_000,
    stopWithinMs: 5_000,
    ...given,
  };
}

/** How far a client got that never came online, for the timeout message. */
function howFar(run: ClientRun): string {
  const index = indexTimeline(run.timeline.entries);
  const opens = index.openConnections;
  if (opens.length === 0) return "no OpenConnection arrived";
  const refused = opens.filter((o) => !index.sessionOf(o));
  const sessions = [...index.sessions.values()];
  if (sessions.length === 0) {
    const last = refused.at(-1);
    const answer = last ? index.answerOf.get(last.seq) : undefined;
    return `OpenConnection arrived ${opens.length} time(s) and was refused (${answer?.faultCode ?? answer?.kind ?? "no answer"}${answer?.message ? `: ${answer.message}` : ""})`;
  }
  const s = sessions.at(-1)!;
  const ops = s.requests.map((r) => r.name).join(", ");
  return `session ${s.id} opened but never went online (its requests: ${ops || "none"})`;
}

export async function certifyClient(o: CertifyClientOptions): Promise<CertifyClientResult> {
  const started = performance.now();
  if (!CLIENT_PROFILES.includes(o.profile))
    throw new KitError("CTIPSKIT_E_USAGE", `unknown client profile '${o.profile}'`, {
      fix: `one of ${CLIENT_PROFILES.join(", ")}`,
    });
  const logger = o.logger ?? nullLogger;
  const heartbeatIntervalMs = o.heartbeatIntervalMs ?? 1_000;
  const clientHeartbeatTimeoutMs = o.clientHeartbeatTimeoutMs ?? 4 * heartbeatIntervalMs;
  const timings = clientTimings(heartbeatIntervalMs, o.timings, clientHeartbeatTimeoutMs);
  if (timings.routeTimeoutMs % 1_000 !== 0)
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `timings.routeTimeoutMs must be whole seconds, not ${timings.routeTimeoutMs} ms: RouteRequest tells the client its RouteTimeout in seconds`,
      { fix: "1000, 2000, …" },
    );
  const agents = o.agents ?? [{ loginName: "agent1", station: "4001" }];
  const unknownAgent = agents.find((a) => !defaultTopology.agents.some((t) => t.loginName === a.loginName));
  if (unknownAgent)
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `agent '${unknownAgent.loginName}' is not in the mock's topology`,
      {
        fix: `one of ${defaultTopology.agents.map((a) => a.loginName).join(", ")}`,
      },
    );
  const reportsDir = resolve(o.reportsDir ?? join(ROOT, "reports"));
  mkdirSync(reportsDir, { recursive: true });
  const mode = o.compatible ? "compatible" : "strict";

  const run = await ClientRun.start({
    profile: o.profile,
    host: o.host ?? "127.0.0.1",
    port: o.port ?? 8_170,
    secondaryPort: o.secondaryPort ?? 0,
    run: o.run,
    runCwd: o.runCwd,
    heartbeatIntervalMs,
    missedHeartbeats: o.missedHeartbeats ?? 3,
    routeTimeoutMs: timings.routeTimeoutMs,
    callbackTimeoutMs: timings.callbackTimeoutMs,
    clientHeartbeatTimeoutMs,
    agents,
    dispositionId: o.dispositionId ?? 1,
    logger,
    onOperator: o.onOperator,
  });
  o.signal?.addEventListener("abort", () => {
    void run.close().finally(() => o.onInterrupted?.());
  });
  const collector = new RunCollector(ROOT);
  const timelineFile = join(reportsDir, "client-timeline.jsonl");
  try {
    o.onListening?.({ endpoint: run.primary.endpoint, secondary: run.secondary.endpoint, env: run.env() });
    const connectMs = o.connectTimeoutMs ?? (o.run ? 30_000 : 60_000);
    const online = await run.awaitOnline(connectMs);
    if (!online) {
      const exit = run.exit ? `; the client exited (${JSON.stringify(run.exit)})` : "";
      const output = run.output.slice(-5).join(" | ");
      throw new KitError(
        "CTIPSKIT_E_CLIENT_TIMEOUT",
        `no client came online at ${run.primary.endpoint} within ${connectMs} ms: ${howFar(run)}${exit}${output ? `; its last output: ${output}` : ""}`,
        {
          fix: "expected OpenConnection (the printed user, one TenantId, a reachable ClientCallbackURL), AddMessageClass, OnLine; see docs/certify-client.md",
          details: { endpoint: run.primary.endpoint, connectTimeoutMs: connectMs },
        },
      );
    }
    const parameters: ClientWorldParameters = {
      runId: run.id,
      profile: o.profile,
      agents: agents.map((a) => ({
        loginName: a.loginName,
        agentId: defaultTopology.agents.find((t) => t.loginName === a.loginName)!.agentId,
      })),
      services: {
        inbound: 100,
        routed: defaultTopology.services.find((s) => s.externalRouting)!.serviceId,
      },
      timings,
      mode,
      strictReadings: o.strictReadings === true,
    };
    await runFeatures("client", {
      paths: CLIENT_FEATURES.map((f) => join(ROOT, f)),
      tags: o.tags,
      progress: o.progress,
      worldParameters: parameters,
      collector,
    });
    if (collector.parseErrors.length)
      throw new KitError(
        "CTIPSKIT_E_CHECK_INPUT",
        `the features do not parse: ${collector.parseErrors.join("; ")}`,
      );
  } finally {
    await run.close();
    writeFileSync(
      timelineFile,
      run.timeline.entries.map((e) => JSON.stringify({ ...e, raw: undefined })).join("\n"),
    );
  }

  const strictReadings = o.strictReadings === true;
  const coverage = clientCoverage(join(ROOT, "features", "client"), ROOT);
  const coverageGateFailed = !o.tags && (coverage.uncovered.length > 0 || coverage.unknown.length > 0);
  const exitOf = (t: CertifyClientResult["totals"]): 0 | 1 | 2 =>
    t.failed > 0 || coverageGateFailed ? 1 : t.harness > 0 ? 2 : 0;
  const endpoint = run.primary.endpoint;
  const report = reportRun({
    records: collector.records(),
    reportsDir,
    suiteName: "ctips-kit certify client",
    target: `the ${o.profile} client under test (${o.run ? `started: ${o.run}` : "started by an operator"})`,
    exitCode: (r) => exitOf(r.totals),
    durationMs: Math.round(performance.now() - started),
    pictures: { heartbeatIntervalMs, missedHeartbeats: o.missedHeartbeats ?? 3 },
    strictReadings,
    environment: {
      target: `client under test (${o.run ? `started: ${o.run}` : "started by an operator"})`,
      profile: o.profile,
      endpoint,
      heartbeatIntervalMs: String(heartbeatIntervalMs),
      missedHeartbeats: String(o.missedHeartbeats ?? 3),
      mode,
      strictReadings: String(strictReadings),
      kit: `ctips-kit ${kitVersion()}`,
    },
    extra: (r) => ({
      certify: "client",
      profile: o.profile,
      exitCode: exitOf(r.totals),
      timings,
      coverage: { uncovered: coverage.uncovered, unknown: coverage.unknown },
    }),
  });
  return {
    profile: o.profile,
    endpoint,
    durationMs: Math.round(performance.now() - started),
    scenarios: report.scenarios,
    totals: report.totals,
    byArea: report.byArea,
    byFamily: report.byFamily,
    slowest: report.slowest,
    coverage,
    coverageGateFailed,
    narrowed: Boolean(o.tags),
    strictReadings,
    mode,
    timings,
    client: run.startedClient ? { exit: run.exit ?? undefined, output: run.output.slice(-20) } : undefined,
    reports: {
      junit: report.reports.junit,
      allureResults: report.reports.allureResults,
      summary: report.reports.summary,
      html: report.reports.html,
      timeline: timelineFile,
    },
    exitCode: exitOf(report.totals),
  };
}
