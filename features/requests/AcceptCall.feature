@request:AcceptCall @EDK-3-12
Feature: AcceptCall
  The client accepts or rejects a call presented to the agent (CallConnected with
  ResponseRequired). Accepted: CallEstablished carries the request's RequestId and the
  agent becomes Active (EDK 2-1, 4-16). Rejected, with a configured reject reason: the
  agent's leg is cleared (CallCleared with the RequestId) and the call is not
  established at the agent. Arguments wrong whatever the world are refused with a fault;
  what depends on the world is answered by CallRequestFailed with the RequestId
  (EDK 2-4, 4-20).

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

  # mock's choice: the rejected call goes back to its service and the rejecting agent is made NotReady.
  @trigger:inbound-call
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

  # mock's choice: a reject reason the site has not configured fails with RequestFailed.
  @trigger:inbound-call
  Scenario: AcceptCall false with a reject reason the site does not configure fails with CallRequestFailed
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
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r            |
      | CallId      | $call         |
      | FailureType | RequestFailed |
    And the session receives no CallCleared within 150 ms

  Scenario Outline: AcceptCall without <member> is refused with MissingArg
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

  Scenario: AcceptCall with an AcceptCall that is not a bool is refused with InvalidParameter
    Given a session subscribed to "call"
    When the client sends AcceptCall writing "yes" as its AcceptCall, with:
      | AgentIdx         | agent A's id      |
      | CallId           | an unknown callId |
      | AcceptCall       | true              |
      | RejectReasonCode | 0                 |
    Then the request is refused with InvalidParameter

  @trigger:inbound-call
  Scenario: AcceptCall on a call the agent already talks on fails with InvalidStateForRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends AcceptCall with:
      | AgentIdx         | agent A's id |
      | CallId           | $call        |
      | AcceptCall       | true         |
      | RejectReasonCode | 0            |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | CallId      | $call                  |
      | FailureType | InvalidStateForRequest |

  Scenario: AcceptCall on a call the system does not know fails with CallRequestFailed InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends AcceptCall with:
      | AgentIdx         | agent A's id      |
      | CallId           | an unknown callId |
      | AcceptCall       | true              |
      | RejectReasonCode | 0                 |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                |
      | CallId      | an unknown callId |
      | FailureType | InvalidCallId     |

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  @trigger:inbound-call
  Scenario: AcceptCall for an agent who is not logged in fails and the call keeps ringing at its agent
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
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

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
