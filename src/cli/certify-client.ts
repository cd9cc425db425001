/** `ctips-kit certify client` — grade a CTI client against the mock CTIPS; prints the summary, returns the exit code. */
import { KitError } from "../contract/errors.ts";
import { CLIENT_PROFILES, type ClientProfile } from "../mock-client/reference-client.ts";
import {
  type CertifyClientOptions,
  type CertifyClientResult,
  certifyClient,
} from "../runner/certify-client.ts";
import { readCertifyClientConfig } from "../runner/certify-client-config.ts";
import { type FlagSpec, flagHelp, parseFlags } from "./args.ts";
import { reportLines, scenarioLines } from "./summary.ts";
import type { Io } from "./io.ts";

/** Every flag of `certify client`; docs/certify-client.md's flag table lists the same (a test checks). */
export const certifyClientFlags = {
  profile: {
    type: "string",
    description: `what kind of client: ${CLIENT_PROFILES.join(", ")} (default monitor)`,
  },
  run: {
    type: "string",
    description: "start the client with /bin/sh -c CMD and the CTIPS_* environment; stop it at the end",
  },
  config: {
    type: "string",
    description: "YAML/JSON config: profile, run, ports, heartbeats, timings, agents",
  },
  host: { type: "string", description: "address the mock CTIPS listens on (default 127.0.0.1)" },
  port: { type: "string", description: "the mock CTIPS's port (default 8170; 0 = ephemeral)" },
  "secondary-port": { type: "string", description: "the secondary CTIPS's port, for failover (default 0)" },
  "heartbeat-ms": { type: "string", description: "the mock's heartbeat interval (default 1000)" },
  "missed-heartbeats": {
    type: "string",
    description: "missed heartbeats before the mock disposes a session (default 3)",
  },
  "connect-timeout-ms": {
    type: "string",
    description: "how long to wait for the client to come online (default 60000; 30000 with --run)",
  },
  agent: {
    type: "string",
    multiple: true,
    description: "agent desktops: LOGIN:STATION to log in (repeatable; default agent1:4001)",
  },
  tags: { type: "string", description: "Cucumber tag expression, e.g. '@rule:recovery'" },
  compatible: {
    type: "boolean",
    description: "deviations from the wire contract in the client's requests warn instead of fail",
  },
  "strict-readings": {
    type: "boolean",
    description: "the kit's readings of the guide (docs/readings.md) fail the run when they do not hold",
  },
  reports: { type: "string", description: "reports directory (default reports/)" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies FlagSpec;

const summary =
  "Grade a CTI client: the kit plays the CTIPS, drives the simulated contact center and checks what the client does.";

function whole(flag: string, text: unknown, min = 1): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== "string" || !/^\d+$/.test(text) || Number(text) < min)
    throw new KitError(
      "CTIPSKIT_E_USAGE",
      `--${flag} must be a whole number ≥ ${min}, not '${String(text)}'`,
    );
  return Number(text);
}

export function formatClientSummary(r: CertifyClientResult): string {
  const lines = [
    `\nctips-kit certify client — profile ${r.profile}, the kit's CTIPS at ${r.endpoint}`,
    `mode: ${r.mode === "strict" ? "strict" : "compatible (wire deviations warn)"}; readings: ${r.strictReadings ? "strict (they fail)" : "warn"}; heartbeat ${r.timings.heartbeatIntervalMs} ms, answers within ${r.timings.answerWithinMs} ms, reactions within ${r.timings.reactWithinMs} ms, reconnection within ${r.timings.reconnectWithinMs} ms`,
    ...scenarioLines(r),
  ];
  if (r.coverage.uncovered.length)
    lines.push(
      `rules without a scenario: ${r.coverage.uncovered.join(", ")}${r.coverageGateFailed ? " — the run fails" : ""}`,
    );
  if (r.coverage.unknown.length)
    lines.push(`scenarios tagged with an unknown rule: ${r.coverage.unknown.join(", ")}`);
  if (r.client?.exit) lines.push(`the client exited: ${JSON.stringify(r.client.exit)}`);
  lines.push(...reportLines(r));
  lines.push(
    `reports: ${r.reports.summary}, ${r.reports.junit}, ${r.reports.allureResults}, ${r.reports.timeline}`,
    `${r.totals.total} scenarios in ${(r.durationMs / 1000).toFixed(1)} s`,
  );
  const t = r.totals;
  lines.push(
    `Scenarios: ${t.passed} passed, ${t.failed} failed, ${t.reading} readings warned, ${t.skipped} skipped (not this profile), ${t.harness} harness faults`,
    `Verdict: ${r.exitCode === 0 ? "the client behaves as the guide requires" : r.exitCode === 1 ? "NOT conformant (normative failures)" : "UNDECIDED (the kit could not judge everything: harness faults)"}`,
  );
  return lines.join("\n");
}

