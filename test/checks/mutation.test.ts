/**
 * Mutation self-test: for each fault-injection switch of the mock, the checks it should
 * trip fail on a recording made with it and pass on a clean one. Hand-built fixtures
 * imitate the recordings until recordings made with the mock replace them.
 */
import { describe, expect, it } from "vitest";
import { FAULT_NAMES } from "../../src/mock-ctips/faults.ts";
import { fixture as acceptExtraSession } from "./fixtures/faults/accept-extra-session.ts";
import { fixture as corruptField } from "./fixtures/faults/corrupt-field.ts";
import { fixture as delayEvents } from "./fixtures/faults/delay-events.ts";
import { fixture as dropEvents } from "./fixtures/faults/drop-events.ts";
import { fixture as duplicateEvents } from "./fixtures/faults/duplicate-events.ts";
import { fixture as extraMember } from "./fixtures/faults/extra-member.ts";
import { fixture as eventsWhileOffline } from "./fixtures/faults/events-while-offline.ts";
import { fixture as heartbeatInterval } from "./fixtures/faults/heartbeat-interval.ts";
import { fixture as omitField } from "./fixtures/faults/omit-field.ts";
import type { FaultFixture } from "./fixtures/faults/recording.ts";
import { fixture as reorderEvents } from "./fixtures/faults/reorder-events.ts";
import { fixture as stopHeartbeats } from "./fixtures/faults/stop-heartbeats.ts";
import { fixture as unsolicitedRequestId } from "./fixtures/faults/unsolicited-request-id.ts";
import { fixture as wireOrder } from "./fixtures/faults/wire-order.ts";
import { fixture as wrongRequestId } from "./fixtures/faults/wrong-request-id.ts";
import { judge, verdict } from "./helpers.ts";

const FIXTURES: FaultFixture[] = [
  stopHeartbeats,
  heartbeatInterval,
  delayEvents,
  dropEvents,
  duplicateEvents,
  reorderEvents,
  omitField,
  corruptField,
  wrongRequestId,
  unsolicitedRequestId,
  eventsWhileOffline,
  acceptExtraSession,
  wireOrder,
  extraMember,
];

/** Switches that exercise the client's handling of answers and events; no server check is theirs. */
const CLIENT_FACING = {
  "delay-response":
    "slows an answer; the client's timeout handling is exercised, not a check of the timeline",
  "fault-response": "refuses a request on purpose; the client's error handling is exercised",
  "drop-response": "withholds an answer; the client's timeout handling is exercised",
  "unprefixed-xsi-type": "the same QName written another way: a client's reader is exercised, no rule broken",
  "omit-optional":
    "leaves out members that are not IsRequired: a client's reader is exercised, no rule broken",
  "refuse-route": "refuses a RouteSelect on purpose: a routing client's handling is exercised",
} as const;

describe.each(FIXTURES.map((f) => [f.fault, f] as const))("the %s switch", (_, fx) => {
  const clean = fx.record(false);
  const faulty = fx.record(true);
  for (const { check, params } of fx.checks) {
    it(`passes ${check.name} on a clean recording`, () => {
      const found = judge(check, clean, params);
      expect(verdict(found), found.map((f) => f.message).join("\n")).toBe("pass");
    });

    it(`fails ${check.name} on a recording made with it`, () => {
      expect(verdict(judge(check, faulty, params))).toBe("fail");
    });
  }
});

describe("the fault fixtures", () => {
  it("cover every switch of the mock but those that only test the client's handling of answers", () => {
    const covered = new Set([...FIXTURES.map((f) => f.fault), ...Object.keys(CLIENT_FACING)]);
    expect(FAULT_NAMES.filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !(FAULT_NAMES as readonly string[]).includes(name))).toEqual([]);
  });
});
