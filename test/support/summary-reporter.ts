/**
 * Prints one plain closing line, `Tests: N passed, N failed` (and `, N skipped`), that CI
 * systems reading runner output understand whatever the runner.
 */
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      if (m.state() === "failed" && ![...m.children.allTests()].length) failed++;
    }
    const line = `Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
    // The default reporter prints its own summary after this hook; print ours last.
    process.once("exit", () => process.stdout.write(`\n${line}\n`));
  }
}
