@request:LogoutAgent @EDK-3-8
Feature: LogoutAgent
  The client logs an agent out by its AgentId; AgentStateChange and AgentLoginStateChange
  (AgentLoggedOut, AgentWorkGroupId -1) follow with the request's RequestId (EDK 3-8,
  4-3, 4-5). A logout the CTIPS cannot carry out is refused: by a fault (EDK 2-4) or by
  AgentLoginRequestFailed with the RequestId (EDK 4-5); either passes.

  # AgentLoginStateChange and AgentStateChange are "generated after issuing a … LogoutAgent
  # request" (EDK 4-3, 4-5), with its RequestId (EDK 3-7); AgentWorkGroupId is "set if
  # LoginState is AgentLoggedIn otherwise -1" (EDK 4-3). The guide gives neither the order
  # of the two events nor the agent's state: the next scenario is the kit's reading.
  Scenario: A valid LogoutAgent logs the agent out, events carry its RequestId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request succeeds
    And the session receives, in order:
      | id     | event                 | where                                                                         | after |
      | logout | AgentLoginStateChange | RequestId=$r, AgentId=$agentA, LoginState=AgentLoggedOut, AgentWorkGroupId=-1 | start |
      | state  | AgentStateChange      | RequestId=$r, AgentId=$agentA                                                 | start |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

  @reading:logout-events
  Scenario: LogoutAgent reports the agent NotReady, then logged out
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

  # A LoginAgent for an agent who is not logged in is the guide's LoginAgent (EDK 3-7); that
  # the agent gets the same AgentId again is the kit's reading.
  Scenario: An agent logged out can log in again
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the session receives AgentLoginStateChange with:
      | AgentId    | $agentA       | reading:agent-id-stable |
      | LoginState | AgentLoggedIn |                         |
      | RequestId  | $r            |                         |

  # The AgentId "is used by the Unified IP system to identify the agent" (EDK 3-7): an
  # unknown one names nobody to log out.
  Scenario: LogoutAgent for an unknown agent is refused
    Given a session subscribed to "agent"
    When the client sends LogoutAgent with:
      | AgentIdx   | an unknown agentId |
      | ReasonCode | 0                  |
    Then the request is refused with InvalidAgent
    And the recording passes the correlation checks

  # LogoutAgent logs out "a currently logged in agent" (EDK C-2).
  Scenario: LogoutAgent for an agent not logged in is refused
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request is refused with InvalidStateForRequest

  # The kit's reading: nothing follows the refusal, no AgentLoginStateChange either.
  @reading:refused-request-changes-nothing
  Scenario: LogoutAgent for an agent not logged in is answered by no AgentLoginStateChange
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request is refused with InvalidStateForRequest
    And the session has received no AgentLoginStateChange since its LogoutAgent

  @trigger:inbound-call @reading:state-preconditions
  Scenario: LogoutAgent while the agent talks on a call is refused
    # The kit's reading: the guide offers PanicLogout for agents on a call (EDK 3-9) but does
    # not say LogoutAgent is refused then; the kit expects it refused until the agent is
    # back in a rest state.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request is refused with InvalidStateForRequest

  # "<text>" is no xs:int: a WCF stack cannot deserialize the message, so the request is
  # never carried out and nothing follows it (WIRE).
  Scenario Outline: LogoutAgent with <member> written as "<text>" is refused
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LogoutAgent with <member> as the raw text "<text>", and:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request is refused
    And the session has received no events since its LogoutAgent

    Examples:
      | member     | text   |
      | AgentIdx   | agentA |
      | ReasonCode | 1.5    |

  # Every member of LogoutAgentArgs is IsRequired (WIRE).
  Scenario Outline: LogoutAgent without <member> is refused
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

  # "After the session is placed OffLine, the CTIPS no longer accepts requests" (EDK 5-3).
  @EDK-5-3
  Scenario: LogoutAgent while offline is refused with InvalidRequest
    Given a session subscribed to "agent"
    And agent A is logged in
    When the session goes offline
    And the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request is refused with InvalidRequest
