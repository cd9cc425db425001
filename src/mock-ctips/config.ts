/**
 * The mock CTIPS's configuration: one commented defaults object (units in the names),
 * a JSON Schema checked with ajv (all problems at once), then cross-field rules.
 * Sources, later ones winning: defaults < config file (JSON or YAML) < environment
 * (CTIPS_KIT_*) < CLI flags. @see docs/configuration.md
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import YAML from "yaml";
import { KitError } from "../contract/errors.ts";
import { ajvProblems } from "../contract/schemas.ts";
import type { LogLevel } from "../contract/logger.ts";
import type { SimTimings } from "./simulator/types.ts";
import { defaultTopology, loadTopology, type Topology } from "./simulator/topology.ts";

export type OverflowPolicy = "close-session" | "drop-oldest" | "drop-newest";
export type UnknownActionPolicy = "fault" | "dispatch-by-body";

export interface MockConfig {
  host: string;
  /** 0 = an ephemeral port (tests). */
  port: number;
  /** Endpoint path of the CTIPortalService. */
  path: string;
  profile: "wire" | "guide";
  /** Users allowed to OpenConnection (the guide: an Active Directory user added to CTIPS). */
  users: { userName: string; password: string }[];
  /** The single tenant this CTIPS serves; OpenConnection must name exactly this one. @see EDK 3-1 */
  tenantId: number;
  /** @see EDK 1-3: "The maximum number of client connections to CTIPS is ten (10)." */
  maxSessions: number;
  /** Heartbeat(sessionId) period after OnLine. Guide default 30 s. @see EDK 1-4 */
  heartbeatIntervalMs: number;
  /** Consecutive missed heartbeats after which the session is disposed (1..999, guide default 3). */
  missedHeartbeats: number;
  /** A heartbeat not answered within this counts as missed; 0 = 80 % of the heartbeat interval. */
  heartbeatTimeoutMs: number;
  /** Timeout of each PublishCTIEvent / StartSession call to a client. */
  callbackTimeoutMs: number;
  /** Largest request body accepted (WCF's MaxReceivedMessageSize default: 65 536 bytes). */
  maxMessageBytes: number;
  /** Deepest element nesting of a request (the Envelope is depth 1). */
  maxXmlDepth: number;
  /** Most elements in a request. */
  maxXmlElements: number;
  /** Longest attribute value in a request, in characters as written. */
  maxXmlAttributeChars: number;
  /** Most namespace declarations in scope at any element of a request. */
  maxXmlNamespaces: number;
  /** Events waiting for one session before the overflow policy applies. */
  queueLimit: number;
  overflowPolicy: OverflowPolicy;
  /** What a SOAPAction no operation claims gets: WCF's ActionNotSupported fault, or dispatch by body element. */
  unknownActionPolicy: UnknownActionPolicy;
  /** Call StartSession(userinfo, sessionId) on the client after OpenConnection. @see EDK 4-2 */
  startSession: boolean;
  /** HTTPS: PEM certificate and key; `ca` + `requestClientCert` to require client certificates. */
  tls?: { cert: string; key: string; ca?: string; requestClientCert?: boolean };
  /** Trust for HTTPS callback URLs: a CA bundle (PEM) and whether to verify the client's certificate. */
  callbackTls?: { ca?: string; rejectUnauthorized?: boolean };
  /** Serve the control plane under /control (off for a mock that should look exactly like a CTIPS). */
  controlPlane: boolean;
  logLevel: LogLevel;
  /** Append the mock's timeline to this JSONL file. */
  recordFile?: string;
  recordRaw: boolean;
  /** Timeline entries kept in memory (older ones stay in recordFile only): memory stays flat. */
  timelineRetain: number;
  topology: Topology;
  timings: Partial<SimTimings>;
}

export const defaultMockConfig: MockConfig = {
  host: "127.0.0.1",
  port: 8170, // the port of a real deployment's client configuration
  path: "/Aspect.UnifiedIP.EDK.CTIPortalService",
  profile: "wire",
  users: [{ userName: "ctiuser", password: "ctipass" }],
  tenantId: 1,
  maxSessions: 10,
  heartbeatIntervalMs: 30_000, // 30 s
  missedHeartbeats: 3,
  heartbeatTimeoutMs: 0, // 0 = 80 % of the heartbeat interval
  callbackTimeoutMs: 10_000, // 10 s
  maxMessageBytes: 65_536, // 64 KiB
  maxXmlDepth: 64, // elements; a CTIPS request nests 6
  maxXmlElements: 100_000, // elements; a 64 KiB message holds at most ~16,000
  maxXmlAttributeChars: 8_192, // characters; WCF's MaxStringContentLength
  maxXmlNamespaces: 64, // declarations in scope; a WCF request has 4 or 5
  queueLimit: 10_000, // events
  overflowPolicy: "close-session",
  unknownActionPolicy: "fault",
  startSession: true,
  controlPlane: true,
  logLevel: "init",
  recordRaw: false,
  // entries: the in-memory window tests and in-process users read; the record is recordFile.
  // Entries that die young cost the garbage collector nothing (docs/decisions/004-hot-paths.md).
  timelineRetain: 1_000,
  topology: defaultTopology,
  timings: {},
};

