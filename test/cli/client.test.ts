/** `ctips-kit client` (the reference client as a process) refuses what it cannot run, with exit 2 and the reason. */
import { describe, expect, it } from "vitest";
import { MISBEHAVIOURS } from "../../src/mock-client/reference-client.ts";
import { runKit } from "../support/processes.ts";

const ENV = {
  CTIPS_ENDPOINT: "http://127.0.0.1:9/Aspect.UnifiedIP.EDK.CTIPortalService",
  CTIPS_USER: "ctiuser",
  CTIPS_PASSWORD: "ctipass",
  CTIPS_TENANT: "1",
};

describe("ctips-kit client", () => {
  it("--help lists its flags and every misbehaviour", async () => {
    const r = await runKit(["client", "--help"]);
    expect(r.code).toBe(0);
    for (const m of Object.keys(MISBEHAVIOURS)) expect(r.stdout).toContain(m);
  });

  it.each([
    [[], { CTIPS_ENDPOINT: "" }, /CTIPS_ENDPOINT is not set/],
    [[], { CTIPS_TENANT: "one" }, /CTIPS_TENANT must be a whole number, not 'one'/],
    [[], { CTIPS_PROFILE: "wallboard" }, /CTIPS_PROFILE must be one of monitor, agent-desktop, router/],
    [["--misbehave", "sloppy"], {}, /--misbehave must be one of rid-zero/],
    [["--slow-ms", "soon"], {}, /--slow-ms must be a whole number/],
    [[], {}, /CTIPSKIT_E_TRANSPORT.*no CTIPS answered: http:\/\/127\.0\.0\.1:9\//],
  ])("%j %j", async (args, env, message) => {
    const r = await runKit(["client", ...args], { env: { ...ENV, ...env } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
