/**
 * `ctips-kit record` as a user runs it (a child process): it prints where to point the
 * client, records a session through it, and stops cleanly on SIGTERM; it refuses a bad
 * command line, a target that does not answer, a capture file it would mix into and a port
 * it cannot have (exit 2, with what to do).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { readTimeline } from "../../src/timeline/index.ts";
import { Peers } from "../integration/peers.ts";
import { BIN, runKit } from "../support/processes.ts";

const dir = mkdtempSync(join(tmpdir(), "ctips-record-cli-"));
const peers = new Peers();
afterEach(() => peers.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ctips-kit record", () => {
  it("prints where to point the client, records through it, and stops cleanly on SIGTERM", async () => {
    const mock = await peers.mock({ heartbeatIntervalMs: 50 });
    const out = join(dir, "run.jsonl");
    const child = spawn(
      process.execPath,
      [BIN, "record", "--listen", "127.0.0.1:0", "--target", mock.endpoint, "--out", out, "--raw"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((r) => child.once("exit", r));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no 'press Ctrl-C' in 15 s: ${stdout}`)), 15_000);
      child.stdout.on("data", () => {
        if (stdout.includes("press Ctrl-C")) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    const endpoint = /listening on (\S+)/.exec(stdout)?.[1] as string;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Aspect\.UnifiedIP\.EDK\.CTIPortalService$/);
    expect(stdout).toContain(`instead of ${mock.endpoint}`);
    expect(stdout).toMatch(/callbacks: +http:\/\/127\.0\.0\.1:\d+\/cb\/<n>/);
    const client = await peers.client(mock, { target: endpoint });
    const s = await client.openSession({ categories: ["EventCategorySystem"] });
    await s.close();
    process.kill(child.pid as number, "SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/stopped: \d+ entries in .*run\.jsonl; judge them with: npx ctips-kit check/);
    const capture = readTimeline(out);
    expect(capture[0]).toMatchObject({ recorder: "proxy", kind: "request", name: "OpenConnection" });
    expect(capture[0].raw).toMatch(/<(\w+:)?Password>\*\*\*<\/(\w+:)?Password>/);
    expect(capture.filter((e) => e.kind === "startSession")).toHaveLength(1);
  });
});

describe("ctips-kit record refuses (exit 2)", () => {
  const target = "http://127.0.0.1:9/Aspect.UnifiedIP.EDK.CTIPortalService";
  it.each([
    ["no flags", [], /CTIPSKIT_E_USAGE: ctips-kit record needs --listen HOST:PORT and --target URL/],
    [
      "a --listen without a port",
      ["--listen", "localhost", "--target", target],
      /--listen must be HOST:PORT, got 'localhost'/,
    ],
    [
      "a target that is not http(s)",
      ["--listen", "127.0.0.1:0", "--target", "ftp://x/y"],
      /--target must be an http\(s\) URL/,
    ],
    ["an unknown flag", ["--listen", "127.0.0.1:0", "--target", target, "--fast"], /Unknown option '--fast'/],
    [
      "half a TLS pair",
      ["--listen", "127.0.0.1:0", "--target", target, "--tls-cert", "c.pem"],
      /--tls-cert and --tls-key go together/,
    ],
    [
      "an unknown failure policy",
      ["--listen", "127.0.0.1:0", "--target", target, "--on-upstream-failure", "retry"],
      /bad-gateway or soap-fault/,
    ],
  ])("%s", async (_what, args, message) => {
    const r = await runKit(["record", ...args, "--out", join(dir, "never.jsonl")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("a target nothing answers at, naming the cause", async () => {
    const out = join(dir, "unreachable.jsonl");
    const r = await runKit(["record", "--listen", "127.0.0.1:0", "--target", target, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /CTIPSKIT_E_TRANSPORT: the target http:\/\/127\.0\.0\.1:9\/.* cannot be reached: ECONNREFUSED/,
    );
    expect(r.stderr).toContain("--skip-probe");
  });

  it("a capture file that already holds a recording", async () => {
    const out = join(dir, "old.jsonl");
    writeFileSync(out, '{"seq":0}\n');
    const r = await runKit(["record", "--listen", "127.0.0.1:0", "--target", target, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /CTIPSKIT_E_CONFIG_INVALID: the capture file .*old\.jsonl exists and is not empty/,
    );
  });

  it("a port another server holds", async () => {
    const mock = await peers.mock();
    const r = await runKit([
      "record",
      "--listen",
      `127.0.0.1:${mock.port}`,
      "--target",
      mock.endpoint,
      "--out",
      join(dir, "busy.jsonl"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /CTIPSKIT_E_LISTEN: the recording proxy cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/,
    );
  });
});
