/**
 * The recording proxy: a transparent SOAP proxy between a CTI client and a CTIPS that
 * records both services on one timeline (recorder `proxy`). The client posts its requests
 * to the proxy instead of the CTIPS; in OpenConnection the proxy gives the CTIPS a
 * callback URL of its own, one per OpenConnection, and relays the CTIPS's callbacks to the
 * URL the client asked for. Every message is decoded by the kit's tolerant reader and
 * appended to the timeline (synchronously, when it has a file) before it is passed on, so
 * a proxy killed at any moment has recorded everything either peer was answered.
 * @see docs/record.md
 */
import { grantedSessionId } from "../contract/session-object.ts";
import { callbackEntry, namedSession } from "./callback-entry.ts";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { hostname } from "node:os";
import { isKitError, KitError } from "../contract/errors.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import {
  type DecodedMessage,
  decodeMessage,
  encodePlainFault,
  resultPayload,
  SOAP_CONTENT_TYPE,
} from "../contract/soap.ts";
import { DEFAULT_XML_LIMITS, type XmlLimits } from "../contract/xml.ts";
import type { EntryKind, NewEntry, TimelineEntry } from "../timeline/entry.ts";
import { Timeline } from "../timeline/timeline.ts";
import {
  endToEndHeaders,
  type Leg,
  LegAgents,
  LegFailure,
  rawHeader,
  readBody,
  send,
  type Sending,
} from "./proxy-http.ts";
import { rewriteCallbackUrl, rewriteWsdlAddresses } from "./proxy-rewrite.ts";
import type { CallbackTls } from "./types.ts";

export const PROXY_DEFAULTS = {
  maxBodyBytes: 4 * 1024 * 1024, // 4 MiB: above any CTIPS message; the peers apply their own, smaller limits
  // 150 s: longer than WCF's 60 s send timeout and a client holding a callback for 120 s, so
  // the proxy is never the side that gives up first.
  timeoutMs: 150_000,
  upstreamFailure: "bad-gateway",
  /** The callback service's path; each OpenConnection gets `/cb/<n>`. */
  callbackPath: "/cb",
  retainWithFile: 10_000, // entries kept in memory when a file keeps them all
} as const;

/** What a peer is answered when the other side cannot be reached. */
export type UpstreamFailurePolicy = "bad-gateway" | "soap-fault";

export interface ProxyTls {
  /** Serve the endpoint clients use over HTTPS (PEM). */
  server?: CallbackTls;
  /** Serve the callback service the target calls over HTTPS (PEM). */
  callback?: CallbackTls;
  /** CA bundle that signs an HTTPS target's certificate (default: Node's roots). */
  targetCa?: string | string[];
  /** A client certificate and key for a target that requires one. */
  targetCert?: string;
  targetKey?: string;
  /** CA bundle that signs the clients' HTTPS callback services (default: Node's roots). */
  clientCa?: string | string[];
  /** Default true; false accepts any certificate on both sides (never in a certification run). */
  rejectUnauthorized?: boolean;
}

export interface RecordingProxyOptions {
  /** Where clients connect instead of the target; port 0 = an ephemeral one. */
  listen: { host: string; port: number };
  /** The CTIPS endpoint, e.g. http://ctips:8170/Aspect.UnifiedIP.EDK.CTIPortalService */
  target: URL | string;
  /** Where the target's callbacks arrive; default the listen host on an ephemeral port. */
  callbackListen?: { host: string; port: number };
  /** The origin (`http://host:port`) the target reaches the callback service by, when not the listen address (NAT, containers). */
  callbackPublicUrl?: string;
  /** Default: a new Timeline({ recorder: "proxy", file: recordFile, recordRaw }). */
  timeline?: Timeline;
  /** Append the timeline to this JSONL file (not with `timeline`). */
  recordFile?: string;
  /** Keep the raw XML of every message on the timeline (not with `timeline`). */
  recordRaw?: boolean;
  /**
   * Entries the proxy's own timeline keeps in memory (the file keeps them all), so a proxy
   * that runs for days stays flat; default 10 000 with `recordFile`, all without.
   */
  retain?: number;
  tls?: ProxyTls;
  /** Largest message accepted either way, in bytes; default 4 MiB. Larger requests get 413. */
  maxBodyBytes?: number;
  /** The longest one relayed exchange may take, in ms; default 150 000. */
  timeoutMs?: number;
  /** `bad-gateway` (default): HTTP 502 with a plain-text reason; `soap-fault`: HTTP 500 with an s:Server SOAP fault. */
  upstreamFailure?: UpstreamFailurePolicy;
  logger?: Logger;
}

