/**
 * The reference CTI client: the recording client driven in a scripted, guide-conformant
 * way, as `certify client` expects a client of each profile to behave (docs/certify-client.md).
 * It is the proof that the client certification's grading is honest (it passes every
 * scenario of its profile), and, with one misbehaviour switched on, the fixture clients
 * that must each fail exactly the scenarios of one rule. `ctips-kit client` runs it as a
 * process; a developer can read it as a worked example of a CTIPS client.
 *
 * - Start-up (EDK 5-1 … 5-3): OpenConnection (one TenantId), AddMessageClass for its
 *   profile, OnLine, Snapshot; an agent desktop then logs its agents in.
 * - Calls (agent desktop): AcceptCall when a call is presented with ResponseRequired;
 *   SetDisposition in Wrap. Routing (router): RouteSelect for every RouteRequest.
 * - Recovery (EDK 1-2, 1-3, 4-1): no heartbeat for `heartbeatTimeoutMs`, or a request
 *   refused because the session is gone: reconnect (the first endpoint, else the next),
 *   resubscribe, OnLine, Snapshot, log the agents in again.
 * - LinkStatus Up: a new Snapshot (what it knew may be stale; the kit's reading
 *   snapshot-after-link-up).
 * - Shut-down: LogoutAgent (agent desktop), OffLine, CloseConnection.
 * Prints nothing: it logs through its logger.
 */
import { Codec } from "../contract/codec.ts";
import { KitError } from "../contract/errors.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import { contract } from "../contract/schemas.ts";
import { encodeRequest } from "../contract/soap.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { createRecordingClient } from "./client.ts";
import type { ClientSession, Credentials, RecordingClient, SendOutcome } from "./types.ts";

export const CLIENT_PROFILES = ["monitor", "agent-desktop", "router"] as const;
export type ClientProfile = (typeof CLIENT_PROFILES)[number];

/** One rule broken on purpose: the fixture clients of the client certification's self-test. */
export const MISBEHAVIOURS = {
  "rid-zero": "sends RequestId 0 in its requests",
  "rid-reused": "gives two requests of a session the same RequestId",
  "online-before-subscribe": "goes OnLine before AddMessageClass",
  "heartbeats-unanswered": "answers heartbeats with a SOAP fault, never with a result",
  "slow-events": "answers a call's first event (CallStarted) only after a delay",
  "late-route-select": "answers RouteRequest after its RouteTimeout",
  "no-accept": "never answers a call presented with ResponseRequired",
  "illegal-state": "asks SetAgentState for Active, a state the system sets",
  "no-resubscribe": "reconnects without AddMessageClass",
  "wrong-member-order": "writes its requests' members out of WCF's order",
  "no-link-snapshot": "takes no new Snapshot when a link comes back up",
  "no-logout": "leaves its agents logged in when it shuts down",
  "no-failover": "reconnects only to the first CTIPS, never to the secondary",
  "no-snapshot": "goes online without taking a Snapshot (at start-up and after reconnecting)",
  "no-dispose": "never disposes its agent's calls (no SetDisposition in Wrap)",
  "no-offline": "closes its session at shut-down without going OffLine first",
  "requests-while-offline": "sends a Snapshot after going OffLine at shut-down",
} as const;
export type Misbehaviour = keyof typeof MISBEHAVIOURS;

export interface ReferenceClientOptions {
  /** CTIPS endpoints in order of preference: the primary, then where to fail over. */
  endpoints: string[];
  credentials: Credentials;
  tenantId: number;
  profile: ClientProfile;
  /** Agent desktop: the agents it logs in. */
  agents?: { loginName: string; station: string }[];
  /** Agent desktop: the DispositionId SetDisposition uses. */
  dispositionId?: number;
  /** No heartbeat for this long means the CTIPS is gone, in ms. */
  heartbeatTimeoutMs: number;
  /** Where the callback service listens (and what ClientCallbackURL names). */
  callbackHost?: string;
  misbehave?: Misbehaviour;
  /** slow-events: how late an event is answered, in ms. */
  slowAnswerMs?: number;
  requestTimeoutMs?: number;
  logger?: Logger;
}

const CATEGORIES: Record<ClientProfile, string[]> = {
  monitor: ["EventCategoryAgent", "EventCategoryCall", "EventCategorySystem", "EventCategoryRoute"],
  "agent-desktop": ["EventCategoryAgent", "EventCategoryCall", "EventCategorySystem"],
  router: ["EventCategoryRoute", "EventCategorySystem"],
};
const ENTITY_TYPES = ["AgentInfo", "CallInfo", "ServiceInfo"];
const reversed = new Codec(undefined, { reverseMembers: true });
const p = (e: TimelineEntry) => (e.payload ?? {}) as Record<string, unknown>;

