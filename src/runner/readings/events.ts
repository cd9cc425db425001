/** Readings asserted by features/events/ (see src/runner/readings.ts for what a reading is). */
import { type Reading, r } from "./reading.ts";

export const EVENTS_READINGS: readonly Reading[] = [
  r(
    "failure-event-form",
    "a request the system cannot carry out — naming a login name, agent or call it does not know, an agent who is not logged in, or asking for what the agent's or call's state does not allow — is accepted and answered by its failure event (AgentLoginRequestFailed, AgentRequestFailed, CallRequestFailed, RouteRequestFailed) rather than refused by a fault",
    "a request 'rejected outright (that is due to an invalid parameter)' gets a fault (EDK 2-4), and the failure events are 'generated when there is a failure after issuing' a request (EDK 4-5, 4-9, 4-20, 4-26); AgentIds are handed out at login (EDK 3-7); the guide does not say whether an unknown name or id, or a state that does not allow the request, is an invalid parameter or a failure after issuing",
    "docs/flows.md#responses-faults-and-failure-events",
  ),
  r(
    "route-select-failure-event",
    "a RouteSelect that cannot be carried out is answered by the event and reason the kit expects: RouteRejected NoRouteToDestination for an unknown destination, RouteRejected CallAlreadyRouted when no route is pending for the call, RouteRequestFailed for a call that does not exist or an agent who cannot take the call",
    "RouteRejected says a RouteSelect 'was not successful' and RouteRequestFailed that the system 'encountered a failure when attempting to route the call to the selected location', for instance 'the call is no longer valid or the device in the selected route is already busy' (EDK 4-26); the guide gives no rule for which of the two, nor which CTIRejectReason, answers which failure",
    "docs/flows.md#e-3-route-select-to-an-invalid-destination",
  ),
  r(
    "snapshot-request-failed-causes",
    "a Snapshot naming no entity type, or only INVALID, is accepted and answered by SnapShotRequestFailed (FailureType not INVALID, no service or agent)",
    "SnapShotRequestFailed 'occurs when the SnapShot request fails' (EDK C-3); the guide has no field table for it and names no cause, and a request with an invalid parameter may get a fault instead (EDK 2-4)",
    "docs/spec-notes.md#5-routerejectrouterejected-enterpasscodeenterpasscodeevent-events-without-tables",
  ),
  r(
    "audio-path-follows-login",
    "logging an agent in connects its audio path and logging it out disconnects it, each reported by an AudioPathStateChange (the request's RequestId or 0)",
    "'when an agent is logged on, this event describes the agent's media state (currently audio only)' (EDK 4-6); the guide names no request or moment that sends it",
    "docs/flows.md#the-requests",
  ),
  r(
    "event-agent-ids",
    "an event names the agents the kit expects where its table says only 'Agent Identifier': a failure event the agent its request named (0 for an unknown login name), a call event on a call with several agents the requesting agent, CallEnd the last agent on the call, the transferring agent as OriginatingAgentId of a blind-transferred call, the consulted agent as ConsultationAgentId",
    "AgentId is 'Agent Identifier' in every table (EDK 4-2 … 4-28), OriginatingAgentId is 'set to the originating agent if available' (EDK 4-11), and ConsultationAgentId is the 'consulting agent identifier' (EDK 4-11, 4-22) or the 'Consultation Agent Identifier' (EDK 4-13); the guide does not say which agent a failed request, a whole call or a transfer names",
    "docs/flows.md#calls",
  ),
  r(
    "request-id-secondary-events",
    "an event that follows from a request without being its immediate answer carries that request's RequestId: CallStarted of a MakeCall, CallConsultation when a ConsultationCall is answered, CallCleared of the transferring agent's leg after TransferCall, CallCompleted after the SetDisposition that ended the last wrap",
    "events 'generated' for a request carry its RequestId and unsolicited events 0 (EDK 3-7, 4-3); the guide does not say whether events that a request causes indirectly are generated for it",
    "docs/flows.md#requestids",
  ),
  r(
    "call-type",
    "CallType names the kind of call the kit expects: InboundAcd for a customer call to an inbound service (also after a transfer), InboundInternal for an agent's call to another agent",
    "CallType is 'the type of call that is queued (for ex: DID, ACD, and others.)', set to one of the CTICallType values (EDK 4-11, 4-14, A-6); the guide does not say which value a given call has",
    "docs/flows.md#calls",
  ),
  r(
    "merged-call-ids",
    "transfers and conferences report the calls and legs the kit expects: a blind transfer names no consulting or consulted call (0); a consultation transfer clears the transferring agent's leg on the customer call, NearEnd, naming the consultation call as ConsultationCallId, and reports no cleared leg of the consulted agent when the calls merge; a conference is reported on the customer call and its service",
    "ConsultingCallId and ConsultedCallId are the calls 'of the consulting agent' and 'of the consulted agent' (EDK 4-11, 4-22); ConferenceCall and a consultation transfer leave one call ('merged into a single call', EDK C-2) without saying which CallId survives; ClearingPartyType is NearEnd or FarEnd 'depending on whether the agent or customer hangs up the call first' (EDK 4-9), which says nothing of a leg a transfer clears",
    "docs/flows.md#calls",
  ),
  r(
    "service-state-change-category",
    "ServiceStateChange reaches a session subscribed to agent events only (its table's EventCategoryAgent) and one subscribed to system events only (chapter 4's System)",
    "ServiceStateChange's table sets EventCategoryAgent (EDK 4-8), while chapter 4 lists service events under System (EDK 4-3) and chapter 5 registers for service events with EventCategorySystem (EDK 5-6): the guide contradicts itself",
    "docs/spec-notes.md#8-servicestatechange-category-and-requestidlist",
  ),
  r(
    "disposition-during-call",
    "SetDisposition is accepted while the call is still connected, and its DispositionId is reported as AgentDisposition in the call's CallEnd",
    "SetDisposition 'allows the application to set the disposition of the agent if required' (EDK C-2) and AgentDisposition is the 'call disposition set by the agent' (EDK 4-16); the guide's flow disposes after the call, in wrap (EDK 2-1), and does not say whether a disposition may come earlier",
    "docs/flows.md#the-requests",
  ),
  r(
    "call-end-before-wrap-ends",
    "CallEnd follows as soon as all connections of the call are cleared, before the agent's wrap ends and so before the SetDisposition that ends it",
    "CallEnd is generated 'when all connections to a call have been cleared' (EDK 4-16), before CallCompleted and AgentStateChange (idle) in chapter 2's list (EDK 2-1); Appendix C generates it 'when an agent leaves the in wrapup state' (EDK C-3): the guide contradicts itself",
    "docs/spec-notes.md#15-callend-all-connections-cleared-or-leaves-wrap-up",
  ),
  r(
    "route-request-after-delivery",
    "a call to a service configured for external routing is delivered to that service (CallDelivered) before RouteRequest asks for its route",
    "RouteRequest is 'generated when a call arrives at an inbound service configured for external routing' (EDK 4-23) and CallDelivered 'indicates that a call is being queued to a call service' (EDK 4-14); the guide gives no order between them and does not say that a call waiting for a route is delivered",
    "docs/flows.md#e-3-route-select-to-an-invalid-destination",
  ),
  r(
    "snapshot-unused-data-nil",
    "a SnapShotUpdate leaves the data members of the other entity types nil (an AgentInfo update has CallData and ServiceData nil)",
    "EDK 4-27 says each update 'only contains information about one particular entity type'; the wire marks AgentData, CallData and ServiceData IsRequired, which a WCF stack satisfies with a nil element or with an empty structure, and the guide does not say which",
    "docs/flows.md#the-requests",
  ),
];
