/**
 * Reading timeline entries the way every check needs: canonical event and operation
 * names (the guide's spellings accepted), RequestId/CallId/AgentId whether the recorder
 * put them on the entry or only in the payload, times in milliseconds.
 */
import { contract } from "../contract/schemas.ts";
import type { TimelineEntry } from "../timeline/entry.ts";

export type Members = Readonly<Record<string, unknown>>;

const EMPTY: Members = Object.freeze({});

/** The guide's spellings of event names that neither the EventType nor the wire type name give. */
const GUIDE_EVENT_ALIASES: Readonly<Record<string, string>> = {
  routerejected: "RouteReject", // @see EDK 4-26: the event is "RouteRejected", the enum value RouteReject
  enterpasscodeevent: "EnterPasscode", // @see EDK 4-7
  callrequestedfailed: "CallRequestFailed", // @see EDK C-3
  snapshotrequestfailed: "SnapShotRequestFailed",
};

let eventNames: Map<string, string> | undefined;
let operationNames: Map<string, string> | undefined;

function eventNameMap(): Map<string, string> {
  if (eventNames) return eventNames;
  const map = new Map<string, string>();
  for (const [eventType, info] of contract().eventTypes) {
    map.set(eventType.toLowerCase(), eventType);
    map.set(info.name.toLowerCase(), eventType);
    map.set(info.name.replace(/^CTI/, "").toLowerCase(), eventType);
  }
  for (const [alias, eventType] of Object.entries(GUIDE_EVENT_ALIASES)) map.set(alias, eventType);
  eventNames = map;
  return map;
}

function operationNameMap(): Map<string, string> {
  if (operationNames) return operationNames;
  const map = new Map<string, string>();
  for (const op of contract().operations.values()) {
    map.set(op.name.toLowerCase(), op.name);
    if (op.guideName) map.set(op.guideName.toLowerCase(), op.name);
  }
  operationNames = map;
  return map;
}

/**
 * The CTIEventType value for an event name as a person or a recorder writes it:
 * `CallDelivered`, `CTICallDelivered`, `RouteRejected` → `RouteReject`, `SnapshotUpdate` →
 * `SnapShotUpdate`. Undefined when the contract knows no such event.
 */
export function canonicalEventType(name: string): string | undefined {
  // Checks ask this for every event of a recording: remember each spelling once.
  if (eventSpellings.has(name)) return eventSpellings.get(name);
  const key = name.trim().toLowerCase();
  const map = eventNameMap();
  const found = map.get(key) ?? (key.endsWith("event") ? map.get(key.slice(0, -5)) : undefined);
  eventSpellings.set(name, found);
  return found;
}

/** The wire operation name for a wire or guide spelling (`PanicLogout` → `PanicLogoutAgent`). */
export function canonicalOperation(name: string): string | undefined {
  if (operationSpellings.has(name)) return operationSpellings.get(name);
  const found = operationNameMap().get(name.trim().toLowerCase());
  operationSpellings.set(name, found);
  return found;
}

const eventSpellings = new Map<string, string | undefined>();
const operationSpellings = new Map<string, string | undefined>();

/** The event's CTIEventType, from its concrete wire type or else its recorded name. */
export function eventTypeOf(e: TimelineEntry): string | undefined {
  return (
    (e.eventType ? canonicalEventType(e.eventType) : undefined) ??
    (e.name ? canonicalEventType(e.name) : undefined)
  );
}

/** The operation a request, or the callback a heartbeat/startSession, names. */
export function operationOf(e: TimelineEntry): string | undefined {
  return e.name ? (canonicalOperation(e.name) ?? e.name) : undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An event's members (the recorder's payload). */
export function membersOf(e: TimelineEntry): Members {
  return isObject(e.payload) ? e.payload : EMPTY;
}

/** A request's argument members (`payload.args`). */
export function argsOf(e: TimelineEntry): Members {
  const p = e.payload;
  return isObject(p) && isObject(p.args) ? p.args : EMPTY;
}

function asInt(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

function memberSource(e: TimelineEntry): Members {
  return e.kind === "request" ? argsOf(e) : membersOf(e);
}

/** RequestId from the entry, else from the event members or request args; undefined if absent. */
export function requestIdOf(e: TimelineEntry): number | undefined {
  return e.requestId ?? asInt(memberSource(e).RequestId);
}

export function callIdOf(e: TimelineEntry): number | undefined {
  return e.callId ?? asInt(memberSource(e).CallId);
}

/** AgentId of an event, or AgentIdx (wire) / AgentId (guide) of a request. */
export function agentIdOf(e: TimelineEntry): number | undefined {
  const m = memberSource(e);
  return e.agentId ?? asInt(m.AgentId) ?? asInt(m.AgentIdx);
}

/** TenantId of an event or a request. */
export function tenantIdOf(e: TimelineEntry): number | undefined {
  return asInt(memberSource(e).TenantId);
}

/** The entry's monotonic time in milliseconds. */
export function msOf(e: TimelineEntry): number {
  return e.monoNs / 1e6;
}

/**
 * A field of an entry as flow expectations name it: `session`, a member of the event or
 * of the request's args, a dotted path into them (`CallInfo.0.ANI`), or one of RequestId,
 * CallId, AgentId, which fall back to the entry's own fields.
 */
export function fieldOf(e: TimelineEntry, field: string): unknown {
  if (field === "session") return e.session;
  if (field === "RequestId") return requestIdOf(e);
  if (field === "CallId") return callIdOf(e);
  if (field === "AgentId") return agentIdOf(e);
  const members = memberSource(e);
  if (!field.includes(".")) return members[field];
  let v: unknown = members;
  for (const part of field.split(".")) {
    if (Array.isArray(v)) v = v[Number(part)];
    else if (isObject(v)) v = v[part];
    else return undefined;
  }
  return v;
}

/** Contract values compare by their text form: `0` equals `"0"`, a long string equals its number. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const prim = (v: unknown) => typeof v === "number" || typeof v === "string" || typeof v === "boolean";
  return prim(a) && prim(b) && String(a) === String(b);
}

/** The EventCategory the contract gives an EventType. */
export function categoryOf(eventType: string): string | undefined {
  return contract().eventTypes.get(eventType)?.category;
}
