/**
 * The timeline entry of a callback the client side received (PublishCTIEvent, Heartbeat,
 * HeartbeatMessage, StartSession), as the recording client's callback service and the
 * recording proxy both record it: an event with its EventType, ids and members; a heartbeat
 * or StartSession with its parameters and the session it names.
 */
import type { Deviation } from "../contract/deviations.ts";
import type { EventValue } from "../contract/index.ts";
import { contract } from "../contract/schemas.ts";
import type { NewEntry } from "../timeline/entry.ts";

const asInt = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isInteger(v) ? v : undefined;

/** The session a callback names (Heartbeat(sessionId), StartSession); HeartbeatMessage() names none. */
export function namedSession(params: Record<string, unknown>): string | undefined {
  return typeof params.sessionId === "string" && params.sessionId !== "" ? params.sessionId : undefined;
}

export function callbackEntry(
  operation: string,
  params: Record<string, unknown>,
  o: { peer?: string; session?: string; raw?: string; deviations?: Deviation[] },
): NewEntry {
  if (operation === "PublishCTIEvent") {
    const ev = params.ctiEvent as EventValue | undefined;
    const value = ev?.value ?? {};
    return {
      direction: "in",
      kind: "event",
      peer: o.peer,
      session: o.session,
      name:
        typeof value.EventType === "string"
          ? value.EventType
          : contract().eventInfo(ev?.type ?? "")?.eventType,
      eventType: ev?.type,
      requestId: asInt(value.RequestId),
      callId: asInt(value.CallId),
      agentId: asInt(value.AgentId),
      payload: value,
      raw: o.raw,
      deviations: o.deviations,
    };
  }
  return {
    direction: "in",
    kind: operation === "Heartbeat" || operation === "HeartbeatMessage" ? "heartbeat" : "startSession",
    peer: o.peer,
    session: namedSession(params) ?? o.session,
    name: operation,
    payload: params,
    raw: o.raw,
    deviations: o.deviations,
  };
}
