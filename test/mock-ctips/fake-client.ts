/**
 * A minimal CTIPS client for testing the mock on its own: posts envelopes written by the
 * codec and hosts a callback endpoint that records what the mock calls, answering 0 (or as
 * told). The kit's full recording client is tested separately.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import {
  Codec,
  contract,
  decodeMessage,
  encodeRequest,
  encodeResponse,
  soapActionFor,
} from "../../src/contract/index.ts";
import {
  defaultMockConfig,
  type MockConfig,
  type MockCtips,
  resolveMockConfig,
  startMockCtips,
} from "../../src/mock-ctips/index.ts";

export interface Callback {
  op: string;
  params: Record<string, unknown>;
  at: number;
  path: string;
}

export interface FakeClient {
  url: string;
  callbacks: Callback[];
  /** How to answer callbacks: "ok", "ignore" (never answer), "fault", or a delay in ms before answering. */
  mode: { heartbeat: "ok" | "ignore" | "fault" | number; event: "ok" | "ignore" | number };
  events(sessionPath?: string): Record<string, unknown>[];
  waitFor(pred: (c: Callback) => boolean, timeoutMs?: number, count?: number): Promise<Callback[]>;
  close(): Promise<void>;
}

export async function startFakeClient(): Promise<FakeClient> {
  const callbacks: Callback[] = [];
  const held: ServerResponse[] = [];
  const waiters: (() => void)[] = [];
  const mode: FakeClient["mode"] = { heartbeat: "ok", event: "ok" };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const msg = decodeMessage(Buffer.concat(chunks).toString());
      if (msg.kind !== "request") throw new Error("expected a callback request");
      callbacks.push({
        op: msg.operation.name,
        params: msg.params,
        at: performance.now(),
        path: req.url ?? "",
      });
      for (const w of waiters.splice(0)) w();
      const how =
        msg.operation.name === "Heartbeat"
          ? mode.heartbeat
          : msg.operation.name === "PublishCTIEvent"
            ? mode.event
            : "ok";
      const answer = () => {
        res.writeHead(200, { "content-type": "text/xml; charset=utf-8" });
        res.end(encodeResponse(msg.operation, 0));
      };
      if (how === "ignore") held.push(res);
      else if (how === "fault") {
        res.writeHead(500, { "content-type": "text/xml" });
        res.end(
          '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>no</faultstring></s:Fault></s:Body></s:Envelope>',
        );
      } else if (typeof how === "number") setTimeout(answer, how);
      else answer();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/www.aspect.com/PublishEvents`;
  return {
    url,
    callbacks,
    mode,
    events: (path) =>
      callbacks
        .filter((c) => c.op === "PublishCTIEvent" && (path === undefined || c.path === path))
        .map((c) => (c.params.ctiEvent as { value: Record<string, unknown> }).value),
    async waitFor(pred, timeoutMs = 3000, count = 1) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const hits = callbacks.filter(pred);
        if (hits.length >= count) return hits;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`waited ${timeoutMs} ms for ${count} callbacks, saw ${hits.length}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, left);
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
    async close() {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export async function startTestMock(overrides: Partial<MockConfig> = {}): Promise<MockCtips> {
  const { topology, ...rest } = overrides;
  const config = resolveMockConfig({
    source: "test",
    value: {
      port: 0,
      heartbeatIntervalMs: 60_000,
      callbackTimeoutMs: 1000,
      timings: { deliverMs: 1, distributeMs: 1, farEndAnswerMs: 1, passcodeMs: 1 },
      ...rest,
    },
  });
  return startMockCtips(topology ? { ...config, topology } : config);
}

export type Answer =
  | { ok: true; result: unknown; status: number }
  | { ok: false; code: string; message: string; status: number; actionNotSupported: boolean };

/** Posts one operation to the mock. */
const lenient = new Codec(undefined, { skipMissingRequired: true });

/** Posts one operation to the mock (args may lack required members: the writer leaves them out). */
export async function call(
  mock: MockCtips,
  op: string,
  args: Record<string, unknown>,
  soapAction?: string,
): Promise<Answer> {
  const info = contract().operation(op);
  return post(mock, encodeRequest(info, { args }, "wire", lenient), soapAction ?? soapActionFor(info));
}

/** Posts any text as a SOAP request. */
export async function post(mock: MockCtips, body: string, soapAction: string): Promise<Answer> {
  const res = await request(mock.endpoint, {
    method: "POST",
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: `"${soapAction}"` },
    body,
  });
  const text = await res.body.text();
  const msg = decodeMessage(text);
  if (msg.kind === "response") return { ok: true, result: msg.result, status: res.statusCode };
  if (msg.kind === "fault") {
    return {
      ok: false,
      code: msg.detail?.ErrorCode ?? msg.faultcode,
      message: msg.detail?.Message ?? msg.faultstring,
      status: res.statusCode,
      actionNotSupported: msg.actionNotSupported,
    };
  }
  throw new Error(`unexpected ${msg.kind}`);
}

export const CREDS = {
  UserName: defaultMockConfig.users[0].userName,
  Password: defaultMockConfig.users[0].password,
};

/** OpenConnection + subscriptions + OnLine; returns the SessionId. */
export async function openSession(
  mock: MockCtips,
  client: FakeClient,
  o: { categories?: string[]; filters?: [string, string][]; online?: boolean; path?: string } = {},
): Promise<string> {
  const r = await call(mock, "OpenConnection", {
    TenantIds: [1],
    UserCredentials: CREDS,
    ClientCallbackURL: client.url + (o.path ?? ""),
  });
  if (!r.ok) throw new Error(`OpenConnection failed: ${r.code} ${r.message}`);
  const id = (r.result as { SessionId: string }).SessionId;
  for (const c of o.categories ?? [])
    await call(mock, "AddMessageClass", { SessionId: id, TenantId: 1, MessageClass: c });
  for (const [t, v] of o.filters ?? [])
    await call(mock, "AddFilter", { SessionId: id, TenantId: 1, FieldType: t, FieldValue: v });
  if (o.online !== false) await call(mock, "OnLine", { SessionId: id, TenantId: 1 });
  return id;
}
