/**
 * `ctips-kit replay`: the server's side of a capture played again to a CTI client. A small
 * CTIPS of its own, built on the kit's codec (decodeMessage, encodeResponse, encodeFault) and
 * the mock's callback channel (src/mock-ctips/callbacks.ts): it answers each of the client's
 * requests as the capture answered the same operation, in the same order, in the session of
 * the same rank; and it calls the client's callback service back with the captured
 * StartSession, events and heartbeats, in order and with the captured pace, each once the
 * request it followed in the capture has come again. The ids the server made are mapped to
 * the new run's (SessionIds new; an event's RequestId the new RequestId of the request it
 * answered); CallIds and AgentIds are the server's own and stay as captured. What the client
 * does is recorded on a timeline the caller grades with the client's checks.
 *
 * Why the client always comes first: a CTIPS never calls a client it does not know. A client
 * opens the session (OpenConnection) and names its ClientCallbackURL; only then does the
 * server call back (EDK 3-2, 4-2). So the replay listens and waits (`--serve`); there is no
 * mode that pushes callbacks at a client that has not connected. @see docs/record.md ("Replay")
 *
 * Prints nothing; the caller stops the client when the captured client stopped (`onStop`).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { argsOf, operationOf, requestIdOf } from "../checks/fields.ts";
import { indexTimeline, openedSessionId } from "../checks/timeline-index.ts";
import { Codec, type Profile } from "../contract/codec.ts";
import { isKitError, KitError } from "../contract/errors.ts";
import { BodyTooLargeError, readBody } from "../contract/http.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import { contract, type OperationInfo } from "../contract/schemas.ts";
import {
  decodeMessage,
  encodeActionNotSupported,
  encodeFault,
  encodePlainFault,
  encodeResponse,
  resultPayload,
  SOAP_CONTENT_TYPE,
} from "../contract/soap.ts";
import { buildWsdl, type WsdlBundle } from "../contract/wsdl.ts";
import { CallbackChannel } from "../mock-ctips/callbacks.ts";
import { defaultMockConfig } from "../mock-ctips/config.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { Timeline } from "../timeline/timeline.ts";

// ---------------------------------------------------------------- the plan

/** One captured request and what answered it (nothing: the server dropped the connection). */
export interface CapturedExchange {
  request: TimelineEntry;
  answer?: TimelineEntry;
}

/** Something the server did on its own in a captured session, to do again. */
export interface ReplayItem {
  entry: TimelineEntry;
  kind: "startSession" | "event" | "heartbeat" | "dispose";
  /** The client's last request of the session before it: it goes only once that came again. */
  anchor?: TimelineEntry;
  /** The request whose RequestId the event carries: without it coming again, the event is not sent. */
  solicitedBy?: TimelineEntry;
  /** After the point where the captured client began to shut down: done only once the client is stopped. */
  shutdown: boolean;
}

export interface CapturedSession {
  /** 0, 1, 2 …: the rank of its OpenConnection among the capture's. */
  rank: number;
  id: string;
  /** Its requests (OpenConnection included) by operation, in order. */
  byOperation: Map<string, CapturedExchange[]>;
  /** StartSession, events and disposal: one after the other, each answered before the next. */
  events: ReplayItem[];
  /** Heartbeats: on their own schedule, as a CTIPS sends them. */
  heartbeats: ReplayItem[];
  /** The median gap between its heartbeats, in ms. */
  heartbeatMs?: number;
  /**
   * Its heartbeats went on until the session went offline or ended (or the capture did):
   * the replay keeps them coming, at that pace, for as long as the replayed session is
   * online. False when they stopped while it stayed online (a CTIPS that went silent): then
   * the replay falls silent where the capture did.
   */
  heartbeatsRunOn: boolean;
}

export interface ReplayPlan {
  profile: Profile;
  /** Every OpenConnection in order, with the session it opened (none when it was refused). */
  opens: (CapturedExchange & { session?: CapturedSession })[];
  sessions: Map<string, CapturedSession>;
  /** Requests that name no session the capture saw opened, by operation. */
  strays: Map<string, CapturedExchange[]>;
  /** The first request of the captured client's shut-down (LogoutAgent, OffLine, CloseConnection at the end). */
  stopAt?: TimelineEntry;
  requests: number;
  callbacks: number;
  /** What to tell the client under test: the CTIPS_* environment of docs/certify-client.md. */
  env: Record<string, string>;
}

const SHUTDOWN_OPS = new Set(["LogoutAgent", "OffLine", "CloseConnection"]);
const ANSWER_KINDS = new Set(["response", "fault", "transportError"]);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The last request in `requests` (seq order) before `seq` that `pick` accepts. */
function lastBefore(
  requests: readonly TimelineEntry[],
  seq: number,
  pick: (r: TimelineEntry) => boolean = () => true,
): TimelineEntry | undefined {
  let found: TimelineEntry | undefined;
  for (const r of requests) {
    if (r.seq >= seq) break;
    if (pick(r)) found = r;
  }
  return found;
}

/**
 * Reads the server's side out of a capture: the answers to give, per session and operation,
 * and the callbacks to make with what each waits for. Throws CTIPSKIT_E_REPLAY when the
 * capture has no OpenConnection (nothing the client could open, nothing to call back).
 */
