@request:ClearCall @EDK-3-13
Feature: ClearCall
  The client clears the agent's call: the agent's leg is cleared at the near end
  (CallCleared NearEnd, carrying the request's RequestId), the agent enters Wrap, and a
  two-party call ends (CallEnd) (EDK 2-1, 3-13). In a conference only the agent's leg
  clears (E-13; the kit's reading, conference-legs). A request the CTIPS cannot carry out
  is refused: by a fault (EDK 2-4) or by CallRequestFailed with the RequestId (EDK 4-20);
  either passes.

  # The agent hangs up first: "NearEnd or FarEnd depending on whether the agent or customer
  # hangs up the call first" (EDK 4-9); then wrap and CallEnd in chapter 2's order (EDK 2-1).
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

  # After CallEnd "the CallId and all associated Call Data are no longer valid" (EDK 4-16).
  @trigger:inbound-call
  Scenario: A cleared call is gone: a second ClearCall is refused
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
    Then the request is refused with InvalidCallId

  # The kit's reading: ClearCall clears "all devices in a 2-way or 3-way call" (EDK 3-13,
  # C-2), and the E-13 diagram ("Conference Initiator Hang Up") is missing; the kit expects
  # only the initiator's leg to clear (conference-legs), on the customer call's CallId,
  # which the conference keeps (merged-call-ids).
  @trigger:inbound-call @reading:conference-legs @reading:merged-call-ids
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

  # Every member of ClearCallArgs is IsRequired (WIRE).
  Scenario Outline: ClearCall without <member> is refused
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

  # "12.5" is no xs:int: a WCF stack cannot deserialize the message (WIRE).
  Scenario: ClearCall with a CallId that is not an int is refused
    Given a session subscribed to "call"
    When the client sends ClearCall writing "12.5" as its CallId, with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused

  # A CallId ≤ 0 names no call (CallIds are the system's, EDK 3-7; -1 means "no call" in
  # MakeCall, EDK 3-17), so the request cannot be carried out. The mock rejects it outright
  # (EDK 2-4); a CallRequestFailed passes too.
  Scenario: ClearCall with a negative CallId is refused with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | -7           |
    Then the request is refused with InvalidCallId

  # The kit's reading: an agent who is not on the call cannot clear it; the guide does not
  # say whose calls an agent's ClearCall may clear (EDK 3-13).
  @trigger:inbound-call @reading:state-preconditions
  Scenario: ClearCall by an agent who is not on the call is refused and the call goes on
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends ClearCall with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
    Then the request is refused with InvalidStateForRequest
    And the session receives no CallCleared within 150 ms

  # The AgentId is the one learned at login, for "all agent requests following a successful
  # agent login" (EDK 3-7): an agent who is not logged in cannot clear a call. Which
  # FailureType says so is the kit's reading (EDK 4-20 names none).
  @trigger:inbound-call
  Scenario: ClearCall for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ClearCall with:
      | AgentIdx | agent C's id |
      | CallId   | $call        |
    Then the request is refused with InvalidStateForRequest

  Scenario: ClearCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends ClearCall with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7302              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
    Then the request is refused with InvalidSessionId

  # "After the session is placed OffLine, the CTIPS no longer accepts requests" (EDK 5-3).
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
