/** Shared glue for step definitions: skip handling and table helpers. */
import type { DataTable } from "@cucumber/cucumber";
import { SkipScenario, type CtipsWorld } from "./world.ts";

/**
 * Wraps a step body: a SkipScenario becomes Cucumber's "skipped" with the reason attached
 * to the report, so an unavailable trigger never passes and never fails a scenario.
 */
export function step<A extends unknown[]>(fn: (this: CtipsWorld, ...args: A) => Promise<unknown> | unknown) {
  const wrapped = async function (this: CtipsWorld, ...args: A): Promise<unknown> {
    try {
      await fn.apply(this, args);
      return undefined;
    } catch (err) {
      if (err instanceof SkipScenario) {
        this.attach(`skipped: ${err.message}`, "text/plain");
        return "skipped";
      }
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
