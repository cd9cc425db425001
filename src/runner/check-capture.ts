/**
 * `ctips-kit check`: the catalogue's passive checks over a capture, a timeline file the
 * recording proxy, the mock or the recording client wrote. The parameters come from the
 * caller, else from the capture itself (the heartbeat interval from the heartbeats, the
 * route timeout from RouteRequest, the desktop's agents from its LoginAgent requests, the
 * profile from OpenConnection's spellings), else from defaults; each is reported with where
 * it came from. Every check gets a verdict; reports/check.json and a JUnit file record them.
 * @see docs/record.md
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOGUE, type CatalogueEntry, type CatalogueParams, runCatalogue } from "../checks/catalogue.ts";
import { operationOf } from "../checks/fields.ts";
import type { Finding } from "../checks/finding.ts";
import { deviationSeverity } from "../checks/payload.ts";
import { indexTimeline } from "../checks/timeline-index.ts";
import type { Profile } from "../contract/codec.ts";
import { KitError } from "../contract/errors.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { parseTimeline, type TornLine } from "../timeline/timeline.ts";
import { clientTimings } from "./certify-client.ts";
import { junitXml } from "./junit.ts";
import type { ScenarioResult } from "./results.ts";

export type Role = "server" | "client" | "both";

export interface Capture {
  file: string;
  entries: TimelineEntry[];
  /** A last line cut short (a recorder killed mid-write, a full disk): left out, reported. */
  torn?: TornLine;
}

/**
 * Reads a capture file. A last line without its newline that is not valid JSON is torn:
 * it is left out and reported. Any other bad line, a missing file or an empty capture is
 * an error (CTIPSKIT_E_TIMELINE_IO, CTIPSKIT_E_TIMELINE_PARSE, CTIPSKIT_E_CHECK_INPUT).
 */
export function readCapture(file: string): Capture {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_TIMELINE_IO",
      `cannot read the capture ${file}: ${(err as Error).message}`,
      {
        cause: err,
        fix: "give the file `ctips-kit record --out` (or `mock --record`) wrote",
      },
    );
  }
  let torn: Capture["torn"];
  const entries = parseTimeline(text, file, {
    onTorn: (t) => {
      torn = t;
    },
  });
  if (entries.length === 0)
    throw new KitError(
      "CTIPSKIT_E_CHECK_INPUT",
      torn
        ? `the capture ${file} has no complete entry: its only line is not a timeline entry (${torn.reason})`
        : `the capture ${file} has no entries: nothing to check`,
      { fix: "give a capture `ctips-kit record --out` wrote, after some traffic passed (docs/record.md)" },
    );
  return { file, entries, torn };
}

/** What the caller knows better than the capture; everything optional. */
export interface GivenParams {
  profile?: Profile;
  heartbeatIntervalMs?: number;
  missedHeartbeats?: number;
  /** Each accepted request completed by its event within this, in ms. */
  completeWithinMs?: number;
  /** Heartbeats and events answered within this, in ms. */
  answerWithinMs?: number;
  /** A desktop answers a presented call, or disposes a Wrap, within this, in ms. */
  reactWithinMs?: number;
  snapshotWithinMs?: number;
  routeTimeoutMs?: number;
  reconnectWithinMs?: number;
  maxSessions?: number;
  /** The agents an agent desktop works for. */
  agentIds?: number[];
}

export interface CaptureCheckOptions {
  /** Whose side to judge: the server's, the client's, or both (default). */
  role?: Role;
  /** strict (default): deviations the tolerant reader accepted fail; compatible: they warn. */
  mode?: "strict" | "compatible";
  /** Readings that do not hold fail instead of warning. */
  strictReadings?: boolean;
  given?: GivenParams;
}

/** One parameter and where its value came from. */
export interface Parameter {
  name: string;
  value: string;
  source: "given" | "inferred" | "default";
  how: string;
}

export type CheckStatus = "passed" | "failed" | "warned" | "not-judged" | "harness" | "not-run";

export interface CheckVerdict {
  check: string;
  area: CatalogueEntry["area"];
  judges: CatalogueEntry["judges"];
  clause: string;
  severity: string;
  reading?: string;
  status: CheckStatus;
  /** Why it was not run or not judged. */
  reason?: string;
  findings: Finding[];
  durationMs: number;
}

