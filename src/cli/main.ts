/**
 * `ctips-kit` — the only module that prints or exits (through its return code).
 * Each command lives in its own file and returns an exit code:
 * 0 pass, 1 conformance failures, 2 harness / usage / configuration error.
 */
import { readFileSync } from "node:fs";
import { isKitError, KitError } from "../contract/errors.ts";
import { certifyCommand } from "./certify.ts";
import { checkCommand } from "./check.ts";
import { clientCommand } from "./client.ts";
import { decodeCommand } from "./decode.ts";
import { loadCommand } from "./load.ts";
import { mockCommand } from "./mock.ts";
import { recordCommand } from "./record.ts";
import { replayCommand } from "./replay.ts";
import { reportCommand } from "./report.ts";
import { type Io, realIo } from "./io.ts";

export interface Command {
  summary: string;
  run(args: string[], io: Io): Promise<number>;
}

const commands: Record<string, Command> = {
  certify: certifyCommand,
  check: checkCommand,
  client: clientCommand,
  decode: decodeCommand,
  load: loadCommand,
  mock: mockCommand,
  record: recordCommand,
  replay: replayCommand,
  report: reportCommand,
};

/** Later commands register here (mock, certify, record, report, wsdl). */
export function registerCommand(name: string, command: Command): void {
  commands[name] = command;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function help(): string {
  const rows = Object.entries(commands)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]) => `  ${name.padEnd(16)}${c.summary}`);
  return [
    "ctips-kit — conformance harness and mock server for the Aspect Unified IP CTI Portal Server (CTIPS)",
    "",
    "usage: ctips-kit <command> [options]      (ctips-kit <command> --help for its options)",
    "",
    "commands:",
    ...rows,
    "",
    "exit codes: 0 pass, 1 conformance failures, 2 harness, usage or configuration error",
  ].join("\n");
}

export async function main(argv: string[], io: Io = realIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(help());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    io.out(version());
    return 0;
  }
  const command = commands[name];
  try {
    if (!command) {
      throw new KitError("CTIPSKIT_E_USAGE", `unknown command '${name}'`, {
        fix: "run ctips-kit --help for the list",
      });
    }
    return await command.run(rest, io);
  } catch (err) {
    if (isKitError(err)) {
      io.err(String(err));
      return 2;
    }
    io.err(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 2;
  }
}
