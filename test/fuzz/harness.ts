/**
 * The fuzzing harness: a mock CTIPS on loopback with a well-behaved session (the keeper),
 * a callback server that answers and counts heartbeats and events, a keep-alive connection
 * pool that sends raw bodies with a per-request timeout, and the judge of every answer.
 * Used by test/fuzz/*.test.ts (a short, seed-fixed run) and bench/fuzz.bench.ts (the long one).
 */
import { Agent, createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { contract, decodeMessage, encodeResponse } from "../../src/contract/index.ts";
import type { Logger } from "../../src/contract/logger.ts";
import { xmlSafe } from "../../src/contract/xml.ts";
import {
  type MockConfig,
  type MockCtips,
  resolveMockConfig,
  startMockCtips,
} from "../../src/mock-ctips/index.ts";
import { CALLBACK, envelope, type FuzzCase, SESSION } from "./bodies.ts";

// ------------------------------------------------------------------------------ the pool

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The whole answer arrived (its Content-Length or last chunk). */
  complete: boolean;
  ms: number;
}
export interface NoReply {
  error: string;
  ms: number;
}
export type Outcome = Reply | NoReply;

export const isReply = (o: Outcome): o is Reply => "status" in o;

/** Keep-alive connections to one endpoint; each request has a deadline. */
export class Pool {
  readonly agent: Agent;
  private readonly url: URL;

  constructor(
    endpoint: string,
    readonly sockets = 8,
    readonly timeoutMs = 5_000,
  ) {
    this.url = new URL(endpoint);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(body: Buffer, soapAction: string | undefined, chunked = false): Promise<Outcome> {
    const t0 = performance.now();
    return new Promise<Outcome>((resolve) => {
      let done = false;
      const finish = (o: Outcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(o);
      };
      const headers: Record<string, string | number> = { "content-type": "text/xml; charset=utf-8" };
      if (soapAction !== undefined) headers.soapaction = soapAction;
      if (!chunked) headers["content-length"] = body.length;
      const req = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: "POST",
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          const end = () =>
            finish({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              complete: res.complete,
              ms: performance.now() - t0,
            });
          res.on("end", end);
          res.on("close", end);
          res.on("error", end);
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        finish({ error: `no answer within ${this.timeoutMs} ms`, ms: performance.now() - t0 });
      }, this.timeoutMs);
      req.on("error", (err: NodeJS.ErrnoException) =>
        finish({ error: `${err.code ?? ""} ${err.message}`.trim(), ms: performance.now() - t0 }),
      );
      if (chunked) {
        req.write(body);
        req.end();
      } else req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `work` over `items` with `concurrency` loops, each with one item in flight. */
export async function inLoops<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const loop = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, loop));
  return out;
}

// ------------------------------------------------------------------------------ the judge

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });
const FAULT_CODES = new Set(contract().enumInfo("FaultErrorCode").names);

/**
 * What is wrong with an answer, or undefined: every request gets a whole answer that is a
 * result (HTTP 200), a WCF-shaped fault (500: CTIPortalServiceFault or ActionNotSupported;
 * 400: a client fault for what is not a CTIPS request), or 413 for a body over the limit.
 */