export interface CaptureReport {
  role: Role;
  mode: "strict" | "compatible";
  strictReadings: boolean;
  capture: {
    file?: string;
    entries: number;
    recorders: string[];
    sessions: number;
    spanMs: number;
    torn?: Capture["torn"];
  };
  parameters: Parameter[];
  checks: CheckVerdict[];
  totals: Record<CheckStatus, number>;
  /** 1 when a check failed, else 0. */
  exitCode: 0 | 1;
}

/** Checks that judge a scenario's expectation, not a recording alone. */
const NOT_PASSIVE: Record<string, string> = {
  timelineFollowsFlow: "needs a flow expectation (a scenario's); not a passive check",
  requestIsRefused: "needs to know which request must be refused (a scenario's); not a passive check",
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The parameters of the catalogue for this capture, and what could not be had. */
function parametersFor(
  entries: readonly TimelineEntry[],
  given: GivenParams,
  mode: { value: "strict" | "compatible"; given: boolean },
): { params: CatalogueParams; parameters: Parameter[]; missing: Map<string, string> } {
  const index = indexTimeline(entries);
  const parameters: Parameter[] = [];
  const missing = new Map<string, string>();
  const take = <T>(
    name: string,
    givenValue: T | undefined,
    inferred: { value: T; how: string } | undefined,
    fallback: { value: T; how: string } | undefined,
    show: (v: T) => string = String,
  ): T | undefined => {
    const [value, source, how] =
      givenValue !== undefined
        ? [givenValue, "given" as const, "on the command line"]
        : inferred
          ? [inferred.value, "inferred" as const, inferred.how]
          : fallback
            ? [fallback.value, "default" as const, fallback.how]
            : [undefined, undefined, undefined];
    if (value !== undefined && source) parameters.push({ name, value: show(value), source, how });
    return value;
  };

  // The profile: a capture whose OpenConnection spells the guide's names is a guide-profile client.
  const guideOpen = index.openConnections.some((e) => e.deviations?.some((d) => d.kind === "guide-spelling"));
  const profile = take<Profile>(
    "profile",
    given.profile,
    guideOpen ? { value: "guide", how: "OpenConnection used the guide's spellings" } : undefined,
    { value: "wire", how: "no OpenConnection used the guide's spellings" },
  ) as Profile;
  parameters.push({
    name: "mode",
    value: mode.value,
    source: mode.given ? "given" : "default",
    how:
      mode.value === "strict"
        ? "deviations from the wire contract fail"
        : "deviations from the wire contract warn",
  });

  // The heartbeat interval: the median gap between a session's consecutive heartbeats.
  const gaps: number[] = [];
  let beating = 0;
  for (const s of index.sessions.values()) {
    if (s.heartbeats.length > 1) beating++;
    for (let i = 1; i < s.heartbeats.length; i++)
      gaps.push((s.heartbeats[i].monoNs - s.heartbeats[i - 1].monoNs) / 1e6);
  }
  const intervalMs = take(
    "heartbeat interval (ms)",
    given.heartbeatIntervalMs,
    gaps.length
      ? {
          value: Math.round(median(gaps)),
          how: `median of ${gaps.length} gap(s) between heartbeats in ${beating} session(s); the mean is then judged against itself: give --heartbeat-ms, the CTIPS's configured interval, to judge it too`,
        }
      : undefined,
    undefined,
  );
  if (intervalMs === undefined) {
    const why = "no session with two heartbeats to infer the heartbeat interval from; give --heartbeat-ms";
    missing.set("heartbeatsKeepTheConfiguredInterval", why);
    missing.set("clientReconnectsAfterHeartbeatsStop", why);
  }
  const timings = clientTimings(intervalMs ?? 30_000);
  const missedLimit = take("missed heartbeats before disposal", given.missedHeartbeats, undefined, {
    value: 3,
    how: "the guide's default (EDK 1-4)",
  }) as number;
  const withinMs = take("requests completed within (ms)", given.completeWithinMs, undefined, {
    value: 10_000,
    how: "the kit's event timeout against a real CTIPS (docs/certify.md)",
  }) as number;
  const answerWithinMs = take("callbacks answered within (ms)", given.answerWithinMs, undefined, {
    value: timings.answerWithinMs,
    how: "as certify client (the guide: within milliseconds, EDK 4-1)",
  }) as number;
  const reactWithinMs = take("a desktop reacts within (ms)", given.reactWithinMs, undefined, {
    value: timings.reactWithinMs,
    how: "as certify client",
  }) as number;
  const snapshotWithinMs = take("Snapshot after OnLine within (ms)", given.snapshotWithinMs, undefined, {
    value: timings.snapshotWithinMs,
    how: "as certify client",
  }) as number;
  const reconnectWithinMs = take(
    "reconnection within (ms)",
    given.reconnectWithinMs,
    undefined,
    intervalMs === undefined
      ? undefined
      : { value: timings.reconnectWithinMs, how: "as certify client: 4 intervals to notice, 2 more, 3 s" },
  );
  // RouteRequest tells the client its route timeout, in whole seconds.
  const routeTimeouts = index.entries
    .filter((e) => e.kind === "event" && e.name === "RouteRequest")
    .map((e) => (e.payload as { RouteTimeout?: unknown } | undefined)?.RouteTimeout)
    .filter((v): v is number => typeof v === "number" && v > 0);
  const routeTimeoutMs = take(
    "route timeout (ms)",
    given.routeTimeoutMs,
    routeTimeouts.length
      ? {
          value: routeTimeouts.reduce((a, b) => Math.max(a, b)) * 1000,
          how: `RouteTimeout of ${routeTimeouts.length} RouteRequest event(s)`,
        }
      : undefined,
    { value: timings.routeTimeoutMs, how: "no RouteRequest in the capture; as certify client" },
  ) as number;
  const maxSessions = take("session cap", given.maxSessions, undefined, {
    value: 10,
    how: "the guide (EDK 1-3)",
  });

  // The desktop's agents: those the client logged in (the AgentId its LoginAgent's events name).
  const loggedIn = new Set<number>();
  for (const s of index.sessions.values())
    for (const r of s.requests) {
      if (operationOf(r) !== "LoginAgent" || r.requestId === undefined) continue;
      for (const e of s.eventsByRequestId.get(r.requestId) ?? []) if (e.agentId) loggedIn.add(e.agentId);
    }
  const agentIds = take(
    "the desktop's agents",
    given.agentIds,
    loggedIn.size
      ? { value: [...loggedIn].sort((a, b) => a - b), how: "the agents the client logged in" }
      : undefined,
    undefined,
    (v) => v.join(", "),
  );
  if (agentIds === undefined) {
    const why = "the client logged no agent in (not an agent desktop); give --agents to judge it as one";
    for (const c of [
      "clientAnswersPresentedCallsWithin",
      "clientDisposesInWrapWithin",
      "clientLogsItsAgentsOut",
    ])
      missing.set(c, why);
  }

  const params: CatalogueParams = {
    requestsCompleteWithin: { withinMs },
    clientAnswersHeartbeatsWithin: { answerWithinMs },
    sessionDisposedAfterExactlyNMissedHeartbeats: { missedLimit },
    entriesCarryNoToleratedDeviations: { profile },
    sessionCountNeverExceedsCap: { maxSessions },
    clientTakesSnapshotAfterOnLine: { withinMs: snapshotWithinMs },
    clientAnswersEventsWithin: { answerWithinMs },
    clientRoutesEachRouteRequest: { routeTimeoutMs },
  };
  if (intervalMs !== undefined) {
    params.heartbeatsKeepTheConfiguredInterval = { intervalMs };
    params.clientReconnectsAfterHeartbeatsStop = {
      intervalMs,
      reconnectWithinMs: reconnectWithinMs as number,
    };
  }
  if (agentIds !== undefined) {
    params.clientAnswersPresentedCallsWithin = { agentIds, withinMs: reactWithinMs };
    params.clientDisposesInWrapWithin = { agentIds, withinMs: reactWithinMs };
    params.clientLogsItsAgentsOut = { agentIds };
  }
  return { params, parameters, missing };
}

function statusOf(e: CatalogueEntry, findings: readonly Finding[], strictReadings: boolean): CheckStatus {
  const fails = findings.filter((f) => f.outcome === "fail");
  if (fails.some((f) => f.severity === "failure" && (!e.reading || strictReadings))) return "failed";
  if (fails.length) return "warned";
  const faults = findings.filter((f) => f.outcome === "harness-fault");
  if (faults.length === 0) return "passed";
  return faults.every((f) => f.message.startsWith("nothing to check")) &&
    findings.every((f) => f.outcome !== "pass")
    ? "not-judged"
    : "harness";
}

/** Runs every passive check of the catalogue for `role` over a capture's entries. */
export function checkCapture(entries: readonly TimelineEntry[], o: CaptureCheckOptions = {}): CaptureReport {
  const role = o.role ?? "both";
  const mode = o.mode ?? "strict";
  const strictReadings = o.strictReadings ?? false;
  const { params, parameters, missing } = parametersFor(entries, o.given ?? {}, {
    value: mode,
    given: o.mode !== undefined,
  });
  const bindings = {
    entriesCarryNoToleratedDeviations: { severity: deviationSeverity(mode), clause: "WIRE data contracts" },
  };
  const checks: CheckVerdict[] = [];
  for (const e of CATALOGUE) {
    if (role !== "both" && e.judges !== role && e.judges !== "both") continue;
    const name = e.check.name;
    const binding = name in bindings ? bindings[name as keyof typeof bindings] : e;
    const verdict: CheckVerdict = {
      check: name,
      area: e.area,
      judges: e.judges,
      clause: binding.clause,
      severity: binding.severity,
      reading: e.reading,
      status: "not-run",
      findings: [],
      durationMs: 0,
    };
    const skip = NOT_PASSIVE[name] ?? missing.get(name);
    if (skip) {
      verdict.status = name in NOT_PASSIVE ? "not-run" : "not-judged";
      verdict.reason = skip;
    } else {
      const started = performance.now();
      verdict.findings = runCatalogue(entries, { only: [name], params, bindings });
      verdict.durationMs = performance.now() - started;
      verdict.status = statusOf(e, verdict.findings, strictReadings);
      if (verdict.status === "not-judged") verdict.reason = verdict.findings[0]?.message;
    }
    checks.push(verdict);
  }
  const totals: Record<CheckStatus, number> = {
    passed: 0,
    failed: 0,
    warned: 0,
    "not-judged": 0,
    harness: 0,
    "not-run": 0,
  };
  for (const c of checks) totals[c.status]++;
  const index = indexTimeline(entries);
  const first = index.entries[0];
  const last = index.entries[index.entries.length - 1];
  return {
    role,
    mode,
    strictReadings,
    capture: {
      entries: entries.length,
      recorders: [...new Set(entries.map((e) => e.recorder))],
      sessions: index.sessions.size,
      spanMs: first && last ? Math.round((last.monoNs - first.monoNs) / 1e6) : 0,
    },
    parameters,
    checks,
    totals,
    exitCode: totals.failed > 0 ? 1 : 0,
  };
}

/** A check as the kit's JUnit writer takes a scenario: one testcase per check, a testsuite per area. */
export function asScenario(c: CheckVerdict): ScenarioResult {
  const failing = c.findings.filter((f) => f.outcome === "fail");
  const text = (fs: readonly Finding[]) =>
    fs.map((f) => `${f.message} [${f.clause}] (evidence #${f.evidence.join(", #")})`).join("\n");
  const base: ScenarioResult = {
    name: c.check,
    uri: `checks/${c.area}`,
    feature: c.area,
    // The JUnit writer groups by this text only; a check's area names the testsuite.
    area: c.area as ScenarioResult["area"],
    tags: [],
    kind: c.reading ? "reading" : "normative",
    readings: c.reading ? [c.reading] : [],
    status: "passed",
    readingNotes: [],
    durationMs: c.durationMs,
  };
  switch (c.status) {
    case "failed":
      return { ...base, status: "failed", message: text(failing) };
    case "warned":
      return c.reading
        ? {
            ...base,
            status: "reading",
            readingNotes: failing.map((f) => ({ reading: c.reading as string, message: f.message })),
          }
        : { ...base, status: "skipped", skipReason: `warning (${c.severity}): ${text(failing)}` };
    case "harness":
      return {
        ...base,
        status: "harness",
        message: c.findings
          .filter((f) => f.outcome === "harness-fault")
          .map((f) => f.message)
          .join("\n"),
      };
    case "not-judged":
    case "not-run":
      return { ...base, status: "skipped", skipReason: c.reason };
    default:
      return base;
  }
}

/** Writes `check.json` and `check-junit.xml` into `dir`; returns their paths. */
export function writeCheckReports(report: CaptureReport, dir: string): { json: string; junit: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, "check.json");
  const junit = join(dir, "check-junit.xml");
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(junit, junitXml(report.checks.map(asScenario), `ctips-kit check (${report.role})`));
  return { json, junit };
}
