/**
 * Checks benchmark: the whole catalogue over synthetic server-side recordings of 10^4,
 * 10^5 and 10^6 entries (100 sessions; N/20 calls, each the E-2 inbound call with its
 * AcceptCall and SetDisposition; heartbeats filling the rest). Target at 10^6 entries
 * (50,000 calls): all checks in < 10 s, memory < 1 GiB.
 *
 *   npx tsx bench/checks.bench.ts            # 10^4, 10^5, 10^6
 *   npx tsx bench/checks.bench.ts 100000     # one size
 *
 * Prints tables; asserts nothing.
 */
import { CATALOGUE, type CatalogueParams, runCatalogue } from "../src/checks/catalogue.ts";
import { parseFlowTable } from "../src/checks/flow-table.ts";
import { indexTimeline } from "../src/checks/timeline-index.ts";
import { contract, type WireType } from "../src/contract/schemas.ts";
import type { TimelineEntry } from "../src/timeline/entry.ts";

const SESSIONS = 100;
const AGENTS_PER_SESSION = 10;
const STEP_MS = 0.1; // recorded time between consecutive entries
const BASE_WALL = Date.UTC(2025, 0, 1);

type Pending = Omit<TimelineEntry, "seq" | "monoNs" | "wall" | "recorder" | "direction">;

function defaultOf(type: WireType): unknown {
  const c = contract();
  if (type.kind === "primitive") return { int: 0, long: "0", bool: false, string: "" }[type.name];
  if (type.kind === "enum") return c.enumInfo(type.name).names[0];
  if (type.kind === "array") return [];
  return Object.fromEntries(c.type(type.name).members.map((m) => [m.name, defaultOf(m.type)]));
}

const templates = new Map<string, Record<string, unknown>>();
function template(typeName: string): Record<string, unknown> {
  let t = templates.get(typeName);
  if (!t) {
    t = Object.fromEntries(
      contract()
        .type(typeName)
        .members.map((m) => [m.name, defaultOf(m.type)]),
    );
    templates.set(typeName, t);
  }
  return t;
}

function event(session: string, eventType: string, members: Record<string, unknown>, requestId = 0): Pending {
  const info = contract().eventInfo(eventType)!;
  const payload = {
    ...template(info.name),
    EventCategory: info.category,
    EventType: info.eventType,
    SiteId: 1,
    TenantId: 1,
    RequestId: requestId,
    ...members,
  };
  return {
    kind: "event",
    name: info.eventType,
    eventType: info.name,
    session,
    requestId,
    callId: typeof members.CallId === "number" ? members.CallId : undefined,
    agentId: typeof members.AgentId === "number" ? members.AgentId : undefined,
    payload,
  };
}

/** A request and its answer; the answer's replyTo is filled in when the request gets its seq. */
function exchange(
  session: string | undefined,
  op: string,
  args: Record<string, unknown>,
  result: unknown = 0,
): Pending[] {
  const argsType = contract().operation(op).params[0].type as { name: string };
  const full: Record<string, unknown> = {
    ...template(argsType.name),
    ...args,
    ...(session ? { SessionId: session } : {}),
  };
  const rid = typeof full.RequestId === "number" ? full.RequestId : undefined;
  return [
    { kind: "request", name: op, session, requestId: rid, payload: { args: full } },
    { kind: "response", name: op, session, payload: { [`${op}Result`]: result } },
  ];
}

