/** `ctips-kit certify server` — the conformance run; prints the summary, returns the exit code. */
import { KitError } from "../contract/errors.ts";
import { type CertifyResult, certifyServer } from "../runner/certify.ts";
import { readCertifyConfig } from "../runner/certify-config.ts";
import { startContainerTarget } from "../runner/container.ts";
import { readWaivers } from "../runner/waivers.ts";
import { type FlagSpec, flagHelp, parseFlags } from "./args.ts";
import { certifyClientCli } from "./certify-client.ts";
import { reportLines, scenarioLines } from "./summary.ts";
import type { Command } from "./main.ts";

/** Every flag of `certify server`; docs/certify.md's flag table lists the same (a test checks). */
export const certifyServerFlags = {
  target: {
    type: "string",
    description: "CTIPS endpoint URL (default: the embedded mock, started for the run)",
  },
  wsdl: { type: "string", description: "bundled (default), target (the target's ?wsdl) or a WSDL URL" },
  image: {
    type: "string",
    description: "a container image serving a CTIPS on port 8170 (testcontainers; needs a Docker engine)",
  },
  config: {
    type: "string",
    description: "YAML/JSON certify config: target, callback, site, triggers, timings",
  },
  tags: { type: "string", description: "Cucumber tag expression, e.g. '@request:LoginAgent'" },
  waivers: { type: "string", description: "YAML file of expected deviations (docs/certify.md)" },
  compatible: {
    type: "boolean",
    description: "compatible mode: deviations the tolerant reader accepted warn instead of fail",
  },
  "strict-readings": {
    type: "boolean",
    description: "the kit's readings of the guide (docs/readings.md) fail the run when they do not hold",
  },
  "event-timeout-ms": {
    type: "string",
    description: "how long a step waits for an event (default 10000; 3000 on the mock)",
  },
  reports: { type: "string", description: "reports directory (default reports/)" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies FlagSpec;

const summary = "Run the conformance features against a CTIPS and report (summary, JUnit, Allure results).";

export function formatSummary(r: CertifyResult): string {
  const lines = [
    `\nctips-kit certify server — ${r.target}`,
    `mode: ${r.settings.strict ? "strict" : "compatible (tolerated deviations warn)"}; readings: ${r.strictReadings ? "strict (they fail)" : "warn"}; event timeout ${r.settings.eventTimeoutMs} ms, quiet ${r.settings.quietMs} ms, teardown ${r.settings.teardownTimeoutMs} ms`,
  ];
  for (const a of r.preflight.actions) lines.push(`PREFLIGHT ${a}`);
  for (const w of r.preflight.warnings) lines.push(`PREFLIGHT WARNING ${w}`);
  lines.push(...scenarioLines(r));
  // In a run narrowed by tags, a waiver whose scenarios were left out is not stale.
  if (r.narrowed && r.unusedWaivers.length)
    lines.push(
      `${r.unusedWaivers.length} waiver(s) matched no scenario of this run (the tags left them out)`,
    );
  else
    for (const w of r.unusedWaivers)
      lines.push(`UNUSED WAIVER ${w.clause ?? w.tag ?? w.scenario}: ${w.reason}`);
  for (const p of r.postflight) lines.push(`POSTFLIGHT the run left the target changed: ${p}`);
  const cov = r.coverage;
  lines.push(
    `coverage: ${cov.covered}/${cov.total} contract items (${cov.percent} %)${r.coverageGateFailed ? " — BELOW 100 %, the run fails" : ""}`,
  );
  const kinds = new Map<string, string[]>();
  for (const u of cov.uncovered) kinds.set(u.kind, [...(kinds.get(u.kind) ?? []), u.name]);
  for (const [k, names] of kinds)
    lines.push(
      `  uncovered ${k}s (${names.length}): ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", …" : ""}`,
    );
  lines.push(...reportLines(r));
  lines.push(`reports: ${r.reports.junit}, ${r.reports.allureResults} (ctips-kit report builds the HTML)`);
  lines.push(`${r.totals.total} scenarios in ${(r.durationMs / 1000).toFixed(1)} s`);
  const t = r.totals;
  lines.push(
    `Scenarios: ${t.passed} passed, ${t.failed} failed, ${t.reading} readings warned${r.strictReadings ? " (strict readings: they fail)" : ""}, ${t.waived} waived, ${t.skipped} skipped, ${t.harness} harness faults`,
  );
  lines.push(
    `Verdict: ${r.exitCode === 0 ? "conformant to the guide" : r.exitCode === 1 ? "NOT conformant (normative failures)" : "UNDECIDED (the kit could not judge everything: harness faults)"}`,
  );
  return lines.join("\n");
}

function positiveInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new KitError(
      "CTIPSKIT_E_USAGE",
      `--${flag} must be a whole number of milliseconds ≥ 1, not '${text}'`,
    );
  return Number(text);
}

export const certifyCommand: Command = {
  summary:
    "certify server: the conformance suite against the embedded mock or --target URL; certify client: grade a CTI client",
  async run(argv, io) {
    const [what, ...rest] = argv;
    if (what === "client") return certifyClientCli(rest, io);
    if (what !== "server") {
      throw new KitError(
        "CTIPSKIT_E_USAGE",
        `ctips-kit certify needs 'server' or 'client'${what ? `, not '${what}'` : ""}`,
        { fix: "ctips-kit certify server --help, ctips-kit certify client --help" },
      );
    }
    const { values } = parseFlags(rest, certifyServerFlags, "certify server");
    if (values.help) {
      io.out(flagHelp("certify server", summary, certifyServerFlags));
      return 0;
    }
    const options = values.config ? readCertifyConfig(values.config as string) : {};
    if (values.target && values.image)
      throw new KitError("CTIPSKIT_E_USAGE", "give --target or --image, not both");
    if (values.target) options.target = { ...(options.target ?? {}), endpoint: values.target as string };
    if (values.wsdl) {
      if (!options.target && !values.image) {
        throw new KitError(
          "CTIPSKIT_E_USAGE",
          "--wsdl goes with --target, --image or a config's target (the embedded mock uses the bundled contract)",
        );
      }
    }
    if (values["event-timeout-ms"])
      options.eventTimeoutMs = positiveInt("event-timeout-ms", values["event-timeout-ms"] as string);
    const container = values.image ? await startContainerTarget(values.image as string) : undefined;
    if (container) {
      options.target = {
        ...(options.target ?? {}),
        endpoint: container.endpoint,
        controlUrl: container.controlUrl,
      };
      options.triggers ??= { kind: "mock-control", controlUrl: container.controlUrl };
    }
    if (values.wsdl && options.target) options.target.wsdl = values.wsdl as string;
    try {
      const result = await certifyServer({
        ...options,
        tags: values.tags as string | undefined,
        strict: !values.compatible,
        strictReadings: values["strict-readings"] === true,
        waivers: values.waivers ? readWaivers(values.waivers as string) : undefined,
        reportsDir: values.reports as string | undefined,
        progress: (t) => io.progress(t),
      });
      io.out(formatSummary(result));
      return result.exitCode;
    } finally {
      await container?.stop();
    }
  },
};
