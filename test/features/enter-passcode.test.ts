/**
 * The embedded mock's default topology bypasses the Gateway's 3-digit passcode; the
 * EnterPasscode feature turns the prompt on through the `gateway-passcode` trigger where
 * the target offers one (the mock's control plane). These runs prove the feature is alive
 * either way, and is skipped (never passed) where the passcode is bypassed and no trigger
 * can change it. @see EDK 4-7
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { register } from "tsx/esm/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTopology } from "../../src/mock-ctips/simulator/topology.ts";
import { certifyServer, ROOT } from "../../src/runner/certify.ts";

const reports = mkdtempSync(join(tmpdir(), "ctips-passcode-"));
// Cucumber imports the step definitions (steps/*.ts) itself, outside vitest's transform.
let unregister: (() => Promise<void>) | undefined;
beforeAll(() => {
  unregister = register();
});
afterAll(async () => {
  await unregister?.();
  rmSync(reports, { recursive: true, force: true });
});

function certifyPasscodeFeature(bypassPasscode: boolean, withTrigger = false) {
  return certifyServer({
    paths: [join(ROOT, "features/events/EnterPasscode.feature")],
    mock: { topology: { ...defaultTopology, gateway: { bypassPasscode } } },
    // Without the control plane as trigger, nothing can turn the prompt on.
    triggers: withTrigger ? undefined : { kind: "shell", commands: {} },
    reportsDir: reports,
  });
}

describe("the EnterPasscode feature", () => {
  it("passes against a mock whose Gateway asks agents for the passcode", async () => {
    const r = await certifyPasscodeFeature(false);
    expect(r.scenarios.map((s) => s.status)).toEqual(["passed", "passed"]);
  });

  it("passes against the default mock, turning the prompt on through its control plane", async () => {
    const r = await certifyPasscodeFeature(true, true);
    expect(r.scenarios.map((s) => s.status)).toEqual(["passed", "passed"]);
  });

  it("is skipped with the reason where the Gateway bypasses the passcode and no trigger can change it", async () => {
    const r = await certifyPasscodeFeature(true);
    expect(r.scenarios.map((s) => s.status)).toEqual(["skipped", "skipped"]);
    expect(r.scenarios[0].skipReason).toMatch(/bypasses the 3-digit passcode/);
  });
});