/** One session's entries, in order; the heartbeat slots are decided by time when merged. */
function* sessionScript(s: string, index: number, calls: number): Generator<Pending[]> {
  let rid = 1;
  yield exchange(
    undefined,
    "OpenConnection",
    { TenantIds: [1], UserCredentials: { UserName: "kit", Password: "x" } },
    {
      SessionId: s,
      Response: "_success",
    },
  );
  yield [
    { kind: "startSession", name: "StartSession", session: s, payload: { userinfo: null, sessionId: s } },
  ];
  for (const cls of [
    "EventCategoryAgent",
    "EventCategoryCall",
    "EventCategoryRoute",
    "EventCategorySystem",
  ]) {
    yield exchange(s, "AddMessageClass", { TenantId: 1, MessageClass: cls });
  }
  yield exchange(s, "OnLine", { TenantId: 1 });
  const agents = Math.max(1, Math.min(AGENTS_PER_SESSION, calls));
  for (let a = 0; a < agents; a++) {
    const agentId = index * 100 + a + 1;
    const r = rid++;
    yield [
      ...exchange(s, "LoginAgent", {
        TenantId: 1,
        RequestId: r,
        AgentLoginName: `a${agentId}`,
        InitState: "Idle",
      }),
      event(s, "AgentLoginStateChange", { AgentId: agentId, LoginState: "AgentLoggedIn" }, r),
      event(s, "AgentStateChange", { AgentId: agentId, AgentState: "Idle" }, r),
    ];
  }
  for (let c = 0; c < calls; c++) {
    const callId = index * 1_000_000 + c + 1;
    const agentId = index * 100 + (c % agents) + 1;
    const call = { CallId: callId, CallSequenceId: String(callId), CallOriginatingSiteId: 1, ServiceId: 10 };
    const agent = { ...call, AgentId: agentId };
    const state = (AgentState: string, r = 0) =>
      event(s, "AgentStateChange", { AgentId: agentId, ServiceId: 10, AgentState }, r);
    const accept = rid++;
    const dispose = rid++;
    yield [event(s, "CallStarted", call), event(s, "CallOffered", { ...call, ANI: "555", DNIS: "800" })];
    yield [event(s, "CallDelivered", { ...call, CallType: "InboundAcd", ANI: "555", DNIS: "800" })];
    yield [event(s, "CallConnected", { ...agent, ResponseRequired: true }), state("PendingActive")];
    yield [
      ...exchange(s, "AcceptCall", {
        TenantId: 1,
        RequestId: accept,
        AgentIdx: agentId,
        CallId: callId,
        AcceptCall: true,
      }),
      event(s, "CallEstablished", agent, accept),
      state("Active", accept),
    ];
    yield [
      event(s, "CallCleared", { ...agent, ClearingPartyType: "FarEnd" }),
      state("Wrap"),
      event(s, "CallEnd", agent),
    ];
    yield [
      ...exchange(s, "SetDisposition", {
        TenantId: 1,
        RequestId: dispose,
        AgentIdx: agentId,
        CallId: callId,
        DispositionId: 1,
      }),
      event(s, "CallCompleted", call),
      state("Idle", dispose),
    ];
  }
  yield exchange(s, "CloseConnection", {});
}

interface Synthetic {
  entries: TimelineEntry[];
  calls: number;
  intervalMs: number;
}

/** Merges the sessions' scripts round-robin, stamping seq and time, inserting heartbeats by time. */
function synthesize(target: number): Synthetic {
  const calls = Math.round(target / 20);
  const perSession = Math.max(1, Math.round(calls / SESSIONS));
  const fixed = SESSIONS * (13 + 4 * Math.min(AGENTS_PER_SESSION, perSession) + 16 * perSession + 2);
  // Sessions are online a little less than the whole recording: aim 10 % more heartbeats to reach the target.
  const beatsPerSession = Math.max(2, (1.1 * (target - fixed)) / 2 / SESSIONS);
  const intervalMs = Math.max(1, (target * STEP_MS) / beatsPerSession);
  const entries: TimelineEntry[] = [];
  const stamp = (p: Pending): TimelineEntry => {
    const seq = entries.length;
    const ms = seq * STEP_MS;
    const e = {
      ...p,
      seq,
      monoNs: Math.round(ms * 1e6),
      wall: new Date(BASE_WALL + ms).toISOString(),
      recorder: "bench",
      direction: "out",
    } as TimelineEntry;
    entries.push(e);
    return e;
  };
  const live = Array.from({ length: SESSIONS }, (_, i) => ({
    id: `S${i + 1}`,
    script: sessionScript(`S${i + 1}`, i, perSession),
    online: false,
    nextBeat: 0,
  }));
  while (live.length > 0) {
    for (let i = 0; i < live.length; i++) {
      const s = live[i];
      const nowMs = entries.length * STEP_MS;
      if (s.online && nowMs >= s.nextBeat) {
        const hb = stamp({
          kind: "heartbeat",
          name: "Heartbeat",
          session: s.id,
          payload: { sessionId: s.id },
        });
        stamp({
          kind: "callbackResponse",
          name: "Heartbeat",
          session: s.id,
          replyTo: hb.seq,
          payload: { HeartbeatResult: 0 },
        });
        s.nextBeat = nowMs + intervalMs;
        continue;
      }
      const next = s.script.next();
      if (next.done) {
        live.splice(i--, 1);
        continue;
      }
      let request: TimelineEntry | undefined;
      for (const p of next.value) {
        const e = stamp(p.kind === "response" ? { ...p, replyTo: request!.seq } : p);
        if (e.kind === "request") request = e;
        if (e.kind === "request" && e.name === "OnLine") {
          s.online = true;
          s.nextBeat = e.monoNs / 1e6;
        }
        if (e.kind === "request" && e.name === "CloseConnection") s.online = false;
      }
    }
  }
  return { entries, calls: perSession * SESSIONS, intervalMs };
}

