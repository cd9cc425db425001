/**
 * The clients of a load run, each a recording client with one session, and what they do:
 * monitors watch; the router answers every RouteRequest with a RouteSelect; the agent
 * desktop logs the agents in, accepts the calls presented with ResponseRequired, holds and
 * retrieves, transfers, and disposes every Wrap; misbehaving clients answer late (slow),
 * never (silent), or cannot be reached (dead). The CallDriver creates the customers' calls
 * through the control plane and hangs them up when their talk time is over.
 */
import { contract } from "../contract/schemas.ts";
import { createRecordingClient } from "../mock-client/index.ts";
import type { ClientSession, RecordingClient, SendOutcome } from "../mock-client/types.ts";
import type { ControlPlane } from "../mock-ctips/index.ts";
import { fill } from "../mock-ctips/simulator/events.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { Timeline } from "../timeline/timeline.ts";
import {
  inboundServices,
  inShare,
  type LoadProfile,
  ROUTED_SERVICE,
  type SessionSpec,
} from "./load-profile.ts";

export interface LoadSession {
  spec: SessionSpec;
  client: RecordingClient;
  session: ClientSession;
  timeline: Timeline;
}

/**
 * RequestIds from one counter for every client of the run, so no two sessions share one
 * and an event carrying another session's RequestId cannot pass for the session's own.
 * (Each recording client numbers the requests of its own set-up from 1.)
 */
export class RequestIds {
  private n = 1_000_000;
  next(): number {
    return this.n++;
  }
}

const ENTITY_TYPES = ["AgentInfo", "CallInfo", "ServiceInfo"];

function argsOf(op: string, fields: Record<string, unknown>, ids: RequestIds): Record<string, unknown> {
  const type = contract().operation(op).params[0]?.type as { name: string };
  const { SessionId: _s, TenantId: _t, ...rest } = fill(type.name, fields);
  return { ...rest, RequestId: ids.next() };
}

export interface OpenContext {
  target: string;
  credentials: { userName: string; password: string };
  tenantId: number;
  retain: number;
  ids: RequestIds;
  profile: LoadProfile;
  /** A callback URL nothing listens on (dead sessions). */
  deadUrl: string;
}

/** One client and its session: subscribed, online, behaving as its role says, its Snapshot taken. */
export async function openLoadSession(
  spec: SessionSpec,
  ctx: OpenContext,
  timeline = new Timeline({ recorder: "client", retain: ctx.retain }),
): Promise<LoadSession> {
  const client = await createRecordingClient({
    target: ctx.target,
    credentials: ctx.credentials,
    tenantId: ctx.tenantId,
    timeline,
    callback: {
      ...(spec.role === "dead" ? { publicUrl: ctx.deadUrl } : {}),
      ...(spec.role === "silent" ? { ignoreHoldMs: 30_000 } : {}),
    },
  });
  // The client's RequestId index keeps every event it ever received (for session.events());
  // a load run reads its timelines as they are appended instead, so memory stays flat.
  (client as unknown as { index?: { detach(): void } }).index?.detach();
  const session = await client.openSession({
    categories: spec.categories,
    filters: spec.filters,
    startSessionTimeoutMs: spec.role === "dead" ? 300 : 2_000,
  });
  if (spec.role === "slow") client.behaviour.eventDelayMs = ctx.profile.slowMs;
  if (spec.role === "silent") {
    client.behaviour.event = "ignore";
    client.behaviour.heartbeat = "ignore";
  }
  const complete = new Set<string>();
  let off = () => {};
  const delivered = new Promise<void>((resolve) => {
    off = timeline.onAppend((e) => {
      const v = (e.payload ?? {}) as Record<string, unknown>;
      if (e.kind !== "event" || e.name !== "SnapShotUpdate" || v.SnapShotTypeComplete !== true) return;
      complete.add(String(v.SnapShotType));
      if (complete.size === ENTITY_TYPES.length) resolve();
    });
  });
  const snap = await session.send("Snapshot", argsOf("Snapshot", { EntityType: ENTITY_TYPES }, ctx.ids));
  if (!spec.misbehaves) {
    if (!snap.ok) throw new Error(`${spec.name}: Snapshot refused: ${snap.fault.faultstring}`);
    // Its updates arrive before anything changes: a snapshot is compared with what the events said meanwhile.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([delivered, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
  }
  off();
  return { spec, client, session, timeline };
}

