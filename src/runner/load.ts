/**
 * A load run: the mock CTIPS on a generated topology of N agents, client sessions through
 * the recording client (monitors, a router, an agent desktop, and misbehaving clients if
 * asked), customer calls at a rate for a time, and every check of the catalogue judging the
 * mock's timeline and each client's while the run goes, in a worker thread and in bounded
 * memory. Reports calls/h, events/s, delivery latency and lag per session, heartbeat
 * jitter, lost events, findings, and memory over time.
 * @see docs/benchmarks.md "Load profile"
 */
import { createServer } from "node:net";
import type { CatalogueParams } from "../checks/catalogue.ts";
import { contract } from "../contract/schemas.ts";
import { type MockCtips, resolveMockConfig, startMockCtips } from "../mock-ctips/index.ts";
import { memoryChart } from "../report/memory.ts";
import { Timeline } from "../timeline/timeline.ts";
import { clientTimings } from "./certify-client.ts";
import { CheckHost, type CheckedTimeline, type TimelineFinding } from "./load-check-host.ts";
import {
  DeliveryTracker,
  EmissionLedger,
  fingerprint,
  HeartbeatTracker,
  type LatencySummary,
  MB,
  type MemorySample,
} from "./load-metrics.ts";
import {
  type LoadCheckTimings,
  type LoadProfile,
  loadCheckTimings,
  loadTopology,
  type SessionSpec,
  sessionPlan,
} from "./load-profile.ts";
import {
  CallDriver,
  type DriverCounts,
  type LoadSession,
  openLoadSession,
  RequestIds,
} from "./load-roles.ts";
import { STREAM_MODES, type StreamStats } from "./load-stream.ts";

/** The target: RSS grows less than this under load, after the warm-up. */
export const RSS_GROWTH_LIMIT_MB = 50;

export interface LoadEnv {
  /** One line per phase (start-up, warm-up, load, drain, shut-down). */
  progress?: (line: string) => void;
  /** A full garbage collection, for the memory measured after the warm-up and at the end. */
  gc?: () => void;
  /** Ends the load phase early (Ctrl-C); the run still drains, judges and reports. */
  signal?: AbortSignal;
  /** Called once the sessions are open, before calls start (tests: faults, extra traffic). */
  onReady?: (run: { mock: MockCtips; sessions: readonly LoadSession[] }) => void | Promise<void>;
}

export interface MemoryPoint {
  rssMb: number;
  /** The main thread's heap (mock, clients, run): MB. */
  heapMb: number;
  /** The check worker's heap, MB. */
  checkerHeapMb: number;
}

export interface SessionReport {
  name: string;
  role: SessionSpec["role"];
  sessionId: string;
  subscribes: string;
  misbehaves: boolean;
  sent: number;
  received: number;
  failed: number;
  dropped: number;
  mismatched: number;
  /** The mock's send → the client's receipt, ms. */
  delivery: LatencySummary;
  /** Behind the reference session (the first monitor) in being sent the same event, ms (from the mock's timeline). */
  lag: LatencySummary;
  /** How long the mock held an event this session was free to take, ms. */
  wait: LatencySummary;
}

export interface LoadReport {
  profile: LoadProfile;
  timings: LoadCheckTimings;
  /** The measurement window (after warm-up, while calls were created), and to the drain, in s. */
  windowS: number;
  toDrainS: number;
  calls: DriverCounts & {
    createdPerHour: number;
    completedPerHour: number;
    /** Calls still open when the run gave up waiting. */
    open: number;
    failures: string[];
  };
  events: {
    /** Events the simulator emitted (whole run). */
    emitted: number;
    /** Received by the healthy sessions' clients in the window. */
    receivedInWindow: number;
    perSecond: number;
    perSecondOverall: number;
    /** Events lost: not sent where the subscriptions say, or sent to a healthy session and never received. */
    lost: number;
    lostDetail: { routing: number; undelivered: number; dropped: number; failed: number; mismatched: number };
    /** Sent to the reference monitor or the router more often than the simulator emitted them. */
    duplicated: number;
  };
  sessions: SessionReport[];
  heartbeats: { configuredMs: number; interval: LatencySummary; jitter: LatencySummary };
  memory: {
    /** After the warm-up. */
    start: MemoryPoint;
    /** At the end of the load, still under load. */
    loaded: MemoryPoint;
    /** After the drain. */
    end: MemoryPoint;
    /** loaded − start. */
    rssGrowthMb: number;
    heapGrowthMb: number;
    samples: MemorySample[];
    /** When the load window ended, in seconds since the run started (the drain follows). */
    loadEndS: number;
  };
  checks: {
    /** Findings that count: on healthy sessions and the mock's own behaviour. */
    findings: TimelineFinding[];
    /** Findings about the sessions that misbehave on purpose (expected, not counted). */
    expected: TimelineFinding[];
    /** Findings that count beyond the ones kept. */
    more: number;
    /** Expected findings beyond the ones kept. */
    moreExpected: number;
    stats: Record<string, StreamStats>;
    checkerHeapMb: number;
    modes: Readonly<Record<string, string>>;
  };
  targets: { findings: boolean; lost: boolean; rssGrowth: boolean; met: boolean };
}

