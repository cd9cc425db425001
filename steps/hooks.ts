/**
 * Hooks: scenario isolation on any target. No reset of any kind: each scenario's
 * teardown undoes what it changed through the protocol and the triggers (World.teardown),
 * and when a teardown could not finish, the next scenario first brings the site back to
 * its known start state, or is reported as a harness fault naming what is left.
 * @see docs/certify.md ("Isolation and preflight")
 */
import { After, Before, setDefaultTimeout, setWorldConstructor } from "@cucumber/cucumber";
import { request } from "undici";
import { restoreSite } from "../src/runner/site-state.ts";
import { createTriggers } from "../src/runner/triggers.ts";
import { clientFor } from "../src/runner/target-client.ts";
import { CtipsWorld } from "./world.ts";

setWorldConstructor(CtipsWorld);
// Steps wait on their own event timeouts; this only bounds a step that hangs.
setDefaultTimeout(60_000);

/** Set when a teardown left the site changed: the next scenario restores it first. */
let siteDirty: string | undefined;

/**
 * A scenario that needs a trigger the target has no command for (its @trigger:<name>
 * tags), or a role the site profile does not name ("the routed service", "agent C"), is
 * skipped with the reason before it sends anything: on a slow target every request counts.
 */
Before(function (this: CtipsWorld, { pickle }) {
  const why = this.cannotRun(pickle);
  if (!why) return undefined;
  this.note({ kind: "skip", reason: why });
  return "skipped";
});

Before({ tags: "@mock-only" }, function (this: CtipsWorld) {
  if (!this.parameters.target.controlUrl) {
    this.note({ kind: "skip", reason: "@mock-only scenarios need the kit's mock (fault injection)" });
    return "skipped";
  }
  return undefined;
});

Before(async function (this: CtipsWorld) {
  if (!siteDirty) return;
  const p = this.parameters;
  const client = await clientFor(p);
  try {
    const report = await restoreSite({
      client,
      site: p.site,
      triggers: createTriggers(p.triggers),
      waitMs: p.eventTimeoutMs,
      quietMs: p.quietMs,
      budgetMs: p.teardownTimeoutMs,
    });
    if (report.remaining.length) {
      this.note({
        kind: "harness",
        code: "CTIPSKIT_E_TEARDOWN",
        message: `an earlier scenario left the site changed (${siteDirty}) and it could not be restored: ${report.remaining.join("; ")}`,
      });
      throw new Error(`the site is not in its start state: ${report.remaining.join("; ")}`);
    }
    siteDirty = undefined;
  } finally {
    await client.close().catch(() => undefined);
  }
});

Before(async function (this: CtipsWorld) {
  const { injectFaults } = this.parameters;
  const control = this.parameters.target.controlUrl;
  if (!injectFaults?.length || !control) return;
  for (const f of injectFaults) {
    const res = await request(`${control}/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(f),
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) throw new Error(`could not inject ${f.name}: ${text}`);
    this.changes.faults.push(String((JSON.parse(text) as { id: string | number }).id));
  }
});

After(async function (this: CtipsWorld) {
  const entries = this.timeline;
  if (entries.length) {
    // The scenario's timeline excerpt, for the report's pictures and tables (payloads kept,
    // raw XML left out); the Allure results attach the file itself only when it did not pass.
    this.attach(entries.map((e) => JSON.stringify({ ...e, raw: undefined })).join("\n"), {
      mediaType: "application/x-ndjson",
      fileName: "timeline.jsonl",
    });
  }
  // Faults the self-test injected go first: they would disturb the teardown's own requests.
  const control = this.parameters.target.controlUrl;
  for (const id of this.changes.faults) {
    const res = await request(`${control}/faults/${id}`, { method: "DELETE" });
    await res.body.text();
  }
  if (this.parameters.resetEachScenario && control) {
    await this.client?.close().catch(() => undefined);
    const res = await request(`${control}/reset`, { method: "POST" });
    await res.body.text();
    return;
  }
  const note = await this.teardown();
  this.note(note);
  if (!note.ok) siteDirty = note.message;
});
