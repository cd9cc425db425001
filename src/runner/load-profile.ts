/**
 * The load profile: how many agents, how many calls an hour, how long they ring, talk, hold
 * and wrap, what share is transferred or routed, and which client sessions watch. One
 * commented defaults object (units in the names), validated in two stages like the mock's
 * configuration: every field's type and range, then the rules across fields.
 * @see docs/benchmarks.md "Load profile"
 */
import { KitError } from "../contract/errors.ts";
import { defaultTopology, type Topology } from "../mock-ctips/simulator/topology.ts";

export interface LoadProfile {
  agents: number;
  callsPerHour: number;
  /** Calls are created for this long after the warm-up, in s. */
  durationS: number;
  /** Calls at the same rate before anything is measured, in s (memory, latency, rates). */
  warmupS: number;
  /** Client sessions, the mock's cap at most: a desktop, a router, monitors, and the misbehaving ones below. */
  sessions: number;
  /** Inbound services the agents are spread over (plus one externally routed service). */
  services: number;
  /** A call rings this long before it is answered (the phone's autoAnswerMs, or the desktop's AcceptCall), in ms. */
  answerMs: number;
  /** From answer to the customer hanging up, in ms (a transferred call: half with each agent). */
  talkMs: number;
  /** A held call is on hold this long, in the middle of its talk time, in ms. */
  holdMs: number;
  holdShare: number;
  /** The desktop disposes a Wrap (SetDisposition) after this, in ms. */
  wrapMs: number;
  /** Share of calls the first agent transfers (blind, to another service) halfway through the talk. */
  transferShare: number;
  /** Share of calls created on the externally routed service, routed by the router session. */
  routedShare: number;
  /** Share of agents whose calls the desktop answers with AcceptCall (ResponseRequired) instead of the phone. */
  acceptShare: number;
  /** The router's RouteSelect comes this long after RouteRequest, in ms. */
  routeSelectMs: number;
  heartbeatMs: number;
  /** Sessions whose client answers every event `slowMs` late. */
  slowSessions: number;
  slowMs: number;
  /** Sessions whose callback URL refuses connections (a client that died). */
  deadSessions: number;
  /** Sessions whose client never answers a callback (a client that hangs). */
  silentSessions: number;
  /** Memory is sampled this often, in s. */
  sampleS: number;
  /** Timeline entries kept in memory by the mock and each client (the checks keep their own). */
  retain: number;
}

/** The target: 500 agents, 36,000 calls an hour, 10 sessions; a short run unless told. */
export const defaultLoadProfile: LoadProfile = {
  agents: 500,
  callsPerHour: 36_000, // 10 calls/s
  durationS: 60,
  warmupS: 15,
  sessions: 10,
  services: 4,
  answerMs: 1_000, // 1 s
  talkMs: 15_000, // 15 s
  holdMs: 3_000, // 3 s
  holdShare: 0.3,
  wrapMs: 5_000, // 5 s
  transferShare: 0.1,
  routedShare: 0.2,
  acceptShare: 0.2,
  routeSelectMs: 100,
  heartbeatMs: 5_000, // 5 s
  slowSessions: 0,
  slowMs: 3_000, // 3 s
  deadSessions: 0,
  silentSessions: 0,
  sampleS: 10,
  retain: 1_000, // entries
};

/** The guide's cap on client sessions. @see EDK 1-3 */
export const MAX_SESSIONS = 10;

const RANGES: Record<keyof LoadProfile, { min: number; max?: number; share?: boolean; whole?: boolean }> = {
  agents: { min: 1, max: 100_000, whole: true },
  callsPerHour: { min: 1 },
  durationS: { min: 1 },
  warmupS: { min: 0 },
  sessions: { min: 3, max: MAX_SESSIONS, whole: true },
  services: { min: 2, max: 800, whole: true },
  answerMs: { min: 0, whole: true },
  talkMs: { min: 1, whole: true },
  holdMs: { min: 0, whole: true },
  holdShare: { min: 0, max: 1, share: true },
  wrapMs: { min: 0, whole: true },
  transferShare: { min: 0, max: 1, share: true },
  routedShare: { min: 0, max: 1, share: true },
  acceptShare: { min: 0, max: 1, share: true },
  routeSelectMs: { min: 0, whole: true },
  heartbeatMs: { min: 100, whole: true },
  slowSessions: { min: 0, whole: true },
  slowMs: { min: 1, whole: true },
  deadSessions: { min: 0, whole: true },
  silentSessions: { min: 0, whole: true },
  sampleS: { min: 1 },
  retain: { min: 100, whole: true },
};

