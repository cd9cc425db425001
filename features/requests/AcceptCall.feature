@request:AcceptCall @EDK-3-12
Feature: AcceptCall
  The client accepts or rejects a call presented to the agent (CallConnected with
  ResponseRequired). Accepted: CallEstablished carries the request's RequestId and the
  agent becomes Active (EDK 2-1, 4-16). Rejected, with a configured reject reason: the
  call is not established at the agent (the kit's reading, call-rejection: the agent's
  leg is cleared, CallCleared with the RequestId). A request the CTIPS cannot carry out is refused: by a fault
  (EDK 2-4) or by CallRequestFailed with the RequestId (EDK 4-20); either passes.

  @trigger:inbound-call
  Scenario: A valid AcceptCall accepts the call, CallEstablished carries its RequestId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    And a customer calls the inbound service
    And the session receives CallConnected with:
      | CallId           | $call   |
      | AgentId          | $agentA |
      | ResponseRequired | true    |
    When the client sends AcceptCall with:
      | AgentIdx         | agent A's id |
      | CallId           | $call        |
      | AcceptCall       | true         |
      | RejectReasonCode | 0            |
    Then the request succeeds
    And the session receives, in order:
      | id          | event            | where                                      |
      | established | CallEstablished  | CallId=$call, AgentId=$agentA, RequestId=$r |
      | active      | AgentStateChange | AgentId=$agentA, AgentState=Active         |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

  # "Accept call if true, If not true, reject the call" with a reason "configured in Unified
  # Command and Control" (EDK 3-12): a valid reject is carried out and the call is not
  # established at the rejecting agent.
  @trigger:inbound-call
  Scenario: AcceptCall false with a configured reject reason is carried out and the call is not established
    Given a session subscribed to "agent, call"
    And the site's reject reason code is bound to $rejectReason
    And agent A is logged in
    And a customer calls the inbound service
    And the session receives CallConnected with:
      | CallId  | $call   |
      | AgentId | $agentA |
    When the client sends AcceptCall with:
      | AgentIdx         | agent A's id  |
      | CallId           | $call         |
      | AcceptCall       | false         |
      | RejectReasonCode | $rejectReason |
    Then the request succeeds
    And the session receives no CallEstablished within 150 ms

  # The kit's reading: the guide names no event for a rejection; the mock clears the
  # rejecting agent's leg (and sends the call back to its service, the agent made NotReady).
  @trigger:inbound-call @reading:call-rejection
  Scenario: AcceptCall false with a configured reject reason clears the agent's leg, carrying its RequestId
    Given a session subscribed to "agent, call"
    And the site's reject reason code is bound to $rejectReason
    And agent A is logged in
    And a customer calls the inbound service
    And the session receives CallConnected with:
      | CallId  | $call   |
      | AgentId | $agentA |
    When the client sends AcceptCall with:
      | AgentIdx         | agent A's id  |
      | CallId           | $call         |
      | AcceptCall       | false         |
      | RejectReasonCode | $rejectReason |
    Then the request succeeds
    And the session receives CallCleared with:
      | RequestId         | $r      |
      | CallId            | $call   |
      | AgentId           | $agentA |
      | ClearingPartyType | NearEnd |
    And the session receives no CallEstablished within 150 ms
    And the recording passes the correlation checks

  # The kit's reading: the guide does not say what a reason the site has not configured
  # gets; the mock refuses it (CallRequestFailed RequestFailed) and clears nothing.
  @trigger:inbound-call @reading:call-rejection
  Scenario: AcceptCall false with a reject reason the site does not configure is refused
    Given a session subscribed to "agent, call"
    And agent A is logged in
    And a customer calls the inbound service
    And the session receives CallConnected with:
      | CallId  | $call   |
      | AgentId | $agentA |
    When the client sends AcceptCall with:
      | AgentIdx         | agent A's id |
      | CallId           | $call        |
      | AcceptCall       | false        |
      | RejectReasonCode | 987654       |
    Then the request is refused with RequestFailed
    And the session receives no CallCleared within 150 ms

  # Every member of AcceptCallArgs is IsRequired (WIRE): a WCF stack cannot take the
  # message without it (a deserialization fault or a CTIPortalServiceFault; any passes).
  Scenario Outline: AcceptCall without <member> is refused
    Given a session subscribed to "call"
    When the client sends AcceptCall with exactly these arguments:
      | SessionId        | $session           |
      | RequestId        | 7701               |
      | TenantId         | $tenant                  |
      | AgentIdx         | <AgentIdx>         |
      | CallId           | <CallId>           |
      | AcceptCall       | <AcceptCall>       |
      | RejectReasonCode | <RejectReasonCode> |
    Then the request is refused

    Examples:
      | member           | AgentIdx     | CallId            | AcceptCall | RejectReasonCode |
      | AgentIdx         | (absent)     | an unknown callId | true       | 0                |
      | CallId           | agent A's id | (absent)          | true       | 0                |
      | AcceptCall       | agent A's id | an unknown callId | (absent)   | 0                |
      | RejectReasonCode | agent A's id | an unknown callId | true       | (absent)         |

  # "yes" is no xs:boolean: a WCF stack cannot deserialize the message (WIRE).
  Scenario: AcceptCall with an AcceptCall that is not a bool is refused
    Given a session subscribed to "call"
    When the client sends AcceptCall writing "yes" as its AcceptCall, with:
      | AgentIdx         | agent A's id      |
      | CallId           | an unknown callId |
      | AcceptCall       | true              |
      | RejectReasonCode | 0                 |
    Then the request is refused

  # The kit's reading: AcceptCall "answers a call that is ringing, queued, or being offered"
  # (EDK C-2); the guide does not say that one on an answered call is refused.
  @trigger:inbound-call @reading:state-preconditions
  Scenario: AcceptCall on a call the agent already talks on is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends AcceptCall with:
      | AgentIdx         | agent A's id |
      | CallId           | $call        |
      | AcceptCall       | true         |
      | RejectReasonCode | 0            |
    Then the request is refused with InvalidStateForRequest

  # The CallId is the one "provided in the preceding Call Connected Event" (EDK 3-12): an
  # unknown one names no call, so the request cannot be carried out.
  Scenario: AcceptCall on a call the system does not know is refused
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends AcceptCall with:
      | AgentIdx         | agent A's id      |
      | CallId           | an unknown callId |
      | AcceptCall       | true              |
      | RejectReasonCode | 0                 |
    Then the request is refused with InvalidCallId

  # The AgentId is the one learned at login, to be used "in all agent requests following a
  # successful agent login" (EDK 3-7): an agent who is not logged in cannot accept a call.
  # Which FailureType (or FaultErrorCode) says so is the kit's reading (EDK 4-20 names none).
  @trigger:inbound-call
  Scenario: AcceptCall for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent A is logged in
    And a customer calls the inbound service
    And the session receives CallConnected with:
      | CallId  | $call   |
      | AgentId | $agentA |
    When the client sends AcceptCall with:
      | AgentIdx         | agent B's id |
      | CallId           | $call        |
      | AcceptCall       | true         |
      | RejectReasonCode | 0            |
    Then the request is refused with InvalidStateForRequest

  Scenario: AcceptCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends AcceptCall with exactly these arguments:
      | SessionId        | "no-such-session" |
      | RequestId        | 7702              |
      | TenantId         | $tenant                 |
      | AgentIdx         | agent A's id      |
      | CallId           | an unknown callId |
      | AcceptCall       | true              |
      | RejectReasonCode | 0                 |
    Then the request is refused with InvalidSessionId

  # "After the session is placed OffLine, the CTIPS no longer accepts requests" (EDK 5-3).
  @trigger:inbound-call
  Scenario: AcceptCall while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is logged in
    And a customer calls the inbound service
    And the session receives CallConnected with:
      | CallId  | $call   |
      | AgentId | $agentA |
    When the session goes offline
    And the client sends AcceptCall with:
      | AgentIdx         | agent A's id |
      | CallId           | $call        |
      | AcceptCall       | true         |
      | RejectReasonCode | 0            |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
