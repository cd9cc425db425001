/**
 * The client's callback service, CTIEventService: PublishCTIEvent, Heartbeat (the guide's
 * HeartbeatMessage()) and StartSession, hosted over HTTP or HTTPS with keep-alive.
 * Every callback is appended to the timeline before its answer is written, and answered
 * without awaiting anything but the configured behaviour delays.
 * @see EDK 4-1, EDK 4-2; wire-contract.md "Client callback service"
 */
import { callbackEntry, namedSession } from "./callback-entry.ts";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Profile } from "../contract/codec.ts";
import { isKitError, KitError } from "../contract/errors.ts";
import type { Logger } from "../contract/logger.ts";
import { NS, type OperationInfo } from "../contract/schemas.ts";
import {
  decodeMessage,
  encodeActionNotSupported,
  encodePlainFault,
  encodeResponse,
  resultPayload,
  SOAP_CONTENT_TYPE,
  unquoteSoapAction,
} from "../contract/soap.ts";
import type { NewEntry, TimelineEntry } from "../timeline/entry.ts";
import type { Timeline } from "../timeline/timeline.ts";
import type { CallbackBehaviour, CallbackTls } from "./types.ts";

export interface CallbackServerOptions {
  host: string;
  port: number;
  path: string;
  publicUrl?: string;
  tls?: CallbackTls;
  maxBodyBytes: number;
  ignoreHoldMs: number;
  profile: Profile;
  timeline: Timeline;
  /** Read at every callback, so a change applies to the next one. */
  behaviour: () => CallbackBehaviour;
  logger: Logger;
  /** The session a callback to this path suffix ('' = the configured path itself) belongs to. */
  sessionForPath(suffix: string): string | undefined;
}

export interface CallbackServer {
  /** The URL to advertise for a path suffix ('' or `s2`). */
  urlFor(suffix: string): string;
  close(): Promise<void>;
}

type Action = "answer" | "fault" | "ignore" | "close";

/** Suffixes the client hands to second and later concurrent sessions (see docs/recording-client.md). */
const SUFFIX = /^s\d+$/;
/** A request path the URL parser would return unchanged: no query, escapes, dot segments or `//`. */
const PLAIN_PATH = /^(?!.*\/\.)(?!.*\/\/)\/[A-Za-z0-9_.~/-]*$/;
const FAULT_MESSAGE = "the recording client's callback behaviour is set to fault";

function soapReply(res: ServerResponse, status: number, xml: string): void {
  res
    .writeHead(status, { "content-type": SOAP_CONTENT_TYPE, "content-length": Buffer.byteLength(xml) })
    .end(xml);
}

/** The guide's `void PublishCTIEvent(…)` answers an empty response element. @see docs/spec-notes.md */
function voidResponse(op: OperationInfo): string {
  return `<s:Envelope xmlns:s="${NS.soap}"><s:Body><${op.name}Response xmlns="${op.namespace}"/></s:Body></s:Envelope>`;
}

