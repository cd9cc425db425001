/** The simulator's public surface: the session layer and the control plane import from here. */
export { createManualClock, type ManualClock, realClock } from "./clock.ts";
export { createSimulator, defaultTimings, SIMULATOR_OPERATIONS } from "./simulator.ts";
export {
  type AgentConfig,
  defaultTopology,
  loadTopology,
  type ServiceConfig,
  type Topology,
  topologySchema,
} from "./topology.ts";
export type * from "./types.ts";
