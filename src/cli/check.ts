/**
 * `ctips-kit check CAPTURE` — every passive check of the catalogue over a capture, for the
 * server's side, the client's or both; findings by area with their clauses and evidence,
 * reports/check.json and reports/check-junit.xml, and with --bundle a zip of all of it with the
 * passwords redacted (src/runner/bundle.ts). Exit 0: no check failed; 1: one did;
 * 2: the capture cannot be read, or the command line is wrong. @see docs/record.md
 */
import { KitError } from "../contract/errors.ts";
import { writeBundle } from "../runner/bundle.ts";
import {
  type CaptureReport,
  type CheckStatus,
  checkCapture,
  type GivenParams,
  readCapture,
  type Role,
  writeCheckReports,
} from "../runner/check-capture.ts";
import { type FlagSpec, flagHelp, parseFlags } from "./args.ts";
import type { Command } from "./main.ts";

const ms = (what: string) => ({ type: "string", description: `${what}, in ms` }) as const;

/** Every flag of `check`; `replay` takes its parameter flags too. */
export const checkFlags = {
  role: { type: "string", description: "whose side to judge: server, client or both (default)" },
  strict: { type: "boolean", description: "deviations from the wire contract fail (the default)" },
  compatible: { type: "boolean", description: "deviations from the wire contract warn" },
  "strict-readings": {
    type: "boolean",
    description: "the kit's readings (docs/readings.md) fail instead of warning",
  },
  reports: { type: "string", description: "directory for check.json and check-junit.xml (default reports)" },
  bundle: {
    type: "string",
    description:
      "also write a certification bundle, a zip: capture, findings, reports, manifest; passwords redacted",
  },
  redact: {
    type: "string",
    multiple: true,
    description: "with --bundle: a text to replace by *** in every file of the bundle (repeatable)",
  },
  profile: { type: "string", description: "wire or guide (default: inferred from OpenConnection)" },
  "heartbeat-ms": ms("the CTIPS's configured heartbeat interval (default: inferred from the heartbeats)"),
  "missed-heartbeats": { type: "string", description: "missed heartbeats before disposal (default 3)" },
  "complete-within-ms": ms("a request's completion event arrives within this (default 10000)"),
  "answer-within-ms": ms("the client answers heartbeats and events within this (default 500)"),
  "react-within-ms": ms("a desktop answers a presented call or disposes a Wrap within this (default 2000)"),
  "snapshot-within-ms": ms("a session sends Snapshot after OnLine within this (default 2000)"),
  "route-timeout-ms": ms("the route timeout (default: RouteRequest's RouteTimeout)"),
  "reconnect-within-ms": ms("a client is online again after heartbeats stop within this"),
  "max-sessions": { type: "string", description: "the session cap (default 10)" },
  agents: {
    type: "string",
    description: "AgentIds an agent desktop works for, comma-separated (default: those it logged in)",
  },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies FlagSpec;
const spec = checkFlags;

const summary =
  "Run every passive check of the catalogue over a capture (ctips-kit record --out, mock --record) and report the findings.";

const LABEL: Record<CheckStatus, string> = {
  passed: "PASS",
  failed: "FAIL",
  warned: "WARN",
  "not-judged": "N/A",
  harness: "HARNESS",
  "not-run": "SKIP",
};

/** Failing findings shown per check; check.json has them all. */
const SHOWN = 10;

function whole(flag: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^[1-9]\d*$/.test(v))
    throw new KitError("CTIPSKIT_E_USAGE", `--${flag} must be a positive whole number, got '${String(v)}'`);
  return Number(v);
}

/** The parameters given on the command line (the flags of checkFlags). */
export function given(values: Record<string, unknown>): GivenParams {
  const profile = values.profile as string | undefined;
  if (profile !== undefined && profile !== "wire" && profile !== "guide")
    throw new KitError("CTIPSKIT_E_USAGE", `--profile must be wire or guide, got '${profile}'`);
  const agents = values.agents as string | undefined;
  if (agents !== undefined && !/^\d+(,\d+)*$/.test(agents))
    throw new KitError("CTIPSKIT_E_USAGE", `--agents must be AgentIds separated by commas, got '${agents}'`);
  return {
    profile,
    heartbeatIntervalMs: whole("heartbeat-ms", values["heartbeat-ms"]),
    missedHeartbeats: whole("missed-heartbeats", values["missed-heartbeats"]),
    completeWithinMs: whole("complete-within-ms", values["complete-within-ms"]),
    answerWithinMs: whole("answer-within-ms", values["answer-within-ms"]),
    reactWithinMs: whole("react-within-ms", values["react-within-ms"]),
    snapshotWithinMs: whole("snapshot-within-ms", values["snapshot-within-ms"]),
    routeTimeoutMs: whole("route-timeout-ms", values["route-timeout-ms"]),
    reconnectWithinMs: whole("reconnect-within-ms", values["reconnect-within-ms"]),
    maxSessions: whole("max-sessions", values["max-sessions"]),
    agentIds: agents?.split(",").map(Number),
  };
}