/** One OpenConnection's callback URL: what the client asked for, what the target was told. */
export interface CallbackSlot {
  readonly n: number;
  readonly clientUrl: string;
  readonly proxyUrl: string;
  /** The session it was granted, once the answer or StartSession named it. */
  readonly session?: string;
}

export interface RecordingProxy {
  /** The URL clients use instead of the target (the target's path on the proxy's host and port). */
  readonly endpoint: string;
  /** The callback URLs given to the target are `${callbackBase}/<n>`. */
  readonly callbackBase: string;
  readonly timeline: Timeline;
  /** The callback URLs handed out so far, in order. */
  readonly slots: readonly CallbackSlot[];
  close(): Promise<void>;
}

interface Slot {
  n: number;
  clientUrl: URL;
  proxyUrl: string;
  session?: string;
}

/** How one received message is recorded and passed on. */
interface Relay {
  entry: TimelineEntry;
  /** The operation the answer will be for (wire name), when the message was one. */
  operation?: string;
  body: Buffer;
  /** OpenConnection's callback slot: its answer names the slot's session. */
  slot?: Slot;
}

const HOSTS_ANYWHERE = new Set(["0.0.0.0", "::", "[::]", ""]);

function urlHost(host: string): string {
  const h = HOSTS_ANYWHERE.has(host) ? hostname() : host;
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}

function asInt(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

function asSession(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function codeOf(err: unknown): string {
  return isKitError(err) ? err.code : "CTIPSKIT_E_XML_MALFORMED";
}

function validate(o: RecordingProxyOptions): URL {
  const problems: string[] = [];
  let target: URL | undefined;
  try {
    target = new URL(String(o.target));
    if (target.protocol !== "http:" && target.protocol !== "https:")
      problems.push(`target ${target.href} is not http(s)`);
  } catch {
    problems.push(`target '${String(o.target)}' is not a URL`);
  }
  const port = (p: unknown, what: string) => {
    if (!Number.isInteger(p) || (p as number) < 0 || (p as number) > 65_535)
      problems.push(`${what} port must be 0..65535, got ${String(p)}`);
  };
  port(o.listen?.port, "listen");
  if (o.callbackListen) port(o.callbackListen.port, "callbackListen");
  if (o.callbackPublicUrl !== undefined) {
    try {
      const u = new URL(o.callbackPublicUrl);
      if ((u.protocol !== "http:" && u.protocol !== "https:") || u.pathname !== "/" || u.search)
        problems.push(
          `callbackPublicUrl must be an origin like http://host:port, got ${o.callbackPublicUrl}`,
        );
    } catch {
      problems.push(`callbackPublicUrl '${o.callbackPublicUrl}' is not a URL`);
    }
  }
  if (o.timeline && (o.recordFile || o.recordRaw !== undefined || o.retain !== undefined))
    problems.push("recordFile, recordRaw and retain configure the proxy's own timeline: not with timeline");
  for (const [name, pair] of Object.entries({ server: o.tls?.server, callback: o.tls?.callback }))
    if (pair && (!pair.cert || !pair.key)) problems.push(`tls.${name} needs cert and key`);
  if (Boolean(o.tls?.targetCert) !== Boolean(o.tls?.targetKey))
    problems.push("tls.targetCert and tls.targetKey go together");
  for (const [name, v] of Object.entries({
    maxBodyBytes: o.maxBodyBytes,
    timeoutMs: o.timeoutMs,
    retain: o.retain,
  }))
    if (v !== undefined && (!Number.isInteger(v) || v <= 0))
      problems.push(`${name} must be a positive integer`);
  if (o.upstreamFailure && !["bad-gateway", "soap-fault"].includes(o.upstreamFailure))
    problems.push(`upstreamFailure must be bad-gateway or soap-fault, got ${o.upstreamFailure}`);
  if (problems.length > 0 || !target)
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `recording proxy options: ${problems.join("; ")}`, {
      details: { problems },
      fix: "see docs/record.md for the options",
    });
  return target;
}

async function listen(server: Server, host: string, port: number, what: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        new KitError(
          "CTIPSKIT_E_LISTEN",
          `the ${what} cannot listen on ${host}:${port}: ${err.code ?? err.message}`,
          {
            cause: err,
            fix:
              err.code === "EADDRINUSE" ? "choose another port, or 0 for an ephemeral one" : "check the host",
          },
        ),
      );
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** A server that keeps its sockets, so close() ends keep-alive connections at once. */
function serve(tls: CallbackTls | undefined, handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key, keepAlive: true }, handler)
    : createHttpServer({ keepAlive: true }, handler);
  // Longer than a .NET peer's 100 s idle time, so the proxy is not the side that races a reuse.
  server.keepAliveTimeout = 110_000;
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return { server, close };
}

