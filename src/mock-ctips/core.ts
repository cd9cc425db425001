/**
 * The mock CTIPS without its HTTP server: decodes and validates each SOAP request, runs the
 * session rules, hands agent/call/route requests to the simulator, routes the simulator's
 * events to the sessions that want them, and records everything on its timeline.
 * @see docs/sessions.md for the session rules and each fault it answers with.
 */
import { randomUUID } from "node:crypto";
import { quoteValue } from "../contract/codec.ts";
import { isKitError } from "../contract/errors.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import { contract, type OperationInfo } from "../contract/schemas.ts";
import {
  type DecodedMessage,
  decodeMessage,
  encodeActionNotSupported,
  encodeFault,
  encodePlainFault,
  encodeResponse,
  resultPayload,
  soapActionFor,
  unquoteSoapAction,
} from "../contract/soap.ts";
import type { Deviation } from "../contract/deviations.ts";
import type { XmlLimits } from "../contract/xml.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { Timeline } from "../timeline/timeline.ts";
import type { MockConfig } from "./config.ts";
import { FaultRegistry } from "./faults.ts";
import { categoriesOf, type FieldType, inCategories, validFilterValue, wantsEvent } from "./filters.ts";
import { MockSession, type SessionState } from "./session.ts";
import { buildEvent } from "./simulator/events.ts";
import { createSimulator } from "./simulator/simulator.ts";
import type { Clock, SimEvent, Simulator } from "./simulator/types.ts";

/** What the HTTP layer should answer. */
export interface SoapAnswer {
  status: number;
  body: string;
  /** fault injection: close the connection without answering */
  drop?: boolean;
  /** fault injection: wait before answering */
  delayMs?: number;
  /** Work to start once the answer is on its way (StartSession, snapshot events). */
  after?: () => void;
}

const NO_FAULT_CONTEXT = Object.freeze({ operation: "", session: undefined });

type Outcome = { result: unknown; after?: () => void } | { fault: { code: string; message: string } };

/** Operations allowed per session state besides those of `online`. @see EDK 3-3, EDK 5-4 */
const ALLOWED: Record<Exclude<SessionState, "online" | "closed">, ReadonlySet<string>> = {
  opened: new Set([
    "AddMessageClass",
    "DeleteMessageClass",
    "AddFilter",
    "DeleteFilter",
    "OnLine",
    "CloseConnection",
  ]),
  offline: new Set(["OnLine", "OffLine", "CloseConnection"]),
};

const ENTITY_KINDS = ["AgentInfo", "CallInfo", "ServiceInfo"] as const;

/** The configuration key behind each XML limit, named in the fault that enforces it. */
const LIMIT_SETTINGS: Record<string, keyof MockConfig> = {
  maxChars: "maxMessageBytes",
  maxDepth: "maxXmlDepth",
  maxElements: "maxXmlElements",
  maxAttributeChars: "maxXmlAttributeChars",
  maxNamespaces: "maxXmlNamespaces",
};

export interface MockCoreOptions {
  timeline?: Timeline;
  logger?: Logger;
  clock?: Clock;
}

export class MockCtipsCore {
  readonly sessions = new Map<string, MockSession>();
  readonly faults = new FaultRegistry();
  readonly simulator: Simulator;
  readonly timeline: Timeline;
  readonly logger: Logger;
  private readonly actions = new Map<string, OperationInfo>();
  private readonly loginNames = new Map<number, string>();
  private readonly unsubscribe: () => void;
  private readonly xmlLimits: XmlLimits;

