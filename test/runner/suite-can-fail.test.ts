/**
 * The conformance suite can fail: with each fault-injection switch of the mock on, the
 * scenarios covering the rule it breaks fail and their message names the violation; with
 * no fault, the same scenarios pass. (docs/fault-injection.md)
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { certifyServer } from "../../src/runner/certify.ts";
import { FAULT_NAMES } from "../../src/mock-ctips/faults.ts";

type Case = {
  fault: { name: string; scope?: Record<string, string>; params?: Record<string, unknown> };
  tags: string;
  names: RegExp;
  /** The run's event timeout (requests time out at twice it); shorter where the fault waits it out. */
  eventTimeoutMs?: number;
};

const CASES: Case[] = [
  { fault: { name: "wrong-request-id" }, tags: "@request:LoginAgent", names: /RequestId/ },
  {
    fault: { name: "unsolicited-request-id", scope: { eventType: "CallDelivered" } },
    tags: "@event:CallDelivered",
    names: /RequestId/,
  },
  {
    fault: { name: "omit-field", scope: { eventType: "CallDelivered" }, params: { field: "ANI" } },
    tags: "@event:CallDelivered",
    names: /ANI/,
  },
  {
    fault: {
      name: "corrupt-field",
      scope: { eventType: "CallDelivered" },
      params: { field: "CallType", value: "NoSuchType" },
    },
    tags: "@event:CallDelivered",
    names: /CallType/,
  },
  {
    fault: { name: "drop-events", scope: { eventType: "CallEstablished" } },
    tags: "@flow:E-2",
    names: /CallEstablished/,
  },
  {
    fault: { name: "duplicate-events", scope: { eventType: "CallStarted" } },
    tags: "@flow:E-2",
    names: /CallStarted/,
  },
  {
    // CallStarted and CallOffered leave in one step: holding CallStarted back sends CallOffered first.
    fault: { name: "reorder-events", scope: { eventType: "CallStarted" } },
    tags: "@flow:E-2",
    names: /CallStarted|CallOffered/,
  },
  {
    fault: { name: "delay-events", scope: { eventType: "CallDelivered" }, params: { ms: 4000 } },
    tags: "@event:CallDelivered",
    names: /CallDelivered/,
  },
  {
    fault: { name: "wire-order", scope: { eventType: "AgentLoginStateChange" } },
    tags: "@request:LoginAgent",
    names: /member-order|order/,
  },
  {
    // A member UIP 7.2's contract lacks: a WCF client skips it; strict mode (the default) fails
    // it as a deviation from the contract, compatible mode warns (docs/certify.md).
    fault: {
      name: "extra-member",
      scope: { eventType: "AgentLoginStateChange" },
      params: { member: "Priority" },
    },
    tags: "@request:LoginAgent",
    names: /unknown-member/,
  },
  {
    fault: { name: "fault-response", scope: { operation: "LoginAgent" }, params: { code: "GeneralError" } },
    tags: "@request:LoginAgent",
    names: /GeneralError/,
  },
  {
    fault: { name: "drop-response", scope: { operation: "LoginAgent" } },
    tags: "@request:LoginAgent",
    names: /LoginAgent|socket|closed|terminated/i,
  },
  {
    // Longer than the request timeout (2 × eventTimeoutMs), so every LoginAgent times out.
    fault: { name: "delay-response", scope: { operation: "LoginAgent" }, params: { ms: 3500 } },
    tags: "@request:LoginAgent",
    names: /time|abort/i,
    eventTimeoutMs: 1500,
  },
  { fault: { name: "stop-heartbeats" }, tags: "@session and @EDK-4-1", names: /heartbeat/i },
];

/** Switches whose rule is covered by scenarios written elsewhere (session features); listed so none is forgotten. */
const COVERED_BY_SESSION_FEATURES = ["heartbeat-interval", "events-while-offline", "accept-extra-session"];

/**
 * Switches that break no rule of the CTIPS's: the client suite uses them
 * (features/client/). An unprefixed xsi:type is the same QName; members that are not
 * IsRequired may be left out (what the guide's field tables say of them is judged by the
 * scenarios that assert those fields); a CTIPS may refuse a route (EDK 4-25, 4-26).
 */
const CONFORMANT_VARIATIONS = ["unprefixed-xsi-type", "omit-optional", "refuse-route"];

const run = (tags: string, injectFaults?: Case["fault"][], eventTimeoutMs?: number) =>
  certifyServer({
    tags,
    injectFaults,
    eventTimeoutMs,
    reportsDir: mkdtempSync(join(tmpdir(), "ctips-selftest-")),
  });

describe("the conformance suite can fail", () => {
  it("has a case for every fault-injection switch", () => {
    const named = new Set([
      ...CASES.map((c) => c.fault.name),
      ...COVERED_BY_SESSION_FEATURES,
      ...CONFORMANT_VARIATIONS,
    ]);
    expect(FAULT_NAMES.filter((n) => !named.has(n))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.fault.name, c]))(
    "fails the scenarios %s breaks, naming the violation",
    async (_name, c) => {
      const clean = await run(c.tags, undefined, c.eventTimeoutMs);
      expect(clean.totals.total).toBeGreaterThan(0);
      expect(
        clean.scenarios.filter((s) => s.status !== "passed").map((s) => `${s.name}: ${s.message}`),
      ).toEqual([]);
      const broken = await run(c.tags, [c.fault], c.eventTimeoutMs);
      const failed = broken.scenarios.filter((s) => s.status === "failed");
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.map((s) => s.message ?? "").join("\n")).toMatch(c.names);
      expect(broken.exitCode).toBe(1);
    },
    180_000,
  );

  it("does not fail a CTIPS that names event types with unprefixed xsi:type QNames", async () => {
    const r = await run("@event:CallDelivered", [{ name: "unprefixed-xsi-type" }]);
    expect(r.totals.total).toBeGreaterThan(0);
    expect(r.scenarios.filter((s) => s.status !== "passed").map((s) => `${s.name}: ${s.message}`)).toEqual(
      [],
    );
  }, 180_000);
});
