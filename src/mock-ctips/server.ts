/**
 * The mock CTIPS's HTTP(S) adapter: SOAP on POST, the WSDL and XSDs on GET (as WCF serves
 * them), and the control plane under /control. Everything else is the core's business.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { KitError } from "../contract/errors.ts";
import { BodyTooLargeError, rawHeader, readBody } from "../contract/http.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import { encodePlainFault, SOAP_CONTENT_TYPE } from "../contract/soap.ts";
import { buildWsdl, type WsdlBundle } from "../contract/wsdl.ts";
import type { Timeline } from "../timeline/timeline.ts";
import type { MockConfig } from "./config.ts";
import { type ControlPlane, createControlPlane, statusOf } from "./control.ts";
import { MockCtipsCore, type SoapAnswer } from "./core.ts";
import type { Clock } from "./simulator/types.ts";

export interface MockCtips {
  /** Base URL, e.g. http://127.0.0.1:8170 */
  readonly url: string;
  /** The CTIPortalService endpoint. */
  readonly endpoint: string;
  readonly port: number;
  readonly core: MockCtipsCore;
  readonly control: ControlPlane;
  readonly timeline: Timeline;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  timeline?: Timeline;
  clock?: Clock;
}

const CONTROL_BODY_LIMIT = 64 * 1024;

function ignore(): void {}

function send(res: ServerResponse, status: number, body: string, contentType: string, close = false): void {
  const headers: Record<string, string | number> = {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
  };
  if (close) headers.connection = "close";
  res.writeHead(status, headers);
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, status === 204 ? "" : JSON.stringify(value), "application/json; charset=utf-8");
}

