import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import type { Io } from "../../src/cli/io.ts";

const bin = join(import.meta.dirname, "..", "..", "bin", "ctips-kit.js");

function memoryIo(env: NodeJS.ProcessEnv = {}): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    progress: () => {},
    err: (t) => stderr.push(t),
    readStdin: async () => "",
    onStop: () => {},
    env,
  };
}

describe("ctips-kit mock", () => {
  it("starts on the embedded default and stops cleanly on Ctrl-C", async () => {
    const child = spawn(process.execPath, [bin, "mock", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no listening line in 15 s: ${out}`)), 15_000);
      child.stdout.on("data", () => {
        if (out.includes("press Ctrl-C")) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/Aspect\.UnifiedIP\.EDK\.CTIPortalService/);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).toBe(0);
    expect(out).toContain("stopped");
  });

  it.each([
    [["mock", "--port", "abc"], /--port must be a whole number/],
    [["mock", "--missed-heartbeats", "0"], /missedHeartbeats must be >= 1/],
    [["mock", "--user", "nopassword"], /--user must be NAME:PASSWORD/],
    [["mock", "--bogus"], /Unknown option '--bogus'/],
    [["mock", "--config", "/nonexistent.yaml"], /cannot read config file/],
  ])("exits 2 with a message naming the field for %j", async (argv, message) => {
    const io = memoryIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(message);
  });

  it("reports a bad environment variable by name", async () => {
    const io = memoryIo({ CTIPS_KIT_HEARTBEAT_MS: "soon" });
    expect(await main(["mock"], io)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(/CTIPS_KIT_HEARTBEAT_MS=soon is not a whole number/);
  });

  it("prints help with every flag", async () => {
    const io = memoryIo();
    expect(await main(["mock", "--help"], io)).toBe(0);
    for (const flag of [
      "--host",
      "--port",
      "--config",
      "--heartbeat-ms",
      "--missed-heartbeats",
      "--user",
      "--tenant",
      "--max-sessions",
      "--profile",
    ]) {
      expect(io.stdout.join("\n")).toContain(flag);
    }
  });
});
