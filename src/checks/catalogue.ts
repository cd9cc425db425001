/**
 * The catalogue of checks: each with the fact it expects, the side it judges, its default
 * clause and severity, and the inputs it needs. Callers (scenarios, profiles, the CLI) may
 * bind other severities and clauses; these defaults are what `runCatalogue` uses and what
 * docs/checks.md prints (a test keeps the two in step).
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import {
  type CompletionParams,
  clientRequestIdsAreNonZero,
  eventsCarryRequestIdOfTheirRequest,
  noEventCarriesAnotherSessionsRequestId,
  requestIdsAreUniqueWithinSession,
  requestsCompleteWithin,
  solicitedEventsAreOnesTheirRequestGenerates,
  unsolicitedEventsCarryRequestIdZero,
} from "./correlation.ts";
import { type Binding, type Check, type Finding, runCheck, type Severity } from "./finding.ts";
import {
  type CallbackAnswerParams,
  clientAnswersEventsWithin,
  clientAnswersPresentedCallsWithin,
  clientDisposesInWrapWithin,
  clientDoesNotRouteRoutedCalls,
  clientLogsItsAgentsOut,
  clientRegistersBeforeOnLine,
  clientRoutesEachRouteRequest,
  clientSendsOnlyOnLineOrCloseWhileOffline,
  clientSetsOnlyRestStates,
  clientShutsDownOffLineThenClose,
  clientTakesSnapshotAfterOnLine,
  type DesktopParams,
  type LogoutParams,
  type RoutingParams,
  type SnapshotAfterOnLineParams,
} from "./client.ts";
import { type FlowCheckParams, timelineFollowsFlow } from "./flow.ts";
import { type RefusalParams, requestIsRefused } from "./refusal.ts";
import {
  clientAnswersHeartbeatsWithin,
  clientReconnectsAfterHeartbeatsStop,
  type DisposalParams,
  type HeartbeatAnswerParams,
  type HeartbeatIntervalParams,
  heartbeatsKeepTheConfiguredInterval,
  type ReconnectParams,
  sessionDisposedAfterExactlyNMissedHeartbeats,
} from "./heartbeat.ts";
import {
  type DeviationParams,
  entriesCarryNoToleratedDeviations,
  eventHeaderNamesItsType,
  payloadsMatchTheirSchemas,
} from "./payload.ts";
import {
  callCompletedFollowsCallEnd,
  callCompletedRepeatsCallStartedFields,
  callLifecycleEventsOccurOnce,
  callStartedIsFirstEventOfEachCall,
  eventsOnlyWhileOnline,
  heartbeatsOnlyBetweenOnLineAndSessionEnd,
  onlyCallCompletedFollowsCallEnd,
  agentStatesFollowTheStateMachine,
  startSessionFollowsOpenConnection,
} from "./sequencing.ts";
import {
  openConnectionCarriesOneTenantId,
  requestsAfterSessionEndAreRefused,
  requestsWhileOfflineAreRefused,
  type SessionCapParams,
  type SnapshotStateParams,
  sessionCountNeverExceedsCap,
  sessionStaysInItsTenant,
  snapshotAgreesWithTheState,
  snapshotEndsWithCompletionFlagPerEntityType,
} from "./session-rules.ts";

export type Area = "sequencing" | "correlation" | "heartbeat" | "payload" | "session" | "flow" | "client";

export interface CatalogueEntry {
  // biome-ignore lint/suspicious/noExplicitAny: the catalogue holds checks of every parameter type
  check: Check<any>;
  area: Area;
  /** Which peer a failure blames. */
  judges: "server" | "client" | "both";
  /** The fact, in a sentence. */
  expects: string;
  clause: string;
  severity: Severity;
  /** What the check needs beyond the timeline. */
  params?: string;
  /**
   * Set when the fact is the kit's reading of a silent or contradictory guide, not the
   * guide's word (docs/readings.md): scenarios report its failures as warnings.
   */
  reading?: string;
}

