/** Readings asserted by features/requests/ (see src/runner/readings.ts for what a reading is). */
import { type Reading, r } from "./reading.ts";

export const REQUESTS_READINGS: readonly Reading[] = [
  // requests A–L
  r(
    "agent-settable-states",
    "besides NotReady and Idle, a client may put an agent in NotReadyPark or Reserved (LoginAgent's InitState, SetAgentState's NewState); INVALID and the states the system sets (PendingActive, Active, Wrap, WrapWarning, MultiLine) are refused",
    "LoginAgent offers every CTIAgentState value, Invalid and ActiveWrap included, as the initial state (EDK 3-7) and SetAgentState lists NotReady … Reserved as new states (EDK 3-10); neither says which of them a CTIPS must accept from a client, and the guide's own example logs an agent in Idle (EDK 1-1)",
    "docs/flows.md#agents-the-ctiagentstate-machine",
  ),
  r(
    "requests-before-online",
    "before its first OnLine a session may send only AddMessageClass, DeleteMessageClass, AddFilter, DeleteFilter, OnLine and CloseConnection; other requests are refused",
    "OnLine makes the session 'eligible to receive messages from the CTI Portal Server' and the client sets up its classes and filters before it (EDK 3-3, 5-2); the guide does not say that other requests are refused before OnLine",
    "docs/sessions.md#what-each-request-gets",
  ),
  r(
    "refused-request-changes-nothing",
    "a refused request changes nothing: no event of what it asked for follows (no login, no state change, no hold, no call, no clearing, no route)",
    "a request rejected outright gets a fault (EDK 2-4) and a failure event says a request 'could not be successfully carried out' (EDK 4-5, 4-9, 4-20); the guide does not say that nothing else follows a refusal",
    "docs/flows.md#responses-faults-and-failure-events",
  ),
  r(
    "state-preconditions",
    "a request that the state of its agent, call or station does not allow is refused: for instance AcceptCall on a call already answered, HoldCall on a held call, ConsultationCall from a held call, ConferenceCall before the consultation is answered, ClearCall by an agent not on the call, LogoutAgent while the agent is on a call, LoginAgent at a station where another agent is logged in",
    "the guide says what each request does (EDK 3-7 … 3-19, C-2) and has InvalidStateForRequest and StationNotAvailable among CTIFailureType's values (EDK A-12); it does not say which states of an agent, a call or a station make a CTIPS refuse which request",
    "docs/flows.md#the-requests",
  ),
  r(
    "unlisted-values",
    "an argument set to a value that its type allows but the guide's field table does not offer for it is refused: for instance INVALID (a value of every enum on the wire) as MessageClass or FieldType, NoDestination as ConsultationCall's DestinationType, a MultiLine other than 0 and 1",
    "the field tables say 'Set to one of the following' (EDK 3-4, 3-5, 3-7) or 'Can only be set to one of the following values' (EDK 3-14), and INVALID is a value of every enum on the wire; the guide does not say what a CTIPS does with another value",
    "docs/flows.md#responses-faults-and-failure-events",
  ),
  r(
    "call-rejection",
    "AcceptCall false with a reject reason the site configures clears the call at the rejecting agent (CallCleared NearEnd, AgentId that agent, the AcceptCall's RequestId); a reject reason the site does not configure is refused and nothing is cleared",
    "AcceptCall rejects the call when AcceptCall is not true, with 'the reject reason identifier configured in Unified Command and Control' (EDK 3-12); the guide does not say which events show a rejection, nor what a CTIPS does with a reason it does not know",
    "docs/flows.md#the-requests",
  ),
  r(
    "repeated-registration",
    "adding a message class the session already has, or deleting a message class or filter it does not have, succeeds and changes nothing",
    "AddMessageClass, DeleteMessageClass and DeleteFilter 'allow the client' to add or delete a class or a filter (EDK 3-4, 3-5); the guide does not say what a repeated or an absent one gets",
    "docs/sessions.md#what-each-request-gets",
  ),
  r(
    "filter-values",
    "AddFilter refuses a FieldValue that cannot name anything of its FieldType (FT_SERVICE_ID with a value that is not a number)",
    "FieldValue is 'the value of the field to filter on', a string (EDK 3-5), and the guide's example sets FT_SERVICE_ID's FieldValue to \"3\" (EDK 5-2); it does not say what a CTIPS does with a value that names nothing",
    "docs/filters.md",
  ),
  r(
    "ft-agent-id-value",
    "an FT_AGENT_ID filter narrows the session's events to the agent its FieldValue names, whether the FieldValue is the agent's AgentId (as decimal text) or its login name",
    "AddFilter filters on 'a specific agent … id' (EDK 3-5); chapter 5 sets FieldValue 'to the agent's login name' (EDK 5-5): the guide contradicts itself",
    "docs/spec-notes.md#12-ft_agent_id-agent-id-or-login-name",
  ),
  r(
    "conference-legs",
    "in a conference, ClearCall clears only the requesting agent's leg (CallCleared NearEnd with its RequestId); the customer and the other agent stay connected",
    "ClearCall clears 'all devices in a 2-way or 3-way call' or 'either leg of a 3-way call' (EDK 3-13) and 'releases all of the devices associated with the specified call' (EDK C-2); the diagram 'Conference Initiator Hang Up' (EDK E-13) is missing from the text",
    "docs/flows.md#calls",
  ),
  r(
    "agent-state-call-id",
    "AgentStateChange names the agent's current call in CallId (a wire member the guide's table lacks)",
    "the guide's AgentStateChange table has no CallId (EDK 4-5); the wire type has one, not IsRequired",
    "docs/spec-notes.md#events-chapter-4",
  ),
  r(
    "user-data-key-value",
    "a UserData item 'key=value' sets the call data item with that key and value, which CallDataUpdate and GetCallData then return",
    "UserData holds '20 user defined variable fields', strings (EDK 3-14, 3-15); call data items are key/value pairs (CTICallDataItem, EDK A-9); the guide does not say how a string becomes a key and a value",
    "docs/flows.md#the-requests",
  ),
  r(
    "answers-to-other-sessions",
    "the AgentStateChange that answers one session's GetAgentState reaches the other sessions subscribed to agent events too",
    "AgentStateChange is sent 'when the agent state is requested through a GetAgentState' (EDK C-3) and CTIPS 'publishes events to the clients according to their subscriptions and filters' (EDK 5-4); the guide does not say whether the answer to one session's query goes to the others",
    "docs/sessions.md#event-delivery",
  ),
  r(
    "agent-id-stable",
    "an agent keeps its AgentId when it logs out and in again",
    "the AgentId 'is provided to the client in events following a login request' (EDK 3-7); AgentLoginStateChange also carries AgentCTIId, a 'static agent identifier that is always associated with this agent when the agent logs in' (EDK 4-3), and the guide does not say whether AgentId stays the same",
    "docs/flows.md#agents-the-ctiagentstate-machine",
  ),
  r(
    "logout-events",
    "LogoutAgent reports the agent NotReady (AgentStateChange) before it reports the logout (AgentLoginStateChange AgentLoggedOut)",
    "AgentStateChange and AgentLoginStateChange follow a LogoutAgent (EDK 4-3, 4-5); the guide names neither the agent's state at logout nor the order of the two events",
    "docs/flows.md#the-requests",
  ),
  // requests M–Z
  r(
    "unstated-event-order",
    "where the guide names a request's events but not their order, they come in the kit's order: CallStarted before CallOriginated for a MakeCall; CallTransferred before the transferring agent's CallCleared, and the call reaching its new destination (CallConnected, CallDelivered) after that agent's leg is cleared",
    "CallStarted and CallOriginated are both generated when a call 'is initiated' (EDK 4-19, 4-21); CallTransferred says 'a call transfer was completed' (EDK 4-22) and CallCleared that 'a call leg has been disconnected' (EDK C-3); the diagrams that would order them (EDK E-5, E-6, E-11) are missing from the text",
    "docs/flows.md#the-flows",
  ),
  r(
    "unchanged-state-reported",
    "a request that leaves the agent's state as it is is still answered by AgentStateChange with that state and the request's RequestId: SetAgentState to the state the agent is in, SetDisposition during the call",
    "AgentStateChange 'is generated after issuing a LoginAgent, LogoutAgent, Accept Call, ClearCall, SetAgentState, GetAgentState, or SetDisposition request' (EDK 4-5), but 'is sent when the agent's state changes or when the agent state is requested through a GetAgentState' (EDK C-3); neither says what answers a request that changes no state",
    "docs/flows.md#the-requests",
  ),
  r(
    "repeated-online-offline",
    "OnLine on a session already online, and OffLine on one already offline, succeed and change nothing",
    "OnLine and OffLine set the session to the ONLINE and OFFLINE state (EDK 3-3); the guide does not say what a repeated one gets, and says an offline session accepts no request 'with the exception of an OnLine request' (EDK 5-3)",
    "docs/sessions.md#what-each-request-gets",
  ),
  r(
    "argument-limits",
    "a request whose member goes beyond what the guide describes for it is refused: a DTMF string that is empty or holds anything but 0-9, *, #, A-D; more than 20 UserData items, or none for SetCallData; a Snapshot naming no entity type (an empty or nil list); a DispositionId the site does not configure; a MakeCall CallId below -1",
    "the member tables describe the values ('Digit to dial', '20 user defined variable fields', 'the entities of interest', 'as configured in Unified Command and Control', CallId -1 when there is no call: EDK 3-6, 3-11, 3-15, 3-17, 3-18) and a request rejected 'due to an invalid parameter' gets a fault (EDK 2-4); the guide does not say which other values are invalid",
    "docs/flows.md#responses-faults-and-failure-events",
  ),
  r(
    "pending-logout-without-wrap",
    "an agent that PanicLogout finds on a call never enters Wrap: it is logged out when its call clears",
    "agents that were on a call 'are placed in \"pending logout state, no dispositioning\"' (EDK 3-9); dispositioning is what ends wrap (EDK 2-1), and the guide does not say whether such an agent passes through Wrap",
    "docs/flows.md#the-requests",
  ),
  r(
    "route-to-agent-address",
    "RouteSelect RouteToAgent takes the agent's login name as DestinationAddress",
    "RouteSelect's text says the RouteDestination 'must be set to the index of the agent', its field table that it is 'The AgentLoginName, ServiceId, external number or address of the third party to dial' (EDK 3-20): the guide contradicts itself",
    "docs/flows.md#the-requests",
  ),
  r(
    "route-to-default-status",
    "a RouteSelect RouteToDefault is answered by RouteUsed with RouteStatus RouteSuccess (RouteDefaultUsed is for default routing after the timeout)",
    "RouteUsed carries the RouteSelect's RequestId when the call is routed 'due to a RouteSelect request' and 0 when default routing applies because 'a valid RouteSelect was not received' in time (EDK 4-24); RouteStatus lists 'Route Success' and 'DefaultRouteUsed' without saying which a client's RouteToDefault gets",
    "docs/flows.md#the-requests",
  ),
];
