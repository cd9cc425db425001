import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildAllureReport, javaVersion } from "../../src/runner/report.ts";

const results = () => {
  const dir = mkdtempSync(join(tmpdir(), "ctips-allure-"));
  mkdirSync(join(dir, "results"));
  writeFileSync(
    join(dir, "results", "0001-result.json"),
    JSON.stringify({
      uuid: "0001",
      name: "OnLine succeeds",
      status: "passed",
      stage: "finished",
      start: 1,
      stop: 2,
      labels: [{ name: "feature", value: "OnLine" }],
    }),
  );
  return dir;
};

describe("ctips-kit report", () => {
  it("says what to do when there are no results", async () => {
    await expect(buildAllureReport({ resultsDir: join(tmpdir(), "nope-results") })).rejects.toMatchObject({
      code: "CTIPSKIT_E_REPORT",
      fix: expect.stringContaining("certify server"),
    });
  });

  it("says Java is missing, with how to install it", async () => {
    const dir = results();
    await expect(
      buildAllureReport({ resultsDir: join(dir, "results"), java: "/nonexistent/java" }),
    ).rejects.toMatchObject({
      code: "CTIPSKIT_E_REPORT",
      message: expect.stringContaining("needs Java"),
    });
  });

  it.skipIf(!javaVersion())(
    "builds the HTML from Allure results",
    async () => {
      const dir = results();
      const r = await buildAllureReport({ resultsDir: join(dir, "results"), outputDir: join(dir, "html") });
      expect(r.results).toBe(1);
      expect(existsSync(join(dir, "html", "index.html"))).toBe(true);
    },
    60_000,
  );
});

if (!javaVersion()) console.warn("skipping the Allure HTML test: no java on PATH (CI installs Java 17)");