export function planReplay(entries: readonly TimelineEntry[], o: { profile?: Profile } = {}): ReplayPlan {
  const index = indexTimeline(entries);
  if (index.openConnections.length === 0)
    throw new KitError(
      "CTIPSKIT_E_REPLAY",
      "the capture holds no OpenConnection: no session to answer, no callback to make",
      { fix: "replay a capture recorded from the client's start (record --out, mock --record)" },
    );
  const guide = index.openConnections.some((e) => e.deviations?.some((d) => d.kind === "guide-spelling"));
  const profile = o.profile ?? (guide ? "guide" : "wire");
  const answerOf = (r: TimelineEntry) => {
    const a = index.answerOf.get(r.seq);
    return a && ANSWER_KINDS.has(a.kind) ? a : undefined;
  };

  const sessions = new Map<string, CapturedSession>();
  const opens: ReplayPlan["opens"] = index.openConnections.map((request) => {
    const answer = answerOf(request);
    const id = openedSessionId(answer);
    if (id === undefined || sessions.has(id)) return { request, answer };
    const session: CapturedSession = {
      rank: sessions.size,
      id,
      byOperation: new Map([["OpenConnection", [{ request, answer }]]]),
      events: [],
      heartbeats: [],
      heartbeatsRunOn: false,
    };
    sessions.set(id, session);
    return { request, answer, session };
  });

  const strays = new Map<string, CapturedExchange[]>();
  let requests = 0;
  for (const e of index.entries) {
    if (e.kind !== "request") continue;
    requests++;
    const op = operationOf(e) ?? "?";
    if (op === "OpenConnection") continue;
    const s = e.session === undefined ? undefined : sessions.get(e.session);
    const into = s ? s.byOperation : strays;
    const list = into.get(op) ?? [];
    list.push({ request: e, answer: answerOf(e) });
    into.set(op, list);
  }

  // Where the captured client began to shut down: the last session's trailing LogoutAgent, OffLine, CloseConnection.
  const last = [...sessions.values()].at(-1);
  let stopAt: TimelineEntry | undefined;
  const lastView = last ? index.sessions.get(last.id) : undefined;
  if (lastView) {
    const reqs = lastView.requests.filter((r) => operationOf(r) !== "OpenConnection");
    let i = reqs.length;
    while (i > 0 && SHUTDOWN_OPS.has(operationOf(reqs[i - 1]) ?? "")) i--;
    const tail = reqs.slice(i);
    if (tail.some((r) => operationOf(r) === "OffLine" || operationOf(r) === "CloseConnection"))
      stopAt = tail[0];
  }

  let callbacks = 0;
  const gapsAll: number[] = [];
  for (const s of sessions.values()) {
    const view = index.sessions.get(s.id);
    if (!view) continue;
    const reqs = view.requests;
    for (const e of view.entries) {
      const shutdown = stopAt !== undefined && e.seq > stopAt.seq;
      if (e.kind === "heartbeat") {
        // Heartbeats after the shut-down began: the replay's go on while the client shuts down (heartbeatsRunOn).
        if (shutdown) continue;
        const anchor = lastBefore(reqs, e.seq, (r) => {
          const op = operationOf(r);
          return op === "OnLine" || op === "OpenConnection";
        });
        s.heartbeats.push({ entry: e, kind: "heartbeat", anchor, shutdown });
      } else if (e.kind === "startSession" || e.kind === "event") {
        const rid = e.kind === "event" ? requestIdOf(e) : undefined;
        const solicitedBy = rid ? view.requestsByRequestId.get(rid)?.find((r) => r.seq < e.seq) : undefined;
        s.events.push({ entry: e, kind: e.kind, anchor: lastBefore(reqs, e.seq), solicitedBy, shutdown });
      } else if (e.kind === "note" && e.code === "session-disposed") {
        s.events.push({ entry: e, kind: "dispose", anchor: lastBefore(reqs, e.seq), shutdown });
        continue;
      } else continue;
      callbacks++;
    }
    const gaps: number[] = [];
    for (let i = 1; i < view.heartbeats.length; i++)
      gaps.push((view.heartbeats[i].monoNs - view.heartbeats[i - 1].monoNs) / 1e6);
    if (gaps.length) s.heartbeatMs = median(gaps);
    gapsAll.push(...gaps);
  }
  const captureEnd = index.entries[index.entries.length - 1];
  for (const s of sessions.values()) {
    const view = index.sessions.get(s.id);
    const last = view?.heartbeats.at(-1);
    const every = s.heartbeatMs ?? (gapsAll.length ? median(gapsAll) : undefined);
    if (!view || !last || every === undefined) continue;
    // As the check of a client's reconnection reads it: silence is more than 1.5 intervals with the session still online.
    const ender = view.entries.find(
      (e) =>
        e.seq > last.seq &&
        ((e.kind === "request" && (operationOf(e) === "OffLine" || operationOf(e) === "CloseConnection")) ||
          (e.kind === "note" && e.code === "session-disposed")),
    );
    const until = ender ?? captureEnd;
    s.heartbeatsRunOn = (until.monoNs - last.monoNs) / 1e6 < 1.5 * every;
    s.heartbeatMs = every;
  }

  const firstArgs = argsOf(index.openConnections[0]);
  const requestsOf = (op: string) =>
    index.entries.filter((e) => e.kind === "request" && operationOf(e) === op);
  const logins = requestsOf("LoginAgent").map((r) => argsOf(r));
  const agents = [
    ...new Set(
      logins
        .filter((a) => typeof a.AgentLoginName === "string")
        .map((a) => `${a.AgentLoginName}:${a.StationId ?? ""}`),
    ),
  ];
  const heartbeatMs = gapsAll.length ? Math.round(median(gapsAll)) : 30_000;
  const tenants = firstArgs.TenantIds as unknown;
  const disposition = argsOf(requestsOf("SetDisposition")[0] ?? index.entries[0]).DispositionId;
  const env: Record<string, string> = {
    CTIPS_USER: String(
      (firstArgs.UserCredentials as { UserName?: unknown } | undefined)?.UserName ?? "ctiuser",
    ),
    // The capture keeps no password (`***`): the replay takes any.
    CTIPS_PASSWORD: "replay",
    CTIPS_TENANT: String(Array.isArray(tenants) && tenants.length ? tenants[0] : 1),
    CTIPS_PROFILE: logins.length ? "agent-desktop" : requestsOf("RouteSelect").length ? "router" : "monitor",
    CTIPS_HEARTBEAT_MS: String(heartbeatMs),
    CTIPS_HEARTBEAT_TIMEOUT_MS: String(4 * heartbeatMs),
  };
  if (agents.length) env.CTIPS_AGENTS = agents.join(",");
  if (typeof disposition === "number") env.CTIPS_DISPOSITION_ID = String(disposition);
  return { profile, opens, sessions, strays, stopAt, requests, callbacks, env };
}

