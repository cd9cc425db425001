/**
 * Load profile: a mock CTIPS with N generated agents that answer by themselves
 * (`autoAnswerMs`) and leave wrap by themselves (`timings.wrapMs`), one recording client
 * subscribed to all four categories, and customer calls created through the in-process
 * control plane at a fixed rate, each hung up `talk` ms after it is answered.
 *
 *   npx tsx bench/load.bench.ts [--agents 200] [--cps 20] [--seconds 60]
 *                               [--answer-ms 500] [--talk-ms 4000] [--wrap-ms 2000]
 *                               [--services 4] [--heartbeat-ms 5000] [--retain 1000]
 *                               [--warmup-s 5]
 *
 * Reports events/s, delivery latency (the mock's send → the client's receipt, and the
 * simulator's emission → the client's receipt), lost events (emitted by the simulator vs
 * received by the client), RSS and heap at start (after a warm-up of `warmup-s` seconds at
 * the same call rate) and at the end, and how much of the growth the
 * two timelines hold: each keeps a window of `retain` entries in memory (the mock's
 * default, `timelineRetain`; the client's is set to the same), and everything is counted
 * as it is appended, not read back from the windows. Targets: no event lost, RSS growth
 * < 50 MB. Prints "target met / NOT met"; asserts nothing.
 */
import { cpus, loadavg } from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import { createRecordingClient } from "../src/mock-client/index.ts";
import { resolveMockConfig, startMockCtips } from "../src/mock-ctips/index.ts";
import { fill } from "../src/mock-ctips/simulator/events.ts";
import { defaultTopology, type Topology } from "../src/mock-ctips/simulator/topology.ts";
import type { TimelineEntry } from "../src/timeline/index.ts";
import { Timeline } from "../src/timeline/index.ts";

const DEFAULTS = {
  agents: 200,
  cps: 20, // calls per second
  seconds: 60, // how long calls are created
  "answer-ms": 500, // ringing until the phone answers
  "talk-ms": 4_000, // answered until the customer hangs up
  "wrap-ms": 2_000, // wrap until it ends by itself
  services: 4,
  "heartbeat-ms": 5_000,
  retain: 1_000, // timeline entries kept in memory, by the mock (its default) and by the client
  "warmup-s": 5, // calls at the same rate before memory is first measured
};
type Options = typeof DEFAULTS;

function parseArgs(argv: string[]): Options {
  const o = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "") as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(key in DEFAULTS) || !Number.isFinite(value) || value < 0 || (value === 0 && key !== "warmup-s"))
      throw new Error(`usage: --${Object.keys(DEFAULTS).join(" N | --")} N (got ${argv[i]} ${argv[i + 1]})`);
    o[key] = value;
  }
  return o;
}

/** N agents on `services` services (round robin), each answering after answerMs; every station distinct. */
function loadTopology(o: Options): Topology {
  const services = Array.from({ length: o.services }, (_, i) => ({
    serviceId: 100 + i,
    name: `Load ${i + 1}`,
    state: "Active",
    externalRouting: false,
  }));
  const agents = Array.from({ length: o.agents }, (_, i) => ({
    agentId: 10_001 + i,
    loginName: `load${i + 1}`,
    station: String(50_001 + i),
    capabilities: ["StandardAgent"],
    workGroupId: 10,
    services: [100 + (i % o.services)],
    responseRequired: false,
    autoAnswerMs: o["answer-ms"],
  }));
  return {
    ...defaultTopology,
    stations: agents.map((a) => a.station),
    agents,
    services,
  };
}

/** A GC that measures retained heap, not garbage (exposed at run time, no node flag needed). */
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const MB = 1024 * 1024;
type Memory = { rss: number; heap: number };
function memory(): Memory {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss / MB, heap: m.heapUsed / MB };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Same key for the same event on both sides: FIFO per key pairs sent and received events. */
const keyOf = (name: unknown, callId: unknown, agentId: unknown, requestId: unknown) =>
  `${String(name)}|${String(callId)}|${String(agentId)}|${String(requestId)}`;

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

