/**
 * The recording client: sends CTIPS requests written by the kit's codec, hosts the
 * callback service, and records every exchange on a timeline (recorder "client").
 * @see docs/recording-client.md for the API, the options and the timeline conventions.
 */
import { grantedSessionId } from "../contract/session-object.ts";
import { Codec } from "../contract/codec.ts";
import { KitError } from "../contract/errors.ts";
import { nullLogger } from "../contract/logger.ts";
import { contract, type OperationInfo } from "../contract/schemas.ts";
import { decodeMessage, encodeRequest, resultPayload } from "../contract/soap.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { Timeline } from "../timeline/timeline.ts";
import { type ActionTable, bundledActions, wsdlActions } from "./actions.ts";
import { type CallbackServer, startCallbackServer } from "./callback-server.ts";
import { createSoapHttp, type SoapHttp, TransportFailure } from "./http.ts";
import { RequestIndex } from "./request-index.ts";

const lenientCodec = new Codec(undefined, { skipMissingRequired: true });
import type {
  CallbackBehaviour,
  ClientSession,
  EventMatch,
  OpenSessionOptions,
  RecordingClient,
  RecordingClientOptions,
  RequestRecord,
  SendOutcome,
  SessionState,
} from "./types.ts";

export const CLIENT_DEFAULTS = {
  callbackHost: "127.0.0.1",
  callbackPort: 0, // ephemeral
  callbackPath: "/www.aspect.com/PublishEvents", // @see EDK D-1, wire-contract.md
  maxCallbackBodyBytes: 1024 * 1024, // 1 MiB
  ignoreHoldMs: 120_000, // 120 s: a real client gives up on a silent CTIPS after this (wire-contract.md)
  requestTimeoutMs: 10_000, // 10 s
  startSessionTimeoutMs: 2_000, // 2 s
} as const;

/** The order of the guide's sample client (EDK D-1). */
const ALL_CATEGORIES = [
  "EventCategoryAgent",
  "EventCategoryCall",
  "EventCategorySystem",
  "EventCategoryRoute",
];
const INT_MAX = 2_147_483_647;

function asInt(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

/** OpenConnection's SessionId if the result grants one, and the status it named. @see EDK 3-2 */
function grantedSession(result: unknown): { id?: string; status: unknown } {
  const status = result && typeof result === "object" ? (result as { Response?: unknown }).Response : result;
  return { id: grantedSessionId(result), status };
}

function refused(operation: string, outcome: SendOutcome, session?: string): KitError {
  const fault = outcome.ok ? undefined : outcome.fault;
  const what = fault
    ? `${fault.detail?.ErrorCode ?? fault.faultcode}: ${fault.detail?.Message ?? fault.faultstring}`
    : `result ${JSON.stringify(outcome.ok ? outcome.result : undefined)}`;
  return new KitError("CTIPSKIT_E_SOAP_FAULT", `${operation} was refused (${what})`, {
    details: { operation, session, seq: outcome.response.seq, fault },
    fix: "see the fault on the timeline; check credentials, tenant id and the session's state",
  });
}

function validate(o: RecordingClientOptions): void {
  const problems: string[] = [];
  try {
    const u = new URL(o.target);
    if (u.protocol !== "http:" && u.protocol !== "https:") problems.push(`target ${o.target} is not http(s)`);
  } catch {
    problems.push(`target '${o.target}' is not a URL`);
  }
  if (!Number.isInteger(o.tenantId)) problems.push("tenantId must be an integer");
  if (typeof o.credentials?.userName !== "string" || typeof o.credentials?.password !== "string") {
    problems.push("credentials need userName and password strings");
  }
  if (o.callback?.tls && (!o.callback.tls.cert || !o.callback.tls.key))
    problems.push("callback.tls needs cert and key");
  if (problems.length > 0) {
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `recording client options: ${problems.join("; ")}`, {
      details: { problems },
      fix: "see docs/recording-client.md for the options",
    });
  }
}

