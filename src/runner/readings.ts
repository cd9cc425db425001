/**
 * The kit's readings of the guide: places where the EDK guide is silent or contradicts
 * itself and the kit had to choose what to expect. A scenario tagged `@reading:<id>`, a
 * flow-table row with `<id>` in its `reading` column, or a field row with `reading:<id>`
 * in its third cell asserts a reading: when it does not hold, the run reports a warning
 * naming the reading instead of a failure (`--strict-readings` makes it one). Everything
 * else in the features is normative: the guide (or the WCF wire contract) says so.
 *
 * The lists in src/runner/readings/ are the single source of docs/readings.md (`npx tsx
 * tools/readings-doc.ts` writes it; a test keeps the two in step, and checks that every id
 * the features and the check catalogue use is listed, and every listed id is used).
 */
import { KitError } from "../contract/errors.ts";
import { CLIENT_READINGS } from "./readings/client.ts";
import { COMMON_READINGS } from "./readings/common.ts";
import { EVENTS_READINGS } from "./readings/events.ts";
import { FLOWS_READINGS } from "./readings/flows.ts";
import type { Reading } from "./readings/reading.ts";
import { REQUESTS_READINGS } from "./readings/requests.ts";
import { SESSION_READINGS } from "./readings/session.ts";

export type { Reading } from "./readings/reading.ts";

/** Every reading, by id. Add one to its area's list (src/runner/readings/) before tagging a scenario with it. */
export const READINGS: readonly Reading[] = [
  ...COMMON_READINGS,
  ...REQUESTS_READINGS,
  ...EVENTS_READINGS,
  ...FLOWS_READINGS,
  ...SESSION_READINGS,
  ...CLIENT_READINGS,
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