const ROUTE = "EventCategoryRoute";
const NONE: LatencySummary = { count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Memory after a full collection in both threads (when `gc` is given). */
async function memory(host: CheckHost, gc?: () => void): Promise<MemoryPoint> {
  let checkerHeapMb = host.heapMb;
  if (gc) {
    gc();
    checkerHeapMb = await host.gc();
  }
  const m = process.memoryUsage();
  return { rssMb: m.rss / MB, heapMb: m.heapUsed / MB, checkerHeapMb };
}

/** A loopback port nothing listens on (bound, then closed): a dead client's callback URL. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const describeSubscription = (s: SessionSpec) =>
  [
    s.categories.map((c) => c.replace("EventCategory", "")).join("+"),
    ...s.filters.map((f) => `${f.fieldType}=${f.value}`),
  ].join(" ");

/** The catalogue's parameters for one timeline; the desktop's checks where the desktop's agents are. */
function checkParams(
  p: LoadProfile,
  t: LoadCheckTimings,
  mock: MockCtips,
  agentIds: number[] | undefined,
): CatalogueParams {
  const c = mock.core.config;
  const params: CatalogueParams = {
    requestsCompleteWithin: { withinMs: t.completeWithinMs },
    clientAnswersHeartbeatsWithin: { answerWithinMs: t.answerWithinMs },
    sessionDisposedAfterExactlyNMissedHeartbeats: {
      missedLimit: c.missedHeartbeats,
      answerTimeoutMs: c.heartbeatTimeoutMs || Math.floor(c.heartbeatIntervalMs * 0.8),
    },
    clientReconnectsAfterHeartbeatsStop: {
      intervalMs: p.heartbeatMs,
      reconnectWithinMs: clientTimings(p.heartbeatMs).reconnectWithinMs,
    },
    entriesCarryNoToleratedDeviations: { profile: c.profile },
    sessionCountNeverExceedsCap: { maxSessions: c.maxSessions },
    clientTakesSnapshotAfterOnLine: { withinMs: t.snapshotWithinMs },
    clientAnswersEventsWithin: { answerWithinMs: t.answerWithinMs },
    clientRoutesEachRouteRequest: { routeTimeoutMs: t.routeTimeoutMs },
  };
  if (agentIds) {
    params.clientAnswersPresentedCallsWithin = { agentIds, withinMs: t.reactWithinMs };
    params.clientDisposesInWrapWithin = { agentIds, withinMs: t.reactWithinMs };
    params.clientLogsItsAgentsOut = { agentIds };
  }
  return params;
}

/** Runs one load profile (validated: resolveLoadProfile) and reports what it measured. */
export async function runLoad(p: LoadProfile, env: LoadEnv = {}): Promise<LoadReport> {
  const say = env.progress ?? (() => {});
  const timings = loadCheckTimings(p);
  const topology = loadTopology(p);
  const config = resolveMockConfig({
    source: "the load profile",
    value: {
      port: 0,
      heartbeatIntervalMs: p.heartbeatMs,
      timelineRetain: p.retain,
      topology,
      // The desktop ends every wrap (SetDisposition); the ACD takes 100 ms to queue and to distribute.
      timings: { deliverMs: 100, distributeMs: 100, wrapMs: 0 },
    },
  });
  const started = performance.now();
  const mock = await startMockCtips(config);
  const plan = sessionPlan(p);
  const clientTimelines = plan.map(() => new Timeline({ recorder: "client", retain: p.retain }));
  const agentIds = topology.agents.map((a) => a.agentId);
  const loginIds = Object.fromEntries(topology.agents.map((a) => [a.loginName, a.agentId]));
  const streamOptions = (agents: number[] | undefined) => ({
    params: checkParams(p, timings, mock, agents),
    heartbeatIntervalMs: p.heartbeatMs,
    settleMs: timings.settleMs,
  });
  const checked: CheckedTimeline[] = [
    { name: "mock", timeline: mock.timeline, options: streamOptions(agentIds), agentIds: loginIds },
    ...plan.map((s, i) => ({
      name: s.name,
      timeline: clientTimelines[i],
      options: streamOptions(s.role === "desktop" ? agentIds : undefined),
      agentIds: loginIds,
    })),
  ];
  const host = new CheckHost(checked, Math.max(500, Math.round(timings.settleMs / 2)));
  // Findings about the clients that misbehave on purpose are expected: told apart as they
  // arrive (by timeline name now, by SessionId once each session is open).
  const misbehaving = new Set(plan.filter((x) => x.misbehaves).map((x) => x.name));
  host.isExpected = (f) =>
    misbehaving.has(f.timeline) || (f.subject?.session !== undefined && misbehaving.has(f.subject.session));
  const delivery = new DeliveryTracker(mock.timeline);
  const beats = new HeartbeatTracker(p.heartbeatMs);
  const detach: (() => void)[] = [];
  const sessions: LoadSession[] = [];
  let driver: CallDriver | undefined;
  try {
    // Routing: every event the simulator emits is sent to the reference monitor (it takes
    // everything but routing) or to the router (routing): matched one by one, whole run.
    const reference = new EmissionLedger();
    const routed = new EmissionLedger();
    let emitted = 0;
    let completedInWindow = 0;
    let inWindow = false;
    const isRoute = (eventType: string) => contract().eventTypes.get(eventType)?.category === ROUTE;
    detach.push(
      mock.core.simulator.onEvent((e) => {
        emitted++;
        const name = e.value.EventType as string;
        delivery.onEmit(name, e.value);
        (isRoute(name) ? routed : reference).emitted(fingerprint(name, e.value));
        if (inWindow && name === "CallCompleted") completedInWindow++;
      }),
    );
    let refId = "";
    let routerId = "";
    detach.push(
      mock.timeline.onAppend((e) => {
        delivery.onMock(e);
        beats.onMock(e);
        if (e.kind !== "event" || e.direction !== "out" || e.name?.startsWith("SnapShot")) return;
        if (e.session === refId) reference.sent(fingerprint(e.name, e.payload));
        else if (e.session === routerId && isRoute(e.name ?? "")) routed.sent(fingerprint(e.name, e.payload));
      }),
    );
    let receivedInWindow = 0;
    const healthy = new Set<string>();
    for (const tl of clientTimelines)
      detach.push(
        tl.onAppend((e) => {
          delivery.onClient(tl, e);
          if (inWindow && e.kind === "event" && e.session !== undefined && healthy.has(e.session))
            receivedInWindow++;
        }),
      );

    say(`starting: ${p.agents} agents, ${plan.length} sessions (${plan.map((s) => s.name).join(", ")})`);
    const ids = new RequestIds();
    const ctx = {
      target: mock.endpoint,
      credentials: config.users[0],
      tenantId: config.tenantId,
      retain: p.retain,
      ids,
      profile: p,
      deadUrl: `http://127.0.0.1:${await closedPort()}/dead`,
    };
    for (let i = 0; i < plan.length; i++) {
      const s = await openLoadSession(plan[i], ctx, clientTimelines[i]);
      sessions.push(s);
      if (!s.spec.misbehaves) healthy.add(s.session.sessionId);
      else misbehaving.add(s.session.sessionId);
      if (i === 0) delivery.setReference(s.session.sessionId);
    }
    const byRole = (role: SessionSpec["role"]) => sessions.find((s) => s.spec.role === role) as LoadSession;
    refId = sessions[0].session.sessionId;
    routerId = byRole("router").session.sessionId;
    driver = new CallDriver(p, mock.control, byRole("desktop"), byRole("router"), ids);
    await driver.loginAgents(
      topology.agents.map((a) => a.loginName),
      30_000 + p.agents * 20,
    );
    await env.onReady?.({ mock, sessions });

    const period = 3_600_000 / p.callsPerHour;
    const createFor = async (ms: number) => {
      const from = performance.now();
      for (let k = 0; k * period < ms && !env.signal?.aborted; k++) {
        const wait = from + k * period - performance.now();
        if (wait > 0) await sleep(wait);
        driver?.createCall();
      }
    };
    say(`warm-up: ${p.warmupS} s at ${p.callsPerHour} calls/h`);
    await createFor(p.warmupS * 1000);

    const start = await memory(host, env.gc);
    const samples: MemorySample[] = [];
    const sample = () => {
      const m = process.memoryUsage();
      samples.push({
        t: Math.round((performance.now() - started) / 100) / 10,
        rssMb: m.rss / MB,
        heapMb: m.heapUsed / MB,
        checkerHeapMb: host.heapMb,
      });
      // Keep the series short however long the run: every other sample once it is long.
      if (samples.length > 400) for (let i = samples.length - 1; i > 0; i -= 2) samples.splice(i, 1);
    };
    sample();
    const sampler = setInterval(sample, p.sampleS * 1000);
    delivery.resetWindow();
    beats.resetWindow();
    const countsAtStart = { ...driver.counts };
    inWindow = true;
    const windowFrom = performance.now();
    say(`load: ${p.durationS} s`);
    await createFor(p.durationS * 1000);
    const windowTo = performance.now();
    inWindow = false;
    delivery.stopMeasuring();
    beats.stopMeasuring();
    const countsInWindow = { ...driver.counts };
    // Still under load, as after the warm-up: the growth between the two is what the run kept.
    const loaded = await memory(host, env.gc);

    say(`drain: ${driver.open} calls open`);
    const longest = p.answerMs * 2 + p.talkMs + p.holdMs + p.wrapMs * 2 + timings.routeTimeoutMs + 30_000;
    const drainBy = performance.now() + longest;
    while (driver.open > 0 && performance.now() < drainBy) await sleep(100);
    const openAtEnd = driver.open;
    // Then every healthy session has been sent, and has received, everything.
    const quietBy = performance.now() + 30_000;
    const settled = () =>
      sessions.every(
        (s) =>
          s.spec.misbehaves ||
          (delivery.inFlight(s.session.sessionId) === 0 &&
            (mock.core.sessions.get(s.session.sessionId)?.pending ?? 0) === 0),
      );
    while (!settled() && performance.now() < quietBy) await sleep(100);
    const drained = performance.now();
    clearInterval(sampler);
    sample();
    const end = await memory(host, env.gc);
    const lostDetail = {
      routing: reference.missing + routed.missing,
      undelivered: 0,
      dropped: 0,
      failed: 0,
      mismatched: 0,
    };
    const sessionReports: SessionReport[] = sessions.map((s) => {
      const d = delivery.all.find((x) => x.session === s.session.sessionId);
      const r: SessionReport = {
        name: s.spec.name,
        role: s.spec.role,
        sessionId: s.session.sessionId,
        subscribes: describeSubscription(s.spec),
        misbehaves: s.spec.misbehaves,
        sent: d?.sent ?? 0,
        received: d?.received ?? 0,
        failed: d?.failed ?? 0,
        dropped: d?.dropped ?? 0,
        mismatched: d?.mismatched ?? 0,
        delivery: d?.delivery.summary() ?? NONE,
        lag: d?.lag.summary() ?? NONE,
        wait: d?.wait.summary() ?? NONE,
      };
      if (!s.spec.misbehaves) {
        lostDetail.undelivered += delivery.inFlight(s.session.sessionId);
        lostDetail.dropped += r.dropped;
        lostDetail.failed += r.failed;
        lostDetail.mismatched += r.mismatched;
      }
      return r;
    });
    const lost =
      lostDetail.routing +
      lostDetail.undelivered +
      lostDetail.dropped +
      lostDetail.failed +
      lostDetail.mismatched;

    // The run is judged up to here: its shut-down is the kit's own clients leaving, which
    // certify client judges (a client's logout and OffLine/CloseConnection order).
    say("judging the last round");
    await host.finish({ ended: false });
    say("shut-down: agents out, sessions offline and closed");
    driver.stop();
    await driver.logoutAgents(agentIds);
    const loggedOutBy = performance.now() + 10_000;
    while (!settled() && performance.now() < loggedOutBy) await sleep(50);
    for (const s of sessions) {
      await s.session.offline().catch(() => undefined);
      await s.session.close().catch(() => undefined);
    }

    const windowS = (windowTo - windowFrom) / 1000;
    const findings = host.findings;
    const rssGrowthMb = loaded.rssMb - start.rssMb;
    const targets = {
      findings: findings.length === 0 && host.more === 0,
      lost: lost === 0 && reference.extra + routed.extra === 0,
      rssGrowth: rssGrowthMb < RSS_GROWTH_LIMIT_MB,
      met: false,
    };
    targets.met = targets.findings && targets.lost && targets.rssGrowth;
    const windowCounts = Object.fromEntries(
      Object.entries(countsInWindow).map(([k, v]) => [k, v - countsAtStart[k as keyof DriverCounts]]),
    ) as unknown as DriverCounts;
    return {
      profile: p,
      timings,
      windowS,
      toDrainS: (drained - windowFrom) / 1000,
      calls: {
        ...driver.counts,
        createdPerHour: (windowCounts.created / windowS) * 3600,
        completedPerHour: (completedInWindow / windowS) * 3600,
        open: openAtEnd,
        failures: driver.failures,
      },
      events: {
        emitted,
        receivedInWindow,
        perSecond: receivedInWindow / windowS,
        perSecondOverall:
          sessionReports.filter((s) => !s.misbehaves).reduce((n, s) => n + s.received, 0) /
          ((drained - windowFrom) / 1000),
        lost,
        lostDetail,
        duplicated: reference.extra + routed.extra,
      },
      sessions: sessionReports,
      heartbeats: {
        configuredMs: p.heartbeatMs,
        interval: beats.interval.summary(),
        jitter: beats.jitter.summary(),
      },
      memory: {
        start,
        loaded,
        end,
        rssGrowthMb,
        heapGrowthMb: loaded.heapMb + loaded.checkerHeapMb - start.heapMb - start.checkerHeapMb,
        samples,
        loadEndS: Math.round((windowTo - started) / 100) / 10,
      },
      checks: {
        findings,
        expected: host.expected,
        more: host.more,
        moreExpected: host.moreExpected,
        stats: host.stats,
        checkerHeapMb: host.heapMb,
        modes: STREAM_MODES,
      },
      targets,
    };
  } catch (err) {
    await host.abort();
    throw err;
  } finally {
    driver?.stop();
    for (const d of detach) d();
    for (const s of sessions) await s.client.close().catch(() => undefined);
    await mock.close();
  }
}

// ---------------------------------------------------------------------------- the report

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "–");
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");
const lat = (s: LatencySummary) => `${f2(s.p50)} / ${f2(s.p99)} / ${f1(s.max)} ms`;