  constructor(
    readonly config: MockConfig,
    opts: MockCoreOptions = {},
  ) {
    this.logger = opts.logger ?? nullLogger;
    // A body within maxMessageBytes has at most as many characters; the HTTP layer refuses larger ones first.
    this.xmlLimits = {
      maxChars: config.maxMessageBytes,
      maxDepth: config.maxXmlDepth,
      maxElements: config.maxXmlElements,
      maxAttributeChars: config.maxXmlAttributeChars,
      maxNamespaces: config.maxXmlNamespaces,
    };
    this.timeline =
      opts.timeline ??
      new Timeline({
        recorder: "mock-ctips",
        file: config.recordFile,
        recordRaw: config.recordRaw,
        retain: config.timelineRetain,
      });
    this.simulator = createSimulator({
      topology: config.topology,
      timings: config.timings,
      clock: opts.clock,
      logger: this.logger,
      audience: (eventType) => this.hasAudience(eventType),
    });
    for (const op of contract().operations.values()) {
      if (op.service !== "server") continue;
      this.actions.set(op.action, op);
      this.actions.set(soapActionFor(op, "guide"), op);
    }
    for (const a of config.topology.agents) this.loginNames.set(a.agentId, a.loginName);
    this.unsubscribe = this.simulator.onEvent((e) => this.route(e));
  }

  /** Sessions not closed. */
  get openSessions(): MockSession[] {
    return [...this.sessions.values()].filter((s) => s.state !== "closed");
  }

  // ---------------------------------------------------------------- SOAP

  /** Handles one POSTed SOAP message. Never throws: every problem becomes an answer. */
  handleSoap(xml: string, soapActionHeader: string | undefined, peer: string): SoapAnswer {
    const soapAction = soapActionHeader === undefined ? undefined : unquoteSoapAction(soapActionHeader);
    let actionOp: OperationInfo | undefined;
    if (soapAction) {
      actionOp = this.actions.get(soapAction);
      if (!actionOp && this.config.unknownActionPolicy === "fault") {
        this.timeline.append({
          direction: "in",
          kind: "transportError",
          peer,
          code: "action-not-supported",
          message: `no operation has SOAPAction '${soapAction}'`,
          raw: xml,
        });
        return { status: 500, body: encodeActionNotSupported(soapAction) };
      }
    }
    let msg: DecodedMessage;
    try {
      msg = decodeMessage(xml, {
        limits: this.xmlLimits,
        soapAction: actionOp ? soapAction : undefined,
        operation: actionOp,
      });
    } catch (err) {
      const code = isKitError(err) ? err.code : "CTIPSKIT_E_XML_MALFORMED";
      let message = err instanceof Error ? err.message : String(err);
      const setting = isKitError(err, "CTIPSKIT_E_XML_LIMIT")
        ? LIMIT_SETTINGS[String(err.details?.limit)]
        : undefined;
      if (setting) message += ` (the mock's ${setting})`;
      this.timeline.append({
        direction: "in",
        kind: "transportError",
        peer,
        code,
        message,
        raw: xml,
      });
      return { status: 400, body: encodePlainFault("Client", message) };
    }
    if (msg.kind !== "request" || msg.operation.service !== "server") {
      const what = msg.kind === "request" ? `the callback operation ${msg.operation.name}` : `a ${msg.kind}`;
      this.timeline.append({
        direction: "in",
        kind: "transportError",
        peer,
        code: "not-a-request",
        message: `received ${what}`,
        raw: xml,
      });
      return {
        status: 400,
        body: encodePlainFault("Client", `the CTIPortalService accepts requests only; received ${what}`),
      };
    }
    const op = msg.operation;
    if (actionOp && actionOp !== op) {
      const message = `SOAPAction '${soapAction}' names ${actionOp.name} but the body is ${op.name}`;
      this.timeline.append({
        direction: "in",
        kind: "transportError",
        peer,
        code: "action-body-mismatch",
        message,
        raw: xml,
      });
      return { status: 500, body: encodeActionNotSupported(soapAction ?? "") };
    }
    const args = (msg.params.args ?? {}) as Record<string, unknown>;
    const session = typeof args.SessionId === "string" ? args.SessionId : undefined;
    const request = this.timeline.append({
      direction: "in",
      kind: "request",
      peer,
      name: op.name,
      session,
      requestId: typeof args.RequestId === "number" ? args.RequestId : undefined,
      callId: typeof args.CallId === "number" ? args.CallId : undefined,
      agentId: typeof args.AgentIdx === "number" ? args.AgentIdx : undefined,
      payload: { args },
      raw: xml,
      deviations: msg.deviations.length ? msg.deviations : undefined,
    });

    const fctx = this.faults.size ? { operation: op.name, session } : NO_FAULT_CONTEXT;
    if (this.faults.size) {
      if (this.faults.take("drop-response", fctx)) {
        this.note("fault-injected", `drop-response ${op.name}`, session);
        return { status: 0, body: "", drop: true };
      }
      const forced = this.faults.take("fault-response", fctx);
      if (forced) {
        this.note("fault-injected", `fault-response ${op.name}`, session);
        return this.answerFault(op, request, {
          code: (forced.params.code as string) ?? "GeneralError",
          message: (forced.params.message as string) ?? "fault injected by the kit",
        });
      }
    }

    let outcome: Outcome;
    try {
      outcome = this.dispatch(op, args, msg.deviations, request);
    } catch (err) {
      this.logger.error("request failed inside the mock", { operation: op.name, err: String(err) });
      outcome = {
        fault: {
          code: "GeneralError",
          message: `internal error: ${err instanceof Error ? err.message : String(err)}`,
        },
      };
    }
    const delay = this.faults.size ? this.faults.take("delay-response", fctx) : undefined;
    if (delay) this.note("fault-injected", `delay-response ${op.name} ${delay.params.ms} ms`, session);
    const answer =
      "fault" in outcome
        ? this.answerFault(op, request, outcome.fault)
        : this.answerResult(op, request, outcome.result);
    answer.after = "fault" in outcome ? undefined : outcome.after;
    if (delay) answer.delayMs = delay.params.ms as number;
    return answer;
  }

