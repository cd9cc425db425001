/**
 * Every fault-injection switch (src/mock-ctips/faults.ts, docs/fault-injection.md) added
 * through `POST /control/faults` and shown on the wire: what the recording client records
 * (its timeline, the raw XML, the decoder's deviations) for the exchange that triggers it.
 * The switches whose effect is a time live in faults.timing.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAULT_NAMES } from "../../src/mock-ctips/faults.ts";
import type { TimelineEntry } from "../../src/timeline/index.ts";
import { expectSequence, ofCall, type Step } from "./sequence.ts";
import {
  ControlError,
  eventsSince,
  login,
  quiet,
  send,
  sendOutcome,
  startWireWorld,
  waitEvent,
  waitState,
  type WireWorld,
} from "./world.ts";

let w: WireWorld;
beforeEach(async () => {
  w = await startWireWorld();
});
afterEach(async () => {
  await w.close();
});

/** agent1 logs in; a customer calls service 100 and it rings at agent1. Returns the call's events. */
async function inboundCall(): Promise<{ c1: number; events: TimelineEntry[] }> {
  const s = w.session;
  const a = await login(s, "agent1");
  const mark = w.timeline.length;
  const c1 = await w.control.createCall(100);
  await waitState(s, a, "PendingActive", mark);
  await quiet(w.timeline);
  return { c1, events: ofCall(eventsSince(s, mark), c1) };
}

/** The unfaulted sequence of inboundCall(). */
const RINGING: Step[] = [
  ["CallStarted", 0],
  ["CallOffered", 0],
  ["CallDelivered", 0],
  ["CallConnected", 0],
];

/** GetAgentState for agent1 (logged in first); resolves with the request and what answered it. */
async function getAgentState(agentId: number) {
  const outcome = await sendOutcome(w.session, "GetAgentState", { AgentIdx: agentId });
  return outcome;
}

const sessionScope = () => ({ session: w.session.sessionId });

