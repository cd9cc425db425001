import { After, Before, setDefaultTimeout, setWorldConstructor, Status } from "@cucumber/cucumber";
import { request } from "undici";
import { CtipsWorld } from "./world.ts";

setWorldConstructor(CtipsWorld);
// Steps wait on their own event timeouts; this only bounds a step that hangs.
setDefaultTimeout(60_000);

Before({ tags: "@mock-only" }, function (this: CtipsWorld) {
  if (!this.parameters.target.controlUrl) {
    this.attach("skipped: @mock-only scenarios need the kit's mock (fault injection)", "text/plain");
    return "skipped";
  }
  return undefined;
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
  }
});

After(async function (this: CtipsWorld, { result }) {
  const entries = this.timeline;
  if (entries.length && result?.status !== Status.PASSED) {
    // The scenario's timeline excerpt, for the report (payloads kept, raw XML left out).
    this.attach(entries.map((e) => JSON.stringify(e)).join("\n"), {
      mediaType: "application/x-ndjson",
      fileName: "timeline.jsonl",
    });
  }
  await this.cleanup();
  const control = this.parameters.target.controlUrl;
  if (control) {
    // Each scenario starts from the embedded topology: no sessions, agents logged out, no calls.
    const res = await request(`${control}/reset`, { method: "POST" });
    await res.body.text();
  }
});
