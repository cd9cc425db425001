/**
 * `ctips-kit load` — the load profile: the mock CTIPS with N agents answering by themselves,
 * customer calls at a rate (talk, hold, wrap, transfers, routed calls), monitors, a router
 * and an agent desktop through the recording client, every check judging the timelines as
 * the run goes. Prints calls/h, events/s, delivery per session, heartbeat jitter, lost
 * events, findings and memory. Exit 0: no finding and no event lost; 1: findings or lost
 * events; 2: the profile or the command line is wrong, or the run could not be judged.
 * @see docs/benchmarks.md "Load profile"
 */
import { writeFileSync } from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";
import { KitError } from "../contract/errors.ts";
import { readConfigFile } from "../mock-ctips/index.ts";
import { type LoadProfile, resolveLoadProfile } from "../runner/load-profile.ts";
import { findingLine, loadMemoryChart, loadReportLines, runLoad } from "../runner/load.ts";
import { type FlagSpec, flagHelp, parseFlags } from "./args.ts";
import type { Command } from "./main.ts";

/** flag → profile field, with its description. */
const FIELDS: Record<string, [keyof LoadProfile, string]> = {
  agents: ["agents", "agents, each answering by itself (default 500)"],
  "calls-per-hour": ["callsPerHour", "customer calls an hour (default 36000)"],
  duration: ["durationS", "seconds of calls after the warm-up (default 60)"],
  warmup: ["warmupS", "seconds of calls before anything is measured (default 15)"],
  sessions: ["sessions", "client sessions, at most 10: monitors, a router, the desktop (default 10)"],
  services: ["services", "inbound services (default 4; one routed service besides)"],
  "answer-ms": ["answerMs", "ringing before a call is answered, ms (default 1000)"],
  "talk-ms": ["talkMs", "talk time, ms (default 15000)"],
  "hold-ms": ["holdMs", "hold time of a held call, ms (default 3000)"],
  "hold-share": ["holdShare", "share of calls held once, 0–1 (default 0.3)"],
  "wrap-ms": ["wrapMs", "wrap time before the desktop disposes, ms (default 5000)"],
  "transfer-share": ["transferShare", "share of calls transferred blind to another service (default 0.1)"],
  "routed-share": ["routedShare", "share of calls routed by the router session (default 0.2)"],
  "accept-share": ["acceptShare", "share of agents whose calls the desktop accepts (default 0.2)"],
  "route-select-ms": ["routeSelectMs", "the router's RouteSelect after RouteRequest, ms (default 100)"],
  "heartbeat-ms": ["heartbeatMs", "the mock's heartbeat interval, ms (default 5000)"],
  slow: ["slowSessions", "sessions whose client answers events late (default 0)"],
  "slow-ms": ["slowMs", "how late a slow client answers, ms (default 3000)"],
  dead: ["deadSessions", "sessions whose callback refuses connections (default 0)"],
  silent: ["silentSessions", "sessions whose client never answers (default 0)"],
  "sample-s": ["sampleS", "memory sampled every this many seconds (default 10)"],
  retain: ["retain", "timeline entries the mock and each client keep in memory (default 1000)"],
};

const spec = {
  ...Object.fromEntries(
    Object.entries(FIELDS).map(([flag, [, description]]) => [flag, { type: "string", description }]),
  ),
  config: {
    type: "string",
    description: "the profile as a JSON or YAML file (field names as in docs/benchmarks.md)",
  },
  json: { type: "string", description: "also write the whole report to this JSON file" },
  chart: { type: "string", description: "also write the memory over time as an SVG chart to this file" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as FlagSpec;

const summary =
  "Run the load profile against the embedded mock CTIPS, judging every timeline as it goes; report throughput, latency, jitter, lost events, findings and memory.";

function number(flag: string, v: unknown): number {
  if (typeof v !== "string" || !/^\d+(\.\d+)?$/.test(v))
    throw new KitError("CTIPSKIT_E_USAGE", `--${flag} must be a number, got '${String(v)}'`, {
      fix: "run ctips-kit load --help",
    });
  return Number(v);
}

/** A full GC on demand (the memory after warm-up and at the end), without a node flag. */
function exposeGc(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

export const loadCommand: Command = {
  summary: "run the load profile (N agents, calls/h, sessions) with every check judging as it goes",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, spec, "load");
    if (values.help) {
      io.out(flagHelp("load", summary, spec, "[options]"));
      return 0;
    }
    if (positionals.length)
      throw new KitError(
        "CTIPSKIT_E_USAGE",
        `ctips-kit load takes no arguments, got '${positionals.join(" ")}'`,
        {
          fix: "run ctips-kit load --help",
        },
      );
    const layers: { source: string; value: Partial<LoadProfile> }[] = [];
    if (values.config)
      layers.push({
        source: `config file ${values.config}`,
        value: readConfigFile(values.config as string) as Partial<LoadProfile>,
      });
    const flags: Partial<LoadProfile> = {};
    for (const [flag, [field]] of Object.entries(FIELDS))
      if (values[flag] !== undefined) flags[field] = number(flag, values[flag]);
    layers.push({ source: "the command line", value: flags });
    const profile = resolveLoadProfile(...layers);

    const stop = new AbortController();
    io.onStop(() => {
      io.err("stopping: the run drains, is judged and reports");
      stop.abort();
    });
    const report = await runLoad(profile, {
      progress: (line) => io.err(line),
      gc: exposeGc(),
      signal: stop.signal,
    });
    for (const line of loadReportLines(report)) io.out(line);
    if (report.checks.expected.length) {
      io.out("findings about the sessions that misbehave on purpose (expected, not counted):");
      for (const f of report.checks.expected.slice(0, 10)) io.out(`  ${findingLine(f)}`);
    }
    if (values.json) {
      writeFileSync(values.json as string, `${JSON.stringify(report, null, 2)}\n`);
      io.out(`report: ${values.json}`);
    }
    if (values.chart) {
      writeFileSync(values.chart as string, loadMemoryChart(report));
      io.out(`memory chart: ${values.chart}`);
    }
    return report.targets.findings && report.targets.lost ? 0 : 1;
  },
};
