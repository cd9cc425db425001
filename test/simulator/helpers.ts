/**
 * Shared harness for the simulator tests: a manual clock, fast timings, requests with every
 * argument member filled, and an event log where every event is validated against its
 * schema as it arrives (an invalid event fails the next read of the log).
 */
import { contract } from "../../src/contract/schemas.ts";
import { createManualClock } from "../../src/mock-ctips/simulator/clock.ts";
import { fill } from "../../src/mock-ctips/simulator/events.ts";
import { createSimulator } from "../../src/mock-ctips/simulator/simulator.ts";
import type { Topology } from "../../src/mock-ctips/simulator/topology.ts";
import type { SimEvent, SimResult, SimTimings } from "../../src/mock-ctips/simulator/types.ts";

export const FAST: Partial<SimTimings> = {
  deliverMs: 10,
  distributeMs: 20,
  farEndAnswerMs: 30,
  passcodeMs: 40,
  wrapMs: 0,
  eventGapMs: 0,
};

/** Long enough for any chain of FAST steps to settle. */
export const SETTLE_MS = 200;

export type Ev = { type: string; v: Record<string, unknown>; origin?: SimEvent["origin"] };

export function setup(opts: { topology?: Topology; timings?: Partial<SimTimings> } = {}) {
  const clock = createManualClock(1_000);
  const sim = createSimulator({ clock, topology: opts.topology, timings: { ...FAST, ...opts.timings } });
  const log: Ev[] = [];
  const invalid: string[] = [];
  let cursor = 0;
  let nextRequestId = 1;
  sim.onEvent((e) => {
    const errors = contract().validate(e.type, e.value);
    if (errors.length > 0) invalid.push(`${e.type}: ${JSON.stringify(errors)} in ${JSON.stringify(e.value)}`);
    if (e.origin && e.origin.requestId !== e.value.RequestId)
      invalid.push(`${e.type}: origin ${e.origin.requestId} ≠ RequestId ${e.value.RequestId}`);
    log.push({ type: e.type.replace(/^CTI/, ""), v: e.value, origin: e.origin });
  });
  const checked = (): void => {
    if (invalid.length > 0) throw new Error(`events failed their schema:\n${invalid.join("\n")}`);
  };

  return {
    sim,
    clock,
    /** Sends a request with every member filled (SessionId s1, TenantId 1, a fresh RequestId unless given). */
    req(op: string, args: Record<string, unknown> = {}): { rid: number; result: SimResult } {
      const typeName = contract().operation(op).params[0].typeText;
      const rid = (args.RequestId as number | undefined) ?? nextRequestId++;
      const full = fill(typeName, { SessionId: "s1", TenantId: 1, ...args, RequestId: rid });
      const argErrors = contract().validate(typeName, full);
      if (argErrors.length > 0)
        throw new Error(`test sent invalid ${typeName}: ${JSON.stringify(argErrors)}`);
      const result = sim.handle(op, full, { sessionId: "s1", tenantId: 1 });
      return { rid, result };
    },
    /** Lets `ms` of simulated time pass (0 delivers what is queued). */
    run(ms = SETTLE_MS): void {
      clock.advance(ms);
    },
    /** Events since the last take, each already schema-checked. */
    take(): Ev[] {
      checked();
      const out = log.slice(cursor);
      cursor = log.length;
      return out;
    },
    all(): Ev[] {
      checked();
      return [...log];
    },
    login(name: string, init = "Idle"): number {
      const { result } = this.req("LoginAgent", { AgentLoginName: name, StationId: "", InitState: init });
      if (!result.ok) throw new Error(`login of ${name} faulted: ${result.fault.message}`);
      this.run();
      const ev = this.take().find((e) => e.type === "AgentLoginStateChange" && e.v.AgentLoginName === name);
      if (!ev) throw new Error(`${name} did not log in`);
      return ev.v.AgentId as number;
    },
  };
}

export type Env = ReturnType<typeof setup>;

/** "Type" or "Type(key=value,…)" summaries, for sequence assertions that read like the flows. */
export function seq(events: Ev[], ...keys: string[]): string[] {
  return events.map((e) => {
    const parts = keys.filter((k) => e.v[k] !== undefined).map((k) => `${k}=${String(e.v[k])}`);
    return parts.length > 0 ? `${e.type}(${parts.join(",")})` : e.type;
  });
}

export const types = (events: Ev[]): string[] => events.map((e) => e.type);

const CALL_EVENT = /^(Call|Digits)/;
/** Call events of one call, in order. */
export const ofCall = (events: Ev[], callId: number): Ev[] =>
  events.filter((e) => CALL_EVENT.test(e.type) && e.v.CallId === callId);
/** Agent-category events of one agent, in order. */
export const ofAgent = (events: Ev[], agentId: number): Ev[] =>
  events.filter((e) => e.v.EventCategory === "EventCategoryAgent" && e.v.AgentId === agentId);
export const agentStates = (events: Ev[], agentId: number): string[] =>
  ofAgent(events, agentId)
    .filter((e) => e.type === "AgentStateChange")
    .map((e) => e.v.AgentState as string);

export function only(events: Ev[], type: string): Ev {
  const found = events.filter((e) => e.type === type);
  if (found.length !== 1)
    throw new Error(`expected one ${type}, found ${found.length}: ${types(events).join(" ")}`);
  return found[0];
}

/** The id of the call a control createCall made, after it rang at the given agent. */
export function connectedTo(events: Ev[], agentId: number): number {
  const e = events.find((x) => x.type === "CallConnected" && x.v.AgentId === agentId);
  if (!e) throw new Error(`no CallConnected for agent ${agentId}: ${types(events).join(" ")}`);
  return e.v.CallId as number;
}

/** A customer call to `serviceId`, ringing at and accepted by `agentId`; the log is taken. */
export function establish(env: Env, agentId: number, serviceId = 100): number {
  const { callId } = env.sim.control.createCall({ serviceId, ani: "5551000", dnis: "8000" });
  env.run();
  const rang = connectedTo(env.take(), agentId);
  if (rang !== callId) throw new Error(`call ${callId} rang at another call id ${rang}`);
  const { result } = env.req("AcceptCall", { AgentIdx: agentId, CallId: callId, AcceptCall: true });
  if (!result.ok) throw new Error(result.fault.message);
  env.run();
  env.take();
  return callId;
}
