import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { certifyOptionsFrom, expandEnv } from "../../src/runner/certify-config.ts";
import { dockerUnavailable, startContainerTarget } from "../../src/runner/container.ts";
import { applyWaivers, readWaivers } from "../../src/runner/waivers.ts";

const scenario = (name: string, status: string, tags: string[] = []) =>
  ({ name, uri: "features/x.feature", tags, status }) as {
    name: string;
    uri: string;
    tags: string[];
    status: string;
    waiver?: string;
  };

describe("waivers", () => {
  it("waive a failed scenario by clause or by name, and report unused ones", () => {
    const s = [
      scenario("a", "failed", ["@EDK-4-9"]),
      scenario("b", "failed"),
      scenario("c", "passed", ["@EDK-3-2"]),
    ];
    const unused = applyWaivers(s, [
      { clause: "EDK 4-9", reason: "known: CallCleared lacks ConsultationCallId" },
      { scenario: "features/x.feature:b", reason: "vendor ticket 12" },
      { clause: "EDK 1-1", reason: "stale" },
    ]);
    expect(s.map((x) => x.status)).toEqual(["waived", "waived", "passed"]);
    expect(s[0].waiver).toMatch(/ConsultationCallId/);
    expect(unused.map((w) => w.reason)).toEqual(["stale"]);
  });

  it("leaves a failure no waiver covers failing", () => {
    const s = [scenario("a", "failed", ["@EDK-4-9"])];
    applyWaivers(s, [{ clause: "EDK 4-10", reason: "other" }]);
    expect(s[0].status).toBe("failed");
  });

  it("refuses a waiver without a reason or with both clause and scenario", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctips-waivers-"));
    writeFileSync(join(dir, "a.yaml"), "waivers:\n  - clause: EDK 4-9\n");
    writeFileSync(join(dir, "b.yaml"), "- clause: EDK 4-9\n  scenario: x\n  reason: r\n");
    expect(() => readWaivers(join(dir, "a.yaml"))).toThrow(/waivers\[0\]\.reason is required/);
    expect(() => readWaivers(join(dir, "b.yaml"))).toThrow(/exactly one of clause, tag or scenario/);
    writeFileSync(join(dir, "c.yaml"), "- tag: request:MakeCall\n  reason: r\n");
    expect(() => readWaivers(join(dir, "c.yaml"))).toThrow(/tag must be a tag/);
  });

  it("waive every failed scenario carrying a tag (what a target does not do)", () => {
    const s = [
      scenario("a", "failed", ["@request:MakeCall"]),
      scenario("b", "failed", ["@request:HoldCall"]),
    ];
    applyWaivers(s, [{ tag: "@request:MakeCall", reason: "not modelled" }]);
    expect(s.map((x) => x.status)).toEqual(["waived", "failed"]);
  });
});

describe("the certify config", () => {
  it("names every invalid field at once", () => {
    expect(() =>
      certifyOptionsFrom(
        { target: { endpoint: "ftp://x" }, triggers: { dial: "x" }, bogus: 1 },
        "certify.yaml",
      ),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /(?=.*\/target\/endpoint)(?=.*unknown key 'dial')(?=.*unknown key 'bogus')/,
        ),
      }),
    );
  });

  it("needs a public callback URL when the callback host is not loopback", () => {
    expect(() =>
      certifyOptionsFrom(
        { target: { endpoint: "http://ctips:8170/x" }, callback: { host: "10.0.0.5", port: 8174 } },
        "c",
      ),
    ).toThrow(/callback.publicUrl/);
  });

  it("turns triggers into shell triggers run in the config's directory, and takes no role of a target's site from the mock", () => {
    const o = certifyOptionsFrom(
      {
        target: { endpoint: "http://ctips:8170/x" },
        triggers: { hangup: "echo" },
        site: { services: { inbound: 7 } },
      },
      "c",
      "/etc/ctips",
    );
    expect(o.triggers).toEqual({
      kind: "shell",
      commands: { hangup: "echo" },
      timeoutMs: undefined,
      cwd: "/etc/ctips",
    });
    expect(o.site?.services).toEqual({ inbound: 7 });
    expect(o.site?.agents).toEqual({});
    expect(o.site?.dispositionId).toBe(1);
  });

  it("takes variables and variables with defaults from the environment, typed when a string is one reference", () => {
    const ref = (x: string) => `\${${x}}`;
    const v = expandEnv(
      { a: ref("PORT"), b: `http://h:${ref("PORT")}/x`, c: ref("MISSING:-7"), d: ref("FLAG") },
      "c",
      { PORT: "8170", FLAG: "true" },
    );
    expect(v).toEqual({ a: 8170, b: "http://h:8170/x", c: 7, d: true });
    expect(() => expandEnv({ x: { y: ref("NOPE") } }, "c", {})).toThrow(/NOPE \(in x\.y\)/);
  });
});

const noDocker = await dockerUnavailable();
if (!noDocker) console.warn("skipping the no-Docker refusal test: a Docker engine is reachable here");

describe("a container target", () => {
  it.skipIf(!noDocker)(
    "says clearly when no Docker engine is reachable",
    async () => {
      await expect(startContainerTarget("ctips-kit-mock")).rejects.toMatchObject({
        code: "CTIPSKIT_E_LISTEN",
        message: expect.stringContaining("no Docker engine"),
      });
    },
    30_000,
  );
});