/**
 * A callback URL handed to one session. The first open session gets the configured path;
 * a session opened while another holds it gets `{path}/s{n}`, so every callback can be
 * attributed (events carry no SessionId). @see docs/recording-client.md
 */
interface Slot {
  suffix: string;
  url: string;
  session?: Session;
  released: boolean;
}

class Session implements ClientSession {
  state: SessionState = "opened";

  constructor(
    readonly sessionId: string,
    readonly callbackUrl: string,
    private readonly client: Client,
  ) {}

  async send(operation: string, args: Record<string, unknown> = {}): Promise<SendOutcome> {
    const op = this.client.operation(operation);
    const filled = { ...args };
    const argsType = op.params[0]?.type;
    if (argsType?.kind === "data") {
      const members = new Set(
        contract()
          .type(argsType.name)
          .members.map((m) => m.name),
      );
      if (members.has("SessionId") && filled.SessionId === undefined) filled.SessionId = this.sessionId;
      if (members.has("TenantId") && filled.TenantId === undefined) filled.TenantId = this.client.tenantId;
      if (members.has("RequestId") && filled.RequestId === undefined)
        filled.RequestId = this.client.nextRequestId();
    }
    return this.client.exchange(op, filled, {});
  }

  private async transition(operation: string, to: SessionState): Promise<SendOutcome> {
    const outcome = await this.send(operation);
    if (outcome.ok) this.state = to;
    return outcome;
  }

  online(): Promise<SendOutcome> {
    return this.transition("OnLine", "online");
  }

  offline(): Promise<SendOutcome> {
    return this.transition("OffLine", "offline");
  }

  close(): Promise<SendOutcome> {
    return this.transition("CloseConnection", "closed");
  }

  events(filter: { type?: string; since?: number } = {}): TimelineEntry[] {
    const since = filter.since ?? 0;
    return this.client.index
      .events(this.sessionId)
      .filter((e) => e.seq >= since && (filter.type === undefined || isType(e, filter.type)));
  }

  waitForEvent(match: EventMatch, timeoutMs: number, since = 0): Promise<TimelineEntry> {
    const what = [
      `event${match.type ? ` ${match.type}` : ""}`,
      match.requestId !== undefined ? `RequestId ${match.requestId}` : "",
      match.callId !== undefined ? `CallId ${match.callId}` : "",
      `for session ${this.sessionId}`,
    ]
      .filter(Boolean)
      .join(" ");
    return this.client.timeline.waitFor(
      (e) =>
        e.kind === "event" &&
        e.session === this.sessionId &&
        (match.type === undefined || isType(e, match.type)) &&
        (match.requestId === undefined || e.requestId === match.requestId) &&
        (match.callId === undefined || e.callId === match.callId) &&
        (match.where === undefined || match.where((e.payload ?? {}) as Record<string, unknown>)),
      timeoutMs,
      { since, what },
    );
  }

  byRequestId(requestId: number): RequestRecord {
    return this.client.index.byRequestId(this.sessionId, requestId);
  }
}

function isType(e: TimelineEntry, type: string): boolean {
  return e.name === type || e.eventType === type;
}

class Client implements RecordingClient {
  readonly timeline: Timeline;
  readonly index: RequestIndex;
  readonly tenantId: number;
  readonly sessions: Session[] = [];
  behaviour: CallbackBehaviour = {
    heartbeat: "answer",
    heartbeatDelayMs: 0,
    event: "answer",
    eventDelayMs: 0,
  };
  private requestId = 0;
  private opened = 0;
  private plain?: Slot;
  private readonly suffixed = new Map<string, Slot>();
  private callback?: CallbackServer;
  /** "closing" still lets close() send CloseConnection; "closed" refuses every request. */
  private life: "open" | "closing" | "closed" = "open";

