import { type DataTable, Then } from "@cucumber/cucumber";
import { contract, type WireType } from "../src/contract/schemas.ts";
import { fieldRows, step } from "./support.ts";
import { type CtipsWorld, sameValue } from "./world.ts";

Then(
  "the session receives {word}",
  step(async function (this: CtipsWorld, type: string) {
    await this.waitForEvent(type);
  }),
);

/** Rows `| field | value |`; a third cell `reading:<id>` marks a row as the kit's reading. */
Then(
  "the session receives {word} with:",
  step(async function (this: CtipsWorld, type: string, table: DataTable) {
    await this.awaitEvent(type, fieldRows(table));
  }),
);

Then(
  "session {word} receives {word} with:",
  step(async function (this: CtipsWorld, name: string, type: string, table: DataTable) {
    await this.awaitEvent(type, fieldRows(table), name);
  }),
);

async function expectNone(
  world: CtipsWorld,
  sessionName: string,
  type: string | undefined,
  ms: number,
): Promise<void> {
  const s = world.session(sessionName);
  const since = world.client!.timeline.length;
  await new Promise((r) => setTimeout(r, ms));
  const got = s
    .events({ since })
    .filter((e) => type === undefined || e.name === type || e.eventType === type);
  if (got.length)
    throw new Error(
      `expected no ${type ?? "event"} within ${ms} ms, got ${got.map((e) => `#${e.seq} ${e.name}`).join(", ")}`,
    );
}

Then(
  "the session receives no {word} within {int} ms",
  step(async function (this: CtipsWorld, type: string, ms: number) {
    await expectNone(this, "default", type === "events" ? undefined : type, ms);
  }),
);

Then(
  "session {word} receives no {word} within {int} ms",
  step(async function (this: CtipsWorld, name: string, type: string, ms: number) {
    await expectNone(this, name, type === "events" ? undefined : type, ms);
  }),
);

/**
 * A flow table (docs/checks.md): the session's events must follow it, waiting up to the
 * event timeout for the last step. Variables bound in the scenario ($call, $r) are known.
 */
Then(
  "the session receives, in order:",
  step(async function (this: CtipsWorld, table: DataTable) {
    await this.awaitFlow("scenario flow", table.raw());
  }),
);

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

/**
 * The guide's field table as data: | field | wire type | rule |. The rule column:
 * `any` (present, of its type), `= X` (equals X: a value or $var), `≠ X`, `> N`, `>= N`,
 * `one of A, B`, `non-empty`.
 */
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

Then(
  "the {word} event has the fields:",
  step(async function (this: CtipsWorld, type: string, table: DataTable) {
    const entry =
      this.lastEvent && (this.lastEvent.name === type || this.lastEvent.eventType === type)
        ? this.lastEvent
        : await this.waitForEvent(type);
    const info = contract().eventInfo(entry.eventType ?? type);
    if (!info) throw new Error(`${type} is not an event type`);
    const value = entry.payload as Record<string, unknown>;
    const problems: string[] = [];
    const [header, ...rows] = table.raw();
    const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
    const [fi, ti, ri] = [col("field"), col("wire type"), col("rule")];
    for (const row of rows) {
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
      if (!typeOk(member.type, v))
        problems.push(`${field}: ${JSON.stringify(v)} is not a ${member.typeText}`);
      const why = ri >= 0 ? checkFieldRule(this, v, row[ri] ?? "") : undefined;
      if (why) problems.push(`${field} ${why}`);
    }
    if (problems.length) throw new Error(`${info.name} (#${entry.seq}):\n  ${problems.join("\n  ")}`);
  }),
);
