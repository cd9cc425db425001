/**
 * E-3 over real SOAP: a RouteSelect to an invalid destination is rejected, the route stays
 * pending, and after the configured RouteTimeout the call is default-routed with
 * RouteUsed(RequestId 0, RouteDefaultUsed) (EDK 4-24, 4-26; docs/flows.md E-3). Here the
 * route timeout is 300 ms; the time is read from the recording client's monotonic timeline.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectSequence, ofAgent, ofCall } from "./sequence.ts";
import {
  eventsSince,
  login,
  quiet,
  send,
  startWireWorld,
  waitEvent,
  waitState,
  type WireWorld,
} from "./world.ts";

const ROUTE_TIMEOUT_MS = 300;
/** RouteUsed must come after the timeout and before this much more. */
const MARGIN_MS = 700;

let w: WireWorld;
beforeEach(async () => {
  w = await startWireWorld({ config: { timings: { routeTimeoutMs: ROUTE_TIMEOUT_MS } } });
});
afterEach(async () => {
  await w.close();
});

const ms = (ns: number) => ns / 1e6;

describe("E-3: route request, route select to an invalid destination", () => {
  it("rejects the select, then after RouteTimeout default-routes with RouteUsed(0, RouteDefaultUsed) to the reroute target", async () => {
    const s = w.session;
    const a = await login(s, "agent1");
    const mark = w.timeline.length;
    const createdAt = ms(w.timeline.now());
    const c1 = await w.control.createCall(400);
    await waitEvent(s, { type: "RouteRequest", callId: c1 });
    const r1 = await send(s, "RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToService",
      DestinationAddress: "999",
    });
    await waitEvent(s, { type: "CTIRouteRejected", requestId: r1 });
    const used = await waitEvent(s, { type: "RouteUsed", callId: c1 });
    await waitState(s, a, "PendingActive", mark);
    await quiet(w.timeline);
    const ev = eventsSince(s, mark);

    // The timer starts when the call reaches service 400, after the control request was sent.
    const after = ms(used.monoNs) - createdAt;
    expect(after).toBeGreaterThanOrEqual(ROUTE_TIMEOUT_MS);
    expect(after).toBeLessThan(ROUTE_TIMEOUT_MS + MARGIN_MS);

    expectSequence(ofCall(ev, c1), [
      ["CallStarted", 0, { ServiceId: 400 }],
      ["CallOffered", 0, { ServiceId: 400 }],
      ["CallDelivered", 0, { ServiceId: 400 }],
      ["RouteRequest", 0, { ServiceId: 400, RouteTimeout: 1 }],
      // CTIRouteRejected: the guide's "RouteRejected", EventType RouteReject on the wire.
      ["RouteReject", r1, { RouteRejectReason: "NoRouteToDestination" }],
      [
        "RouteUsed",
        0,
        {
          RouteStatus: "RouteDefaultUsed",
          RouteType: "RouteToService",
          RouteDestination: "100",
          ServiceId: 400,
        },
      ],
      ["CallDelivered", 0, { ServiceId: 100 }],
      ["CallConnected", 0, { ServiceId: 100, AgentId: a }],
    ]);
    expectSequence(ofAgent(ev, a), [
      ["CallConnected", 0, { CallId: c1 }],
      ["AgentStateChange", 0, { AgentState: "PendingActive", CallId: c1 }],
    ]);
  });

  it("default-routes after RouteTimeout when no client selects at all", async () => {
    const s = w.session;
    const createdAt = ms(w.timeline.now());
    const c1 = await w.control.createCall(400);
    const request = await waitEvent(s, { type: "RouteRequest", callId: c1 });
    const used = await waitEvent(s, { type: "RouteUsed", callId: c1 });
    expect(used.requestId).toBe(0);
    expect(used.payload).toMatchObject({ RouteStatus: "RouteDefaultUsed", RouteDestination: "100" });
    expect(ms(used.monoNs) - createdAt).toBeGreaterThanOrEqual(ROUTE_TIMEOUT_MS);
    expect(ms(used.monoNs - request.monoNs)).toBeLessThan(ROUTE_TIMEOUT_MS + MARGIN_MS);
  });

  it("uses a valid select made before the timeout, so no default route follows", async () => {
    const s = w.session;
    const c1 = await w.control.createCall(400);
    await waitEvent(s, { type: "RouteRequest", callId: c1 });
    const r1 = await send(s, "RouteSelect", {
      CallId: c1,
      RouteActionType: "RouteToService",
      DestinationAddress: "200",
    });
    const used = await waitEvent(s, { type: "RouteUsed", requestId: r1 });
    expect(used.payload).toMatchObject({ RouteStatus: "RouteSuccess", RouteDestination: "200" });
    const until = ms(used.monoNs) + ROUTE_TIMEOUT_MS + 100;
    await new Promise((r) => setTimeout(r, until - ms(w.timeline.now())));
    expect(s.events({ type: "RouteUsed" }).map((e) => e.requestId)).toEqual([r1]);
  });
});