function hostForUrl(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function normalisePath(path: string): string {
  const p = path.startsWith("/") ? path : `/${path}`;
  return p.length > 1 ? p.replace(/\/+$/, "") : p;
}

function _asInt(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

export async function startCallbackServer(o: CallbackServerOptions): Promise<CallbackServer> {
  const { timeline, logger } = o;
  const path = normalisePath(o.path);
  /** Timers of delayed and held answers, cleared on close. */
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    // The listening server keeps the process alive; a pending answer alone should not.
    t.unref();
    timers.add(t);
  };

  /** A harness fault (e.g. the timeline file cannot be written) is logged and answered, never thrown into the event loop. */
  const guarded = (res: ServerResponse, peer: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      logger.error("callback service failed to handle a callback", { peer, error: String(err) });
      if (!res.headersSent) soapReply(res, 500, encodePlainFault("Server", "the recording client failed"));
    }
  };

  const suffixOf = (pathname: string): string | undefined => {
    if (pathname === path || pathname === `${path}/`) return "";
    if (!pathname.startsWith(`${path}/`)) return undefined;
    const rest = pathname.slice(path.length + 1);
    return SUFFIX.test(rest) ? rest : undefined;
  };

  /** Records a refused callback and answers it (a SOAP fault when `xml` is given). */
  const refuse = (
    res: ServerResponse,
    peer: string,
    status: number,
    code: string,
    message: string,
    raw?: string,
    xml?: string,
  ): void => {
    timeline.append({
      direction: "in",
      kind: "transportError",
      peer,
      code,
      message,
      httpStatus: status,
      raw,
    });
    logger.warn(`callback service: ${message}`, { peer, code });
    if (xml) soapReply(res, status, xml);
    else res.writeHead(status, { connection: "close" }).end();
  };

  // Per request: no named closure (tsx's keepNames renames each as it is created) and no
  // URL object unless the path has a query or escapes.
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const url = req.url ?? "/";
    const pathname = PLAIN_PATH.test(url) ? url : new URL(url, "http://callback").pathname;
    const suffix = suffixOf(pathname);
    if (req.method !== "POST") {
      logger.debug("callback service: not a POST", { method: req.method, url: req.url });
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    if (suffix === undefined) {
      req.resume();
      refuse(res, peer, 404, "unknown-path", `POST to ${pathname}, which is not the callback path ${path}`);
      return;
    }
    const declared = Number(req.headers["content-length"]);
    if (declared > o.maxBodyBytes) {
      refuse(
        res,
        peer,
        413,
        "body-too-large",
        `callback body of ${declared} bytes exceeds ${o.maxBodyBytes}`,
      );
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > o.maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        refuse(res, peer, 413, "body-too-large", `callback body exceeds ${o.maxBodyBytes} bytes`);
        return;
      }
      chunks.push(chunk);
    });
    // A peer that drops the connection mid-body: nothing arrived to record.
    req.on("error", (err) => logger.debug("callback service: request aborted", { peer, error: err.message }));
    req.on("end", () => {
      if (!tooLarge)
        guarded(res, peer, () =>
          dispatch(
            req,
            res,
            chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8"),
            suffix,
            peer,
          ),
        );
    });
  };

  const dispatch = (
    req: IncomingMessage,
    res: ServerResponse,
    xml: string,
    suffix: string,
    peer: string,
  ): void => {
    const soapAction = typeof req.headers.soapaction === "string" ? req.headers.soapaction : undefined;
    let decoded: ReturnType<typeof decodeMessage>;
    try {
      decoded = decodeMessage(xml, { soapAction });
    } catch (err) {
      if (!isKitError(err)) throw err;
      refuse(res, peer, 500, err.code, err.message, xml, encodePlainFault("Client", err.message));
      return;
    }
    if (decoded.kind !== "request" || decoded.operation.service !== "callback") {
      const what = decoded.kind === "request" ? decoded.operation.name : decoded.kind;
      const action = soapAction === undefined ? what : unquoteSoapAction(soapAction);
      refuse(
        res,
        peer,
        500,
        "CTIPSKIT_E_SOAP_UNKNOWN_BODY",
        `${what} is not a CTIEventService operation`,
        xml,
        encodeActionNotSupported(action),
      );
      return;
    }
    const op = decoded.operation;
    const params = decoded.params;
    const guideForm = decoded.guideForm;
    const behaviour = o.behaviour();
    const deviations = decoded.deviations.length > 0 ? decoded.deviations : undefined;
    let action: Action = "answer";
    let delayMs = 0;
    const session = namedSession(params) ?? o.sessionForPath(suffix);
    const entry = timeline.append(callbackEntry(op.name, params, { peer, session, raw: xml, deviations }));
    if (op.name === "PublishCTIEvent") {
      action = behaviour.event;
      delayMs =
        !behaviour.eventDelayTypes || behaviour.eventDelayTypes.includes(entry.name ?? "")
          ? behaviour.eventDelayMs
          : 0;
    } else if (op.name === "Heartbeat") {
      action = behaviour.heartbeat;
      delayMs = behaviour.heartbeatDelayMs;
    }
    logger.debug("callback received", {
      operation: op.name,
      seq: entry.seq,
      session: entry.session,
      action,
      delayMs,
    });
    if (delayMs > 0)
      later(delayMs, () => guarded(res, peer, () => respond(req, res, op, guideForm, entry, action)));
    else respond(req, res, op, guideForm, entry, action);
  };

  const respond = (
    req: IncomingMessage,
    res: ServerResponse,
    op: OperationInfo,
    guideForm: boolean,
    entry: TimelineEntry,
    action: Action,
  ): void => {
    const base: Pick<NewEntry, "peer" | "session" | "name" | "replyTo"> = {
      peer: entry.peer,
      session: entry.session,
      name: op.name,
      replyTo: entry.seq,
    };
    switch (action) {
      case "answer": {
        // Answer in the form asked (HeartbeatMessage → HeartbeatMessageResponse); PublishCTIEvent
        // looks the same in both profiles, so the client's profile decides (void in the guide).
        const isVoid = op.name === "PublishCTIEvent" && o.profile === "guide";
        const xml = isVoid ? voidResponse(op) : encodeResponse(op, 0, guideForm ? "guide" : "wire");
        timeline.append({
          peer: entry.peer,
          session: entry.session,
          name: op.name,
          replyTo: entry.seq,
          direction: "out",
          kind: "callbackResponse",
          latencyNs: timeline.now() - entry.monoNs,
          payload: isVoid ? {} : resultPayload(op.name, 0),
          raw: xml,
        });
        soapReply(res, 200, xml);
        return;
      }
      case "fault": {
        const xml = encodePlainFault("Server", FAULT_MESSAGE);
        timeline.append({
          ...base,
          direction: "out",
          kind: "fault",
          faultCode: "s:Server",
          payload: { faultcode: "s:Server", faultstring: FAULT_MESSAGE },
          raw: xml,
        });
        soapReply(res, 500, xml);
        return;
      }
      case "ignore": {
        timeline.append({
          ...base,
          direction: "out",
          kind: "note",
          code: "callback-ignored",
          message: `${op.name} left unanswered by behaviour; socket destroyed after ${o.ignoreHoldMs} ms`,
        });
        later(o.ignoreHoldMs, () => req.socket.destroy());
        return;
      }
      case "close": {
        timeline.append({
          ...base,
          direction: "out",
          kind: "note",
          code: "callback-socket-destroyed",
          message: `${op.name} answered by destroying the connection (behaviour)`,
        });
        req.socket.destroy();
        return;
      }
    }
  };

  const server: Server = o.tls
    ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key, keepAlive: true }, handler)
    : createHttpServer({ keepAlive: true }, handler);
  // Longer than a .NET client's 100 s idle time, so the server is not the side that races a reuse.
  server.keepAliveTimeout = 110_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) =>
      reject(
        new KitError("CTIPSKIT_E_LISTEN", `the callback service cannot listen on ${o.host}:${o.port}`, {
          cause: err,
          fix: "choose another callback port, or 0 for an ephemeral one",
        }),
      ),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = new URL(o.publicUrl ?? `${o.tls ? "https" : "http"}://${hostForUrl(o.host)}:${port}${path}`);
  logger.info("callback service listening", { url: base.href });

  return {
    urlFor(suffix) {
      if (!suffix) return base.href;
      const u = new URL(base.href);
      u.pathname = `${u.pathname.replace(/\/+$/, "")}/${suffix}`;
      return u.href;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