const entry = (
  // biome-ignore lint/suspicious/noExplicitAny: see CatalogueEntry.check
  check: Check<any>,
  area: Area,
  judges: CatalogueEntry["judges"],
  clause: string,
  severity: Severity,
  expects: string,
  params?: string,
  reading?: string,
): CatalogueEntry => ({ check, area, judges, clause, severity, expects, params, reading });

export const CATALOGUE: readonly CatalogueEntry[] = [
  entry(
    callStartedIsFirstEventOfEachCall,
    "sequencing",
    "server",
    "EDK 2-1",
    "failure",
    "each call a session sees from its beginning starts with CallStarted",
  ),
  entry(
    callLifecycleEventsOccurOnce,
    "sequencing",
    "server",
    "EDK 4-21",
    "failure",
    "CallStarted, CallEnd and CallCompleted arrive at most once per call",
  ),
  entry(
    onlyCallCompletedFollowsCallEnd,
    "sequencing",
    "server",
    "EDK 4-16",
    "failure",
    "after CallEnd only CallCompleted (once) and failure events follow",
  ),
  entry(
    callCompletedFollowsCallEnd,
    "sequencing",
    "server",
    "EDK 2-1",
    "failure",
    "CallCompleted comes after the call's CallEnd",
  ),
  entry(
    callCompletedRepeatsCallStartedFields,
    "sequencing",
    "server",
    "EDK 4-10",
    "warning",
    "CallCompleted repeats CallStarted's site, switch, sequence and circuit fields",
  ),
  entry(
    agentStatesFollowTheStateMachine,
    "sequencing",
    "server",
    "EDK 4-5",
    "failure",
    "each agent moves only along the agent state table's transitions",
    undefined,
    "agent-state-table",
  ),
  entry(
    eventsOnlyWhileOnline,
    "sequencing",
    "server",
    "EDK 5-3",
    "failure",
    "events arrive only while the session is online",
  ),
  entry(
    heartbeatsOnlyBetweenOnLineAndSessionEnd,
    "sequencing",
    "server",
    "EDK 5-2",
    "failure",
    "heartbeats start after OnLine and stop when the session ends",
  ),
  entry(
    startSessionFollowsOpenConnection,
    "sequencing",
    "server",
    "EDK 4-2",
    "failure",
    "one StartSession per OpenConnection, before any heartbeat or event",
  ),
  entry(
    eventsCarryRequestIdOfTheirRequest,
    "correlation",
    "server",
    "EDK 4-3",
    "failure",
    "a non-zero RequestId on an event is that of an earlier request of its session",
  ),
  entry(
    solicitedEventsAreOnesTheirRequestGenerates,
    "correlation",
    "server",
    "EDK 4-3",
    "warning",
    "a solicited event is one its request can generate (request-event table)",
    undefined,
    "request-event-table",
  ),
  entry(
    unsolicitedEventsCarryRequestIdZero,
    "correlation",
    "server",
    "EDK 4-3",
    "failure",
    "events no request generates carry RequestId 0",
  ),
  entry(
    noEventCarriesAnotherSessionsRequestId,
    "correlation",
    "server",
    "EDK 4-3",
    "failure",
    "no event reaches a session carrying another session's RequestId",
    undefined,
    "request-id-other-sessions",
  ),
  entry(
    requestsCompleteWithin,
    "correlation",
    "server",
    "EDK 2-5",
    "failure",
    "each accepted request is completed or failed by its event within T",
    "withinMs, requests?",
  ),
  entry(
    requestIsRefused,
    "correlation",
    "server",
    "EDK 2-4",
    "failure",
    "a request expected to be refused was: a fault, a refusing result or its failure event",
    "requestSeq",
  ),
  entry(
    requestIdsAreUniqueWithinSession,
    "correlation",
    "client",
    "EDK 3-7",
    "failure",
    "a client never reuses a RequestId within a session",
  ),
  entry(
    clientRequestIdsAreNonZero,
    "correlation",
    "client",
    "EDK 3-7",
    "warning",
    "a client's RequestIds are not 0",
  ),
  entry(
    heartbeatsKeepTheConfiguredInterval,
    "heartbeat",
    "server",
    "EDK 5-2",
    "failure",
    "heartbeats come at the configured interval (mean, p95 jitter, longest silence)",
    "intervalMs, meanToleranceMs?, p95JitterMs?, maxGapMs?",
  ),
  entry(
    clientAnswersHeartbeatsWithin,
    "heartbeat",
    "client",
    "EDK 4-1",
    "failure",
    "the client answers every heartbeat within T",
    "answerWithinMs",
  ),
  entry(
    sessionDisposedAfterExactlyNMissedHeartbeats,
    "heartbeat",
    "server",
    "EDK 4-1",
    "failure",
    "a session is disposed after exactly N consecutive missed heartbeats",
    "missedLimit, answerTimeoutMs?",
  ),
  entry(
    clientReconnectsAfterHeartbeatsStop,
    "heartbeat",
    "client",
    "EDK 1-2",
    "failure",
    "when heartbeats stop, the client reconnects, resubscribes, goes online and takes a snapshot within T",
    "intervalMs, reconnectWithinMs, requireSnapshot?",
  ),
  entry(
    payloadsMatchTheirSchemas,
    "payload",
    "both",
    "WIRE data contracts",
    "failure",
    "every decoded payload is valid against its schema",
  ),
  entry(
    eventHeaderNamesItsType,
    "payload",
    "server",
    "EDK 4-2",
    "failure",
    "an event's EventType and EventCategory are its concrete type's",
  ),
  entry(
    entriesCarryNoToleratedDeviations,
    "payload",
    "both",
    "WIRE data contracts",
    "warning",
    "no message needed the tolerant decoder's tolerance (failure in strict mode)",
    "profile?, kinds?",
  ),
  entry(
    sessionCountNeverExceedsCap,
    "session",
    "server",
    "EDK 1-3",
    "failure",
    "at most 10 sessions open; the 11th OpenConnection is refused with MaxNumberClientConnections",
    "maxSessions? (10)",
  ),
  entry(
    openConnectionCarriesOneTenantId,
    "session",
    "client",
    "EDK 3-1",
    "failure",
    "OpenConnection names exactly one TenantId",
  ),
  entry(
    sessionStaysInItsTenant,
    "session",
    "both",
    "EDK 3-1",
    "failure",
    "a session's requests and events carry its tenant",
  ),
  entry(
    requestsWhileOfflineAreRefused,
    "session",
    "server",
    "EDK 5-3",
    "failure",
    "requests other than OnLine and CloseConnection are refused while offline",
  ),
  entry(
    requestsAfterSessionEndAreRefused,
    "session",
    "server",
    "EDK 5-4",
    "failure",
    "requests naming a closed or disposed session are refused",
  ),
  entry(
    snapshotEndsWithCompletionFlagPerEntityType,
    "session",
    "server",
    "EDK 4-27",
    "failure",
    "each requested entity type ends with the completion flag; no type not asked for",
    undefined,
    "snapshot-completion-per-type",
  ),
  entry(
    snapshotAgreesWithTheState,
    "session",
    "server",
    "EDK 3-6",
    "failure",
    "a snapshot lists the agents and services as they are",
    "expected?",
  ),
  entry(
    clientRegistersBeforeOnLine,
    "client",
    "client",
    "EDK 5-1",
    "failure",
    "each session registers (AddMessageClass) before its first OnLine and answers StartSession",
  ),
  entry(
    clientTakesSnapshotAfterOnLine,
    "client",
    "client",
    "EDK 3-6",
    "failure",
    "each session sends Snapshot within T of going online",
    "withinMs",
  ),
  entry(
    clientSendsOnlyOnLineOrCloseWhileOffline,
    "client",
    "client",
    "EDK 5-3",
    "failure",
    "while offline the client sends only OnLine or CloseConnection",
  ),
  entry(
    clientShutsDownOffLineThenClose,
    "client",
    "client",
    "EDK 5-1",
    "failure",
    "the client's last session ends with OffLine, then CloseConnection",
  ),
  entry(
    clientAnswersEventsWithin,
    "client",
    "client",
    "EDK 4-1",
    "failure",
    "every PublishCTIEvent is answered with a result within T",
    "answerWithinMs",
  ),
  entry(
    clientRoutesEachRouteRequest,
    "client",
    "client",
    "EDK 4-23",
    "failure",
    "every RouteRequest gets a RouteSelect for its call before the route timeout, with a route type and destination",
    "routeTimeoutMs",
  ),
  entry(
    clientDoesNotRouteRoutedCalls,
    "client",
    "client",
    "EDK 4-24",
    "failure",
    "no RouteSelect for a call after its RouteUsed",
  ),
  entry(
    clientAnswersPresentedCallsWithin,
    "client",
    "client",
    "EDK 4-11",
    "failure",
    "an agent desktop answers a call presented with ResponseRequired (AcceptCall) within T",
    "agentIds, withinMs",
  ),
  entry(
    clientDisposesInWrapWithin,
    "client",
    "client",
    "EDK 2-1",
    "failure",
    "an agent desktop disposes its agent's Wrap (SetDisposition) within T",
    "agentIds, withinMs",
  ),
  entry(
    clientSetsOnlyRestStates,
    "client",
    "client",
    "EDK 3-10",
    "failure",
    "SetAgentState asks only for rest states, never for a state the system sets",
    undefined,
    "agent-settable-states",
  ),
  entry(
    clientLogsItsAgentsOut,
    "client",
    "client",
    "EDK 3-8",
    "failure",
    "an agent desktop logs its agents out before its last CloseConnection",
    "agentIds",
    "desktop-logs-out",
  ),
  entry(
    timelineFollowsFlow,
    "flow",
    "both",
    "EDK E-1",
    "failure",
    "the timeline follows a flow expectation (partial order, bindings, deadlines, never rules)",
    "flow, bindings?, session?, budget?",
  ),
];