export function judge(
  k: FuzzCase,
  sentBytes: number,
  o: Outcome,
  maxMessageBytes: number,
): string | undefined {
  if (!isReply(o)) return `no answer: ${o.error}`;
  if (!o.complete) return `HTTP ${o.status}, the answer was cut short (${o.body.length} bytes)`;
  let text: string;
  try {
    text = fatalUtf8.decode(o.body);
  } catch {
    return `HTTP ${o.status}, the answer is not valid UTF-8`;
  }
  if (o.status === 413) {
    if (sentBytes <= maxMessageBytes)
      return `413 for a body of ${sentBytes} bytes (limit ${maxMessageBytes})`;
    return /larger than \d+ bytes/.test(text) ? undefined : `413 without saying why: ${text.slice(0, 200)}`;
  }
  const what = `HTTP ${o.status} ${o.headers["content-type"] ?? "(no content-type)"}: ${text.slice(0, 300)}`;
  if (o.headers["content-type"] !== "text/xml; charset=utf-8") return `not a SOAP answer: ${what}`;
  if (xmlSafe(text) !== text)
    return `the answer has a character XML 1.0 cannot carry: ${JSON.stringify(text.slice(0, 300))}`;
  let msg: ReturnType<typeof decodeMessage>;
  try {
    msg = decodeMessage(text);
  } catch (err) {
    return `the answer is not a SOAP message (${(err as Error).message}): ${what}`;
  }
  if (msg.deviations.length)
    return `the answer deviates from the wire contract (${msg.deviations.map((d) => d.message).join("; ")}): ${what}`;
  if (o.status === 200) {
    if (msg.kind !== "response") return `HTTP 200 without a result: ${what}`;
    return k.mustRefuse ? `accepted a request it must refuse: ${what}` : undefined;
  }
  if (msg.kind !== "fault") return `HTTP ${o.status} without a fault: ${what}`;
  if (!msg.faultstring.trim()) return `a fault without a faultstring: ${what}`;
  if (o.status === 500) {
    if (msg.actionNotSupported)
      return msg.faultcode === "a:ActionNotSupported" ? undefined : `odd faultcode: ${what}`;
    if (!msg.detail) return `a 500 fault without CTIPortalServiceFault detail: ${what}`;
    if (!FAULT_CODES.has(msg.detail.ErrorCode))
      return `ErrorCode ${msg.detail.ErrorCode} is not a FaultErrorCode: ${what}`;
    if (/internal error/i.test(msg.detail.Message)) return `an internal error of the mock: ${what}`;
    return msg.faultcode === "s:Client" ? undefined : `faultcode ${msg.faultcode}: ${what}`;
  }
  if (o.status === 400)
    return msg.faultcode === "s:Client" && !msg.detail ? undefined : `odd 400 fault: ${what}`;
  return `unexpected ${what}`;
}

// ------------------------------------------------------------------------------ callbacks

interface Seen {
  heartbeats: number;
  lastHeartbeat: number;
  events: number;
}

