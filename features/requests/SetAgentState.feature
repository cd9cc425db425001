@request:SetAgentState @EDK-3-10
Feature: SetAgentState
  The client changes a logged-in agent's state; AgentStateChange with the request's
  RequestId answers it (EDK 3-10, 4-5, 4-3: events of a request carry its RequestId). A request that cannot be carried out is
  refused: by a fault, or by AgentRequestFailed with its RequestId (EDK 2-4, 4-9) — the
  guide allows both, so the scenarios accept either. Which FaultErrorCode or FailureType
  names the refusal is the kit's reading (fault-error-code).

  # EDK 3-10 lists NotReady, NotReadyPark, Idle, …, Reserved as NewState values; the guide
  # does not say a CTIPS must accept each of them from a client. NotReady for an Idle agent
  # is the plain case of "change the current state of an agent" (EDK 3-10): normative.
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
      | state    |
      | NotReady |

    # The kit's reading: a client may also set NotReadyPark and Reserved.
    @reading:agent-settable-states
    Examples:
      | state        |
      | NotReadyPark |
      | Reserved     |

  Scenario: SetAgentState to the agent's current state is not refused
    # EDK 3-10: NotReady is a state the client sets; asking for it again is not an invalid
    # parameter (EDK 2-4).
    Given a session subscribed to "agent"
    And agent A is logged in and NotReady
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then the request succeeds

  @reading:unchanged-state-reported
  Scenario: SetAgentState to the agent's current state is answered with AgentStateChange
    # EDK 4-5 says AgentStateChange follows SetAgentState; C-3 says it is sent when the state
    # changes. The kit's reading: the same state again is reported as the answer.
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

  @reading:agent-settable-states
  Scenario Outline: SetAgentState <state>, a state the system sets, is refused
    # The guide lists PendingActive, Active, Wrap and WrapWarning among NewState's values
    # (EDK 3-10); the kit's reading: the system sets them from the agent's calls, so the
    # request is refused and the agent stays as it is.
    Given a session subscribed to "agent"
    And agent A is logged in and Idle
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | <state>      |
    Then the request is refused with InvalidStateForRequest
    And the session has received no AgentStateChange since its SetAgentState

    Examples:
      | state  |
      | Active |
      | Wrap   |

  Scenario: SetAgentState for an unknown agent is refused
    # EDK 3-7: the AgentId identifies a logged-in agent; no agent has this one.
    Given a session subscribed to "agent"
    When the client sends SetAgentState with:
      | AgentIdx | an unknown agentId |
      | NewState | NotReady           |
    Then the request is refused with InvalidAgent
    And the recording passes the correlation checks

  Scenario: SetAgentState for an agent not logged in is refused
    # EDK 3-7: the AgentId is used "in all agent requests following a successful agent login".
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | Idle         |
    Then the request is refused with InvalidStateForRequest

  @trigger:inbound-call @reading:state-preconditions
  Scenario: SetAgentState for an agent in wrap is refused
    # The kit's reading: wrap ends with SetDisposition (EDK 2-1: idle "after the agent
    # disposes the call"), not with SetAgentState; the guide does not say SetAgentState
    # cannot end it.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | Idle         |
    Then the request is refused with InvalidStateForRequest

  # Letters in an int and an enum name the contract lacks break the data contract: a WCF
  # stack can only refuse them (a deserialization fault names no FaultErrorCode).
  Scenario Outline: SetAgentState with <member> written as "<text>" is refused
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetAgentState with <member> as the raw text "<text>", and:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then the request is refused
    And the session has received no events since its SetAgentState

    Examples:
      | member   | text       |
      | NewState | ActiveWrap |
      | NewState | Sleeping   |
      | AgentIdx | agentA     |

  @reading:agent-settable-states
  Scenario: SetAgentState with NewState INVALID is refused
    # INVALID is a CTIAgentState name on the wire, but not among EDK 3-10's NewState values:
    # the kit's reading is that it is refused and changes nothing.
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | INVALID      |
    Then the request is refused with InvalidParameter
    And the session has received no AgentStateChange since its SetAgentState

  # Every member of SetAgentStateArgs is IsRequired on the wire: a WCF stack refuses the
  # message before the operation runs.
  Scenario Outline: SetAgentState without <member> is refused
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
    # EDK 5-3: offline, "the CTIPS no longer accepts requests … with the exception of an OnLine request".
    Given a session subscribed to "agent"
    And agent A is logged in
    When the session goes offline
    And the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then the request is refused with InvalidRequest
