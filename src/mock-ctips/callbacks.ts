/**
 * The mock's calls to one client's callback service (CTIEventService): StartSession,
 * PublishCTIEvent and Heartbeat, over a pool of keep-alive connections (transport.ts), each
 * recorded on the timeline before it is sent and its outcome recorded when it ends.
 * @see EDK 4-1, 4-2; wire-contract.md "Client callback service"
 */
import { type Codec, codec as sharedCodec, type Profile } from "../contract/codec.ts";
import type { Deviation } from "../contract/deviations.ts";
import { contract, type OperationInfo } from "../contract/schemas.ts";
import {
  decodeMessage,
  encodeRequest,
  encodeResponse,
  resultPayload,
  SOAP_CONTENT_TYPE,
  soapActionFor,
} from "../contract/soap.ts";
import type { EntryKind, NewEntry, TimelineEntry } from "../timeline/entry.ts";
import type { Timeline } from "../timeline/timeline.ts";
import { type HttpAnswer, KeepAlivePool, type TransportError } from "./transport.ts";

export type CallbackOperation = "StartSession" | "PublishCTIEvent" | "Heartbeat";

export type CallbackOutcome =
  | { ok: true; result: unknown; latencyNs: number }
  | {
      ok: false;
      reason: "fault" | "transport" | "timeout" | "bad-response";
      message: string;
      latencyNs: number;
    };

export interface CallbackChannelOptions {
  url: string;
  sessionId: string;
  profile: Profile;
  timeline: Timeline;
  timeoutMs: number;
  tls?: { ca?: string; rejectUnauthorized?: boolean };
  /** How many connections to keep to this client (events and heartbeats in parallel). */
  connections?: number;
}

const KIND: Record<CallbackOperation, EntryKind> = {
  StartSession: "startSession",
  PublishCTIEvent: "event",
  Heartbeat: "heartbeat",
};

/** What one callback operation needs per call, computed once per profile. */
interface OpWire {
  info: OperationInfo;
  /** The request's own header lines (content type and SOAPAction), each ending in CRLF. */
  headers: string;
  /**
   * The answer a conforming client writes most of the time (`<Op>Result` 0, byte for byte
   * as the kit's codec writes it), decoded once: a body equal to `text` is recognised by
   * comparison instead of parsing. Anything else is decoded, so its deviations are seen.
   */
  canonicalOk: { text: string; result: unknown; deviations: Deviation[] };
}

const OP_WIRE = new Map<string, OpWire>();

function opWire(op: CallbackOperation, profile: Profile): OpWire {
  const key = `${profile} ${op}`;
  let w = OP_WIRE.get(key);
  if (!w) {
    const info = contract().operation(op);
    const text = encodeResponse(info, 0, profile);
    const decoded = decodeMessage(text);
    w = {
      info,
      headers: `content-type: ${SOAP_CONTENT_TYPE}\r\nsoapaction: "${soapActionFor(info, profile)}"\r\n`,
      canonicalOk: {
        text,
        result: decoded.kind === "response" ? decoded.result : undefined,
        deviations: decoded.deviations,
      },
    };
    OP_WIRE.set(key, w);
  }
  return w;
}

/** POSTs `body` and reads the whole answer; rejects with a TransportError (its `code` says why). */
function post(
  pool: KeepAlivePool,
  path: string,
  headers: string,
  body: string,
  timeoutMs: number,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) =>
    pool.post(path, headers, body, timeoutMs, (err, answer) =>
      err ? reject(err) : resolve(answer as HttpAnswer),
    ),
  );
}

/** Nanoseconds since `started` (a performance.now() reading). */
function elapsedNs(started: number): number {
  return Math.round((performance.now() - started) * 1e6);
}

export class CallbackChannel {
  private readonly pool: KeepAlivePool;
  private readonly path: string;
  private closed = false;
  private readonly wires: Partial<Record<CallbackOperation, OpWire>> = {};

  constructor(private readonly o: CallbackChannelOptions) {
    const url = new URL(o.url);
    this.path = `${url.pathname}${url.search}`;
    this.pool = new KeepAlivePool({
      url,
      connections: o.connections ?? 4,
      keepAliveMs: 30_000,
      tls:
        url.protocol === "https:"
          ? { ca: o.tls?.ca, rejectUnauthorized: o.tls?.rejectUnauthorized ?? true }
          : undefined,
    });
  }

