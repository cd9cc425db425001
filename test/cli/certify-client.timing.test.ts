/**
 * `ctips-kit certify client` is honest: the reference client (`ctips-kit client`, a separate
 * process) passes every scenario of its profile; each fixture client (the reference client
 * with one `--misbehave`) fails exactly the scenarios of the rules it breaks
 * (src/runner/client-rules.ts) and no other; recovery runs with a restart of the mock and a
 * failover to a second mock, in millisecond timings. And the command as a user runs it:
 * `bin/ctips-kit.js certify client` with --run, with an operator instead, without a client
 * (a timeout with a clear message), with bad flags, and docs/certify-client.md's flag table.
 * Timing: every run grades answers against millisecond bounds, so the file runs alone.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { certifyClientFlags } from "../../src/cli/certify-client.ts";
import type { ClientProfile, Misbehaviour } from "../../src/mock-client/reference-client.ts";
import { type CertifyClientResult, certifyClient } from "../../src/runner/certify-client.ts";
import { CLIENT_RULES } from "../../src/runner/client-rules.ts";
import { BIN, ROOT, runKit } from "../support/processes.ts";

const dir = () => mkdtempSync(join(tmpdir(), "ctips-certify-client-"));

/** Millisecond timings with tolerances that hold on a loaded 2-core machine. */
const FAST = {
  port: 0,
  heartbeatIntervalMs: 100,
  clientHeartbeatTimeoutMs: 400,
  connectTimeoutMs: 20_000,
  timings: {
    answerWithinMs: 300,
    callbackTimeoutMs: 3_000,
    reactWithinMs: 1_500,
    snapshotWithinMs: 1_500,
    routeTimeoutMs: 1_000,
    reconnectWithinMs: 4_000,
    stopWithinMs: 4_000,
  },
};

const client = (misbehave?: Misbehaviour) =>
  `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} client${misbehave ? ` --misbehave ${misbehave} --slow-ms 600` : ""}`;

const grade = (profile: ClientProfile, o: { misbehave?: Misbehaviour; missedHeartbeats?: number } = {}) =>
  certifyClient({
    ...FAST,
    profile,
    run: client(o.misbehave),
    strictReadings: true,
    missedHeartbeats: o.missedHeartbeats,
    reportsDir: dir(),
  });

const notPassed = (r: CertifyClientResult) =>
  r.scenarios
    .filter((s) => s.status !== "passed" && s.status !== "skipped")
    .map((s) => `${s.name}: ${s.message}`);

describe("the reference client", () => {
  it.each(["monitor", "agent-desktop", "router"] as const)(
    "passes every scenario of the %s profile",
    async (profile) => {
      const r = await grade(profile);
      expect(notPassed(r)).toEqual([]);
      expect(r.totals.passed).toBeGreaterThan(15);
      expect(r.exitCode).toBe(0);
      // Scenarios of the other profiles are skipped with the reason.
      for (const s of r.scenarios.filter((x) => x.status === "skipped"))
        expect(s.skipReason).toMatch(new RegExp(`the ${profile} profile does not grade this`));
    },
    120_000,
  );
});

const FIXTURES = [...new Set(CLIENT_RULES.flatMap((r) => r.fixtures))];

