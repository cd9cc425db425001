@request:SendDTMFDigits @EDK-3-18
Feature: SendDTMFDigits
  The client dials digits on a call the agent is connected to; DigitsDialed follows with
  the digit string, carrying the request's RequestId (EDK 4-23). Arguments wrong
  whatever the world are refused with a fault; what depends on the world is answered by
  CallRequestFailed with the RequestId (EDK 2-4, 4-20).

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

  Scenario Outline: SendDTMFDigits without <member> is refused with MissingArg
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

  # mock's choice: digits other than DTMF (0-9, *, #, A-D) are rejected outright (EDK 2-4).
  @trigger:inbound-call
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

  @trigger:inbound-call
  Scenario: SendDTMFDigits on a held call fails with InvalidStateForRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id |
      | CallId     | $call        |
      | DtmfDigits | "5"          |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | CallId      | $call                  |
      | FailureType | InvalidStateForRequest |

  Scenario: SendDTMFDigits on a call the system does not know fails with CallRequestFailed InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id      |
      | CallId     | an unknown callId |
      | DtmfDigits | "5"               |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                |
      | CallId      | an unknown callId |
      | FailureType | InvalidCallId     |

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  @trigger:inbound-call
  Scenario: SendDTMFDigits for an agent who is not logged in fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent B's id |
      | CallId     | $call        |
      | DtmfDigits | "5"          |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  Scenario: SendDTMFDigits with an unknown SessionId is refused with InvalidSessionId
    When the client sends SendDTMFDigits with exactly these arguments:
      | SessionId  | "no-such-session" |
      | RequestId  | 7602              |
      | TenantId   | $tenant                 |
      | AgentIdx   | agent A's id      |
      | CallId     | an unknown callId |
      | DtmfDigits | "5"               |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call
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
