@request:GetCallData @EDK-3-15
Feature: GetCallData
  The client asks for the call's user-defined data; CallDataUpdate answers with the data
  and UpdateType GetCallDataReturned (GetCallDataNotReturned when there is none),
  carrying the request's RequestId (EDK 4-13). A request the CTIPS cannot carry out is
  refused: by a fault (EDK 2-4), by CallRequestFailed with the RequestId (EDK 4-20) or by
  CallDataUpdate GetCallDataNotReturned; any passes.

  @trigger:inbound-call
  Scenario: A valid GetCallData is answered by CallDataUpdate carrying its RequestId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends GetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallDataUpdate with:
      | RequestId | $r      |
      | CallId    | $call   |
      | AgentId   | $agentA |
    And the CallDataUpdate event has the fields:
      | field      | wire type             | rule                                            |
      | UpdateType | CTICallDataUpdateType | one of GetCallDataReturned, GetCallDataNotReturned |
      | CallData   | CTICallDataItem[]     | any                                             |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  # CallDataUpdate follows SetCallData (SetCallDataSucceeded) and GetCallData, and a call
  # with data returns it: GetCallDataReturned (EDK 4-13, A-9).
  @trigger:inbound-call
  Scenario: GetCallData after SetCallData returns the call's data
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And the client sends SetCallData with:
      | AgentIdx | agent A's id                          |
      | CallId   | $call                                 |
      | UserData | ["AccountNumber=4711", "Priority=gold"] |
    And the session receives CallDataUpdate with:
      | RequestId  | $r                   |
      | UpdateType | SetCallDataSucceeded |
    When the client sends GetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the session receives CallDataUpdate with:
      | RequestId  | $r                  |
      | CallId     | $call               |
      | UpdateType | GetCallDataReturned |

  # The kit's reading: a UserData item "key=value" becomes the call data item with that key
  # and value (the guide has UserData strings, EDK 3-15, and key/value items, EDK A-9).
  @trigger:inbound-call @reading:user-data-key-value
  Scenario: GetCallData returns the data SetCallData attached to the call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And the client sends SetCallData with:
      | AgentIdx | agent A's id                          |
      | CallId   | $call                                 |
      | UserData | ["AccountNumber=4711", "Priority=gold"] |
    And the session receives CallDataUpdate with:
      | RequestId  | $r                   |
      | UpdateType | SetCallDataSucceeded |
    When the client sends GetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the session receives CallDataUpdate with:
      | RequestId  | $r                  |
      | CallId     | $call               |
      | UpdateType | GetCallDataReturned |
    And the CallDataUpdate event carries the call data:
      | AccountNumber | "4711" |
      | Priority      | "gold" |

  # Every member of GetCallDataArgs is IsRequired (WIRE).
  Scenario Outline: GetCallData without <member> is refused
    Given a session subscribed to "call"
    When the client sends GetCallData with exactly these arguments:
      | SessionId | $session    |
      | RequestId | <RequestId> |
      | TenantId  | $tenant           |
      | AgentIdx  | <AgentIdx>  |
      | CallId    | <CallId>    |
    Then the request is refused

    Examples:
      | member    | RequestId | AgentIdx     | CallId            |
      | RequestId | (absent)  | agent A's id | an unknown callId |
      | AgentIdx  | 7401      | (absent)     | an unknown callId |
      | CallId    | 7402      | agent A's id | (absent)          |

  # "all" is no xs:int: a WCF stack cannot deserialize the message (WIRE).
  Scenario: GetCallData with a CallId that is not an int is refused
    Given a session subscribed to "call"
    When the client sends GetCallData writing "all" as its CallId, with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused

  # A CallId ≤ 0 names no call (EDK 3-7), so there is no data to return. The mock rejects
  # it outright (EDK 2-4); CallRequestFailed or GetCallDataNotReturned pass too.
  Scenario: GetCallData with CallId 0 is refused with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends GetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | 0            |
    Then the request is refused with InvalidCallId

  # An unknown CallId names no call: there is no call data to retrieve (EDK 3-15).
  Scenario: GetCallData for a call the system does not know is refused
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends GetCallData with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused with InvalidCallId

  # The AgentId "is used by the Unified IP system to identify the agent" (EDK 3-7): an
  # unknown one names nobody.
  Scenario: GetCallData for an agent the system does not know is refused
    Given a session subscribed to "agent, call"
    When the client sends GetCallData with:
      | AgentIdx | an unknown agentId |
      | CallId   | an unknown callId  |
    Then the request is refused with InvalidAgent

  # The AgentId is the one learned at login, for "all agent requests following a successful
  # agent login" (EDK 3-7). Which FailureType says so is the kit's reading (EDK 4-20 names none).
  @trigger:inbound-call
  Scenario: GetCallData for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends GetCallData with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
    Then the request is refused with InvalidStateForRequest

  Scenario: GetCallData with an unknown SessionId is refused with InvalidSessionId
    When the client sends GetCallData with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7403              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
    Then the request is refused with InvalidSessionId

  # "After the session is placed OffLine, the CTIPS no longer accepts requests" (EDK 5-3).
  @trigger:inbound-call
  Scenario: GetCallData while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the session goes offline
    And the client sends GetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
