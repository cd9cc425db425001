@request:LoginAgent @EDK-3-7
Feature: LoginAgent
  The client logs an agent in; AgentLoginStateChange and AgentStateChange follow,
  carrying the request's RequestId.

  Scenario: A valid LoginAgent logs the agent in, events carry its RequestId
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request succeeds
    And the session receives AgentLoginStateChange with:
      | AgentLoginName | agent A       |
      | LoginState     | AgentLoggedIn |
      | RequestId      | $r            |
    And the session receives AgentStateChange with:
      | AgentState | Idle |
      | RequestId  | $r   |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  Scenario: LoginAgent for an unknown agent fails with AgentLoginRequestFailed
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | an unknown loginName |
      | StationId      | agent A's station    |
      | InitState      | Idle                 |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId | $r |
