/**
 * Loads schemas/ (the single source of truth for the CTIPS contract) and exposes it as a
 * typed registry: enums with their numeric values, data/args/event types with their
 * flattened WCF member order, and the operations of both services.
 * @see docs/decisions/001-schemas-are-the-contract.md
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { KitError } from "./errors.ts";
import { registerNamespace } from "./xml.ts";

export const NS = {
  ctipsapi: "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08",
  clientpublishapi: "http://www.aspect.com/unifiedip/edk/clientpublishapi/2009/08",
  commondata: "http://www.aspect.com/unifiedip/edk/commondata/2009/08",
  arrays: "http://schemas.microsoft.com/2003/10/Serialization/Arrays",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  xsd: "http://www.w3.org/2001/XMLSchema",
  soap: "http://schemas.xmlsoap.org/soap/envelope/",
  serialization: "http://schemas.microsoft.com/2003/10/Serialization/",
} as const;
for (const uri of Object.values(NS)) registerNamespace(uri);

export const SCHEMA_BASE_ID = "https://ctips-kit.local/schemas/";
export const SCHEMAS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "schemas");

export type PrimitiveName = "int" | "long" | "bool" | "string";
export type WireType =
  | { kind: "primitive"; name: PrimitiveName }
  | { kind: "enum"; name: string }
  | { kind: "data"; name: string }
  | { kind: "array"; item: WireType };

export interface MemberInfo {
  name: string;
  type: WireType;
  /** The type as the wire listing spells it, e.g. `CTICallDataItem[]`. */
  typeText: string;
  required: boolean;
  declaredBy: string;
  /** XML namespace of the member element: the declaring type's namespace. */
  namespace: string;
  wcfOrder?: number;
  guideName?: string;
  guideType?: string;
  description?: string;
}

export interface TypeInfo {
  name: string;
  kind: "data" | "args" | "event";
  namespace: string;
  base: string | null;
  /** Members in wire order, base type's first. */
  members: MemberInfo[];
  ownMembers: MemberInfo[];
  abstract: boolean;
  eventType?: string;
  category?: string;
  /** Categories a tolerant reader accepts for this event (the guide contradicts itself for some). */
  acceptedCategories?: string[];
  guideName?: string;
  clause?: string;
  schemaId: string;
}

export interface EnumInfo {
  name: string;
  namespace: string;
  names: string[];
  values: Record<string, number>;
  /** wire name → the guide's spelling, where they differ. */
  guideNames: Record<string, string>;
  clause?: string;
  schemaId: string;
}

export interface ParamInfo {
  name: string;
  type: WireType;
  typeText: string;
}

export interface OperationInfo {
  name: string;
  service: "server" | "callback";
  contract: string;
  namespace: string;
  action: string;
  params: ParamInfo[];
  result: WireType;
  resultText: string;
  guideName?: string;
  /** The guide's parameter list where it differs (HeartbeatMessage() has none). */
  guideParams?: ParamInfo[];
  clause?: string;
  schemaId: string;
}

interface RawSchema {
  $id: string;
  ctips?: Record<string, unknown>;
  properties?: Record<string, { ctips?: Record<string, unknown>; description?: string }>;
  required?: string[];
  [k: string]: unknown;
}

/** Meta-schema of the `ctips` annotation keyword: what the codec and reports may rely on. */
const ctipsKeywordMeta = {
  type: "object",
  properties: {
    kind: {
      enum: ["enum", "data", "args", "event", "primitive", "primitives", "service"],
    },
    name: { type: "string" },
    namespace: { type: "string" },
    base: { type: ["string", "null"] },
    abstract: { type: "boolean" },
    eventType: { type: "string" },
    category: { type: "string" },
    acceptedCategories: { type: "array", items: { type: "string" } },
    values: { type: "object", additionalProperties: { type: "integer" } },
    guideNames: { type: "object", additionalProperties: { type: "string" } },
    guideName: { type: "string" },
    guideType: { type: "string" },
    guideTable: { type: "boolean" },
    guideOnlyMembers: { type: "array" },
    guideOnlyValues: { type: "array", items: { type: "string" } },
    clause: { type: "string", pattern: "^(EDK [0-9A-E]+-[0-9]+|WIRE .+)$" },
    note: { type: "string" },
    type: { type: "string" },
    wcfOrder: { type: "integer" },
    xsd: { type: "string" },
    operations: { type: "array" },
    role: { enum: ["server", "callback"] },
    binding: { type: "string" },
    defaultPath: { type: "string" },
    defaultPort: { type: "integer" },
  },
  additionalProperties: false,
} as const;

function listSchemaFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSchemaFiles(full));
    else if (entry.name.endsWith(".schema.json")) out.push(full);
  }
  return out.sort();
}

