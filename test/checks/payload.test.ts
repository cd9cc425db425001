import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/checks/finding.ts";
import {
  deviationSeverity,
  entriesCarryNoToleratedDeviations,
  eventHeaderNamesItsType,
  payloadsMatchTheirSchemas,
} from "../../src/checks/payload.ts";
import type { Deviation } from "../../src/contract/deviations.ts";
import { cleanCallTimeline, TimelineBuilder } from "./fixtures/builder.ts";
import { failures, judge, verdict } from "./helpers.ts";

function withEvent(members: Record<string, unknown>, type = "CallDelivered", deviations?: Deviation[]) {
  const b = new TimelineBuilder();
  const s = b.onlineSession("S1");
  const e = b.event(s, type, { CallId: 5 }, { deviations });
  Object.assign(e.payload as object, members);
  for (const [k, v] of Object.entries(members))
    if (v === undefined) delete (e.payload as Record<string, unknown>)[k];
  return { entries: b.entries, event: e };
}

describe("payloadsMatchTheirSchemas", () => {
  it("passes requests, responses, events and callbacks valid against their schemas", () => {
    const [f] = judge(payloadsMatchTheirSchemas, cleanCallTimeline());
    expect(f.outcome).toBe("pass");
    expect(f.message).toMatch(/^\d{2} payloads were valid/);
  });

  it("fails an event with a required member omitted", () => {
    const { entries, event } = withEvent({ CallId: undefined });
    const [f] = failures(judge(payloadsMatchTheirSchemas, entries));
    expect(f.message).toMatch(
      /expected CallDelivered .* to be a valid CTICallDelivered, got \/ must have required property 'CallId'/,
    );
    expect(f.evidence).toEqual([event.seq]);
  });

  it("fails an event with a corrupted member", () => {
    const { entries } = withEvent({ CallId: "abc", CallType: "Teleport" });
    const [f] = failures(judge(payloadsMatchTheirSchemas, entries));
    expect((f.actual as { path: string }[]).map((e) => e.path).sort()).toEqual(["/CallId", "/CallType"]);
  });

  it("fails an OpenConnection response without its SessionObject", () => {
    const b = new TimelineBuilder();
    const req = b.request(undefined, "OpenConnection", { TenantIds: [1] });
    b.respond(req, { Response: "_success" });
    expect(failures(judge(payloadsMatchTheirSchemas, b.entries))[0].message).toContain(
      "OpenConnectionResponse",
    );
  });

  it("fails an event of a type the contract does not know", () => {
    const b = new TimelineBuilder();
    b.push({
      kind: "event",
      name: "CallTeleported",
      eventType: "CTICallTeleported",
      session: "S1",
      payload: {},
    });
    expect(failures(judge(payloadsMatchTheirSchemas, b.entries))[0].actual).toBe("CTICallTeleported");
  });

  it("is a harness fault when nothing was recorded with a payload", () => {
    const b = new TimelineBuilder();
    b.push({ kind: "note", session: "S1", code: "session-state" });
    expect(verdict(judge(payloadsMatchTheirSchemas, b.entries))).toBe("harness-fault");
  });
});

describe("eventHeaderNamesItsType", () => {
  it("passes headers that name their type", () => {
    expect(verdict(judge(eventHeaderNamesItsType, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a CTICallDelivered whose header says CallOffered in the agent category", () => {
    const { entries } = withEvent({ EventType: "CallOffered", EventCategory: "EventCategoryAgent" });
    const [f] = failures(judge(eventHeaderNamesItsType, entries));
    expect(f.message).toContain(
      "EventType CallOffered (expected CallDelivered), EventCategory EventCategoryAgent",
    );
  });

  it("is a harness fault when no event has a payload", () => {
    expect(verdict(judge(eventHeaderNamesItsType, new TimelineBuilder().entries))).toBe("harness-fault");
  });
});

const memberOrder: Deviation = {
  kind: "member-order",
  path: "PublishCTIEvent/ctiEvent/ANI",
  message: "ANI before CallType",
  expected: "CallType",
  actual: "ANI",
};
const guideSpelling: Deviation = {
  kind: "guide-spelling",
  path: "PublishCTIEvent/ctiEvent/EventType",
  message: "guide spelling 'RouteRejected'",
};

describe("entriesCarryNoToleratedDeviations", () => {
  it("passes messages that needed no tolerance", () => {
    expect(verdict(judge(entriesCarryNoToleratedDeviations, cleanCallTimeline()))).toBe("pass");
  });

  it("fails a message whose members were out of wire order", () => {
    const { entries, event } = withEvent({}, "CallDelivered", [memberOrder]);
    const [f] = failures(judge(entriesCarryNoToleratedDeviations, entries));
    expect(f.message).toContain("member-order at PublishCTIEvent/ctiEvent/ANI (ANI before CallType)");
    expect(f.evidence).toEqual([event.seq]);
  });

  it("expects the guide's spellings in the guide profile and reports them in the wire profile", () => {
    const { entries } = withEvent({}, "CallDelivered", [guideSpelling]);
    expect(verdict(judge(entriesCarryNoToleratedDeviations, entries, { profile: "wire" }))).toBe("fail");
    expect(verdict(judge(entriesCarryNoToleratedDeviations, entries, { profile: "guide" }))).toBe("pass");
    expect(verdict(judge(entriesCarryNoToleratedDeviations, entries, { kinds: ["member-order"] }))).toBe(
      "pass",
    );
  });

  it("is a failure in strict mode and a warning in compatible mode", () => {
    const { entries } = withEvent({}, "CallDelivered", [memberOrder]);
    const bind = (mode: "strict" | "compatible") =>
      runCheck(
        entriesCarryNoToleratedDeviations,
        { severity: deviationSeverity(mode), clause: "WIRE data contracts" },
        entries,
        {},
      )
        .filter((f) => f.outcome === "fail")
        .map((f) => f.severity);
    expect(bind("strict")).toEqual(["failure"]);
    expect(bind("compatible")).toEqual(["warning"]);
  });

  it("is a harness fault when no message was decoded", () => {
    expect(verdict(judge(entriesCarryNoToleratedDeviations, new TimelineBuilder().entries))).toBe(
      "harness-fault",
    );
  });
});