const SIDES: Record<Role, string> = {
  server: "the server's side",
  client: "the client's side",
  both: "the server's and the client's sides",
};

/** The report as the terminal shows it: the capture, the parameters, then the checks by area. */
export function reportLines(r: CaptureReport): string[] {
  const c = r.capture;
  const lines = [
    `capture: ${c.file ?? "(in memory)"} — ${c.entries} entries by ${c.recorders.join(", ")}, ${c.sessions} session(s), ${(c.spanMs / 1000).toFixed(1)} s`,
  ];
  if (c.torn)
    lines.push(
      `  its last line (${c.torn.line}, ${c.torn.bytes} bytes) is torn and left out: ${c.torn.reason}`,
    );
  lines.push(
    `judging ${SIDES[r.role]} (--role ${r.role}); ${r.mode}; readings ${r.strictReadings ? "fail" : "warn"}`,
    "parameters:",
  );
  const width = Math.max(...r.parameters.map((p) => p.name.length));
  for (const p of r.parameters) lines.push(`  ${p.name.padEnd(width)}  ${p.value}  (${p.source}: ${p.how})`);
  const areas = [...new Set(r.checks.map((x) => x.area))];
  for (const area of areas) {
    lines.push(area);
    for (const v of r.checks.filter((x) => x.area === area)) {
      const head = `  ${LABEL[v.status].padEnd(7)} ${v.check} [${v.clause}]`;
      const failing = v.findings.filter((f) => f.outcome === "fail");
      if (failing.length) {
        lines.push(`${head}${v.reading ? ` (the kit's reading ${v.reading})` : ""}`);
        for (const f of failing.slice(0, SHOWN))
          lines.push(
            `          ${f.severity}: ${f.message.split("\n").join("\n          ")} (evidence #${f.evidence.join(", #")})`,
          );
        if (failing.length > SHOWN) lines.push(`          … ${failing.length - SHOWN} more in check.json`);
      } else if (v.status === "passed") {
        lines.push(`${head} ${v.findings.find((f) => f.outcome === "pass")?.message ?? ""}`);
      } else {
        const why = v.reason ?? v.findings.map((f) => f.message).join("; ");
        lines.push(`${head} ${why}`);
      }
    }
  }
  const t = r.totals;
  lines.push(
    `checks: ${r.checks.length} — ${t.passed} passed, ${t.failed} failed, ${t.warned} warned, ${t["not-judged"]} not judged, ${t.harness} harness fault(s), ${t["not-run"]} not run`,
  );
  return lines;
}

export const checkCommand: Command = {
  summary: "judge a capture (record --out, mock --record) with every passive check",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, spec, "check");
    if (values.help) {
      io.out(flagHelp("check", summary, spec, "CAPTURE [options]"));
      return 0;
    }
    if (positionals.length !== 1)
      throw new KitError("CTIPSKIT_E_USAGE", "ctips-kit check needs exactly one CAPTURE file", {
        fix: "e.g. ctips-kit check capture.jsonl --role client",
      });
    const role = (values.role ?? "both") as Role;
    if (!["server", "client", "both"].includes(role))
      throw new KitError("CTIPSKIT_E_USAGE", `--role must be server, client or both, got '${role}'`);
    if (values.strict && values.compatible)
      throw new KitError("CTIPSKIT_E_USAGE", "--strict and --compatible exclude each other");
    const redact = (values.redact as string[] | undefined) ?? [];
    if (redact.length && values.bundle === undefined)
      throw new KitError("CTIPSKIT_E_USAGE", "--redact applies to the bundle: give --bundle FILE.zip too");
    if (redact.some((t) => t.trim() === ""))
      throw new KitError("CTIPSKIT_E_USAGE", "--redact needs a text, not an empty one");
    const params = given(values);
    const capture = readCapture(positionals[0]);
    const report = checkCapture(capture.entries, {
      role,
      mode: values.compatible ? "compatible" : values.strict ? "strict" : undefined,
      strictReadings: values["strict-readings"] === true,
      given: params,
    });
    report.capture.file = capture.file;
    report.capture.torn = capture.torn;
    const written = writeCheckReports(report, (values.reports as string | undefined) ?? "reports");
    for (const line of reportLines(report)) io.out(line);
    io.out(`reports: ${written.json}, ${written.junit}`);
    if (values.bundle !== undefined) {
      const b = writeBundle({ capture, report, redact, out: values.bundle as string });
      io.out(
        `bundle: ${b.file} — ${b.files.length + 1} files (manifest.json, ${b.files.map((f) => f.name).join(", ")}); redacted ${b.redacted.passwords} password(s) and ${b.redacted.given} --redact text(s)`,
      );
    }
    return report.exitCode;
  },
};
