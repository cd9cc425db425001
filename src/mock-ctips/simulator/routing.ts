/**
 * Where a call goes when it reaches a service, and external routing. Delivery: CallDelivered,
 * then the service's queue, external routing, or — for a service that cannot take calls —
 * its reroute target. External routing: RouteRequest when a call reaches an externally
 * routed service, RouteSelect from a client, RouteUsed / RouteRejected / RouteRequestFailed,
 * and default routing when no valid RouteSelect arrives in time. Also the syntax of a
 * destination, which the call requests check too. @see EDK 3-20, EDK 4-23 … 4-26, EDK E-9
 *
 * Imports call-distribution.ts, call-data.ts and world.ts; calls.ts builds on it.
 */
import { callInfo, mediaFields, mergeCallData, parseUserData } from "./call-data.ts";
import { available, clearCall, present, scheduleDistribution } from "./call-distribution.ts";
import { type CallRt, Fault, type Origin, type ServiceRt, type World } from "./world.ts";

// ---------------------------------------------------------------------------------------
// Delivery to a service

/**
 * Service states that take calls into the queue; only Active distributes them. The others
 * (InActive, Holiday, Failed, UnManned, …) send calls to the reroute target (inference).
 */
export const QUEUEING_STATES: ReadonlySet<string> = new Set(["Active", "Pause", "Wait", "Activating"]);

/**
 * The call reaches a service: CallDelivered, then external routing, the queue, or — for a
 * service that cannot take calls — "reroute logic" to its reroute target. @see EDK E-9
 */
export function deliverToService(w: World, call: CallRt, serviceId: number, origin: Origin, depth = 0): void {
  const svc = w.services.get(serviceId) as ServiceRt;
  call.serviceId = serviceId;
  call.destType = "Service";
  call.destination = String(serviceId);
  call.callState = "CallDelivered";
  w.emit(
    "CTICallDelivered",
    { ...w.callFields(call, 0), CallType: call.callType, ANI: call.ani, DNIS: call.dnis },
    origin,
  );
  if (QUEUEING_STATES.has(svc.state)) {
    if (svc.cfg.externalRouting && svc.state === "Active") {
      startRouting(w, call, svc);
      return;
    }
    w.setPhase(call, "queued");
    svc.queue.push(call.callId);
    scheduleDistribution(w, svc);
    return;
  }
  const target = svc.cfg.rerouteServiceId;
  // depth bounds reroute cycles that setServiceState can create at run time
  if (target !== undefined && depth < 8) {
    deliverToService(w, call, target, null, depth + 1);
    return;
  }
  clearCall(w, call, null, null, "Internal");
}

// ---------------------------------------------------------------------------------------
// Destination syntax (RouteSelect and the call requests)