export function parseWireType(text: string, enums: Set<string>): WireType {
  if (text.endsWith("[]")) return { kind: "array", item: parseWireType(text.slice(0, -2), enums) };
  if (text === "int" || text === "long" || text === "bool" || text === "string") {
    return { kind: "primitive", name: text };
  }
  return enums.has(text) ? { kind: "enum", name: text } : { kind: "data", name: text };
}

export interface Contract {
  readonly types: ReadonlyMap<string, TypeInfo>;
  readonly enums: ReadonlyMap<string, EnumInfo>;
  readonly operations: ReadonlyMap<string, OperationInfo>;
  /** CTIEventType name (e.g. `RouteReject`) → the concrete event type (`CTIRouteRejected`). */
  readonly eventTypes: ReadonlyMap<string, TypeInfo>;
  readonly schemas: readonly RawSchema[];
  readonly ajv: Ajv2020;
  type(name: string): TypeInfo;
  enumInfo(name: string): EnumInfo;
  operation(name: string): OperationInfo;
  /** The concrete event type for an EventType value or a type name. */
  eventInfo(eventTypeOrName: string): TypeInfo | undefined;
  /** Validates a value of a named type (or `Op`, `OpResponse`) against its schema. */
  validate(typeName: string, value: unknown): ErrorObject[];
}

