/** eventsMatchTheirSessionsSubscriptions: passing, violating and missing input (style.md #3). */
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/checks/finding.ts";
import { eventsMatchTheirSessionsSubscriptions } from "../../src/runner/load-subscriptions.ts";
import { TimelineBuilder } from "../checks/fixtures/builder.ts";

const binding = { severity: "failure" as const, clause: "EDK 3-4" };
const judge = (b: TimelineBuilder, params = {}) =>
  runCheck(eventsMatchTheirSessionsSubscriptions, binding, b.entries, params);

/** A session subscribed to `classes` with `filters`, online. */
function session(classes: string[], filters: [string, string][] = []): TimelineBuilder {
  const b = new TimelineBuilder();
  b.openConnection("S1");
  for (const c of classes) b.call("S1", "AddMessageClass", { MessageClass: c });
  for (const [t, v] of filters) b.call("S1", "AddFilter", { FieldType: t, FieldValue: v });
  b.call("S1", "OnLine");
  return b;
}

describe("eventsMatchTheirSessionsSubscriptions", () => {
  it("passes events of the categories the session added that pass its filters", () => {
    const b = session(["EventCategoryAgent", "EventCategorySystem"], [["FT_AGENT_ID", "7"]]);
    b.event("S1", "AgentStateChange", { AgentId: 7, AgentState: "Idle" });
    b.event("S1", "LinkStatus", { ComponentState: "Down" });
    const snap = b.call("S1", "Snapshot", { EntityType: ["CallInfo"] });
    b.event(
      "S1",
      "SnapShotUpdate",
      { SnapShotType: "CallInfo", SnapShotTypeComplete: true },
      { requestId: snap.requestId },
    );
    const [f] = judge(b);
    expect(f).toMatchObject({
      outcome: "pass",
      message: "3 events reached only sessions whose subscriptions let them through",
    });
  });

  it("passes ServiceStateChange, an Agent event, to a session that added System only", () => {
    const b = session(["EventCategorySystem"]);
    b.event("S1", "ServiceStateChange", { ServiceId: 100, ServiceState: "Pause" });
    expect(judge(b)[0].outcome).toBe("pass");
  });

  it("fails an event of a category the session did not add", () => {
    const b = session(["EventCategoryAgent"]);
    const e = b.event("S1", "CallDelivered", { CallId: 5 });
    const [f] = judge(b);
    expect(f).toMatchObject({ outcome: "fail", evidence: [e.seq], subject: { session: "S1", callId: 5 } });
    expect(f.message).toMatch(
      /CallDelivered .*its category EventCategoryCall is not among the session's \(EventCategoryAgent\)/,
    );
  });

  it("fails an event that does not pass a filter, and one whose filtered field is 0", () => {
    const b = session(
      ["EventCategoryAgent", "EventCategoryCall"],
      [
        ["FT_AGENT_ID", "7"],
        ["FT_AGENT_ID", "agent9"],
      ],
    );
    b.event("S1", "AgentLoginStateChange", {
      AgentId: 9,
      AgentLoginName: "agent9",
      LoginState: "AgentLoggedIn",
    });
    b.event("S1", "AgentStateChange", { AgentId: 9, AgentState: "Idle" });
    const other = b.event("S1", "AgentStateChange", { AgentId: 8, AgentState: "Idle" });
    const none = b.event("S1", "CallStarted", { CallId: 5, AgentId: 0 });
    const fails = judge(b).filter((f) => f.outcome === "fail");
    expect(fails.map((f) => f.evidence)).toEqual([[other.seq], [none.seq]]);
    expect(fails[0].message).toMatch(/AgentId 8 does not pass the filter FT_AGENT_ID = 7 \| agent9/);
  });

  it("follows DeleteMessageClass, and lets an event through that races an unanswered AddMessageClass", () => {
    const b = session(["EventCategoryAgent"]);
    b.call("S1", "DeleteMessageClass", { MessageClass: "EventCategoryAgent" });
    const late = b.event("S1", "AgentStateChange", { AgentId: 7, AgentState: "Idle" });
    const add = b.request("S1", "AddMessageClass", { MessageClass: "EventCategoryCall" });
    b.event("S1", "CallStarted", { CallId: 5 });
    b.respond(add);
    const fails = judge(b).filter((f) => f.outcome === "fail");
    expect(fails.map((f) => f.evidence)).toEqual([[late.seq]]);
  });

  it("has nothing to check without events (a harness fault, not a pass)", () => {
    const [f] = judge(session(["EventCategoryAgent"]));
    expect(f).toMatchObject({ outcome: "harness-fault", message: "nothing to check: no event" });
  });
});
