/** `ctips-kit certify server` — the conformance run; prints the summary, returns the exit code. */
import { KitError } from "../contract/errors.ts";
import { certifyServer, type CertifyResult } from "../runner/certify.ts";
import { readCertifyConfig } from "../runner/certify-config.ts";
import { startContainerTarget } from "../runner/container.ts";
import { readWaivers } from "../runner/waivers.ts";
import { flagHelp, parseFlags } from "./args.ts";
import type { Command } from "./main.ts";

const spec = {
  target: {
    type: "string",
    description: "CTIPS endpoint URL (default: the embedded mock, started for the run)",
  },
  wsdl: { type: "string", description: "bundled (default), target (the target's ?wsdl) or a WSDL URL" },
  tags: { type: "string", description: "Cucumber tag expression, e.g. '@request:LoginAgent'" },
  compatible: {
    type: "boolean",
    description: "compatible mode: deviations the tolerant reader accepted warn instead of fail",
  },
  waivers: { type: "string", description: "YAML file of expected deviations (docs/certify.md)" },
  reports: { type: "string", description: "reports directory (default reports/)" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const;

const summary = "Run the conformance features against a CTIPS and report (JUnit, Allure results).";

export function formatSummary(r: CertifyResult): string {
  const lines = [`\nctips-kit certify server — ${r.target}`];
  const areas = Object.keys(r.byArea).sort();
  lines.push(
    `${"area".padEnd(10)}${["passed", "failed", "waived", "skipped"].map((h) => h.padStart(9)).join("")}`,
  );
  for (const a of areas) {
    const c = r.byArea[a];
    lines.push(
      `${a.padEnd(10)}${[c.passed, c.failed + c.undefined, c.waived, c.skipped].map((n) => String(n).padStart(9)).join("")}`,
    );
  }
  for (const s of r.scenarios.filter((x) => x.status === "failed" || x.status === "undefined")) {
    lines.push(
      `FAILED  ${s.uri} — ${s.name}\n        ${(s.message ?? "").split("\n").slice(0, 6).join("\n        ")}`,
    );
  }
  for (const s of r.scenarios.filter((x) => x.status === "waived"))
    lines.push(`WAIVED  ${s.uri} — ${s.name}: ${s.waiver}`);
  const skipped = r.scenarios.filter((x) => x.status === "skipped");
  if (skipped.length) {
    const reasons = new Map<string, number>();
    for (const s of skipped)
      reasons.set(
        s.skipReason ?? "no reason given",
        (reasons.get(s.skipReason ?? "no reason given") ?? 0) + 1,
      );
    for (const [why, n] of reasons) lines.push(`SKIPPED ${n} scenario(s): ${why}`);
  }
  for (const w of r.unusedWaivers) lines.push(`UNUSED WAIVER ${w.clause ?? w.scenario}: ${w.reason}`);
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
  lines.push(`reports: ${r.reports.junit}, ${r.reports.allureResults} (ctips-kit report builds the HTML)`);
  lines.push(`${r.totals.total} scenarios in ${(r.durationMs / 1000).toFixed(1)} s`);
  lines.push(
    `Scenarios: ${r.totals.passed} passed, ${r.totals.failed + r.totals.undefined} failed, ${r.totals.skipped} skipped`,
  );
  return lines.join("\n");
}

export const certifyCommand: Command = {
  summary: "certify server: run the conformance suite against the embedded mock or --target URL",
  async run(argv, io) {
    const [what, ...rest] = argv;
    if (what !== "server") {
      throw new KitError(
        "CTIPSKIT_E_USAGE",
        `ctips-kit certify needs 'server'${what ? `, not '${what}'` : ""}`,
        { fix: "ctips-kit certify server --help" },
      );
    }
    const { values } = parseFlags(rest, spec, "certify server");
    if (values.help) {
      io.out(flagHelp("certify server", summary, spec));
      return 0;
    }
    const options = values.config ? readCertifyConfig(values.config as string) : {};
    if (values.target && values.image)
      throw new KitError("CTIPSKIT_E_USAGE", "give --target or --image, not both");
    if (values.target) options.target = { ...(options.target ?? {}), endpoint: values.target as string };
    if (values.wsdl) {
      if (!options.target) {
        throw new KitError(
          "CTIPSKIT_E_USAGE",
          "--wsdl goes with --target (the embedded mock uses the bundled contract)",
        );
      }
      options.target.wsdl = values.wsdl as string;
    }
    const container = values.image ? await startContainerTarget(values.image as string) : undefined;
    if (container) {
      options.target = {
        ...(options.target ?? {}),
        endpoint: container.endpoint,
        controlUrl: container.controlUrl,
      };
      options.triggers ??= { kind: "mock-control", controlUrl: container.controlUrl };
    }
    try {
      const result = await certifyServer({
        ...options,
        tags: values.tags as string | undefined,
        strict: !values.compatible,
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