  private answerResult(op: OperationInfo, request: TimelineEntry, result: unknown): SoapAnswer {
    this.timeline.append({
      direction: "out",
      kind: "response",
      name: op.name,
      session: request.session ?? sessionOfResult(result),
      requestId: request.requestId,
      replyTo: request.seq,
      payload: resultPayload(op.name, result),
    });
    return { status: 200, body: encodeResponse(op, result, this.config.profile) };
  }

  private answerFault(
    op: OperationInfo,
    request: TimelineEntry,
    fault: { code: string; message: string },
  ): SoapAnswer {
    this.timeline.append({
      direction: "out",
      kind: "fault",
      name: op.name,
      session: request.session,
      requestId: request.requestId,
      replyTo: request.seq,
      faultCode: fault.code,
      message: fault.message,
      payload: { ErrorCode: fault.code, Message: fault.message },
    });
    return { status: 500, body: encodeFault({ ErrorCode: fault.code, Message: fault.message }) };
  }

  private note(code: string, message: string, session?: string): void {
    this.timeline.append({ direction: "out", kind: "note", code, message, session });
  }

  // ---------------------------------------------------------------- rules

  private dispatch(
    op: OperationInfo,
    args: Record<string, unknown>,
    devs: Deviation[],
    request: TimelineEntry,
  ): Outcome {
    const argFault = argumentFault(op, args, devs);
    if (argFault) return { fault: argFault };
    if (op.name === "OpenConnection") return this.openConnection(args, request);

    const session = this.sessions.get(args.SessionId as string);
    if (!session || session.state === "closed") {
      return fault("InvalidSessionId", `session ${quoteValue(String(args.SessionId))} is not open`);
    }
    if ("TenantId" in args && args.TenantId !== this.config.tenantId) {
      return fault(
        "InvalidTenantId",
        `TenantId ${String(args.TenantId)} is not this CTIPS's tenant (${this.config.tenantId})`,
      );
    }
    if (session.state !== "online" && !ALLOWED[session.state as "opened" | "offline"].has(op.name)) {
      return fault(
        "InvalidRequest",
        `${op.name} is not allowed while the session is ${session.state}${session.state === "offline" ? " (only OnLine and CloseConnection are)" : " (go OnLine first)"}`,
      );
    }
    switch (op.name) {
      case "CloseConnection":
        session.transition("closed", "CloseConnection");
        return { result: 0 };
      case "OnLine":
        if (session.state !== "online") session.transition("online", "OnLine");
        return { result: 0 };
      case "OffLine":
        if (session.state === "online") session.transition("offline", "OffLine");
        return { result: 0 };
      case "AddMessageClass":
      case "DeleteMessageClass": {
        const mc = args.MessageClass as string;
        if (mc === "INVALID") return fault("InvalidParameter", "MessageClass INVALID is not a message class");
        if (op.name === "AddMessageClass") session.categories.add(mc);
        else session.categories.delete(mc);
        return { result: 0 };
      }
      case "AddFilter":
      case "DeleteFilter": {
        const ft = args.FieldType as FieldType | "INVALID";
        const value = String(args.FieldValue ?? "").trim();
        if (ft === "INVALID") return fault("InvalidParameter", "FieldType INVALID is not a field type");
        if (!validFilterValue(ft, value))
          return fault("InvalidParameter", `FieldValue '${value}' is not valid for ${ft}`);
        if (op.name === "AddFilter") {
          const set = session.filters.get(ft) ?? new Set<string>();
          session.filters.set(ft, set);
          set.add(value);
        } else {
          session.filters.get(ft)?.delete(value);
          if (session.filters.get(ft)?.size === 0) session.filters.delete(ft);
        }
        return { result: 0 };
      }
      case "Snapshot":
        return this.snapshot(session, args);
      default: {
        const refuse =
          op.name === "RouteSelect" && this.faults.size
            ? this.faults.take("refuse-route", { operation: op.name, session: session.id })
            : undefined;
        if (refuse)
          this.note("fault-injected", `refuse-route ${refuse.params.event ?? "RouteReject"}`, session.id);
        const r = this.simulator.handle(op.name, args, {
          sessionId: session.id,
          tenantId: this.config.tenantId,
          refuseRoute: refuse
            ? ((refuse.params.event as "RouteReject" | "RouteRequestFailed" | undefined) ?? "RouteReject")
            : undefined,
        });
        return r.ok ? { result: 0 } : { fault: r.fault };
      }
    }
  }