const E2 = parseFlowTable("E-2", [
  ["id", "event", "where", "bind"],
  ["started", "CallStarted", "RequestId=0", "c1=CallId"],
  ["delivered", "CallDelivered", "CallId=$c1", ""],
  ["connected", "CallConnected", "CallId=$c1", "a=AgentId"],
  ["established", "CallEstablished", "CallId=$c1, AgentId=$a", ""],
  ["end", "CallEnd", "CallId=$c1", ""],
  ["completed", "CallCompleted", "CallId=$c1", ""],
]);

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function run(target: number) {
  const t0 = performance.now();
  const { entries, calls, intervalMs } = synthesize(target);
  const generateMs = performance.now() - t0;
  const params: CatalogueParams = {
    requestsCompleteWithin: { withinMs: 10_000 },
    heartbeatsKeepTheConfiguredInterval: {
      intervalMs,
      meanToleranceMs: intervalMs,
      p95JitterMs: intervalMs,
      maxGapMs: intervalMs * 3,
    },
    clientAnswersHeartbeatsWithin: { answerWithinMs: 100 },
    sessionDisposedAfterExactlyNMissedHeartbeats: { missedLimit: 3 },
    clientReconnectsAfterHeartbeatsStop: { intervalMs, reconnectWithinMs: 10_000 },
    // The synthetic recording keeps all its sessions open at once, by design.
    sessionCountNeverExceedsCap: { maxSessions: SESSIONS },
    timelineFollowsFlow: { flow: E2 },
  };
  let peakRss = process.memoryUsage().rss;
  const t1 = performance.now();
  indexTimeline(entries);
  const indexMs = performance.now() - t1;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const perCheck: { check: string; ms: number; outcome: string }[] = [];
  for (const e of CATALOGUE) {
    const t = performance.now();
    const findings = runCatalogue(entries, { params, only: [e.check.name] });
    perCheck.push({
      check: e.check.name,
      ms: performance.now() - t,
      outcome: [...new Set(findings.map((f) => f.outcome))].join("+"),
    });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const checksMs = indexMs + perCheck.reduce((a, p) => a + p.ms, 0);
  return {
    target,
    entries: entries.length,
    calls,
    generateMs,
    indexMs,
    checksMs,
    perCheck,
    peakRss,
    heap: process.memoryUsage().heapUsed,
  };
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const results = (sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000]).map((n) => {
  const r = run(n);
  (globalThis as { gc?: () => void }).gc?.();
  return r;
});

const largest = results.at(-1)!;
console.log(
  `\nper check at ${largest.entries.toLocaleString("en")} entries (index built once: ${largest.indexMs.toFixed(0)} ms)`,
);
console.table(largest.perCheck.map((p) => ({ check: p.check, ms: Math.round(p.ms), outcome: p.outcome })));
console.log("\nscaling (checks = index + whole catalogue; memory = peak RSS of the process)");
console.table(
  results.map((r) => ({
    entries: r.entries,
    sessions: SESSIONS,
    calls: r.calls,
    "generate ms": Math.round(r.generateMs),
    "index ms": Math.round(r.indexMs),
    "checks ms": Math.round(r.checksMs),
    "µs/entry": Number(((r.checksMs * 1000) / r.entries).toFixed(2)),
    "peak RSS MiB": mb(r.peakRss),
    "heap MiB": mb(r.heap),
    "< 10 s": r.checksMs < 10_000 ? "yes" : "no",
    "< 1 GiB": r.peakRss < 2 ** 30 ? "yes" : "no",
  })),
);