/** Runs `work` over `items`, `concurrency` at a time. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (t: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

interface CallPlan {
  transfer: boolean;
  hold: boolean;
  /** first: with the agent that took it; transferred: on its way to, or with, the second agent. */
  phase: "first" | "transferred";
  transferTo: number;
}

export interface DriverCounts {
  created: number;
  /** createCall refused by the control plane. */
  refused: number;
  /** Calls that reached CallCompleted. */
  completed: number;
  transferred: number;
  held: number;
  routed: number;
  accepted: number;
  disposed: number;
  /** Requests answered with a fault, a failure event or a transport error. */
  requestFailures: number;
  hangupsRefused: number;
}

const FAILURE_EVENTS = new Set([
  "CallRequestFailed",
  "AgentRequestFailed",
  "AgentLoginRequestFailed",
  "RouteReject",
  "RouteRequestFailed",
  "SnapShotRequestFailed",
]);

const payload = (e: TimelineEntry) => (e.payload ?? {}) as Record<string, unknown>;

/**
 * Creates the customers' calls and plays the desktop's and the router's part in them. Every
 * decision is spread evenly over the calls (`inShare`), so each share is what the profile says.
 */
export class CallDriver {
  readonly counts: DriverCounts = {
    created: 0,
    refused: 0,
    completed: 0,
    transferred: 0,
    held: 0,
    routed: 0,
    accepted: 0,
    disposed: 0,
    requestFailures: 0,
    hangupsRefused: 0,
  };
  /** The first failures, for the report. */
  readonly failures: string[] = [];
  private readonly plans = new Map<number, CallPlan>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly mine = new Set<number>();
  private readonly services: number[];
  private n = 0;
  private stopped = false;
  private readonly detach: (() => void)[] = [];

  constructor(
    private readonly p: LoadProfile,
    private readonly control: ControlPlane,
    private readonly desktop: LoadSession,
    private readonly router: LoadSession,
    private readonly ids: RequestIds,
  ) {
    this.services = inboundServices(p);
    this.detach.push(
      desktop.timeline.onAppend((e) => {
        if (e.kind === "event" && e.session === desktop.session.sessionId) this.onDesktop(e);
      }),
      router.timeline.onAppend((e) => {
        if (e.kind === "event" && e.session === router.session.sessionId) this.onRouter(e);
      }),
    );
  }

  /** Calls not yet completed. */
  get open(): number {
    return this.plans.size;
  }

