import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  configFromEnv,
  defaultMockConfig,
  readConfigFile,
  resolveMockConfig,
} from "../../src/mock-ctips/index.ts";

describe("the mock's configuration", () => {
  it("defaults to the guide's values: 30 s heartbeats, 3 misses, 10 sessions, port 8170", () => {
    const c = resolveMockConfig();
    expect(c).toMatchObject({
      heartbeatIntervalMs: 30_000,
      missedHeartbeats: 3,
      maxSessions: 10,
      port: 8170,
      profile: "wire",
    });
  });

  it("lets later layers win: file < environment < flags", () => {
    const c = resolveMockConfig(
      { source: "file", value: { heartbeatIntervalMs: 1000, maxSessions: 5 } },
      { source: "env", value: configFromEnv({ CTIPS_KIT_HEARTBEAT_MS: "500" }) },
      { source: "flags", value: { maxSessions: 2 } },
    );
    expect(c).toMatchObject({ heartbeatIntervalMs: 500, maxSessions: 2 });
  });

  it("keeps a 1,000-entry timeline window by default, set by CTIPS_KIT_TIMELINE_RETAIN", () => {
    expect(resolveMockConfig().timelineRetain).toBe(1_000);
    const c = resolveMockConfig({
      source: "env",
      value: configFromEnv({ CTIPS_KIT_TIMELINE_RETAIN: "500" }),
    });
    expect(c.timelineRetain).toBe(500);
    expect(() =>
      resolveMockConfig({ source: "env", value: configFromEnv({ CTIPS_KIT_TIMELINE_RETAIN: "50" }) }),
    ).toThrow(/timelineRetain must be >= 100/);
  });

  it("lists every schema problem at once, naming each field", () => {
    expect(() =>
      resolveMockConfig({
        source: "config file x.yaml",
        value: { port: -1, missedHeartbeats: 1000, bogus: 1 },
      }),
    ).toThrow(
      expect.objectContaining({
        code: "CTIPSKIT_E_CONFIG_INVALID",
        message: expect.stringMatching(
          /^config file x\.yaml is invalid: (?=.*\/port must be >= 0)(?=.*\/missedHeartbeats must be <= 999)(?=.*unknown key 'bogus')/,
        ),
      }),
    );
  });

  it("checks rules across fields after the schema", () => {
    expect(() =>
      resolveMockConfig({ source: "f", value: { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 200 } }),
    ).toThrow(/heartbeatTimeoutMs 200 is longer than heartbeatIntervalMs 100/);
    expect(() =>
      resolveMockConfig({
        source: "f",
        value: {
          users: [
            { userName: "a", password: "1" },
            { userName: "a", password: "2" },
          ],
        },
      }),
    ).toThrow(/userName a is listed twice/);
    expect(() =>
      resolveMockConfig({ source: "f", value: { topology: { ...defaultMockConfig.topology, tenantId: 5 } } }),
    ).toThrow(/tenantId 1 differs from topology.tenantId 5/);
  });

  it("reads YAML and JSON files and names a broken one", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctips-config-"));
    writeFileSync(
      join(dir, "a.yaml"),
      "heartbeatIntervalMs: 250\nusers:\n  - userName: u\n    password: p\n",
    );
    writeFileSync(join(dir, "b.json"), '{"maxSessions": 3}');
    writeFileSync(join(dir, "c.json"), "{oops");
    expect(resolveMockConfig({ source: "a", value: readConfigFile(join(dir, "a.yaml")) })).toMatchObject({
      heartbeatIntervalMs: 250,
      users: [{ userName: "u" }],
    });
    expect(readConfigFile(join(dir, "b.json"))).toEqual({ maxSessions: 3 });
    expect(() => readConfigFile(join(dir, "c.json"))).toThrow(/c\.json is not valid JSON/);
  });
});