describe("each fixture client fails exactly the scenarios of the rules it breaks", () => {
  it.each(FIXTURES)(
    "%s",
    async (misbehave) => {
      const rules = CLIENT_RULES.filter((r) => r.fixtures.includes(misbehave));
      // The least the rules need: a monitor, unless a rule is only an agent desktop's or a router's.
      const profile = rules.every((r) => r.profiles.includes("monitor")) ? "monitor" : rules[0].profiles[0];
      // Unanswered heartbeats would get the session disposed (and every scenario after it
      // graded on a new one): here the mock keeps it, so only the heartbeat rule fails.
      const r = await grade(profile, {
        misbehave,
        missedHeartbeats: misbehave === "heartbeats-unanswered" ? 999 : undefined,
      });
      const ruleTags = rules.map((x) => `@rule:${x.id}`);
      const names = (keep: (s: (typeof r.scenarios)[number]) => boolean) =>
        r.scenarios
          .filter(keep)
          .map((s) => s.name)
          .sort();
      const expected = names((s) => s.status !== "skipped" && s.tags.some((t) => ruleTags.includes(t)));
      expect(expected.length).toBeGreaterThan(0);
      expect(
        names((s) => s.status === "failed"),
        r.scenarios
          .filter((s) => s.status !== "passed" && s.status !== "skipped")
          .map((s) => `${s.status} ${s.name}: ${(s.message ?? "").split("\n")[0]}`)
          .join("\n"),
      ).toEqual(expected);
      expect(r.totals.harness).toBe(0);
      expect(r.exitCode).toBe(1);
    },
    180_000,
  );

  it("a client that stops answering heartbeats is disposed after the configured misses, and the failure says so", async () => {
    const r = await certifyClient({
      ...FAST,
      profile: "monitor",
      run: client("heartbeats-unanswered"),
      tags: "@rule:heartbeats",
      reportsDir: dir(),
    });
    const [s] = r.scenarios.filter((x) => x.status === "failed");
    expect(s.message).toMatch(/expected an answer to the heartbeat at seq \d+ within 300 ms, got fault/);
    expect(s.message).toMatch(/the CTIPS disposed session .*missed-heartbeats/);
  }, 120_000);
});

