/**
 * The kit's readings of the guide: places where the EDK guide is silent or contradicts
 * itself and the kit had to choose what to expect. A scenario tagged `@reading:<id>`, a
 * flow-table row with `<id>` in its `reading` column, or a field row with `reading:<id>`
 * in its third cell asserts a reading: when it does not hold, the run reports a warning
 * naming the reading instead of a failure (`--strict-readings` makes it one). Everything
 * else in the features is normative: the guide (or the WCF wire contract) says so.
 *
 * This table is the single source of docs/readings.md (`npx tsx tools/readings-doc.ts`
 * writes it; a test keeps the two in step and checks every id the features use is here).
 */
import { KitError } from "../contract/errors.ts";

export interface Reading {
  /** Stable id, used in tags (`@reading:fault-error-code`) and tables. */
  id: string;
  /** The expectation, in a sentence. */
  title: string;
  /** What the guide says (or does not), with its clauses. */
  guide: string;
  /** Where the kit's docs discuss it (a page and anchor under docs/). */
  see: string;
}

const r = (id: string, title: string, guide: string, see: string): Reading => ({ id, title, guide, see });

/** Every reading, by id. Add one here before tagging a scenario with it. */
export const READINGS: readonly Reading[] = [
  r(
    "fault-error-code",
    "a request refused outright names the FaultErrorCode the kit expects (InvalidSessionId for an unknown session, InvalidTenantId for another tenant, …)",
    "EDK 2-4 says a request rejected outright is answered by a fault 'containing a descriptive error message'; the guide names no FaultErrorCode for any case (the enum comes from the wire contract only)",
    "docs/certify.md#refusals",
  ),
  r(
    "failure-type",
    "a failure event names the CTIFailureType the kit expects for the situation (AgentAlreadyLoggedIn, InvalidStateForRequest, …)",
    "EDK A-12 lists the CTIFailureType values; no page says which one a CTIPS reports for which failure",
    "docs/flows.md#responses-faults-and-failure-events",
  ),
];

const byId = new Map(READINGS.map((x) => [x.id, x]));

/** The reading with this id; an unknown id is a fault of the features, not of the target. */
export function reading(id: string): Reading {
  const found = byId.get(id);
  if (!found)
    throw new KitError("CTIPSKIT_E_CHECK_INPUT", `unknown reading '${id}'`, {
      fix: `add it to READINGS in src/runner/readings.ts (known: ${[...byId.keys()].join(", ")})`,
    });
  return found;
}

/** The reading ids a scenario's tags name (`@reading:<id>`). */
export function readingTags(tags: readonly string[]): string[] {
  return tags.filter((t) => t.startsWith("@reading:")).map((t) => t.slice("@reading:".length));
}
