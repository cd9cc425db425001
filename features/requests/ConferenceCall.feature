@request:ConferenceCall @EDK-3-13
Feature: ConferenceCall
  The client joins the agent's held call (CallId, the customer) and its answered
  consultation call (ConsultationCallId) into one conference; CallConferenced carries the
  request's RequestId with the consulting and consulted calls (EDK 4-11). A request the
  CTIPS cannot carry out is refused: by a fault (EDK 2-4) or by CallRequestFailed with
  the RequestId (EDK 4-20); either passes.

  @trigger:inbound-call
  Scenario: A valid ConferenceCall joins the held call and the consultation, CallConferenced carries its RequestId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    And agent A has a consultation call with agent B
    When the client sends ConferenceCall with:
      | AgentIdx           | agent A's id  |
      | CallId             | $call         |
      | ConsultationCallId | $consultation |
    Then the request succeeds
    And the session receives CallConferenced with:
      | RequestId        | $r            |                             |
      | AgentId          | $agentA       | reading:event-agent-ids |
      | ConsultingCallId | $call         |                             |
      | ConsultedCallId  | $consultation |                             |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  # The kit's reading: ConferenceCall joins a held call "and another active call
  # (consultation call)" (EDK 3-13); the guide does not say that one whose consultation
  # still rings is refused.
  @trigger:inbound-call @reading:state-preconditions
  Scenario: ConferenceCall while the consultation still rings is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    And the client sends ConsultationCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ServiceId          | 0            |
      | UserData           | []           |
    And the session receives, in order:
      | id         | event          | where                        |
      | originated | CallOriginated | CallId=$c2, RequestId=$r     |
      | ringing    | CallConnected  | CallId=$c2, AgentId=$agentB  |
    When the client sends ConferenceCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | ConsultationCallId | $c2          |
    Then the request is refused with InvalidStateForRequest

  # Every member of ConferenceCallArgs is IsRequired (WIRE).
  Scenario Outline: ConferenceCall without <member> is refused
    Given a session subscribed to "call"
    When the client sends ConferenceCall with exactly these arguments:
      | SessionId          | $session             |
      | RequestId          | 8001                 |
      | TenantId           | $tenant                    |
      | AgentIdx           | <AgentIdx>           |
      | CallId             | <CallId>             |
      | ConsultationCallId | <ConsultationCallId> |
    Then the request is refused

    Examples:
      | member             | AgentIdx     | CallId            | ConsultationCallId |
      | AgentIdx           | (absent)     | an unknown callId | an unknown callId  |
      | CallId             | agent A's id | (absent)          | an unknown callId  |
      | ConsultationCallId | agent A's id | an unknown callId | (absent)           |

  # "second" is no xs:int: a WCF stack cannot deserialize the message (WIRE).
  Scenario: ConferenceCall with a ConsultationCallId that is not an int is refused
    Given a session subscribed to "call"
    When the client sends ConferenceCall writing "second" as its ConsultationCallId, with:
      | AgentIdx           | agent A's id      |
      | CallId             | an unknown callId |
      | ConsultationCallId | an unknown callId |
    Then the request is refused

  # A ConsultationCallId ≤ 0 names no call (EDK 3-7), so there is nothing to conference.
  # The mock rejects it outright (EDK 2-4); a CallRequestFailed passes too.
  @trigger:inbound-call
  Scenario: ConferenceCall with ConsultationCallId 0 is refused with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ConferenceCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | ConsultationCallId | 0            |
    Then the request is refused with InvalidCallId

  # ConsultationCallId names "the consultation call between the agent and a third party"
  # (EDK 3-13): an unknown one names none.
  @trigger:inbound-call
  Scenario: ConferenceCall with a consultation call the system does not know is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ConferenceCall with:
      | AgentIdx           | agent A's id      |
      | CallId             | $call             |
      | ConsultationCallId | an unknown callId |
    Then the request is refused with InvalidCallId

  # The AgentId is the one learned at login, for "all agent requests following a successful
  # agent login" (EDK 3-7). Which FailureType says so is the kit's reading (EDK 4-20 names none).
  @trigger:inbound-call
  Scenario: ConferenceCall for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    And agent A has a consultation call with agent B
    When the client sends ConferenceCall with:
      | AgentIdx           | agent C's id  |
      | CallId             | $call         |
      | ConsultationCallId | $consultation |
    Then the request is refused with InvalidStateForRequest

  Scenario: ConferenceCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends ConferenceCall with exactly these arguments:
      | SessionId          | "no-such-session" |
      | RequestId          | 8002              |
      | TenantId           | $tenant                 |
      | AgentIdx           | agent A's id      |
      | CallId             | an unknown callId |
      | ConsultationCallId | an unknown callId |
    Then the request is refused with InvalidSessionId

  # "After the session is placed OffLine, the CTIPS no longer accepts requests" (EDK 5-3).
  @trigger:inbound-call
  Scenario: ConferenceCall while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    And agent A has a consultation call with agent B
    When the session goes offline
    And the client sends ConferenceCall with:
      | AgentIdx           | agent A's id  |
      | CallId             | $call         |
      | ConsultationCallId | $consultation |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
