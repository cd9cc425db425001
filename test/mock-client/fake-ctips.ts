/**
 * A small fake CTIPS for the recording client's tests: answers SOAP requests with envelopes
 * built by the kit's codec (scriptable per operation), remembers what it received, and
 * calls a client's callback service the way a CTIPS does.
 */
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
} from "node:http";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import type { Profile } from "../../src/contract/codec.ts";
import { contract } from "../../src/contract/schemas.ts";
import {
  decodeMessage,
  encodeFault,
  encodeRequest,
  encodeResponse,
  type FaultValue,
  SOAP_CONTENT_TYPE,
  soapActionFor,
} from "../../src/contract/soap.ts";

export type Reply =
  | { result: unknown }
  | { fault: FaultValue }
  | { status: number; body: string; contentType?: string }
  | { destroy: true };

export interface Received {
  op: string;
  soapAction: string | undefined;
  args: Record<string, unknown>;
  body: string;
}

export type Handler = (args: Record<string, unknown>, fake: FakeCtips) => Reply | Promise<Reply>;

export interface FakeCtipsOptions {
  /** Call StartSession on the ClientCallbackURL before answering OpenConnection (default true). */
  startSession?: boolean;
  profile?: Profile;
  tls?: { cert: string; key: string; ca?: string; requestCert?: boolean };
  /** Extra GET documents by query string (`?wsdl`, `?xsd=xsd0`). */
  documents?: (query: string) => string | undefined;
  /** CA for callbacks to an HTTPS callback host. */
  callbackCa?: string;
}

export interface FakeCtips {
  url: string;
  received: Received[];
  gets: string[];
  /** SessionId → the ClientCallbackURL it was opened with. */
  callbackUrls: Map<string, string>;
  /** Client certificate subject CNs seen on TLS connections. */
  clientCertCNs: string[];
  on(op: string, handler: Handler): void;
  /** Calls a callback operation on `url`; resolves when the answer arrives. */
  callback(
    url: string,
    op: string,
    params: Record<string, unknown>,
    o?: CallbackCallOptions,
  ): Promise<CallbackAnswer>;
  close(): Promise<void>;
}

export interface CallbackCallOptions {
  profile?: Profile;
  /** Abort after this many ms (rejects with an Error whose code is ETIMEDOUT). */
  timeoutMs?: number;
  /** Runs synchronously the moment the answer's status line arrives. */
  onAnswer?: () => void;
}

export interface CallbackAnswer {
  status: number;
  body: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export const event = (type: string, members: Record<string, unknown> = {}) => {
  const info = contract().eventInfo(type);
  if (!info) throw new Error(`no event ${type}`);
  const value: Record<string, unknown> = {
    EventCategory: info.category,
    EventType: info.eventType,
    SiteId: 1,
    TenantId: 1,
    RequestId: 0,
    SwitchId: 1,
    ServiceId: 0,
    AgentId: 0,
  };
  for (const m of info.members) {
    if (m.name in value || !m.required) continue;
    if (m.type.kind === "primitive")
      value[m.name] =
        m.type.name === "bool" ? false : m.type.name === "string" ? "" : m.type.name === "long" ? "0" : 0;
    else if (m.type.kind === "enum") value[m.name] = contract().enumInfo(m.type.name).names[0];
    else value[m.name] = null;
  }
  return { type: info.name, value: { ...value, ...members } };
};

export async function startFakeCtips(o: FakeCtipsOptions = {}): Promise<FakeCtips> {
  const handlers = new Map<string, Handler>();
  const received: Received[] = [];
  const gets: string[] = [];
  const callbackUrls = new Map<string, string>();
  const clientCertCNs: string[] = [];
  let sessions = 0;

  const fake: FakeCtips = {
    url: "",
    received,
    gets,
    callbackUrls,
    clientCertCNs,
    on: (op, h) => handlers.set(op, h),
    callback: (url, op, params, co = {}) => callOnce(url, op, params, co, o.callbackCa),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  handlers.set("OpenConnection", async (args) => {
    const id = `S${++sessions}`;
    const url = String(args.ClientCallbackURL);
    callbackUrls.set(id, url);
    if (o.startSession !== false) {
      await fake.callback(url, "StartSession", { userinfo: args.UserCredentials, sessionId: id });
    }
    return { result: { SessionId: id, Response: "_success" } };
  });

  const serve = async (req: IncomingMessage, res: import("node:http").ServerResponse) => {
    const tlsSocket = req.socket as import("node:tls").TLSSocket;
    if (typeof tlsSocket.getPeerCertificate === "function") {
      const cn = tlsSocket.getPeerCertificate()?.subject?.CN;
      if (cn) clientCertCNs.push(String(cn));
    }
    if (req.method === "GET") {
      const q = new URL(req.url ?? "/", "http://x").search.slice(1);
      gets.push(q);
      const doc = o.documents?.(q);
      res.writeHead(doc ? 200 : 404, { "content-type": "text/xml; charset=utf-8" }).end(doc ?? "");
      return;
    }
    const body = await readBody(req);
    const msg = decodeMessage(body);
    if (msg.kind !== "request") throw new Error(`fake CTIPS got a ${msg.kind}`);
    const args = (msg.params.args ?? {}) as Record<string, unknown>;
    const soapAction = typeof req.headers.soapaction === "string" ? req.headers.soapaction : undefined;
    received.push({ op: msg.operation.name, soapAction, args, body });
    const reply = await (handlers.get(msg.operation.name) ?? (() => ({ result: 0 })))(args, fake);
    if ("destroy" in reply) {
      req.socket.destroy();
    } else if ("status" in reply) {
      res.writeHead(reply.status, { "content-type": reply.contentType ?? "text/html" }).end(reply.body);
    } else if ("fault" in reply) {
      res.writeHead(500, { "content-type": SOAP_CONTENT_TYPE }).end(encodeFault(reply.fault));
    } else {
      const xml = encodeResponse(msg.operation, reply.result, msg.guideForm ? "guide" : "wire");
      res.writeHead(200, { "content-type": SOAP_CONTENT_TYPE }).end(xml);
    }
  };
  const handler = (req: IncomingMessage, res: import("node:http").ServerResponse) => {
    serve(req, res).catch((err: Error) => res.writeHead(599).end(err.message));
  };
  const server: Server = o.tls
    ? createHttpsServer(
        {
          cert: o.tls.cert,
          key: o.tls.key,
          ca: o.tls.ca,
          requestCert: o.tls.requestCert,
          rejectUnauthorized: true,
        },
        handler,
      )
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `${o.tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}/Aspect.UnifiedIP.EDK.CTIPortalService`;
  return fake;
}

/** One callback POST on a fresh connection. */
export function callOnce(
  url: string,
  opName: string,
  params: Record<string, unknown>,
  o: CallbackCallOptions = {},
  ca?: string,
): Promise<CallbackAnswer> {
  const op = contract().operation(opName);
  const profile = o.profile ?? "wire";
  const xml = encodeRequest(op, params, profile);
  const u = new URL(url);
  const send = u.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      {
        method: "POST",
        agent: false,
        ca,
        headers: {
          "content-type": SOAP_CONTENT_TYPE,
          soapaction: `"${soapActionFor(op, profile)}"`,
          "content-length": Buffer.byteLength(xml),
        },
      },
      (res) => {
        o.onAnswer?.();
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    if (o.timeoutMs !== undefined) {
      req.setTimeout(o.timeoutMs, () =>
        req.destroy(Object.assign(new Error(`no answer within ${o.timeoutMs} ms`), { code: "ETIMEDOUT" })),
      );
    }
    req.on("error", reject);
    req.end(xml);
  });
}
