/** The mock CTIPS: a CTIPortalService with a simulated contact center behind it. */
export {
  configFromEnv,
  defaultMockConfig,
  ENV_VARIABLES,
  fastTimings,
  type MockConfig,
  mockConfigSchema,
  readConfigFile,
  resolveMockConfig,
} from "./config.ts";
export type { ControlPlane } from "./control.ts";
export { MockCtipsCore } from "./core.ts";
export { FAULT_NAMES, type Fault, type FaultName } from "./faults.ts";
export { type MockCtips, type StartOptions, startMockCtips } from "./server.ts";
