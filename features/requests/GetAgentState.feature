@request:GetAgentState @EDK-3-11
Feature: GetAgentState
  The client asks for a logged-in agent's state; AgentStateChange with the request's
  RequestId reports it (EDK 3-11, 4-5, C-3: "when the agent state is requested"). A
  request the CTIPS cannot carry out is refused: by a fault (EDK 2-4) or by
  AgentRequestFailed with the RequestId (EDK 4-9); either passes.

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
      | state    |
      | Idle     |
      | NotReady |

    # The kit's reading: the agent is put in NotReadyPark by LoginAgent's InitState, which
    # the guide lists without saying a CTIPS must accept it (EDK 3-7).
    @reading:agent-settable-states
    Examples:
      | state        |
      | NotReadyPark |

  # An agent who has accepted a call is "active" (EDK 2-1). CallId is a wire member the
  # guide's table lacks (EDK 4-5): that it names the call is the kit's reading.
  @trigger:inbound-call
  Scenario: GetAgentState reports an agent talking on a call as Active, with the call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the request succeeds
    And the session receives AgentStateChange with:
      | AgentId    | $agentA |                             |
      | AgentState | Active  |                             |
      | CallId     | $call   | reading:agent-state-call-id |
      | RequestId  | $r      |                             |
    And the recording passes the correlation checks

  @EDK-4-3 @reading:answers-to-other-sessions
  Scenario: Another session sees the answer to GetAgentState with RequestId 0
    # The kit's reading: the answer reaches every session subscribed to agent events, and
    # carries the RequestId only to the session that asked: to every other session it is
    # unsolicited (docs/checks.md: noEventCarriesAnotherSessionsRequestId). The guide says
    # neither (EDK 4-3, C-3).
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
      | AgentId    | $agentA |                                   |
      | AgentState | Idle    |                                   |
      | RequestId  | 0       | reading:request-id-other-sessions |
    And the recording passes the correlation checks

  # The AgentId "is used by the Unified IP system to identify the agent" (EDK 3-7): an
  # unknown one names nobody. Which FailureType (or FaultErrorCode) is the kit's reading.
  Scenario: GetAgentState for an unknown agent is refused
    Given a session subscribed to "agent"
    When the client sends GetAgentState with:
      | AgentIdx | an unknown agentId |
    Then the request is refused with InvalidAgent
    And the recording passes the correlation checks

  # AgentStateChange is sent "once an agent is logged in" (EDK C-3), and agent requests
  # follow "a successful agent login" (EDK 3-7): a logged-out agent has no state to report.
  Scenario: GetAgentState for an agent not logged in is refused
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the request is refused with InvalidStateForRequest

  # The kit's reading: nothing follows the refusal, no AgentStateChange either.
  @reading:refused-request-changes-nothing
  Scenario: GetAgentState for an agent not logged in is answered by no AgentStateChange
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the request is refused with InvalidStateForRequest
    And the session has received no AgentStateChange since its GetAgentState

  # "agentA" is no xs:int: a WCF stack cannot deserialize the message, so the request is
  # never carried out and nothing follows it (WIRE).
  Scenario: GetAgentState with an AgentIdx that is not an int is refused
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends GetAgentState with AgentIdx as the raw text "agentA"
    Then the request is refused
    And the session has received no events since its GetAgentState

  # Every member of GetAgentStateArgs is IsRequired (WIRE).
  Scenario Outline: GetAgentState without <member> is refused
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

  # "After the session is placed OffLine, the CTIPS no longer accepts requests" (EDK 5-3).
  @EDK-5-3
  Scenario: GetAgentState while offline is refused with InvalidRequest
    Given a session subscribed to "agent"
    And agent A is logged in
    When the session goes offline
    And the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the request is refused with InvalidRequest
