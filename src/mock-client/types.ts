/**
 * The recording client's public API: a CTIPS client that drives any CTIPS (the kit's mock
 * or a real Aspect server), hosts the callback service and records every exchange.
 * Described for users in docs/recording-client.md.
 */
import type { Profile } from "../contract/codec.ts";
import type { Logger } from "../contract/logger.ts";
import type { Timeline } from "../timeline/timeline.ts";
import type { TimelineEntry } from "../timeline/entry.ts";

export interface Credentials {
  userName: string;
  password: string;
}

/** TLS of the callback host: the certificate (chain) and key it serves, PEM. */
export interface CallbackTls {
  cert: string;
  key: string;
}

/** TLS towards an HTTPS target, PEM. */
export interface TargetTls {
  /** CA bundle that signs the target's certificate (default: Node's bundled roots). */
  ca?: string | string[];
  /** Client certificate and key, for targets that require one. */
  cert?: string;
  key?: string;
  /** Default true; false accepts any certificate (never in a certification run). */
  rejectUnauthorized?: boolean;
}

export interface CallbackOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; default 0 (an ephemeral port). Real clients use 8174 (wire-contract.md). */
  port?: number;
  /** Default `/www.aspect.com/PublishEvents` (EDK D-1, wire-contract.md). */
  path?: string;
  /** URL sent as ClientCallbackURL when the target reaches us by another address (NAT, proxy). */
  publicUrl?: string;
  /** Serve the callback service over HTTPS. */
  tls?: CallbackTls;
  /** Largest callback body accepted, in bytes; default 1 MiB. Larger bodies get 413. */
  maxBodyBytes?: number;
  /** How long an unanswered ("ignore") callback is held before its socket is destroyed, in ms; default 120_000. */
  ignoreHoldMs?: number;
}

/** The subset of the fetch API the client uses; the default is undici's fetch on a keep-alive Agent. */
export type HttpFetch = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface RecordingClientOptions {
  /** CTIPS endpoint URL, e.g. http://127.0.0.1:8170/Aspect.UnifiedIP.EDK.CTIPortalService */
  target: string;
  /**
   * Where SOAPActions come from. "bundled" (default): the contract registry. "target":
   * `${target}?wsdl` loaded with node-soap (single or WCF split form). Any other string: a
   * WSDL URL or file.
   */
  wsdl?: "bundled" | "target" | string;
  /** "wire" (default): the UIP 7.2 wire contract; "guide": the EDK guide's spellings. */
  profile?: Profile;
  credentials: Credentials;
  tenantId: number;
  callback?: CallbackOptions;
  tls?: TargetTls;
  /** Default: new Timeline({ recorder: "client" }). */
  timeline?: Timeline;
  /** Whole-exchange timeout of one request, in ms; default 10_000. */
  requestTimeoutMs?: number;
  logger?: Logger;
  /**
   * Replaces the HTTP stack (default: undici fetch on a keep-alive Agent with `tls`). Tests
   * pass `globalThis.fetch` so msw can intercept; TLS options then do not apply.
   */
  fetch?: HttpFetch;
}

/**
 * What the callback service does, switchable at any time (for certifying a CTIPS's
 * heartbeat and dispose logic).
 */
export interface CallbackBehaviour {
  /** answer: result 0; ignore: hold the request unanswered; fault: SOAP fault (500); close: destroy the socket. */
  heartbeat: "answer" | "ignore" | "fault" | "close";
  /** Delay before a heartbeat is answered (or faulted, or closed), in ms. */
  heartbeatDelayMs: number;
  event: "answer" | "fault" | "ignore";
  /** Delay before an event is answered (or faulted), in ms. */
  eventDelayMs: number;
  /** Only events of these EventTypes wait `eventDelayMs`; default every event. */
  eventDelayTypes?: readonly string[];
}