/** One finding as a line: where, which check, what. */
/** Longest message a finding's line shows (the JSON report keeps it whole). */
const LINE_MESSAGE_CHARS = 400;

export function findingLine(f: TimelineFinding): string {
  let message = f.message.split("\n")[0];
  if (message.length > LINE_MESSAGE_CHARS)
    message = `${message.slice(0, LINE_MESSAGE_CHARS)} … (${message.length - LINE_MESSAGE_CHARS} characters more in the JSON report)`;
  return `[${f.timeline}] ${f.check} (${f.clause}, ${f.severity}): ${message} (evidence #${f.evidence.slice(0, 8).join(", #")})`;
}

/** The memory over the run as a picture (src/report/memory.ts): against the RSS after warm-up and the 50 MB limit. */
export function loadMemoryChart(r: LoadReport): string {
  const p = r.profile;
  return memoryChart(r.memory.samples, {
    baselineRssMb: r.memory.start.rssMb,
    growthLimitMb: RSS_GROWTH_LIMIT_MB,
    loadEndS: r.memory.loadEndS,
    subtitle: `${p.agents} agents, ${p.callsPerHour} calls/h, ${p.sessions} sessions, ${p.durationS} s after ${p.warmupS} s of warm-up`,
  });
}

/** The report as the terminal shows it. */
export function loadReportLines(r: LoadReport): string[] {
  const p = r.profile;
  const c = r.calls;
  const lines = [
    `profile: ${p.agents} agents on ${p.services} services (+1 routed), ${p.callsPerHour} calls/h for ${p.durationS} s after ${p.warmupS} s of warm-up; ${p.sessions} sessions`,
    `  answer ${p.answerMs} ms (${Math.round(p.acceptShare * 100)} % through the desktop), talk ${p.talkMs} ms, hold ${p.holdMs} ms for ${Math.round(p.holdShare * 100)} %, wrap ${p.wrapMs} ms; ${Math.round(p.transferShare * 100)} % transferred, ${Math.round(p.routedShare * 100)} % routed; heartbeats every ${p.heartbeatMs} ms`,
    `calls: ${f0(c.createdPerHour)}/h offered, ${f0(c.completedPerHour)}/h completed in the window; ${c.created} created, ${c.completed} completed, ${c.open} left open; ${c.transferred} transferred, ${c.held} held, ${c.routed} routed, ${c.accepted} accepted, ${c.disposed} disposed; ${c.requestFailures} requests refused or failed`,
    ...c.failures.slice(0, 5).map((x) => `  refused: ${x}`),
    `events: ${f0(r.events.perSecond)}/s received in the window (${f0(r.events.perSecondOverall)}/s to the drain, ${f1(r.toDrainS)} s); ${r.events.emitted} emitted by the simulator; lost ${r.events.lost} (routing ${r.events.lostDetail.routing}, undelivered ${r.events.lostDetail.undelivered}, dropped ${r.events.lostDetail.dropped}, failed ${r.events.lostDetail.failed}, out of order ${r.events.lostDetail.mismatched}); ${r.events.duplicated} duplicated`,
    `sessions, p50 / p99 / max — delivery: the mock's send → the client's receipt; lag: behind ${r.sessions[0]?.name ?? "the reference"} in being sent the same event; wait: held by the mock while the session was free:`,
  ];
  const w = Math.max(...r.sessions.map((s) => s.name.length));
  for (const s of r.sessions)
    lines.push(
      `  ${s.name.padEnd(w)}  ${s.subscribes.padEnd(34)} sent ${String(s.sent).padStart(7)}  received ${String(s.received).padStart(7)}  delivery ${lat(s.delivery)}  lag ${lat(s.lag)}  wait ${lat(s.wait)}${s.misbehaves ? "  (misbehaves on purpose)" : ""}`,
    );
  lines.push(
    `heartbeats: every ${r.heartbeats.configuredMs} ms configured; intervals ${lat(r.heartbeats.interval)}; jitter |interval − configured| ${lat(r.heartbeats.jitter)} (${r.heartbeats.interval.count} intervals)`,
  );
  const m = r.memory;
  const point = (x: MemoryPoint) => `RSS ${f1(x.rssMb)} MB, heap ${f1(x.heapMb)} + ${f1(x.checkerHeapMb)} MB`;
  lines.push(
    `memory (heap: main thread + check worker, after a full GC): after warm-up ${point(m.start)}; end of load ${point(m.loaded)}; after drain ${point(m.end)}`,
    `  growth under load: RSS ${f1(m.rssGrowthMb)} MB, heap ${f1(m.heapGrowthMb)} MB`,
    `  over time (s: RSS/heap/checker MB): ${m.samples.map((s) => `${f0(s.t)}: ${f0(s.rssMb)}/${f0(s.heapMb)}/${f0(s.checkerHeapMb ?? Number.NaN)}`).join(", ")}`,
  );
  const st = Object.entries(r.checks.stats);
  const rounds = Math.max(0, ...st.map(([, s]) => s.rounds));
  const longest = Math.max(0, ...st.map(([, s]) => s.longestRoundMs));
  const held = st.map(([n, s]) => `${n} ${s.maxHeld}`).join(", ");
  lines.push(
    `checks: the whole catalogue on ${st.length} timelines, ${rounds} rounds (longest ${f0(longest)} ms, in a worker), judged ${f1(r.timings.settleMs / 1000)} s after each entry; most entries held: ${held}`,
    `findings: ${r.checks.findings.length + r.checks.more}${r.checks.expected.length ? ` (and ${r.checks.expected.length + r.checks.moreExpected} about the sessions that misbehave on purpose)` : ""}`,
  );
  const shown = r.checks.findings.length > 25 ? 20 : 25;
  for (const f of r.checks.findings.slice(0, shown)) lines.push(`  ${findingLine(f)}`);
  if (r.checks.findings.length > shown) lines.push(`  … ${r.checks.findings.length - shown} more`);
  const t = r.targets;
  const mark = (ok: boolean) => (ok ? "met" : "NOT met");
  lines.push(
    `targets: 0 findings ${mark(t.findings)}; 0 events lost or duplicated ${mark(t.lost)}; RSS growth < 50 MB after warm-up ${mark(t.rssGrowth)}`,
  );
  if (p.warmupS < 180)
    lines.push(
      `  (RSS settles only after a few minutes of load — V8's young generation and the allocator's arenas grow first: judge its growth after --warmup 180 or more; this run's was ${p.warmupS} s)`,
    );
  return lines;
}
