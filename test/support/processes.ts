/**
 * Targets and the kit as users run them: separate processes. `bin/ctips-kit.js mock` on an
 * ephemeral port (its control plane reachable only through shell triggers), the WCF
 * fixture (test/interop/wcf) when Mono is installed, and `bin/ctips-kit.js` itself.
 * Every process a test starts is stopped by PID. No vitest here: benches use it too
 * (test/support/mock-process-hooks.ts has the per-file hooks).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
export const BIN = join(ROOT, "bin", "ctips-kit.js");

export interface Target {
  endpoint: string;
  control: string;
  stop(): Promise<void>;
}

/** Waits for `pattern` on the child's stdout; rejects with what it printed when it exits or times out. */
export function awaitLine(
  child: ChildProcess,
  pattern: RegExp,
  what: string,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    const t = setTimeout(
      () => reject(new Error(`${what} did not start in ${timeoutMs} ms: ${out}${err}`)),
      timeoutMs,
    );
    child.stderr?.on("data", (d) => (err += d));
    child.stdout?.on("data", (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`${what} exited ${code}: ${out}${err}`));
    });
  });
}

function stopper(child: ChildProcess, signal: NodeJS.Signals): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(child.pid, signal);
    await exited;
  };
}

/** `ctips-kit mock` as a plain process on an ephemeral port (`child` for a test that kills it otherwise). */
export async function startMockProcess(args: string[] = []): Promise<Target & { child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, "mock", "--port", "0", "--log-level", "error", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const m = await awaitLine(child, /listening on (\S+)/, "ctips-kit mock", 30_000);
  child.stdout?.resume();
  return {
    endpoint: m[1],
    control: `${new URL(m[1]).origin}/control`,
    stop: stopper(child, "SIGINT"),
    child,
  };
}

/** A free loopback port (Mono's HttpListener cannot listen on port 0; a tiny race remains). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const WCF_DIR = join(ROOT, "test", "interop", "wcf");

/** Why the WCF fixture cannot run here (no Mono), or undefined. Builds it when it can. */
export function wcfUnavailable(): string | undefined {
  if (spawnSync("mono", ["--version"]).status !== 0)
    return "Mono is not installed (Debian: mono-devel; .ci/run installs it)";
  const b = spawnSync(join(WCF_DIR, "build.sh"), { encoding: "utf8" });
  if (b.status !== 0) return `the WCF fixture does not build: ${b.stdout}${b.stderr}`;
  return existsSync(join(WCF_DIR, "bin", "CtipsFixture.exe"))
    ? undefined
    : "bin/CtipsFixture.exe was not built";
}

/**
 * Why a WCF interop test must be skipped here, printed, or undefined when it can run. In CI
 * (.ci/run installs Mono and sets CTIPS_KIT_REQUIRE_MONO) a missing Mono is a failure.
 */
export function wcfSkipReason(what: string): string | undefined {
  const unavailable = wcfUnavailable();
  if (!unavailable) return undefined;
  if (process.env.CTIPS_KIT_REQUIRE_MONO) throw new Error(`${what} cannot run: ${unavailable}`);
  console.log(`skipped: ${what} cannot run here: ${unavailable}`);
  return unavailable;
}

/** The WCF fixture (test/interop/wcf/README.md) on free loopback ports. */
export async function startWcfFixture(args: string[] = []): Promise<Target & { port: number }> {
  const [port, controlPort] = [await freePort(), await freePort()];
  const child = spawn(
    "mono",
    [
      join(WCF_DIR, "bin", "CtipsFixture.exe"),
      "--port",
      String(port),
      "--control-port",
      String(controlPort),
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const m = await awaitLine(child, /READY endpoint=(\S+) control=(\S+)/, "the WCF fixture", 30_000);
  child.stdout?.resume();
  child.stderr?.resume();
  return { endpoint: m[1], control: m[2], port, stop: stopper(child, "SIGTERM") };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/ctips-kit.js` with `args` as a child process, as a user does. */
export function runKit(
  args: string[],
  o: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: o.cwd ?? ROOT,
      env: { ...process.env, ...o.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const t = setTimeout(() => child.pid && process.kill(child.pid, "SIGKILL"), o.timeoutMs ?? 300_000);
    child.on("close", (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A shell command (for a trigger) that POSTs to the mock's control plane with Node, reading CTIPS_* variables. */
export function controlPost(control: string, path: string, body = "undefined"): string {
  const script = `fetch(${JSON.stringify(control)} + ${path}, { method: "POST", headers: { "content-type": "application/json" }, body: ${body} }).then(async (r) => { const t = await r.text(); if (r.status >= 300) { console.error(t); process.exit(1); } console.log(t); })`;
  return `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}`;
}

/** Shell triggers for a mock process: what an operator would configure against a mock they started. */
export function mockShellTriggers(control: string): Record<string, string> {
  return {
    "inbound-call": controlPost(
      control,
      '"/calls"',
      "JSON.stringify({ serviceId: +process.env.CTIPS_SERVICE_ID, ani: process.env.CTIPS_ANI, dnis: process.env.CTIPS_DNIS })",
    ),
    hangup: controlPost(control, '"/calls/" + process.env.CTIPS_CALL_ID + "/hangup"'),
    answer: controlPost(control, '"/agents/" + process.env.CTIPS_LOGIN_NAME + "/answer"'),
    link: controlPost(control, '"/links/" + process.env.CTIPS_COMPONENT + "/" + process.env.CTIPS_STATE'),
    "service-state": controlPost(
      control,
      '"/services/" + process.env.CTIPS_SERVICE_ID + "/state"',
      "JSON.stringify({ state: process.env.CTIPS_STATE })",
    ),
    "gateway-passcode": controlPost(
      control,
      '"/gateway/passcode"',
      'JSON.stringify({ required: process.env.CTIPS_REQUIRED === "true" })',
    ),
  };
}
