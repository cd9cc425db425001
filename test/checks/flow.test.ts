import { describe, expect, it } from "vitest";
import { type FlowExpectation, matchFlow, timelineFollowsFlow, validateFlow } from "../../src/checks/flow.ts";
import { parseDuration, parseFlowTable, parseValue } from "../../src/checks/flow-table.ts";
import { isKitError } from "../../src/contract/errors.ts";
import { TimelineBuilder } from "./fixtures/builder.ts";
import { E2, E2_TABLE, ROUTE_REJECTED } from "./fixtures/flows.ts";
import { judge, playCall, verdict } from "./helpers.ts";

function oneCall(opts: Parameters<typeof playCall>[3] = {}, extra?: (b: TimelineBuilder) => void) {
  const b = new TimelineBuilder();
  b.onlineSession("S1");
  b.login("S1", 7);
  playCall(b, "S1", { callId: 101, agentId: 7 }, opts);
  extra?.(b);
  return b.entries;
}

describe("the flow table parser", () => {
  it("reads steps, requests, alternatives, bindings, order, optional rows, deadlines and never rules", () => {
    expect(E2.steps).toHaveLength(14);
    expect(E2.steps.find((s) => s.id === "accept")).toEqual({
      id: "accept",
      request: "AcceptCall",
      where: { CallId: "$c1" },
      bind: { r1: "RequestId" },
      optional: true,
    });
    expect(E2.steps.find((s) => s.id === "established")).toMatchObject({ after: ["pending"], within: 5000 });
    expect(E2.never).toEqual([
      { id: "no-redelivery", never: "CallDelivered", where: { CallId: "$c1" }, after: "connected" },
    ]);
    expect(ROUTE_REJECTED.steps[2].alternatives).toEqual(["RouteRejected", "RouteRequestFailed"]);
  });

  it("reads values and durations", () => {
    expect([
      parseValue("0"),
      parseValue("$c1"),
      parseValue('"a, b"'),
      parseValue("true"),
      parseValue("Idle"),
    ]).toEqual([0, "$c1", "a, b", true, "Idle"]);
    expect(parseValue("9007199254740993")).toBe("9007199254740993");
    expect([
      parseDuration("500"),
      parseDuration("500ms"),
      parseDuration("2.5 s"),
      parseDuration("1m"),
    ]).toEqual([500, 500, 2500, 60_000]);
    expect(parseDuration("soon")).toBeUndefined();
  });

  it("names every bad cell by row and column at once", () => {
    const bad = [
      ["id", "event", "where", "optional", "within"],
      ["a", "CallStarted", "CallId", "perhaps", "soon"],
    ];
    try {
      parseFlowTable("bad", bad);
      expect.unreachable();
    } catch (err) {
      expect(isKitError(err, "CTIPSKIT_E_CONFIG_INVALID")).toBe(true);
      expect((err as Error).message).toContain('row 1 where: "CallId" is not name=value');
      expect((err as Error).message).toContain('row 1 optional: "perhaps" is not yes or no');
      expect((err as Error).message).toContain('row 1 within: "soon" is not a duration');
    }
    expect(() => parseFlowTable("x", [["id", "kind"]])).toThrow(
      /unknown column "kind".*"event" column is required/,
    );
  });

  it("refuses unknown event types, forward references, duplicate ids and deadlines with nothing to measure from", () => {
    const flow: FlowExpectation = {
      name: "broken",
      steps: [
        { id: "a", event: "CallTeleported", within: 100 },
        { id: "a", event: "CallEnd", after: ["z"] },
      ],
    };
    expect(() => validateFlow(flow)).toThrow(
      /a: CallTeleported is not a known event type; a: within needs an earlier step to measure from; a: the id is used twice; a: after z, which is not an earlier step/,
    );
  });
});