export async function startMockCtips(config: MockConfig, opts: StartOptions = {}): Promise<MockCtips> {
  const logger = opts.logger ?? nullLogger;
  const core = new MockCtipsCore(config, { logger, timeline: opts.timeline, clock: opts.clock });
  const control = createControlPlane(core);
  const sockets = new Set<Socket>();
  let endpoint = "";
  let wsdl: WsdlBundle | undefined;
  const wsdlBundle = () => {
    wsdl ??= buildWsdl("server", { location: endpoint, profile: config.profile });
    return wsdl;
  };

  const tooLarge = (req: IncomingMessage, res: ServerResponse): void => {
    core.timeline.append({
      direction: "in",
      kind: "transportError",
      peer: req.socket.remoteAddress,
      code: "CTIPSKIT_E_XML_LIMIT",
      httpStatus: 413,
      message: `request body larger than maxMessageBytes (${config.maxMessageBytes})`,
    });
    send(
      res,
      413,
      `request body larger than ${config.maxMessageBytes} bytes (the mock's maxMessageBytes)\n`,
      "text/plain; charset=utf-8",
      true,
    );
    res.on("finish", () => req.socket.destroy());
  };

  const answerSoap = (req: IncomingMessage, res: ServerResponse, xml: string): void => {
    const answer = core.handleSoap(
      xml,
      rawHeader(req.rawHeaders, "soapaction"),
      `${req.socket.remoteAddress}:${req.socket.remotePort}`,
    );
    if (answer.drop) {
      req.socket.destroy();
      return;
    }
    if (answer.delayMs) setTimeout(queueAnswer, answer.delayMs, res, answer);
    else queueAnswer(res, answer);
  };

  const queueAnswer = (res: ServerResponse, answer: SoapAnswer): void => {
    if (batchRes.length === 0) setImmediate(flushAnswers);
    batchRes.push(res);
    batchAnswers.push(answer);
  };

  // Answers are written in a batch, once the poll phase has handed over every request it
  // read (setImmediate), not one by one as each is decoded: the first write of a batch wakes
  // the peer's thread and the others find it running. On a VM a wake-up is the costliest part
  // of a loopback write; batching answered 22–28 % more requests per second
  // (docs/decisions/004-hot-paths.md). Each answer was recorded before it joined the batch.
  let batchRes: ServerResponse[] = [];
  let batchAnswers: SoapAnswer[] = [];
  const flushAnswers = (): void => {
    const out = batchRes;
    const answers = batchAnswers;
    batchRes = [];
    batchAnswers = [];
    for (let k = 0; k < out.length; k++) {
      const a = answers[k];
      try {
        send(out[k], a.status, a.body, SOAP_CONTENT_TYPE);
      } catch (err) {
        logger.error("cannot write an answer", { err: String(err) });
      }
    }
    // Work that follows an answer (StartSession, snapshot events) starts once all are on their way.
    for (let k = 0; k < answers.length; k++) {
      const after = answers[k].after;
      if (after === undefined) continue;
      try {
        after();
      } catch (err) {
        logger.error("work after an answer failed", { err: String(err) });
      }
    }
  };

  // The hot path: no promise and no closure per request beyond the stream listeners (under
  // tsx, whose keepNames renames every named closure when it is created, that matters).
  const onSoap = (req: IncomingMessage, res: ServerResponse): void => {
    const limit = config.maxMessageBytes;
    const declared = Number(rawHeader(req.rawHeaders, "content-length"));
    if (declared > limit) {
      tooLarge(req, res);
      return;
    }
    let first: Buffer | undefined;
    let more: Buffer[] | undefined;
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.removeAllListeners("end");
        req.pause();
        tooLarge(req, res);
        return;
      }
      if (first === undefined) first = c;
      else {
        more ??= [first];
        more.push(c);
      }
    });
    req.on("error", ignore); // the peer went away mid-body: nothing to answer
    req.on("end", () => {
      const xml = more ? Buffer.concat(more).toString("utf8") : first ? first.toString("utf8") : "";
      try {
        answerSoap(req, res, xml);
      } catch (err) {
        soapFail(res, err);
      }
    });
  };

  const onWsdl = (url: URL, res: ServerResponse): boolean => {
    const q = url.search.slice(1).toLowerCase();
    const b = wsdlBundle();
    let doc: string | undefined;
    if (q === "wsdl") doc = b.root;
    else if (q === "singlewsdl") doc = b.single;
    else if (q === "wsdl=wsdl0") doc = b.wsdl0;
    else {
      const m = /^xsd=xsd(\d+)$/.exec(q);
      if (m) doc = b.xsd[Number(m[1])];
    }
    if (doc === undefined) return false;
    send(res, 200, doc, "text/xml; charset=utf-8");
    return true;
  };

  const onControl = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const parts = url.pathname.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
    const method = req.method ?? "GET";
    let body: unknown;
    if (method === "POST" || method === "PUT") {
      const text = (await readBody(req, CONTROL_BODY_LIMIT)).toString("utf8");
      if (text.trim()) {
        try {
          body = JSON.parse(text);
        } catch {
          throw new KitError("CTIPSKIT_E_CONTROL_INVALID", "the request body is not valid JSON", {
            details: { field: "(body)" },
          });
        }
      }
    }
    const route = `${method} ${parts.map((p, i) => (i % 2 === 1 && parts[0] !== "links" ? ":" : p)).join("/")}`;
    const num = (s: string, field: string) => {
      if (!/^\d+$/.test(s))
        throw new KitError("CTIPSKIT_E_CONTROL_INVALID", `${field} '${s}' is not a whole number`, {
          details: { field },
        });
      return Number(s);
    };
    switch (route) {
      case "POST calls":
        return sendJson(res, 201, control.createCall(body));
      case "POST calls/:/hangup":
        control.hangup(num(parts[1], "callId"));
        return sendJson(res, 200, {});
      case "POST agents/:/answer":
        control.answer(parts[1]);
        return sendJson(res, 200, {});
      case "POST services/:/state": {
        const state = (body as { state?: unknown } | undefined)?.state;
        if (typeof state !== "string")
          throw new KitError("CTIPSKIT_E_CONTROL_INVALID", "state must be a CTIServiceState name", {
            details: { field: "state" },
          });
        control.setServiceState(num(parts[1], "serviceId"), state);
        return sendJson(res, 200, {});
      }
      case "POST gateway/:": {
        if (parts[1] !== "passcode") {
          return sendJson(res, 404, {
            error: { code: "CTIPSKIT_E_NOT_FOUND", message: `no control route ${method} ${url.pathname}` },
          });
        }
        control.setGatewayPasscode((body as { required?: unknown } | undefined)?.required as boolean);
        return sendJson(res, 200, {});
      }
      case "POST faults":
        return sendJson(res, 201, control.addFault(body));
      case "GET faults":
        return sendJson(res, 200, control.faults());
      case "DELETE faults/:":
        control.removeFault(parts[1]);
        return sendJson(res, 204, null);
      case "GET state":
        return sendJson(res, 200, control.state());
      case "DELETE sessions/:":
        control.disposeSession(decodeURIComponent(parts[1]));
        return sendJson(res, 204, null);
      case "POST reset":
        control.reset();
        return sendJson(res, 200, {});
      default:
        if (method === "POST" && parts[0] === "links" && parts.length === 3) {
          control.setLink(parts[1], parts[2]);
          return sendJson(res, 200, {});
        }
        return sendJson(res, 404, {
          error: { code: "CTIPSKIT_E_NOT_FOUND", message: `no control route ${method} ${url.pathname}` },
        });
    }
  };

  /** The core never throws on a request; should it, the client still gets a SOAP fault, not JSON. */
  const soapFail = (res: ServerResponse, err: unknown): void => {
    logger.error("unexpected error while serving a SOAP request", { err: String(err) });
    if (res.headersSent) return;
    send(res, 500, encodePlainFault("Server", `the mock CTIPS failed: ${String(err)}`), SOAP_CONTENT_TYPE);
  };

  const fail = (res: ServerResponse, err: unknown): void => {
    if (res.headersSent) return;
    if (err instanceof BodyTooLargeError) {
      send(res, 413, "request body too large\n", "text/plain; charset=utf-8", true);
      return;
    }
    const status = statusOf(err);
    if (status === 500) logger.error("unexpected error while serving a request", { err: String(err) });
    const e = err as KitError;
    sendJson(res, status, {
      error: { code: e.code ?? "CTIPSKIT_E_INTERNAL", message: e.message, ...(e.details ?? {}) },
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://mock");
    if (config.controlPlane && (url.pathname === "/control" || url.pathname.startsWith("/control/"))) {
      return onControl(req, res, url);
    }
    if (url.pathname.toLowerCase() === config.path.toLowerCase()) {
      if (req.method === "POST") return onSoap(req, res);
      if (req.method === "GET" && onWsdl(url, res)) return;
    }
    send(res, 404, `no such resource: ${req.method} ${url.pathname}\n`, "text/plain; charset=utf-8");
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    // The common case, a SOAP request to the endpoint's own path, needs no URL parsing.
    if (req.method === "POST" && req.url === config.path) {
      onSoap(req, res);
      return;
    }
    route(req, res).catch((err: unknown) => fail(res, err));
  };

  const server: Server = config.tls
    ? createHttpsServer(
        {
          cert: config.tls.cert,
          key: config.tls.key,
          ca: config.tls.ca,
          requestCert: config.tls.requestClientCert ?? false,
          rejectUnauthorized: config.tls.requestClientCert ?? false,
        },
        handler,
      )
    : createHttpServer(handler);
  server.keepAliveTimeout = 30_000;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        new KitError(
          "CTIPSKIT_E_LISTEN",
          `cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}`,
          {
            cause: err,
            fix:
              err.code === "EADDRINUSE" ? "choose another --port, or 0 for an ephemeral one" : "check --host",
          },
        ),
      );
    server.once("error", onError);
    server.listen(config.port, config.host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `${config.tls ? "https" : "http"}://${host}:${port}`;
  endpoint = `${url}${config.path}`;
  logger.info("mock CTIPS listening", { endpoint, profile: config.profile, tenantId: config.tenantId });
  let closing: Promise<void> | undefined;
  return {
    url,
    endpoint,
    port,
    core,
    control,
    timeline: core.timeline,
    close() {
      closing ??= (async () => {
        await core.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
        logger.info("mock CTIPS stopped", { endpoint });
      })();
      return closing;
    },
  };
}
