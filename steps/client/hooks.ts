/**
 * Hooks of the client certification: the World, the profile a scenario needs (a scenario
 * the client's profile does not include is skipped with the reason), and the tidying
 * after each scenario (faults off, links up, calls ended, the primary CTIPS back).
 */
import { After, Before, setDefaultTimeout, setWorldConstructor } from "@cucumber/cucumber";
import { ClientWorld } from "./world.ts";

setWorldConstructor(ClientWorld);
// Steps wait on the run's own timings; this only bounds a step that hangs.
setDefaultTimeout(120_000);

Before(function (this: ClientWorld, { pickle }) {
  const profiles = pickle.tags.map((t) => t.name).filter((t) => t.startsWith("@profile:"));
  const mine = `@profile:${this.parameters.profile}`;
  if (profiles.length === 0 || profiles.includes(mine)) return undefined;
  this.note({
    kind: "skip",
    reason: `the ${this.parameters.profile} profile does not grade this (it applies to ${profiles.map((p) => p.slice(9)).join(", ")})`,
  });
  return "skipped";
});

After(async function (this: ClientWorld) {
  const entries = this.scenarioTimeline;
  if (entries.length)
    // The scenario's timeline excerpt, for the report's pictures and tables (raw XML left out).
    this.attach(entries.map((e) => JSON.stringify({ ...e, raw: undefined })).join("\n"), {
      mediaType: "application/x-ndjson",
      fileName: "timeline.jsonl",
    });
  await this.tidy();
});
