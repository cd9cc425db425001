/**
 * `certify server --target URL`: the suite against a mock running as a separate process,
 * its SOAPActions read from the target's WCF split-form WSDL, with shell-command triggers
 * that call the mock's control plane; and without triggers, scenarios that need one are
 * skipped with the reason, never passed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certifyServer } from "../../src/runner/certify.ts";
import { certifyOptionsFrom } from "../../src/runner/certify-config.ts";
import { mockSiteProfile } from "../../src/runner/params.ts";

const bin = join(import.meta.dirname, "..", "..", "bin", "ctips-kit.js");
let child: ChildProcess;
let endpoint = "";
let control = "";

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [bin, "mock", "--port", "0", "--heartbeat-ms", "100", "--log-level", "error"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  endpoint = await new Promise<string>((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`mock did not start: ${out}`)), 20_000);
    child.stdout?.on("data", (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
  });
  control = `${new URL(endpoint).origin}/control`;
}, 30_000);

afterAll(async () => {
  child.kill("SIGINT");
  await new Promise((r) => child.once("exit", r));
});

const node = (script: string) => `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}`;
const post = (path: string, body: string) =>
  node(
    `fetch(process.env.CONTROL + ${JSON.stringify(path)}, { method: "POST", headers: { "content-type": "application/json" }, body: ${body} }).then(r => r.text()).then(t => console.log(t))`,
  );

describe("certify server --target", () => {
  it("passes against a separately started mock with shell triggers and the target's split WSDL", async () => {
    process.env.CONTROL = control;
    const options = certifyOptionsFrom(
      {
        target: {
          endpoint,
          wsdl: "target",
          heartbeatIntervalMs: 100,
          missedHeartbeats: 3,
          controlUrl: control,
        },
        triggers: {
          "inbound-call": post(
            "/calls",
            "JSON.stringify({ serviceId: +process.env.CTIPS_SERVICE_ID, ani: process.env.CTIPS_ANI, dnis: process.env.CTIPS_DNIS })",
          ),
          hangup: node(
            "fetch(process.env.CONTROL + '/calls/' + process.env.CTIPS_CALL_ID + '/hangup', { method: 'POST' }).then(r => r.text())",
          ),
          answer: node(
            "fetch(process.env.CONTROL + '/agents/' + process.env.CTIPS_LOGIN_NAME + '/answer', { method: 'POST' }).then(r => r.text())",
          ),
        },
        eventTimeoutMs: 3000,
      },
      "test config",
    );
    const r = await certifyServer({
      ...options,
      // A target's site is described by its config (no roles are taken from the kit's mock): this one is the mock's.
      site: mockSiteProfile,
      tags: "@flow:E-2 or @event:CallDelivered or @request:LoginAgent",
      reportsDir: mkdtempSync(join(tmpdir(), "ctips-certify-target-")),
    });
    const failed = r.scenarios.filter((s) => s.status !== "passed");
    expect(failed.map((s) => `${s.name}: ${s.status} ${s.message ?? s.skipReason ?? ""}`)).toEqual([]);
    expect(r.totals.passed).toBeGreaterThanOrEqual(3);
    expect(r.target).toBe(endpoint);
  }, 120_000);

  it("skips scenarios whose trigger is unavailable, with the reason, and passes none of them", async () => {
    const r = await certifyServer({
      target: { endpoint, heartbeatIntervalMs: 100, controlUrl: control },
      tags: "@flow:E-2 or @event:CallDelivered",
      reportsDir: mkdtempSync(join(tmpdir(), "ctips-certify-notrig-")),
    });
    expect(r.totals.passed).toBe(0);
    expect(r.totals.skipped).toBeGreaterThanOrEqual(2);
    expect(
      r.scenarios.every(
        (s) => s.status === "skipped" && /trigger 'inbound-call' unavailable/.test(s.skipReason ?? ""),
      ),
    ).toBe(true);
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