export function loadContract(dir: string = SCHEMAS_DIR): Contract {
  const files = listSchemaFiles(dir);
  const schemas: RawSchema[] = files.map((f) => {
    try {
      return JSON.parse(readFileSync(f, "utf8")) as RawSchema;
    } catch (err) {
      throw new KitError("CTIPSKIT_E_SCHEMA_INVALID", `schema ${relative(dir, f)} is not valid JSON`, {
        cause: err,
        fix: "fix the JSON syntax of that schema file",
      });
    }
  });
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addKeyword({ keyword: "ctips", metaSchema: ctipsKeywordMeta });
  // ajv checks a keyword's meta-schema only when it compiles a schema, which happens lazily;
  // annotations are checked here so a bad one fails at load, naming its file.
  const checkAnnotation = ajv.compile(ctipsKeywordMeta);
  const walk = (node: unknown, file: string, at: string): void => {
    if (!node || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      if (k === "ctips" && !checkAnnotation(v)) {
        throw new KitError(
          "CTIPSKIT_E_SCHEMA_INVALID",
          `schema ${file}: ctips annotation at ${at || "/"} ${ajv.errorsText(checkAnnotation.errors)}`,
          {
            fix: "annotations go in the `ctips` keyword with the keys listed in ctipsKeywordMeta (src/contract/schemas.ts)",
          },
        );
      }
      walk(v, file, `${at}/${k}`);
    }
  };
  schemas.forEach((s, i) => {
    walk(s, relative(dir, files[i]), "");
    if (!ajv.validateSchema(s)) {
      throw new KitError(
        "CTIPSKIT_E_SCHEMA_INVALID",
        `schema ${relative(dir, files[i])} breaks the meta-schema: ${ajv.errorsText(ajv.errors)}`,
      );
    }
    ajv.addSchema(s);
  });

  const enumNames = new Set(
    schemas.filter((s) => s.ctips?.kind === "enum").map((s) => s.ctips!.name as string),
  );
  const enums = new Map<string, EnumInfo>();
  const rawTypes = new Map<string, RawSchema>();
  const operations = new Map<string, OperationInfo>();

  for (const s of schemas) {
    const c = s.ctips ?? {};
    if (c.kind === "enum") {
      const values = c.values as Record<string, number>;
      enums.set(c.name as string, {
        name: c.name as string,
        namespace: registerNamespace(c.namespace as string),
        names: s.enum as string[],
        values,
        guideNames: (c.guideNames as Record<string, string>) ?? {},
        clause: c.clause as string | undefined,
        schemaId: s.$id,
      });
    } else if (c.kind === "data" || c.kind === "args" || c.kind === "event") {
      rawTypes.set(c.name as string, s);
    } else if (c.kind === "service") {
      const role = c.role as "server" | "callback";
      for (const op of c.operations as Record<string, unknown>[]) {
        const params = (op.params as { name: string; type: string }[]).map((p) => ({
          name: p.name,
          type: parseWireType(p.type, enumNames),
          typeText: p.type,
        }));
        const guideParams = op.guideParams as { name: string; type: string }[] | undefined;
        const resultText = (op.result as { type: string }).type;
        operations.set(op.name as string, {
          name: op.name as string,
          service: role,
          contract: op.contract as string,
          namespace: registerNamespace(c.namespace as string),
          action: op.action as string,
          params,
          result: parseWireType(resultText, enumNames),
          resultText,
          guideName: op.guideName as string | undefined,
          guideParams: guideParams?.map((p) => ({
            name: p.name,
            type: parseWireType(p.type, enumNames),
            typeText: p.type,
          })),
          clause: op.clause as string | undefined,
          schemaId: s.$id,
        });
      }
    }
  }

  const baseNames = new Set(
    [...rawTypes.values()].map((s) => s.ctips!.base as string | null).filter(Boolean),
  );
  const types = new Map<string, TypeInfo>();
  const build = (name: string): TypeInfo => {
    const done = types.get(name);
    if (done) return done;
    const s = rawTypes.get(name);
    if (!s) {
      throw new KitError("CTIPSKIT_E_SCHEMA_INVALID", `type ${name} is referenced but has no schema`, {
        fix: `add schemas/*/${name}.schema.json`,
      });
    }
    const c = s.ctips!;
    const base = (c.base as string | null) ?? null;
    const ownMembers: MemberInfo[] = Object.entries(s.properties ?? {}).map(([m, p]) => {
      const pc = p.ctips ?? {};
      return {
        name: m,
        type: parseWireType(pc.type as string, enumNames),
        typeText: pc.type as string,
        required: (s.required ?? []).includes(m),
        declaredBy: name,
        namespace: registerNamespace(c.namespace as string),
        wcfOrder: pc.wcfOrder as number | undefined,
        guideName: pc.guideName as string | undefined,
        guideType: pc.guideType as string | undefined,
        description: p.description,
      };
    });
    const info: TypeInfo = {
      name,
      kind: c.kind as TypeInfo["kind"],
      namespace: registerNamespace(c.namespace as string),
      base,
      members: [...(base ? build(base).members : []), ...ownMembers],
      ownMembers,
      abstract: Boolean(c.abstract) || (c.kind === "event" && baseNames.has(name) && name === "CTIEvent"),
      eventType: c.eventType as string | undefined,
      category: c.category as string | undefined,
      acceptedCategories: c.acceptedCategories as string[] | undefined,
      guideName: c.guideName as string | undefined,
      clause: c.clause as string | undefined,
      schemaId: s.$id,
    };
    types.set(name, info);
    return info;
  };
  for (const name of rawTypes.keys()) build(name);

  const eventTypes = new Map<string, TypeInfo>();
  for (const t of types.values()) if (t.eventType) eventTypes.set(t.eventType, t);

  const validators = new Map<string, ValidateFunction>();
  const schemaIdFor = (typeName: string): string | undefined => {
    const t = types.get(typeName) ?? enums.get(typeName);
    if (t) return t.schemaId;
    const opName = typeName.replace(/Response$/, "");
    const op = operations.get(opName);
    if (op) return `${op.schemaId}#/$defs/${typeName}`;
    if (["int", "long", "bool", "string"].includes(typeName)) {
      return `${SCHEMA_BASE_ID}primitives.schema.json#/$defs/${typeName}`;
    }
    return undefined;
  };

  return {
    types,
    enums,
    operations,
    eventTypes,
    schemas,
    ajv,
    type(name) {
      const t = types.get(name);
      if (!t) throw new KitError("CTIPSKIT_E_UNKNOWN_TYPE", `no contract type named ${name}`);
      return t;
    },
    enumInfo(name) {
      const e = enums.get(name);
      if (!e) throw new KitError("CTIPSKIT_E_UNKNOWN_TYPE", `no contract enum named ${name}`);
      return e;
    },
    operation(name) {
      const o = operations.get(name);
      if (!o) throw new KitError("CTIPSKIT_E_UNKNOWN_OPERATION", `no operation named ${name}`);
      return o;
    },
    eventInfo(key) {
      return eventTypes.get(key) ?? (types.get(key)?.kind === "event" ? types.get(key) : undefined);
    },
    validate(typeName, value) {
      let v = validators.get(typeName);
      if (!v) {
        const id = schemaIdFor(typeName);
        if (!id) throw new KitError("CTIPSKIT_E_UNKNOWN_TYPE", `no schema for ${typeName}`);
        v = ajv.getSchema(id);
        if (!v) throw new KitError("CTIPSKIT_E_UNKNOWN_TYPE", `schema ${id} did not compile`);
        validators.set(typeName, v);
      }
      return v(value) ? [] : [...(v.errors ?? [])];
    },
  };
}

let shared: Contract | undefined;
/** The contract loaded from the bundled schemas/, loaded once per process. */
export function contract(): Contract {
  shared ??= loadContract();
  return shared;
}

/** ajv errors as one readable line each, naming the field (and the unknown key, for additionalProperties). */
export function ajvProblems(errors: readonly ErrorObject[] | null | undefined, root = "(root)"): string[] {
  return (errors ?? []).map((e) => {
    const at = e.instancePath || root;
    if (e.keyword === "additionalProperties")
      return `${at} has an unknown key '${String(e.params.additionalProperty)}'`;
    if (e.keyword === "enum")
      return `${at} must be one of ${(e.params.allowedValues as unknown[]).join(", ")}`;
    return `${at} ${e.message ?? "is invalid"}`;
  });
}
