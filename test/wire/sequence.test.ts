/**
 * The flow helper must be able to fail: a missing, swapped, extra or wrongly correlated
 * event, or a wrong key field, each breaks the expected sequence. (The drop-events test in
 * faults.test.ts shows the same on a real wire recording.)
 */
import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../src/timeline/index.ts";
import { expectSequence, ofAgent, ofCall, renderEvents, type Step } from "./sequence.ts";

let seq = 0;
function ev(name: string, requestId: number, fields: Record<string, unknown> = {}): TimelineEntry {
  const category = name === "AgentStateChange" ? "EventCategoryAgent" : "EventCategoryCall";
  const payload = {
    EventCategory: category,
    EventType: name,
    RequestId: requestId,
    CallId: 7,
    AgentId: 1,
    ...fields,
  };
  return {
    seq: seq++,
    monoNs: seq * 1e6,
    wall: "",
    recorder: "client",
    direction: "in",
    kind: "event",
    name,
    requestId,
    callId: payload.CallId as number,
    agentId: payload.AgentId as number,
    payload,
  };
}

const received = [
  ev("CallConnected", 0),
  ev("AgentStateChange", 0, { AgentState: "PendingActive" }),
  ev("CallEstablished", 3),
  ev("AgentStateChange", 3, { AgentState: "Active" }),
  ev("CallCleared", 0, { ClearingPartyType: "FarEnd" }),
];
const expected: Step[] = [
  ["CallConnected", 0],
  ["AgentStateChange", 0, { AgentState: "PendingActive" }],
  ["CallEstablished", 3],
  ["AgentStateChange", 3, { AgentState: "Active" }],
  ["CallCleared", 0, { ClearingPartyType: "FarEnd" }],
];

describe("expectSequence", () => {
  it("passes the sequence that was received", () => {
    expectSequence(received, expected);
  });

  it("fails when an event is missing", () => {
    expect(() =>
      expectSequence(
        received.filter((e) => e.name !== "CallEstablished"),
        expected,
      ),
    ).toThrow();
  });

  it("fails when two events are swapped", () => {
    const swapped = [received[1], received[0], ...received.slice(2)];
    expect(() => expectSequence(swapped, expected)).toThrow();
  });

  it("fails when an extra event arrived", () => {
    expect(() => expectSequence([...received, ev("CallEnd", 0)], expected)).toThrow();
  });

  it("fails on a wrong RequestId or a wrong key field", () => {
    const wrongId = received.map((e) => (e.name === "CallEstablished" ? ev("CallEstablished", 4) : e));
    expect(() => expectSequence(wrongId, expected)).toThrow();
    const wrongField = received.map((e) =>
      e.name === "CallCleared" ? ev("CallCleared", 0, { ClearingPartyType: "NearEnd" }) : e,
    );
    expect(() => expectSequence(wrongField, expected)).toThrow();
  });

  it("shows each received event with the fields its expected step names", () => {
    expect(renderEvents(received, expected).slice(3)).toEqual([
      "AgentStateChange(3) AgentState=Active",
      "CallCleared(0) ClearingPartyType=FarEnd",
    ]);
  });
});

describe("ofCall and ofAgent", () => {
  const mixed = [
    ev("CallConnected", 0, { CallId: 7, AgentId: 1 }),
    ev("AgentStateChange", 0, { CallId: 7, AgentId: 1 }),
    ev("CallConnected", 0, { CallId: 8, AgentId: 2 }),
  ];

  it("picks a call's call events, leaving its agents' state changes to the agents", () => {
    expect(ofCall(mixed, 7).map((e) => e.seq)).toEqual([mixed[0].seq]);
  });

  it("picks every event of one agent, of any category", () => {
    expect(ofAgent(mixed, 1).map((e) => e.seq)).toEqual([mixed[0].seq, mixed[1].seq]);
    expect(ofAgent(mixed, 2).map((e) => e.seq)).toEqual([mixed[2].seq]);
  });
});
