@request:SetDisposition @EDK-3-11
Feature: SetDisposition
  The agent dispositions its call: in wrap, the call completes (CallCompleted, including
  the wrap time) and the agent becomes available, both with the request's RequestId
  (EDK 3-11, 2-1, 4-10). WrapNotRequired bypasses wrap. Failures are answered by
  AgentRequestFailed (EDK 4-9). UserData is a wire member the guide's table lacks.

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
      | id        | event            | where                                          |
      | completed | CallCompleted    | RequestId=$r, CallId=$call                     |
      | idle      | AgentStateChange | RequestId=$r, AgentId=$agentA, AgentState=Idle |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

  @trigger:inbound-call
  Scenario: SetDisposition with WrapNotRequired during the call bypasses wrap
    # EDK 3-11: "Set to true to bypass wrap state". mock's choice: the request is answered
    # at once by AgentStateChange with the agent's current state, and the disposition is
    # reported in CallEnd.AgentDisposition.
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
      | AgentId    | $agentA |
      | AgentState | Active  |
      | RequestId  | $r      |
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
  Scenario Outline: SetDisposition in wrap with <case> fails with <failure>
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
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r        |
      | AgentId     | $agentA   |
      | FailureType | <failure> |
    And the session has received no CallCompleted since its SetDisposition

    # 999999: a DispositionId no site configures (the site profile names only a valid one).
    Examples:
      | case                        | callId            | dispositionId | failure       |
      | an unconfigured disposition | $call             | 999999        | RequestFailed |
      | an unknown call             | an unknown callId | $disposition  | InvalidCallId |

  Scenario: SetDisposition for an unknown agent fails with InvalidAgent
    Given a session subscribed to "agent"
    When the client sends SetDisposition with:
      | AgentIdx                     | an unknown agentId |
      | CallId                       | an unknown callId  |
      | DispositionId                | $disposition       |
      | SummaryDispositionSuccessful | true               |
      | WrapNotRequired              | false              |
      | UserData                     | (nil)              |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r                 |
      | AgentId     | an unknown agentId |
      | FailureType | InvalidAgent       |
    And the recording passes the correlation checks

  Scenario: SetDisposition for an agent not logged in fails with InvalidStateForRequest
    Given a session subscribed to "agent"
    And agent A has been logged in and out again
    When the client sends SetDisposition with:
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | (nil)             |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r                     |
      | AgentId     | $agentA                |
      | FailureType | InvalidStateForRequest |

  Scenario Outline: SetDisposition with CallId <callId> is refused with InvalidCallId
    # mock's choice (docs/flows.md): a CallId that cannot name a call is a bad argument.
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
    And the session has received no events since its SetDisposition

    Examples:
      | callId |
      | 0      |
      | -1     |

  Scenario Outline: SetDisposition with <member> written as "<text>" is refused with InvalidParameter
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetDisposition with <member> as the raw text "<text>", and:
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | (nil)             |
    Then the request is refused with InvalidParameter

    Examples:
      | member          | text  |
      | DispositionId   | sale  |
      | WrapNotRequired | maybe |

  Scenario Outline: SetDisposition without <member> is refused with MissingArg
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
