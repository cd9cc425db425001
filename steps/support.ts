/** Shared glue for step definitions: skips, harness faults and table helpers. */
import type { DataTable } from "@cucumber/cucumber";
import { isKitError } from "../src/contract/errors.ts";
import type { Note } from "../src/runner/notes.ts";
import { type CtipsWorld, type FieldRow, SkipScenario } from "./world.ts";

/**
 * Errors that are the kit's, not the target's: a scenario naming something unknown, a
 * check without its inputs, a trigger that failed, a value the kit cannot encode. The
 * scenario is reported as a harness fault, never as the target failing.
 */
const HARNESS_CODES = new Set([
  "CTIPSKIT_E_CHECK_INPUT",
  "CTIPSKIT_E_TRIGGER_UNAVAILABLE",
  "CTIPSKIT_E_CONFIG_INVALID",
  "CTIPSKIT_E_USAGE",
  "CTIPSKIT_E_UNKNOWN_TYPE",
  "CTIPSKIT_E_UNKNOWN_OPERATION",
  "CTIPSKIT_E_ENCODE_INVALID_VALUE",
  "CTIPSKIT_E_ILLEGAL_STATE",
  "CTIPSKIT_E_LISTEN",
  "CTIPSKIT_E_WSDL",
]);

/**
 * Wraps a step body: a SkipScenario becomes Cucumber's "skipped" with the reason noted,
 * so an unavailable trigger never passes and never fails a scenario; an error of the kit
 * is noted as a harness fault before it fails the step.
 */
export function step<A extends unknown[], W extends { note(n: Note): void } = CtipsWorld>(
  fn: (this: W, ...args: A) => Promise<unknown> | unknown,
) {
  const wrapped = async function (this: W, ...args: A): Promise<unknown> {
    try {
      await fn.apply(this, args);
      return undefined;
    } catch (err) {
      if (err instanceof SkipScenario) {
        this.note({ kind: "skip", reason: err.message });
        return "skipped";
      }
      if (isKitError(err) && HARNESS_CODES.has(err.code))
        this.note({
          kind: "harness",
          code: err.code,
          message: `${err.message}${err.fix ? ` (${err.fix})` : ""}`,
        });
      throw err;
    }
  };
  // Cucumber checks a step function's arity against its expression's parameters.
  Object.defineProperty(wrapped, "length", { value: fn.length });
  return wrapped;
}

/** A two-column table `| field | value |` (with or without a header row named field/value). */
export function pairs(table: DataTable): string[][] {
  const rows = table.raw();
  const [first] = rows;
  if (first && first[0].trim().toLowerCase() === "field") return rows.slice(1);
  return rows;
}

/**
 * A field table whose rows may carry a third cell `reading:<id>`: that row is the kit's
 * reading, not the guide's word (docs/readings.md).
 */
export function fieldRows(table: DataTable): FieldRow[] {
  return pairs(table).map(([field, value, third]) => {
    const t = (third ?? "").trim();
    if (t !== "" && !t.startsWith("reading:"))
      throw new Error(`the third cell of a field row names a reading (reading:<id>), not '${t}'`);
    return { field: field.trim(), value, reading: t ? t.slice("reading:".length).trim() : undefined };
  });
}