async function run(o: Options) {
  const config = resolveMockConfig({
    source: "bench",
    value: {
      port: 0,
      heartbeatIntervalMs: o["heartbeat-ms"],
      timelineRetain: o.retain,
      timings: { deliverMs: 100, distributeMs: 100, wrapMs: o["wrap-ms"] },
    },
  });
  const mock = await startMockCtips({ ...config, topology: loadTopology(o) });
  const client = await createRecordingClient({
    target: mock.endpoint,
    credentials: config.users[0],
    tenantId: config.tenantId,
    timeline: new Timeline({ recorder: "client", recordRaw: false, retain: o.retain }),
  });
  const session = await client.openSession();
  const clientTl = client.timeline;
  const mockTl = mock.timeline;
  // Both timelines are monotonic in this process: map the mock's times onto the client's.
  const toClientNs = clientTl.now() - mockTl.now();

  for (const a of mock.core.config.topology.agents) {
    const args = fill("LoginAgentArgs", { AgentLoginName: a.loginName, StationId: "", InitState: "Idle" });
    const { SessionId: _s, TenantId: _t, RequestId: _r, ...rest } = args;
    const r = await session.send("LoginAgent", rest);
    if (!r.ok) throw new Error(`login of ${a.loginName} refused: ${r.fault.faultstring}`);
  }
  await clientTl.waitFor(() => session.events({ type: "AgentStateChange" }).length >= o.agents, 10_000, {
    what: "every agent logged in",
  });
  await sleep(500); // the login events are delivered and answered before measuring starts

  // Bookkeeping (plain numbers, consumed as it goes).
  const emitted = new Map<string, number[]>(); // key → client-frame ns at simulator emission
  const sent = new Map<string, number[]>(); // key → client-frame ns at the mock's send
  const wireNs: number[] = [];
  const emitNs: number[] = [];
  let emittedCount = 0;
  let sentCount = 0;
  let receivedCount = 0;
  let receivedInWindow = 0;
  let window: { from: number; to: number } | undefined;
  const created = new Set<number>();
  let completed = 0;
  let hangupsRefused = 0;

  const offSim = mock.core.simulator.onEvent((e) => {
    emittedCount++;
    const k = keyOf(e.value.EventType, e.value.CallId, e.value.AgentId, e.value.RequestId);
    push(emitted, k, clientTl.now());
  });
  const sentAt = new Map<number, number>(); // seq of the mock's event entry → its monoNs
  const roundTripNs: number[] = [];
  let dropNotes = 0;
  let deliveryFailures = 0;
  const offMock = mockTl.onAppend((e) => {
    if (e.kind === "note" && e.code === "event-dropped") dropNotes++;
    if (
      e.direction === "in" &&
      (e.kind === "transportError" || e.kind === "fault") &&
      e.name === "PublishCTIEvent"
    )
      deliveryFailures++;
    if (e.kind === "callbackResponse" && e.name === "PublishCTIEvent" && e.replyTo !== undefined) {
      const at = sentAt.get(e.replyTo);
      sentAt.delete(e.replyTo);
      if (at !== undefined) roundTripNs.push(e.monoNs - at);
    }
    if (e.kind !== "event" || e.direction !== "out") return;
    sentAt.set(e.seq, e.monoNs);
    sentCount++;
    const k = keyOf(e.name, e.callId, e.agentId, e.requestId);
    push(sent, k, e.monoNs + toClientNs);
  });
  const offClient = clientTl.onAppend((e: TimelineEntry) => {
    if (e.kind !== "event") return;
    receivedCount++;
    if (window && e.monoNs >= window.from && e.monoNs <= window.to) receivedInWindow++;
    const k = keyOf(e.name, e.callId, e.agentId, e.requestId);
    const s = sent.get(k)?.shift();
    if (s !== undefined) wireNs.push(e.monoNs - s);
    const m = emitted.get(k)?.shift();
    if (m !== undefined) emitNs.push(e.monoNs - m);
    if (e.name === "CallEstablished" && created.has(e.callId as number)) {
      const callId = e.callId as number;
      setTimeout(() => {
        try {
          mock.control.hangup(callId);
        } catch {
          hangupsRefused++;
        }
      }, o["talk-ms"]);
    }
    if (e.name === "CallCompleted" && created.has(e.callId as number)) completed++;
  });

  const period = 1000 / o.cps;
  let refused = 0;
  let n = 0;
  /** Creates calls at `cps` for `ms`, round robin over the services. */
  const createCalls = async (ms: number) => {
    const from = performance.now();
    for (let k = 0; k * period < ms; k++, n++) {
      const wait = from + k * period - performance.now();
      if (wait > 0) await sleep(wait);
      try {
        const { callId } = mock.control.createCall({
          serviceId: 100 + (n % o.services),
          ani: String(5_550_000 + n),
          dnis: "8005550100",
        });
        created.add(callId);
      } catch {
        refused++;
      }
    }
  };

  // Warm-up at the same rate: V8 grows its young generation and compiles the hot paths, a
  // fixed cost of running at all. Memory is measured from its end, so growth is growth.
  await createCalls(o["warmup-s"] * 1000);
  const start = memory();
  const cpuStart = process.cpuUsage();
  const loadStart = loadavg()[0];
  const loadMs = o.seconds * 1000;
  const t0 = performance.now();
  window = { from: clientTl.now(), to: clientTl.now() + loadMs * 1e6 };
  await createCalls(loadMs);
  const loadEnded = performance.now();
  const settleBy = loadEnded + o["answer-ms"] + o["talk-ms"] + o["wrap-ms"] + 30_000;
  while (completed < created.size && performance.now() < settleBy) await sleep(100);
  // Then until the client has everything the mock sent (or nothing moves for 2 s).
  let last = -1;
  let stillFor = 0;
  while ((receivedCount < emittedCount || sentCount < emittedCount) && stillFor < 2_000) {
    await sleep(100);
    stillFor = receivedCount === last ? stillFor + 100 : 0;
    last = receivedCount;
  }
  const drained = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  const loadEnd = loadavg()[0];
  offSim();
  offMock();
  offClient();
  const end = memory();

  const entries = {
    mock: mockTl.length,
    client: clientTl.length,
    held: mockTl.entries.length + clientTl.entries.length,
  };
  await client.close();
  await mock.close();
  const sorted = (xs: number[]) => Float64Array.from(xs, (x) => x / 1e6).sort();
  return {
    created: created.size,
    refused,
    completed,
    hangupsRefused,
    drainS: (drained - loadEnded) / 1000,
    emittedCount,
    sentCount,
    receivedCount,
    receivedInWindow,
    overallS: (drained - t0) / 1000,
    cpuShare: (cpu.user + cpu.system) / 1000 / (drained - t0),
    load: [loadStart, loadEnd],
    dropNotes,
    deliveryFailures,
    wire: sorted(wireNs),
    roundTrip: sorted(roundTripNs),
    emit: sorted(emitNs),
    start,
    end,
    entries,
    /** The only references left to the timelines once this function has returned. */
    timelines: [mockTl, clientTl],
  };
}

