import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import type { Io } from "../../src/cli/io.ts";
import { contract, soapActionFor } from "../../src/contract/index.ts";
import { startMockProcess } from "../support/processes.ts";

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
    [["mock", "--max-xml-depth", "deep"], /--max-xml-depth must be a whole number, got 'deep'/],
    [["mock", "--max-message-bytes", "100"], /maxMessageBytes must be >= 1024/],
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

  it("documents every flag it has in docs/configuration.md, and has every flag documented there", async () => {
    const io = memoryIo();
    expect(await main(["mock", "--help"], io)).toBe(0);
    const help = new Set(io.stdout.join("\n").match(/--[a-z][a-z-]+/g));
    const table = readFileSync(join(import.meta.dirname, "..", "..", "docs", "configuration.md"), "utf8");
    const documented = new Set(
      table
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .flatMap((l) => l.split("|")[3]?.match(/--[a-z][a-z-]+/g) ?? []),
    );
    expect(documented.size).toBeGreaterThan(10);
    for (const flag of documented) expect(help, `${flag} is in docs/configuration.md`).toContain(flag);
    for (const flag of help)
      if (!["--help", "--config", "--log-level", "--tls-cert", "--tls-key", "--record"].includes(flag))
        expect(documented, `${flag} is in mock --help`).toContain(flag);
  });

  it("applies its limits from the command line: a body over --max-message-bytes gets 413, one nested over --max-xml-depth a fault", async () => {
    const mock = await startMockProcess(["--max-message-bytes", "2048", "--max-xml-depth", "8"]);
    try {
      const post = (body: string) =>
        fetch(mock.endpoint, {
          method: "POST",
          headers: {
            "content-type": "text/xml; charset=utf-8",
            soapaction: `"${soapActionFor(contract().operation("OnLine"))}"`,
          },
          body,
        });
      const envelope = (inner: string) =>
        `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${inner}</s:Body></s:Envelope>`;
      const big = await post(envelope(`<x>${"a".repeat(3000)}</x>`));
      expect(big.status).toBe(413);
      const deep = await post(envelope(`${"<a>".repeat(10)}${"</a>".repeat(10)}`));
      expect(deep.status).toBe(400);
      expect(await deep.text()).toMatch(/deeper than 8 elements/);
      // Within both limits the same kind of body is read (and refused for what it says, not its size).
      const fine = await post(envelope("<a><b/></a>"));
      expect(await fine.text()).not.toMatch(/deeper than|too large/);
    } finally {
      await mock.stop();
    }
  });
});
