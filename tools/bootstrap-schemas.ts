/**
 * One-shot bootstrap: turns the data contracts listed in shared/spec/wire-contract.md into
 * the JSON Schemas under schemas/. It was run once to create schemas/; since then the
 * schemas are the source of truth and are edited by hand (guide spellings, clauses).
 * Kept for provenance and for re-checking the schemas against the wire listing:
 *
 *   npx tsx tools/bootstrap-schemas.ts ../shared/spec/wire-contract.md --check
 *
 * With --check it writes nothing and reports members, order or enum values that differ.
 * @see docs/decisions/001-schemas-are-the-contract.md
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Def, parseWireContract } from "./wire-contract-parser.ts";

const NS: Record<string, string> = {
  ctipsapi: "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08",
  clientpublishapi: "http://www.aspect.com/unifiedip/edk/clientpublishapi/2009/08",
  commondata: "http://www.aspect.com/unifiedip/edk/commondata/2009/08",
};
const BASE_ID = "https://ctips-kit.local/schemas/";

function folderOf(def: Def, all: Map<string, Def>): string {
  if (def.kind === "enum") return "enums";
  let d: Def | undefined = def;
  while (d && d.kind === "class") {
    if (d.name === "CTIEvent") return "events";
    d = d.base ? all.get(d.base) : undefined;
  }
  if (/Args$/.test(def.name)) return "args";
  return "data";
}

function refFor(type: string, from: string, all: Map<string, Def>): unknown {
  const prim: Record<string, string> = { int: "int", long: "long", bool: "bool", string: "string" };
  const array = type.endsWith("[]");
  const item = array ? type.slice(0, -2) : type;
  let ref: string;
  if (prim[item]) ref = `${from === "." ? "" : "../"}primitives.schema.json#/$defs/${prim[item]}`;
  else {
    const d = all.get(item);
    if (!d) throw new Error(`unknown type ${item}`);
    ref = `../${folderOf(d, all)}/${item}.schema.json`;
  }
  if (array) return { type: ["array", "null"], items: { $ref: ref } };
  const nullable = item === "string" || (!prim[item] && all.get(item)?.kind === "class");
  if (nullable && item !== "string") return { anyOf: [{ $ref: ref }, { type: "null" }] };
  return { $ref: ref };
}

const EVENT_CATEGORY: Record<string, string> = {
  AgentLoginStateChange: "EventCategoryAgent",
  AgentLoginRequestFailed: "EventCategoryAgent",
  AgentStateChange: "EventCategoryAgent",
  AgentRequestFailed: "EventCategoryAgent",
  AudioPathStateChange: "EventCategoryAgent",
  EnterPasscode: "EventCategoryAgent",
  ServiceStateChange: "EventCategoryAgent",
  RouteRequest: "EventCategoryRoute",
  RouteRequestFailed: "EventCategoryRoute",
  RouteUsed: "EventCategoryRoute",
  RouteReject: "EventCategoryRoute",
  LinkStatus: "EventCategorySystem",
  SnapShotUpdate: "EventCategorySystem",
  SnapShotRequestFailed: "EventCategorySystem",
};

function eventTypeOf(name: string): string {
  const bare = name.replace(/^CTI/, "");
  if (bare === "RouteRejected") return "RouteReject";
  return bare;
}

function schemaFor(def: Def, all: Map<string, Def>): Record<string, unknown> {
  const folder = folderOf(def, all);
  const $id = `${BASE_ID}${folder}/${def.name}.schema.json`;
  if (def.kind === "enum") {
    return {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id,
      title: def.name,
      type: "string",
      enum: def.values.map(([n]) => n),
      ctips: {
        kind: "enum",
        name: def.name,
        namespace: NS[def.ns],
        values: Object.fromEntries(def.values),
      },
    };
  }
  const properties: Record<string, unknown> = {};
  for (const m of def.members) {
    properties[m.name] = {
      ...(refFor(m.type, folder, all) as object),
      ctips: { type: m.type, ...(m.order !== undefined ? { wcfOrder: m.order } : {}) },
    };
  }
  const isEvent = folder === "events";
  const concreteEvent = isEvent && def.name !== "CTIEvent" && def.name !== "CTIFilter";
  const ctips: Record<string, unknown> = {
    kind: isEvent ? "event" : folder === "args" ? "args" : "data",
    name: def.name,
    namespace: NS[def.ns],
    base: def.base,
  };
  if (concreteEvent || def.name === "CTIFilter") {
    const et = def.name === "CTIFilter" ? "Filter" : eventTypeOf(def.name);
    ctips.eventType = et;
    ctips.category = EVENT_CATEGORY[et] ?? "EventCategoryCall";
  }
  if (def.name === "CTIEvent" || def.name === "CTIFilter") ctips.abstract = def.name === "CTIEvent";
  const schema: Record<string, unknown> = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id,
    title: def.name,
    type: "object",
    ctips,
  };
  if (def.base) {
    const b = all.get(def.base);
    if (!b) throw new Error(`unknown base ${def.base}`);
    schema.$ref = `../${folderOf(b, all)}/${def.base}.schema.json`;
  }
  schema.properties = properties;
  const req = def.members.filter((m) => m.required).map((m) => m.name);
  if (req.length) schema.required = req;
  const isBase = [...all.values()].some((d) => d.kind === "class" && d.base === def.name);
  if (!isBase) schema.unevaluatedProperties = false;
  return schema;
}

function main(): void {
  const [src, flag] = process.argv.slice(2);
  if (!src) throw new Error("usage: tsx tools/bootstrap-schemas.ts path/to/wire-contract.md [--check]");
  const defs = parseWireContract(readFileSync(src, "utf8"));
  const all = new Map(defs.map((d) => [d.name, d]));
  const root = join(dirname(new URL(import.meta.url).pathname), "..", "schemas");
  let diffs = 0;
  for (const def of defs) {
    const file = join(root, folderOf(def, all), `${def.name}.schema.json`);
    const fresh = schemaFor(def, all);
    if (flag === "--check") {
      if (!existsSync(file)) {
        process.stdout.write(`missing: ${file}\n`);
        diffs++;
        continue;
      }
      const have = JSON.parse(readFileSync(file, "utf8"));
      const a = JSON.stringify(Object.keys(have.properties ?? {}));
      const b = JSON.stringify(Object.keys((fresh.properties as object) ?? {}));
      if (a !== b) {
        process.stdout.write(`member order differs: ${def.name}\n  schema ${a}\n  wire   ${b}\n`);
        diffs++;
      }
      if (
        def.kind === "enum" &&
        JSON.stringify(have.ctips.values) !== JSON.stringify(Object.fromEntries(def.values))
      ) {
        process.stdout.write(`enum values differ: ${def.name}\n`);
        diffs++;
      }
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`);
  }
  process.stdout.write(`${defs.length} definitions, ${diffs} differences\n`);
  if (diffs) process.exitCode = 1;
}

main();
