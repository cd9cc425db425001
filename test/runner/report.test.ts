import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { request } from "undici";
import { buildAllureReport, javaVersion, serveReport } from "../../src/runner/report.ts";

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

  it.skipIf(!javaVersion())(
    "keeps the trends: a second build starts from the first one's history",
    async () => {
      const dir = results();
      const o = { resultsDir: join(dir, "results"), outputDir: join(dir, "html") };
      expect((await buildAllureReport(o)).history).toBeUndefined();
      const second = await buildAllureReport(o);
      expect(second.history).toBe(join(dir, "html", "history"));
      expect(existsSync(join(dir, "results", "history", "history.json"))).toBe(true);
      await expect(buildAllureReport({ ...o, history: join(dir, "nope") })).rejects.toMatchObject({
        code: "CTIPSKIT_E_REPORT",
        message: expect.stringContaining("no history folder"),
      });
    },
    120_000,
  );

  it("serves a report on loopback: its files, 404 for others, nothing outside it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ctips-serve-"));
    mkdirSync(join(dir, "report", "data"), { recursive: true });
    writeFileSync(join(dir, "report", "index.html"), "<html>report</html>");
    writeFileSync(join(dir, "report", "data", "x.json"), "{}");
    writeFileSync(join(dir, "secret.txt"), "no");
    const server = await serveReport(join(dir, "report"));
    try {
      const get = async (path: string) => {
        const res = await request(new URL(path, server.url));
        return { status: res.statusCode, type: res.headers["content-type"], body: await res.body.text() };
      };
      expect(await get("/")).toMatchObject({ status: 200, body: "<html>report</html>" });
      expect(await get("/data/x.json")).toMatchObject({ status: 200, type: "application/json" });
      expect((await get("/missing.js")).status).toBe(404);
      expect((await get("/..%2Fsecret.txt")).status).not.toBe(200);
    } finally {
      await server.close();
    }
    await expect(serveReport(join(dir, "nothing"))).rejects.toMatchObject({ code: "CTIPSKIT_E_REPORT" });
  });
});

if (!javaVersion()) console.warn("skipping the Allure HTML test: no java on PATH (CI installs Java 17)");