  constructor(
    private readonly o: RecordingClientOptions,
    private readonly actions: ActionTable,
    private readonly http: SoapHttp,
    timeline: Timeline,
  ) {
    this.timeline = timeline;
    this.tenantId = o.tenantId;
    this.index = new RequestIndex(timeline);
  }

  async listen(): Promise<void> {
    const cb = this.o.callback ?? {};
    this.callback = await startCallbackServer({
      host: cb.host ?? CLIENT_DEFAULTS.callbackHost,
      port: cb.port ?? CLIENT_DEFAULTS.callbackPort,
      path: cb.path ?? CLIENT_DEFAULTS.callbackPath,
      publicUrl: cb.publicUrl,
      tls: cb.tls,
      maxBodyBytes: cb.maxBodyBytes ?? CLIENT_DEFAULTS.maxCallbackBodyBytes,
      ignoreHoldMs: cb.ignoreHoldMs ?? CLIENT_DEFAULTS.ignoreHoldMs,
      profile: this.o.profile ?? "wire",
      timeline: this.timeline,
      behaviour: () => this.behaviour,
      logger: this.logger,
      sessionForPath: (suffix) => this.sessionForPath(suffix),
    });
  }

  get logger() {
    return this.o.logger ?? nullLogger;
  }

  get callbackUrl(): string {
    return this.callbackServer().urlFor("");
  }

  private callbackServer(): CallbackServer {
    if (!this.callback) throw new KitError("CTIPSKIT_E_ILLEGAL_STATE", "the callback service is not running");
    return this.callback;
  }

  nextRequestId(): number {
    this.requestId = this.requestId >= INT_MAX ? 1 : this.requestId + 1;
    return this.requestId;
  }

  operation(name: string): OperationInfo {
    const op = contract().operation(name);
    if (op.service !== "server") {
      throw new KitError(
        "CTIPSKIT_E_UNKNOWN_OPERATION",
        `${name} is a callback operation, not a CTIPS request`,
        {
          fix: "send one of the 27 CTIPortalService operations",
        },
      );
    }
    return op;
  }

  private reserveSlot(): Slot {
    const holder = this.plain;
    const free = !holder || holder.released || holder.session?.state === "closed";
    const n = ++this.opened;
    if (free) {
      this.plain = { suffix: "", url: this.callbackServer().urlFor(""), released: false };
      return this.plain;
    }
    const slot: Slot = { suffix: `s${n}`, url: this.callbackServer().urlFor(`s${n}`), released: false };
    this.suffixed.set(slot.suffix, slot);
    return slot;
  }

  private sessionForPath(suffix: string): string | undefined {
    if (suffix) return this.suffixed.get(suffix)?.session?.sessionId;
    const holder = this.plain;
    if (holder && !holder.released) return holder.session?.sessionId;
    const open = this.sessions.filter((s) => s.state !== "closed");
    return open.length === 1 ? open[0].sessionId : undefined;
  }

  private ensure(allowed: (typeof this.life)[], what: string): void {
    if (!allowed.includes(this.life)) {
      throw new KitError("CTIPSKIT_E_ILLEGAL_STATE", `cannot ${what}: the recording client is ${this.life}`, {
        fix: "create a new client with createRecordingClient",
      });
    }
  }

