@request:SendDTMFDigits @EDK-3-18
Feature: SendDTMFDigits
  The client dials digits on a call the agent is connected to; DigitsDialed follows with
  the digit string, carrying the request's RequestId (EDK 4-23, 4-3). A request that
  cannot be carried out is refused: by a fault (EDK 2-4) or by CallRequestFailed with its
  RequestId (EDK 4-20) — the guide allows both, so the scenarios accept either.

  @trigger:inbound-call
  Scenario: A valid SendDTMFDigits dials the digits, DigitsDialed carries its RequestId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id |
      | CallId     | $call        |
      | DtmfDigits | "1234#"      |
    Then the request succeeds
    And the session receives DigitsDialed with:
      | RequestId   | $r      |
      | CallId      | $call   |
      | AgentId     | $agentA |
      | DigitString | "1234#" |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  # EDK 3-18: "To send more digits, call SendDTMFDigits multiple times."
  @trigger:inbound-call
  Scenario: Digits sent one request at a time are dialled in order, each with its RequestId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id |
      | CallId     | $call        |
      | DtmfDigits | "9"          |
    And the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id |
      | CallId     | $call        |
      | DtmfDigits | "*"          |
    Then the session receives, in order:
      | id     | event        | where                            |
      | nine   | DigitsDialed | CallId=$call, DigitString="9"    |
      | star   | DigitsDialed | CallId=$call, DigitString="*", RequestId=$r |

  # These members are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: SendDTMFDigits without <member> is refused
    Given a session subscribed to "call"
    When the client sends SendDTMFDigits with exactly these arguments:
      | SessionId  | $session     |
      | RequestId  | 7601         |
      | TenantId   | $tenant            |
      | AgentIdx   | <AgentIdx>   |
      | CallId     | <CallId>     |
      | DtmfDigits | <DtmfDigits> |
    Then the request is refused

    Examples:
      | member     | AgentIdx     | CallId            | DtmfDigits |
      | AgentIdx   | (absent)     | an unknown callId | "1"        |
      | CallId     | agent A's id | (absent)          | "1"        |
      | DtmfDigits | agent A's id | an unknown callId | (absent)   |

  # EDK 3-18 describes DTMFDigits as "Digit to dial" and says no more. The kit's reading:
  # a string that is empty or holds anything but DTMF (0-9, *, #, A-D) is refused.
  @trigger:inbound-call @reading:argument-limits
  Scenario Outline: SendDTMFDigits with DtmfDigits <digits> is refused with InvalidParameter
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id |
      | CallId     | $call        |
      | DtmfDigits | <digits>     |
    Then the request is refused with InvalidParameter

    Examples:
      | digits  |
      | "12x"   |
      | (empty) |

  # EDK 3-18 dials digits "for a call that has already been initiated" — a held call is
  # one. The kit's reading: the agent must be connected to the call, not holding it.
  @trigger:inbound-call @reading:state-preconditions
  Scenario: SendDTMFDigits on a held call is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id |
      | CallId     | $call        |
      | DtmfDigits | "5"          |
    Then the request is refused with InvalidStateForRequest

  Scenario: SendDTMFDigits on a call the system does not know is refused
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id      |
      | CallId     | an unknown callId |
      | DtmfDigits | "5"               |
    Then the request is refused with InvalidCallId

  # EDK 3-7: the AgentId is used "in all agent requests following a successful agent
  # login"; agent B is not logged in (and not on the call). EDK 4-20 names no FailureType.
  @trigger:inbound-call
  Scenario: SendDTMFDigits for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent B's id |
      | CallId     | $call        |
      | DtmfDigits | "5"          |
    Then the request is refused with InvalidStateForRequest

  Scenario: SendDTMFDigits with an unknown SessionId is refused with InvalidSessionId
    When the client sends SendDTMFDigits with exactly these arguments:
      | SessionId  | "no-such-session" |
      | RequestId  | 7602              |
      | TenantId   | $tenant                 |
      | AgentIdx   | agent A's id      |
      | CallId     | an unknown callId |
      | DtmfDigits | "5"               |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call @EDK-5-3
  Scenario: SendDTMFDigits while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the session goes offline
    And the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id |
      | CallId     | $call        |
      | DtmfDigits | "5"          |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
