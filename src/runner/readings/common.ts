/** Readings shared by every area: refusals, failure types, and the checks of the catalogue that are readings. */
import { type Reading, r } from "./reading.ts";

export const COMMON_READINGS: readonly Reading[] = [
  r(
    "fault-error-code",
    "a request refused outright names the FaultErrorCode the kit expects (InvalidSessionId for an unknown session, InvalidTenantId for another tenant, …)",
    "EDK 2-4 says a request rejected outright is answered by a fault 'containing a descriptive error message'; the guide names no FaultErrorCode for any case (the enum comes from the wire contract only)",
    "docs/certify.md#refusals",
  ),
  r(
    "failure-type",
    "a failure event names the CTIFailureType the kit expects for the situation (AgentAlreadyLoggedIn, InvalidStateForRequest, …)",
    "EDK A-12 lists the CTIFailureType values; no page says which one a CTIPS reports for which failure",
    "docs/flows.md#responses-faults-and-failure-events",
  ),
  r(
    "agent-state-table",
    "agents move only along the kit's agent state table (checks: agentStatesFollowTheStateMachine)",
    "the guide gives the inbound call's states in order (EDK 2-1) and lists CTIAgentState's values (EDK A-2); it has no transition table",
    "docs/checks.md#sequencing",
  ),
  r(
    "request-event-table",
    "an event carrying a request's RequestId is one the kit's request-event table lets that request generate",
    "EDK 4-3 says events of a request carry its RequestId; which events each request generates is listed only for some (EDK 4-3 … 4-28, C-3)",
    "docs/checks.md#correlation",
  ),
  r(
    "request-id-other-sessions",
    "an event reaching a session other than the requester's carries RequestId 0, not another session's RequestId",
    "EDK 4-3 says an event of a request carries its RequestId and unsolicited events carry 0; it does not say what other sessions receive",
    "docs/flows.md#requestids",
  ),
  r(
    "snapshot-completion-per-type",
    "each requested entity type's last SnapShotUpdate carries the completion flag (SnapShotTypeComplete)",
    "EDK 4-27 names one flag, SnapShotComplete, that 'all SnapShotUpdate events for all SnapShotTypes requested were sent'; the wire member is SnapShotTypeComplete",
    "docs/spec-notes.md#register",
  ),
];