export class ReferenceClient {
  private client: RecordingClient | undefined;
  private session: ClientSession | undefined;
  private endpoint = 0;
  private lastHeartbeat = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private reconnecting: Promise<void> | undefined;
  private stopped = false;
  /** Reactions run one after the other, in the order their events came. */
  private queue: Promise<void> = Promise.resolve();
  private readonly agentIds = new Map<string, number>();
  private readonly lastCleared = new Map<number, number>();
  private readonly routed = new Set<number>();
  private services: { id: number; state: string; external: boolean }[] = [];
  private unsubscribe: (() => void) | undefined;
  private fixedRequestId = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly o: ReferenceClientOptions) {
    if (!o.endpoints.length)
      throw new KitError("CTIPSKIT_E_CONFIG_INVALID", "the reference client needs an endpoint");
    if (o.misbehave && !(o.misbehave in MISBEHAVIOURS))
      throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `unknown misbehaviour '${o.misbehave}'`, {
        fix: `one of ${Object.keys(MISBEHAVIOURS).join(", ")}`,
      });
  }

  private get log(): Logger {
    return this.o.logger ?? nullLogger;
  }

  /** The callback URL of the current connection (for people reading a log). */
  get callbackUrl(): string | undefined {
    return this.session?.callbackUrl;
  }

  /** Connects (trying each endpoint in turn) and starts watching the heartbeats. */
  async start(): Promise<void> {
    await this.connect();
    const tick = Math.max(20, Math.floor(this.o.heartbeatTimeoutMs / 4));
    this.watchdog = setInterval(() => {
      if (
        !this.stopped &&
        !this.reconnecting &&
        Date.now() - this.lastHeartbeat > this.o.heartbeatTimeoutMs
      ) {
        this.log.info("no heartbeat: reconnecting", { silentMs: Date.now() - this.lastHeartbeat });
        void this.reconnect();
      }
    }, tick);
  }

  /** Shut-down: agents out (agent desktop), OffLine, CloseConnection. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    for (const t of this.timers) clearTimeout(t);
    await this.reconnecting?.catch(() => undefined);
    await this.queue.catch(() => undefined);
    const s = this.session;
    if (s && s.state !== "closed") {
      if (this.o.profile === "agent-desktop" && this.o.misbehave !== "no-logout")
        for (const id of this.agentIds.values())
          await this.send("LogoutAgent", { AgentIdx: id, ReasonCode: 0 });
      if (this.o.misbehave !== "no-offline") await s.offline().catch(() => undefined);
      if (this.o.misbehave === "requests-while-offline")
        await this.send("Snapshot", { EntityType: ENTITY_TYPES }).catch(() => undefined);
      await s.close().catch(() => undefined);
    }
    this.unsubscribe?.();
    await this.client?.close().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const errors: string[] = [];
    const tries = this.o.misbehave === "no-failover" ? 1 : this.o.endpoints.length;
    for (let i = 0; i < tries; i++) {
      const n = (this.endpoint + i) % this.o.endpoints.length;
      try {
        await this.open(this.o.endpoints[n]);
        this.endpoint = n;
        return;
      } catch (err) {
        errors.push(`${this.o.endpoints[n]}: ${(err as Error).message}`);
        await this.client?.close().catch(() => undefined);
        this.client = undefined;
      }
    }
    throw new KitError("CTIPSKIT_E_TRANSPORT", `no CTIPS answered: ${errors.join("; ")}`);
  }

  private async open(endpoint: string): Promise<void> {
    this.unsubscribe?.();
    await this.client?.close().catch(() => undefined);
    const client = await createRecordingClient({
      target: endpoint,
      credentials: this.o.credentials,
      tenantId: this.o.tenantId,
      callback: { host: this.o.callbackHost ?? "127.0.0.1", port: 0 },
      requestTimeoutMs: this.o.requestTimeoutMs ?? 5_000,
      logger: this.log,
    });
    this.client = client;
    if (this.o.misbehave === "heartbeats-unanswered") client.behaviour.heartbeat = "fault";
    if (this.o.misbehave === "slow-events") {
      client.behaviour.eventDelayMs = this.o.slowAnswerMs ?? 300;
      // Only a call's first event: slow enough to break the rule, not a backlog that slows every scenario.
      client.behaviour.eventDelayTypes = ["CallStarted"];
    }
    this.unsubscribe = client.timeline.onAppend((e) => this.observe(e));
    this.lastHeartbeat = Date.now();
    const resubscribe = this.o.misbehave !== "no-resubscribe" || !this.session;
    const late = this.o.misbehave === "online-before-subscribe";
    this.session = await client.openSession({
      categories: late || !resubscribe ? [] : CATEGORIES[this.o.profile],
    });
    if (late)
      for (const c of CATEGORIES[this.o.profile]) await this.send("AddMessageClass", { MessageClass: c });
    if (this.o.misbehave !== "no-snapshot") {
      const snap = await this.send("Snapshot", { EntityType: ENTITY_TYPES });
      await this.readSnapshot(snap);
    }
    if (this.o.profile === "agent-desktop") await this.loginAgents();
    this.log.info("online", { endpoint, session: this.session.sessionId });
  }

  /** Waits (briefly) for the snapshot's updates: the services to route to, the agents already logged in. */
  private async readSnapshot(snap: SendOutcome): Promise<void> {
    if (!snap.ok || snap.requestId === undefined || !this.session) return;
    const s = this.session;
    const rid = snap.requestId;
    const deadline = Date.now() + 1_000;
    while (Date.now() < deadline) {
      const updates = s.events({ type: "SnapShotUpdate" }).filter((e) => e.requestId === rid);
      if (
        ENTITY_TYPES.every((t) =>
          updates.some((u) => p(u).SnapShotType === t && p(u).SnapShotTypeComplete === true),
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 10));
    }
    this.services = [];
    for (const u of s.events({ type: "SnapShotUpdate" }).filter((e) => e.requestId === rid)) {
      const sd = p(u).ServiceData as Record<string, unknown> | null;
      if (p(u).SnapShotType === "ServiceInfo" && sd && typeof sd.ServiceId === "number")
        this.services.push({
          id: sd.ServiceId,
          state: String(sd.ServiceState),
          external: sd.ExternalRoutingEnabled === true,
        });
      const ad = p(u).AgentData as Record<string, unknown> | null;
      if (p(u).SnapShotType === "AgentInfo" && ad && typeof ad.AgentId === "number" && ad.AgentId > 0)
        for (const a of this.o.agents ?? [])
          if (a.loginName === ad.AgentLoginName) this.agentIds.set(a.loginName, ad.AgentId);
    }
  }

  private async loginAgents(): Promise<void> {
    for (const a of this.o.agents ?? []) {
      if (this.agentIds.has(a.loginName)) continue;
      const since = this.client?.timeline.length ?? 0;
      const o = await this.send("LoginAgent", {
        AgentLoginName: a.loginName,
        StationId: a.station,
        InitState: "Idle",
        MultiLine: 0,
      });
      if (!o.ok || !this.session) continue;
      const ev = await this.session
        .waitForEvent(
          {
            type: "AgentLoginStateChange",
            where: (v) => v.AgentLoginName === a.loginName && v.LoginState === "AgentLoggedIn",
          },
          2_000,
          since,
        )
        .catch(() => undefined);
      const id = ev ? (p(ev).AgentId as number) : undefined;
      if (id !== undefined) this.agentIds.set(a.loginName, id);
      if (id !== undefined && this.o.misbehave === "illegal-state")
        await this.send("SetAgentState", { AgentIdx: id, NewState: "Active" });
    }
  }

  /** A request through the current session, with the misbehaviours that touch requests. */
  private async send(op: string, args: Record<string, unknown>): Promise<SendOutcome> {
    const s = this.session;
    const client = this.client;
    if (!s || !client) throw new KitError("CTIPSKIT_E_ILLEGAL_STATE", "the reference client has no session");
    const info = contract().operation(op);
    const withRid =
      info.params[0]?.type.kind === "data" &&
      contract()
        .type((info.params[0].type as { name: string }).name)
        .members.some((m) => m.name === "RequestId");
    const filled: Record<string, unknown> = { ...args };
    if (withRid) {
      if (this.o.misbehave === "rid-zero") filled.RequestId = 0;
      if (this.o.misbehave === "rid-reused")
        filled.RequestId = this.fixedRequestId ||= client.nextRequestId();
    }
    let outcome: SendOutcome;
    try {
      if (this.o.misbehave === "wrong-member-order") {
        const full = {
          SessionId: s.sessionId,
          TenantId: this.o.tenantId,
          ...(withRid ? { RequestId: filled.RequestId ?? client.nextRequestId() } : {}),
          ...filled,
        };
        outcome = await client.sendRaw(op, full, {
          rawXml: encodeRequest(info, { args: full }, "wire", reversed),
        });
      } else outcome = await s.send(op, filled);
    } catch (err) {
      this.log.warn("request failed", { op, err: (err as Error).message });
      if (!this.stopped) void this.reconnect();
      throw err;
    }
    if (
      !outcome.ok &&
      /InvalidSessionId/.test(outcome.fault.detail?.ErrorCode ?? outcome.fault.faultstring) &&
      !this.stopped
    )
      void this.reconnect();
    return outcome;
  }

  private reconnect(): Promise<void> {
    this.reconnecting ??= (async () => {
      try {
        for (;;) {
          if (this.stopped) return;
          try {
            await this.connect();
            return;
          } catch (err) {
            this.log.warn("reconnect failed; trying again", { err: (err as Error).message });
            await new Promise((r) => setTimeout(r, Math.min(1_000, this.o.heartbeatTimeoutMs)));
          }
        }
      } finally {
        this.reconnecting = undefined;
      }
    })();
    return this.reconnecting;
  }

  /** Every entry the client records: heartbeats feed the watchdog, events get their reactions. */
  private observe(e: TimelineEntry): void {
    if (e.kind === "heartbeat") this.lastHeartbeat = Date.now();
    if (e.kind !== "event" || this.stopped || !this.session || e.session !== this.session.sessionId) return;
    const v = p(e);
    const mine = (id: unknown) => [...this.agentIds.values()].includes(id as number);
    if (e.name === "LinkStatus" && v.ComponentState === "Up" && this.o.misbehave !== "no-link-snapshot")
      this.react("Snapshot", { EntityType: ENTITY_TYPES });
    if (e.name === "CallCleared" && typeof v.AgentId === "number")
      this.lastCleared.set(v.AgentId, v.CallId as number);
    if (this.o.profile === "agent-desktop") {
      if (e.name === "AgentLoginStateChange" && v.LoginState === "AgentLoggedIn")
        for (const a of this.o.agents ?? [])
          if (a.loginName === v.AgentLoginName) this.agentIds.set(a.loginName, v.AgentId as number);
      if (
        e.name === "CallConnected" &&
        v.ResponseRequired === true &&
        mine(v.AgentId) &&
        this.o.misbehave !== "no-accept"
      )
        this.react("AcceptCall", {
          AgentIdx: v.AgentId,
          CallId: v.CallId,
          AcceptCall: true,
          RejectReasonCode: 0,
        });
      if (
        e.name === "AgentStateChange" &&
        v.AgentState === "Wrap" &&
        mine(v.AgentId) &&
        this.o.misbehave !== "no-dispose"
      )
        this.react("SetDisposition", {
          AgentIdx: v.AgentId,
          CallId: this.lastCleared.get(v.AgentId as number) ?? v.CallId ?? 0,
          DispositionId: this.o.dispositionId ?? 1,
          SummaryDispositionSuccessful: true,
          WrapNotRequired: false,
          UserData: [],
        });
    }
    if (
      this.o.profile === "router" &&
      e.name === "RouteRequest" &&
      typeof v.CallId === "number" &&
      !this.routed.has(v.CallId)
    ) {
      this.routed.add(v.CallId);
      const to = this.services.find((x) => !x.external && x.state === "Active");
      const args = to
        ? {
            CallId: v.CallId,
            RouteActionType: "RouteToService",
            DestinationAddress: String(to.id),
            UserData: [],
          }
        : { CallId: v.CallId, RouteActionType: "RouteToDefault", DestinationAddress: "", UserData: [] };
      const delayMs =
        this.o.misbehave === "late-route-select" ? ((v.RouteTimeout as number) || 1) * 1000 + 500 : 0;
      this.react("RouteSelect", args, delayMs);
    }
  }

  private react(op: string, args: Record<string, unknown>, delayMs = 0): void {
    if (delayMs) {
      // Late on purpose (a fixture), without holding up the reactions behind it.
      const t = setTimeout(() => this.react(op, args), delayMs);
      this.timers.add(t);
      t.unref();
      return;
    }
    this.queue = this.queue.then(async () => {
      if (this.stopped) return;
      await this.send(op, args).catch((err: Error) =>
        this.log.warn("reaction failed", { op, err: err.message }),
      );
    });
  }
}
