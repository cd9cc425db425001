/**
 * `certify server` against a CTIPS the kit did not write: the WCF fixture on Mono's
 * System.ServiceModel (test/interop/wcf/README.md), started as a separate process with no
 * reset of any kind, certified by `bin/ctips-kit.js` as a user runs it. The verdicts are
 * compared with a committed golden summary (UPDATE_GOLDEN=1 rewrites it), no failure may
 * be a reading of the kit, and afterwards the fixture's own state shows no agent logged in
 * and no call up. In the timing group: the suite's heartbeat scenarios need the machine.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { golden, type Summary } from "../support/golden.ts";
import { runKit, startWcfFixture, type Target, WCF_DIR, wcfSkipReason } from "../support/processes.ts";

const GOLDEN = join(WCF_DIR, "golden-summary.json");

/**
 * The subset CI certifies: Mono's WCF serves about ten requests a second
 * (docs/benchmarks.md), so the whole suite takes ~13 minutes against the fixture. These
 * are the session rules, the chapter 2 and 5 flows, logging in and disposing, the events of
 * an inbound call, and MakeCall (what the fixture does not model: waived). About 4 minutes.
 */
const TAGS = [
  "@session",
  "@flow:chapter-5",
  "@flow:E-2",
  "@request:LoginAgent",
  "@request:SetDisposition",
  "@request:MakeCall",
  "@event:AgentLoginStateChange",
  "@event:AgentLoginRequestFailed",
  "@event:AgentStateChange",
  "@event:CallConnected",
  "@event:CallEstablished",
  "@event:CallCleared",
  "@event:CallEnd",
  "@event:CallCompleted",
].join(" or ");
const unavailable = wcfSkipReason("the WCF fixture");

describe.skipIf(unavailable !== undefined)(
  "certify server against the WCF fixture (Mono System.ServiceModel)",
  () => {
    let fixture: Target & { port: number };
    beforeAll(async () => {
      fixture = await startWcfFixture(["--heartbeat-ms", "500", "--missed-heartbeats", "3"]);
    }, 60_000);
    afterAll(async () => {
      await fixture?.stop();
    });

    it("gives the committed verdicts, fails nothing that is a reading, and leaves the fixture as it found it", async () => {
      const reports = mkdtempSync(join(tmpdir(), "ctips-wcf-"));
      const started = Date.now();
      const r = await runKit(
        [
          "certify",
          "server",
          "--config",
          join(WCF_DIR, "certify.yaml"),
          "--waivers",
          join(WCF_DIR, "waivers.yaml"),
          "--tags",
          TAGS,
          "--reports",
          reports,
        ],
        {
          env: {
            CTIPS_FIXTURE_PORT: String(fixture.port),
            CTIPS_FIXTURE_CONTROL: fixture.control,
            CTIPS_FIXTURE_HEARTBEAT_MS: "500",
            CTIPS_FIXTURE_MISSED_HEARTBEATS: "3",
          },
          timeoutMs: 900_000,
        },
      );
      console.log(
        r.stdout
          .split("\n")
          .filter((l) => !/^[.FSU-]+$/.test(l))
          .join("\n"),
      );
      console.log(`certify server against the WCF fixture: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(r.stderr).toBe("");
      const summary = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as Summary;
      // A reading never fails a run: a failed scenario is normative, and one of the fixture's
      // deviations is waived (waivers.yaml), so nothing fails.
      expect(
        summary.scenarios
          .filter((s) => s.status === "failed")
          .map((s) => `${s.name}: ${s.failedStep} ${s.message}`),
      ).toEqual([]);
      expect(
        summary.scenarios.filter((s) => s.status === "harness").map((s) => `${s.name}: ${s.message}`),
      ).toEqual([]);
      expect(r.code).toBe(0);
      if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(golden(summary), null, 2)}\n`);
      expect(golden(summary)).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
      // By the fixture's own account: nothing the kit did is left behind.
      const res = await request(`${fixture.control.replace(/\/$/, "")}/state`);
      const st = (await res.body.json()) as {
        agents: { loginName: string; loggedIn: boolean }[];
        calls: unknown[];
      };
      expect(st.agents.filter((a) => a.loggedIn).map((a) => a.loginName)).toEqual([]);
      expect(st.calls).toEqual([]);
    }, 1_000_000);
  },
);