  async openSession(opts: OpenSessionOptions = {}): Promise<ClientSession> {
    this.ensure(["open"], "open a session");
    const slot = this.reserveSlot();
    const creds = opts.credentials ?? this.o.credentials;
    let outcome: SendOutcome;
    try {
      outcome = await this.exchange(
        this.operation("OpenConnection"),
        {
          TenantIds: opts.tenantIds ?? [this.tenantId],
          UserCredentials: { UserName: creds.userName, Password: creds.password },
          ClientCallbackURL: slot.url,
        },
        {},
      );
    } catch (err) {
      slot.released = true;
      throw err;
    }
    const granted = outcome.ok ? grantedSession(outcome.result) : undefined;
    if (!granted?.id) {
      slot.released = true;
      throw refused("OpenConnection", outcome);
    }
    const s = new Session(granted.id, slot.url, this);
    slot.session = s;
    this.sessions.push(s);
    this.logger.info("session opened", { session: s.sessionId, callbackUrl: slot.url });

    // @see EDK 4-2: CTIPS calls StartSession when a client calls OpenConnection, often before answering it.
    const waitMs = opts.startSessionTimeoutMs ?? CLIENT_DEFAULTS.startSessionTimeoutMs;
    try {
      await this.timeline.waitFor((e) => e.kind === "startSession" && e.session === s.sessionId, waitMs, {
        since: outcome.request.seq,
        what: `StartSession for session ${s.sessionId}`,
      });
    } catch {
      this.timeline.append({
        direction: "in",
        kind: "note",
        session: s.sessionId,
        code: "start-session-missing",
        message: `no StartSession for session ${s.sessionId} within ${waitMs} ms of OpenConnection`,
      });
      this.logger.warn("no StartSession after OpenConnection", { session: s.sessionId, waitMs });
    }

    const must = async (operation: string, p: Promise<SendOutcome>) => {
      const r = await p;
      if (!r.ok) throw refused(operation, r, s.sessionId);
    };
    for (const category of opts.categories ?? ALL_CATEGORIES) {
      await must("AddMessageClass", s.send("AddMessageClass", { MessageClass: category }));
    }
    for (const f of opts.filters ?? []) {
      await must("AddFilter", s.send("AddFilter", { FieldType: f.fieldType, FieldValue: f.value }));
    }
    if (opts.online !== false) await must("OnLine", s.online());
    return s;
  }

  async sendRaw(
    operation: string,
    args: Record<string, unknown>,
    o: { soapAction?: string; rawXml?: string } = {},
  ): Promise<SendOutcome> {
    // Negative tests leave required members out on purpose: write what is there.
    return this.exchange(this.operation(operation), args, { ...o, codec: lenientCodec });
  }