  private openConnection(args: Record<string, unknown>, request: TimelineEntry): Outcome {
    const tenants = (args.TenantIds as number[] | null) ?? [];
    if (tenants.length !== 1 || tenants[0] !== this.config.tenantId) {
      return fault(
        "InvalidTenantId",
        `OpenConnection must name exactly one TenantId, this CTIPS's tenant ${this.config.tenantId}; got [${tenants.join(", ")}]`,
      );
    }
    const url = args.ClientCallbackURL;
    if (typeof url !== "string" || !/^https?:\/\/[^\s/]+/.test(url) || !URL.canParse(url)) {
      return fault("InvalidParameter", `ClientCallbackURL '${String(url)}' is not an http(s) URL`);
    }
    const cred = (args.UserCredentials ?? {}) as { UserName?: string; Password?: string };
    const user = this.config.users.find((u) => u.userName === cred.UserName && u.password === cred.Password);
    if (!user) {
      this.logger.info("OpenConnection refused: wrong user name or password", { userName: cred.UserName });
      return { result: { SessionId: null, Response: "logonFailed" } };
    }
    const open = this.openSessions.length;
    if (open >= this.config.maxSessions) {
      if (this.faults.take("accept-extra-session", { operation: "OpenConnection" })) {
        this.note("fault-injected", `accept-extra-session (${open + 1} > ${this.config.maxSessions})`);
      } else {
        return fault(
          "MaxNumberClientConnections",
          `the maximum number of client connections (${this.config.maxSessions}) is reached`,
        );
      }
    }
    const id = newSessionId();
    const session = new MockSession(id, user.userName, url, {
      config: this.config,
      timeline: this.timeline,
      faults: this.faults,
      logger: this.logger,
      onClosed: (s) => {
        // Forgotten once closed: a long-running mock's memory and per-event routing stay flat.
        // A later request naming it gets InvalidSessionId, as for any unknown session.
        this.sessions.delete(s.id);
        this.logger.info("session closed", { session: s.id });
      },
    });
    this.sessions.set(id, session);
    this.timeline.append({
      direction: "out",
      kind: "note",
      code: "session-state",
      session: id,
      message: `opened for ${user.userName}, callback ${url} (request seq ${request.seq})`,
      payload: { from: null, to: "opened", reason: "OpenConnection" },
    });
    this.logger.info("session opened", { session: id, userName: user.userName, callback: url });
    const after = this.config.startSession
      ? () => {
          void session.channel.call("StartSession", {
            userinfo: { UserName: cred.UserName, Password: cred.Password },
            sessionId: id,
          });
        }
      : undefined;
    return { result: { SessionId: id, Response: "_success" }, after };
  }