export interface SoapFault {
  faultcode: string;
  faultstring: string;
  /** The CTIPortalServiceFault detail when the peer sent one. */
  detail?: { ErrorCode: string; Message: string };
}

interface OutcomeBase {
  /** The RequestId the request carried, if its arguments have one. */
  requestId?: number;
  request: TimelineEntry;
  /** The response or fault entry. */
  response: TimelineEntry;
  latencyMs: number;
}

/** A SOAP fault is an outcome, not an exception; transport errors throw CTIPSKIT_E_TRANSPORT. */
export type SendOutcome =
  | (OutcomeBase & { ok: true; result: unknown })
  | (OutcomeBase & { ok: false; fault: SoapFault });

export interface OpenSessionOptions {
  /** CTIMessageClass names to AddMessageClass, in order; default all four (EDK D-1). */
  categories?: string[];
  /** AddFilter calls, in order: `{ fieldType: "FT_AGENT_ID", value: "1001" }`. */
  filters?: { fieldType: string; value: string }[];
  /** Send OnLine at the end; default true. */
  online?: boolean;
  /** OpenConnection's TenantIds; default `[tenantId]`. */
  tenantIds?: number[];
  /** Default: the client's credentials. */
  credentials?: Credentials;
  /** How long to wait for the server's StartSession after OpenConnection answers, in ms; default 2_000. */
  startSessionTimeoutMs?: number;
}

export type SessionState = "opened" | "online" | "offline" | "closed";

export interface EventMatch {
  /** EventType (`CallDelivered`) or concrete wire type (`CTICallDelivered`). */
  type?: string;
  requestId?: number;
  callId?: number;
  /** Any predicate over the event's members. */
  where?: (value: Record<string, unknown>) => boolean;
}

export interface RequestRecord {
  request?: TimelineEntry;
  /** Its answer: response, fault or transportError. */
  response?: TimelineEntry;
  /** Events of this session carrying the RequestId. */
  events: TimelineEntry[];
}

export interface ClientSession {
  readonly sessionId: string;
  /** The ClientCallbackURL this session was opened with. */
  readonly callbackUrl: string;
  readonly state: SessionState;
  /** Fills SessionId, TenantId and (for CommonRequestArgs ops) a fresh RequestId when absent. */
  send(operation: string, args?: Record<string, unknown>): Promise<SendOutcome>;
  online(): Promise<SendOutcome>;
  offline(): Promise<SendOutcome>;
  close(): Promise<SendOutcome>;
  /** Events attributed to this session, optionally of one type and from a seq on. */
  events(filter?: { type?: string; since?: number }): TimelineEntry[];
  waitForEvent(match: EventMatch, timeoutMs: number, since?: number): Promise<TimelineEntry>;
  /** Request entry, its answer and its events by RequestId. */
  byRequestId(requestId: number): RequestRecord;
}

export interface RecordingClient {
  readonly timeline: Timeline;
  /** The callback URL of the first session (the configured path, without suffix). */
  readonly callbackUrl: string;
  readonly sessions: readonly ClientSession[];
  /**
   * OpenConnection (then waits for the server's StartSession, recorded either way),
   * AddMessageClass per category, AddFilter per filter, then OnLine unless online:false.
   * Throws CTIPSKIT_E_SOAP_FAULT if any step is refused.
   */
  openSession(o?: OpenSessionOptions): Promise<ClientSession>;
  /** Sends any of the 27 operations with raw args (nothing filled in), for negative tests. */
  sendRaw(
    operation: string,
    args: Record<string, unknown>,
    o?: { soapAction?: string; rawXml?: string },
  ): Promise<SendOutcome>;
  /** 1, 2, 3 … unique within this client, never 0; wraps to 1 after 2^31-1. */
  nextRequestId(): number;
  /** Mutable: changes apply to the next callback. */
  behaviour: CallbackBehaviour;
  /** CloseConnection for every session it opened that is not closed (best effort), then stops the callback server. */
  close(): Promise<void>;
}