  /** One request/answer exchange, recorded: request, then response, fault or transportError. */
  async exchange(
    op: OperationInfo,
    args: Record<string, unknown>,
    o: { soapAction?: string; rawXml?: string; codec?: Codec },
  ): Promise<SendOutcome> {
    this.ensure(["open", "closing"], `send ${op.name}`);
    const profile = this.o.profile ?? "wire";
    const target = this.o.target;
    const xml = o.rawXml ?? encodeRequest(op, { args }, profile, o.codec);
    const action = o.soapAction ?? (this.actions.get(op.name) as string);
    const session = typeof args.SessionId === "string" ? args.SessionId : undefined;
    const requestId = asInt(args.RequestId);
    const request = this.timeline.append({
      direction: "out",
      kind: "request",
      peer: target,
      session,
      name: op.name,
      requestId,
      payload: { args },
      raw: xml,
    });
    const timeoutMs = this.o.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs;
    const answerBase = {
      direction: "in" as const,
      peer: target,
      session,
      name: op.name,
      requestId,
      replyTo: request.seq,
    };

    const failTransport = (
      code: string,
      message: string,
      cause?: unknown,
      httpStatus?: number,
      raw?: string,
    ) => {
      const e = this.timeline.append({
        ...answerBase,
        kind: "transportError",
        code,
        message,
        httpStatus,
        raw,
        latencyNs: this.timeline.now() - request.monoNs,
      });
      this.logger.warn("request failed in transport", { operation: op.name, code, seq: e.seq });
      return new KitError("CTIPSKIT_E_TRANSPORT", `${op.name} to ${target} failed: ${code}: ${message}`, {
        cause,
        details: { url: target, operation: op.name, code, httpStatus, seq: e.seq },
        fix: "check that the target runs at that URL, its TLS settings and the request timeout",
      });
    };

    let reply: Awaited<ReturnType<SoapHttp["post"]>>;
    try {
      reply = await this.http.post(target, action, xml, timeoutMs);
    } catch (err) {
      if (err instanceof TransportFailure) throw failTransport(err.code, err.message, err.cause);
      throw err;
    }
    const receivedNs = this.timeline.now();
    const latencyNs = receivedNs - request.monoNs;
    const httpOk = reply.status >= 200 && reply.status < 300;
    let decoded: ReturnType<typeof decodeMessage>;
    try {
      decoded = decodeMessage(reply.body);
    } catch (err) {
      const code = !httpOk ? `HTTP_${reply.status}` : ((err as KitError).code ?? "unreadable-answer");
      const why = !httpOk ? `HTTP ${reply.status} ${reply.contentType}` : (err as Error).message;
      throw failTransport(code, `${why}: ${snippet(reply.body)}`, err, reply.status, reply.body);
    }
    const deviations = decoded.deviations.length > 0 ? decoded.deviations : undefined;

    if (decoded.kind === "fault") {
      const fault = {
        faultcode: decoded.faultcode,
        faultstring: decoded.faultstring,
        detail: decoded.detail,
      };
      const response = this.timeline.append({
        ...answerBase,
        monoNs: receivedNs,
        kind: "fault",
        faultCode: decoded.detail?.ErrorCode ?? decoded.faultcode,
        message: decoded.faultstring,
        httpStatus: reply.status,
        latencyNs,
        payload: fault,
        raw: reply.body,
        deviations,
      });
      return { ok: false, fault, requestId, request, response, latencyMs: latencyNs / 1e6 };
    }
    if (
      decoded.kind !== "response" ||
      !httpOk ||
      (decoded.operation.name !== op.name && o.rawXml === undefined)
    ) {
      const got = decoded.kind === "response" ? `${decoded.operation.name}Response` : decoded.kind;
      throw failTransport(
        httpOk ? "unexpected-answer" : `HTTP_${reply.status}`,
        `expected ${op.name}Response, got ${got} with HTTP ${reply.status}`,
        undefined,
        reply.status,
        reply.body,
      );
    }
    const opened = op.name === "OpenConnection" ? grantedSessionId(decoded.result) : undefined;
    const response = this.timeline.append({
      ...answerBase,
      monoNs: receivedNs,
      // OpenConnection's answer is the first entry that knows its session.
      session: session ?? opened,
      kind: "response",
      httpStatus: reply.status,
      latencyNs,
      payload: resultPayload(decoded.operation.name, decoded.result),
      raw: reply.body,
      deviations,
    });
    this.logger.debug("request answered", {
      operation: op.name,
      seq: request.seq,
      latencyMs: latencyNs / 1e6,
    });
    return { ok: true, result: decoded.result, requestId, request, response, latencyMs: latencyNs / 1e6 };
  }

  async close(): Promise<void> {
    if (this.life !== "open") return;
    this.life = "closing";
    for (const s of this.sessions) {
      if (s.state === "closed") continue;
      try {
        await s.close();
      } catch (err) {
        this.logger.warn("CloseConnection failed while closing the client", {
          session: s.sessionId,
          error: (err as Error).message,
        });
      }
    }
    this.life = "closed";
    await this.callback?.close();
    this.index.detach();
    await this.http.close();
  }
}

export async function createRecordingClient(o: RecordingClientOptions): Promise<RecordingClient> {
  validate(o);
  const profile = o.profile ?? "wire";
  const logger = o.logger ?? nullLogger;
  const wsdl = o.wsdl ?? "bundled";
  const actions =
    wsdl === "bundled"
      ? bundledActions(profile)
      : await wsdlActions(wsdl === "target" ? `${o.target}?wsdl` : wsdl, {
          profile,
          tls: o.tls,
          timeoutMs: o.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs,
          logger,
        });
  const client = new Client(
    o,
    actions,
    createSoapHttp({ tls: o.tls, fetch: o.fetch }),
    o.timeline ?? new Timeline({ recorder: "client" }),
  );
  try {
    await client.listen();
  } catch (err) {
    await client.close();
    throw err;
  }
  return client;
}