function invalid(problems: string[], source: string): KitError {
  return new KitError("CTIPSKIT_E_CONFIG_INVALID", `${source} is invalid: ${problems.join("; ")}`, {
    fix: "correct the listed fields (ctips-kit load --help describes each one)",
    details: { problems },
  });
}

/** Average seconds an agent is busy with one call: ringing, talking, holding, wrapping (and the transfer's second agent). */
export function busySecondsPerCall(p: LoadProfile): number {
  const one = (p.answerMs + p.talkMs + p.holdShare * (1 - p.transferShare) * p.holdMs + p.wrapMs) / 1000;
  // A transferred call keeps two agents for half the talk each, and both wrap.
  return one + p.transferShare * ((p.answerMs + p.wrapMs) / 1000);
}

/** Merges `layers` over the defaults and validates: every field, then the rules across fields. */
export function resolveLoadProfile(
  ...layers: { source: string; value: Partial<LoadProfile> }[]
): LoadProfile {
  let p: LoadProfile = { ...defaultLoadProfile };
  for (const layer of layers) {
    const problems: string[] = [];
    for (const [k, v] of Object.entries(layer.value)) {
      if (v === undefined) continue;
      const r = RANGES[k as keyof LoadProfile];
      if (!r) problems.push(`${k} is not a load profile field`);
      else if (typeof v !== "number" || !Number.isFinite(v))
        problems.push(`${k} must be a number, got ${String(v)}`);
      else if (r.whole && !Number.isInteger(v)) problems.push(`${k} must be a whole number, got ${v}`);
      else if (v < r.min || (r.max !== undefined && v > r.max))
        problems.push(
          `${k} must be ${r.share ? "a share " : ""}between ${r.min} and ${r.max ?? "∞"}, got ${v}`,
        );
    }
    if (problems.length) throw invalid(problems, layer.source);
    p = {
      ...p,
      ...(Object.fromEntries(
        Object.entries(layer.value).filter(([, v]) => v !== undefined),
      ) as Partial<LoadProfile>),
    };
  }
  const problems: string[] = [];
  const misbehaving = p.slowSessions + p.deadSessions + p.silentSessions;
  if (p.sessions - 2 - misbehaving < 1)
    problems.push(
      `sessions ${p.sessions} leave no monitor beside the desktop, the router and ${misbehaving} misbehaving session(s)`,
    );
  if (p.agents < p.services) problems.push(`agents ${p.agents} cannot staff services ${p.services}`);
  const busy = (p.callsPerHour / 3600) * busySecondsPerCall(p);
  if (busy > 0.9 * p.agents)
    problems.push(
      `${p.agents} agents cannot take ${p.callsPerHour} calls an hour: about ${Math.round(busy)} would be busy at once (at most 90 %); lower callsPerHour or the times, or add agents`,
    );
  if (problems.length) throw invalid(problems, "the load profile");
  return p;
}

export const FIRST_SERVICE = 100;
/** The externally routed service: RouteRequest goes to the router session. */
export const ROUTED_SERVICE = 900;
const FIRST_AGENT = 10_001;
const FIRST_STATION = 50_001;
/** The route timeout of the routed service, in ms (RouteRequest says 5 s). */
export const ROUTE_TIMEOUT_MS = 5_000;

/** Whether the n-th of a series falls in a share: spreads `share` of them evenly, exactly. */
export function inShare(n: number, share: number, phase = 0): boolean {
  return Math.floor((n + 1) * share + phase) > Math.floor(n * share + phase);
}

/** The inbound service ids. */
export function inboundServices(p: LoadProfile): number[] {
  return Array.from({ length: p.services }, (_, i) => FIRST_SERVICE + i);
}

/**
 * N agents spread round robin over the inbound services, each on a station of its own;
 * `acceptShare` of them answer through the desktop (ResponseRequired), the others at the
 * phone after `answerMs` (autoAnswerMs). One more service is externally routed, rerouting
 * to the first inbound service when the router is late.
 */
export function loadTopology(p: LoadProfile): Topology {
  const services = [
    ...inboundServices(p).map((serviceId, i) => ({
      serviceId,
      name: `Inbound ${i + 1}`,
      state: "Active",
      externalRouting: false,
    })),
    {
      serviceId: ROUTED_SERVICE,
      name: "Routed",
      state: "Active",
      externalRouting: true,
      routeTimeoutMs: ROUTE_TIMEOUT_MS,
      rerouteServiceId: FIRST_SERVICE,
    },
  ];
  const agents = Array.from({ length: p.agents }, (_, i) => {
    const accepts = inShare(i, p.acceptShare);
    return {
      agentId: FIRST_AGENT + i,
      loginName: `load${i + 1}`,
      station: String(FIRST_STATION + i),
      capabilities: ["StandardAgent"],
      workGroupId: 10,
      services: [FIRST_SERVICE + (i % p.services)],
      responseRequired: accepts,
      ...(accepts ? {} : { autoAnswerMs: p.answerMs }),
    };
  });
  return {
    ...defaultTopology,
    trunk: { ...defaultTopology.trunk, channels: Math.max(defaultTopology.trunk.channels, p.agents) },
    stations: agents.map((a) => a.station),
    agents,
    services,
  };
}

