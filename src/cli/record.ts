/**
 * `ctips-kit record` — the recording proxy between a real client and a real CTIPS, until
 * Ctrl-C or SIGTERM: every exchange of both services appended to a capture file, which
 * `ctips-kit check` judges. @see docs/record.md
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { KitError } from "../contract/errors.ts";
import { createLogger, type LogLevel } from "../contract/logger.ts";
import {
  PROXY_DEFAULTS,
  probeTarget,
  type ProxyTls,
  startRecordingProxy,
  type UpstreamFailurePolicy,
} from "../mock-client/proxy.ts";
import { type FlagSpec, flagHelp, parseFlags } from "./args.ts";
import type { Command } from "./main.ts";

const spec = {
  listen: { type: "string", description: "HOST:PORT the client connects to instead of the CTIPS (required)" },
  target: { type: "string", description: "the CTIPS endpoint URL (required)" },
  "callback-listen": {
    type: "string",
    description: "HOST:PORT the CTIPS calls back (default: the --listen host, an ephemeral port)",
  },
  "callback-public-url": {
    type: "string",
    description: "http(s)://HOST:PORT the CTIPS reaches the callback listener by (NAT, containers)",
  },
  out: { type: "string", description: "the capture file, JSONL (default capture.jsonl; must not exist yet)" },
  raw: { type: "boolean", description: "keep every message's raw XML in the capture" },
  "tls-cert": { type: "string", description: "PEM certificate file: serve the client's side over HTTPS" },
  "tls-key": { type: "string", description: "PEM key file for --tls-cert" },
  "callback-tls-cert": {
    type: "string",
    description: "PEM certificate file: serve the callbacks over HTTPS",
  },
  "callback-tls-key": { type: "string", description: "PEM key file for --callback-tls-cert" },
  "target-ca": { type: "string", description: "PEM CA bundle that signs an HTTPS target's certificate" },
  "target-cert": { type: "string", description: "PEM client certificate for a target that requires one" },
  "target-key": { type: "string", description: "PEM key file for --target-cert" },
  "client-ca": {
    type: "string",
    description: "PEM CA bundle that signs the client's HTTPS callback service",
  },
  "max-body-bytes": {
    type: "string",
    description: `largest message either way (default ${PROXY_DEFAULTS.maxBodyBytes})`,
  },
  "timeout-ms": {
    type: "string",
    description: `longest relayed exchange (default ${PROXY_DEFAULTS.timeoutMs})`,
  },
  "on-upstream-failure": {
    type: "string",
    description: "what a peer gets when the other is unreachable: bad-gateway (502, default) or soap-fault",
  },
  "skip-probe": { type: "boolean", description: "start even if the target does not answer yet" },
  "log-level": { type: "string", description: "error, init (default) or trace, to stderr" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies FlagSpec;

const summary =
  "Record a real client and a real CTIPS: a SOAP proxy for both services writing every exchange to a capture until Ctrl-C.";

function hostPort(flag: string, v: unknown): { host: string; port: number } {
  const m = typeof v === "string" ? /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(v) : null;
  if (!m || Number(m[2]) > 65_535)
    throw new KitError("CTIPSKIT_E_USAGE", `--${flag} must be HOST:PORT, got '${String(v)}'`, {
      fix: `e.g. --${flag} 0.0.0.0:8170 (port 0 = an ephemeral one)`,
    });
  return { host: m[1].replace(/^\[|\]$/g, ""), port: Number(m[2]) };
}

function int(flag: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^[1-9]\d*$/.test(v))
    throw new KitError("CTIPSKIT_E_USAGE", `--${flag} must be a positive whole number, got '${String(v)}'`);
  return Number(v);
}

function pem(flag: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  try {
    return readFileSync(v as string, "utf8");
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `--${flag}: cannot read ${String(v)}: ${(err as Error).message}`,
    );
  }
}

function pair(values: Record<string, unknown>, cert: string, key: string) {
  if (!values[cert] && !values[key]) return undefined;
  if (!values[cert] || !values[key])
    throw new KitError("CTIPSKIT_E_USAGE", `--${cert} and --${key} go together`);
  return { cert: pem(cert, values[cert]) as string, key: pem(key, values[key]) as string };
}

function tlsFrom(values: Record<string, unknown>): ProxyTls | undefined {
  const target = pair(values, "target-cert", "target-key");
  const tls: ProxyTls = {
    server: pair(values, "tls-cert", "tls-key"),
    callback: pair(values, "callback-tls-cert", "callback-tls-key"),
    targetCa: pem("target-ca", values["target-ca"]),
    targetCert: target?.cert,
    targetKey: target?.key,
    clientCa: pem("client-ca", values["client-ca"]),
  };
  return Object.values(tls).some((v) => v !== undefined) ? tls : undefined;
}

export const recordCommand: Command = {
  summary: "a recording SOAP proxy between a client and a CTIPS, writing a capture for `check`",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, spec, "record");
    if (values.help) {
      io.out(flagHelp("record", summary, spec, "--listen HOST:PORT --target URL [options]"));
      return 0;
    }
    if (positionals.length)
      throw new KitError(
        "CTIPSKIT_E_USAGE",
        `ctips-kit record takes no arguments, got '${positionals.join(" ")}'`,
        {
          fix: "run ctips-kit record --help",
        },
      );
    if (!values.listen || !values.target)
      throw new KitError("CTIPSKIT_E_USAGE", "ctips-kit record needs --listen HOST:PORT and --target URL", {
        fix: "e.g. ctips-kit record --listen 0.0.0.0:8170 --target http://ctips:8170/Aspect.UnifiedIP.EDK.CTIPortalService",
      });
    const listen = hostPort("listen", values.listen);
    const callbackListen = values["callback-listen"]
      ? hostPort("callback-listen", values["callback-listen"])
      : undefined;
    const policy = (values["on-upstream-failure"] ?? "bad-gateway") as UpstreamFailurePolicy;
    if (policy !== "bad-gateway" && policy !== "soap-fault")
      throw new KitError(
        "CTIPSKIT_E_USAGE",
        `--on-upstream-failure must be bad-gateway or soap-fault, got '${policy}'`,
      );
    const level = (values["log-level"] ?? "init") as LogLevel;
    if (!["error", "init", "trace"].includes(level))
      throw new KitError("CTIPSKIT_E_USAGE", `--log-level must be error, init or trace, got '${level}'`);
    const out = (values.out as string | undefined) ?? "capture.jsonl";
    if (existsSync(out) && statSync(out).size > 0)
      throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `the capture file ${out} exists and is not empty`, {
        fix: "choose another --out, or move the old capture away (two recordings in one file cannot be told apart)",
      });
    const target = values.target as string;
    if (!/^https?:\/\//i.test(target) || !URL.canParse(target))
      throw new KitError("CTIPSKIT_E_USAGE", `--target must be an http(s) URL, got '${target}'`, {
        fix: "the CTIPS endpoint, e.g. http://ctips:8170/Aspect.UnifiedIP.EDK.CTIPortalService",
      });
    const tls = tlsFrom(values);
    const logger = createLogger(level, (r) =>
      io.err(JSON.stringify({ time: new Date().toISOString(), ...r })),
    );
    const options = {
      listen,
      target,
      callbackListen,
      callbackPublicUrl: values["callback-public-url"] as string | undefined,
      recordFile: out,
      recordRaw: values.raw === true,
      tls,
      maxBodyBytes: int("max-body-bytes", values["max-body-bytes"]),
      timeoutMs: int("timeout-ms", values["timeout-ms"]),
      upstreamFailure: policy,
      logger,
    };
    if (!values["skip-probe"]) {
      const status = await probeTarget(target, tls);
      if (status >= 400) io.err(`note: the target answers GET ?wsdl with HTTP ${status}; relaying anyway`);
    }
    const proxy = await startRecordingProxy(options);
    io.out(`recording proxy listening on ${proxy.endpoint}`);
    io.out(`  point the client there instead of ${target}`);
    io.out(
      `  callbacks:  ${proxy.callbackBase}/<n>, one per OpenConnection, relayed to the client's ClientCallbackURL`,
    );
    io.out(`  WSDL:       ${proxy.endpoint}?wsdl (addresses rewritten to the proxy)`);
    io.out(`  capture:    ${out}${values.raw ? " (with raw XML)" : ""}`);
    io.out("press Ctrl-C to stop");
    await new Promise<void>((resolve) => {
      io.onStop(async () => {
        io.out("stopping…");
        await proxy.close();
        resolve();
      });
    });
    io.out(
      `stopped: ${proxy.timeline.length} entries in ${out}; judge them with: npx ctips-kit check ${out}`,
    );
    return 0;
  },
};
