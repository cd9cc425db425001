@request:ClearCall @EDK-3-13
Feature: ClearCall
  The client clears the agent's call: the agent's leg is cleared at the near end
  (CallCleared NearEnd, carrying the request's RequestId), the agent enters Wrap, and a
  two-party call ends (CallEnd). In a conference only the agent's leg clears (E-13).
  Arguments wrong whatever the world are refused with a fault; what depends on the world
  is answered by CallRequestFailed with the RequestId (EDK 2-4, 4-20).

  @trigger:inbound-call
  Scenario: A valid ClearCall clears the call at the near end, CallCleared carries its RequestId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives, in order:
      | id      | event            | where                                                                 |
      | cleared | CallCleared      | CallId=$call, AgentId=$agentA, ClearingPartyType=NearEnd, RequestId=$r |
      | wrap    | AgentStateChange | AgentId=$agentA, AgentState=Wrap                                      |
      | end     | CallEnd          | CallId=$call                                                          |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

  @trigger:inbound-call
  Scenario: A cleared call is gone: a second ClearCall fails with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the session receives CallEnd with:
      | CallId | $call |
    When the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r            |
      | CallId      | $call         |
      | FailureType | InvalidCallId |

  @trigger:inbound-call
  Scenario: ClearCall in a conference clears only the requesting agent's leg (E-13)
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    And agent A has a consultation call with agent B
    And the client sends ConferenceCall with:
      | AgentIdx           | agent A's id  |
      | CallId             | $call         |
      | ConsultationCallId | $consultation |
    And the session receives CallConferenced with:
      | RequestId | $r |
    When the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallCleared with:
      | RequestId         | $r      |
      | CallId            | $call   |
      | AgentId           | $agentA |
      | ClearingPartyType | NearEnd |
    And the session receives no CallEnd within 150 ms

  Scenario Outline: ClearCall without <member> is refused with MissingArg
    Given a session subscribed to "call"
    When the client sends ClearCall with exactly these arguments:
      | SessionId | <SessionId> |
      | RequestId | 7301        |
      | TenantId  | <TenantId>  |
      | AgentIdx  | <AgentIdx>  |
      | CallId    | <CallId>    |
    Then the request is refused

    Examples:
      | member    | SessionId | TenantId | AgentIdx     | CallId            |
      | SessionId | (absent)  | 1        | agent A's id | an unknown callId |
      | TenantId  | $session  | (absent) | agent A's id | an unknown callId |
      | AgentIdx  | $session  | 1        | (absent)     | an unknown callId |
      | CallId    | $session  | 1        | agent A's id | (absent)          |

  Scenario: ClearCall with a CallId that is not an int is refused with InvalidParameter
    Given a session subscribed to "call"
    When the client sends ClearCall writing "12.5" as its CallId, with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused with InvalidParameter

  # mock's choice: a CallId that cannot name a call (≤ 0) is rejected outright (EDK 2-4).
  Scenario: ClearCall with a negative CallId is refused with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | -7           |
    Then the request is refused with InvalidCallId

  # mock's choice: an agent who is not on the call cannot clear it (InvalidStateForRequest).
  @trigger:inbound-call
  Scenario: ClearCall by an agent who is not on the call fails and the call goes on
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends ClearCall with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | CallId      | $call                  |
      | FailureType | InvalidStateForRequest |
    And the session receives no CallCleared within 150 ms

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  @trigger:inbound-call
  Scenario: ClearCall for an agent who is not logged in fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ClearCall with:
      | AgentIdx | agent C's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  Scenario: ClearCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends ClearCall with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7302              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call
  Scenario: ClearCall while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the session goes offline
    And the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
