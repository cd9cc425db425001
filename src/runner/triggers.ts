/**
 * Triggers: how a scenario makes something happen in the world (a customer calls, hangs
 * up, an agent answers at the phone, a link drops). Against the embedded mock its control
 * plane does it; against a real CTIPS a shell command per trigger (a SIP call generator, a
 * PBX script) or an operator. A scenario whose trigger is unavailable is skipped with its
 * reason, never passed. @see docs/certify.md ("Triggers")
 */
import { spawn } from "node:child_process";
import { request } from "undici";
import { KitError } from "../contract/errors.ts";

export const TRIGGER_NAMES = [
  "inbound-call",
  "hangup",
  "answer",
  "link",
  "service-state",
  "gateway-passcode",
] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

/** Parameters of each trigger (strings and numbers; shell triggers get them as CTIPS_* env vars). */
export interface TriggerParams {
  "inbound-call": { serviceId: number; ani: string; dnis: string };
  hangup: { callId: number };
  answer: { loginName: string };
  link: { component: "Gateway" | "CenterCord"; state: "up" | "down" };
  "service-state": { serviceId: number; state: string };
  /** An administrator turns the Gateway's login passcode prompt on or off. */
  "gateway-passcode": { required: boolean };
}

/** What a trigger reports back: the new call's id for inbound-call, when it knows it. */
export interface TriggerResult {
  callId?: number;
}

export interface Triggers {
  /** Why a trigger cannot run here, or undefined when it can. */
  unavailable(name: TriggerName): string | undefined;
  run<N extends TriggerName>(name: N, params: TriggerParams[N]): Promise<TriggerResult>;
}

export type TriggerConfig =
  | { kind: "mock-control"; controlUrl: string }
  | {
      kind: "shell";
      commands: Partial<Record<TriggerName, string>>;
      timeoutMs?: number;
      /** Working directory of the commands: the config file's directory. */
      cwd?: string;
    }
  | { kind: "none"; reason: string };

function unavailableError(name: string, why: string): KitError {
  return new KitError("CTIPSKIT_E_TRIGGER_UNAVAILABLE", `trigger '${name}' is unavailable: ${why}`, {
    fix: "configure a shell command for it (docs/certify.md) or certify against the embedded mock",
  });
}

/** The mock's HTTP control plane (works for the embedded mock and a mock running elsewhere). */
export function mockControlTriggers(controlUrl: string): Triggers {
  const post = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await request(`${controlUrl}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) {
      throw new KitError("CTIPSKIT_E_TRANSPORT", `control plane ${path} answered ${res.statusCode}: ${text}`);
    }
    return text ? JSON.parse(text) : {};
  };
  return {
    unavailable: () => undefined,
    async run(name, p) {
      const params = p as unknown as Record<string, string | number | boolean>;
      switch (name) {
        case "inbound-call":
          return (await post("calls", params)) as TriggerResult;
        case "hangup":
          await post(`calls/${params.callId}/hangup`);
          return {};
        case "answer":
          await post(`agents/${encodeURIComponent(String(params.loginName))}/answer`);
          return {};
        case "link":
          await post(`links/${params.component}/${params.state}`);
          return {};
        case "service-state":
          await post(`services/${params.serviceId}/state`, { state: params.state });
          return {};
        case "gateway-passcode":
          await post("gateway/passcode", { required: params.required });
          return {};
      }
      throw unavailableError(name, "unknown trigger");
    },
  };
}

/**
 * One shell command per trigger; the parameters arrive as environment variables
 * (CTIPS_SERVICE_ID, CTIPS_ANI, CTIPS_DNIS, CTIPS_CALL_ID, CTIPS_LOGIN_NAME, CTIPS_COMPONENT,
 * CTIPS_STATE). A command may print JSON (`{"callId": 17}`) on its last line of output.
 */
export function shellTriggers(
  commands: Partial<Record<TriggerName, string>>,
  timeoutMs = 30_000,
  cwd?: string,
): Triggers {
  const envName = (k: string) => `CTIPS_${k.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`;
  return {
    unavailable: (name) => (commands[name] ? undefined : `no shell command is configured for '${name}'`),
    run(name, params) {
      const command = commands[name];
      if (!command) return Promise.reject(unavailableError(name, "no shell command configured"));
      const env: NodeJS.ProcessEnv = { ...process.env, CTIPS_TRIGGER: name };
      for (const [k, v] of Object.entries(params)) env[envName(k)] = String(v);
      return new Promise((resolve, reject) => {
        const child = spawn("/bin/sh", ["-c", command], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("error", (e) =>
          reject(
            new KitError("CTIPSKIT_E_TRIGGER_UNAVAILABLE", `trigger '${name}' could not start: ${e.message}`),
          ),
        );
        child.on("close", (code) => {
          clearTimeout(timer);
          if (code !== 0) {
            reject(
              new KitError(
                "CTIPSKIT_E_TRIGGER_UNAVAILABLE",
                `trigger '${name}' command exited ${code}: ${err.trim() || out.trim()}`,
              ),
            );
            return;
          }
          const last = out.trim().split("\n").at(-1) ?? "";
          try {
            resolve(last.startsWith("{") ? (JSON.parse(last) as TriggerResult) : {});
          } catch {
            resolve({});
          }
        });
      });
    },
  };
}

export function noTriggers(reason: string): Triggers {
  return {
    unavailable: () => reason,
    run: (name) => Promise.reject(unavailableError(name, reason)),
  };
}

export function createTriggers(c: TriggerConfig): Triggers {
  if (c.kind === "mock-control") return mockControlTriggers(c.controlUrl);
  if (c.kind === "shell") return shellTriggers(c.commands, c.timeoutMs, c.cwd);
  return noTriggers(c.reason);
}
