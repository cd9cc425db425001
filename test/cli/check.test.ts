/**
 * `ctips-kit check` as a user runs it (a child process): the verdicts and exit codes on a
 * clean recording and on one with a fault, the role it judges, the parameters it infers,
 * the reports it writes, a torn last line, and every way a capture or the command line can
 * be unusable (exit 2 with a message that says so).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CaptureReport } from "../../src/runner/check-capture.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { fixture as duplicateEvents } from "../checks/fixtures/faults/duplicate-events.ts";
import { HEARTBEAT_MS, standardRecording } from "../checks/fixtures/faults/recording.ts";
import { runKit } from "../support/processes.ts";

const dir = mkdtempSync(join(tmpdir(), "ctips-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(name: string, entries: readonly TimelineEntry[], tail = ""): string {
  const file = join(dir, name);
  writeFileSync(file, `${entries.map((e) => `${JSON.stringify(e)}\n`).join("")}${tail}`);
  return file;
}

const clean = capture("clean.jsonl", standardRecording());
const faulty = capture("duplicate-events.jsonl", duplicateEvents.record(true));

function report(reports: string): CaptureReport {
  return JSON.parse(readFileSync(join(reports, "check.json"), "utf8")) as CaptureReport;
}

describe("ctips-kit check on a capture", () => {
  it("passes a clean recording (exit 0), says what it inferred, and writes check.json and a JUnit file", async () => {
    const reports = join(dir, "clean");
    const r = await runKit(["check", clean, "--role", "server", "--reports", reports]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`heartbeat interval \\(ms\\) +${HEARTBEAT_MS} +\\(inferred: median of`),
    );
    expect(r.stdout).toMatch(/PASS +callLifecycleEventsOccurOnce \[EDK 4-21\]/);
    expect(r.stdout).toMatch(/^sequencing$/m);
    expect(r.stdout).toMatch(/checks: \d+ — \d+ passed, 0 failed/);
    const json = report(reports);
    expect(json.exitCode).toBe(0);
    expect(json.checks.every((c) => c.judges !== "client")).toBe(true);
    const junit = readFileSync(join(reports, "check-junit.xml"), "utf8");
    expect(junit).toMatch(/<testsuites name="ctips-kit check \(server\)" tests="\d+" failures="0"/);
    for (const c of json.checks) expect(junit).toContain(`name="${c.check}"`);
  });

  it("fails a recording with duplicated events (exit 1), naming the checks, their clauses and the evidence", async () => {
    const reports = join(dir, "faulty");
    const r = await runKit(["check", faulty, "--reports", reports]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAIL +callLifecycleEventsOccurOnce \[EDK 4-21\]\n +failure: .*expected one CallEnd, got 2 \(evidence #\d+, #\d+\)/,
    );
    expect(r.stdout).toMatch(/FAIL +onlyCallCompletedFollowsCallEnd \[EDK 4-16\]/);
    const json = report(reports);
    expect(json.checks.find((c) => c.check === "callLifecycleEventsOccurOnce")).toMatchObject({
      status: "failed",
      area: "sequencing",
      judges: "server",
    });
    expect(readFileSync(join(reports, "check-junit.xml"), "utf8")).toMatch(
      /name="callLifecycleEventsOccurOnce"[^>]*><failure message="call 101/,
    );
  });

  it("does not blame the client for the server's fault (--role client exits 0)", async () => {
    const r = await runKit(["check", faulty, "--role", "client", "--reports", join(dir, "client")]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("callLifecycleEventsOccurOnce");
    expect(r.stdout).toMatch(/judging the client's side \(--role client\)/);
  });

  it("reports a torn last line and judges the rest", async () => {
    const torn = '{"seq":999,"monoNs":1,"kind":"ev';
    const entries = standardRecording();
    const file = capture("torn.jsonl", entries, torn);
    const r = await runKit(["check", file, "--role", "server", "--reports", join(dir, "torn")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `its last line (${entries.length + 1}, ${torn.length} bytes) is torn and left out`,
    );
    expect(report(join(dir, "torn")).capture).toMatchObject({
      entries: entries.length,
      torn: { bytes: torn.length },
    });
  });

  it("takes the heartbeat interval given instead of inferring it, and fails heartbeats that keep another", async () => {
    const r = await runKit(["check", clean, "--heartbeat-ms", "300", "--reports", join(dir, "given")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/heartbeat interval \(ms\) +300 +\(given/);
    expect(r.stdout).toMatch(/FAIL +heartbeatsKeepTheConfiguredInterval/);
  });
});

describe("ctips-kit check refuses what it cannot read (exit 2)", () => {
  it.each([
    [
      "a capture that does not exist",
      () => [join(dir, "nope.jsonl")],
      /CTIPSKIT_E_TIMELINE_IO: cannot read the capture .*nope\.jsonl/,
    ],
    [
      "a capture that is not JSONL",
      () => [capture("garbage.jsonl", [], "PK\u0003\u0004 binary junk\nmore\n")],
      /CTIPSKIT_E_TIMELINE_PARSE: .*garbage\.jsonl:1 is not valid JSON/,
    ],
    [
      "an empty capture",
      () => [capture("empty.jsonl", [])],
      /CTIPSKIT_E_CHECK_INPUT: the capture .* has no entries/,
    ],
    [
      "a capture of one torn line",
      () => [capture("one-torn.jsonl", [], '{"seq":0,')],
      /CTIPSKIT_E_CHECK_INPUT: .* has no complete entry/,
    ],
    ["no capture", () => [], /CTIPSKIT_E_USAGE: ctips-kit check needs exactly one CAPTURE file/],
    [
      "an unknown role",
      () => [clean, "--role", "judge"],
      /CTIPSKIT_E_USAGE: --role must be server, client or both/,
    ],
    ["--strict with --compatible", () => [clean, "--strict", "--compatible"], /exclude each other/],
    ["an unknown flag", () => [clean, "--fast"], /CTIPSKIT_E_USAGE: .*Unknown option '--fast'/],
    [
      "a bad number",
      () => [clean, "--heartbeat-ms", "soon"],
      /--heartbeat-ms must be a positive whole number/,
    ],
  ])("%s", async (_what, args, message) => {
    const r = await runKit(["check", ...args(), "--reports", join(dir, "refused")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});