  /**
   * One SnapShotUpdate per logged-in agent, active call or configured service, for each
   * requested entity type in the order asked; the last update of each type carries
   * SnapShotTypeComplete=true (a type with nothing to report sends one empty, complete update).
   * @see EDK 3-6, EDK 4-26
   */
  private snapshot(session: MockSession, args: Record<string, unknown>): Outcome {
    const requestId = args.RequestId as number;
    const kinds = (args.EntityType as string[] | null) ?? [];
    const t = this.config.topology;
    const header = { TenantId: t.tenantId, SiteId: t.siteId, SwitchId: t.switchId };
    const bad =
      kinds.length === 0 || kinds.some((k) => !ENTITY_KINDS.includes(k as (typeof ENTITY_KINDS)[number]));
    if (bad) {
      return {
        result: 0,
        after: () =>
          session.enqueue({
            type: "CTISnapShotRequestFailed",
            value: buildEvent("CTISnapShotRequestFailed", header, requestId, {
              FailureType: "RequestFailed",
              FailureReason: `EntityType must list AgentInfo, CallInfo or ServiceInfo; got [${kinds.join(", ")}]`,
            }),
          }),
      };
    }
    const snap = this.simulator.snapshot();
    const events: { type: string; value: Record<string, unknown> }[] = [];
    for (const kind of kinds) {
      const items = kind === "AgentInfo" ? snap.agents : kind === "CallInfo" ? snap.calls : snap.services;
      const field = kind === "AgentInfo" ? "AgentData" : kind === "CallInfo" ? "CallData" : "ServiceData";
      const list = items.length ? items : [null];
      list.forEach((item, i) => {
        events.push({
          type: "CTISnapShotUpdate",
          value: buildEvent("CTISnapShotUpdate", header, requestId, {
            SnapShotType: kind,
            [field]: item,
            SnapShotTypeComplete: i === list.length - 1,
          }),
        });
      });
    }
    return {
      result: 0,
      after: () => {
        for (const e of events) session.enqueue(e);
      },
    };
  }

  // ---------------------------------------------------------------- events

  /**
   * Whether a session (online, or offline for the events-while-offline fault) subscribes to
   * a category of this event type; the simulator builds no event nobody could receive.
   */
  private hasAudience(eventType: string): boolean {
    const categories = categoriesOf(eventType, undefined);
    for (const s of this.sessions.values()) {
      if ((s.state === "online" || s.state === "offline") && inCategories(s, categories)) return true;
    }
    return false;
  }

