/**
 * The control plane: make the simulated world happen (a customer calls, hangs up, an agent
 * answers, a link drops, a service changes state) and make the mock misbehave (faults).
 * The same operations serve in-process callers and the HTTP JSON API under /control.
 * @see docs/control-plane.md
 */
import { isKitError, KitError } from "../contract/errors.ts";
import type { MockCtipsCore } from "./core.ts";
import type { Fault } from "./faults.ts";

export interface ControlPlane {
  createCall(input: unknown): { callId: number };
  hangup(callId: number): void;
  answer(loginName: string): void;
  setLink(component: string, state: string): void;
  setServiceState(serviceId: number, state: string): void;
  /** The Gateway asks agents for the 3-digit passcode at login (true) or bypasses it. */
  setGatewayPasscode(required: boolean): void;
  /**
   * Disposes a session as the CTIPS does when its client misses heartbeats (EDK 4-1): no
   * more heartbeats or events, and requests naming it are refused. For grading a client's
   * recovery (docs/certify-client.md).
   */
  disposeSession(sessionId: string, reason?: string): void;
  addFault(input: unknown): Fault;
  removeFault(id: string): void;
  faults(): Fault[];
  state(): Record<string, unknown>;
  reset(): void;
}

function invalid(field: string, why: string): KitError {
  return new KitError("CTIPSKIT_E_CONTROL_INVALID", `${field} ${why}`, {
    details: { field },
    fix: "see docs/control-plane.md",
  });
}

export function createControlPlane(core: MockCtipsCore): ControlPlane {
  const sim = core.simulator.control;
  return {
    createCall(input) {
      if (!input || typeof input !== "object")
        throw invalid("(body)", "must be an object { serviceId, ani, dnis, callData? }");
      const i = input as Record<string, unknown>;
      if (!Number.isInteger(i.serviceId)) throw invalid("serviceId", "must be a whole number");
      if (typeof i.ani !== "string") throw invalid("ani", "must be a string");
      if (typeof i.dnis !== "string") throw invalid("dnis", "must be a string");
      if (i.callData !== undefined) {
        if (!Array.isArray(i.callData)) throw invalid("callData", "must be an array of { key, value }");
        i.callData.forEach((d, n) => {
          if (!d || typeof d.key !== "string" || typeof d.value !== "string")
            throw invalid(`callData[${n}]`, "must be { key: string, value: string }");
        });
      }
      return sim.createCall({
        serviceId: i.serviceId as number,
        ani: i.ani,
        dnis: i.dnis,
        callData: i.callData as { key: string; value: string }[] | undefined,
      });
    },
    hangup: (callId) => sim.hangup(callId),
    answer: (loginName) => sim.answer(loginName),
    setLink(component, state) {
      if (component !== "Gateway" && component !== "CenterCord")
        throw invalid("component", `'${component}' is not Gateway or CenterCord`);
      if (state !== "up" && state !== "down") throw invalid("state", `'${state}' is not up or down`);
      sim.setLink(component, state);
    },
    setServiceState: (serviceId, state) => sim.setServiceState(serviceId, state),
    setGatewayPasscode(required) {
      if (typeof required !== "boolean") throw invalid("required", "must be true or false");
      sim.setGatewayPasscode(required);
    },
    addFault(input) {
      const f = core.faults.add(input);
      core.timeline.append({
        direction: "out",
        kind: "note",
        code: "fault-added",
        message: `${f.name} ${JSON.stringify(f.scope)}`,
        payload: f,
      });
      return f;
    },
    removeFault(id) {
      if (!core.faults.remove(id))
        throw new KitError("CTIPSKIT_E_NOT_FOUND", `no fault with id ${id}`, {
          fix: "GET /control/faults lists them",
        });
      core.timeline.append({ direction: "out", kind: "note", code: "fault-removed", message: id });
    },
    faults: () => core.faults.list(),
    state() {
      return {
        sessions: core.openSessions.map((s) => ({
          sessionId: s.id,
          state: s.state,
          userName: s.userName,
          callbackUrl: s.callbackUrl,
          categories: [...s.categories],
          filters: Object.fromEntries([...s.filters].map(([k, v]) => [k, [...v]])),
          queuedEvents: s.queued,
          missedHeartbeats: s.missedHeartbeats,
        })),
        ...(sim.state() as Record<string, unknown>),
        faults: core.faults.list(),
      };
    },
    disposeSession(sessionId, reason = "control plane") {
      const s = core.openSessions.find((x) => x.id === sessionId);
      if (!s)
        throw new KitError("CTIPSKIT_E_NOT_FOUND", `no open session ${sessionId}`, {
          details: { sessionId },
          fix: "GET /control/state lists the open sessions",
        });
      s.dispose(reason);
    },
    reset: () => core.reset(),
  };
}

/** HTTP status for a control-plane error. */
export function statusOf(err: unknown): number {
  if (!isKitError(err)) return 500;
  if (err.code === "CTIPSKIT_E_NOT_FOUND") return 404;
  if (err.code === "CTIPSKIT_E_ILLEGAL_STATE") return 409;
  if (err.code === "CTIPSKIT_E_CONTROL_INVALID" || err.code === "CTIPSKIT_E_CONFIG_INVALID") return 400;
  return 500;
}
