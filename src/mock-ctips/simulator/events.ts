/**
 * Builders that turn the few fields a step knows into complete contract values: every
 * member of the wire type, in wire order, with a typed default for the rest (int 0,
 * long "0", bool false, string/array/data null, enums INVALID or their first name).
 * The event header "fields are set if the data is present … otherwise set to 0". @see EDK 4-2
 */
import { KitError } from "../../contract/errors.ts";
import { contract, type WireType } from "../../contract/schemas.ts";

export type Fields = Record<string, unknown>;

interface Shape {
  members: { name: string; fallback: unknown; header: keyof Header | undefined }[];
  names: Set<string>;
  eventType?: string;
  category?: string;
}

const shapes = new Map<string, Shape>();

function fallbackFor(t: WireType): unknown {
  if (t.kind === "primitive") {
    if (t.name === "int") return 0;
    if (t.name === "long") return "0";
    if (t.name === "bool") return false;
    return null;
  }
  if (t.kind === "enum") {
    const e = contract().enumInfo(t.name);
    return e.names.includes("INVALID") ? "INVALID" : e.names[0];
  }
  return null;
}

function shapeOf(typeName: string): Shape {
  let s = shapes.get(typeName);
  if (!s) {
    const t = contract().type(typeName);
    s = {
      members: t.members.map((m) => ({
        name: m.name,
        fallback: fallbackFor(m.type),
        header: HEADER_KEYS.find((k) => k === m.name),
      })),
      names: new Set(t.members.map((m) => m.name)),
      eventType: t.eventType,
      category: t.category,
    };
    shapes.set(typeName, s);
  }
  return s;
}

function checkFields(typeName: string, shape: Shape, fields: Fields): void {
  for (const k in fields) {
    if (!shape.names.has(k)) {
      throw new KitError("CTIPSKIT_E_UNKNOWN_TYPE", `${typeName} has no member ${k}`, {
        fix: "use the wire member names of schemas/ (contract().type(name).members)",
      });
    }
  }
}

/** A complete value of a data or event type; a field the type does not have is a programming error. */
export function fill(typeName: string, fields: Fields): Record<string, unknown> {
  const shape = shapeOf(typeName);
  checkFields(typeName, shape, fields);
  const out: Record<string, unknown> = {};
  for (const m of shape.members) {
    const v = fields[m.name];
    out[m.name] = v === undefined ? m.fallback : v;
  }
  return out;
}

export interface Header {
  TenantId: number;
  SiteId: number;
  SwitchId: number;
}
const HEADER_KEYS: readonly (keyof Header)[] = ["TenantId", "SiteId", "SwitchId"];

/**
 * A complete event value: EventCategory and EventType from the schema, the header
 * (members the type lacks are skipped: CTISnapShotUpdate has no SwitchId), then `fields`.
 */
export function buildEvent(
  typeName: string,
  header: Header,
  requestId: number,
  fields: Fields,
): Record<string, unknown> {
  const shape = shapeOf(typeName);
  if (!shape.eventType || !shape.category) {
    throw new KitError("CTIPSKIT_E_UNKNOWN_TYPE", `${typeName} is not a concrete event type`);
  }
  checkFields(typeName, shape, fields);
  // fields first, then the header's own members, then the member's typed default
  const out: Record<string, unknown> = {};
  for (const m of shape.members) {
    let v = fields[m.name];
    if (v === undefined) {
      if (m.header !== undefined) v = header[m.header];
      else if (m.name === "EventCategory") v = shape.category;
      else if (m.name === "EventType") v = shape.eventType;
      else if (m.name === "RequestId") v = requestId;
      if (v === undefined) v = m.fallback;
    }
    out[m.name] = v;
  }
  return out;
}
