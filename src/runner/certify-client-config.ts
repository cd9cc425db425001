/**
 * The client certification's config file (`ctips-kit certify client --config client.yaml`):
 * the profile, the client to start, ports, heartbeats, the time each rule allows, the
 * desktop's agents. `${NAME}` and `${NAME:-default}` come from the environment. Checked with
 * ajv, every problem at once, naming its field. `run` is started in the config file's
 * directory. @see docs/certify-client.md
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import YAML from "yaml";
import { KitError } from "../contract/errors.ts";
import { ajvProblems } from "../contract/schemas.ts";
import { CLIENT_PROFILES } from "../mock-client/reference-client.ts";
import type { CertifyClientOptions } from "./certify-client.ts";
import { expandEnv } from "./certify-config.ts";

const ms = { type: "integer", minimum: 1 } as const;
const port = { type: "integer", minimum: 0, maximum: 65_535 } as const;

export const certifyClientConfigSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  additionalProperties: false,
  properties: {
    profile: { enum: [...CLIENT_PROFILES] },
    run: { type: "string", minLength: 1 },
    host: { type: "string", minLength: 1 },
    port,
    secondaryPort: port,
    heartbeatIntervalMs: ms,
    missedHeartbeats: { type: "integer", minimum: 1, maximum: 999 },
    connectTimeoutMs: ms,
    clientHeartbeatTimeoutMs: ms,
    timings: {
      type: "object",
      additionalProperties: false,
      properties: {
        answerWithinMs: ms,
        callbackTimeoutMs: ms,
        reactWithinMs: ms,
        snapshotWithinMs: ms,
        routeTimeoutMs: ms,
        reconnectWithinMs: ms,
        stopWithinMs: ms,
      },
    },
    agents: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["loginName", "station"],
        additionalProperties: false,
        properties: {
          loginName: { type: "string", minLength: 1 },
          station: { type: "string", minLength: 1 },
        },
      },
    },
    dispositionId: { type: "integer", minimum: 1 },
    compatible: { type: "boolean" },
    strictReadings: { type: "boolean" },
  },
} as const;

export type CertifyClientFileConfig = Partial<
  Omit<CertifyClientOptions, "logger" | "progress" | "onListening" | "onOperator" | "tags" | "reportsDir">
>;

let validate: ReturnType<Ajv2020["compile"]> | undefined;

/** Reads and checks a client certification config; `run` gets the file's directory as its working directory. */
export function readCertifyClientConfig(file: string): CertifyClientFileConfig & { runCwd?: string } {
  let value: unknown;
  try {
    const text = readFileSync(file, "utf8");
    value = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `cannot read client certify config ${file}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const source = `client certify config ${file}`;
  const expanded = expandEnv(value ?? {}, source);
  validate ??= new Ajv2020({ allErrors: true, strict: true }).compile(certifyClientConfigSchema);
  if (!validate(expanded)) {
    const problems = ajvProblems(validate.errors);
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `${source} is invalid: ${problems.join("; ")}`, {
      fix: "docs/certify-client.md lists every key",
      details: { problems },
    });
  }
  const c = expanded as CertifyClientFileConfig;
  return { ...c, runCwd: c.run ? dirname(resolve(file)) : undefined };
}
