/**
 * Builds the Allure HTML report from the results a certification run wrote, with
 * allure-commandline (which needs Java). Returns what happened; the CLI prints it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { KitError } from "../contract/errors.ts";
import { ROOT } from "./certify.ts";

export interface ReportOptions {
  resultsDir?: string;
  outputDir?: string;
  /** The java executable (tests point it at a missing one). */
  java?: string;
}

export function javaVersion(java = "java"): string | undefined {
  const r = spawnSync(java, ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return undefined;
  return (r.stderr || r.stdout).split("\n")[0]?.trim();
}

export async function buildAllureReport(
  o: ReportOptions = {},
): Promise<{ outputDir: string; results: number }> {
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
  return { outputDir, results };
}