/** Parameters for the checks that take them, by check name. */
export interface CatalogueParams {
  requestsCompleteWithin?: CompletionParams;
  heartbeatsKeepTheConfiguredInterval?: HeartbeatIntervalParams;
  clientAnswersHeartbeatsWithin?: HeartbeatAnswerParams;
  sessionDisposedAfterExactlyNMissedHeartbeats?: DisposalParams;
  clientReconnectsAfterHeartbeatsStop?: ReconnectParams;
  entriesCarryNoToleratedDeviations?: DeviationParams;
  sessionCountNeverExceedsCap?: SessionCapParams;
  snapshotAgreesWithTheState?: SnapshotStateParams;
  timelineFollowsFlow?: FlowCheckParams;
  requestIsRefused?: RefusalParams;
  clientTakesSnapshotAfterOnLine?: SnapshotAfterOnLineParams;
  clientAnswersEventsWithin?: CallbackAnswerParams;
  clientRoutesEachRouteRequest?: RoutingParams;
  clientAnswersPresentedCallsWithin?: DesktopParams;
  clientDisposesInWrapWithin?: DesktopParams;
  clientLogsItsAgentsOut?: LogoutParams;
}

export interface RunOptions {
  params?: CatalogueParams;
  /** Run only these checks (by name); default all. */
  only?: readonly string[];
  /** Other bindings than the catalogue's defaults, by check name. */
  bindings?: Readonly<Record<string, Binding>>;
}

/** Runs the catalogue's checks over one timeline with their default (or given) bindings. */
export function runCatalogue(timeline: readonly TimelineEntry[], opts: RunOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const e of CATALOGUE) {
    const name = e.check.name;
    if (opts.only && !opts.only.includes(name)) continue;
    const binding = opts.bindings?.[name] ?? { severity: e.severity, clause: e.clause };
    const params = (opts.params as Record<string, unknown> | undefined)?.[name];
    findings.push(...runCheck(e.check as Check<unknown>, binding, timeline, params));
  }
  return findings;
}