export type SessionRole = "desktop" | "router" | "monitor" | "slow" | "dead" | "silent";

export interface SessionSpec {
  name: string;
  role: SessionRole;
  /** CTIMessageClass names. */
  categories: string[];
  filters: { fieldType: string; value: string }[];
  /** Misbehaving on purpose (slow, dead, silent): its findings are expected, its events may be late or lost. */
  misbehaves: boolean;
}

const ALL = ["EventCategoryAgent", "EventCategoryCall", "EventCategorySystem"];

/**
 * The sessions, in the order they are opened: monitors (the first subscribes to everything
 * but routing and is the reference the others are compared with), the router, the
 * misbehaving ones, and the desktop last (a CTIPS-side recording judges its agents' logout
 * by the last session opened). Monitors differ in what they subscribe to, so that filters
 * and message classes are exercised.
 */
export function sessionPlan(p: LoadProfile): SessionSpec[] {
  const services = inboundServices(p);
  const team = Array.from({ length: Math.min(5, p.agents) }, (_, i) => String(FIRST_AGENT + i));
  const kinds: Omit<SessionSpec, "name" | "role" | "misbehaves">[] = [
    { categories: ALL, filters: [] },
    { categories: ["EventCategoryAgent"], filters: [] },
    { categories: ["EventCategoryCall"], filters: [] },
    {
      categories: ["EventCategoryAgent", "EventCategoryCall"],
      filters: [{ fieldType: "FT_SERVICE_ID", value: String(services[0]) }],
    },
    {
      categories: ["EventCategoryAgent", "EventCategoryCall"],
      filters: team.map((value) => ({ fieldType: "FT_AGENT_ID", value })),
    },
    { categories: ["EventCategorySystem"], filters: [] },
  ];
  const monitors = p.sessions - 2 - p.slowSessions - p.deadSessions - p.silentSessions;
  const plan: SessionSpec[] = [];
  for (let i = 0; i < monitors; i++) {
    const k = kinds[i] ?? kinds[0];
    plan.push({ name: `monitor${i + 1}`, role: "monitor", misbehaves: false, ...k });
  }
  // The router also takes call events: callStartedIsFirstEventOfEachCall judges every call a
  // session sees, and a Route-only session sees a call begin with RouteRequest.
  plan.push({
    name: "router",
    role: "router",
    categories: ["EventCategoryCall", "EventCategoryRoute"],
    filters: [],
    misbehaves: false,
  });
  const bad: [SessionRole, number][] = [
    ["slow", p.slowSessions],
    ["dead", p.deadSessions],
    ["silent", p.silentSessions],
  ];
  for (const [role, n] of bad)
    for (let i = 0; i < n; i++)
      plan.push({ name: `${role}${i + 1}`, role, categories: ALL, filters: [], misbehaves: true });
  plan.push({
    name: "desktop",
    role: "desktop",
    categories: ["EventCategoryAgent", "EventCategoryCall"],
    filters: [],
    misbehaves: false,
  });
  return plan;
}

/** The time limits the checks judge with, and how long an entry waits before it is judged. */
export interface LoadCheckTimings {
  /** The client answers an event or heartbeat within this, in ms. */
  answerWithinMs: number;
  /** The desktop answers a presented call or disposes a Wrap within this, in ms. */
  reactWithinMs: number;
  snapshotWithinMs: number;
  completeWithinMs: number;
  routeTimeoutMs: number;
  settleMs: number;
}

export function loadCheckTimings(p: LoadProfile): LoadCheckTimings {
  const t = {
    // The kit's default is 500 ms (certify client); a shared 2-core machine under load gets twice that.
    answerWithinMs: 1_000,
    reactWithinMs: Math.max(p.answerMs, p.wrapMs) + 2_000,
    snapshotWithinMs: 2_000,
    completeWithinMs: 5_000,
    routeTimeoutMs: ROUTE_TIMEOUT_MS,
  };
  const longest = Math.max(...Object.values(t), 1.5 * p.heartbeatMs);
  return { ...t, settleMs: Math.ceil(longest + 1_000) };
}
