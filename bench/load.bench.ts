/**
 * Load profile: the same profile at 50 and at 500 agents (36,000 calls/h at 500, the
 * same calls per agent at 50: 3,600/h), each `ctips-kit load` with every check judging as
 * it goes (src/runner/load.ts), printed in full and then side by side.
 *
 *   npx tsx bench/load.bench.ts [--duration 600] [--warmup 120] [--agents 50,500] [--json DIR]
 *                               [any other `ctips-kit load` flag, as a profile field: --talkMs 15000 …]
 *
 * Targets (the issue): 500 agents, 36,000 calls/h, 10 sessions, 10 minutes: 0 findings,
 * 0 events lost, RSS growth < 50 MB after warm-up. Prints "met / NOT met"; asserts nothing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { type LoadReport, loadMemoryChart, loadReportLines, runLoad } from "../src/runner/load.ts";
import { type LoadProfile, resolveLoadProfile } from "../src/runner/load-profile.ts";

/** Calls an hour per agent: the target's 36,000 over 500 agents. */
const CALLS_PER_AGENT_HOUR = 72;

function parseArgs(argv: string[]) {
  const o = { duration: 600, warmup: 120, agents: [50, 500], json: "", fields: {} as Partial<LoadProfile> };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i].replace(/^--/, ""), argv[i + 1]];
    if (value === undefined) throw new Error(`--${flag} needs a value`);
    if (flag === "duration" || flag === "warmup") o[flag] = Number(value);
    else if (flag === "agents") o.agents = value.split(",").map(Number);
    else if (flag === "json") o.json = value;
    else (o.fields as Record<string, number>)[flag] = Number(value);
  }
  return o;
}

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const o = parseArgs(process.argv.slice(2));
const reports: LoadReport[] = [];
for (const agents of o.agents) {
  const profile = resolveLoadProfile({
    source: "bench",
    value: {
      agents,
      callsPerHour: agents * CALLS_PER_AGENT_HOUR,
      durationS: o.duration,
      warmupS: o.warmup,
      sampleS: 30,
      ...o.fields,
    },
  });
  console.log(
    `\n--- ${agents} agents (load average ${loadavg()[0].toFixed(2)} on ${cpus().length} cores) ---`,
  );
  const started = performance.now();
  const r = await runLoad(profile, {
    gc,
    progress: (l) => console.log(`  [${((performance.now() - started) / 1000).toFixed(0)} s] ${l}`),
  });
  for (const line of loadReportLines(r)) console.log(line);
  reports.push(r);
  if (o.json) {
    mkdirSync(o.json, { recursive: true });
    writeFileSync(join(o.json, `load-${agents}.json`), `${JSON.stringify(r, null, 2)}\n`);
    writeFileSync(join(o.json, `load-${agents}-memory.svg`), loadMemoryChart(r));
  }
}

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");
const healthy = (r: LoadReport) => r.sessions.filter((s) => !s.misbehaves && s.sent > 0);
const worst = (r: LoadReport, pick: (s: LoadReport["sessions"][number]) => number) =>
  Math.max(...healthy(r).map(pick).filter(Number.isFinite));
const rows: [string, (r: LoadReport) => string][] = [
  ["agents / sessions", (r) => `${r.profile.agents} / ${r.profile.sessions}`],
  [
    "calls/h offered / completed",
    (r) => `${f(r.calls.createdPerHour, 0)} / ${f(r.calls.completedPerHour, 0)}`,
  ],
  ["events/s received", (r) => f(r.events.perSecond, 0)],
  [
    "delivery p50 / p99, worst session",
    (r) =>
      `${f(
        worst(r, (s) => s.delivery.p50),
        2,
      )} / ${f(
        worst(r, (s) => s.delivery.p99),
        2,
      )} ms`,
  ],
  [
    "lag behind the reference p99, worst",
    (r) =>
      `${f(
        worst(r, (s) => s.lag.p99),
        2,
      )} ms`,
  ],
  [
    "held while free p99, worst",
    (r) =>
      `${f(
        worst(r, (s) => s.wait.p99),
        2,
      )} ms`,
  ],
  [
    "heartbeat jitter p50 / p99 / max",
    (r) =>
      `${f(r.heartbeats.jitter.p50, 2)} / ${f(r.heartbeats.jitter.p99, 2)} / ${f(r.heartbeats.jitter.max, 2)} ms`,
  ],
  ["findings", (r) => String(r.checks.findings.length + r.checks.more)],
  ["events lost / duplicated", (r) => `${r.events.lost} / ${r.events.duplicated}`],
  ["RSS after warm-up → end of load", (r) => `${f(r.memory.start.rssMb)} → ${f(r.memory.loaded.rssMb)} MB`],
  ["RSS growth (target < 50 MB)", (r) => `${f(r.memory.rssGrowthMb)} MB`],
  ["heap growth (main + checks)", (r) => `${f(r.memory.heapGrowthMb)} MB`],
  [
    "checks: rounds, longest",
    (r) => {
      const st = Object.values(r.checks.stats);
      return `${Math.max(...st.map((s) => s.rounds))}, ${f(Math.max(...st.map((s) => s.longestRoundMs)), 0)} ms`;
    },
  ],
  ["targets", (r) => (r.targets.met ? "met" : "NOT met")],
];
console.log("\n--- side by side ---");
const w = Math.max(...rows.map(([k]) => k.length));
console.log(`${"".padEnd(w)} | ${reports.map((r) => `${r.profile.agents} agents`.padEnd(24)).join(" | ")}`);
for (const [k, cell] of rows)
  console.log(`${k.padEnd(w)} | ${reports.map((r) => cell(r).padEnd(24)).join(" | ")}`);