// ---------------------------------------------------------------- the run

export interface ReplayOptions {
  entries: readonly TimelineEntry[];
  /** Where to listen (default 127.0.0.1, port 0: an ephemeral one). */
  host?: string;
  port?: number;
  /** The endpoint's path (default the mock's, /Aspect.UnifiedIP.EDK.CTIPortalService); any path is answered. */
  path?: string;
  /** The wire profile to answer in (default: the capture's, from its OpenConnection). */
  profile?: Profile;
  /** How long a callback waits for the client's request it followed in the capture, in ms. */
  waitMs?: number;
  /** From asking the client to stop to its session closed, in ms. */
  stopWithinMs?: number;
  /** How long to wait for the client's first OpenConnection, in ms. */
  connectTimeoutMs?: number;
  /** The longest the replay waits for the client to answer one callback, in ms. */
  callbackTimeoutMs?: number;
  /** Where to record (default a new timeline, recorder `replay`, raw XML kept). */
  timeline?: Timeline;
  logger?: Logger;
  /** The replay listens: where, and what the client under test is told. */
  onListening?(info: { endpoint: string; env: Record<string, string>; plan: ReplayPlan }): void;
  /** The captured client shut down here: the caller stops the client under test (SIGTERM, or asks an operator). */
  onStop?(): void | Promise<void>;
  /** Settles when the client under test is gone (a process the caller started). */
  clientGone?: Promise<unknown>;
  signal?: AbortSignal;
}

export interface ReplayResult {
  timeline: Timeline;
  endpoint: string;
  plan: ReplayPlan;
  /** Requests answered as captured, and those the capture had no answer for. */
  matched: number;
  unmatched: number;
  sent: number;
  skipped: number;
  /** Where the client did otherwise than the captured client, in words. */
  divergences: string[];
  /** Whether the replay asked the client to stop. */
  stopped: boolean;
}

type SessionState = "opened" | "online" | "offline" | "closed";

interface LiveSession {
  rank: number;
  captured?: CapturedSession;
  id: string;
  channel?: CallbackChannel;
  state: SessionState;
  userinfo: Record<string, unknown>;
}

interface Answer {
  status: number;
  body: string;
  contentType: string;
  drop?: boolean;
  delayMs: number;
}

/** When a captured request came again: the time (performance.now), or `gone` when it was given up on. */
type Reached = number | "gone";

/** A moment of the replay (performance.now ms) and the capture's moment it plays (monoNs). */
interface Point {
  real: number;
  t: number;
}

const lenient = new Codec(undefined, { skipMissingRequired: true });
const BODY_LIMIT = 4 * 1024 * 1024;
const MAX_ANSWER_DELAY_MS = 60_000;
const POLL_MS = 50;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** The first `<RequestId>` element's number in an XML text, replaced. */
function withRequestId(xml: string, requestId: number): string {
  return xml.replace(
    /(<(?:[\w.-]+:)?RequestId(?:\s[^>]*)?>)\s*-?\d+\s*(<\/(?:[\w.-]+:)?RequestId\s*>)/,
    `$1${requestId}$2`,
  );
}

class Replay {
  readonly timeline: Timeline;
  private readonly plan: ReplayPlan;
  private readonly log: Logger;
  private readonly waitMs: number;
  private readonly stopWithinMs: number;
  private readonly used = new Set<number>();
  private readonly reached = new Map<number, Reached>();
  /** The new RequestId of each captured request that came again. */
  private readonly newRequestId = new Map<number, number | undefined>();
  private readonly live: LiveSession[] = [];
  private readonly byNewId = new Map<string, LiveSession>();
  private readonly newIdOf = new Map<string, string>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly lastHeartbeat = new Map<LiveSession, number>();
  private waiters: (() => void)[] = [];
  private opens = 0;
  /** When a request last matched the capture (a client stuck retrying something the capture lacks makes no progress). */
  private lastMatchedAt = performance.now();
  /** The run's pace: the latest captured request (in capture time) that came again, and when. */
  private pace: Point = { real: performance.now(), t: 0 };
  private stopAtMs: number | undefined;
  private ending = false;
  private clientGone = false;
  private streamsDone = false;
  private preShutdownLeft: number;
  readonly divergences: string[] = [];
  matched = 0;
  unmatched = 0;
  sent = 0;
  skipped = 0;
  stopped = false;
  endpoint = "";
  private wsdl: WsdlBundle | undefined;