describe("fault injection on the wire", () => {
  it("covers every switch in FAULT_NAMES (this file and faults.timing.test.ts)", () => {
    const here = [
      "fault-response",
      "drop-response",
      "drop-events",
      "duplicate-events",
      "reorder-events",
      "omit-field",
      "corrupt-field",
      "wrong-request-id",
      "unsolicited-request-id",
      "events-while-offline",
      "accept-extra-session",
      "wire-order",
      "extra-member",
      "unprefixed-xsi-type",
      "omit-optional",
      "refuse-route",
    ];
    const timed = ["delay-response", "delay-events", "stop-heartbeats", "heartbeat-interval"];
    expect([...here, ...timed].sort()).toEqual([...FAULT_NAMES].sort());
  });

  it("fault-response: answers the scoped operation with that CTIPortalServiceFault and sends no event", async () => {
    const a = await login(w.session, "agent1");
    await w.control.addFault({
      name: "fault-response",
      scope: { ...sessionScope(), operation: "GetAgentState" },
      params: { code: "InvalidRequest", message: "injected by the test" },
    });
    const faulted = await getAgentState(a);
    expect(faulted.ok).toBe(false);
    expect(faulted.response).toMatchObject({ kind: "fault", httpStatus: 500, faultCode: "InvalidRequest" });
    expect(faulted.response.raw).toContain("<ErrorCode>InvalidRequest</ErrorCode>");
    expect(faulted.ok ? undefined : faulted.fault.detail).toEqual({
      ErrorCode: "InvalidRequest",
      Message: "injected by the test",
    });
    // Another operation is answered as usual.
    const other = await sendOutcome(w.session, "SetAgentState", { AgentIdx: a, NewState: "NotReady" });
    expect(other.ok).toBe(true);
    await waitEvent(w.session, { type: "AgentStateChange", requestId: other.requestId });
    await quiet(w.timeline);
    expect(w.session.byRequestId(faulted.requestId as number).events).toEqual([]);
  });

  it("drop-response: closes the connection without an answer; the client records a transportError", async () => {
    const a = await login(w.session, "agent1");
    await w.control.addFault({ name: "drop-response", scope: { operation: "GetAgentState" } });
    await expect(getAgentState(a)).rejects.toMatchObject({ code: "CTIPSKIT_E_TRANSPORT" });
    const request = w.timeline.entries.findLast((e) => e.kind === "request" && e.name === "GetAgentState");
    const answer = w.timeline.entries.find((e) => e.replyTo === request?.seq);
    expect(answer).toMatchObject({ kind: "transportError", code: "UND_ERR_SOCKET" });
    await quiet(w.timeline);
    expect(w.session.byRequestId(request?.requestId as number).events).toEqual([]);
  });

  it("drop-events: the matching event never reaches the client, and the flow helper reports it missing", async () => {
    await w.control.addFault({ name: "drop-events", scope: { ...sessionScope(), eventType: "CallOffered" } });
    const { events } = await inboundCall();
    expect(() => expectSequence(events, RINGING)).toThrow(/to deeply equal/);
    expectSequence(events, [
      ["CallStarted", 0],
      ["CallDelivered", 0],
      ["CallConnected", 0],
    ]);
  });

  it("duplicate-events: the matching event arrives twice in a row", async () => {
    await w.control.addFault({ name: "duplicate-events", scope: { eventType: "CallDelivered" } });
    const { events } = await inboundCall();
    expectSequence(events, [
      ["CallStarted", 0],
      ["CallOffered", 0],
      ["CallDelivered", 0],
      ["CallDelivered", 0],
      ["CallConnected", 0],
    ]);
    const [first, second] = events.filter((e) => e.name === "CallDelivered");
    expect(second.payload).toEqual(first.payload);
  });

  it("reorder-events: the matching event is held back and arrives after the next one", async () => {
    await w.control.addFault({ name: "reorder-events", scope: { eventType: "CallStarted" }, count: 1 });
    const { events } = await inboundCall();
    expectSequence(events, [
      ["CallOffered", 0],
      ["CallStarted", 0],
      ["CallDelivered", 0],
      ["CallConnected", 0],
    ]);
    expect(await w.control.faults()).toEqual([]);
  });

  it("omit-field: the member is missing from the event XML; the client's decoder reports missing-required", async () => {
    await w.control.addFault({
      name: "omit-field",
      scope: { eventType: "CallDelivered" },
      params: { field: "ANI" },
    });
    const { events } = await inboundCall();
    const delivered = events.find((e) => e.name === "CallDelivered") as TimelineEntry;
    expect(delivered.raw).not.toMatch(/ANI>/);
    expect(delivered.payload).not.toHaveProperty("ANI");
    expect(delivered.deviations).toEqual([
      expect.objectContaining({ kind: "missing-required", path: expect.stringMatching(/\/ANI$/) }),
    ]);
    expect(events.filter((e) => e !== delivered && e.deviations)).toEqual([]);
  });

  it.each([
    {
      what: "an enum name that does not exist",
      field: "CallType",
      value: "NoSuchCallType",
      kind: "unknown-enum",
    },
    { what: "letters in an int", field: "CallOriginatingSiteId", value: "one", kind: "bad-type" },
  ])(
    "corrupt-field with $what: the member carries the text; the client's decoder reports $kind",
    async ({ field, value, kind }) => {
      await w.control.addFault({
        name: "corrupt-field",
        scope: { eventType: "CallDelivered" },
        params: { field, value },
      });
      const { events } = await inboundCall();
      const delivered = events.find((e) => e.name === "CallDelivered") as TimelineEntry;
      expect(delivered.raw).toMatch(new RegExp(`${field}>${value}</`));
      expect(delivered.deviations).toEqual([
        expect.objectContaining({ kind, path: expect.stringMatching(new RegExp(`/${field}$`)) }),
      ]);
      expect(events.filter((e) => e !== delivered && e.deviations)).toEqual([]);
    },
  );

  it("wrong-request-id: a solicited event carries its request's RequestId plus the offset", async () => {
    const a = await login(w.session, "agent1");
    await w.control.addFault({
      name: "wrong-request-id",
      scope: { eventType: "AgentStateChange" },
      params: { offset: 5 },
    });
    const { requestId } = await getAgentState(a);
    const e = await waitEvent(w.session, { type: "AgentStateChange", requestId: (requestId as number) + 5 });
    expect(e.payload).toMatchObject({ AgentId: a, AgentState: "Idle" });
    expect(w.session.byRequestId(requestId as number).events).toEqual([]);
  });

  it("unsolicited-request-id: an unsolicited event carries the given non-zero RequestId", async () => {
    await w.control.addFault({
      name: "unsolicited-request-id",
      scope: { eventType: "CallStarted" },
      params: { value: 4242 },
    });
    const { events } = await inboundCall();
    expectSequence(events, [
      ["CallStarted", 4242],
      ["CallOffered", 0],
      ["CallDelivered", 0],
      ["CallConnected", 0],
    ]);
  });

  it("events-while-offline: an offline session receives events, which it does not without the fault", async () => {
    const s = w.session;
    const offline = await s.offline();
    expect(offline.ok).toBe(true);
    const c1 = await w.control.createCall(100);
    await quiet(w.timeline, 150);
    expect(eventsSince(s, offline.response.seq)).toEqual([]);

    await w.control.addFault({ name: "events-while-offline", scope: sessionScope() });
    const c2 = await w.control.createCall(100);
    await waitEvent(s, { type: "CallDelivered", callId: c2 }, offline.response.seq);
    await quiet(w.timeline);
    const after = eventsSince(s, offline.response.seq);
    expect(after.map((e) => [e.name, e.callId])).toEqual([
      ["CallStarted", c2],
      ["CallOffered", c2],
      ["CallDelivered", c2],
    ]);
    expect(after.some((e) => e.callId === c1)).toBe(false);
    expect(s.state).toBe("offline");
  });

  it("accept-extra-session: the 11th OpenConnection is accepted once (count 1), then refused again", async () => {
    const more = { categories: [], online: false };
    for (let i = 2; i <= 10; i++) await w.client.openSession(more);
    const refusal = {
      code: "CTIPSKIT_E_SOAP_FAULT",
      details: { fault: { detail: { ErrorCode: "MaxNumberClientConnections" } } },
    };
    await expect(w.client.openSession(more)).rejects.toMatchObject(refusal);

    await w.control.addFault({ name: "accept-extra-session", count: 1 });
    const eleventh = await w.client.openSession(more);
    expect(eleventh.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(w.client.openSession(more)).rejects.toMatchObject(refusal);
    const state = (await w.control.call("GET", "state")) as { sessions: unknown[] };
    expect(state.sessions).toHaveLength(11);
  });

  it("wire-order: the event's members are written out of WCF order; the client's decoder reports member-order", async () => {
    await w.control.addFault({ name: "wire-order", scope: { eventType: "CallDelivered" } });
    const { events } = await inboundCall();
    const delivered = events.find((e) => e.name === "CallDelivered") as TimelineEntry;
    const raw = delivered.raw as string;
    expect(raw.indexOf("DNIS>")).toBeLessThan(raw.indexOf("ANI>"));
    expect(raw.indexOf("CallId>")).toBeGreaterThan(raw.indexOf("ANI>"));
    expect(delivered.deviations).toEqual([expect.objectContaining({ kind: "member-order" })]);
    expect(delivered.payload).toMatchObject({ ANI: "5551234", CallType: "InboundAcd" });
    const connected = events.find((e) => e.name === "CallConnected") as TimelineEntry;
    expect((connected.raw as string).indexOf("ANI>")).toBeLessThan(
      (connected.raw as string).indexOf("DNIS>"),
    );
    expect(connected.deviations).toBeUndefined();
  });
});

describe("refuse-route", () => {
  it.each([
    { event: undefined, expected: "RouteReject", fields: { RouteRejectReason: "DestinationBusy" } },
    { event: "RouteRequestFailed", expected: "RouteRequestFailed", fields: { FailureType: "RequestFailed" } },
  ])(
    "answers a RouteSelect with $expected carrying its RequestId; the route stays pending (a second RouteSelect routes the call)",
    async ({ event, expected, fields }) => {
      const s = w.session;
      await w.control.addFault({
        name: "refuse-route",
        scope: sessionScope(),
        params: event ? { event } : {},
        count: 1,
      });
      const mark = w.timeline.length;
      const c1 = await w.control.createCall(400);
      await waitEvent(s, { type: "RouteRequest", callId: c1 });
      const select = { CallId: c1, RouteActionType: "RouteToService", DestinationAddress: "200" };
      const r1 = await send(s, "RouteSelect", select);
      await waitEvent(s, { type: expected, requestId: r1 });
      const r2 = await send(s, "RouteSelect", select);
      await waitEvent(s, { type: "RouteUsed", requestId: r2 });
      await quiet(w.timeline);
      expectSequence(
        ofCall(eventsSince(s, mark), c1).filter((e) => /^Route/.test(e.name ?? "")),
        [
          ["RouteRequest", 0],
          [expected, r1, { CallId: c1, ...fields }],
          ["RouteUsed", r2, { RouteStatus: "RouteSuccess", RouteDestination: "200" }],
        ],
      );
    },
  );
});

describe("variations a conformant client must tolerate", () => {
  it("extra-member: the event ends with a member the contract lacks; the client's decoder drops it and reports unknown-member", async () => {
    await w.control.addFault({
      name: "extra-member",
      scope: { eventType: "CallDelivered" },
      params: { member: "Priority", value: "high" },
    });
    const { events } = await inboundCall();
    const delivered = events.find((e) => e.name === "CallDelivered") as TimelineEntry;
    expect(delivered.raw).toMatch(
      /<Priority xmlns="http:\/\/www\.aspect\.com\/unifiedip\/edk\/clientpublishapi\/2009\/08">high<\/Priority><\/ctiEvent>/,
    );
    expect(delivered.deviations).toEqual([
      expect.objectContaining({ kind: "unknown-member", path: expect.stringMatching(/Priority$/) }),
    ]);
    expect(delivered.payload).toMatchObject({ ANI: "5551234", CallType: "InboundAcd" });
    expect(delivered.payload).not.toHaveProperty("Priority");
  });

  it("unprefixed-xsi-type: xsi:type names the type without a prefix (the default namespace); the decoder reads the same type, no deviation", async () => {
    await w.control.addFault({ name: "unprefixed-xsi-type", scope: { eventType: "CallDelivered" } });
    const { events } = await inboundCall();
    const delivered = events.find((e) => e.name === "CallDelivered") as TimelineEntry;
    expect(delivered.raw).toMatch(/<ctiEvent [^>]*\w+:type="CTICallDelivered"/);
    expect(delivered.deviations).toBeUndefined();
    expect(delivered.payload).toMatchObject({ EventType: "CallDelivered", ANI: "5551234" });
    const connected = events.find((e) => e.name === "CallConnected") as TimelineEntry;
    expect(connected.raw).toMatch(/\w+:type="\w+:CTICallConnected"/);
  });

  it("omit-optional: members that are not IsRequired are left out; no deviation", async () => {
    const s = w.session;
    const a = await login(s, "agent1");
    await w.control.addFault({ name: "omit-optional", scope: { eventType: "AgentStateChange" } });
    const mark = w.timeline.length;
    await w.control.createCall(100);
    const ringing = await waitState(s, a, "PendingActive", mark);
    expect(ringing.raw).not.toMatch(/CallId>/);
    expect(ringing.payload).not.toHaveProperty("CallId");
    expect(ringing.payload).toMatchObject({
      AgentId: a,
      AgentState: "PendingActive",
      ServiceIds: [100, 200],
    });
    expect(ringing.deviations).toBeUndefined();
  });
});

describe("fault lifetime", () => {
  it("applies a fault with count 1 once, then removes it", async () => {
    const a = await login(w.session, "agent1");
    const f = await w.control.addFault({
      name: "wrong-request-id",
      scope: { eventType: "AgentStateChange" },
      count: 1,
    });
    expect(f).toMatchObject({ name: "wrong-request-id", remaining: 1 });
    const first = (await getAgentState(a)).requestId as number;
    await waitEvent(w.session, { type: "AgentStateChange", requestId: first + 1000 });
    expect(await w.control.faults()).toEqual([]);
    const second = (await getAgentState(a)).requestId as number;
    await waitEvent(w.session, { type: "AgentStateChange", requestId: second });
  });

  it("restores normal behaviour when a standing fault is removed", async () => {
    const a = await login(w.session, "agent1");
    const f = await w.control.addFault({ name: "fault-response", scope: { operation: "GetAgentState" } });
    for (let i = 0; i < 2; i++) {
      const faulted = await getAgentState(a);
      expect(faulted.ok ? "ok" : faulted.fault.detail?.ErrorCode).toBe("GeneralError");
    }
    await w.control.removeFault(f.id);
    const answered = await getAgentState(a);
    expect(answered.ok).toBe(true);
    await waitEvent(w.session, { type: "AgentStateChange", requestId: answered.requestId });
    await expect(w.control.removeFault(f.id)).rejects.toMatchObject({ status: 404 });
  });

  it("refuses an unknown fault name with 400 naming the field", async () => {
    const refused = w.control.addFault({ name: "drop-everything" });
    await expect(refused).rejects.toBeInstanceOf(ControlError);
    await expect(refused).rejects.toMatchObject({ status: 400, body: { error: { field: "name" } } });
  });

  it("refuses a scope key the fault could never match, instead of a fault that never applies", async () => {
    await expect(
      w.control.addFault({
        name: "delay-response",
        scope: { eventType: "CallDelivered" },
        params: { ms: 1 },
      }),
    ).rejects.toMatchObject({ status: 400, body: { error: { field: "scope.eventType" } } });
    await expect(
      w.control.addFault({ name: "accept-extra-session", scope: { session: w.session.sessionId } }),
    ).rejects.toMatchObject({ status: 400, body: { error: { field: "scope.session" } } });
    expect(await w.control.faults()).toEqual([]);
  });
});

describe("send (the harness)", () => {
  it("throws when a request is refused, so a flow cannot go on silently", async () => {
    const a = await login(w.session, "agent1");
    await expect(
      send(w.session, "MakeCall", {
        AgentIdx: a,
        CallId: -5,
        DestinationType: "Agent",
        DestinationAddress: "agent2",
      }),
    ).rejects.toThrow(/MakeCall was refused: InvalidCallId/);
  });
});
