/** What `certify client` hands each scenario of features/client/ (Cucumber world parameters: plain data). */
import type { ClientProfile } from "../mock-client/reference-client.ts";

/** What `certify client` hands each scenario: plain data; the run itself is in the registry. */
export interface ClientWorldParameters {
  runId: string;
  profile: ClientProfile;
  /** The desktop's agents (login names) and their AgentIds in the mock's topology. */
  agents: { loginName: string; agentId: number }[];
  /** The inbound service customers call, and the externally routed one. */
  services: { inbound: number; routed: number };
  timings: ClientTimings;
  /** `compatible`: deviations from the wire contract in the client's requests warn. */
  mode: "strict" | "compatible";
  strictReadings?: boolean;
}

export interface ClientTimings {
  heartbeatIntervalMs: number;
  /** A heartbeat or an event must be answered within this, in ms. */
  answerWithinMs: number;
  /** The longest the mock waits for any callback answer (an answer later is none), in ms. */
  callbackTimeoutMs: number;
  /** An agent desktop answers a presented call, or disposes a Wrap, within this, in ms. */
  reactWithinMs: number;
  /** A session takes its Snapshot within this of going online, in ms. */
  snapshotWithinMs: number;
  /** The route timeout of the mock's routed service, in ms. */
  routeTimeoutMs: number;
  /** From the CTIPS going silent to the client online again (with its snapshot), in ms. */
  reconnectWithinMs: number;
  /** How long the client has to leave after it is told to stop, in ms. */
  stopWithinMs: number;
}
