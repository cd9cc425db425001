@request:RetrieveCall @EDK-3-17
Feature: RetrieveCall
  The client reconnects the agent to a call it had placed on hold; CallRetrieved
  follows, carrying the request's RequestId (EDK 4-20). Arguments wrong whatever the
  world are refused with a fault; what depends on the world is answered by
  CallRequestFailed with the RequestId (EDK 2-4, 4-20).

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

  Scenario Outline: RetrieveCall without <member> is refused with MissingArg
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

  Scenario: RetrieveCall with an AgentIdx that is not an int is refused with InvalidParameter
    Given a session subscribed to "call"
    When the client sends RetrieveCall writing "agent-a" as its AgentIdx, with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused with InvalidParameter

  Scenario: RetrieveCall on a call the system does not know fails with CallRequestFailed InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                |
      | CallId      | an unknown callId |
      | FailureType | InvalidCallId     |

  @trigger:inbound-call
  Scenario: RetrieveCall on a call that is not on hold fails with InvalidStateForRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | CallId      | $call                  |
      | FailureType | InvalidStateForRequest |

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  @trigger:inbound-call
  Scenario: RetrieveCall for an agent who is not logged in fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the client sends RetrieveCall with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  Scenario: RetrieveCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends RetrieveCall with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7203              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call
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
