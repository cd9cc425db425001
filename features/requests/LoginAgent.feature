@request:LoginAgent @EDK-3-7
Feature: LoginAgent
  The client logs an agent in; AgentLoginStateChange and AgentStateChange follow,
  carrying the request's RequestId (EDK 3-7, 4-3, 4-5). A login the CTIPS cannot carry
  out is refused: by a fault (EDK 2-4) or by AgentLoginRequestFailed with the RequestId
  (EDK 4-5); either passes, and which FailureType it names is the kit's reading.

  # The guide's own example: a LoginAgent with the initial state Idle is followed by
  # AgentLoginStateChange (logged in) and AgentStateChange (idle) (EDK 1-1).
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

  # "The agent's desired initial state after the agent is successfully logged in" (EDK 3-7);
  # the state follows the login (EDK 1-1, C-3: "once an agent is logged in").
  Scenario Outline: LoginAgent with InitState <state> puts the agent in <state>
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | <state>           |
      | MultiLine      | 0                 |
    Then the request succeeds
    And the session receives, in order:
      | id    | event                 | where                                  |
      | login | AgentLoginStateChange | RequestId=$r, LoginState=AgentLoggedIn |
      | state | AgentStateChange      | RequestId=$r, AgentState=<state>       |
    And the recording passes the correlation checks

    Examples:
      | state    |
      | NotReady |

    # The kit's reading: LoginAgent lists these states (EDK 3-7) but does not say a CTIPS
    # must accept them from a client.
    @reading:agent-settable-states
    Examples:
      | state        |
      | NotReadyPark |
      | Reserved     |

  # AgentLoginName is the "agent's login name" (EDK 3-7): an unknown one names no agent to
  # log in.
  Scenario: LoginAgent for an unknown agent is refused
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | an unknown loginName |
      | StationId      | agent A's station    |
      | InitState      | Idle                 |
    Then the request is refused with InvalidAgentName
    And the recording passes the correlation checks

  # CTIFailureType has AgentAlreadyLoggedIn (EDK A-12): a second login of a logged-in agent
  # fails.
  Scenario: LoginAgent for an agent already logged in is refused
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request is refused with AgentAlreadyLoggedIn

  # The kit's reading: nothing follows the refusal, no AgentLoginStateChange either.
  @reading:refused-request-changes-nothing
  Scenario: LoginAgent for an agent already logged in is answered by no AgentLoginStateChange
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request is refused with AgentAlreadyLoggedIn
    And the session has received no AgentLoginStateChange since its LoginAgent

  # StationId is the "agent's device, phone number or address" (EDK 3-7): one the system
  # does not know is no device to log in at. Which FailureType says so is the kit's reading.
  Scenario: LoginAgent at a station the system does not know is refused
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | agent B           |
      | StationId      | "no-such-station" |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request is refused with StationNotAvailable

  # The kit's reading: the guide does not say that a station where another agent is logged
  # in is refused (StationNotAvailable is a CTIFailureType value, EDK A-12).
  @reading:state-preconditions
  Scenario: LoginAgent at a station where another agent is logged in is refused
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LoginAgent with:
      | AgentLoginName | agent B           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request is refused with StationNotAvailable

  Scenario Outline: LoginAgent with an InitState the contract lacks (<value>) is refused
    # CTIAgentState has no <value> (EDK A-2, WIRE; ActiveWrap is in LoginAgent's list only,
    # decision 3): a WCF stack cannot deserialize it, so the request is never carried out
    # and nothing follows it.
    Given a session subscribed to "agent"
    When the client sends LoginAgent with InitState as the raw text "<value>", and:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | MultiLine      | 0                 |
    Then the request is refused
    And the session has received no events since its LoginAgent

    Examples:
      | value      |
      | ActiveWrap |
      | Sleeping   |

  @reading:agent-settable-states
  Scenario Outline: LoginAgent with InitState <value> is refused with InvalidParameter
    # The kit's reading: LoginAgent lists Invalid and the states the system sets (Active …)
    # as initial states (EDK 3-7); the kit expects an agent to log in to a rest state only.
    Given a session subscribed to "agent"
    When the client sends LoginAgent with InitState as the raw text "<value>", and:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | MultiLine      | 0                 |
    Then the request is refused with InvalidParameter
    And the session has received no events since its LoginAgent

    Examples:
      | value   |
      | INVALID |
      | Active  |

  # An empty AgentLoginName is no agent's login name (EDK 3-7): there is nobody to log in.
  # The mock rejects it outright (EDK 2-4); AgentLoginRequestFailed passes too.
  Scenario: LoginAgent with an empty login name is refused with InvalidParameter
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | (empty)           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request is refused with InvalidParameter

  # The kit's reading: MultiLine is "set to one of the following: 0 … 1" (EDK 3-7); the guide
  # does not say what another value gets.
  @reading:unlisted-values
  Scenario: LoginAgent with MultiLine 2 is refused with InvalidParameter
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 2                 |
    Then the request is refused with InvalidParameter

  # Every member of LoginAgentArgs but MultiLine is IsRequired (WIRE).
  Scenario Outline: LoginAgent without <member> is refused
    Given a session subscribed to "agent"
    When the client sends LoginAgent leaving out <member>, with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request is refused

    Examples:
      | member         |
      | SessionId      |
      | RequestId      |
      | TenantId       |
      | AgentLoginName |
      | StationId      |
      | InitState      |

  Scenario: LoginAgent with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | SessionId      | "no-such-session" |
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: LoginAgent naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | TenantId       | $otherTenant      |
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
    Then the request is refused with InvalidTenantId

  @reading:requests-before-online
  Scenario: LoginAgent before OnLine is refused with InvalidRequest
    # The kit's reading: OnLine makes the session eligible to receive messages (EDK 3-3);
    # the guide does not say other requests are refused before it. The kit expects only the
    # session set-up requests before OnLine. (Offline: features/session/offline.feature.)
    Given a session subscribed to "agent" that is opened
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
    Then the request is refused with InvalidRequest
