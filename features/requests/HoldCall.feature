@request:HoldCall @EDK-3-16
Feature: HoldCall
  The client places the agent's call on hold; CallHeld follows, carrying the request's
  RequestId (EDK 4-17). A request the CTIPS cannot carry out is refused: by a fault
  (EDK 2-4) or by CallRequestFailed with the RequestId (EDK 4-20); either passes.

  @trigger:inbound-call
  Scenario: A valid HoldCall holds the call, CallHeld carries its RequestId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallHeld with:
      | RequestId | $r      |
      | CallId    | $call   |
      | AgentId   | $agentA |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  # Every member of HoldCallArgs is IsRequired (WIRE).
  Scenario Outline: HoldCall without <member> is refused
    Given a session subscribed to "call"
    When the client sends HoldCall with exactly these arguments:
      | SessionId | $session     |
      | RequestId | <RequestId>  |
      | TenantId  | $tenant            |
      | AgentIdx  | <AgentIdx>   |
      | CallId    | <CallId>     |
    Then the request is refused

    Examples:
      | member    | RequestId | AgentIdx     | CallId          |
      | RequestId | (absent)  | agent A's id | an unknown callId |
      | AgentIdx  | 7101      | (absent)     | an unknown callId |
      | CallId    | 7102      | agent A's id | (absent)        |

  # "call-one" is no xs:int: a WCF stack cannot deserialize the message (WIRE).
  Scenario: HoldCall with a CallId that is not an int is refused
    Given a session subscribed to "call"
    When the client sends HoldCall writing "call-one" as its CallId, with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused

  # A CallId ≤ 0 names no call (EDK 3-7), so there is nothing to hold. The mock rejects it
  # outright (EDK 2-4); a CallRequestFailed passes too.
  Scenario: HoldCall with CallId 0 is refused with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | 0            |
    Then the request is refused with InvalidCallId

  # An unknown CallId names no call to hold (EDK 3-16).
  Scenario: HoldCall on a call the system does not know is refused
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends HoldCall with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused with InvalidCallId

  # The kit's reading: the guide does not say that holding a held call is refused (EDK 3-16).
  @trigger:inbound-call @reading:state-preconditions
  Scenario: HoldCall on a call already on hold is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request is refused with InvalidStateForRequest

  # The AgentId is the one learned at login, for "all agent requests following a successful
  # agent login" (EDK 3-7). Which FailureType says so is the kit's reading (EDK 4-20 names none).
  @trigger:inbound-call
  Scenario: HoldCall for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends HoldCall with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
    Then the request is refused with InvalidStateForRequest

  Scenario: HoldCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends HoldCall with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7104              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
    Then the request is refused with InvalidSessionId

  # "After the session is placed OffLine, the CTIPS no longer accepts requests" (EDK 5-3).
  @trigger:inbound-call
  Scenario: HoldCall while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the session goes offline
    And the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