  /** Delivers one simulator event to every session that wants it. @see docs/filters.md */
  private route(e: SimEvent): void {
    const eventType = e.value.EventType as string;
    for (const s of this.sessions.values()) {
      if (s.state !== "online" && s.state !== "offline") continue;
      if (!wantsEvent(s, e.type, e.value, (id) => this.loginNames.get(id))) continue;
      if (s.state === "offline") {
        // EDK 5-4: an offline session gets no events, unless the fault says otherwise.
        if (!this.faults.size || !this.faults.take("events-while-offline", { session: s.id, eventType }))
          continue;
        this.note("fault-injected", `events-while-offline ${eventType}`, s.id);
      }
      const own = e.origin?.sessionId === s.id;
      // Shared between sessions when it already carries 0: nothing downstream mutates an event.
      let value = own || e.value.RequestId === 0 ? e.value : { ...e.value, RequestId: 0 };
      if (this.faults.size) {
        const ctx = { session: s.id, eventType };
        if (own && value.RequestId !== 0) {
          const wrong = this.faults.take("wrong-request-id", ctx);
          if (wrong) {
            const requestId = (value.RequestId as number) + ((wrong.params.offset as number) ?? 1000);
            this.note(
              "fault-injected",
              `wrong-request-id ${eventType} ${value.RequestId} → ${requestId}`,
              s.id,
            );
            value = { ...value, RequestId: requestId };
          }
        } else if (value.RequestId === 0) {
          const uns = this.faults.take("unsolicited-request-id", ctx);
          if (uns) {
            const requestId = (uns.params.value as number) ?? 999;
            this.note("fault-injected", `unsolicited-request-id ${eventType} 0 → ${requestId}`, s.id);
            value = { ...value, RequestId: requestId };
          }
        }
      }
      s.enqueue({ type: e.type, value });
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Back to the start: sessions closed, faults cleared, the simulated world reset. */
  reset(): void {
    for (const s of this.openSessions) s.dispose("control-plane reset");
    this.sessions.clear();
    this.faults.clear();
    this.simulator.control.reset();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    const closing = this.openSessions.map((s) => {
      s.dispose("mock shutting down");
      return s.channel.close();
    });
    await Promise.all(closing);
    this.simulator.close();
    this.timeline.close();
  }
}

/**
 * A new SessionId: a version-4 UUID from node:crypto's CSPRNG, 122 random bits, so a client
 * cannot guess another's session (test/mock-ctips/session-ids.test.ts checks the bits).
 */
export function newSessionId(): string {
  return randomUUID();
}

function fault(code: string, message: string): Outcome {
  return { fault: { code, message } };
}

function sessionOfResult(result: unknown): string | undefined {
  const id = (result as { SessionId?: unknown } | null)?.SessionId;
  return typeof id === "string" ? id : undefined;
}

/**
 * Decoding deviations that make a request invalid: a missing required argument is
 * MissingArg, a value of the wrong type or an unknown enum name is InvalidParameter.
 * Spelling, order and namespace deviations are tolerated (they stay on the timeline).
 * @see EDK 2-4 ("If the CTIPS rejects the request outright … returns a fault exception")
 */
function argumentFault(
  op: OperationInfo,
  args: Record<string, unknown>,
  devs: Deviation[],
): { code: string; message: string } | undefined {
  const missing = devs.find((d) => d.kind === "missing-required");
  if (missing)
    return {
      code: "MissingArg",
      message: `${op.name}: required argument ${missing.path.split("/").slice(2).join("/") || missing.path} is missing`,
    };
  const bad = devs.find((d) => d.kind === "bad-type" || d.kind === "unknown-enum");
  if (bad)
    return {
      code: "InvalidParameter",
      message: `${op.name}: ${bad.path.split("/").slice(2).join("/")}: ${bad.message}`,
    };
  const errors = contract().validate(op.name, { args });
  if (errors.length) {
    const e = errors[0];
    return {
      code: "InvalidParameter",
      message: `${op.name}: args${e.instancePath.replace(/^\/args/, "")} ${e.message ?? "is invalid"}`,
    };
  }
  return undefined;
}
