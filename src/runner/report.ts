/**
 * Builds the Allure HTML report from the results a certification run wrote, with
 * allure-commandline (which needs Java). Returns what happened; the CLI prints it.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { KitError } from "../contract/errors.ts";
import { ROOT } from "./certify.ts";

export interface ReportOptions {
  resultsDir?: string;
  outputDir?: string;
  /** The java executable (tests point it at a missing one). */
  java?: string;
  /**
   * A previous report's `history/` folder, copied into the results before generating so
   * Allure draws trends across runs; default: the output directory's own, when it exists.
   * `false`: none.
   */
  history?: string | false;
}

export function javaVersion(java = "java"): string | undefined {
  const r = spawnSync(java, ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return undefined;
  return (r.stderr || r.stdout).split("\n")[0]?.trim();
}

export async function buildAllureReport(
  o: ReportOptions = {},
): Promise<{ outputDir: string; results: number; history?: string }> {
  const resultsDir = o.resultsDir ?? join(ROOT, "reports", "allure-results");
  const outputDir = o.outputDir ?? join(ROOT, "reports", "allure-report");
  const java = o.java ?? "java";
  if (
    !existsSync(resultsDir) ||
    readdirSync(resultsDir).filter((f) => f.endsWith("-result.json")).length === 0
  ) {
    throw new KitError("CTIPSKIT_E_REPORT", `no Allure results in ${resultsDir}`, {
      fix: "run `npx ctips-kit certify server` first",
    });
  }
  if (!javaVersion(java)) {
    throw new KitError("CTIPSKIT_E_REPORT", "Allure needs Java, and no `java` was found on PATH", {
      fix: "install Java 17 (Debian: apt-get install -y openjdk-17-jre-headless); the JUnit XML in reports/ needs no Java",
    });
  }
  const history = o.history === false ? undefined : (o.history ?? join(outputDir, "history"));
  const used = history && existsSync(history) ? history : undefined;
  if (used) cpSync(used, join(resultsDir, "history"), { recursive: true });
  else if (o.history)
    throw new KitError("CTIPSKIT_E_REPORT", `no history folder at ${o.history}`, {
      fix: "give the history/ folder of a report built before (reports/allure-report/history)",
    });
  const allure = join(ROOT, "node_modules", "allure-commandline", "dist", "bin", "allure");
  const results = readdirSync(resultsDir).filter((f) => f.endsWith("-result.json")).length;
  await new Promise<void>((resolve, reject) => {
    const env = { ...process.env, ...(o.java && o.java !== "java" ? { JAVA_HOME: "" } : {}) };
    const child = spawn(allure, ["generate", resultsDir, "-o", outputDir, "--clean"], {
      stdio: ["ignore", "pipe", "pipe"],
      env,
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", (e) =>
      reject(new KitError("CTIPSKIT_E_REPORT", `allure could not start: ${e.message}`)),
    );
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new KitError("CTIPSKIT_E_REPORT", `allure generate exited ${code}: ${err.trim()}`)),
    );
  });
  return { outputDir, results, history: used };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".jsonl": "application/x-ndjson",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
};

/**
 * Serves a built report (or any static folder) on a loopback address until closed: Allure's
 * HTML loads its data with requests a browser refuses to make from file:// URLs.
 */
export async function serveReport(
  dir: string,
  o: { host?: string; port?: number } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const root = resolve(dir);
  if (!existsSync(join(root, "index.html")))
    throw new KitError("CTIPSKIT_E_REPORT", `no report at ${root} (index.html is missing)`, {
      fix: "build it first: npx ctips-kit report",
    });
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", (e) =>
      fail(
        new KitError("CTIPSKIT_E_LISTEN", `cannot serve the report: ${(e as Error).message}`, { cause: e }),
      ),
    );
    server.listen(o.port ?? 0, o.host ?? "127.0.0.1", ok);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://${o.host ?? "127.0.0.1"}:${port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
