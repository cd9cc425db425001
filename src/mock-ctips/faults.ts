/**
 * Fault injection: named, combinable misbehaviours of the mock, each scoped to an
 * operation, a session, an event type or everything. They exist so that every check of the
 * kit can be shown to fail (docs/fault-injection.md lists each with its effect on the wire).
 */
import { randomUUID } from "node:crypto";
import { KitError } from "../contract/errors.ts";
import { contract } from "../contract/schemas.ts";

export const FAULT_NAMES = [
  "delay-response",
  "fault-response",
  "drop-response",
  "stop-heartbeats",
  "heartbeat-interval",
  "delay-events",
  "drop-events",
  "duplicate-events",
  "reorder-events",
  "omit-field",
  "corrupt-field",
  "wrong-request-id",
  "unsolicited-request-id",
  "events-while-offline",
  "accept-extra-session",
  "wire-order",
  "extra-member",
  "unprefixed-xsi-type",
  "omit-optional",
  "refuse-route",
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultScope {
  /** A server operation name (request faults). */
  operation?: string;
  /** A SessionId. */
  session?: string;
  /** An EventType name, e.g. `CallDelivered` (event faults). */
  eventType?: string;
}

export interface Fault {
  id: string;
  name: FaultName;
  scope: FaultScope;
  params: Record<string, unknown>;
  /** Applications left; undefined = until removed. */
  remaining?: number;
}

export interface FaultInput {
  name: string;
  scope?: FaultScope;
  params?: Record<string, unknown>;
  /** Apply this many times, then remove itself. */
  count?: number;
}

type ParamRule = {
  key: string;
  kind: "ms" | "int" | "string" | "faultCode" | "member" | "xmlName" | "routeFailure";
  required?: boolean;
};

const PARAMS: Record<FaultName, ParamRule[]> = {
  "delay-response": [{ key: "ms", kind: "ms", required: true }],
  "fault-response": [
    { key: "code", kind: "faultCode" },
    { key: "message", kind: "string" },
  ],
  "drop-response": [],
  "stop-heartbeats": [],
  "heartbeat-interval": [{ key: "ms", kind: "ms", required: true }],
  "delay-events": [{ key: "ms", kind: "ms", required: true }],
  "drop-events": [],
  "duplicate-events": [],
  "reorder-events": [],
  "omit-field": [{ key: "field", kind: "member", required: true }],
  "corrupt-field": [
    { key: "field", kind: "member", required: true },
    { key: "value", kind: "string", required: true },
  ],
  "wrong-request-id": [{ key: "offset", kind: "int" }],
  "unsolicited-request-id": [{ key: "value", kind: "int" }],
  "events-while-offline": [],
  "accept-extra-session": [],
  "wire-order": [],
  "extra-member": [
    { key: "member", kind: "xmlName" },
    { key: "value", kind: "string" },
  ],
  "unprefixed-xsi-type": [],
  "omit-optional": [],
  "refuse-route": [{ key: "event", kind: "routeFailure" }],
};

const REQUEST: readonly (keyof FaultScope)[] = ["operation", "session"];
const EVENT: readonly (keyof FaultScope)[] = ["session", "eventType"];
/** The scope keys each fault's trigger knows; any other key would keep the fault from ever applying. */
const SCOPES: Record<FaultName, readonly (keyof FaultScope)[]> = {
  "delay-response": REQUEST,
  "fault-response": REQUEST,
  "drop-response": REQUEST,
  "stop-heartbeats": ["session"],
  "heartbeat-interval": ["session"],
  "delay-events": EVENT,
  "drop-events": EVENT,
  "duplicate-events": EVENT,
  "reorder-events": EVENT,
  "omit-field": EVENT,
  "corrupt-field": EVENT,
  "wrong-request-id": EVENT,
  "unsolicited-request-id": EVENT,
  "events-while-offline": EVENT,
  "accept-extra-session": [],
  "wire-order": EVENT,
  "extra-member": EVENT,
  "unprefixed-xsi-type": EVENT,
  "omit-optional": EVENT,
  "refuse-route": ["session"],
};

function invalid(field: string, why: string): KitError {
  return new KitError("CTIPSKIT_E_CONTROL_INVALID", `fault ${field} ${why}`, {
    details: { field },
    fix: `see docs/fault-injection.md; names: ${FAULT_NAMES.join(", ")}`,
  });
}

/** Validates a fault request; every problem names its field. */
export function parseFault(input: unknown): Omit<Fault, "id"> {
  if (!input || typeof input !== "object")
    throw invalid("(body)", "must be an object { name, scope?, params?, count? }");
  const i = input as FaultInput;
  if (!FAULT_NAMES.includes(i.name as FaultName))
    throw invalid("name", `'${String(i.name)}' is not a fault name`);
  const name = i.name as FaultName;
  const scope: FaultScope = {};
  if (i.scope !== undefined) {
    if (typeof i.scope !== "object" || i.scope === null) throw invalid("scope", "must be an object");
    for (const [k, v] of Object.entries(i.scope)) {
      if (!["operation", "session", "eventType"].includes(k))
        throw invalid(`scope.${k}`, "is not a scope key (operation, session, eventType)");
      if (!SCOPES[name].includes(k as keyof FaultScope))
        throw invalid(
          `scope.${k}`,
          `does not apply to ${name} (${SCOPES[name].length ? `its scope keys: ${SCOPES[name].join(", ")}` : "it takes no scope"})`,
        );
      if (typeof v !== "string" || !v) throw invalid(`scope.${k}`, "must be a non-empty string");
      if (k === "operation" && !contract().operations.has(v))
        throw invalid("scope.operation", `'${v}' is not an operation`);
      if (k === "eventType" && !contract().eventInfo(v))
        throw invalid("scope.eventType", `'${v}' is not an EventType`);
      scope[k as keyof FaultScope] = v;
    }
  }
  const params: Record<string, unknown> = {};
  const given = i.params ?? {};
  if (typeof given !== "object" || given === null) throw invalid("params", "must be an object");
  const rules = PARAMS[name];
  for (const k of Object.keys(given)) {
    if (!rules.some((r) => r.key === k)) throw invalid(`params.${k}`, `is not a parameter of ${name}`);
  }
  for (const r of rules) {
    const v = (given as Record<string, unknown>)[r.key];
    if (v === undefined) {
      if (r.required) throw invalid(`params.${r.key}`, `is required for ${name}`);
      continue;
    }
    const ok =
      r.kind === "ms"
        ? Number.isInteger(v) && (v as number) >= 0
        : r.kind === "int"
          ? Number.isInteger(v)
          : r.kind === "faultCode"
            ? typeof v === "string" && v in contract().enumInfo("FaultErrorCode").values
            : r.kind === "routeFailure"
              ? v === "RouteReject" || v === "RouteRequestFailed"
              : r.kind === "xmlName"
                ? typeof v === "string" && /^[A-Za-z_][\w.-]*$/.test(v)
                : typeof v === "string" && v.length > 0;
    if (!ok) throw invalid(`params.${r.key}`, `has an invalid value ${JSON.stringify(v)}`);
    params[r.key] = v;
  }
  if (i.count !== undefined && (!Number.isInteger(i.count) || i.count < 1))
    throw invalid("count", "must be a whole number ≥ 1");
  return { name, scope, params, remaining: i.count };
}

export interface FaultContext {
  operation?: string;
  session?: string;
  eventType?: string;
}

export class FaultRegistry {
  private readonly faults = new Map<string, Fault>();

  add(input: unknown): Fault {
    const f: Fault = { id: randomUUID(), ...parseFault(input) };
    this.faults.set(f.id, f);
    return f;
  }

  remove(id: string): boolean {
    return this.faults.delete(id);
  }

  clear(): void {
    this.faults.clear();
  }

  list(): Fault[] {
    return [...this.faults.values()];
  }

  get size(): number {
    return this.faults.size;
  }

  /**
   * The first active fault of `name` whose scope matches; counts one application (a fault
   * with `count` removes itself after its last). Standing conditions (stop-heartbeats,
   * heartbeat-interval, events-while-offline) take one per heartbeat or event they change.
   */
  take(name: FaultName, ctx: FaultContext = {}): Fault | undefined {
    if (this.faults.size === 0) return undefined;
    for (const f of this.faults.values()) {
      if (f.name !== name) continue;
      if (f.scope.operation && f.scope.operation !== ctx.operation) continue;
      if (f.scope.session && f.scope.session !== ctx.session) continue;
      if (f.scope.eventType && f.scope.eventType !== ctx.eventType) continue;
      if (f.remaining !== undefined && --f.remaining <= 0) this.faults.delete(f.id);
      return f;
    }
    return undefined;
  }
}
