@request:HoldCall @EDK-3-16
Feature: HoldCall
  The client places the agent's call on hold; CallHeld follows, carrying the request's
  RequestId (EDK 4-17). Arguments wrong whatever the world are refused with a fault;
  what depends on the world (the agent, the call, its state) is answered by
  CallRequestFailed with the RequestId (EDK 2-4, 4-20).

  @trigger:inbound-call
  Scenario: A valid HoldCall holds the call, CallHeld carries its RequestId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallHeld with:
      | RequestId | $r      |
      | CallId    | $call   |
      | AgentId   | $agentA |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  Scenario Outline: HoldCall without <member> is refused with MissingArg
    Given a session subscribed to "call"
    When the client sends HoldCall with exactly these arguments:
      | SessionId | $session     |
      | RequestId | <RequestId>  |
      | TenantId  | $tenant            |
      | AgentIdx  | <AgentIdx>   |
      | CallId    | <CallId>     |
    Then the request is refused

    Examples:
      | member    | RequestId | AgentIdx     | CallId          |
      | RequestId | (absent)  | agent A's id | an unknown callId |
      | AgentIdx  | 7101      | (absent)     | an unknown callId |
      | CallId    | 7102      | agent A's id | (absent)        |

  Scenario: HoldCall with a CallId that is not an int is refused with InvalidParameter
    Given a session subscribed to "call"
    When the client sends HoldCall writing "call-one" as its CallId, with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused with InvalidParameter

  # mock's choice: a CallId that cannot name a call (≤ 0) is rejected outright (EDK 2-4).
  Scenario: HoldCall with CallId 0 is refused with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | 0            |
    Then the request is refused with InvalidCallId

  Scenario: HoldCall on a call the system does not know fails with CallRequestFailed InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends HoldCall with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                |
      | CallId      | an unknown callId |
      | FailureType | InvalidCallId     |

  @trigger:inbound-call
  Scenario: HoldCall on a call already on hold fails with InvalidStateForRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | CallId      | $call                  |
      | FailureType | InvalidStateForRequest |

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  @trigger:inbound-call
  Scenario: HoldCall for an agent who is not logged in fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends HoldCall with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  Scenario: HoldCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends HoldCall with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7104              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call
  Scenario: HoldCall while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the session goes offline
    And the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
