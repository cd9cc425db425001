@request:RetrieveCall @EDK-3-17
Feature: RetrieveCall
  The client reconnects the agent to a call it had placed on hold; CallRetrieved
  follows, carrying the request's RequestId (EDK 4-20, 4-3). A request that cannot be
  carried out is refused: by a fault (EDK 2-4) or by CallRequestFailed with its RequestId
  (EDK 4-20) — the guide allows both, so the scenarios accept either.

  @trigger:inbound-call
  Scenario: A valid RetrieveCall reconnects the held call, CallRetrieved carries its RequestId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRetrieved with:
      | RequestId | $r      |
      | CallId    | $call   |
      | AgentId   | $agentA |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  @trigger:inbound-call
  Scenario: A retrieved call is connected again: it can be held again
    # EDK 3-17: RetrieveCall connects "to a call that had previously been placed on hold";
    # HoldCall places a call on hold (EDK 3-16), CallHeld with its RequestId (EDK 4-17).
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the session receives CallRetrieved with:
      | RequestId | $r    |
      | CallId    | $call |
    When the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the session receives CallHeld with:
      | RequestId | $r    |
      | CallId    | $call |

  # These members are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: RetrieveCall without <member> is refused
    Given a session subscribed to "call"
    When the client sends RetrieveCall with exactly these arguments:
      | SessionId | $session    |
      | RequestId | <RequestId> |
      | TenantId  | $tenant           |
      | AgentIdx  | <AgentIdx>  |
      | CallId    | <CallId>    |
    Then the request is refused

    Examples:
      | member    | RequestId | AgentIdx     | CallId            |
      | RequestId | (absent)  | agent A's id | an unknown callId |
      | AgentIdx  | 7201      | (absent)     | an unknown callId |
      | CallId    | 7202      | agent A's id | (absent)          |

  Scenario: RetrieveCall with an AgentIdx that is not an int is refused
    # Letters in an int break the data contract: a WCF stack can only refuse the message.
    Given a session subscribed to "call"
    When the client sends RetrieveCall writing "agent-a" as its AgentIdx, with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused

  Scenario: RetrieveCall on a call the system does not know is refused
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused with InvalidCallId

  @trigger:inbound-call
  Scenario: RetrieveCall on a call that is not on hold is refused
    # EDK 3-17: RetrieveCall connects "to a call that had previously been placed on hold";
    # this one was not.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request is refused with InvalidStateForRequest

  # EDK 3-7: the AgentId is used "in all agent requests following a successful agent
  # login"; agent B is not logged in (and not on the call). EDK 4-20 names no FailureType.
  @trigger:inbound-call
  Scenario: RetrieveCall for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the client sends RetrieveCall with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
    Then the request is refused with InvalidStateForRequest

  Scenario: RetrieveCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends RetrieveCall with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7203              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call @EDK-5-3
  Scenario: RetrieveCall while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the session goes offline
    And the client sends RetrieveCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