  constructor(
    private readonly o: ReplayOptions,
    plan: ReplayPlan,
  ) {
    this.plan = plan;
    this.log = o.logger ?? nullLogger;
    this.waitMs = o.waitMs ?? 3_000;
    this.stopWithinMs = o.stopWithinMs ?? 5_000;
    this.timeline = o.timeline ?? new Timeline({ recorder: "replay", recordRaw: true });
    let pre = 0;
    for (const s of plan.sessions.values())
      for (const i of [...s.events, ...s.heartbeats]) if (!i.shutdown) pre++;
    this.preShutdownLeft = pre;
  }

  // ------------------------------------------------------------ waiting

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `pred` holds (true), or until `deadline` (performance.now ms) or the end (false). */
  private async until(pred: () => boolean, deadline = Number.POSITIVE_INFINITY): Promise<boolean> {
    for (;;) {
      if (pred()) return true;
      const left = deadline - performance.now();
      if (this.ending || left <= 0) return false;
      // Woken by every change (a request, a stop, the end); at least every POLL_MS for predicates of time.
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, POLL_MS));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  private async sleepUntil(at: number): Promise<void> {
    await this.until(() => false, at);
  }

  // ------------------------------------------------------------ requests

  private record(e: Parameters<Timeline["append"]>[0]): TimelineEntry {
    return this.timeline.append(e);
  }

  private note(code: string, message: string, session?: string): void {
    this.record({ direction: "out", kind: "note", code, message, session });
  }

  private diverge(message: string, session?: string): void {
    if (this.divergences.length < 1_000) this.divergences.push(message);
    this.note("replay-divergence", message, session);
    this.log.info("the client diverged from the capture", { message });
  }

  /** Old SessionIds in a text (a fault message, raw XML) replaced by the new ones. */
  private mapIds(text: string): string {
    let out = text;
    for (const [old, now] of this.newIdOf) out = out.split(old).join(now);
    return out;
  }

  handle(xml: string, peer: string): Answer {
    let msg: ReturnType<typeof decodeMessage>;
    try {
      msg = decodeMessage(xml);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.record({
        direction: "in",
        kind: "transportError",
        peer,
        code: isKitError(err) ? err.code : "CTIPSKIT_E_XML_MALFORMED",
        message,
        raw: xml,
      });
      return this.plain(400, encodePlainFault("Client", message));
    }
    if (msg.kind !== "request" || msg.operation.service !== "server") {
      const what = msg.kind === "request" ? `the callback operation ${msg.operation.name}` : `a ${msg.kind}`;
      this.record({
        direction: "in",
        kind: "transportError",
        peer,
        code: "not-a-request",
        message: what,
        raw: xml,
      });
      return this.plain(
        400,
        encodePlainFault("Client", `the CTIPortalService accepts requests only; received ${what}`),
      );
    }
    const op = msg.operation;
    const args = (msg.params.args ?? {}) as Record<string, unknown>;
    const sessionId = typeof args.SessionId === "string" ? args.SessionId : undefined;
    const request = this.record({
      direction: "in",
      kind: "request",
      peer,
      name: op.name,
      session: sessionId,
      requestId: typeof args.RequestId === "number" ? args.RequestId : undefined,
      callId: typeof args.CallId === "number" ? args.CallId : undefined,
      agentId: typeof args.AgentIdx === "number" ? args.AgentIdx : undefined,
      payload: { args },
      raw: xml,
      deviations: msg.deviations.length ? msg.deviations : undefined,
    });

    const live = sessionId === undefined ? undefined : this.byNewId.get(sessionId);
    let exchange: (CapturedExchange & { session?: CapturedSession }) | undefined;
    if (op.name === "OpenConnection") exchange = this.plan.opens[this.opens++];
    else {
      const queue = live?.captured ? live.captured.byOperation.get(op.name) : this.plan.strays.get(op.name);
      exchange = queue?.find((x) => !this.used.has(x.request.seq));
    }
    if (!exchange) {
      this.unmatched++;
      const where = live
        ? `session #${live.rank + 1}`
        : sessionId
          ? `a session the replay did not open`
          : "the run";
      this.diverge(
        `the client sent ${op.name} in ${where}, which the captured client did not (request seq ${request.seq})`,
        sessionId,
      );
      this.wake();
      return this.answerFault(op, request, {
        ErrorCode: "InvalidRequest",
        Message: `ctips-kit replay: the capture has no further ${op.name} in ${where}`,
      });
    }
    this.matched++;
    this.lastMatchedAt = performance.now();
    this.used.add(exchange.request.seq);
    this.reached.set(exchange.request.seq, performance.now());
    if (exchange.request.monoNs >= this.pace.t)
      this.pace = { real: performance.now(), t: exchange.request.monoNs };
    this.newRequestId.set(exchange.request.seq, request.requestId);

    let opened: LiveSession | undefined;
    if (op.name === "OpenConnection" && exchange.session) opened = this.open(exchange.session, args);
    const answer = this.answerAsCaptured(op, request, exchange, opened ?? live);
    this.wake();
    return answer;
  }

