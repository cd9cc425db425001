/**
 * The timeline entry: one observed exchange or happening, as recorded by the mock CTIPS,
 * the recording client or the recording proxy. Everything the kit judges is judged from
 * these entries. Serialised as one JSON object per line (JSONL).
 */
import type { Deviation } from "../contract/deviations.ts";

/** Who sent it, seen from the recorder: `in` = received by the recorder, `out` = sent. */
export type Direction = "in" | "out";

/** Which role the peer on the other side plays. */
export type PeerRole = "client" | "server";

export type EntryKind =
  /** a CTIPS operation request (OpenConnection … SendDTMFDigits) */
  | "request"
  /** the operation's response ({Operation}Result) */
  | "response"
  /** a SOAP fault answering a request or callback */
  | "fault"
  /** PublishCTIEvent carrying a CTIEvent */
  | "event"
  /** Heartbeat(sessionId) / HeartbeatMessage() callback */
  | "heartbeat"
  /** the client's answer to a callback (PublishCTIEvent/Heartbeat/StartSession result) */
  | "callbackResponse"
  /** StartSession(userinfo, sessionId) callback */
  | "startSession"
  /** connection refused, reset, timeout, HTTP error status, unparseable message */
  | "transportError"
  /** something the recorder's own side decided: session disposed, state change, fault injected */
  | "note";

export interface TimelineEntry {
  /** 0, 1, 2 … in recording order; unique within one timeline. */
  seq: number;
  /** Monotonic nanoseconds since the recorder's origin (process.hrtime based). */
  monoNs: number;
  /** Wall-clock time, ISO 8601, for humans and for joining timelines. */
  wall: string;
  /** Which side recorded it: `mock-ctips`, `client`, `proxy`. */
  recorder: string;
  direction: Direction;
  /** A free label for the peer (URL or address). */
  peer?: string;
  kind: EntryKind;
  /** CTIPS SessionId this entry belongs to, where known. */
  session?: string;
  /** Operation (`LoginAgent`, `PublishCTIEvent`, `Heartbeat`) or for events the EventType. */
  name?: string;
  /** For events: the concrete wire type (`CTICallDelivered`). */
  eventType?: string;
  requestId?: number;
  callId?: number;
  agentId?: number;
  /** For responses, faults and callback responses: seq of the request they answer. */
  replyTo?: number;
  /** Round-trip time for responses, in nanoseconds. */
  latencyNs?: number;
  /**
   * The decoded payload in the kit's value model, shaped like the wire's elements:
   * requests `{ args }` (callbacks: `{ ctiEvent }`, `{ sessionId }`, `{ userinfo, sessionId }`),
   * responses `{ "<Op>Result": result }`, events the event's members, faults
   * `{ ErrorCode, Message }`.
   */
  payload?: unknown;
  /** The raw XML, when recording raw is on. */
  raw?: string;
  /** What the tolerant decoder accepted that a strict peer would not. */
  deviations?: Deviation[];
  /** For faults: the CTIPortalServiceFault ErrorCode or the SOAP faultcode. */
  faultCode?: string;
  /** For transport errors and notes: a short machine code (`ECONNRESET`, `session-disposed`). */
  code?: string;
  message?: string;
  /** For notes and transport errors: HTTP status where there was one. */
  httpStatus?: number;
}

/** An entry before the recorder stamps its sequence number and times. */
export type NewEntry = Omit<TimelineEntry, "seq" | "monoNs" | "wall" | "recorder"> & {
  monoNs?: number;
};