describe("matchFlow", () => {
  it("matches the E-2 call and binds its variables", () => {
    const m = matchFlow(E2, oneCall());
    expect(m.ok).toBe(true);
    expect(m.bindings).toMatchObject({ c1: 101, a: 7, s: 10, r1: 2, r2: 3 });
    expect(m.steps.every((s) => s.status === "matched")).toBe(true);
  });

  it("matches without the optional requests", () => {
    const m = matchFlow(E2, oneCall({ skip: ["accept", "dispose"] }));
    expect(m.ok).toBe(true);
    expect(m.steps.filter((s) => s.status === "skipped").map((s) => s.id)).toEqual(["accept", "dispose"]);
  });

  it("explains a missing step side by side, with near misses and unexpected events", () => {
    const m = matchFlow(E2, oneCall({ swap: ["cleared", "wrap"] }));
    expect(m.ok).toBe(false);
    expect(m.missing?.step).toBe("wrap");
    expect(m.steps.slice(0, 9).every((s) => s.status === "matched")).toBe(true);
    expect(m.missing?.nearMisses[0].why).toMatch(/comes before seq \d+, the step it must follow/);
    expect(m.text).toMatch(
      /✗ wrap +AgentStateChange AgentId=\$a\(7\) AgentState=Wrap +│ — not found after seq \d+/,
    );
    expect(m.text).toMatch(
      /near miss: AgentStateChange Wrap \(seq \d+, RequestId 0, AgentId 7\): comes before/,
    );
    expect(m.text).toContain("bindings: c1=101");
    expect(m.unexpectedCount).toBeGreaterThan(0);
  });

  it("fails a step later than its deadline", () => {
    const flow: FlowExpectation = {
      name: "deadline",
      steps: [
        { id: "start", event: "CallStarted", bind: { c: "CallId" } },
        { id: "end", event: "CallEnd", where: { CallId: "$c" }, within: 100 },
      ],
    };
    const b = new TimelineBuilder();
    b.event("S1", "CallStarted", { CallId: 5 });
    b.wait(300).event("S1", "CallEnd", { CallId: 5 });
    const m = matchFlow(flow, b.entries);
    expect(m.missing?.nearMisses[0].why).toMatch(/arrives 301\.0 ms after, limit 100 ms/);
  });

  it("breaks a never rule inside its window and keeps it outside", () => {
    const flow: FlowExpectation = {
      name: "never",
      steps: [{ id: "start", event: "CallStarted", bind: { c: "CallId" } }],
      never: [{ id: "no-end", never: "CallEnd", where: { CallId: "$c" }, after: "start", within: 100 }],
    };
    const late = new TimelineBuilder();
    late.event("S1", "CallStarted", { CallId: 5 });
    late.wait(300).event("S1", "CallEnd", { CallId: 5 });
    expect(matchFlow(flow, late.entries).ok).toBe(true);
    const early = new TimelineBuilder();
    early.event("S1", "CallStarted", { CallId: 5 });
    early.event("S1", "CallEnd", { CallId: 6 });
    const end = early.event("S1", "CallEnd", { CallId: 5 });
    const m = matchFlow(flow, early.entries);
    expect(m.violation).toMatchObject({ rule: "no-end", seq: end.seq });
    expect(m.text).toContain("rule no-end broken");
  });

  it("reports a redelivery after the call was connected", () => {
    const entries = oneCall({}, (b) => b.event("S1", "CallDelivered", { CallId: 101, ServiceId: 11 }));
    expect(matchFlow(E2, entries).violation?.rule).toBe("no-redelivery");
  });

  it("accepts either alternative and names both when neither came", () => {
    for (const answer of ["RouteReject", "RouteRequestFailed"]) {
      const b = new TimelineBuilder();
      b.onlineSession("S1");
      b.event("S1", "RouteRequest", { CallId: 5 });
      const sel = b.call("S1", "RouteSelect", {
        CallId: 5,
        RouteActionType: "RouteToService",
        DestinationAddress: "99",
      });
      b.event("S1", answer, { CallId: 5 }, { requestId: sel.requestId });
      expect(matchFlow(ROUTE_REJECTED, b.entries).ok).toBe(true);
    }
    const b = new TimelineBuilder();
    b.event("S1", "RouteRequest", { CallId: 5 });
    b.call("S1", "RouteSelect", { CallId: 5 });
    expect(matchFlow(ROUTE_REJECTED, b.entries).missing?.expected).toBe(
      "RouteRejected | RouteRequestFailed RequestId=$r1(1)",
    );
  });

  it("matches null against an absent or nil member, and nothing else", () => {
    const flow: FlowExpectation = {
      name: "nil",
      steps: [{ id: "a", event: "CallDelivered", where: { ANI: null } }],
    };
    const b = new TimelineBuilder();
    b.event("S1", "CallDelivered", { CallId: 5, ANI: "555" });
    expect(matchFlow(flow, b.entries).ok).toBe(false);
    b.event("S1", "CallDelivered", { CallId: 6, ANI: null });
    expect(matchFlow(flow, b.entries).evidence).toEqual([b.entries.at(-1)!.seq]);
  });

  it("keeps a flow in one session unless told otherwise", () => {
    const flow: FlowExpectation = {
      name: "two",
      steps: [
        { id: "a", event: "CallStarted", where: { CallId: 5 } },
        { id: "b", event: "CallEnd", where: { CallId: 5 } },
      ],
    };
    const b = new TimelineBuilder();
    b.event("S1", "CallStarted", { CallId: 5 });
    b.event("S2", "CallEnd", { CallId: 5 });
    expect(matchFlow(flow, b.entries).ok).toBe(false);
    expect(matchFlow({ ...flow, crossSession: true }, b.entries).ok).toBe(true);
    expect(matchFlow(flow, b.entries, { session: "S2" }).missing?.step).toBe("a");
  });

  it("gives up, undecided, when the search budget runs out", () => {
    const flow: FlowExpectation = {
      name: "combinatorial",
      steps: [
        ...Array.from({ length: 8 }, (_, i) => ({ id: `h${i}`, event: "CallHeld" })),
        { id: "end", event: "CallEnd" },
      ],
    };
    const b = new TimelineBuilder();
    for (let i = 0; i < 20; i++) b.event("S1", "CallHeld", { CallId: i + 1 });
    const m = matchFlow(flow, b.entries, { budget: 1000 });
    expect(m).toMatchObject({ ok: false, exhausted: true });
    expect(verdict(judge(timelineFollowsFlow, b.entries, { flow, budget: 1000 }))).toBe("harness-fault");
  });
});

