/**
 * `ctips-kit client` — the kit's reference CTI client as a process, configured by the
 * CTIPS_* environment `certify client --run` gives (docs/certify-client.md): a worked
 * example of a client that passes its profile, and, with `--misbehave`, the fixture clients
 * that break one rule each. Runs until Ctrl-C or SIGTERM, then shuts down in the guide's
 * order (agents out, OffLine, CloseConnection).
 */
import { KitError } from "../contract/errors.ts";
import { createLogger, type LogLevel } from "../contract/logger.ts";
import {
  CLIENT_PROFILES,
  type ClientProfile,
  MISBEHAVIOURS,
  type Misbehaviour,
  ReferenceClient,
} from "../mock-client/reference-client.ts";
import { type FlagSpec, flagHelp, parseFlags } from "./args.ts";
import type { Command } from "./main.ts";

const spec = {
  misbehave: {
    type: "string",
    description: `break one rule on purpose: ${Object.keys(MISBEHAVIOURS).join(", ")}`,
  },
  "slow-ms": {
    type: "string",
    description: "with --misbehave slow-events: how late events are answered (default 1000)",
  },
  "log-level": { type: "string", description: "error (default), init or trace, to stderr" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies FlagSpec;

const summary =
  "Run the reference CTI client against CTIPS_ENDPOINT (the environment certify client --run gives) until stopped.";

function need(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v)
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `${name} is not set`, {
      fix: "run it under `ctips-kit certify client --run`, or set the CTIPS_* variables of docs/certify-client.md",
    });
  return v;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback?: number): number {
  const v = env[name];
  if (v === undefined || v === "") {
    if (fallback !== undefined) return fallback;
    return Number(need(env, name));
  }
  if (!/^\d+$/.test(v))
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `${name} must be a whole number, not '${v}'`);
  return Number(v);
}

function slowMs(v: unknown): number {
  if (typeof v !== "string" || !/^\d+$/.test(v))
    throw new KitError(
      "CTIPSKIT_E_USAGE",
      `--slow-ms must be a whole number of milliseconds, not '${String(v)}'`,
    );
  return Number(v);
}

export const clientCommand: Command = {
  summary: "the reference CTI client (for certify client --run), from the CTIPS_* environment",
  async run(argv, io) {
    const { values } = parseFlags(argv, spec, "client");
    if (values.help) {
      io.out(flagHelp("client", summary, spec));
      io.out(
        `\nmisbehaviours:\n${Object.entries(MISBEHAVIOURS)
          .map(([k, v]) => `  ${k.padEnd(24)}${v}`)
          .join("\n")}`,
      );
      return 0;
    }
    const env = io.env;
    const profile = (env.CTIPS_PROFILE ?? "monitor") as ClientProfile;
    if (!CLIENT_PROFILES.includes(profile))
      throw new KitError(
        "CTIPSKIT_E_CONFIG_INVALID",
        `CTIPS_PROFILE must be one of ${CLIENT_PROFILES.join(", ")}, not '${profile}'`,
      );
    const misbehave = values.misbehave as Misbehaviour | undefined;
    if (misbehave && !(misbehave in MISBEHAVIOURS))
      throw new KitError(
        "CTIPSKIT_E_USAGE",
        `--misbehave must be one of ${Object.keys(MISBEHAVIOURS).join(", ")}, not '${misbehave}'`,
      );
    const level = (values["log-level"] as LogLevel | undefined) ?? "error";
    if (!["error", "init", "trace"].includes(level))
      throw new KitError("CTIPSKIT_E_USAGE", `--log-level must be error, init or trace, not '${level}'`);
    const logger = createLogger(level, (r) =>
      io.err(`${r.level} ${r.msg}${r.fields ? ` ${JSON.stringify(r.fields)}` : ""}`),
    );
    const agents = (env.CTIPS_AGENTS ?? "")
      .split(",")
      .filter(Boolean)
      .map((a) => {
        const [loginName, station] = a.split(":");
        return { loginName, station: station ?? "" };
      });
    const client = new ReferenceClient({
      endpoints: [
        need(env, "CTIPS_ENDPOINT"),
        ...(env.CTIPS_SECONDARY_ENDPOINT ? [env.CTIPS_SECONDARY_ENDPOINT] : []),
      ],
      credentials: { userName: need(env, "CTIPS_USER"), password: need(env, "CTIPS_PASSWORD") },
      tenantId: int(env, "CTIPS_TENANT"),
      profile,
      agents,
      dispositionId: int(env, "CTIPS_DISPOSITION_ID", 1),
      heartbeatTimeoutMs: int(env, "CTIPS_HEARTBEAT_TIMEOUT_MS", 4 * int(env, "CTIPS_HEARTBEAT_MS", 30_000)),
      callbackHost: env.CTIPS_CALLBACK_HOST ?? "127.0.0.1",
      misbehave,
      slowAnswerMs: values["slow-ms"] === undefined ? 1_000 : slowMs(values["slow-ms"]),
      logger,
    });
    let stop!: () => void;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    io.onStop(() => stop());
    await client.start();
    io.err(
      `ctips-kit client: ${profile} online at ${env.CTIPS_ENDPOINT}${misbehave ? ` (misbehaving: ${misbehave})` : ""}`,
    );
    await stopped;
    await client.stop();
    return 0;
  },
};
