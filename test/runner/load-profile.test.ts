/** The load profile: validation in two stages, the generated topology and sessions, the check timings; the histogram; its documentation. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/errors.ts";
import { resolveMockConfig } from "../../src/mock-ctips/index.ts";
import { Histogram } from "../../src/runner/load-metrics.ts";
import {
  defaultLoadProfile,
  inShare,
  loadCheckTimings,
  loadTopology,
  ROUTED_SERVICE,
  resolveLoadProfile,
  sessionPlan,
} from "../../src/runner/load-profile.ts";

const problems = (f: () => unknown): string[] => {
  try {
    f();
  } catch (err) {
    if (isKitError(err) && err.code === "CTIPSKIT_E_CONFIG_INVALID") return err.details?.problems as string[];
    throw err;
  }
  throw new Error("expected CTIPSKIT_E_CONFIG_INVALID");
};

describe("the load profile", () => {
  it("defaults to the issue's target: 500 agents, 36,000 calls an hour, 10 sessions", () => {
    expect(resolveLoadProfile()).toMatchObject({ agents: 500, callsPerHour: 36_000, sessions: 10 });
  });

  it("reports every bad field at once", () => {
    expect(
      problems(() =>
        resolveLoadProfile({
          source: "flags",
          value: { agents: 0, holdShare: 1.5, sessions: 11, bogus: 1 } as never,
        }),
      ),
    ).toEqual([
      "agents must be between 1 and 100000, got 0",
      "holdShare must be a share between 0 and 1, got 1.5",
      "sessions must be between 3 and 10, got 11",
      "bogus is not a load profile field",
    ]);
  });

  it("refuses a profile its agents cannot take, and sessions that leave no monitor", () => {
    expect(problems(() => resolveLoadProfile({ source: "flags", value: { agents: 50 } }))).toEqual([
      expect.stringMatching(/^50 agents cannot take 36000 calls an hour: about 2\d\d would be busy at once/),
    ]);
    expect(
      problems(() =>
        resolveLoadProfile({ source: "flags", value: { sessions: 4, slowSessions: 1, deadSessions: 1 } }),
      ),
    ).toEqual(["sessions 4 leave no monitor beside the desktop, the router and 2 misbehaving session(s)"]);
  });

  it("generates a topology the mock accepts: N agents over the services, a share answering through the desktop", () => {
    const p = resolveLoadProfile({
      source: "t",
      value: { agents: 50, callsPerHour: 3_600, acceptShare: 0.2 },
    });
    const t = loadTopology(p);
    expect(() => resolveMockConfig({ source: "t", value: { topology: t } })).not.toThrow();
    expect(t.agents).toHaveLength(50);
    expect(t.agents.filter((a) => a.responseRequired)).toHaveLength(10);
    expect(t.agents.filter((a) => a.autoAnswerMs === p.answerMs)).toHaveLength(40);
    expect(t.services.map((s) => s.serviceId)).toEqual([100, 101, 102, 103, ROUTED_SERVICE]);
    expect(t.services.at(-1)).toMatchObject({ externalRouting: true, rerouteServiceId: 100 });
  });

  it("spreads a share evenly and exactly", () => {
    const picked = Array.from({ length: 100 }, (_, n) => inShare(n, 0.3)).filter(Boolean);
    expect(picked).toHaveLength(30);
  });

  it("opens monitors first (the first sees everything but routing), the misbehaving sessions, and the desktop last", () => {
    const plan = sessionPlan({ ...defaultLoadProfile, slowSessions: 1, deadSessions: 1, silentSessions: 1 });
    expect(plan.map((s) => s.name)).toEqual([
      "monitor1",
      "monitor2",
      "monitor3",
      "monitor4",
      "monitor5",
      "router",
      "slow1",
      "dead1",
      "silent1",
      "desktop",
    ]);
    expect(plan[0]).toMatchObject({
      categories: ["EventCategoryAgent", "EventCategoryCall", "EventCategorySystem"],
      filters: [],
    });
    expect(plan.filter((s) => s.misbehaves).map((s) => s.role)).toEqual(["slow", "dead", "silent"]);
  });

  it("judges an entry only after every deadline the checks apply to it", () => {
    const t = loadCheckTimings(defaultLoadProfile);
    for (const deadline of [
      t.answerWithinMs,
      t.reactWithinMs,
      t.snapshotWithinMs,
      t.completeWithinMs,
      t.routeTimeoutMs,
    ])
      expect(t.settleMs).toBeGreaterThan(deadline);
    expect(t.settleMs).toBeGreaterThan(1.5 * defaultLoadProfile.heartbeatMs);
  });
});

describe("the latency histogram", () => {
  it("gives percentiles within half a percent, in fixed memory", () => {
    const h = new Histogram();
    for (let i = 1; i <= 10_000; i++) h.add(i / 100); // 0.01 … 100 ms
    expect(Math.abs(h.percentile(50) - 50) / 50).toBeLessThan(0.005);
    expect(Math.abs(h.percentile(99) - 99) / 99).toBeLessThan(0.005);
    expect(h.summary()).toMatchObject({ count: 10_000, max: 100 });
    h.reset();
    expect(h.percentile(50)).toBeNaN();
  });
});

describe("the load profile's documentation", () => {
  it("lists every field in docs/benchmarks.md with its flag and default", () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "benchmarks.md"), "utf8");
    for (const [field, value] of Object.entries(defaultLoadProfile))
      expect(doc, field).toMatch(new RegExp(`^\\| \`${field}\` \\| \`--[a-z-]+\` \\| ${value} \\|`, "m"));
  });
});