describe("ctips-kit certify client as a user runs it", () => {
  const config = () => {
    const d = dir();
    const file = join(d, "client.yaml");
    writeFileSync(file, YAML.stringify(FAST));
    return { d, file };
  };

  it("--profile agent-desktop --run the reference client: passes, exit 0, reports written", async () => {
    const { d, file } = config();
    const r = await runKit([
      "certify",
      "client",
      "--config",
      file,
      "--profile",
      "agent-desktop",
      "--run",
      client(),
      "--reports",
      join(d, "reports"),
    ]);
    expect(r.stdout).toMatch(
      /the CTIPS listens at http:\/\/127\.0\.0\.1:\d+\/Aspect\.UnifiedIP\.EDK\.CTIPortalService/,
    );
    expect(r.stdout).toContain("Verdict: the client behaves as the guide requires");
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(d, "reports", "summary.json"), "utf8"));
    expect(summary).toMatchObject({ certify: "client", profile: "agent-desktop", exitCode: 0 });
    expect(readFileSync(join(d, "reports", "junit.xml"), "utf8")).toContain("ctips-kit certify client");
    expect(readFileSync(join(d, "reports", "client-timeline.jsonl"), "utf8")).toContain('"OpenConnection"');
  }, 120_000);

  it("without --run it prints the environment, waits for the client an operator starts, and asks the operator to stop it", async () => {
    const { d, file } = config();
    const kit = spawn(
      process.execPath,
      [
        BIN,
        "certify",
        "client",
        "--config",
        file,
        "--tags",
        "@rule:subscribe-first or @rule:shut-down",
        "--reports",
        join(d, "r"),
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let started: ReturnType<typeof spawn> | undefined;
    const done = new Promise<number | null>((resolve) => kit.on("close", resolve));
    kit.stdout.on("data", (chunk) => {
      out += chunk;
      const env = Object.fromEntries(
        [...out.matchAll(/^ {2}(CTIPS_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
      );
      if (!started && env.CTIPS_HEARTBEAT_TIMEOUT_MS) {
        started = spawn(process.execPath, [BIN, "client"], {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: "ignore",
        });
      }
      if (started && /OPERATOR: stop the client/.test(out) && started.exitCode === null && !started.killed)
        started.kill("SIGTERM");
    });
    const code = await done;
    expect(out).toMatch(/CTIPS_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\//);
    expect(out).toContain("OPERATOR: stop the client under test now");
    expect(out).toMatch(/Scenarios: [1-9]\d* passed, 0 failed/);
    expect(code).toBe(0);
  }, 120_000);

  it("Ctrl-C stops the kit, the client it started and the mocks (exit 130)", async () => {
    const { d, file } = config();
    const pidFile = join(d, "client.pid");
    const kit = spawn(
      process.execPath,
      [
        BIN,
        "certify",
        "client",
        "--config",
        file,
        "--run",
        `echo $$ > ${pidFile}; exec ${client()}`,
        "--reports",
        join(d, "r"),
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    kit.stdout.on("data", (c) => (out += c));
    kit.stderr.on("data", (c) => (out += c));
    const exited = new Promise<number | null>((resolve) => kit.on("close", resolve));
    const deadline = Date.now() + 20_000;
    // Interrupt once the scenarios run (the progress dots), with the client online.
    while (!/^\.+/m.test(out.split("\n").slice(1).join("\n")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(pidFile, "utf8"));
    kit.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(out).toContain("interrupted: stopping the client under test and the mocks");
    const gone = (p: number) => {
      try {
        process.kill(p, 0);
        return false;
      } catch {
        return true;
      }
    };
    expect(gone(pid)).toBe(true);
  }, 60_000);

  it("without a client it times out, naming what it expected, with exit 2", async () => {
    const r = await runKit(["certify", "client", "--port", "0", "--connect-timeout-ms", "300"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /CTIPSKIT_E_CLIENT_TIMEOUT.*no client came online at http:\/\/127\.0\.0\.1:\d+\/\S+ within 300 ms: no OpenConnection arrived/,
    );
    expect(r.stderr).toMatch(/expected OpenConnection/);
  });

  it("a client that exits at once: the timeout says how it exited and what it printed", async () => {
    const r = await runKit([
      "certify",
      "client",
      "--port",
      "0",
      "--connect-timeout-ms",
      "5000",
      "--run",
      `${JSON.stringify(process.execPath)} -e "console.error('cannot reach the CTIPS'); process.exit(3)"`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /the client exited \(\{"code":3,"signal":null\}\); its last output: cannot reach the CTIPS/,
    );
  });

  it.each([
    [["--profile", "wallboard"], /--profile must be one of monitor, agent-desktop, router, not 'wallboard'/],
    [["--agent", "agent1"], /--agent must be LOGIN:STATION/],
    [["--agent", "nobody:4001"], /agent 'nobody' is not in the mock's topology/],
    [["--port", "http"], /--port must be a whole number/],
    [["--config", "/nonexistent/client.yaml"], /cannot read client certify config/],
    [["--bogus"], /Unknown option '--bogus'/],
  ])("refuses %j with exit 2 and the reason", async (args, message) => {
    const r = await runKit(["certify", "client", "--port", "0", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("refuses a config with an unknown key, and a route timeout that is not whole seconds", async () => {
    const d = dir();
    const bad = join(d, "bad.yaml");
    writeFileSync(
      bad,
      YAML.stringify({ profile: "router", timings: { routeTimeoutMs: 1500 }, heartbeat: 5 }),
    );
    let r = await runKit(["certify", "client", "--config", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/client certify config .* is invalid: .*heartbeat/);
    writeFileSync(bad, YAML.stringify({ profile: "router", port: 0, timings: { routeTimeoutMs: 1500 } }));
    r = await runKit(["certify", "client", "--config", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/routeTimeoutMs must be whole seconds, not 1500 ms/);
  });

  it("docs/certify-client.md names every flag the command declares, and --help lists them", async () => {
    const doc = readFileSync(join(ROOT, "docs", "certify-client.md"), "utf8");
    const table = doc.slice(doc.indexOf("| flag |"), doc.indexOf("\n\n", doc.indexOf("| flag |")));
    const documented = [...table.matchAll(/^\| `--([a-z-]+)/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(
      Object.keys(certifyClientFlags)
        .filter((f) => f !== "help")
        .sort(),
    );
    const r = await runKit(["certify", "client", "--help"]);
    expect(r.code).toBe(0);
    for (const f of Object.keys(certifyClientFlags)) expect(r.stdout).toContain(`--${f}`);
  });
});
