/**
 * What a certification run hands each scenario (Cucumber world parameters: plain JSON),
 * and the site profile: the agents, stations and services of the target that scenarios
 * refer to by role ("agent A", "the inbound service"), so the same features run against
 * the embedded mock and a real contact center. @see docs/certify.md
 */
import type { TriggerConfig } from "./triggers.ts";

export interface AgentRole {
  loginName: string;
  station: string;
  /** Known in advance on the mock; on a real CTIPS learned from AgentLoginStateChange. */
  agentId?: number;
}

export interface SiteProfile {
  /**
   * Agents that can log in and take calls: A, B and C are used by the flow scenarios. A
   * target's config may leave roles out: the scenarios that need them are skipped.
   */
  agents: Partial<Record<"A" | "B" | "C", AgentRole>>;
  services: {
    /** An inbound service agents A and B take calls for. */
    inbound?: number;
    /** Another inbound service, staffed by agent C (transfer and consultation targets). */
    second?: number;
    /** A service nobody staffs (E-9). */
    unmanned?: number;
    /** A service configured for external routing (E-3, E-4). */
    routed?: number;
  };
  /** DispositionId SetDisposition may use. */
  dispositionId: number;
  /** RejectReasonCode AcceptCall(false) may use. */
  rejectReasonCode: number;
  /** Values the target certainly does not know. */
  unknown: { loginName: string; agentId: number; callId: number; serviceId: number };
  /** The customer's ANI and the DNIS dialled, for inbound calls. */
  ani: string;
  dnis: string;
}

/** The embedded mock's contact center (docs/topology.md). */
export const mockSiteProfile: SiteProfile = {
  agents: {
    A: { loginName: "agent1", station: "4001", agentId: 1001 },
    B: { loginName: "agent2", station: "4002", agentId: 1002 },
    C: { loginName: "agent3", station: "4003", agentId: 1003 },
  },
  services: { inbound: 100, second: 200, unmanned: 300, routed: 400 },
  dispositionId: 1,
  rejectReasonCode: 1,
  unknown: { loginName: "nobody", agentId: 999_999, callId: 999_999, serviceId: 9_999 },
  ani: "5551234",
  dnis: "8005550100",
};

export interface TargetInfo {
  endpoint: string;
  /** "bundled", "target" or a WSDL URL/file. */
  wsdl: string;
  profile: "wire" | "guide";
  credentials: { userName: string; password: string };
  tenantId: number;
  /** What the target is configured with, for heartbeat and session-cap scenarios. */
  heartbeatIntervalMs: number;
  missedHeartbeats: number;
  maxSessions: number;
  /** Set when the target is the kit's own mock: enables @mock-only scenarios (fault injection). */
  controlUrl?: string;
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
}

export interface WorldParameters {
  target: TargetInfo;
  site: SiteProfile;
  triggers: TriggerConfig;
  callback: { host: string; port: number; path?: string; publicUrl?: string };
  /** How long a step waits for an event or answer, in ms. */
  eventTimeoutMs: number;
  /** How long "no X within" steps watch, and how long the target must be still before a reading is judged, in ms. */
  quietMs: number;
  /** How long one scenario's teardown may take to restore the site, in ms. */
  teardownTimeoutMs: number;
  /** Strict (default): deviations the tolerant reader accepted fail; compatible: they warn. */
  strict?: boolean;
  /** Readings that do not hold fail the scenario instead of warning (--strict-readings). */
  strictReadings?: boolean;
  /**
   * Tests only: reset the embedded mock through its control plane after each scenario
   * instead of the teardown — the reference a run without any reset must agree with.
   */
  resetEachScenario?: boolean;
  /** What the preflight found: the state each site service was in (restored after service-state triggers). */
  startState?: { services: Record<string, string> };
  /** Where scenarios write their temp directories and timeline excerpts. */
  workDir: string;
  /**
   * Faults the embedded mock applies in every scenario (re-added after each reset): the
   * kit's self-test that its suite can fail (docs/fault-injection.md).
   */
  injectFaults?: {
    name: string;
    scope?: Record<string, string>;
    params?: Record<string, unknown>;
    count?: number;
  }[];
}
