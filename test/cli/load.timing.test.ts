/**
 * `ctips-kit load` as a user runs it (a child process): a small profile from flags and a
 * YAML config file runs to its report and exit 0 with no finding and nothing lost, writes
 * the JSON report and the memory chart it was asked for; a bad flag, a bad profile value and an argument it
 * does not take stop it at once with exit 2 and what to do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LoadReport } from "../../src/runner/load.ts";
import { runKit } from "../support/processes.ts";

const dir = mkdtempSync(join(tmpdir(), "ctips-load-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ctips-kit load", () => {
  it("runs a profile from a config file and flags, reports it and exits 0 with no finding and nothing lost", async () => {
    const config = join(dir, "profile.yaml");
    writeFileSync(
      config,
      [
        "agents: 12",
        "callsPerHour: 7200",
        "answerMs: 200",
        "talkMs: 800",
        "holdMs: 200",
        "wrapMs: 400",
        "heartbeatMs: 1000",
        "sampleS: 1",
      ].join("\n"),
    );
    const json = join(dir, "report.json");
    const chart = join(dir, "memory.svg");
    const r = await runKit([
      "load",
      "--config",
      config,
      "--duration",
      "3",
      "--warmup",
      "1",
      "--sessions",
      "4",
      "--json",
      json,
      "--chart",
      chart,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // The flags win over the file; the file over the defaults.
    expect(r.stdout).toMatch(
      /^profile: 12 agents on 4 services \(\+1 routed\), 7200 calls\/h for 3 s after 1 s of warm-up; 4 sessions$/m,
    );
    expect(r.stdout).toMatch(/^findings: 0$/m);
    expect(r.stderr).toMatch(/warm-up: 1 s at 7200 calls\/h/);
    const report = JSON.parse(readFileSync(json, "utf8")) as LoadReport;
    expect(report.profile.agents).toBe(12);
    expect(report.sessions).toHaveLength(4);
    expect(report.events.lost).toBe(0);
    expect(report.calls.created).toBeGreaterThan(0);
    expect(report.calls.completed).toBe(report.calls.created);
    // The memory chart: every sample of the report on its RSS line, the limit drawn.
    expect(r.stdout).toContain(`memory chart: ${chart}`);
    const svg = readFileSync(chart, "utf8");
    const rss = svg.slice(svg.indexOf('class="series-rss"'));
    expect(rss.slice(0, rss.indexOf("</g>")).match(/<circle/g)).toHaveLength(report.memory.samples.length);
    expect(svg).toContain('class="rss-limit"');
  }, 120_000);

  it.each([
    [["--agents", "many"], /CTIPSKIT_E_USAGE: --agents must be a number, got 'many'/],
    [["--sessions", "11"], /CTIPSKIT_E_CONFIG_INVALID: .*sessions must be between 3 and 10, got 11/],
    [["--frobnicate", "1"], /CTIPSKIT_E_USAGE: .*frobnicate/],
    [["extra"], /ctips-kit load takes no arguments, got 'extra'/],
  ])("stops at once on %j with exit 2 and what is wrong", async (args, message) => {
    const r = await runKit(["load", ...args], { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toMatch(/^profile:/m);
  });
});
