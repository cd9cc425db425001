@request:GetAgentState @EDK-3-11
Feature: GetAgentState
  The client asks for a logged-in agent's state; AgentStateChange with the request's
  RequestId reports it (EDK 3-11, 4-5, C-3: "when the agent state is requested").
  Failures are answered by AgentRequestFailed (EDK 4-9).

  Scenario Outline: GetAgentState reports an agent in <state>
    Given a session subscribed to "agent"
    And agent A is logged in and <state>
    When the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the request succeeds
    And the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | <state> |
      | RequestId  | $r      |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

    Examples:
      | state        |
      | Idle         |
      | NotReady     |
      | NotReadyPark |

  @trigger:inbound-call
  Scenario: GetAgentState reports an agent talking on a call as Active, with the call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the request succeeds
    And the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Active  |
      | CallId     | $call   |
      | RequestId  | $r      |
    And the recording passes the correlation checks

  @EDK-4-3
  Scenario: Another session sees the answer to GetAgentState with RequestId 0
    # The answer carries the RequestId only to the session that asked: to every other
    # session it is unsolicited (docs/checks.md: noEventCarriesAnotherSessionsRequestId).
    Given a session subscribed to "agent"
    And agent A is logged in and Idle
    And session X subscribed to "agent"
    When the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Idle    |
      | RequestId  | $r      |
    And session X receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Idle    |
      | RequestId  | 0       |
    And the recording passes the correlation checks

  Scenario: GetAgentState for an unknown agent fails with InvalidAgent
    Given a session subscribed to "agent"
    When the client sends GetAgentState with:
      | AgentIdx | an unknown agentId |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r                 |
      | AgentId     | an unknown agentId |
      | FailureType | InvalidAgent       |
    And the recording passes the correlation checks

  Scenario: GetAgentState for an agent not logged in fails with InvalidStateForRequest
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r                     |
      | AgentId     | $agentA                |
      | FailureType | InvalidStateForRequest |
    And the session has received no AgentStateChange since its GetAgentState

  Scenario: GetAgentState with an AgentIdx that is not an int is refused with InvalidParameter
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends GetAgentState with AgentIdx as the raw text "agentA"
    Then the request is refused with InvalidParameter
    And the session has received no events since its GetAgentState

  Scenario Outline: GetAgentState without <member> is refused with MissingArg
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends GetAgentState leaving out <member>, with:
      | AgentIdx | agent A's id |
    Then the request is refused

    Examples:
      | member    |
      | SessionId |
      | RequestId |
      | TenantId  |
      | AgentIdx  |

  Scenario: GetAgentState with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends GetAgentState with:
      | SessionId | "no-such-session" |
      | AgentIdx  | agent A's id      |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: GetAgentState naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends GetAgentState with:
      | TenantId | $otherTenant |
      | AgentIdx | agent A's id |
    Then the request is refused with InvalidTenantId

  @EDK-5-3
  Scenario: GetAgentState while offline is refused with InvalidRequest
    Given a session subscribed to "agent"
    And agent A is logged in
    When the session goes offline
    And the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the request is refused with InvalidRequest
