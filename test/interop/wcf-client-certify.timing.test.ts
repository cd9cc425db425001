/**
 * `certify client` grading a CTI client the kit did not write: the agent desktop in C# on
 * Mono's System.ServiceModel (test/interop/wcf/client/README.md: ChannelFactory over
 * BasicHttpBinding, a ServiceHost for the callbacks, DataContractSerializer, KnownTypes),
 * written from the guide. `bin/ctips-kit.js certify client --run` starts it; the verdicts are
 * compared with a committed golden summary (UPDATE_GOLDEN=1 rewrites it). It passes every
 * normative scenario; the kit's reading snapshot-after-link-up does not hold for it (the
 * guide does not ask for that snapshot) and warns, without failing the run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { golden, type Summary } from "../support/golden.ts";
import { runKit, WCF_DIR, wcfSkipReason } from "../support/processes.ts";

const GOLDEN = join(WCF_DIR, "client", "golden-summary.json");
const unavailable = wcfSkipReason("the WCF client");

/** Mono's first request JIT-compiles the client (1–2 s): a 250 ms heartbeat, generous reactions. */
const CONFIG = {
  profile: "agent-desktop",
  port: 0,
  heartbeatIntervalMs: 250,
  connectTimeoutMs: 30_000,
  timings: {
    answerWithinMs: 500,
    callbackTimeoutMs: 5_000,
    reactWithinMs: 2_000,
    snapshotWithinMs: 3_000,
    routeTimeoutMs: 1_000,
    reconnectWithinMs: 8_000,
    stopWithinMs: 8_000,
  },
};

describe.skipIf(unavailable !== undefined)(
  "certify client against the WCF agent desktop (Mono System.ServiceModel)",
  () => {
    it("gives the committed verdicts: every normative scenario passes, the reading it does not share warns", async () => {
      const d = mkdtempSync(join(tmpdir(), "ctips-wcf-client-"));
      const config = join(d, "client.yaml");
      writeFileSync(config, YAML.stringify(CONFIG));
      const r = await runKit(
        [
          "certify",
          "client",
          "--config",
          config,
          "--run",
          `mono ${join(WCF_DIR, "bin", "CtipsClient.exe")}`,
          "--reports",
          join(d, "reports"),
        ],
        { timeoutMs: 300_000 },
      );
      console.log(
        r.stdout
          .split("\n")
          .filter((l) => !/^[.FSU-]+$/.test(l))
          .join("\n"),
      );
      const summary = JSON.parse(readFileSync(join(d, "reports", "summary.json"), "utf8")) as Summary;
      expect(
        summary.scenarios
          .filter((s) => s.status === "failed" || s.status === "harness")
          .map((s) => `${s.name}: ${s.failedStep} ${s.message}`),
      ).toEqual([]);
      expect(r.code).toBe(0);
      if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(golden(summary), null, 2)}\n`);
      expect(golden(summary)).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
    }, 400_000);
  },
);