function reply(res: ServerResponse, status: number, headers: readonly string[], body: Buffer | string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, [...headers, "Content-Length", String(Buffer.byteLength(body))]);
  res.end(body);
}

export async function startRecordingProxy(o: RecordingProxyOptions): Promise<RecordingProxy> {
  const target = validate(o);
  const logger = o.logger ?? nullLogger;
  const maxBytes = o.maxBodyBytes ?? PROXY_DEFAULTS.maxBodyBytes;
  const timeoutMs = o.timeoutMs ?? PROXY_DEFAULTS.timeoutMs;
  const policy = o.upstreamFailure ?? PROXY_DEFAULTS.upstreamFailure;
  const ownTimeline = o.timeline === undefined;
  const timeline =
    o.timeline ??
    new Timeline({
      recorder: "proxy",
      file: o.recordFile,
      recordRaw: o.recordRaw,
      retain: o.retain ?? (o.recordFile ? PROXY_DEFAULTS.retainWithFile : undefined),
    });
  const tls = o.tls ?? {};
  const toTarget = new LegAgents({
    ca: tls.targetCa,
    cert: tls.targetCert,
    key: tls.targetKey,
    rejectUnauthorized: tls.rejectUnauthorized,
  });
  const toClients = new LegAgents({ ca: tls.clientCa, rejectUnauthorized: tls.rejectUnauthorized });
  const targetPath = target.pathname.replace(/\/+$/, "");
  const targetPathLower = targetPath.toLowerCase();
  const slots: Slot[] = [];
  let callbackBase = "";
  let proxyOrigin = "";

  /**
   * A harness fault (e.g. the capture file cannot be written) is logged and answered with
   * 500, never thrown into the event loop; a message that could not be recorded is not passed on.
   */
  const guarded = (res: ServerResponse, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      logger.error("recording proxy failed to relay a message", { error: String(err) });
      reply(
        res,
        500,
        ["Content-Type", "text/plain; charset=utf-8"],
        `ctips-kit record failed: ${String(err)}\n`,
      );
    }
  };

  /** What a peer gets when the other side could not be reached, per the policy. */
  const upstreamFailed = (res: ServerResponse, what: string, failure: LegFailure): void => {
    const text = `ctips-kit record: ${what} failed: ${failure.code}: ${failure.message}`;
    if (policy === "soap-fault")
      reply(res, 500, ["Content-Type", SOAP_CONTENT_TYPE], encodePlainFault("Server", text));
    else reply(res, 502, ["Content-Type", "text/plain; charset=utf-8"], `${text}\n`);
  };

  const refuse = (res: ServerResponse, peer: string, status: number, code: string, message: string): void => {
    timeline.append({ direction: "in", kind: "transportError", peer, code, message, httpStatus: status });
    logger.warn(`recording proxy: ${message}`, { peer, code });
    reply(res, status, ["Content-Type", "text/plain; charset=utf-8", "Connection", "close"], `${message}\n`);
  };

  // ------------------------------------------------------------ recording

  /** An unreadable message, or one of the wrong service: recorded with why, passed on as it is. */
  const unreadable = (peer: string, code: string, message: string, xml: string): TimelineEntry =>
    timeline.append({ direction: "in", kind: "transportError", peer, code, message, raw: xml });

  const limits: XmlLimits = { ...DEFAULT_XML_LIMITS, maxChars: maxBytes };
  const decode = (
    xml: string,
    soapAction: string | undefined,
  ): DecodedMessage | { code: string; message: string } => {
    try {
      return decodeMessage(xml, {
        soapAction,
        limits,
      });
    } catch (err) {
      return { code: codeOf(err), message: err instanceof Error ? err.message : String(err) };
    }
  };

  /** A client's request, recorded; OpenConnection's callback URL exchanged for a slot of the proxy's. */
  const receiveRequest = (xml: string, body: Buffer, soapAction: string | undefined, peer: string): Relay => {
    const msg = decode(xml, soapAction);
    if (!("kind" in msg)) return { entry: unreadable(peer, msg.code, msg.message, xml), body };
    if (msg.kind !== "request" || msg.operation.service !== "server") {
      const what = msg.kind === "request" ? `the callback operation ${msg.operation.name}` : `a ${msg.kind}`;
      return { entry: unreadable(peer, "not-a-request", `the client posted ${what}`, xml), body };
    }
    const op = msg.operation;
    const args = (msg.params.args ?? {}) as Record<string, unknown>;
    const entry = timeline.append({
      direction: "in",
      kind: "request",
      peer,
      name: op.name,
      session: asSession(args.SessionId),
      requestId: asInt(args.RequestId),
      callId: asInt(args.CallId),
      agentId: asInt(args.AgentIdx),
      payload: { args },
      raw: xml,
      deviations: msg.deviations.length ? msg.deviations : undefined,
    });
    if (op.name !== "OpenConnection") return { entry, operation: op.name, body };
    return { entry, operation: op.name, ...openSlot(xml, body, args.ClientCallbackURL, entry) };
  };

  /** Gives OpenConnection a callback URL of the proxy's; the envelope to forward. */
  const openSlot = (
    xml: string,
    body: Buffer,
    asked: unknown,
    request: TimelineEntry,
  ): { body: Buffer; slot?: Slot } => {
    let clientUrl: URL | undefined;
    if (typeof asked === "string" && /^https?:\/\//i.test(asked) && URL.canParse(asked))
      clientUrl = new URL(asked);
    const n = slots.length + 1;
    const proxyUrl = `${callbackBase}/${n}`;
    const rewritten = clientUrl ? rewriteCallbackUrl(xml, proxyUrl) : undefined;
    if (!clientUrl || rewritten === undefined) {
      const why = clientUrl
        ? "its ClientCallbackURL element could not be rewritten in place"
        : `ClientCallbackURL '${String(asked)}' is not an http(s) URL`;
      timeline.append({
        direction: "out",
        kind: "note",
        code: "callback-url-kept",
        // Not replyTo: the checks take the first entry replying to a request for its answer.
        message: `OpenConnection (seq ${request.seq}) forwarded unchanged: ${why}; the target's callbacks will not pass the proxy`,
        payload: { request: request.seq },
      });
      logger.warn("OpenConnection forwarded unchanged", { why });
      return { body };
    }
    const slot: Slot = { n, clientUrl, proxyUrl };
    slots.push(slot);
    timeline.append({
      direction: "out",
      kind: "note",
      code: "callback-url-rewritten",
      message: `OpenConnection (seq ${request.seq}): ClientCallbackURL ${clientUrl.href} → ${proxyUrl}`,
      payload: { request: request.seq, slot: n, client: clientUrl.href, proxy: proxyUrl },
    });
    return { body: Buffer.from(rewritten, "utf8"), slot };
  };

  /** A target's callback, recorded as the client's callback service records it. */
  const receiveCallback = (
    xml: string,
    body: Buffer,
    soapAction: string | undefined,
    peer: string,
    slot: Slot,
  ): Relay => {
    const msg = decode(xml, soapAction);
    if (!("kind" in msg)) return { entry: unreadable(peer, msg.code, msg.message, xml), body };
    if (msg.kind !== "request" || msg.operation.service !== "callback") {
      const what =
        msg.kind === "request" ? `the CTIPortalService operation ${msg.operation.name}` : `a ${msg.kind}`;
      return {
        entry: unreadable(peer, "not-a-callback", `the target posted ${what} to a callback URL`, xml),
        body,
      };
    }
    const op = msg.operation;
    const params = msg.params;
    const deviations = msg.deviations.length ? msg.deviations : undefined;
    // Heartbeat(sessionId) and StartSession name their session; HeartbeatMessage() does not.
    const named = namedSession(params);
    if (named && op.name === "StartSession") slot.session ??= named;
    const entry = timeline.append(
      callbackEntry(op.name, params, { peer, session: named ?? slot.session, raw: xml, deviations }),
    );
    return { entry, operation: op.name, body };
  };

  /** The answer to a relayed message, recorded as its sender's side records answers. */
  const receiveAnswer = (relay: Relay, leg: Leg, okKind: EntryKind, peer: string): TimelineEntry => {
    const xml = leg.body.toString("utf8");
    const request = relay.entry;
    const base: NewEntry = {
      direction: "in",
      kind: "transportError",
      peer,
      session: request.session,
      name: relay.operation,
      // An answer to a request carries its RequestId (as the client records it); one to an event does not.
      requestId: okKind === "response" ? request.requestId : undefined,
      replyTo: request.seq,
      latencyNs: timeline.now() - request.monoNs,
      httpStatus: leg.status,
      raw: xml,
    };
    const httpOk = leg.status >= 200 && leg.status < 300;
    const msg = decode(xml, undefined);
    if (!("kind" in msg))
      return timeline.append({
        ...base,
        code: httpOk ? msg.code : `HTTP_${leg.status}`,
        message: httpOk ? msg.message : `HTTP ${leg.status}: ${msg.message}`,
      });
    const deviations = msg.deviations.length ? msg.deviations : undefined;
    if (msg.kind === "fault") {
      const fault = { faultcode: msg.faultcode, faultstring: msg.faultstring, detail: msg.detail };
      return timeline.append({
        ...base,
        kind: "fault",
        faultCode: msg.detail?.ErrorCode ?? msg.faultcode,
        message: msg.faultstring,
        payload: fault,
        deviations,
      });
    }
    if (msg.kind !== "response" || !httpOk || (relay.operation && msg.operation.name !== relay.operation)) {
      const got = msg.kind === "response" ? `${msg.operation.name}Response` : msg.kind;
      return timeline.append({
        ...base,
        code: httpOk ? "unexpected-answer" : `HTTP_${leg.status}`,
        message: `expected ${relay.operation ? `${relay.operation}Response` : "a response"}, got ${got} with HTTP ${leg.status}`,
        deviations,
      });
    }
    const granted = msg.operation.name === "OpenConnection" ? grantedSessionId(msg.result) : undefined;
    return timeline.append({
      ...base,
      kind: okKind,
      session: request.session ?? granted,
      name: msg.operation.name,
      // The guide's `void PublishCTIEvent` answers an empty response element.
      payload: msg.result === undefined ? {} : resultPayload(msg.operation.name, msg.result),
      deviations,
    });
  };

  /** The exchange ended without an answer to pass on. */
  const failedLeg = (relay: Relay, failure: LegFailure, peer: string, what: string): void => {
    timeline.append({
      direction: "in",
      kind: "transportError",
      peer,
      session: relay.entry.session,
      name: relay.operation,
      requestId: relay.entry.kind === "request" ? relay.entry.requestId : undefined,
      replyTo: relay.entry.seq,
      latencyNs: timeline.now() - relay.entry.monoNs,
      code: failure.code,
      message: `${what}: ${failure.message}`,
    });
    logger.warn(`recording proxy: ${what} failed`, {
      code: failure.code,
      message: failure.message,
      seq: relay.entry.seq,
    });
  };

  /**
   * Sends a recorded message on and passes the answer back, recorded first. When the
   * sender goes away before the answer, the leg is given up and that is recorded.
   */
  const relay = (
    req: IncomingMessage,
    res: ServerResponse,
    r: Relay,
    url: URL,
    okKind: EntryKind,
    what: string,
  ): void => {
    const sending: Sending = send({
      method: "POST",
      url,
      headers: endToEndHeaders(req.rawHeaders),
      body: r.body,
      agents: okKind === "response" ? toTarget : toClients,
      timeoutMs,
      maxBytes,
    });
    const onGone = () => {
      if (!res.writableFinished) sending.abandon("the sender closed its connection before the answer");
    };
    res.on("close", onGone);
    sending.answer.then(
      (leg) =>
        guarded(res, () => {
          const answer = receiveAnswer(r, leg, okKind, url.href);
          if (r.slot && answer.kind === "response") r.slot.session ??= answer.session;
          logger.debug("relayed", { what, seq: r.entry.seq, status: leg.status, answer: answer.kind });
          reply(res, leg.status, leg.headers, leg.body);
        }),
      (err: unknown) =>
        guarded(res, () => {
          const failure = err instanceof LegFailure ? err : new LegFailure("network-error", String(err));
          failedLeg(r, failure, url.href, what);
          if (failure.code !== "abandoned") upstreamFailed(res, what, failure);
        }),
    );
  };

  // ------------------------------------------------------------ the client's side

  const underTarget = (pathname: string): boolean => {
    const p = pathname.toLowerCase();
    return targetPathLower === "" || p === targetPathLower || p.startsWith(`${targetPathLower}/`);
  };

  const onClientSide = (req: IncomingMessage, res: ServerResponse): void => {
    const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const path = req.url ?? "/";
    const pathname = path.split("?")[0];
    // Only origin-form paths, joined to the target's origin as text: `//other.host/…` stays a path.
    const forward = `${target.origin}${path}`;
    if (!path.startsWith("/") || !underTarget(pathname) || !URL.canParse(forward)) {
      req.resume();
      guarded(res, () =>
        refuse(
          res,
          peer,
          404,
          "unknown-path",
          `${req.method} ${pathname} is not under the target's path ${targetPath || "/"}`,
        ),
      );
      return;
    }
    const url = new URL(forward);
    if (req.method === "GET") {
      relayDocument(req, res, url);
      return;
    }
    if (req.method !== "POST") {
      req.resume();
      reply(res, 405, ["Allow", "GET, POST"], "");
      return;
    }
    readBody(req, maxBytes).then(
      (body) =>
        guarded(res, () => {
          const r = receiveRequest(
            body.toString("utf8"),
            body,
            rawHeader(req.rawHeaders, "soapaction"),
            peer,
          );
          relay(req, res, r, url, "response", `${r.operation ?? "a request"} to ${target.href}`);
        }),
      (err: LegFailure) =>
        guarded(res, () => refuse(res, peer, 413, err.code, `request refused: ${err.message}`)),
    );
  };

  /** The WSDL and XSDs (and any other GET), with the target's addresses moved to the proxy's. */
  const relayDocument = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    req.resume();
    const sending = send({
      method: "GET",
      url,
      headers: endToEndHeaders(req.rawHeaders),
      agents: toTarget,
      timeoutMs,
      maxBytes,
    });
    res.on("close", () => {
      if (!res.writableFinished) sending.abandon("the client closed its connection");
    });
    sending.answer.then(
      (leg) => {
        const type = rawHeader(leg.headers, "content-type") ?? "";
        const body = /xml/i.test(type)
          ? Buffer.from(rewriteWsdlAddresses(leg.body.toString("utf8"), targetPath, proxyOrigin), "utf8")
          : leg.body;
        logger.debug("document relayed", { url: url.href, status: leg.status });
        reply(res, leg.status, leg.headers, body);
      },
      (err: LegFailure) => {
        if (err.code === "abandoned") return;
        guarded(res, () => {
          timeline.append({
            direction: "in",
            kind: "transportError",
            peer: url.href,
            code: err.code,
            message: `GET ${url.href} failed: ${err.message}`,
          });
          upstreamFailed(res, `GET ${url.href}`, err);
        });
      },
    );
  };

  // ------------------------------------------------------------ the target's side

  const SLOT_PATH = new RegExp(`^${PROXY_DEFAULTS.callbackPath}/(\\d+)$`);

  const onTargetSide = (req: IncomingMessage, res: ServerResponse): void => {
    const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const pathname = (req.url ?? "/").split("?")[0];
    if (req.method !== "POST") {
      req.resume();
      reply(res, 405, ["Allow", "POST"], "");
      return;
    }
    const m = SLOT_PATH.exec(pathname);
    const slot = m ? slots[Number(m[1]) - 1] : undefined;
    if (!slot) {
      req.resume();
      guarded(res, () =>
        refuse(res, peer, 404, "unknown-path", `POST ${pathname} is not a callback URL the proxy gave out`),
      );
      return;
    }
    readBody(req, maxBytes).then(
      (body) =>
        guarded(res, () => {
          const r = receiveCallback(
            body.toString("utf8"),
            body,
            rawHeader(req.rawHeaders, "soapaction"),
            peer,
            slot,
          );
          relay(
            req,
            res,
            r,
            slot.clientUrl,
            "callbackResponse",
            `${r.operation ?? "a callback"} to ${slot.clientUrl.href}`,
          );
        }),
      (err: LegFailure) =>
        guarded(res, () => refuse(res, peer, 413, err.code, `callback refused: ${err.message}`)),
    );
  };

  // ------------------------------------------------------------ start

  const front = serve(tls.server, onClientSide);
  const back = serve(tls.callback, onTargetSide);
  try {
    const port = await listen(front.server, o.listen.host, o.listen.port, "recording proxy");
    proxyOrigin = `${tls.server ? "https" : "http"}://${urlHost(o.listen.host)}:${port}`;
    const cb = o.callbackListen ?? { host: o.listen.host, port: 0 };
    const cbPort = await listen(back.server, cb.host, cb.port, "recording proxy's callback service");
    const cbOrigin = o.callbackPublicUrl
      ? new URL(o.callbackPublicUrl).origin
      : `${tls.callback ? "https" : "http"}://${urlHost(cb.host)}:${cbPort}`;
    callbackBase = `${cbOrigin}${PROXY_DEFAULTS.callbackPath}`;
  } catch (err) {
    await Promise.all([front.close(), back.close()]);
    if (ownTimeline) timeline.close();
    throw err;
  }
  const endpoint = `${proxyOrigin}${target.pathname}${target.search}`;
  logger.info("recording proxy listening", { endpoint, target: target.href, callbackBase });

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    callbackBase,
    timeline,
    get slots() {
      return slots.map((s) => ({
        n: s.n,
        clientUrl: s.clientUrl.href,
        proxyUrl: s.proxyUrl,
        session: s.session,
      }));
    },
    close() {
      closing ??= (async () => {
        await Promise.all([front.close(), back.close()]);
        toTarget.destroy();
        toClients.destroy();
        if (ownTimeline) timeline.close();
        logger.info("recording proxy stopped", { endpoint, entries: timeline.length });
      })();
      return closing;
    },
  };
}

