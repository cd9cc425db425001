/**
 * Scenario isolation on any target: against the mock started as a plain process (its
 * control plane reached only by shell triggers, never reset), the suite gives the same
 * verdicts as against a mock reset after every scenario, twice in a row, and leaves the
 * target with no agent logged in and no call up — by the target's own account.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { type CertifyResult, certifyServer } from "../../src/runner/certify.ts";
import { mockSiteProfile } from "../../src/runner/params.ts";
import { mockProcessForThisFile } from "../support/mock-process-hooks.ts";
import { mockShellTriggers } from "../support/processes.ts";

/** Scenarios that log agents in, make calls, transfer, conference, wrap, log out in a panic, and the session rules. */
const TAGS = [
  "@flow:E-2",
  "@flow:E-5",
  "@flow:E-7",
  "@flow:E-10",
  "@flow:E-13",
  "@request:LoginAgent",
  "@request:SetDisposition",
  "@request:PanicLogoutAgent",
  "@request:ConferenceCall",
  "@request:MakeCall",
  "@event:LinkStatus",
  "@event:ServiceStateChange",
  "@session",
].join(" or ");

const verdicts = (r: CertifyResult) =>
  Object.fromEntries(r.scenarios.map((s) => [`${s.uri}: ${s.name}`, s.status]));

const mock = mockProcessForThisFile();

describe("isolation without a reset", () => {
  it("gives the verdicts of a run that resets after every scenario, twice in a row, and leaves nothing behind", async () => {
    const reports = () => mkdtempSync(join(tmpdir(), "ctips-isolation-"));
    const reference = await certifyServer({ tags: TAGS, resetEachScenario: true, reportsDir: reports() });
    const against = () =>
      certifyServer({
        target: { endpoint: mock().endpoint, heartbeatIntervalMs: 100, missedHeartbeats: 3 },
        site: mockSiteProfile,
        triggers: { kind: "shell", commands: mockShellTriggers(mock().control) },
        tags: TAGS,
        eventTimeoutMs: 3_000,
        quietMs: 150,
        reportsDir: reports(),
      });
    const first = await against();
    const second = await against();
    expect(reference.totals.total).toBeGreaterThan(100);
    // @mock-only scenarios are skipped without a control URL; everything else must agree.
    const runnable = (v: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(v).filter(
          ([k]) => !reference.scenarios.find((s) => `${s.uri}: ${s.name}` === k)?.tags.includes("@mock-only"),
        ),
      );
    expect(runnable(verdicts(first))).toEqual(runnable(verdicts(reference)));
    expect(verdicts(second)).toEqual(verdicts(first));
    expect(
      first.scenarios.filter((s) => s.teardownFault).map((s) => `${s.name}: ${s.teardownFault}`),
    ).toEqual([]);
    expect(first.postflight).toEqual([]);
    const res = await request(`${mock().control}/state`);
    const st = (await res.body.json()) as {
      agents: { loginName: string; login: string }[];
      calls: unknown[];
    };
    expect(st.calls).toEqual([]);
    expect(st.agents.filter((a) => a.login === "LoggedIn").map((a) => a.loginName)).toEqual([]);
  }, 600_000);
});
