/**
 * The certification config file (`ctips-kit certify server --config certify.yaml`): the
 * target, the callback address the target can reach, the site profile, triggers and timings.
 * `${NAME}` and `${NAME:-default}` in any string are taken from the environment (secrets,
 * ports chosen at run time). Checked with ajv (every problem at once, naming its field),
 * then cross-field rules. Relative file paths (TLS files) and trigger commands resolve
 * against the config file's directory.
 * @see docs/certify.md
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import YAML from "yaml";
import { KitError } from "../contract/errors.ts";
import { ajvProblems } from "../contract/schemas.ts";
import type { CertifyOptions } from "./certify.ts";
import { mockSiteProfile, type SiteProfile } from "./params.ts";
import { TRIGGER_NAMES, type TriggerName } from "./triggers.ts";

const agent = {
  type: "object",
  required: ["loginName", "station"],
  additionalProperties: false,
  properties: {
    loginName: { type: "string", minLength: 1 },
    station: { type: "string", minLength: 1 },
    agentId: { type: "integer" },
  },
} as const;

export const certifyConfigSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://ctips-kit.local/schemas/runner/certify-config.schema.json",
  type: "object",
  additionalProperties: false,
  properties: {
    target: {
      type: "object",
      required: ["endpoint"],
      additionalProperties: false,
      properties: {
        endpoint: { type: "string", pattern: "^https?://" },
        wsdl: { type: "string", minLength: 1 },
        profile: { enum: ["wire", "guide"] },
        credentials: {
          type: "object",
          required: ["userName", "password"],
          additionalProperties: false,
          properties: { userName: { type: "string" }, password: { type: "string" } },
        },
        tenantId: { type: "integer" },
        heartbeatIntervalMs: { type: "integer", minimum: 1 },
        missedHeartbeats: { type: "integer", minimum: 1, maximum: 999 },
        maxSessions: { type: "integer", minimum: 1 },
        controlUrl: { type: "string", pattern: "^https?://" },
        tls: {
          type: "object",
          additionalProperties: false,
          properties: {
            caFile: { type: "string" },
            certFile: { type: "string" },
            keyFile: { type: "string" },
            rejectUnauthorized: { type: "boolean" },
          },
        },
      },
    },
    callback: {
      type: "object",
      additionalProperties: false,
      properties: {
        host: { type: "string" },
        port: { type: "integer", minimum: 0, maximum: 65535 },
        path: { type: "string", pattern: "^/" },
        publicUrl: { type: "string", pattern: "^https?://" },
      },
    },
    site: {
      type: "object",
      additionalProperties: false,
      properties: {
        agents: { type: "object", additionalProperties: false, properties: { A: agent, B: agent, C: agent } },
        services: {
          type: "object",
          additionalProperties: false,
          properties: {
            inbound: { type: "integer" },
            second: { type: "integer" },
            unmanned: { type: "integer" },
            routed: { type: "integer" },
          },
        },
        dispositionId: { type: "integer" },
        rejectReasonCode: { type: "integer" },
        ani: { type: "string" },
        dnis: { type: "string" },
        unknown: {
          type: "object",
          additionalProperties: false,
          properties: {
            loginName: { type: "string" },
            agentId: { type: "integer" },
            callId: { type: "integer" },
            serviceId: { type: "integer" },
          },
        },
      },
    },
    triggers: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(TRIGGER_NAMES.map((t) => [t, { type: "string", minLength: 1 }])),
    },
    triggerTimeoutMs: { type: "integer", minimum: 1 },
    eventTimeoutMs: { type: "integer", minimum: 1 },
    quietMs: { type: "integer", minimum: 1 },
    teardownTimeoutMs: { type: "integer", minimum: 1 },
  },
} as const;

export interface CertifyFileConfig {
  target?: {
    endpoint: string;
    tls?: { caFile?: string; certFile?: string; keyFile?: string; rejectUnauthorized?: boolean };
  } & Record<string, unknown>;
  callback?: CertifyOptions["callback"];
  site?: Partial<SiteProfile>;
  triggers?: Partial<Record<TriggerName, string>>;
  triggerTimeoutMs?: number;
  eventTimeoutMs?: number;
  quietMs?: number;
  teardownTimeoutMs?: number;
}

let validate: ReturnType<Ajv2020["compile"]> | undefined;

/** Reads and checks a certify config file; relative TLS file paths resolve against it. */
export function readCertifyConfig(file: string): CertifyOptions {
  let value: unknown;
  try {
    const text = readFileSync(file, "utf8");
    value = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `cannot read certify config ${file}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  return certifyOptionsFrom(
    expandEnv(value, `certify config ${file}`),
    `certify config ${file}`,
    dirname(resolve(file)),
  );
}

/**
 * `${NAME}` and `${NAME:-default}` in every string, from `env`; a variable that is unset
 * and has no default is a configuration error naming it (and where it is used).
 */
export function expandEnv(value: unknown, source: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const missing: string[] = [];
  const walk = (v: unknown, at: string): unknown => {
    // A string that is one reference takes the value's type: `port: ${PORT}` is a number.
    const whole = typeof v === "string" ? /^\$\{[^}]+\}$/.test(v) : false;
    if (typeof v === "string" && whole) {
      const x = walk(`${v} `, at) as string;
      const t = x.slice(0, -1);
      return /^-?\d+$/.test(t) ? Number(t) : t === "true" ? true : t === "false" ? false : t;
    }
    if (typeof v === "string")
      return v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, dflt?: string) => {
        const x = env[name];
        if (x !== undefined && x !== "") return x;
        if (dflt !== undefined) return dflt;
        missing.push(`${name} (in ${at || "the file"})`);
        return "";
      });
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, at ? `${at}.${k}` : k)]));
    return v;
  };
  const out = walk(value, "");
  if (missing.length)
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `${source}: environment variable(s) not set: ${missing.join(", ")}`,
      {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax, not a template
        fix: "set them, or give a default: ${NAME:-value}",
        details: { missing },
      },
    );
  return out;
}

export function certifyOptionsFrom(value: unknown, source: string, baseDir = process.cwd()): CertifyOptions {
  validate ??= new Ajv2020({ allErrors: true, strict: true }).compile(certifyConfigSchema);
  if (!validate(value)) {
    const problems = ajvProblems(validate.errors);
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `${source} is invalid: ${problems.join("; ")}`, {
      fix: "docs/certify.md lists every key",
      details: { problems },
    });
  }
  const c = (value ?? {}) as CertifyFileConfig;
  const problems: string[] = [];
  if (c.triggers && !c.target)
    problems.push("triggers are for a --target; the embedded mock has its own control plane");
  if (
    c.callback?.host &&
    !["127.0.0.1", "localhost", "::1", "0.0.0.0"].includes(c.callback.host) &&
    !c.callback.publicUrl
  ) {
    problems.push("callback.publicUrl is needed when callback.host is not a loopback or wildcard address");
  }
  if (problems.length)
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `${source}: ${problems.join("; ")}`, {
      details: { problems },
    });
  const read = (f?: string) => (f ? readFileSync(resolve(baseDir, f), "utf8") : undefined);
  const out: CertifyOptions = {};
  if (c.target) {
    const { tls, ...rest } = c.target;
    out.target = {
      ...(rest as CertifyOptions["target"] & object),
      tls: tls
        ? {
            ca: read(tls.caFile),
            cert: read(tls.certFile),
            key: read(tls.keyFile),
            rejectUnauthorized: tls.rejectUnauthorized,
          }
        : undefined,
    };
  }
  if (c.callback)
    out.callback = { ...c.callback, host: c.callback.host ?? "127.0.0.1", port: c.callback.port ?? 0 };
  // A target's site is the target's: roles it does not name are not taken from the mock's
  // profile; scenarios that need them are skipped with the reason.
  if (c.site || c.target) {
    const own = c.site ?? {};
    out.site = {
      ...mockSiteProfile,
      ...own,
      unknown: { ...mockSiteProfile.unknown, ...(own.unknown ?? {}) },
      agents: c.target ? { ...(own.agents ?? {}) } : { ...mockSiteProfile.agents, ...(own.agents ?? {}) },
      services: c.target
        ? { ...(own.services ?? {}) }
        : { ...mockSiteProfile.services, ...(own.services ?? {}) },
    } as SiteProfile;
  }
  if (c.triggers)
    out.triggers = { kind: "shell", commands: c.triggers, timeoutMs: c.triggerTimeoutMs, cwd: baseDir };
  if (c.eventTimeoutMs) out.eventTimeoutMs = c.eventTimeoutMs;
  if (c.quietMs) out.quietMs = c.quietMs;
  if (c.teardownTimeoutMs) out.teardownTimeoutMs = c.teardownTimeoutMs;
  return out;
}
