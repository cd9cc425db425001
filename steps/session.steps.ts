import { type DataTable, Given, Then, When } from "@cucumber/cucumber";
import { pairs, step } from "./support.ts";
import type { CtipsWorld } from "./world.ts";

Given(
  "a session subscribed to {string}",
  step(async function (this: CtipsWorld, categories: string) {
    await this.openSession("default", { categories: this.categories(categories) });
  }),
);

Given(
  "session {word} subscribed to {string}",
  step(async function (this: CtipsWorld, name: string, categories: string) {
    await this.openSession(name, { categories: this.categories(categories) });
  }),
);

Given(
  "a session subscribed to {string} with the filters:",
  step(async function (this: CtipsWorld, categories: string, table: DataTable) {
    const filters = pairs(table).map(([fieldType, value]) => ({
      fieldType: fieldType.trim(),
      value: String(this.value(value)),
    }));
    await this.openSession("default", { categories: this.categories(categories), filters });
  }),
);

Given(
  "session {word} subscribed to {string} with the filters:",
  step(async function (this: CtipsWorld, name: string, categories: string, table: DataTable) {
    const filters = pairs(table).map(([fieldType, value]) => ({
      fieldType: fieldType.trim(),
      value: String(this.value(value)),
    }));
    await this.openSession(name, { categories: this.categories(categories), filters });
  }),
);

Given(
  "a session that is not yet online",
  step(async function (this: CtipsWorld) {
    await this.openSession("default", { categories: [], online: false });
  }),
);

When(
  "the session goes {word}",
  step(async function (this: CtipsWorld, what: string) {
    const s = this.session();
    this.last =
      what === "offline" ? await s.offline() : what === "online" ? await s.online() : await s.close();
  }),
);

When(
  "the session is closed",
  step(async function (this: CtipsWorld) {
    this.last = await this.session().close();
  }),
);

Then(
  "the target called StartSession with the session's id",
  step(async function (this: CtipsWorld) {
    const id = this.session().sessionId;
    const e = await this.client!.timeline.waitFor(
      (x) => x.kind === "startSession" && x.session === id,
      this.parameters.eventTimeoutMs,
      {
        what: `StartSession for ${id}`,
      },
    );
    if ((e.payload as { sessionId?: string }).sessionId !== id)
      throw new Error(`StartSession named ${JSON.stringify(e.payload)}`);
  }),
);

Then(
  "the target sends a heartbeat for the session within {int} ms",
  step(async function (this: CtipsWorld, ms: number) {
    const id = this.session().sessionId;
    await this.client!.timeline.waitFor((x) => x.kind === "heartbeat" && x.session === id, ms, {
      what: `a heartbeat for ${id}`,
    });
  }),
);
