/**
 * The simulated world's state and plumbing shared by agents.ts, calls.ts and routing.ts:
 * runtime records of agents, calls and services, id sources, tracked timers, and the
 * outbox that delivers events asynchronously and in order.
 */
import { KitError } from "../../contract/errors.ts";
import { buildEvent, type Fields, type Header } from "./events.ts";
import type { AgentConfig, ServiceConfig, Topology } from "./topology.ts";
import type { Clock, Logger, SimEvent, SimTimings } from "./types.ts";

/** The session and RequestId a step answers; null for unsolicited steps (RequestId 0). */
export type Origin = { sessionId: string; requestId: number } | null;

export interface Timer {
  cancel(): void;
}

/** CTIAgentState values the simulator puts agents in. */
export type AgentState =
  | "NotReady"
  | "NotReadyPark"
  | "Idle"
  | "Reserved"
  | "PendingActive"
  | "Active"
  | "Wrap"
  | "MultiLine";
/** States an agent chooses (LoginAgent, SetAgentState) and returns to after calls. */
export type RestState = "NotReady" | "NotReadyPark" | "Idle" | "Reserved";
export type LoginPhase = "LoggedOut" | "AwaitingPasscode" | "LoggedIn";

export interface AgentRt {
  cfg: AgentConfig;
  login: LoginPhase;
  state: AgentState;
  rest: RestState;
  station: string | null;
  multiLine: boolean;
  /** Calls this agent talked on that await SetDisposition. */
  wrapCalls: Set<number>;
  /** Calls disposed with WrapNotRequired before they cleared. */
  noWrap: Set<number>;
  pendingLogout: boolean;
  idleSince: number;
  wrapTimer: Timer | null;
  passcodeTimer: Timer | null;
}

export type PartyState = "alerting" | "connected" | "held";
export interface AgentParty {
  kind: "agent";
  agentId: number;
  state: PartyState;
  /** Talked on the call at least once (answered, or originated it): the agent wraps it. */
  answered: boolean;
}
export interface TrunkParty {
  kind: "trunk";
  role: "customer" | "external";
  address: string;
  state: "dialing" | "connected";
}
export type Party = AgentParty | TrunkParty;

/**
 * A call's progress. offered: CallStarted/CallOffered sent, not yet delivered; routing: at an
 * externally routed service awaiting RouteSelect; queued: in a service queue; alerting:
 * ringing at an agent; dialing: originated by an agent, far end not answered; connected:
 * two or more parties talking (holds are per party); external: handed to an external
 * number, outside agent control; ended: CallEnd sent.
 */
export type CallPhase =
  | "offered"
  | "routing"
  | "queued"
  | "alerting"
  | "dialing"
  | "connected"
  | "external"
  | "ended";

const CALL_NEXT: Record<CallPhase, readonly CallPhase[]> = {
  offered: ["routing", "queued", "alerting", "ended"],
  routing: ["routing", "queued", "alerting", "external", "ended"],
  queued: ["alerting", "routing", "ended"],
  alerting: ["connected", "queued", "routing", "alerting", "ended"],
  dialing: ["connected", "queued", "routing", "alerting", "ended"],
  connected: ["queued", "routing", "alerting", "external", "ended"],
  external: ["ended"],
  ended: [],
};

export interface CallRt {
  callId: number;
  seq: string;
  callType: string;
  ani: string;
  dnis: string;
  callData: { key: string; value: string }[];
  serviceId: number;
  phase: CallPhase;
  /** CTICallState name reported by snapshots: the last call event. */
  callState: string;
  parties: Party[];
  trunk: { resourceGroupId: number; circuitId: number; channelId: number } | null;
  /** CallStarted was sent: CallCompleted will close the interaction. */
  started: boolean;
  /** For a consultation call: the held call it consults on, and who asked for it. */
  consultOf: number | null;
  consultOrigin: Origin;
  consultingAgentId: number;
  /** For a held call: its active consultation call. */
  consultation: number | null;
  destType: string;
  destination: string;
  originatingAgentId: number;
  route: { serviceId: number; timer: Timer } | null;
  /** Agents whose wrap on this call is not disposed yet; CallCompleted waits for them. */
  wrapPending: Set<number>;
  disposition: number;
  lastAgentId: number;
  timer: Timer | null;
}

export interface ServiceRt {
  cfg: ServiceConfig;
  state: string;
  queue: number[];
  distributeTimer: Timer | null;
}

/** A request answered with a SOAP fault: nothing changed, no event follows. */
export class Fault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "Fault";
  }
}

const ENDED_MEMORY = 10_000;

export class World {
  readonly header: Header;
  readonly agents = new Map<number, AgentRt>();
  readonly byLogin = new Map<string, AgentRt>();
  readonly services = new Map<number, ServiceRt>();
  readonly calls = new Map<number, CallRt>();
  /** Recently ended call ids, to tell "cleared" from "never existed". */
  readonly endedCallIds = new Set<number>();
  links: { Gateway: "up" | "down"; CenterCord: "up" | "down" } = { Gateway: "up", CenterCord: "up" };
  private nextCallId = 0;
  private nextSeq = 0;
  private nextChannel = 0;
  private readonly listeners = new Set<(e: SimEvent) => void>();
  private readonly timers = new Set<Timer>();
  private outbox: SimEvent[] = [];
  private drainTimer: Timer | null = null;
  /** The Gateway's "Bypass 3-digit passcode" option now (the topology's, until the control plane changes it). */
  bypassPasscode = true;

