@request:LogoutAgent @EDK-3-8
Feature: LogoutAgent
  The client logs an agent out by its AgentId; AgentStateChange and AgentLoginStateChange
  (AgentLoggedOut, AgentWorkGroupId -1) follow with the request's RequestId (EDK 3-8,
  4-3, 4-5). A logout the system cannot carry out is answered by AgentLoginRequestFailed.

  Scenario: A valid LogoutAgent logs the agent out, events carry its RequestId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request succeeds
    And the session receives, in order:
      | id     | event                 | where                                                                         |
      | state  | AgentStateChange      | RequestId=$r, AgentId=$agentA, AgentState=NotReady                            |
      | logout | AgentLoginStateChange | RequestId=$r, AgentId=$agentA, LoginState=AgentLoggedOut, AgentWorkGroupId=-1 |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

  Scenario: An agent logged out can log in again
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the session receives AgentLoginStateChange with:
      | AgentId    | $agentA       |
      | LoginState | AgentLoggedIn |
      | RequestId  | $r            |

  Scenario: LogoutAgent for an unknown agent fails with InvalidAgent
    Given a session subscribed to "agent"
    When the client sends LogoutAgent with:
      | AgentIdx   | an unknown agentId |
      | ReasonCode | 0                  |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId   | $r                 |
      | AgentId     | an unknown agentId |
      | FailureType | InvalidAgent       |
    And the recording passes the correlation checks

  Scenario: LogoutAgent for an agent not logged in fails with InvalidStateForRequest
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId   | $r                     |
      | AgentId     | $agentA                |
      | FailureType | InvalidStateForRequest |
    And the session has received no AgentLoginStateChange since its LogoutAgent

  @trigger:inbound-call
  Scenario: LogoutAgent while the agent talks on a call fails with InvalidStateForRequest
    # mock's choice: the guide offers PanicLogout for agents on a call (EDK 3-9); LogoutAgent
    # is refused until the agent is back in a rest state.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId   | $r                     |
      | AgentId     | $agentA                |
      | FailureType | InvalidStateForRequest |

  Scenario Outline: LogoutAgent with <member> written as "<text>" is refused with InvalidParameter
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LogoutAgent with <member> as the raw text "<text>", and:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request is refused with InvalidParameter
    And the session has received no events since its LogoutAgent

    Examples:
      | member     | text   |
      | AgentIdx   | agentA |
      | ReasonCode | 1.5    |

  Scenario Outline: LogoutAgent without <member> is refused with MissingArg
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LogoutAgent leaving out <member>, with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request is refused

    Examples:
      | member     |
      | SessionId  |
      | RequestId  |
      | TenantId   |
      | AgentIdx   |
      | ReasonCode |

  Scenario: LogoutAgent with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LogoutAgent with:
      | SessionId  | "no-such-session" |
      | AgentIdx   | agent A's id      |
      | ReasonCode | 0                 |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: LogoutAgent naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LogoutAgent with:
      | TenantId   | $otherTenant |
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request is refused with InvalidTenantId

  @EDK-5-3
  Scenario: LogoutAgent while offline is refused with InvalidRequest
    Given a session subscribed to "agent"
    And agent A is logged in
    When the session goes offline
    And the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request is refused with InvalidRequest
