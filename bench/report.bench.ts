/**
 * Report pictures benchmark: what drawing the three pictures (sequence diagram with its
 * flow overlay, heartbeat chart, correlation table) adds to each scenario of a run. One
 * large synthetic server-side timeline is recorded scenario after scenario, as a
 * certification records it — an E-2 inbound call scenario (1 to 3 calls), a heartbeat
 * scenario (a late beat, misses, a disposal), a request scenario (faults, an unanswered
 * request, an orphan event) — then cut at the scenario boundaries, and every slice is drawn.
 * The flow is matched before the clock starts: matching is the checks' cost, not the
 * pictures'. Target: the three pictures of a scenario in < 10 ms (median), so the 520
 * scenarios of `certify server` gain less than 6 s.
 *
 *   npx tsx bench/report.bench.ts     # BENCH_SCENARIOS (default 600), BENCH_ROUNDS (default 5)
 *
 * Prints tables; asserts nothing.
 */
import { type FlowMatch, matchFlow } from "../src/checks/flow.ts";
import { correlationTable, heartbeatChart, sequenceDiagram } from "../src/report/index.ts";
import type { TimelineEntry } from "../src/timeline/entry.ts";
import { TimelineBuilder } from "../test/checks/fixtures/builder.ts";
import { E2 } from "../test/checks/fixtures/flows.ts";

const SCENARIOS = Number(process.env.BENCH_SCENARIOS ?? 600);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const INTERVAL_MS = 100;

interface Slice {
  kind: "call" | "heartbeat" | "requests";
  from: number;
  to: number;
}

/** The whole run's timeline, and where each scenario's entries start and end. */
function record(scenarios: number): { entries: TimelineEntry[]; slices: Slice[] } {
  const b = new TimelineBuilder();
  const slices: Slice[] = [];
  for (let i = 0; i < scenarios; i++) {
    const s = `S${i + 1}`;
    const from = b.entries.length;
    const kind = (["call", "heartbeat", "requests"] as const)[i % 3];
    b.onlineSession(s);
    if (kind === "call") {
      b.login(s, 7);
      const calls = 1 + (Math.floor(i / 3) % 3);
      for (let c = 0; c < calls; c++) {
        b.inboundCall(s, { callId: i * 10 + c + 1, agentId: 7 });
        b.wait(INTERVAL_MS).heartbeat(s);
      }
      b.close(s);
    } else if (kind === "heartbeat") {
      for (let k = 0; k < 25; k++) b.wait(INTERVAL_MS - 2).heartbeat(s);
      b.wait(INTERVAL_MS * 1.8).heartbeat(s);
      for (let k = 0; k < 3; k++) b.wait(INTERVAL_MS - 2).heartbeat(s, false);
      b.note(s, "session-disposed", "session disposed: missed-heartbeats");
    } else {
      b.login(s, 7);
      for (let k = 0; k < 10; k++) {
        const r = b.request(s, "GetAgentState", { AgentIdx: 7 });
        if (k === 3) b.fault(r, "InvalidParameter");
        else if (k !== 7) b.wait(k === 5 ? 1500 : 1).respond(r);
        b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: r.requestId });
      }
      b.event(s, "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: 9999 });
      b.close(s);
    }
    slices.push({ kind, from, to: b.entries.length });
  }
  return { entries: b.entries, slices };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)];

const t0 = performance.now();
const { entries, slices } = record(SCENARIOS);
const recordMs = performance.now() - t0;
const parts = slices.map((s) => entries.slice(s.from, s.to));
const flows: (FlowMatch | undefined)[] = parts.map((p, i) =>
  slices[i].kind === "call" ? matchFlow(E2, p, { session: p[0].session ?? `S${i + 1}` }) : undefined,
);
console.log(
  `${entries.length.toLocaleString("en")} entries in ${slices.length} scenarios (${(entries.length / slices.length).toFixed(0)} entries each on average), recorded in ${recordMs.toFixed(0)} ms; ${ROUNDS} rounds`,
);

type Picture = "sequence" | "heartbeat" | "correlation";
const draw: Record<Picture, (p: TimelineEntry[], i: number) => string> = {
  sequence: (p, i) => sequenceDiagram(p, { flow: flows[i] }),
  heartbeat: (p) => heartbeatChart(p, { intervalMs: INTERVAL_MS, missedLimit: 3 }),
  correlation: (p) => correlationTable(p),
};

const rounds: { perPicture: Record<Picture, number[]>; perScenario: number[]; bytes: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const perPicture: Record<Picture, number[]> = { sequence: [], heartbeat: [], correlation: [] };
  const perScenario: number[] = [];
  let bytes = 0;
  // Pictures interleaved per scenario, as a run draws them.
  parts.forEach((p, i) => {
    let scenario = 0;
    for (const pic of ["sequence", "heartbeat", "correlation"] as const) {
      const t = performance.now();
      bytes += draw[pic](p, i).length;
      const ms = performance.now() - t;
      perPicture[pic].push(ms);
      scenario += ms;
    }
    perScenario.push(scenario);
  });
  rounds.push({ perPicture, perScenario, bytes });
}

const fmt = (n: number) => Number(n.toFixed(2));
console.log("\nper scenario, ms (median of the rounds' medians; p95 and max of the last round)");
console.table(
  (["sequence", "heartbeat", "correlation"] as const).map((pic) => ({
    picture: pic,
    "median ms": fmt(median(rounds.map((r) => median(r.perPicture[pic])))),
    "p95 ms": fmt(p95(rounds.at(-1)!.perPicture[pic])),
    "max ms": fmt(Math.max(...rounds.at(-1)!.perPicture[pic])),
  })),
);
const perScenario = median(rounds.map((r) => median(r.perScenario)));
const byKind = (["call", "heartbeat", "requests"] as const).map((kind) => {
  const idx = slices.flatMap((s, i) => (s.kind === kind ? [i] : []));
  return {
    scenario: kind,
    "entries (mean)": Math.round(idx.reduce((n, i) => n + parts[i].length, 0) / idx.length),
    "three pictures, median ms": fmt(median(rounds.map((r) => median(idx.map((i) => r.perScenario[i]))))),
  };
});
console.table(byKind);
console.log(
  `three pictures per scenario: median ${fmt(perScenario)} ms, p95 ${fmt(p95(rounds.at(-1)!.perScenario))} ms; ` +
    `${(rounds.at(-1)!.bytes / parts.length / 1024).toFixed(0)} KiB of SVG per scenario; ` +
    `< 10 ms: ${perScenario < 10 ? "target met" : "target NOT met"}`,
);

// One picture of the whole run, for scale: the row cap keeps it bounded.
const whole = performance.now();
const big = sequenceDiagram(entries);
console.log(
  `the whole run as one sequence diagram: ${(performance.now() - whole).toFixed(0)} ms, ${(big.length / 1024).toFixed(0)} KiB (maxRows 250)`,
);