describe("timelineFollowsFlow", () => {
  it("passes a timeline following the flow, with the matched entries as evidence", () => {
    const [f] = judge(timelineFollowsFlow, oneCall(), { flow: E2 });
    expect(f.outcome).toBe("pass");
    expect(f.evidence).toHaveLength(14);
  });

  it("fails a timeline that does not, stating expected versus actual", () => {
    const [f] = judge(timelineFollowsFlow, oneCall({ skip: ["end"] }), { flow: E2 });
    expect(f.outcome).toBe("fail");
    expect(f.message).toMatch(
      /^flow "E-2 call arrives to inbound service": expected CallEnd CallId=\$c1\(101\), got not found\n/,
    );
  });

  it("is a harness fault without a flow, with nothing to match, or with an invalid flow", () => {
    expect(judge(timelineFollowsFlow, oneCall(), {} as never)[0].message).toBe("missing parameter: flow");
    expect(verdict(judge(timelineFollowsFlow, [], { flow: E2 }))).toBe("harness-fault");
    const invalid = { name: "bad", steps: [{ id: "a", event: "Nope" }] };
    expect(judge(timelineFollowsFlow, oneCall(), { flow: invalid })[0].message).toMatch(
      /CTIPSKIT_E_CONFIG_INVALID/,
    );
  });

  it("parses the same table twice to the same expectation", () => {
    expect(parseFlowTable(E2.name, E2_TABLE)).toEqual(E2);
  });
});