function report(o: Options, r: Awaited<ReturnType<typeof run>>, withTimelines: Memory, released: Memory) {
  const lost = r.emittedCount - r.receivedCount;
  const rssGrowth = r.end.rss - r.start.rss;
  const held = withTimelines.heap - released.heap;
  const busy = o.cps * ((o["answer-ms"] + o["talk-ms"] + o["wrap-ms"] + 100) / 1000);
  const fmt = (x: number, d = 1) => x.toFixed(d);
  const latency = (xs: Float64Array) =>
    `p50 ${fmt(percentile(xs, 50), 2)} ms, p99 ${fmt(percentile(xs, 99), 2)} ms, max ${fmt(percentile(xs, 100), 2)} ms (${xs.length} paired)`;
  const lines = [
    `load profile: ${o.agents} agents on ${o.services} services, ${o.cps} calls/s (${o.cps * 3600} calls/h) for ${o.seconds} s, after ${o["warmup-s"]} s of warm-up at the same rate`,
    `  answer ${o["answer-ms"]} ms, talk ${o["talk-ms"]} ms, wrap ${o["wrap-ms"]} ms: about ${fmt(busy, 0)} agents busy on average`,
    `calls: ${r.created} created (${r.refused} refused), ${r.completed} completed, ${r.hangupsRefused} hangups refused; drained ${fmt(r.drainS)} s after the last call`,
    `events: ${r.emittedCount} emitted, ${r.sentCount} sent, ${r.receivedCount} received, lost ${lost}; ${r.dropNotes} dropped at a full queue, ${r.deliveryFailures} failed deliveries`,
    `events/s: ${fmt(r.receivedInWindow / o.seconds)} during the load window, ${fmt(r.receivedCount / r.overallS)} overall`,
    `delivery, mock send → client receipt: ${latency(r.wire)}`,
    `delivery, simulator emit → client receipt: ${latency(r.emit)}`,
    `PublishCTIEvent round trip (mock send → client's answer read): ${latency(r.roundTrip)}`,
    `this process used ${fmt(r.cpuShare * 100, 0)} % of one core; machine load average ${fmt(r.load[0], 2)} → ${fmt(r.load[1], 2)} on ${cpus().length} cores`,
    `memory after GC: RSS ${fmt(r.start.rss)} → ${fmt(r.end.rss)} MB (growth ${fmt(rssGrowth)} MB); heap ${fmt(r.start.heap)} → ${fmt(r.end.heap)} MB (growth ${fmt(r.end.heap - r.start.heap)} MB)`,
    `  the timelines (${r.entries.mock} mock + ${r.entries.client} client entries appended, ${r.entries.held} kept in memory with a window of ${o.retain} each) hold ${fmt(held)} MB of heap, ${fmt((held * MB) / Math.max(1, r.entries.held), 0)} B per kept entry`,
    `  heap left after releasing mock, client and timelines: ${fmt(released.heap - r.start.heap)} MB over the start (RSS then ${fmt(released.rss)} MB)`,
    `target (no event lost, RSS growth < 50 MB): ${lost === 0 && rssGrowth < 50 ? "met" : "NOT met"}${lost !== 0 ? `; ${lost} events lost` : ""}${rssGrowth >= 50 ? `; RSS grew ${fmt(rssGrowth)} MB` : ""}`,
    `  without what the timelines hold (RSS growth − ${fmt(held)} MB = ${fmt(rssGrowth - held)} MB): ${lost === 0 && rssGrowth - held < 50 ? "met" : "NOT met"}`,
  ];
  for (const l of lines) console.log(l);
}

const options = parseArgs(process.argv.slice(2));
const result = await run(options);
await sleep(200);
const withTimelines = memory();
result.timelines.length = 0;
const released = memory();
report(options, result, withTimelines, released);
