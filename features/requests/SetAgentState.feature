@request:SetAgentState @EDK-3-10
Feature: SetAgentState
  The client changes a logged-in agent's state; AgentStateChange with the request's
  RequestId answers it (EDK 3-10, 4-5). A change the system cannot carry out is answered
  by AgentRequestFailed with its FailureType (EDK 4-9).

  Scenario Outline: SetAgentState <state> moves an Idle agent to <state>
    Given a session subscribed to "agent"
    And agent A is logged in and Idle
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | <state>      |
    Then the request succeeds
    And the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | <state> |
      | RequestId  | $r      |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

    Examples:
      | state        |
      | NotReady     |
      | NotReadyPark |
      | Reserved     |

  Scenario: SetAgentState to the agent's current state is answered with AgentStateChange
    # EDK 4-5/C-3: the same state again is reported as the answer to the request.
    Given a session subscribed to "agent"
    And agent A is logged in and NotReady
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then the request succeeds
    And the session receives AgentStateChange with:
      | AgentId    | $agentA  |
      | AgentState | NotReady |
      | RequestId  | $r       |
    And the recording passes the sequencing checks

  Scenario Outline: SetAgentState <state>, a state the system sets, fails with InvalidStateForRequest
    # The guide lists PendingActive, Active, Wrap and WrapWarning among NewState's values
    # (EDK 3-10); mock's choice: the system sets them from the agent's calls, so the
    # request fails.
    Given a session subscribed to "agent"
    And agent A is logged in and Idle
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | <state>      |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r                     |
      | AgentId     | $agentA                |
      | FailureType | InvalidStateForRequest |
    And the session has received no AgentStateChange since its SetAgentState

    Examples:
      | state  |
      | Active |
      | Wrap   |

  Scenario: SetAgentState for an unknown agent fails with InvalidAgent
    Given a session subscribed to "agent"
    When the client sends SetAgentState with:
      | AgentIdx | an unknown agentId |
      | NewState | NotReady           |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r                 |
      | AgentId     | an unknown agentId |
      | FailureType | InvalidAgent       |
    And the recording passes the correlation checks

  Scenario: SetAgentState for an agent not logged in fails with InvalidStateForRequest
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | Idle         |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r                     |
      | AgentId     | $agentA                |
      | FailureType | InvalidStateForRequest |

  @trigger:inbound-call
  Scenario: SetAgentState for an agent in wrap fails with InvalidStateForRequest
    # mock's choice: wrap ends with SetDisposition (EDK 2-1), not with SetAgentState.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | Idle         |
    Then the session receives AgentRequestFailed with:
      | RequestId   | $r                     |
      | AgentId     | $agentA                |
      | FailureType | InvalidStateForRequest |

  Scenario Outline: SetAgentState with <member> written as "<text>" is refused with InvalidParameter
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetAgentState with <member> as the raw text "<text>", and:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then the request is refused with InvalidParameter
    And the session has received no events since its SetAgentState

    Examples:
      | member   | text       |
      | NewState | INVALID    |
      | NewState | ActiveWrap |
      | NewState | Sleeping   |
      | AgentIdx | agentA     |

  Scenario Outline: SetAgentState without <member> is refused with MissingArg
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetAgentState leaving out <member>, with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then the request is refused

    Examples:
      | member    |
      | SessionId |
      | RequestId |
      | TenantId  |
      | AgentIdx  |
      | NewState  |

  Scenario: SetAgentState with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetAgentState with:
      | SessionId | "no-such-session" |
      | AgentIdx  | agent A's id      |
      | NewState  | NotReady          |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: SetAgentState naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetAgentState with:
      | TenantId | $otherTenant |
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then the request is refused with InvalidTenantId

  @EDK-5-3
  Scenario: SetAgentState while offline is refused with InvalidRequest
    Given a session subscribed to "agent"
    And agent A is logged in
    When the session goes offline
    And the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then the request is refused with InvalidRequest
