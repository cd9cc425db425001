/**
 * A test runner that evaluates the kit's modules again for each test file, in one process
 * (vitest's forks with singleFork), must still run scenarios: Node runs the step files only
 * once per process, so the loaded step definitions are kept per process, not per module.
 * Regression: the browser test, run after the isolation test in CI's one timing process,
 * found every scenario of its run undefined ("the run was meant to fail a flow, and did not").
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

async function freshRun(): Promise<{ passed: number; total: number }> {
  vi.resetModules();
  const { certifyServer } = await import("../../src/runner/certify.ts");
  const r = await certifyServer({
    tags: "@request:OnLine",
    reportsDir: mkdtempSync(join(tmpdir(), "ctips-reload-")),
  });
  return { passed: r.totals.passed, total: r.totals.total };
}

describe("the step definitions, when the kit's modules are evaluated again in the same process", () => {
  it("are found by the second run as by the first", async () => {
    const first = await freshRun();
    expect(first.total).toBeGreaterThan(0);
    expect(first.passed).toBe(first.total);
    const second = await freshRun();
    expect(second).toEqual(first);
  }, 60_000);
});
