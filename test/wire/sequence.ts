/**
 * Flow expectations as data (style.md #9): a flow is a list of steps
 * `[EventType, RequestId, { key fields }?]`, compared with what the recording client
 * received for one call or one agent. Both sides are rendered as one line per event, using
 * for each received event the fields its expected step names, so a failure shows the
 * received and the expected sequence side by side.
 */
import { expect } from "vitest";
import type { TimelineEntry } from "../../src/timeline/index.ts";

export type Step = readonly [
  eventType: string,
  requestId: number,
  fields?: Readonly<Record<string, unknown>>,
];

const payload = (e: TimelineEntry) => (e.payload ?? {}) as Record<string, unknown>;

/**
 * The call's events in arrival order: every event carrying its CallId except agent-category
 * ones (AgentStateChange names the call that caused it; it belongs to the agent's sequence).
 */
export function ofCall(events: readonly TimelineEntry[], callId: number): TimelineEntry[] {
  return events.filter((e) => e.callId === callId && payload(e).EventCategory !== "EventCategoryAgent");
}

/** The agent's events in arrival order: its agent events and the call events at its legs. */
export function ofAgent(events: readonly TimelineEntry[], agentId: number): TimelineEntry[] {
  return events.filter((e) => e.agentId === agentId);
}

function line(type: string, requestId: unknown, fields: Record<string, unknown>): string {
  const shown = Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`);
  return `${type}(${String(requestId)})${shown.length ? ` ${shown.join(" ")}` : ""}`;
}

/** The expected steps, one line each. */
export function renderSteps(steps: readonly Step[]): string[] {
  return steps.map(([type, rid, fields]) => line(type, rid, fields ?? {}));
}

/**
 * The received events, one line each, showing the fields of the expected step at the same
 * position (or of the first expected step of that type, when the sequences have drifted).
 */
export function renderEvents(events: readonly TimelineEntry[], steps: readonly Step[]): string[] {
  return events.map((e, i) => {
    const step = steps[i]?.[0] === e.name ? steps[i] : steps.find((s) => s[0] === e.name);
    const v = payload(e);
    const fields = Object.fromEntries(Object.keys(step?.[2] ?? {}).map((k) => [k, v[k]]));
    return line(e.name ?? "?", e.requestId, fields);
  });
}

/** Asserts that `events` are exactly `steps`, in order: no event missing, extra or swapped. */
export function expectSequence(events: readonly TimelineEntry[], steps: readonly Step[]): void {
  expect(renderEvents(events, steps)).toEqual(renderSteps(steps));
}

// Phases that recur across the flows (docs/flows.md), to compose a flow's steps from.

/**
 * An agent's leg rings and is answered; `answeredBy` is the answering request's RequestId
 * (0 when the agent answers at the phone). `pending` adds key fields to PendingActive.
 */
export function ringsAndAnswered(answeredBy: number, pending: Record<string, unknown> = {}): Step[] {
  return [
    ["CallConnected", 0],
    ["AgentStateChange", 0, { AgentState: "PendingActive", ...pending }],
    ["CallEstablished", answeredBy],
    ["AgentStateChange", answeredBy, { AgentState: "Active" }],
  ];
}

/** The far end clears, the agent wraps, and SetDisposition (`completedBy`) completes the call. */
export function clearedAndCompleted(completedBy: number): Step[] {
  return [
    ["CallCleared", 0],
    ["AgentStateChange", 0, { AgentState: "Wrap" }],
    ["CallEnd", 0],
    ["CallCompleted", completedBy],
    ["AgentStateChange", completedBy, { AgentState: "Idle" }],
  ];
}

/** The agent's request `by` transfers the call away: transferred, cleared, and the agent wraps. */
export function transferredAway(by: number): Step[] {
  return [
    ["CallTransferred", by],
    ["CallCleared", by],
    ["AgentStateChange", by, { AgentState: "Wrap" }],
  ];
}