/** Millisecond timings for tests and `ctips-kit certify` against the embedded mock. */
export const fastTimings: Partial<MockConfig> = {
  heartbeatIntervalMs: 200,
  callbackTimeoutMs: 2_000,
};

const user = {
  type: "object",
  required: ["userName", "password"],
  additionalProperties: false,
  properties: { userName: { type: "string", minLength: 1 }, password: { type: "string" } },
} as const;

/** Every key optional: a file or the environment gives only what differs from the defaults. */
export const mockConfigSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://ctips-kit.local/schemas/mock/config.schema.json",
  title: "Mock CTIPS configuration",
  type: "object",
  additionalProperties: false,
  properties: {
    host: { type: "string", minLength: 1 },
    port: { type: "integer", minimum: 0, maximum: 65535 },
    path: { type: "string", pattern: "^/" },
    profile: { enum: ["wire", "guide"] },
    users: { type: "array", minItems: 1, items: user },
    tenantId: { type: "integer", minimum: 0, maximum: 2147483647 },
    maxSessions: { type: "integer", minimum: 1, maximum: 1000 },
    heartbeatIntervalMs: { type: "integer", minimum: 1 },
    missedHeartbeats: { type: "integer", minimum: 1, maximum: 999 },
    heartbeatTimeoutMs: { type: "integer", minimum: 0 },
    callbackTimeoutMs: { type: "integer", minimum: 1 },
    maxMessageBytes: { type: "integer", minimum: 1024 },
    // Minimums that every valid CTIPS request fits (OpenConnection nests 6 deep, TransferCall
    // has 16 elements, a namespace URI is 60 characters, WCF declares 4 or 5 namespaces).
    maxXmlDepth: { type: "integer", minimum: 8, maximum: 1000 },
    maxXmlElements: { type: "integer", minimum: 32 },
    maxXmlAttributeChars: { type: "integer", minimum: 128 },
    maxXmlNamespaces: { type: "integer", minimum: 8, maximum: 10000 },
    queueLimit: { type: "integer", minimum: 1 },
    overflowPolicy: { enum: ["close-session", "drop-oldest", "drop-newest"] },
    unknownActionPolicy: { enum: ["fault", "dispatch-by-body"] },
    startSession: { type: "boolean" },
    tls: {
      type: "object",
      required: ["cert", "key"],
      additionalProperties: false,
      properties: {
        cert: { type: "string", minLength: 1 },
        key: { type: "string", minLength: 1 },
        ca: { type: "string" },
        requestClientCert: { type: "boolean" },
      },
    },
    callbackTls: {
      type: "object",
      additionalProperties: false,
      properties: { ca: { type: "string" }, rejectUnauthorized: { type: "boolean" } },
    },
    controlPlane: { type: "boolean" },
    logLevel: { enum: ["error", "init", "trace"] },
    recordFile: { type: "string", minLength: 1 },
    recordRaw: { type: "boolean" },
    timelineRetain: { type: "integer", minimum: 100 },
    topology: { type: "object" },
    timings: {
      type: "object",
      additionalProperties: false,
      properties: {
        deliverMs: { type: "integer", minimum: 0 },
        distributeMs: { type: "integer", minimum: 0 },
        farEndAnswerMs: { type: "integer", minimum: 0 },
        passcodeMs: { type: "integer", minimum: 0 },
        routeTimeoutMs: { type: ["integer", "null"], minimum: 1 },
        wrapMs: { type: "integer", minimum: 0 },
        eventGapMs: { type: "integer", minimum: 0 },
      },
    },
  },
} as const;

let validate: ReturnType<Ajv2020["compile"]> | undefined;

function configError(problems: string[], source: string): KitError {
  return new KitError("CTIPSKIT_E_CONFIG_INVALID", `${source} is invalid: ${problems.join("; ")}`, {
    fix: "correct the listed fields (docs/configuration.md describes each one)",
    details: { problems },
  });
}

