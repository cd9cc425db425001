/**
 * A certification run with a failing flow, its Allure HTML, and headless Chromium reading
 * it as a person would: the failing scenario's page with its sequence diagram (the red row
 * of the flow that went wrong), a heartbeat scenario's heartbeat chart, and a correlation
 * table, each found in the report and screenshotted. The browser test
 * (test/report/browser.timing.test.ts) asserts what it finds; run directly, it regenerates
 * the README's image:
 *
 *   npx tsx tools/report-screenshots.ts            # writes docs/images/report-*.png
 *
 * Needs Java 17 (Allure) and Chromium (Debian: chromium; CHROMIUM=/path overrides).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { certifyServer } from "../src/runner/certify.ts";
import { buildAllureReport, serveReport } from "../src/runner/report.ts";

export const CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The browser to drive, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  const given = process.env.CHROMIUM;
  if (given) return existsSync(given) ? given : undefined;
  return CHROMIUM_PATHS.find((p) => existsSync(p));
}

export interface Found {
  /** The failing flow scenario's page lists its pictures. */
  failingPageShowsPictures: boolean;
  /** Its sequence diagram has rows drawn as missing or out of order (red), and matched ones. */
  redRows: number;
  matchedRows: number;
  /** A heartbeat scenario's chart with its interval bars and tolerance band. */
  heartbeatIntervals: number;
  /** A correlation table with request rows. */
  correlationRows: number;
  screenshots: string[];
}

interface TestCase {
  uid: string;
  name: string;
  status: string;
  attachments: { name: string; source: string; type: string }[];
}

/** Every test case of a built Allure report, with its attachments (data/test-cases/*.json). */
function testCases(report: string): TestCase[] {
  const dir = join(report, "data", "test-cases");
  return readdirSync(dir).map((f) => {
    const tc = JSON.parse(readFileSync(join(dir, f), "utf8")) as {
      uid: string;
      name: string;
      status: string;
      testStage?: { attachments?: TestCase["attachments"] };
    };
    return { uid: tc.uid, name: tc.name, status: tc.status, attachments: tc.testStage?.attachments ?? [] };
  });
}

async function shoot(page: Page, file: string, selector?: string): Promise<string> {
  if (selector) {
    const el = await page.waitForSelector(selector, { timeout: 15_000 });
    await el?.screenshot({ path: file as `${string}.png` });
  } else await page.screenshot({ path: file as `${string}.png`, fullPage: true });
  return file;
}

/** Opens an SVG attachment as the page itself and counts the marks matching `selector`. */
async function svgMarks(page: Page, url: string, selector: string, shot?: string): Promise<number> {
  await page.goto(url, { waitUntil: "load" });
  if (shot) await shoot(page, shot, "svg");
  return page.$$eval(selector, (els) => els.length);
}

export async function reportScreenshots(o: { workDir?: string; outDir: string }): Promise<Found> {
  const chromium = chromiumPath();
  if (!chromium) throw new Error(`no Chromium found (${CHROMIUM_PATHS.join(", ")}; or set CHROMIUM)`);
  const work = o.workDir ?? mkdtempSync(join(tmpdir(), "ctips-report-shots-"));
  mkdirSync(o.outDir, { recursive: true });
  // E-2 with CallStarted held back behind CallOffered: the flow fails with a row out of order.
  const run = await certifyServer({
    tags: "@flow:E-2 or (@session and @EDK-4-1 and not @slow)",
    injectFaults: [{ name: "reorder-events", scope: { eventType: "CallStarted" } }],
    reportsDir: join(work, "reports"),
  });
  if (run.totals.failed === 0 || run.totals.harness > 0)
    throw new Error(
      `the run was meant to fail a flow and nothing else, and did not: ${JSON.stringify(run.totals)}`,
    );
  const report = join(work, "reports", "allure-report");
  await buildAllureReport({ resultsDir: run.reports.allureResults, outputDir: report, history: false });
  const cases = testCases(report);
  const failing = cases.find(
    (c) => c.status === "failed" && c.attachments.some((a) => a.name.startsWith("sequence diagram —")),
  );
  // A heartbeat scenario with something to see: misses and a disposal, if the run has one.
  const charted = cases.filter((c) => c.attachments.some((a) => a.name === "heartbeat chart"));
  const heartbeat = charted.find((c) => /faults every heartbeat/.test(c.name)) ?? charted[0];
  if (!failing || !heartbeat)
    throw new Error("the report has no failing flow scenario with a diagram, or no heartbeat chart");
  const attachment = (c: TestCase, name: (n: string) => boolean) => {
    const a = c.attachments.find((x) => name(x.name));
    if (!a) throw new Error(`${c.name} has no such attachment`);
    return `data/attachments/${a.source}`;
  };

  const server = await serveReport(report);
  let browser: Browser | undefined;
  const shots: string[] = [];
  try {
    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    // The failing scenario as a person finds it: its page in the report, pictures listed.
    await page.goto(`${server.url}#testresult/${failing.uid}`, { waitUntil: "networkidle0" });
    // Runs in the page, with its `document` (which this file's Node types do not know).
    const pageText = "document.body.textContent";
    await page.waitForFunction(`${pageText}.includes("sequence diagram")`, { timeout: 20_000 });
    const text = String(await page.evaluate(pageText));
    const failingPageShowsPictures = ["sequence diagram", "correlation table"].every((t) => text.includes(t));
    shots.push(await shoot(page, resolve(o.outDir, "report-failing-scenario.png")));
    const diagram = `${server.url}${attachment(failing, (n) => n.startsWith("sequence diagram —"))}`;
    const redRows = await svgMarks(
      page,
      diagram,
      ".flow-missing, .flow-out-of-order",
      resolve(o.outDir, "report-sequence-diagram.png"),
    );
    shots.push(resolve(o.outDir, "report-sequence-diagram.png"));
    await page.goto(diagram, { waitUntil: "load" });
    const matchedRows = await page.$$eval(".flow-matched", (els) => els.length);
    const heartbeatIntervals = await svgMarks(
      page,
      `${server.url}${attachment(heartbeat, (n) => n === "heartbeat chart")}`,
      ".hb-interval",
      resolve(o.outDir, "report-heartbeat-chart.png"),
    );
    shots.push(resolve(o.outDir, "report-heartbeat-chart.png"));
    const correlationRows = await svgMarks(
      page,
      `${server.url}${attachment(failing, (n) => n === "correlation table")}`,
      "[data-seq]",
      resolve(o.outDir, "report-correlation-table.png"),
    );
    shots.push(resolve(o.outDir, "report-correlation-table.png"));
    return {
      failingPageShowsPictures,
      redRows,
      matchedRows,
      heartbeatIntervals,
      correlationRows,
      screenshots: shots,
    };
  } finally {
    await browser?.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve(import.meta.dirname, "..", "docs", "images");
  const found = await reportScreenshots({ outDir: out });
  console.log(JSON.stringify(found, null, 2));
}
