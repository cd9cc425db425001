/** The checks: pure functions over a timeline, producing findings with evidence. */
export { type AgentNode, type AgentTransition, AGENT_TRANSITIONS, agentTransition } from "./agent-states.ts";
export {
  type Area,
  CATALOGUE,
  type CatalogueEntry,
  type CatalogueParams,
  type RunOptions,
  runCatalogue,
} from "./catalogue.ts";
export * from "./client.ts";
export * from "./correlation.ts";
export {
  type Binding,
  type Check,
  type CheckResult,
  type Finding,
  type Observation,
  type Outcome,
  runCheck,
  type Severity,
  type Subject,
} from "./finding.ts";
export {
  type FlowCheckParams,
  type FlowExpectation,
  type FlowMatch,
  type FlowNever,
  type FlowReading,
  type FlowStep,
  type FlowValue,
  type MatchOptions,
  flowReadings,
  matchFlow,
  renderMatch,
  timelineFollowsFlow,
  validateFlow,
  withoutReadings,
} from "./flow.ts";
export { parseFlowTable } from "./flow-table.ts";
export * from "./heartbeat.ts";
export * from "./payload.ts";
export * from "./refusal.ts";
export { canonicalEventType, canonicalOperation } from "./fields.ts";
export { REQUEST_EVENTS, type RequestEvents, UNSOLICITED_ONLY } from "./request-events.ts";
export * from "./sequencing.ts";
export * from "./session-rules.ts";
export { indexTimeline, type SessionView, type TimelineIndex } from "./timeline-index.ts";