/** Stage two: rules across fields. */
function crossFieldProblems(c: MockConfig): string[] {
  const p: string[] = [];
  if (c.topology.tenantId !== c.tenantId) {
    p.push(`tenantId ${c.tenantId} differs from topology.tenantId ${c.topology.tenantId}`);
  }
  if (c.heartbeatTimeoutMs > c.heartbeatIntervalMs) {
    p.push(
      `heartbeatTimeoutMs ${c.heartbeatTimeoutMs} is longer than heartbeatIntervalMs ${c.heartbeatIntervalMs}`,
    );
  }
  const names = c.users.map((u) => u.userName);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) p.push(`users: userName ${dup} is listed twice`);
  if (c.tls?.requestClientCert && !c.tls.ca)
    p.push("tls.requestClientCert needs tls.ca to verify client certificates");
  return p;
}

/** Merges partial configs over the defaults and validates the result in two stages. */
export function resolveMockConfig(...layers: { source: string; value: unknown }[]): MockConfig {
  validate ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
    mockConfigSchema,
  );
  let merged: MockConfig = { ...defaultMockConfig };
  for (const layer of layers) {
    if (!validate(layer.value)) {
      const problems = ajvProblems(validate.errors);
      throw configError(problems, layer.source);
    }
    const v = layer.value as Partial<MockConfig>;
    merged = { ...merged, ...v, timings: { ...merged.timings, ...(v.timings ?? {}) } };
  }
  // The topology's own schema and rules: a tenant in config but not in topology follows config.
  const topology = loadTopology(
    merged.topology === defaultTopology ? { ...defaultTopology, tenantId: merged.tenantId } : merged.topology,
  );
  merged = { ...merged, topology };
  const problems = crossFieldProblems(merged);
  if (problems.length) throw configError(problems, "the configuration");
  return merged;
}

/** Reads a JSON or YAML config file. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `cannot read config file ${file}`, {
      cause: err,
      fix: "check the path",
    });
  }
  try {
    return /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `config file ${file} is not valid ${/\.ya?ml$/i.test(file) ? "YAML" : "JSON"}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

const ENV_KEYS: Record<string, { key: keyof MockConfig; type: "int" | "string" | "bool" }> = {
  CTIPS_KIT_HOST: { key: "host", type: "string" },
  CTIPS_KIT_PORT: { key: "port", type: "int" },
  CTIPS_KIT_PROFILE: { key: "profile", type: "string" },
  CTIPS_KIT_TENANT: { key: "tenantId", type: "int" },
  CTIPS_KIT_MAX_SESSIONS: { key: "maxSessions", type: "int" },
  CTIPS_KIT_MAX_MESSAGE_BYTES: { key: "maxMessageBytes", type: "int" },
  CTIPS_KIT_MAX_XML_DEPTH: { key: "maxXmlDepth", type: "int" },
  CTIPS_KIT_MAX_XML_ELEMENTS: { key: "maxXmlElements", type: "int" },
  CTIPS_KIT_MAX_XML_ATTRIBUTE_CHARS: { key: "maxXmlAttributeChars", type: "int" },
  CTIPS_KIT_MAX_XML_NAMESPACES: { key: "maxXmlNamespaces", type: "int" },
  CTIPS_KIT_QUEUE_LIMIT: { key: "queueLimit", type: "int" },
  CTIPS_KIT_HEARTBEAT_MS: { key: "heartbeatIntervalMs", type: "int" },
  CTIPS_KIT_MISSED_HEARTBEATS: { key: "missedHeartbeats", type: "int" },
  CTIPS_KIT_LOG_LEVEL: { key: "logLevel", type: "string" },
  CTIPS_KIT_RECORD_FILE: { key: "recordFile", type: "string" },
  CTIPS_KIT_TIMELINE_RETAIN: { key: "timelineRetain", type: "int" },
};

/** CTIPS_KIT_* environment variables as a config layer; a non-number where a number is due is reported. */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, { key, type }] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    if (type === "int") {
      if (!/^-?\d+$/.test(raw)) problems.push(`${name}=${raw} is not a whole number`);
      else out[key] = Number(raw);
    } else if (type === "bool") out[key] = raw === "true" || raw === "1";
    else out[key] = raw;
  }
  if (env.CTIPS_KIT_USERS) {
    out.users = env.CTIPS_KIT_USERS.split(",").map((pair) => {
      const i = pair.indexOf(":");
      if (i <= 0) problems.push("CTIPS_KIT_USERS must be NAME:PASSWORD[,NAME:PASSWORD…]");
      return { userName: pair.slice(0, i), password: pair.slice(i + 1) };
    });
  }
  if (problems.length) throw configError(problems, "the environment");
  return out;
}

export const ENV_VARIABLES = Object.keys(ENV_KEYS).concat("CTIPS_KIT_USERS");
