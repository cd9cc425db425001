@request:SetDisposition @EDK-3-11
Feature: SetDisposition
  The agent dispositions its call: in wrap, the call completes (CallCompleted, including
  the wrap time) and the agent becomes Idle with the request's RequestId (EDK 3-11, 2-1,
  4-10, 4-5). WrapNotRequired bypasses wrap. A request that cannot be carried out is
  refused: by a fault (EDK 2-4) or by AgentRequestFailed with its RequestId (EDK 4-9) —
  the guide allows both, so the scenarios accept either. UserData is a wire member the
  guide's table lacks.

  # EDK 2-1: CallCompleted, then AgentStateChange (idle) "after the agent disposes the
  # call". That CallCompleted carries the SetDisposition's RequestId is the kit's reading.
  @trigger:inbound-call
  Scenario: SetDisposition in wrap completes the call and makes the agent Idle
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    When the client sends SetDisposition with:
      | AgentIdx                     | agent A's id |
      | CallId                       | $call        |
      | DispositionId                | $disposition |
      | SummaryDispositionSuccessful | true         |
      | WrapNotRequired              | false        |
      | UserData                     | (nil)        |
    Then the request succeeds
    And the session receives, in order:
      | id        | event            | where                                          | reading                                |
      | completed | CallCompleted    | RequestId=$r, CallId=$call                     | request-id-secondary-events: RequestId |
      | idle      | AgentStateChange | RequestId=$r, AgentId=$agentA, AgentState=Idle |                                        |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

  @trigger:inbound-call @reading:disposition-during-call
  Scenario: SetDisposition with WrapNotRequired during the call bypasses wrap
    # EDK 3-11: WrapNotRequired "Set to true to bypass wrap state"; CallEnd's
    # AgentDisposition is the "Call disposition set by the agent" (EDK 4-16). The kit's
    # readings: a disposition may be set while the call is connected (the guide's flow
    # disposes in wrap, EDK 2-1), and that request is answered at once by AgentStateChange
    # with the agent's current state and its RequestId.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetDisposition with:
      | AgentIdx                     | agent A's id |
      | CallId                       | $call        |
      | DispositionId                | $disposition |
      | SummaryDispositionSuccessful | true         |
      | WrapNotRequired              | true         |
      | UserData                     | (nil)        |
    Then the request succeeds
    And the session receives AgentStateChange with:
      | AgentId    | $agentA | reading:unchanged-state-reported |
      | AgentState | Active  | reading:unchanged-state-reported |
      | RequestId  | $r      | reading:unchanged-state-reported |
    When the customer hangs up
    Then the session receives CallEnd with:
      | CallId           | $call        |
      | AgentDisposition | $disposition |
    And the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Idle    |
    And the session has received no AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    And the recording passes the correlation checks

  @trigger:inbound-call
  Scenario Outline: SetDisposition in wrap with <case> is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    When the client sends SetDisposition with:
      | AgentIdx                     | agent A's id    |
      | CallId                       | <callId>        |
      | DispositionId                | <dispositionId> |
      | SummaryDispositionSuccessful | true            |
      | WrapNotRequired              | false           |
      | UserData                     | (nil)           |
    Then the request is refused with <failure>

    Examples:
      | case            | callId            | dispositionId | failure       |
      | an unknown call | an unknown callId | $disposition  | InvalidCallId |

    # 999999: a DispositionId no site configures (the site profile names only a valid one).
    # EDK 3-11: DispositionId is "as configured in Unified Command and Control"; the guide
    # does not say another one is refused: the kit's reading.
    @reading:argument-limits
    Examples:
      | case                        | callId | dispositionId | failure       |
      | an unconfigured disposition | $call  | 999999        | RequestFailed |

  @trigger:inbound-call @reading:refused-request-changes-nothing
  Scenario: A SetDisposition refused in wrap does not complete the call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    When the client sends SetDisposition with:
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | (nil)             |
    Then the request is refused
    And the session has received no CallCompleted since its SetDisposition
    And the session has received no AgentStateChange since its SetDisposition

  Scenario: SetDisposition for an unknown agent is refused
    # EDK 3-7: the AgentId identifies a logged-in agent; no agent has this one.
    Given a session subscribed to "agent"
    When the client sends SetDisposition with:
      | AgentIdx                     | an unknown agentId |
      | CallId                       | an unknown callId  |
      | DispositionId                | $disposition       |
      | SummaryDispositionSuccessful | true               |
      | WrapNotRequired              | false              |
      | UserData                     | (nil)              |
    Then the request is refused with InvalidAgent
    And the recording passes the correlation checks

  Scenario: SetDisposition for an agent not logged in is refused
    # EDK 3-7: the AgentId is used "in all agent requests following a successful agent login".
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends SetDisposition with:
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | (nil)             |
    Then the request is refused with InvalidStateForRequest

  Scenario Outline: SetDisposition with CallId <callId> is refused with InvalidCallId
    # Agent A has no call, and <callId> names none: there is no call to dispose (EDK 3-11).
    # Which code names the refusal is the kit's reading.
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetDisposition with:
      | AgentIdx                     | agent A's id |
      | CallId                       | <callId>     |
      | DispositionId                | $disposition |
      | SummaryDispositionSuccessful | true         |
      | WrapNotRequired              | false        |
      | UserData                     | (nil)        |
    Then the request is refused with InvalidCallId

    Examples:
      | callId |
      | 0      |
      | -1     |

  # Letters in an int and a word that is not an xs:boolean break the data contract: a WCF
  # stack can only refuse the message.
  Scenario Outline: SetDisposition with <member> written as "<text>" is refused
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetDisposition with <member> as the raw text "<text>", and:
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | (nil)             |
    Then the request is refused

    Examples:
      | member          | text  |
      | DispositionId   | sale  |
      | WrapNotRequired | maybe |

  # These members are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: SetDisposition without <member> is refused
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetDisposition leaving out <member>, with:
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | (nil)             |
    Then the request is refused

    Examples:
      | member                       |
      | SessionId                    |
      | RequestId                    |
      | TenantId                     |
      | AgentIdx                     |
      | CallId                       |
      | DispositionId                |
      | SummaryDispositionSuccessful |
      | WrapNotRequired              |

  Scenario: SetDisposition with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetDisposition with:
      | SessionId                    | "no-such-session" |
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | (nil)             |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: SetDisposition naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetDisposition with:
      | TenantId                     | $otherTenant      |
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | (nil)             |
    Then the request is refused with InvalidTenantId

  @EDK-5-3
  Scenario: SetDisposition while offline is refused with InvalidRequest
    Given a session subscribed to "agent"
    And agent A is logged in
    When the session goes offline
    And the client sends SetDisposition with:
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | (nil)             |
    Then the request is refused with InvalidRequest