  constructor(
    readonly topology: Topology,
    readonly timings: SimTimings,
    readonly clock: Clock,
    readonly logger: Logger,
    private readonly audience?: (eventType: string) => boolean,
  ) {
    this.header = { TenantId: topology.tenantId, SiteId: topology.siteId, SwitchId: topology.switchId };
    this.init();
  }

  private init(): void {
    this.bypassPasscode = this.topology.gateway.bypassPasscode;
    this.agents.clear();
    this.byLogin.clear();
    this.services.clear();
    this.calls.clear();
    this.endedCallIds.clear();
    this.links = { Gateway: "up", CenterCord: "up" };
    this.nextCallId = 70_001;
    this.nextSeq = 1;
    this.nextChannel = 0;
    for (const cfg of this.topology.agents) {
      const a: AgentRt = {
        cfg,
        login: "LoggedOut",
        state: "NotReady",
        rest: "NotReady",
        station: null,
        multiLine: false,
        wrapCalls: new Set(),
        noWrap: new Set(),
        pendingLogout: false,
        idleSince: 0,
        wrapTimer: null,
        passcodeTimer: null,
      };
      this.agents.set(cfg.agentId, a);
      this.byLogin.set(cfg.loginName, a);
    }
    for (const cfg of this.topology.services) {
      this.services.set(cfg.serviceId, { cfg, state: cfg.state, queue: [], distributeTimer: null });
    }
  }

  /** Cancels every timer, drops undelivered events and rebuilds the initial world. */
  reset(): void {
    this.cancelAll();
    this.init();
  }

  cancelAll(): void {
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.drainTimer?.cancel();
    this.drainTimer = null;
    this.outbox = [];
  }

  onEvent(listener: (e: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues an event; it reaches listeners after the current step returns, after every event queued before it. */
  emit(type: string, fields: Fields, origin: Origin): void {
    if (this.audience && !this.audience(type)) return;
    const value = buildEvent(type, this.header, origin?.requestId ?? 0, fields);
    this.outbox.push(origin ? { type, value, origin } : { type, value });
    this.drainTimer ??= this.clock.setTimeout(() => this.drain(), 0);
  }

  private drain(): void {
    this.drainTimer = null;
    while (this.outbox.length > 0) {
      const e = this.outbox.shift() as SimEvent;
      for (const l of this.listeners) {
        try {
          l(e);
        } catch (err) {
          this.logger.error("simulator event listener threw", { type: e.type, error: String(err) });
        }
      }
      if (this.timings.eventGapMs > 0 && this.outbox.length > 0) {
        this.drainTimer = this.clock.setTimeout(() => this.drain(), this.timings.eventGapMs);
        return;
      }
    }
  }

  /** A timer that reset() and close() cancel. */
  after(ms: number, fn: () => void): Timer {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    const timer: Timer = {
      cancel: () => {
        handle.cancel();
        this.timers.delete(timer);
      },
    };
    this.timers.add(timer);
    return timer;
  }

  newCallId(): number {
    return this.nextCallId++;
  }

  /** CallSequenceId (a long, as a decimal string): the site in the high bits, a counter below. */
  newSequenceId(): string {
    return ((BigInt(this.topology.siteId) << 32n) + BigInt(this.nextSeq++)).toString();
  }

  newTrunk(): { resourceGroupId: number; circuitId: number; channelId: number } {
    const { resourceGroupId, circuitId, channels } = this.topology.trunk;
    const channelId = (this.nextChannel++ % channels) + 1;
    return { resourceGroupId, circuitId, channelId };
  }

  rememberEnded(callId: number): void {
    this.endedCallIds.add(callId);
    if (this.endedCallIds.size > ENDED_MEMORY) {
      this.endedCallIds.delete(this.endedCallIds.values().next().value as number);
    }
  }

  setPhase(call: CallRt, to: CallPhase): void {
    if (call.phase === to) return;
    if (!CALL_NEXT[call.phase].includes(to)) {
      throw new KitError(
        "CTIPSKIT_E_ILLEGAL_STATE",
        `call ${call.callId} cannot go from ${call.phase} to ${to}`,
        {
          details: { callId: call.callId, from: call.phase, to },
        },
      );
    }
    call.phase = to;
  }

  /** The event header fields of a call event. */
  callFields(call: CallRt, agentId: number): Fields {
    return {
      ServiceId: call.serviceId,
      AgentId: agentId,
      CallId: call.callId,
      CallSequenceId: call.seq,
      CallOriginatingSiteId: this.topology.siteId,
    };
  }

  trunkFields(call: CallRt): Fields {
    const t = call.trunk;
    return {
      ResourceGroupId: t?.resourceGroupId ?? 0,
      CircuitId: t?.circuitId ?? 0,
      ChannelId: t?.channelId ?? 0,
    };
  }

  /** ServiceId of agent events: the agent's home (first) service. */
  homeService(a: AgentRt): number {
    return a.cfg.services[0] ?? 0;
  }

  liveCall(callId: number): CallRt | undefined {
    const c = this.calls.get(callId);
    return c && c.phase !== "ended" ? c : undefined;
  }

  agentParty(call: CallRt, agentId: number): AgentParty | undefined {
    return call.parties.find((p): p is AgentParty => p.kind === "agent" && p.agentId === agentId);
  }

  /** The agent's parties in live calls, oldest call first. */
  legsOf(agentId: number): { call: CallRt; party: AgentParty }[] {
    const out: { call: CallRt; party: AgentParty }[] = [];
    for (const call of this.calls.values()) {
      if (call.phase === "ended") continue;
      const party = this.agentParty(call, agentId);
      if (party) out.push({ call, party });
    }
    return out;
  }
}