/**
 * Whether the target answers HTTP at all (a GET of `?wsdl`; any status will do): a proxy
 * started in front of nothing fails at once with the reason, not at the client's first request.
 */
export async function probeTarget(
  target: URL | string,
  tls: Pick<ProxyTls, "targetCa" | "targetCert" | "targetKey" | "rejectUnauthorized"> = {},
  timeoutMs = 5_000,
): Promise<number> {
  const url = new URL(String(target));
  url.search = "?wsdl";
  const agents = new LegAgents({
    ca: tls.targetCa,
    cert: tls.targetCert,
    key: tls.targetKey,
    rejectUnauthorized: tls.rejectUnauthorized,
  });
  try {
    const leg = await send({
      method: "GET",
      url,
      headers: [],
      agents,
      timeoutMs,
      maxBytes: PROXY_DEFAULTS.maxBodyBytes,
    }).answer;
    return leg.status;
  } catch (err) {
    const f = err instanceof LegFailure ? err : new LegFailure("network-error", String(err));
    throw new KitError(
      "CTIPSKIT_E_TRANSPORT",
      `the target ${url.origin}${url.pathname} cannot be reached: ${f.code}: ${f.message}`,
      {
        details: { url: url.href, code: f.code },
        fix: "check --target, that the CTIPS runs, and for HTTPS --target-ca; --skip-probe starts the proxy anyway",
      },
    );
  } finally {
    agents.destroy();
  }
}
