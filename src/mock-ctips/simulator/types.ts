/**
 * The simulator's public interface: the contact center behind the mock CTIPS. It knows no
 * HTTP and no SOAP; the session layer turns SOAP requests into `handle()` calls and
 * delivers the `onEvent` stream to the sessions that subscribed.
 */
import type { Topology } from "./topology.ts";

export interface SimEvent {
  /** Concrete wire type, e.g. "CTICallDelivered". */
  type: string;
  /** Every member of the type, RequestId included (0 when unsolicited). */
  value: Record<string, unknown>;
  /** Set on events solicited by a request: the session and RequestId that caused them. */
  origin?: { sessionId: string; requestId: number };
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export interface SimRequestContext {
  sessionId: string;
  tenantId: number;
  /**
   * RouteSelect only (the refuse-route fault): instead of routing, answer with this failure
   * event for the call and leave its route pending until the timeout.
   */
  refuseRoute?: "RouteReject" | "RouteRequestFailed";
}

export type SimResult =
  | { ok: true }
  | { ok: false; fault: { code: string /* FaultErrorCode name */; message: string } };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Durations of the simulated world, all in milliseconds. Defaults: `defaultTimings` in simulator.ts. */
export interface SimTimings {
  /** CallOffered → CallDelivered: the service's script identifies and queues an inbound call. */
  deliverMs: number;
  /** A queued call and an idle agent → CallConnected: the ACD selects the agent and rings the phone. */
  distributeMs: number;
  /** An external number dialled by MakeCall / ConsultationCall answers. */
  farEndAnswerMs: number;
  /** EnterPasscode → the agent keys the digits and the login completes (when passcodes are not bypassed). */
  passcodeMs: number;
  /** RouteRequest → default routing; `null` = each service's own `routeTimeoutMs`. */
  routeTimeoutMs: number | null;
  /** Wrap → automatic end of wrap (disposition 0); 0 = wrap lasts until SetDisposition. */
  wrapMs: number;
  /** Gap between consecutive events of one step; 0 = back to back (still asynchronous, in order). */
  eventGapMs: number;
}

export interface CreateCallInput {
  serviceId: number;
  ani: string;
  dnis: string;
  callData?: { key: string; value: string }[];
}

export interface SimControl {
  /** A customer calls the service. */
  createCall(i: CreateCallInput): { callId: number };
  /** The customer (or the external party) of a call hangs up. */
  hangup(callId: number): void;
  /** The agent lifts the handset to answer the call ringing at their station. */
  answer(loginName: string): void;
  /** A link of the Unified IP system goes up or down (LinkStatus). */
  setLink(component: "Gateway" | "CenterCord", state: "up" | "down"): void;
  /** A supervisor changes a service's state (ServiceStateChange); `state` is a CTIServiceState name. */
  setServiceState(serviceId: number, state: string): void;
  /** An administrator turns the Gateway's passcode prompt on or off (EnterPasscode at login); reset() restores the topology's. @see EDK 4-7 */
  setGatewayPasscode(required: boolean): void;
  /** Back to the topology's initial world: all agents logged out, no calls, links up, timers cancelled. */
  reset(): void;
  /** A JSON-friendly dump of agents, calls, services and links, for humans and tests. */
  state(): unknown;
}

export interface Simulator {
  /** Validated args of one of the 18 agent/call/route operations (not the 9 session operations). Returns synchronously (the SOAP response); events follow asynchronously through onEvent, never before this returns. */
  handle(operation: string, args: Record<string, unknown>, ctx: SimRequestContext): SimResult;
  onEvent(listener: (e: SimEvent) => void): () => void;
  snapshot(): {
    agents: Record<string, unknown>[] /* CTISnapShotAgentData values */;
    calls: Record<string, unknown>[] /* CTISnapShotCallData */;
    services: Record<string, unknown>[] /* CTISnapShotServiceData */;
  };
  control: SimControl;
  /** Cancels timers and drops undelivered events. */
  close(): void;
}

export interface SimulatorOptions {
  topology?: Topology;
  clock?: Clock;
  timings?: Partial<SimTimings>;
  logger?: Logger;
  /**
   * Whether anyone could receive an event of this wire type (`CTIAgentStateChange`) now;
   * when it answers no, the event is neither built nor queued. Default: always yes.
   * The mock CTIPS answers whether any session subscribes to one of the type's categories.
   */
  audience?: (eventType: string) => boolean;
}
