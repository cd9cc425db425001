/**
 * `ctips-kit certify server` as a user runs it: `bin/ctips-kit.js` as a child process, with
 * each of its flags, against a mock started as a separate process whose control plane only
 * the shell triggers reach (no reset of any kind). And docs/certify.md names exactly the
 * flags the command declares.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import YAML from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { certifyServerFlags } from "../../src/cli/certify.ts";
import { mockProcessForThisFile } from "../support/mock-process-hooks.ts";
import { mockShellTriggers, ROOT, runKit, type Target } from "../support/processes.ts";

const dir = () => mkdtempSync(join(tmpdir(), "ctips-cli-certify-"));

async function state(
  control: string,
): Promise<{ agents: { loginName: string; login: string }[]; calls: unknown[] }> {
  const res = await request(`${control}/state`);
  return (await res.body.json()) as never;
}

describe("docs/certify.md and the command's flags", () => {
  it("names every flag the command declares, and no other", () => {
    const doc = readFileSync(join(ROOT, "docs", "certify.md"), "utf8");
    const table = doc.slice(doc.indexOf("| flag |"), doc.indexOf("\n\n", doc.indexOf("| flag |")));
    const documented = [...table.matchAll(/^\| `--([a-z-]+)/gm)].map((m) => m[1]).sort();
    const declared = Object.keys(certifyServerFlags)
      .filter((f) => f !== "help")
      .sort();
    expect(documented).toEqual(declared);
  });

  it("--help lists every flag", async () => {
    const r = await runKit(["certify", "server", "--help"]);
    expect(r.code).toBe(0);
    for (const f of Object.keys(certifyServerFlags)) expect(r.stdout).toContain(`--${f}`);
  });
});

describe("certify server refuses a command line it cannot run, with exit 2 and the reason", () => {
  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["--wsdl", "target"], /--wsdl goes with --target/],
    [["--event-timeout-ms", "soon"], /--event-timeout-ms must be a whole number/],
    [["--target", "http://127.0.0.1:9/x", "--image", "img"], /give --target or --image, not both/],
    [["--config", "/nonexistent/certify.yaml"], /cannot read certify config/],
    [["--waivers", "/nonexistent/waivers.yaml"], /cannot read waivers file/],
  ])("%j", async (args, message) => {
    const r = await runKit(["certify", "server", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("--image without a Docker engine says so", async () => {
    const r = await runKit(["certify", "server", "--image", "ctips-kit-mock"], {
      env: { DOCKER_HOST: "tcp://127.0.0.1:9" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /CTIPSKIT_E_LISTEN: cannot start the container ctips-kit-mock: no Docker engine/,
    );
  });

  it("--config with an unknown key names it; an unset environment variable is named too", async () => {
    const d = dir();
    writeFileSync(join(d, "bad.yaml"), "target: { endpoint: http://x/ }\ntimeout: 3\n");
    const bad = await runKit(["certify", "server", "--config", join(d, "bad.yaml")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/CTIPSKIT_E_CONFIG_INVALID.*timeout/);
    const ref = (name: string) => `\${${name}}`; // the config's ${NAME} syntax
    writeFileSync(
      join(d, "env.yaml"),
      `target: { endpoint: 'http://127.0.0.1:${ref("NO_SUCH_PORT_VAR")}/x' }\n`,
    );
    const env = await runKit(["certify", "server", "--config", join(d, "env.yaml")]);
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/NO_SUCH_PORT_VAR \(in target.endpoint\)/);
  });

  it("a target it cannot reach stops the preflight with exit 2, before any scenario", async () => {
    const r = await runKit([
      "certify",
      "server",
      "--target",
      "http://127.0.0.1:9/Aspect.UnifiedIP.EDK.CTIPortalService",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CTIPSKIT_E_PREFLIGHT: cannot start: no session could be opened/);
    expect(r.stdout).not.toMatch(/scenarios/);
  });
});

describe("certify server against a mock started as a separate process, without a reset", () => {
  const mock = mockProcessForThisFile();
  let target: Target;
  beforeAll(() => {
    target = mock();
  });

  it("--config (endpoint from the environment, shell triggers), --tags, --reports, --waivers, --event-timeout-ms, --compatible", async () => {
    const d = dir();
    writeFileSync(
      join(d, "certify.yaml"),
      YAML.stringify({
        target: {
          endpoint: `\${MOCK_ENDPOINT}`,
          heartbeatIntervalMs: 100,
          missedHeartbeats: 3,
        },
        site: {
          agents: {
            A: { loginName: "agent1", station: "4001" },
            B: { loginName: "agent2", station: "4002" },
            C: { loginName: "agent3", station: "4003" },
          },
          services: { inbound: 100, second: 200, unmanned: 300, routed: 400 },
        },
        triggers: mockShellTriggers(target.control),
        quietMs: 150,
      }),
    );
    writeFileSync(join(d, "waivers.yaml"), "- clause: EDK 9-99\n  reason: matches nothing\n");
    const reports = join(d, "reports");
    const r = await runKit(
      [
        "certify",
        "server",
        "--config",
        join(d, "certify.yaml"),
        "--tags",
        "@flow:E-2 or @request:SetDisposition",
        "--reports",
        reports,
        "--waivers",
        join(d, "waivers.yaml"),
        "--event-timeout-ms",
        "2500",
        "--compatible",
      ],
      { env: { MOCK_ENDPOINT: target.endpoint } },
    );
    expect(r.stderr).toBe("");
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`ctips-kit certify server — ${target.endpoint}`);
    expect(r.stdout).toMatch(
      /mode: compatible \(tolerated deviations warn\); readings: warn; event timeout 2500 ms/,
    );
    expect(r.stdout).toMatch(/1 waiver\(s\) matched no scenario of this run \(the tags left them out\)/);
    expect(r.stdout).toMatch(/Scenarios: \d+ passed, 0 failed/);
    expect(existsSync(join(reports, "junit.xml"))).toBe(true);
    expect(readFileSync(join(reports, "junit.xml"), "utf8")).toMatch(
      /<testsuite name="ctips-kit certify server: flows"/,
    );
    // The run leaves the target as it found it, by the target's own account.
    const after = await state(target.control);
    expect(after.agents.filter((a) => a.login === "LoggedIn").map((a) => a.loginName)).toEqual([]);
    expect(after.calls).toEqual([]);
  }, 240_000);

  it("--target with --wsdl target and no triggers: scenarios that need one are skipped with the reason", async () => {
    const r = await runKit([
      "certify",
      "server",
      "--target",
      target.endpoint,
      "--wsdl",
      "target",
      "--tags",
      "@request:GetAgentState or @flow:E-2",
      "--reports",
      join(dir(), "reports"),
    ]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/SKIPPED \d+ scenario\(s\): trigger 'inbound-call' unavailable/);
    expect(r.stdout).toMatch(/Scenarios: [1-9]\d* passed, 0 failed/);
  }, 240_000);

  it("--strict-readings turns a reading that does not hold into a failure (exit 1); without it, a warning (exit 0)", async () => {
    // This target answers every GetAgentState with GeneralError: the refusal of a request
    // naming another tenant is still a refusal (normative), but not the code the kit reads.
    const res = await request(`${target.control}/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "fault-response",
        scope: { operation: "GetAgentState" },
        params: { code: "GeneralError" },
      }),
    });
    const { id } = (await res.body.json()) as { id: string };
    try {
      const args = [
        "certify",
        "server",
        "--target",
        target.endpoint,
        "--tags",
        "@request:GetAgentState and @EDK-3-1",
      ];
      const warn = await runKit([...args, "--reports", join(dir(), "r")]);
      expect(warn.code, warn.stdout).toBe(0);
      expect(warn.stdout).toMatch(/WARNING reading fault-error-code did not hold in 1 scenario/);
      expect(warn.stdout).toMatch(/Verdict: conformant to the guide/);
      const strict = await runKit([...args, "--strict-readings", "--reports", join(dir(), "r")]);
      expect(strict.code, strict.stdout).toBe(1);
      expect(strict.stdout).toMatch(
        /FAILED .*GetAgentState naming another tenant[\s\S]*reading fault-error-code did not hold \(--strict-readings\)/,
      );
    } finally {
      const del = await request(`${target.control}/faults/${id}`, { method: "DELETE" });
      await del.body.text();
    }
  }, 240_000);
});
