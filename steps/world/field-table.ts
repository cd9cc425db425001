/**
 * The guide's field table of an event as data: `| field | wire type | rule | reading |`.
 * Every listed member must be present when the contract requires it (IsRequired), be of
 * its wire type, and keep its rule: `any` (present, of its type), `= X` (a value or $var),
 * `≠ X`, `> N`, `>= N`, `< N`, `<= N`, `one of A, B`, `non-empty`. A row whose `reading`
 * cell names a reading (docs/readings.md) keeps its presence and type normative; its rule
 * is the kit's reading, a warning when it does not hold.
 */
import { contract, type WireType } from "../../src/contract/schemas.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { type CtipsWorld, sameValue } from "../world.ts";

function typeOk(t: WireType, v: unknown): boolean {
  switch (t.kind) {
    case "primitive":
      if (t.name === "int") return Number.isInteger(v);
      if (t.name === "long") return typeof v === "string" && /^-?\d+$/.test(v);
      if (t.name === "bool") return typeof v === "boolean";
      return v === null || typeof v === "string";
    case "enum":
      return typeof v === "string" && v in contract().enumInfo(t.name).values;
    case "array":
      return v === null || (Array.isArray(v) && v.every((x) => typeOk(t.item, x)));
    case "data":
      return v === null || (typeof v === "object" && !Array.isArray(v));
  }
}

/** Why `value` breaks `rule`, or undefined when it keeps it. */
export function checkFieldRule(world: CtipsWorld, value: unknown, rule: string): string | undefined {
  const r = rule.trim();
  if (r === "" || r === "any") return undefined;
  if (r === "non-empty") return typeof value === "string" && value.length > 0 ? undefined : "is empty";
  const m = /^(=|≠|!=|>=|>|<=|<|one of)\s*(.*)$/.exec(r);
  if (!m) return `has an unknown rule '${r}'`;
  const [, op, rest] = m;
  if (op === "one of") {
    const options = rest.split(/\s*,\s*/).map((x) => world.value(x));
    return options.some((o) => sameValue(value, o))
      ? undefined
      : `is ${JSON.stringify(value)}, not one of ${rest}`;
  }
  const expected = world.value(rest);
  const n = Number(value);
  const e = Number(expected);
  const ok =
    op === "="
      ? sameValue(value, expected)
      : op === "≠" || op === "!="
        ? !sameValue(value, expected)
        : op === ">"
          ? n > e
          : op === ">="
            ? n >= e
            : op === "<"
              ? n < e
              : n <= e;
  return ok ? undefined : `is ${JSON.stringify(value)}, expected ${op} ${JSON.stringify(expected)}`;
}

/** Judges `entry` against the field table `rows` (header first); throws the normative problems, notes the readings. */
export function judgeFieldTable(
  world: CtipsWorld,
  entry: TimelineEntry,
  type: string,
  rows: string[][],
): void {
  const info = contract().eventInfo(entry.eventType ?? type);
  if (!info) throw new Error(`${type} is not an event type`);
  const value = entry.payload as Record<string, unknown>;
  const problems: string[] = [];
  const [header, ...body] = rows;
  const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
  const [fi, ti, ri, rd] = [col("field"), col("wire type"), col("rule"), col("reading")];
  for (const row of body) {
    const field = row[fi].trim();
    const member = info.members.find((m) => m.name === field);
    if (!member) {
      problems.push(`${field}: not a member of ${info.name}`);
      continue;
    }
    const v = value[field];
    if (v === undefined) {
      if (member.required) problems.push(`${field}: missing`);
      continue;
    }
    if (ti >= 0 && row[ti].trim() !== member.typeText)
      problems.push(`${field}: the table says ${row[ti].trim()}, the contract ${member.typeText}`);
    if (!typeOk(member.type, v)) problems.push(`${field}: ${JSON.stringify(v)} is not a ${member.typeText}`);
    const why = ri >= 0 ? checkFieldRule(world, v, row[ri] ?? "") : undefined;
    const reading = rd >= 0 ? (row[rd] ?? "").trim() : "";
    if (why && reading) world.readingNotHeld(reading, `${info.name} (#${entry.seq}): ${field} ${why}`);
    else if (why) problems.push(`${field} ${why}`);
  }
  if (problems.length) throw new Error(`${info.name} (#${entry.seq}):\n  ${problems.join("\n  ")}`);
}
