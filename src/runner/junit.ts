/**
 * JUnit XML of a certification run, for CI servers. One `<testsuite>` per area for the
 * normative scenarios (the guide says so) and one per area for the kit's readings, so a
 * CI page shows them apart. JUnit has no "warning": a reading that did not hold is a
 * `<skipped>` whose message starts with "reading" (a `<failure>` under --strict-readings,
 * when its status is failed), a harness fault is an `<error>`, a waived failure a
 * `<skipped>` starting with "waived".
 */
import type { ScenarioResult } from "./results.ts";

const esc = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    // XML 1.0 forbids most control characters even escaped.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

function readingText(s: ScenarioResult): string {
  return s.readingNotes.map((n) => `reading ${n.reading} did not hold: ${n.message}`).join("\n");
}

function testcase(s: ScenarioResult): string {
  const head = `    <testcase classname="${esc(`${s.uri}`)}" name="${esc(s.name)}" time="${(s.durationMs / 1000).toFixed(3)}"`;
  const where = s.failedStep ? `${s.failedStep}: ` : "";
  let body = "";
  switch (s.status) {
    case "failed":
      body = `<failure message="${esc(`${where}${firstLine(s.message)}`)}" type="${s.kind === "reading" ? "reading" : "normative"}">${esc(s.message ?? "")}</failure>`;
      break;
    case "harness":
      body = `<error message="${esc(`${where}${firstLine(s.message)}`)}" type="harness">${esc(s.message ?? "")}</error>`;
      break;
    case "reading":
      body = `<skipped message="${esc(firstLine(readingText(s)))}"/><system-out>${esc(readingText(s))}</system-out>`;
      break;
    case "waived":
      body = `<skipped message="${esc(`waived: ${s.waiver ?? ""}`)}"/>`;
      break;
    case "skipped":
      body = `<skipped message="${esc(`skipped: ${s.skipReason ?? ""}`)}"/>`;
      break;
    case "passed":
      break;
  }
  if (s.teardownFault && s.status !== "harness")
    body += `<system-err>${esc(`teardown: ${s.teardownFault}`)}</system-err>`;
  return body ? `${head}>${body}</testcase>` : `${head}/>`;
}

function firstLine(text?: string): string {
  const line = (text ?? "").split("\n")[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export function junitXml(scenarios: readonly ScenarioResult[], suiteName: string): string {
  const groups = new Map<string, ScenarioResult[]>();
  for (const s of scenarios) {
    const key = s.kind === "reading" ? `${s.area} — readings (the kit's choices; warnings)` : `${s.area}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const suites = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => {
      const count = (f: (s: ScenarioResult) => boolean) => list.filter(f).length;
      const time = list.reduce((t, s) => t + s.durationMs, 0) / 1000;
      return [
        `  <testsuite name="${esc(`${suiteName}: ${name}`)}" tests="${list.length}" failures="${count((s) => s.status === "failed")}" errors="${count((s) => s.status === "harness")}" skipped="${count((s) => ["reading", "waived", "skipped"].includes(s.status))}" time="${time.toFixed(3)}">`,
        ...list.map(testcase),
        "  </testsuite>",
      ].join("\n");
    });
  const total = (f: (s: ScenarioResult) => boolean) => scenarios.filter(f).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(suiteName)}" tests="${scenarios.length}" failures="${total((s) => s.status === "failed")}" errors="${total((s) => s.status === "harness")}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