  private open(captured: CapturedSession, args: Record<string, unknown>): LiveSession {
    const id = randomUUID();
    const url = args.ClientCallbackURL;
    let channel: CallbackChannel | undefined;
    if (typeof url === "string" && /^https?:\/\//.test(url) && URL.canParse(url))
      channel = new CallbackChannel({
        url,
        sessionId: id,
        profile: this.plan.profile,
        timeline: this.timeline,
        timeoutMs: this.o.callbackTimeoutMs ?? 5_000,
      });
    else
      this.diverge(
        `OpenConnection #${captured.rank + 1} names no http(s) ClientCallbackURL: nothing can be called back`,
      );
    const s: LiveSession = {
      rank: captured.rank,
      captured,
      id,
      channel,
      state: "opened",
      userinfo: (args.UserCredentials as Record<string, unknown> | undefined) ?? {},
    };
    this.live.push(s);
    this.byNewId.set(id, s);
    this.newIdOf.set(captured.id, id);
    this.note(
      "session-state",
      `opened as captured session ${captured.id} (#${captured.rank + 1}), callback ${String(url)}`,
      id,
    );
    return s;
  }

  private transition(s: LiveSession, op: string): void {
    const to: SessionState | undefined =
      op === "OnLine"
        ? "online"
        : op === "OffLine"
          ? "offline"
          : op === "CloseConnection"
            ? "closed"
            : undefined;
    if (!to || s.state === "closed" || s.state === to) return;
    const from = s.state;
    s.state = to;
    this.record({
      direction: "out",
      kind: "note",
      code: "session-state",
      session: s.id,
      message: `${from} → ${to}: ${op}`,
      payload: { from, to, reason: op },
    });
  }

  private answerAsCaptured(
    op: OperationInfo,
    request: TimelineEntry,
    x: CapturedExchange,
    live: LiveSession | undefined,
  ): Answer {
    const a = x.answer;
    const delayMs = a ? Math.min(MAX_ANSWER_DELAY_MS, Math.max(0, (a.monoNs - x.request.monoNs) / 1e6)) : 0;
    if (!a) {
      this.note(
        "replay-drop",
        `${op.name}: the capture has no answer to it; the connection is closed`,
        live?.id,
      );
      return { status: 0, body: "", contentType: "", drop: true, delayMs };
    }
    if (a.kind === "fault") {
      const p = (a.payload ?? {}) as Record<string, unknown>;
      const detail = (p.detail ?? (typeof p.ErrorCode === "string" ? p : undefined)) as
        | { ErrorCode?: unknown; Message?: unknown }
        | undefined;
      const faultcode = typeof p.faultcode === "string" ? p.faultcode : "s:Client";
      const faultstring = this.mapIds(String(p.faultstring ?? detail?.Message ?? a.message ?? ""));
      let body: string;
      if (a.raw) body = this.mapIds(a.raw);
      else if (detail && typeof detail.ErrorCode === "string")
        body = encodeFault(
          { ErrorCode: detail.ErrorCode, Message: this.mapIds(String(detail.Message ?? "")) },
          { faultcode: /Server$/.test(faultcode) ? "Server" : "Client" },
        );
      else if (/ActionNotSupported$/.test(faultcode)) body = encodeActionNotSupported(op.action);
      else body = encodePlainFault(/Server$/.test(faultcode) ? "Server" : "Client", faultstring);
      this.record({
        direction: "out",
        kind: "fault",
        name: op.name,
        session: request.session ?? live?.id,
        requestId: request.requestId,
        replyTo: request.seq,
        faultCode: a.faultCode,
        message: faultstring,
        payload: detail
          ? { ErrorCode: detail.ErrorCode, Message: this.mapIds(String(detail.Message ?? "")) }
          : { faultcode, faultstring },
      });
      return { status: a.httpStatus ?? 500, body, contentType: SOAP_CONTENT_TYPE, delayMs };
    }
    if (a.kind === "transportError") {
      const message = a.message ?? a.code ?? "the captured server answered nothing a client could read";
      this.record({
        direction: "out",
        kind: "transportError",
        name: op.name,
        session: request.session,
        replyTo: request.seq,
        code: a.code,
        message,
        httpStatus: a.httpStatus ?? 502,
      });
      return {
        status: a.httpStatus ?? 502,
        body: `${message}\n`,
        contentType: "text/plain; charset=utf-8",
        delayMs,
      };
    }
    const p = (a.payload ?? {}) as Record<string, unknown>;
    let result = p[`${op.name}Result`];
    if (op.name === "OpenConnection" && live && result && typeof result === "object")
      result = { ...(result as Record<string, unknown>), SessionId: live.id };
    const body = a.raw ? this.mapIds(a.raw) : encodeResponse(op, result, this.plan.profile, lenient);
    this.record({
      direction: "out",
      kind: "response",
      name: op.name,
      session: request.session ?? (op.name === "OpenConnection" ? live?.id : undefined),
      requestId: request.requestId,
      replyTo: request.seq,
      payload: resultPayload(op.name, result),
    });
    if (live) this.transition(live, op.name);
    return { status: a.httpStatus ?? 200, body, contentType: SOAP_CONTENT_TYPE, delayMs };
  }

  private answerFault(
    op: OperationInfo,
    request: TimelineEntry,
    fault: { ErrorCode: string; Message: string },
  ): Answer {
    this.record({
      direction: "out",
      kind: "fault",
      name: op.name,
      session: request.session,
      requestId: request.requestId,
      replyTo: request.seq,
      faultCode: fault.ErrorCode,
      message: fault.Message,
      payload: fault,
    });
    return { status: 500, body: encodeFault(fault), contentType: SOAP_CONTENT_TYPE, delayMs: 0 };
  }

  private plain(status: number, body: string): Answer {
    return { status, body, contentType: SOAP_CONTENT_TYPE, delayMs: 0 };
  }

  wsdlFor(query: string): string | undefined {
    this.wsdl ??= buildWsdl("server", { location: this.endpoint, profile: this.plan.profile });
    const q = query.toLowerCase();
    if (q === "wsdl") return this.wsdl.root;
    if (q === "singlewsdl") return this.wsdl.single;
    if (q === "wsdl=wsdl0") return this.wsdl.wsdl0;
    const m = /^xsd=xsd(\d+)$/.exec(q);
    return m ? this.wsdl.xsd[Number(m[1])] : undefined;
  }

  // ------------------------------------------------------------ callbacks

  private liveOf(captured: CapturedSession): LiveSession | undefined {
    return this.live.find((s) => s.captured === captured);
  }

  /**
   * One stream of a captured session's callbacks, in order. Each goes once what it followed
   * in the capture has come again (its anchor request, the request it answers), at its
   * captured distance from the latest of its causes: the anchor, or the stream's previous
   * callback. A cause that does not come within `waitMs` of when it was due is given up.
   */
  async stream(captured: CapturedSession, items: readonly ReplayItem[], awaitEach: boolean): Promise<void> {
    let cursor: Point | undefined;
    for (const item of items) {
      if (this.ending) return;
      if (item.shutdown) await this.until(() => this.stopAtMs !== undefined);
      if (this.ending) return;
      const t = item.entry.monoNs;
      // When it is due by the run's pace so far: from the stream's last callback or the client's last request, the later in the capture.
      const expected = () => {
        const r = cursor && cursor.t > this.pace.t ? cursor : this.pace;
        return r.real + (t - r.t) / 1e6;
      };
      const giveUpAt = () =>
        Math.max(expected() + this.waitMs, item.shutdown ? (this.stopAtMs ?? 0) + this.stopWithinMs : 0);
      const needs = [item.anchor, item.solicitedBy].filter((x): x is TimelineEntry => x !== undefined);
      await this.until(
        () =>
          this.clientGone || needs.every((n) => this.reached.has(n.seq)) || performance.now() > giveUpAt(),
      );
      for (const n of needs)
        if (!this.reached.has(n.seq)) {
          this.reached.set(n.seq, "gone");
          this.diverge(
            `the capture's ${operationOf(n)} (seq ${n.seq}, session #${captured.rank + 1}) did not come again within ${this.waitMs} ms of when it was due; what followed it goes on without it`,
          );
        }
      let cause = cursor;
      for (const n of needs) {
        const at = this.reached.get(n.seq);
        if (typeof at === "number" && (!cause || n.monoNs > cause.t)) cause = { real: at, t: n.monoNs };
      }
      await this.sleepUntil(cause ? cause.real + (t - cause.t) / 1e6 : 0);
      if (this.ending) return;
      const sentAt = performance.now();
      const done = this.perform(captured, item);
      if (awaitEach) await done;
      else this.track(done);
      cursor = { real: sentAt, t };
      if (!item.shutdown && --this.preShutdownLeft === 0) this.wake();
    }
  }

  /** After the captured heartbeats: more at their pace while the session is online, until it ends or the replay does. */
  async heartbeatsRunOn(captured: CapturedSession): Promise<void> {
    const every = captured.heartbeatMs;
    if (!captured.heartbeatsRunOn || every === undefined || every <= 0) return;
    const live = this.liveOf(captured);
    if (!live?.channel || live.state === "closed") return;
    const channel = live.channel;
    let next = (this.lastHeartbeat.get(live) ?? performance.now()) + every;
    for (;;) {
      await this.sleepUntil(next);
      // The state changes while it sleeps.
      const state = live.state as SessionState;
      if (this.ending || state === "closed") return;
      next += every;
      if (state !== "online" || this.clientGone) continue;
      this.sent++;
      this.lastHeartbeat.set(live, performance.now());
      this.track(
        channel.call("Heartbeat", this.plan.profile === "guide" ? {} : { sessionId: live.id }, {
          name: "Heartbeat",
        }),
      );
    }
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private skip(why: string, session?: string): void {
    this.skipped++;
    this.note("replay-skipped", why, session);
  }

  private async perform(captured: CapturedSession, item: ReplayItem): Promise<void> {
    const live = this.liveOf(captured);
    const e = item.entry;
    const what = `${e.kind === "event" ? `event ${e.name}` : e.kind} (seq ${e.seq})`;
    if (!live) return this.skip(`${what}: the client never opened session #${captured.rank + 1}`);
    if (item.kind === "dispose") {
      const p = (e.payload ?? {}) as Record<string, unknown>;
      this.record({
        direction: "out",
        kind: "note",
        code: "session-disposed",
        session: live.id,
        message: `session disposed, as in the capture: ${String(p.reason ?? e.message ?? "")}`,
        payload: { ...p, replayOf: e.seq },
      });
      live.state = "closed";
      return;
    }
    const channel = live.channel;
    if (!channel) return this.skip(`${what}: session #${captured.rank + 1} has no callback URL`, live.id);
    if (item.solicitedBy && this.reached.get(item.solicitedBy.seq) === "gone")
      return this.skip(
        `${what}: it answers ${operationOf(item.solicitedBy)} (seq ${item.solicitedBy.seq}), which the client did not send`,
        live.id,
      );
    // A CTIPS calls no closed session back (its channel stays open until the end, for the calls in flight).
    if (live.state === "closed" || (item.kind === "heartbeat" && live.state !== "online"))
      return this.skip(`${what}: session #${captured.rank + 1} is ${live.state}`, live.id);
    if (this.clientGone) return this.skip(`${what}: the client under test has exited`, live.id);
    const type = e.eventType ?? (e.name ? contract().eventTypes.get(e.name)?.name : undefined);
    if (item.kind === "event" && !type)
      return this.skip(`${what}: the capture does not say its type`, live.id);
    this.sent++;
    if (item.kind === "startSession") {
      await channel.call("StartSession", { userinfo: live.userinfo, sessionId: live.id });
      return;
    }
    if (item.kind === "heartbeat") {
      this.lastHeartbeat.set(live, performance.now());
      await channel.call("Heartbeat", this.plan.profile === "guide" ? {} : { sessionId: live.id }, {
        name: "Heartbeat",
      });
      return;
    }
    const value = { ...((e.payload ?? {}) as Record<string, unknown>) };
    const newRid = item.solicitedBy ? this.newRequestId.get(item.solicitedBy.seq) : undefined;
    if (newRid !== undefined) value.RequestId = newRid;
    // The captured bytes when the capture kept them (a member order, an extra member, an unprefixed type: as sent).
    let xml = e.raw && /PublishCTIEvent/.test(e.raw) ? e.raw : undefined;
    if (xml && newRid !== undefined) xml = withRequestId(xml, newRid);
    await channel.call(
      "PublishCTIEvent",
      { ctiEvent: { type, value } },
      {
        name: typeof value.EventType === "string" ? value.EventType : e.name,
        eventType: type,
        requestId: typeof value.RequestId === "number" ? value.RequestId : undefined,
        callId: typeof value.CallId === "number" ? value.CallId : undefined,
        agentId: typeof value.AgentId === "number" ? value.AgentId : undefined,
        payload: value,
      },
      xml,
      lenient,
    );
  }

  // ------------------------------------------------------------ the whole run

  async run(): Promise<void> {
    const o = this.o;
    void o.clientGone?.then(() => {
      this.clientGone = true;
      this.wake();
    });
    o.signal?.addEventListener("abort", () => this.end(), { once: true });

    const connected = await this.until(
      () => this.opens > 0 || this.clientGone,
      performance.now() + (o.connectTimeoutMs ?? 60_000),
    );
    if (!connected || this.opens === 0) {
      if (o.signal?.aborted) return;
      throw new KitError(
        "CTIPSKIT_E_CLIENT_TIMEOUT",
        this.clientGone
          ? "the client under test exited before it sent OpenConnection"
          : `no OpenConnection reached the replay at ${this.endpoint} within ${o.connectTimeoutMs ?? 60_000} ms`,
        {
          fix: "start the client with the printed CTIPS_* environment, or give it longer with --connect-timeout-ms",
        },
      );
    }

    const events: Promise<void>[] = [];
    const heartbeats: Promise<void>[] = [];
    for (const s of this.plan.sessions.values()) {
      events.push(this.stream(s, s.events, true));
      heartbeats.push(this.stream(s, s.heartbeats, false).then(() => this.heartbeatsRunOn(s)));
    }
    const all = Promise.all([...events, ...heartbeats]);
    void Promise.all(events).then(() => {
      this.streamsDone = true;
      this.wake();
    });
    const requestsBeforeStop = [...this.plan.sessions.values(), { byOperation: this.plan.strays }].flatMap(
      (s) =>
        [...s.byOperation.values()]
          .flat()
          .filter((x) => !this.plan.stopAt || x.request.seq < this.plan.stopAt.seq),
    );
    const quiet = () =>
      requestsBeforeStop.every((x) => this.used.has(x.request.seq)) ||
      performance.now() - this.lastMatchedAt >= this.waitMs;
    // Everything before the captured client's shut-down: its callbacks made, its requests come (or quiet).
    // A guard for a run that cannot end (it should not happen): twice the capture's span, and two minutes.
    const entries = this.o.entries;
    const spanMs = entries.length ? (entries[entries.length - 1].monoNs - entries[0].monoNs) / 1e6 : 0;
    const guard = performance.now() + 2 * spanMs + 120_000;
    await this.until(() => (this.preShutdownLeft <= 0 && quiet()) || this.clientGone, guard);
    if (performance.now() >= guard)
      this.diverge("the replay ran out of time before the captured client's end");
    if (this.preShutdownLeft > 0 || !quiet()) {
      // The client is gone (or the run ended) before the capture's end.
      if (this.clientGone && !this.ending)
        this.diverge("the client under test exited before the capture's end");
    } else if (this.plan.stopAt && !this.clientGone) {
      this.stopAtMs = performance.now();
      this.stopped = true;
      this.note(
        "replay-stop",
        `the captured client began to shut down here (capture seq ${this.plan.stopAt.seq}): the client under test is asked to stop`,
      );
      this.wake();
      await o.onStop?.();
      const deadline = performance.now() + this.stopWithinMs + this.waitMs;
      await this.until(
        () => this.streamsDone && (this.clientGone || this.live.every((s) => s.state === "closed")),
        deadline,
      );
    }
    this.end();
    await all;
    await Promise.allSettled([...this.inflight]);
    for (const s of this.live) await s.channel?.close();
    // What the captured client sent that this one did not, by session and operation.
    const missing = new Map<string, number>();
    for (const s of [...this.plan.sessions.values(), { rank: -1, byOperation: this.plan.strays }])
      for (const [op, list] of s.byOperation) {
        if (op === "OpenConnection") continue;
        const n = list.filter((x) => !this.used.has(x.request.seq)).length;
        if (n) missing.set(`${s.rank < 0 ? "outside any session" : `in session #${s.rank + 1}`}|${op}`, n);
      }
    const opensLeft = this.plan.opens.filter((x) => !this.used.has(x.request.seq)).length;
    if (opensLeft) missing.set(`in the run|OpenConnection`, opensLeft);
    for (const [key, n] of missing) {
      const [where, op] = key.split("|");
      this.diverge(`the captured client sent ${n} ${op} ${where} that did not come again`);
    }
    for (const s of this.live)
      if (s.state !== "closed" && this.stopped && !this.clientGone)
        this.diverge(`session #${s.rank + 1} was still ${s.state} when the replay ended`, s.id);
  }

  end(): void {
    if (this.ending) return;
    this.ending = true;
    this.wake();
  }
}

/**
 * Replays the server's side of `entries` to the client that connects, until the captured
 * client's end; resolves with the replay's timeline (to grade with the client's checks).
 */
export async function replayCapture(o: ReplayOptions): Promise<ReplayResult> {
  const plan = planReplay(o.entries, { profile: o.profile });
  const replay = new Replay(o, plan);
  const sockets = new Set<Socket>();
  const path = o.path ?? defaultMockConfig.path;
  const send = (res: ServerResponse, a: Answer) => {
    if (res.destroyed) return;
    res.writeHead(a.status, { "content-type": a.contentType, "content-length": Buffer.byteLength(a.body) });
    res.end(a.body);
  };
  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://replay");
    if (req.method === "GET") {
      const doc = replay.wsdlFor(url.search.slice(1));
      if (doc) send(res, { status: 200, body: doc, contentType: "text/xml; charset=utf-8", delayMs: 0 });
      else
        send(res, {
          status: 404,
          body: "no such resource\n",
          contentType: "text/plain; charset=utf-8",
          delayMs: 0,
        });
      return;
    }
    if (req.method !== "POST") {
      send(res, {
        status: 405,
        body: "POST SOAP here\n",
        contentType: "text/plain; charset=utf-8",
        delayMs: 0,
      });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, BODY_LIMIT);
    } catch (err) {
      if (err instanceof BodyTooLargeError)
        send(res, {
          status: 413,
          body: `${err.message}\n`,
          contentType: "text/plain; charset=utf-8",
          delayMs: 0,
        });
      else req.socket.destroy();
      return;
    }
    const answer = replay.handle(
      body.toString("utf8"),
      `${req.socket.remoteAddress}:${req.socket.remotePort}`,
    );
    if (answer.drop) {
      req.socket.destroy();
      return;
    }
    if (answer.delayMs >= 1) await sleep(answer.delayMs);
    send(res, answer);
  };
  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      replay.timeline.append({ direction: "out", kind: "note", code: "replay-error", message: String(err) });
      if (!res.headersSent)
        send(res, {
          status: 500,
          body: "internal error\n",
          contentType: "text/plain; charset=utf-8",
          delayMs: 0,
        });
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const host = o.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new KitError(
          "CTIPSKIT_E_LISTEN",
          `cannot listen on ${host}:${o.port ?? 0}: ${err.code ?? err.message}`,
          {
            cause: err,
            fix: "choose another --listen port, or 0 for an ephemeral one",
          },
        ),
      ),
    );
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}${path}`;
  replay.endpoint = endpoint;
  const env = {
    CTIPS_ENDPOINT: endpoint,
    ...plan.env,
    CTIPS_CALLBACK_HOST: host === "0.0.0.0" ? "127.0.0.1" : host,
  };
  try {
    o.onListening?.({ endpoint, env, plan });
    const running = replay.run();
    await running;
  } finally {
    replay.end();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  }
  return {
    timeline: replay.timeline,
    endpoint,
    plan,
    matched: replay.matched,
    unmatched: replay.unmatched,
    sent: replay.sent,
    skipped: replay.skipped,
    divergences: replay.divergences,
    stopped: replay.stopped,
  };
}
