/**
 * `ctips-kit replay CAPTURE --serve` — plays the server's side of a capture again to a CTI
 * client (src/runner/replay.ts), then grades what the client did with the checks `check
 * --role client` runs. With `--run CMD` the kit starts the client itself (the CTIPS_*
 * environment of docs/certify-client.md) and stops it where the captured client stopped;
 * without, it prints the environment and asks the operator. Exit 0: no check failed; 1: one
 * did; 2: the capture cannot be replayed, no client came, or the command line is wrong.
 * @see docs/record.md ("Replay")
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { KitError } from "../contract/errors.ts";
import { createLogger, type LogLevel } from "../contract/logger.ts";
import { checkCapture, readCapture, writeCheckReports } from "../runner/check-capture.ts";
import { replayCapture } from "../runner/replay.ts";
import { type FlagSpec, flagHelp, parseFlags } from "./args.ts";
import { checkFlags, given, reportLines } from "./check.ts";
import type { Io } from "./io.ts";
import type { Command } from "./main.ts";

const ms = (what: string) => ({ type: "string", description: `${what}, in ms` }) as const;

/** check's flags for how to judge (mode, readings, parameters); the role is the client's, the reports are the replay's. */
const gradingFlags: FlagSpec = Object.fromEntries(
  Object.entries(checkFlags).filter(([k]) => !["role", "reports", "bundle", "redact", "help"].includes(k)),
);

const spec = {
  serve: { type: "boolean", description: "listen and wait for the client under test to connect (the mode)" },
  listen: {
    type: "string",
    description: "HOST:PORT to listen on (default 127.0.0.1:8170; port 0 = ephemeral)",
  },
  "to-client": {
    type: "string",
    description:
      "not a mode: a CTIPS never calls a client that has not opened a session (see docs/record.md)",
  },
  run: {
    type: "string",
    description:
      "start the client with /bin/sh -c CMD and the CTIPS_* environment; stop it where the captured client stopped",
  },
  "connect-timeout-ms": ms(
    "how long to wait for the client's OpenConnection (default 60000; 30000 with --run)",
  ),
  "wait-ms": ms(
    "how long a callback waits for the client's request it followed in the capture (default 3000)",
  ),
  "stop-within-ms": ms("from asking the client to stop to its session closed (default 5000)"),
  reports: {
    type: "string",
    description: "directory for replay.jsonl, check.json and check-junit.xml (default reports/replay)",
  },
  ...gradingFlags,
  "log-level": { type: "string", description: "error (default), init or trace, to stderr" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies FlagSpec;

const summary =
  "Play the server's side of a capture again to a CTI client (--serve), then grade the client with the checks of check --role client.";

function whole(flag: string, v: unknown, min = 1): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^\d+$/.test(v) || Number(v) < min)
    throw new KitError("CTIPSKIT_E_USAGE", `--${flag} must be a whole number ≥ ${min}, got '${String(v)}'`);
  return Number(v);
}

function listenAddress(v: unknown): { host: string; port: number } {
  if (v === undefined) return { host: "127.0.0.1", port: 8170 };
  const m = typeof v === "string" ? /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(v) : null;
  if (!m || Number(m[2]) > 65_535)
    throw new KitError("CTIPSKIT_E_USAGE", `--listen must be HOST:PORT, got '${String(v)}'`, {
      fix: "e.g. --listen 127.0.0.1:8170, or 127.0.0.1:0 for an ephemeral port",
    });
  return { host: m[1].replace(/^\[|\]$/g, ""), port: Number(m[2]) };
}