  /** Logs every agent in at its own station, Idle; resolves when each one's AgentStateChange arrived. */
  async loginAgents(loginNames: readonly string[], timeoutMs: number): Promise<void> {
    let idle = 0;
    const done = new Promise<void>((resolve) => {
      const off = this.desktop.timeline.onAppend((e) => {
        if (
          e.kind === "event" &&
          e.name === "AgentStateChange" &&
          payload(e).AgentState === "Idle" &&
          ++idle >= loginNames.length
        ) {
          off();
          resolve();
        }
      });
    });
    await inParallel(loginNames, 16, async (name) => {
      const o = await this.desktop.session.send(
        "LoginAgent",
        argsOf("LoginAgent", { AgentLoginName: name, StationId: "", InitState: "Idle" }, this.ids),
      );
      if (!o.ok) throw new Error(`LoginAgent ${name} refused: ${o.fault.faultstring}`);
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise<void>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`${idle} of ${loginNames.length} agents became Idle within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** Logs every agent out (the desktop leaves its agents as it found them). */
  async logoutAgents(agentIds: readonly number[]): Promise<void> {
    await inParallel(agentIds, 16, async (id) => {
      await this.send(this.desktop, "LogoutAgent", { AgentIdx: id, ReasonCode: 0 });
    });
  }

  /** One customer call: on an inbound service round robin, or (routedShare) on the routed service. */
  createCall(): void {
    const n = this.n++;
    const routed = inShare(n, this.p.routedShare, 0.5);
    const transfer = inShare(n, this.p.transferShare, 0.25);
    const hold = !transfer && inShare(n, this.p.holdShare, 0.75);
    const service = this.services[n % this.services.length];
    try {
      const { callId } = this.control.createCall({
        serviceId: routed ? ROUTED_SERVICE : service,
        ani: String(5_550_000 + (n % 1_000_000)),
        dnis: "8005550100",
      });
      this.mine.add(callId);
      this.plans.set(callId, {
        transfer,
        hold,
        phase: "first",
        transferTo: this.services[(n + 1) % this.services.length],
      });
      this.counts.created++;
    } catch (err) {
      this.counts.refused++;
      this.fail(`createCall refused: ${(err as Error).message}`);
    }
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  private fail(what: string): void {
    if (this.failures.length < 20) this.failures.push(what);
  }

  private send(s: LoadSession, op: string, fields: Record<string, unknown>): Promise<void> {
    return s.session.send(op, argsOf(op, fields, this.ids)).then(
      (o: SendOutcome) => {
        if (!o.ok) {
          this.counts.requestFailures++;
          this.fail(
            `${op} ${JSON.stringify(fields)}: fault ${o.fault.detail?.ErrorCode ?? o.fault.faultstring}`,
          );
        }
      },
      (err: Error) => {
        this.counts.requestFailures++;
        this.fail(`${op}: ${err.message}`);
      },
    );
  }

  private hangup(callId: number): void {
    try {
      this.control.hangup(callId);
    } catch (err) {
      this.counts.hangupsRefused++;
      this.fail(`hangup of call ${callId}: ${(err as Error).message}`);
    }
  }

  private onDesktop(e: TimelineEntry): void {
    const v = payload(e);
    const callId = v.CallId as number;
    const agentId = v.AgentId as number;
    if (FAILURE_EVENTS.has(e.name ?? "") && (e.requestId ?? 0) !== 0) {
      this.counts.requestFailures++;
      this.fail(
        `${e.name} for RequestId ${e.requestId}: ${String(v.FailureType)} ${String(v.FailureReason ?? "")}`,
      );
      return;
    }
    switch (e.name) {
      case "CallConnected":
        if (v.ResponseRequired === true && this.mine.has(callId))
          this.later(this.p.answerMs, () => {
            this.counts.accepted++;
            void this.send(this.desktop, "AcceptCall", {
              AgentIdx: agentId,
              CallId: callId,
              AcceptCall: true,
              RejectReasonCode: 0,
            });
          });
        break;
      case "CallEstablished":
        this.established(callId, agentId);
        break;
      case "AgentStateChange":
        if (v.AgentState === "Wrap" && this.mine.has(callId))
          this.later(this.p.wrapMs, () => {
            this.counts.disposed++;
            void this.send(this.desktop, "SetDisposition", {
              AgentIdx: agentId,
              CallId: callId,
              DispositionId: 1,
              SummaryDispositionSuccessful: true,
              WrapNotRequired: false,
              UserData: [],
            });
          });
        break;
      case "CallCompleted":
        if (this.plans.delete(callId)) {
          this.mine.delete(callId);
          this.counts.completed++;
        }
        break;
    }
  }

  /** The agent answered: talk (holding halfway, or transferring halfway), then the customer hangs up. */
  private established(callId: number, agentId: number): void {
    const plan = this.plans.get(callId);
    if (!plan) return;
    const half = this.p.talkMs / 2;
    if (plan.phase === "transferred") {
      this.later(half, () => this.hangup(callId));
      return;
    }
    if (plan.transfer) {
      plan.phase = "transferred";
      this.later(half, () => {
        this.counts.transferred++;
        void this.send(this.desktop, "TransferCall", {
          AgentIdx: agentId,
          CallId: callId,
          TransferType: "Blind",
          DestinationType: "Service",
          DestinationAddress: String(plan.transferTo),
          UserData: [],
        });
      });
      return;
    }
    if (plan.hold && this.p.holdMs > 0) {
      this.later(half, () => {
        this.counts.held++;
        void this.send(this.desktop, "HoldCall", { AgentIdx: agentId, CallId: callId });
        this.later(this.p.holdMs, () => {
          void this.send(this.desktop, "RetrieveCall", { AgentIdx: agentId, CallId: callId });
          this.later(half, () => this.hangup(callId));
        });
      });
      return;
    }
    this.later(this.p.talkMs, () => this.hangup(callId));
  }

  private onRouter(e: TimelineEntry): void {
    const v = payload(e);
    if (FAILURE_EVENTS.has(e.name ?? "") && (e.requestId ?? 0) !== 0) {
      this.counts.requestFailures++;
      this.fail(`${e.name} for RequestId ${e.requestId}: ${String(v.FailureType)}`);
      return;
    }
    if (e.name !== "RouteRequest") return;
    const callId = v.CallId as number;
    const to = this.services[this.counts.routed % this.services.length];
    this.later(this.p.routeSelectMs, () => {
      this.counts.routed++;
      void this.send(this.router, "RouteSelect", {
        CallId: callId,
        RouteActionType: "RouteToService",
        DestinationAddress: String(to),
        UserData: [],
      });
    });
  }

  /** Stops reacting: pending timers are dropped. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const d of this.detach) d();
  }
}