export async function certifyClientCli(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, certifyClientFlags, "certify client");
  if (values.help) {
    io.out(flagHelp("certify client", summary, certifyClientFlags));
    return 0;
  }
  const file = values.config ? readCertifyClientConfig(values.config as string) : {};
  const profile = (values.profile as string | undefined) ?? file.profile ?? "monitor";
  if (!CLIENT_PROFILES.includes(profile as ClientProfile))
    throw new KitError(
      "CTIPSKIT_E_USAGE",
      `--profile must be one of ${CLIENT_PROFILES.join(", ")}, not '${profile}'`,
    );
  const agents = (values.agent as string[] | undefined)?.map((a) => {
    const [loginName, station] = a.split(":");
    if (!loginName || !station)
      throw new KitError("CTIPSKIT_E_USAGE", `--agent must be LOGIN:STATION, not '${a}'`);
    return { loginName, station };
  });
  const options: CertifyClientOptions = {
    ...file,
    profile: profile as ClientProfile,
    run: (values.run as string | undefined) ?? file.run,
    runCwd: values.run ? undefined : (file as { runCwd?: string }).runCwd,
    host: (values.host as string | undefined) ?? file.host,
    port: whole("port", values.port, 0) ?? file.port,
    secondaryPort: whole("secondary-port", values["secondary-port"], 0) ?? file.secondaryPort,
    heartbeatIntervalMs: whole("heartbeat-ms", values["heartbeat-ms"]) ?? file.heartbeatIntervalMs,
    missedHeartbeats: whole("missed-heartbeats", values["missed-heartbeats"]) ?? file.missedHeartbeats,
    connectTimeoutMs: whole("connect-timeout-ms", values["connect-timeout-ms"]) ?? file.connectTimeoutMs,
    agents: agents ?? file.agents,
    tags: values.tags as string | undefined,
    compatible: values.compatible === true || file.compatible === true,
    strictReadings: values["strict-readings"] === true || file.strictReadings === true,
    reportsDir: values.reports as string | undefined,
    progress: (t) => io.progress(t),
    onListening: ({ endpoint, secondary, env }) => {
      io.out(`ctips-kit certify client: the CTIPS listens at ${endpoint} (secondary ${secondary})`);
      if (!values.run && !file.run) {
        io.out("start the client under test with this environment (docs/certify-client.md):");
        for (const [k, v] of Object.entries(env)) io.out(`  ${k}=${v}`);
      }
    },
    onOperator: (message) => io.out(`OPERATOR: ${message}`),
  };
  // Ctrl-C: the client the kit started (its own process group) and the mocks stop with the kit.
  const interrupt = new AbortController();
  io.onStop(() => {
    io.err("interrupted: stopping the client under test and the mocks");
    interrupt.abort();
  });
  options.signal = interrupt.signal;
  options.onInterrupted = () => process.exit(130);
  const result = await certifyClient(options);
  io.out(formatClientSummary(result));
  return result.exitCode;
}
