/** `ctips-kit mock` — runs the mock CTIPS until Ctrl-C. */
import { readFileSync } from "node:fs";
import { KitError } from "../contract/errors.ts";
import { createLogger, type LogLevel } from "../contract/logger.ts";
import { configFromEnv, readConfigFile, resolveMockConfig, startMockCtips } from "../mock-ctips/index.ts";
import { flagHelp, parseFlags } from "./args.ts";
import type { Io } from "./io.ts";
import type { Command } from "./main.ts";

const spec = {
  host: { type: "string", description: "address to listen on (default 127.0.0.1)" },
  port: { type: "string", description: "port (default 8170; 0 = ephemeral)" },
  config: { type: "string", description: "config file, JSON or YAML (docs/configuration.md)" },
  profile: { type: "string", description: "wire (default) or guide spellings" },
  "heartbeat-ms": { type: "string", description: "heartbeat interval in ms (default 30000)" },
  "missed-heartbeats": { type: "string", description: "missed heartbeats before disposal (default 3)" },
  user: { type: "string", multiple: true, description: "NAME:PASSWORD allowed to connect (repeatable)" },
  tenant: { type: "string", description: "the tenant id (default 1)" },
  "max-sessions": { type: "string", description: "session cap (default 10)" },
  "max-message-bytes": { type: "string", description: "largest request body in bytes (default 65536)" },
  "max-xml-depth": { type: "string", description: "deepest element nesting of a request (default 64)" },
  "max-xml-elements": { type: "string", description: "most elements in a request (default 100000)" },
  "max-xml-attribute-chars": {
    type: "string",
    description: "longest attribute value of a request (default 8192)",
  },
  "max-xml-namespaces": { type: "string", description: "most namespace declarations in scope (default 64)" },
  "queue-limit": { type: "string", description: "events queued per session before overflow (default 10000)" },
  record: { type: "string", description: "append the mock's timeline to this JSONL file" },
  "tls-cert": { type: "string", description: "PEM certificate file: serve HTTPS" },
  "tls-key": { type: "string", description: "PEM key file for --tls-cert" },
  "log-level": { type: "string", description: "error, init (default) or trace" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const;

const summary =
  "Run the mock CTIPS (a simulated contact center behind a CTIPortalService endpoint) until Ctrl-C.";

function int(flag: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^\d+$/.test(v)) {
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `--${flag} must be a whole number, got '${String(v)}'`, {
      details: { field: flag },
    });
  }
  return Number(v);
}

/** CLI flags as a config layer: only the flags given. */
export function configFromFlags(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    host: values.host,
    port: int("port", values.port),
    profile: values.profile,
    heartbeatIntervalMs: int("heartbeat-ms", values["heartbeat-ms"]),
    missedHeartbeats: int("missed-heartbeats", values["missed-heartbeats"]),
    tenantId: int("tenant", values.tenant),
    maxSessions: int("max-sessions", values["max-sessions"]),
    maxMessageBytes: int("max-message-bytes", values["max-message-bytes"]),
    maxXmlDepth: int("max-xml-depth", values["max-xml-depth"]),
    maxXmlElements: int("max-xml-elements", values["max-xml-elements"]),
    maxXmlAttributeChars: int("max-xml-attribute-chars", values["max-xml-attribute-chars"]),
    maxXmlNamespaces: int("max-xml-namespaces", values["max-xml-namespaces"]),
    queueLimit: int("queue-limit", values["queue-limit"]),
    recordFile: values.record,
    logLevel: values["log-level"],
  };
  const users = values.user as string[] | undefined;
  if (users?.length) {
    out.users = users.map((u) => {
      const i = u.indexOf(":");
      if (i <= 0)
        throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `--user must be NAME:PASSWORD, got '${u}'`, {
          details: { field: "user" },
        });
      return { userName: u.slice(0, i), password: u.slice(i + 1) };
    });
  }
  if (values["tls-cert"] || values["tls-key"]) {
    if (!values["tls-cert"] || !values["tls-key"]) {
      throw new KitError("CTIPSKIT_E_CONFIG_INVALID", "--tls-cert and --tls-key go together", {
        details: { field: "tls" },
      });
    }
    out.tls = {
      cert: readFileSync(values["tls-cert"] as string, "utf8"),
      key: readFileSync(values["tls-key"] as string, "utf8"),
    };
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

export function loadMockConfigFromCli(values: Record<string, unknown>, io: Io) {
  const layers = [];
  if (values.config)
    layers.push({ source: `config file ${values.config}`, value: readConfigFile(values.config as string) });
  layers.push({ source: "the environment", value: configFromEnv(io.env) });
  layers.push({ source: "the command line", value: configFromFlags(values) });
  return resolveMockConfig(...layers);
}

export const mockCommand: Command = {
  summary,
  async run(argv, io) {
    const { values } = parseFlags(argv, spec, "mock");
    if (values.help) {
      io.out(flagHelp("mock", summary, spec));
      return 0;
    }
    const config = loadMockConfigFromCli(values, io);
    const logger = createLogger(config.logLevel as LogLevel, (r) =>
      io.err(JSON.stringify({ time: new Date().toISOString(), ...r })),
    );
    const mock = await startMockCtips(config, { logger });
    // Ready for Ctrl-C before saying so: a stop that comes right after the first line is honoured.
    const stopped = new Promise<void>((resolve) => {
      io.onStop(async () => {
        io.out("stopping…");
        await mock.close();
        resolve();
      });
    });
    io.out(`mock CTIPS listening on ${mock.endpoint}`);
    io.out(`  WSDL:          ${mock.endpoint}?wsdl  (single file: ?singleWsdl)`);
    if (config.controlPlane) io.out(`  control plane: ${mock.url}/control  (docs/control-plane.md)`);
    io.out(
      `  users: ${config.users.map((u) => u.userName).join(", ")}; tenant ${config.tenantId}; heartbeat ${config.heartbeatIntervalMs} ms × ${config.missedHeartbeats}`,
    );
    io.out("press Ctrl-C to stop");
    await stopped;
    io.out("stopped");
    return 0;
  },
};
