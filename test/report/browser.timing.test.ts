/**
 * The report as a person reads it: a certification run with a failing flow (the mock with a
 * fault switch), its Allure HTML built and served, headless Chromium on the failing
 * scenario's page (its pictures listed), its sequence diagram with the red row of the flow
 * that went wrong, a heartbeat scenario's chart and a correlation table; a screenshot of
 * each under reports/screenshots/. Needs Java 17 and Chromium (.ci/run installs both).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { javaVersion } from "../../src/runner/report.ts";
import { chromiumPath, reportScreenshots } from "../../tools/report-screenshots.ts";

const missing = [!javaVersion() && "Java (Allure)", !chromiumPath() && "Chromium"]
  .filter(Boolean)
  .join(" and ");
if (missing) {
  // CI installs both (.ci/run sets CTIPS_KIT_REQUIRE_BROWSER): there, a missing one is a failure.
  if (process.env.CTIPS_KIT_REQUIRE_BROWSER) throw new Error(`the report browser test needs ${missing}`);
  console.log(`skipped: the report browser test needs ${missing}`);
}

describe.skipIf(missing !== "")("the Allure report in a browser", () => {
  it("shows the failing scenario's pictures: the sequence diagram's red row, a heartbeat chart, a correlation table", async () => {
    const found = await reportScreenshots({
      outDir: join(import.meta.dirname, "..", "..", "reports", "screenshots"),
    });
    expect(found.failingPageShowsPictures).toBe(true);
    expect(found.redRows).toBeGreaterThan(0);
    expect(found.matchedRows).toBeGreaterThan(0);
    expect(found.heartbeatIntervals).toBeGreaterThan(0);
    expect(found.correlationRows).toBeGreaterThan(0);
    expect(found.screenshots).toHaveLength(4);
  }, 240_000);
});