/** The client side of every session: answers 0 to everything, counts per callback path. */
export class CallbackServer {
  readonly seen = new Map<string, Seen>();
  private readonly waiters = new Map<number, () => void>();
  private readonly requestIds = new Set<number>();
  url = "";
  private server: Server | undefined;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const tag = (req.url ?? "").split("/").pop() ?? "";
        const seen = this.seen.get(tag) ?? { heartbeats: 0, lastHeartbeat: 0, events: 0 };
        this.seen.set(tag, seen);
        const msg = decodeMessage(Buffer.concat(chunks).toString("utf8"));
        if (msg.kind !== "request") {
          res.writeHead(400).end();
          return;
        }
        if (msg.operation.name === "Heartbeat") {
          seen.heartbeats++;
          seen.lastHeartbeat = performance.now();
        } else if (msg.operation.name === "PublishCTIEvent") {
          seen.events++;
          const id = (msg.params.ctiEvent as { value: { RequestId?: number } }).value.RequestId;
          if (typeof id === "number" && tag === "keeper") {
            this.requestIds.add(id);
            this.waiters.get(id)?.();
          }
        }
        const body = encodeResponse(msg.operation, 0);
        res.writeHead(200, {
          "content-type": "text/xml; charset=utf-8",
          "content-length": Buffer.byteLength(body),
        });
        res.end(body);
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cb`;
  }

  /** Resolves true when the keeper received an event carrying `requestId`, false after `ms`. */
  eventFor(requestId: number, ms: number): Promise<boolean> {
    if (this.requestIds.has(requestId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiters.delete(requestId);
        resolve(false);
      }, ms);
      this.waiters.set(requestId, () => {
        clearTimeout(t);
        this.waiters.delete(requestId);
        resolve(true);
      });
    });
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

// ------------------------------------------------------------------------------ the world

export interface WorldOptions {
  /** Who the fuzzed requests' `$SESSION$` names: a session of their own, or the keeper itself. */
  aim: "victim" | "keeper";
  /** The keeper logs agent1 in and takes a call (something an accepted request would change). */
  busyKeeper?: boolean;
  config?: Partial<MockConfig>;
  sockets?: number;
  timeoutMs?: number;
}

export const HEARTBEAT_MS = 200;

/** Fast timings, sessions that cannot reach anything but the callback server (no StartSession). */
export function fuzzConfig(overrides: Partial<MockConfig> = {}): MockConfig {
  return resolveMockConfig({
    source: "fuzz",
    value: {
      port: 0,
      startSession: false,
      heartbeatIntervalMs: HEARTBEAT_MS,
      heartbeatTimeoutMs: HEARTBEAT_MS,
      missedHeartbeats: 25, // 5 s of misses: a loaded CI machine does not dispose the keeper
      callbackTimeoutMs: 2_000,
      timings: { deliverMs: 1, distributeMs: 1, farEndAnswerMs: 1, passcodeMs: 1, wrapMs: 50 },
      ...overrides,
    },
  });
}

export class FuzzWorld {
  readonly callbacks = new CallbackServer();
  /** What the mock logged as errors (an internal error is a finding). */
  readonly errors: string[] = [];
  mock!: MockCtips;
  pool!: Pool;
  keeper = "";
  victim = "";
  private requestId = 900_000_000;
  private constructor(readonly opts: WorldOptions) {}

  static async start(opts: WorldOptions): Promise<FuzzWorld> {
    const w = new FuzzWorld(opts);
    await w.callbacks.start();
    const logger: Logger = {
      debug() {},
      info() {},
      warn() {},
      error: (msg, fields) => w.errors.push(`${msg} ${JSON.stringify(fields ?? {})}`),
    };
    w.mock = await startMockCtips(fuzzConfig(opts.config), { logger });
    w.pool = new Pool(w.mock.endpoint, opts.sockets ?? 8, opts.timeoutMs ?? 5_000);
    w.keeper = await w.open("keeper", ["EventCategoryAgent", "EventCategoryCall"]);
    if (opts.busyKeeper) await w.makeBusy();
    if (opts.aim === "victim")
      w.victim = await w.open("victim", [
        "EventCategoryAgent",
        "EventCategoryCall",
        "EventCategoryRoute",
        "EventCategorySystem",
      ]);
    return w;
  }

  get maxMessageBytes(): number {
    return this.mock.core.config.maxMessageBytes;
  }

  /** The session `$SESSION$` stands for. */
  get aimed(): string {
    return this.opts.aim === "keeper" ? this.keeper : this.victim;
  }

  /** A valid request of the harness's own; throws unless it gets a result. */
  async call(op: string, args: Record<string, unknown>): Promise<unknown> {
    const { body, soapAction } = envelope(op, args);
    const o = await this.pool.send(body, soapAction);
    if (!isReply(o)) throw new Error(`${op}: ${o.error}`);
    const msg = decodeMessage(o.body.toString("utf8"));
    if (msg.kind !== "response")
      throw new Error(`${op}: HTTP ${o.status} ${o.body.toString("utf8").slice(0, 300)}`);
    return msg.result;
  }

  private async open(tag: string, classes: string[]): Promise<string> {
    const r = (await this.call("OpenConnection", {
      TenantIds: [1],
      UserCredentials: { UserName: "ctiuser", Password: "ctipass" },
      ClientCallbackURL: `${this.callbacks.url}/${tag}`,
    })) as { SessionId: string | null };
    const id = r.SessionId;
    if (!id) throw new Error(`OpenConnection for the ${tag} refused`);
    for (const mc of classes)
      await this.call("AddMessageClass", { SessionId: id, TenantId: 1, MessageClass: mc });
    await this.call("OnLine", { SessionId: id, TenantId: 1 });
    return id;
  }

  /** agent1 logged in by the keeper, with a call ringing at it. */
  private async makeBusy(): Promise<void> {
    const base = { SessionId: this.keeper, TenantId: 1 };
    await this.call("LoginAgent", {
      ...base,
      RequestId: this.nextRequestId(),
      AgentLoginName: "agent1",
      StationId: "",
      InitState: "Idle",
    });
    await this.quiet();
    this.mock.control.createCall({ serviceId: 100, ani: "5551234", dnis: "8005550100" });
    await this.quiet();
  }

  private nextRequestId(): number {
    return ++this.requestId;
  }

  /** Waits until the simulated world has stopped moving (its state the same twice, 100 ms apart). */
  async quiet(): Promise<void> {
    let last = JSON.stringify(this.mock.control.state());
    for (let k = 0; k < 50; k++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = JSON.stringify(this.mock.control.state());
      if (now === last) return;
      last = now;
    }
    throw new Error("the simulated world did not settle");
  }

  /** Fills the placeholders and sends one case. */
  send(k: FuzzCase): Promise<{ sent: number; outcome: Outcome }> {
    const body = fill(k.body, [
      [SESSION, this.aimed],
      [CALLBACK, `${this.callbacks.url}/fuzz`],
    ]);
    return this.pool.send(body, k.soapAction, k.chunked).then((outcome) => ({ sent: body.length, outcome }));
  }

  /**
   * What is wrong with the keeper, or undefined: it is online, answers GetAgentState with a
   * result and gets the event that request causes, and its heartbeats keep coming.
   */
  async keeperProblem(): Promise<string | undefined> {
    const s = this.mock.core.sessions.get(this.keeper);
    if (s?.state !== "online") return `the keeper session is ${s?.state ?? "gone"}`;
    const requestId = this.nextRequestId();
    let result: unknown;
    try {
      result = await this.call("GetAgentState", {
        SessionId: this.keeper,
        TenantId: 1,
        RequestId: requestId,
        AgentIdx: 1001,
      });
    } catch (err) {
      return `the keeper's GetAgentState failed: ${(err as Error).message}`;
    }
    if (result !== 0) return `the keeper's GetAgentState answered ${JSON.stringify(result)}`;
    if (!(await this.callbacks.eventFor(requestId, 5_000)))
      return `no event for the keeper's GetAgentState ${requestId}`;
    const seen = this.callbacks.seen.get("keeper");
    const stale = () => !seen || performance.now() - seen.lastHeartbeat > 20 * HEARTBEAT_MS;
    for (let k = 0; k < 20 && stale(); k++) await new Promise((r) => setTimeout(r, HEARTBEAT_MS));
    if (stale())
      return `no heartbeat for the keeper in ${20 * HEARTBEAT_MS} ms (${seen?.heartbeats ?? 0} so far)`;
    return undefined;
  }

  /** Between batches: the victim back online (reopened if closed), other sessions disposed. */
  async restore(): Promise<void> {
    for (const s of this.mock.core.openSessions)
      if (s.id !== this.keeper && s.id !== this.victim)
        this.mock.control.disposeSession(s.id, "fuzz: between batches");
    if (this.opts.aim !== "victim") return;
    const v = this.mock.core.sessions.get(this.victim);
    if (!v || v.state === "closed")
      this.victim = await this.open("victim", [
        "EventCategoryAgent",
        "EventCategoryCall",
        "EventCategoryRoute",
        "EventCategorySystem",
      ]);
    else if (v.state !== "online") await this.call("OnLine", { SessionId: this.victim, TenantId: 1 });
  }

  /**
   * GET /control/state over HTTP, less what moves by itself (heartbeat counts, queued events)
   * and what differs from one world to the next (the keeper's id, the callback server's port).
   */
  async state(): Promise<unknown> {
    const u = new URL(this.mock.url);
    const text = await new Promise<string>((resolve, reject) => {
      request({ host: u.hostname, port: u.port, path: "/control/state", agent: this.pool.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        res.on("error", reject);
      })
        .on("error", reject)
        .end();
    });
    const state = JSON.parse(text) as { sessions: Record<string, unknown>[]; faults?: unknown };
    delete state.faults;
    for (const s of state.sessions) {
      delete s.queuedEvents;
      delete s.missedHeartbeats;
      if (s.sessionId === this.keeper) s.sessionId = "(the keeper)";
      if (typeof s.callbackUrl === "string")
        s.callbackUrl = s.callbackUrl.replace(this.callbacks.url, "(callbacks)");
    }
    return state;
  }

  async close(): Promise<void> {
    this.pool.close();
    await this.mock.close();
    await this.callbacks.close();
  }
}

/** `body` with every occurrence of each placeholder replaced (bytes elsewhere untouched). */
export function fill(body: Buffer, subs: [string, string][]): Buffer {
  let out = body;
  for (const [from, to] of subs) {
    const needle = Buffer.from(from);
    let at = out.indexOf(needle);
    if (at < 0) continue;
    const parts: Buffer[] = [];
    let prev = 0;
    while (at >= 0) {
      parts.push(out.subarray(prev, at), Buffer.from(to));
      prev = at + needle.length;
      at = out.indexOf(needle, prev);
    }
    parts.push(out.subarray(prev));
    out = Buffer.concat(parts);
  }
  return out;
}
