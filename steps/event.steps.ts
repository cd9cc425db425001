import { type DataTable, Then } from "@cucumber/cucumber";
import { fieldRows, step } from "./support.ts";
import { judgeFieldTable } from "./world/field-table.ts";
import type { CtipsWorld } from "./world.ts";

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

/** The guide's field table: `| field | wire type | rule | reading |` (steps/world/field-table.ts). */
Then(
  "the {word} event has the fields:",
  step(async function (this: CtipsWorld, type: string, table: DataTable) {
    const entry =
      this.lastEvent && (this.lastEvent.name === type || this.lastEvent.eventType === type)
        ? this.lastEvent
        : await this.waitForEvent(type);
    judgeFieldTable(this, entry, type, table.raw());
  }),
);