  /**
   * Calls one callback operation. `entry` adds fields to the recorded entry (event type,
   * ids); `xml` overrides the envelope (fault injection writes its own).
   */
  async call(
    op: CallbackOperation,
    params: Record<string, unknown>,
    entry: Partial<NewEntry> = {},
    xml?: string,
    c: Codec = sharedCodec(),
  ): Promise<{ outcome: CallbackOutcome; sent: TimelineEntry }> {
    let wire = this.wires[op];
    if (!wire) {
      wire = opWire(op, this.o.profile);
      this.wires[op] = wire;
    }
    const body = xml ?? encodeRequest(wire.info, params, this.o.profile, c);
    const timeline = this.o.timeline;
    const sent = timeline.append({
      direction: "out",
      kind: KIND[op],
      peer: this.o.url,
      session: this.o.sessionId,
      name: entry.name ?? op,
      eventType: entry.eventType,
      requestId: entry.requestId,
      callId: entry.callId,
      agentId: entry.agentId,
      payload: entry.payload ?? params,
      // Only when kept (the timeline leaves it out otherwise).
      raw: timeline.recordRaw ? body : undefined,
    });
    const started = performance.now();
    if (this.closed)
      return this.failed(
        op,
        sent,
        started,
        "transport",
        "the session's callback channel is closed",
        "channel-closed",
      );
    let status: number;
    let text: string;
    try {
      ({ status, text } = await post(this.pool, this.path, wire.headers, body, this.o.timeoutMs));
    } catch (err) {
      const e = err as TransportError;
      const reason =
        e.code === "timeout" ? "timeout" : e.code === "bad-response" ? "bad-response" : "transport";
      return this.failed(op, sent, started, reason, e.message ?? String(err), e.code ?? "transport-error");
    }
    const ok = wire.canonicalOk;
    if (status === 200 && text === ok.text)
      return this.answered(op, sent, ok.result, elapsedNs(started), status, ok.deviations);
    let decoded: ReturnType<typeof decodeMessage>;
    try {
      decoded = decodeMessage(text);
    } catch (err) {
      return this.failed(
        op,
        sent,
        started,
        "bad-response",
        `HTTP ${status}: ${(err as Error).message}`,
        "bad-response",
        status,
      );
    }
    if (decoded.kind === "fault") {
      return this.failed(
        op,
        sent,
        started,
        "fault",
        decoded.faultstring,
        decoded.detail?.ErrorCode ?? decoded.faultcode,
        status,
      );
    }
    if (decoded.kind !== "response" || status >= 300) {
      return this.failed(
        op,
        sent,
        started,
        "bad-response",
        `HTTP ${status} with a ${decoded.kind} body`,
        "bad-response",
        status,
      );
    }
    return this.answered(op, sent, decoded.result, elapsedNs(started), status, decoded.deviations);
  }

  private failed(
    op: CallbackOperation,
    sent: TimelineEntry,
    started: number,
    reason: "fault" | "transport" | "timeout" | "bad-response",
    message: string,
    code: string,
    status?: number,
  ): { outcome: CallbackOutcome; sent: TimelineEntry } {
    const latencyNs = elapsedNs(started);
    this.o.timeline.append({
      direction: "in",
      kind: reason === "fault" ? "fault" : "transportError",
      peer: this.o.url,
      session: this.o.sessionId,
      name: op,
      replyTo: sent.seq,
      latencyNs,
      code,
      message,
      httpStatus: status,
      faultCode: reason === "fault" ? code : undefined,
    });
    return { outcome: { ok: false, reason, message, latencyNs }, sent };
  }

  private answered(
    op: CallbackOperation,
    sent: TimelineEntry,
    result: unknown,
    latencyNs: number,
    httpStatus: number,
    deviations: Deviation[] = [],
  ): { outcome: CallbackOutcome; sent: TimelineEntry } {
    this.o.timeline.append({
      direction: "in",
      kind: "callbackResponse",
      peer: this.o.url,
      session: this.o.sessionId,
      name: op,
      replyTo: sent.seq,
      latencyNs,
      payload: resultPayload(op, result),
      deviations: deviations.length ? deviations : undefined,
      httpStatus,
    });
    return { outcome: { ok: true, result, latencyNs }, sent };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Destroyed, not drained: a client that never answers must not hold the mock's shutdown.
    this.pool.destroy();
  }
}