/** The client under test as a process of its own group, as `certify client --run` starts it. */
function startClient(command: string, env: Record<string, string>, io: Io) {
  // A simple command replaces the shell (exec), so its exit is the client's own.
  const simple = !/[;&|\n()`$<>]/.test(command);
  const child: ChildProcess = spawn("/bin/sh", ["-c", simple ? `exec ${command}` : command], {
    env: { ...io.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const output: string[] = [];
  const keep = (d: Buffer) => {
    for (const line of String(d).split("\n").filter(Boolean)) {
      output.push(line);
      if (output.length > 50) output.shift();
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
    child.on("error", (err) => {
      output.push(`could not start the client: ${err.message}`);
      resolve({ code: 127, signal: null });
    });
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const signal = (s: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, s);
    } catch {
      // already gone
    }
  };
  return {
    exited,
    output,
    /** SIGTERM to its group; SIGKILL after `withinMs`. */
    async stop(withinMs: number): Promise<void> {
      if (done) return;
      signal("SIGTERM");
      const t = setTimeout(() => signal("SIGKILL"), withinMs);
      await exited;
      clearTimeout(t);
    },
  };
}

export const replayCommand: Command = {
  summary: "play a capture's server side again to a client (--serve) and grade the client",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, spec, "replay");
    if (values.help) {
      io.out(flagHelp("replay", summary, spec, "CAPTURE --serve [options]"));
      return 0;
    }
    if (values["to-client"] !== undefined)
      throw new KitError(
        "CTIPSKIT_E_USAGE",
        "--to-client is not a mode of replay: a CTIPS calls back only a client that opened a session with OpenConnection, naming its ClientCallbackURL (EDK 3-2, 4-2); the client always comes first",
        { fix: 'use --serve and point the client at the printed endpoint (docs/record.md, "Replay")' },
      );
    if (positionals.length !== 1)
      throw new KitError("CTIPSKIT_E_USAGE", "ctips-kit replay needs exactly one CAPTURE file", {
        fix: "e.g. ctips-kit replay capture.jsonl --serve --listen 127.0.0.1:8170",
      });
    if (!values.serve)
      throw new KitError("CTIPSKIT_E_USAGE", "ctips-kit replay needs --serve", {
        fix: "ctips-kit replay CAPTURE --serve [--listen HOST:PORT] [--run CMD]",
      });
    if (values.strict && values.compatible)
      throw new KitError("CTIPSKIT_E_USAGE", "--strict and --compatible exclude each other");
    const { host, port } = listenAddress(values.listen);
    const params = given(values);
    const command = values.run as string | undefined;
    const connectTimeoutMs =
      whole("connect-timeout-ms", values["connect-timeout-ms"]) ?? (command ? 30_000 : 60_000);
    const waitMs = whole("wait-ms", values["wait-ms"]);
    const stopWithinMs = whole("stop-within-ms", values["stop-within-ms"]) ?? 5_000;
    const level = (values["log-level"] as LogLevel | undefined) ?? "error";
    if (!["error", "init", "trace"].includes(level))
      throw new KitError("CTIPSKIT_E_USAGE", `--log-level must be error, init or trace, not '${level}'`);
    const logger = createLogger(level, (r) =>
      io.err(`${r.level} ${r.msg}${r.fields ? ` ${JSON.stringify(r.fields)}` : ""}`),
    );
    const capture = readCapture(positionals[0]);
    const reportsDir = (values.reports as string | undefined) ?? join("reports", "replay");

    let client: ReturnType<typeof startClient> | undefined;
    let gone: (v: unknown) => void = () => {};
    const clientGone = new Promise((r) => {
      gone = r;
    });
    const interrupt = new AbortController();
    io.onStop(() => {
      io.err("interrupted: grading what the client did so far");
      interrupt.abort();
    });
    let result: Awaited<ReturnType<typeof replayCapture>>;
    try {
      result = await replayCapture({
        entries: capture.entries,
        host,
        port,
        profile: params.profile,
        waitMs,
        stopWithinMs,
        connectTimeoutMs,
        logger,
        clientGone,
        signal: interrupt.signal,
        onListening: ({ endpoint, env, plan }) => {
          io.out(
            `ctips-kit replay: the server's side of ${basename(capture.file)} — ${plan.sessions.size} session(s), ${plan.requests} request(s) to answer, ${plan.callbacks} callback(s) to make${plan.stopAt ? `; the captured client shut down at seq ${plan.stopAt.seq}` : ""}`,
          );
          io.out(`listening on ${endpoint}`);
          if (command) {
            io.out(`starting the client under test: ${command}`);
            client = startClient(command, env, io);
            void client.exited.then(gone);
          } else {
            io.out("start the client under test with this environment (docs/certify-client.md):");
            for (const [k, v] of Object.entries(env)) io.out(`  ${k}=${v}`);
          }
        },
        onStop: async () => {
          if (client) {
            io.out("the captured client shut down here: stopping the client under test (SIGTERM)");
            await client.stop(stopWithinMs);
          } else io.out("OPERATOR: stop the client under test now (the captured client shut down here)");
        },
      });
    } finally {
      await client?.stop(stopWithinMs);
    }
    const report = checkCapture(result.timeline.entries, {
      role: "client",
      mode: values.compatible ? "compatible" : values.strict ? "strict" : undefined,
      strictReadings: values["strict-readings"] === true,
      given: params,
    });
    mkdirSync(reportsDir, { recursive: true });
    const timelineFile = join(reportsDir, "replay.jsonl");
    writeFileSync(timelineFile, result.timeline.entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
    report.capture.file = timelineFile;
    const written = writeCheckReports(report, reportsDir);
    for (const line of reportLines(report)) io.out(line);
    io.out(
      `replay: ${result.matched} request(s) answered as captured, ${result.unmatched} the capture did not have; ${result.sent} callback(s) made, ${result.skipped} skipped`,
    );
    if (result.divergences.length) {
      io.out(`the client did otherwise than the captured client (${result.divergences.length}):`);
      for (const d of result.divergences.slice(0, 20)) io.out(`  - ${d}`);
      if (result.divergences.length > 20)
        io.out(`  … ${result.divergences.length - 20} more in ${timelineFile}`);
    }
    if (client) {
      const exit = await client.exited;
      io.out(`the client exited: ${JSON.stringify(exit)}`);
    }
    io.out(`reports: ${timelineFile}, ${written.json}, ${written.junit}`);
    return report.exitCode;
  },
};
