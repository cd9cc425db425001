/**
 * The certification config file (`ctips-kit certify server --config certify.yaml`): the
 * target, the callback address the target can reach, the site profile, triggers and timings.
 * Checked with ajv (every problem at once, naming its field), then cross-field rules.
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
      },
    },
    triggers: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(TRIGGER_NAMES.map((t) => [t, { type: "string", minLength: 1 }])),
    },
    triggerTimeoutMs: { type: "integer", minimum: 1 },
    eventTimeoutMs: { type: "integer", minimum: 1 },
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
  return certifyOptionsFrom(value, `certify config ${file}`, dirname(resolve(file)));
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
  if (c.site) {
    out.site = {
      ...mockSiteProfile,
      ...c.site,
      agents: { ...mockSiteProfile.agents, ...(c.site.agents ?? {}) },
      services: { ...mockSiteProfile.services, ...(c.site.services ?? {}) },
    };
  }
  if (c.triggers) out.triggers = { kind: "shell", commands: c.triggers, timeoutMs: c.triggerTimeoutMs };
  if (c.eventTimeoutMs) out.eventTimeoutMs = c.eventTimeoutMs;
  return out;
}
