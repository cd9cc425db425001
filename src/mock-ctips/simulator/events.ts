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
  members: { name: string; fallback: unknown }[];
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
      members: t.members.map((m) => ({ name: m.name, fallback: fallbackFor(m.type) })),
      names: new Set(t.members.map((m) => m.name)),
      eventType: t.eventType,
      category: t.category,
    };
    shapes.set(typeName, s);
  }
  return s;
}

/** A complete value of a data or event type; a field the type does not have is a programming error. */
export function fill(typeName: string, fields: Fields): Record<string, unknown> {
  const shape = shapeOf(typeName);
  for (const k of Object.keys(fields)) {
    if (!shape.names.has(k)) {
      throw new KitError("CTIPSKIT_E_UNKNOWN_TYPE", `${typeName} has no member ${k}`, {
        fix: "use the wire member names of schemas/ (contract().type(name).members)",
      });
    }
  }
  const out: Record<string, unknown> = {};
  for (const m of shape.members) out[m.name] = fields[m.name] === undefined ? m.fallback : fields[m.name];
  return out;
}

export interface Header {
  TenantId: number;
  SiteId: number;
  SwitchId: number;
}

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
  const base: Fields = { EventCategory: shape.category, EventType: shape.eventType, RequestId: requestId };
  for (const [k, v] of Object.entries(header)) if (shape.names.has(k)) base[k] = v;
  return fill(typeName, { ...base, ...fields });
}