/** Dialable: digits and the keypad's * # and a leading +. */
export const DIALABLE = /^\+?[0-9*#]+$/;

/** Syntax of a destination, checked before anything happens: a wrong kind of address is a fault. */
export function checkDestinationSyntax(type: string, address: string, allowed: readonly string[]): void {
  if (!allowed.includes(type)) {
    throw new Fault("InvalidDestination", `DestinationType ${type} is not one of ${allowed.join(", ")}`);
  }
  if (type === "NoDestination") return;
  if (address === "")
    throw new Fault("InvalidDestination", `DestinationAddress is empty for DestinationType ${type}`);
  if (type === "Service" && !/^[0-9]+$/.test(address)) {
    throw new Fault("InvalidDestination", `DestinationAddress ${address} is not a ServiceId`);
  }
  if (type === "External" && !DIALABLE.test(address)) {
    throw new Fault("InvalidDestination", `DestinationAddress ${address} is not a dialable number`);
  }
}

// ---------------------------------------------------------------------------------------
// External routing

const ROUTE_TYPES = ["RouteToAgent", "RouteToService", "RouteToExternal", "RouteToDefault"] as const;
const DEST_OF: Record<string, string> = {
  RouteToAgent: "Agent",
  RouteToService: "Service",
  RouteToExternal: "External",
};

/** The call waits at Sx for a RouteSelect; RouteRequest goes out with RequestId 0. */
export function startRouting(w: World, call: CallRt, svc: ServiceRt): void {
  w.setPhase(call, "routing");
  const timeoutMs = w.timings.routeTimeoutMs ?? svc.cfg.routeTimeoutMs ?? 0;
  call.route = {
    serviceId: svc.cfg.serviceId,
    timer: w.after(timeoutMs, () => {
      call.route = null;
      routeDefault(w, call, svc, null);
    }),
  };
  w.emit(
    "CTIRouteRequest",
    {
      ...w.callFields(call, 0),
      RouteTimeout: Math.ceil(timeoutMs / 1000), // "maximum number of seconds" @see EDK 4-23
      ...w.trunkFields(call),
      ...mediaFields(w),
      CallInfo: callInfo(call),
    },
    null,
  );
}

/**
 * Default routing: to the service's reroute target, or cleared when it has none. After a
 * timeout the RouteUsed carries RequestId 0 and RouteDefaultUsed. @see EDK 4-24
 */
function routeDefault(w: World, call: CallRt, svc: ServiceRt, origin: Origin): void {
  const target = svc.cfg.rerouteServiceId;
  w.emit(
    "CTIRouteUsed",
    {
      ...w.callFields(call, 0),
      RouteStatus: origin ? "RouteSuccess" : "RouteDefaultUsed",
      RouteType: origin || target === undefined ? "RouteToDefault" : "RouteToService",
      RouteDestination: target === undefined ? "" : String(target),
    },
    origin,
  );
  if (target === undefined) clearCall(w, call, null, null, "Internal");
  else deliverToService(w, call, target, null);
}

function rejected(w: World, origin: Origin, call: CallRt | undefined, callId: number, reason: string): void {
  w.emit(
    "CTIRouteRejected",
    { ...(call ? w.callFields(call, 0) : { CallId: callId }), RouteRejectReason: reason },
    origin,
  );
}

function failed(
  w: World,
  origin: Origin,
  call: CallRt | undefined,
  callId: number,
  type: string,
  reason: string,
): void {
  w.emit(
    "CTIRouteRequestFailed",
    { ...(call ? w.callFields(call, 0) : { CallId: callId }), FailureType: type, FailureReason: reason },
    origin,
  );
}

/**
 * A RouteSelect the system refuses whatever it names (the refuse-route fault): RouteRejected
 * (DestinationBusy) or RouteRequestFailed for the call, which keeps waiting for a route
 * until its timeout. @see EDK 4-25, EDK 4-26
 */
export function refuseRoute(
  w: World,
  args: Record<string, unknown>,
  origin: Origin,
  event: "RouteReject" | "RouteRequestFailed",
): void {
  const callId = args.CallId as number;
  const call = w.liveCall(callId);
  if (event === "RouteReject") rejected(w, origin, call, callId, "DestinationBusy");
  else failed(w, origin, call, callId, "RequestFailed", "the route was refused (fault injected by the kit)");
}

/** @see EDK 3-20 RouteSelect */
export function routeSelect(w: World, args: Record<string, unknown>, origin: Origin): void {
  const callId = args.CallId as number;
  const routeType = args.RouteActionType as string;
  const address = typeof args.DestinationAddress === "string" ? args.DestinationAddress : "";
  if (callId <= 0) throw new Fault("InvalidCallId", `CallId ${callId} is not a call identifier`);
  if (!(ROUTE_TYPES as readonly string[]).includes(routeType)) {
    throw new Fault(
      "InvalidRouteType",
      `RouteActionType ${routeType} is not one of ${ROUTE_TYPES.join(", ")}`,
    );
  }
  // RouteToAgent: the guide says both "the index of the agent" and "the AgentLoginName"; both are accepted.
  if (routeType === "RouteToAgent" && address === "")
    throw new Fault("InvalidDestination", "DestinationAddress is empty for RouteToAgent");
  if (routeType === "RouteToService" || routeType === "RouteToExternal") {
    checkDestinationSyntax(DEST_OF[routeType], address, [DEST_OF[routeType]]);
  }
  const userData = parseUserData(args.UserData);

  const call = w.liveCall(callId);
  if (!call) {
    if (w.endedCallIds.has(callId)) {
      rejected(w, origin, undefined, callId, "CallCleared");
      return;
    }
    failed(w, origin, undefined, callId, "InvalidCallId", `call ${callId} does not exist`);
    return;
  }
  if (call.phase !== "routing" || !call.route) {
    rejected(w, origin, call, callId, "CallAlreadyRouted");
    return;
  }
  const svc = w.services.get(call.route.serviceId) as ServiceRt;

  let go: () => void;
  let destination: string;
  if (routeType === "RouteToAgent") {
    const agent = /^[0-9]+$/.test(address) ? w.agents.get(Number(address)) : w.byLogin.get(address);
    if (!agent) {
      rejected(w, origin, call, callId, "NoRouteToDestination");
      return;
    }
    if (!available(w, agent)) {
      const state = agent.login === "LoggedIn" ? agent.state : "logged out";
      failed(w, origin, call, callId, "DestinationAgentNotAvailable", `${agent.cfg.loginName} is ${state}`);
      return;
    }
    destination = String(agent.cfg.agentId);
    go = () => {
      call.destType = "Agent";
      call.destination = destination;
      present(w, call, agent, null);
    };
  } else if (routeType === "RouteToService") {
    const target = w.services.get(Number(address));
    if (!target) {
      rejected(w, origin, call, callId, "NoRouteToDestination");
      return;
    }
    if (!QUEUEING_STATES.has(target.state) && target.cfg.rerouteServiceId === undefined) {
      failed(w, origin, call, callId, "NoActiveService", `service ${address} is ${target.state}`);
      return;
    }
    destination = address;
    go = () => deliverToService(w, call, target.cfg.serviceId, null);
  } else if (routeType === "RouteToExternal") {
    destination = address;
    go = () => {
      call.destType = "External";
      call.destination = address;
      call.parties.push({ kind: "trunk", role: "external", address, state: "connected" });
      w.setPhase(call, "external");
    };
  } else {
    call.route.timer.cancel();
    call.route = null;
    mergeCallData(call.callData, userData);
    routeDefault(w, call, svc, origin);
    return;
  }

  call.route.timer.cancel();
  call.route = null;
  mergeCallData(call.callData, userData);
  w.emit(
    "CTIRouteUsed",
    {
      ...w.callFields(call, 0),
      RouteStatus: "RouteSuccess",
      RouteType: routeType,
      RouteDestination: destination,
    },
    origin,
  );
  go();
}
