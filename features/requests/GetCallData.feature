@request:GetCallData @EDK-3-15
Feature: GetCallData
  The client asks for the call's user-defined data; CallDataUpdate answers with the data
  and UpdateType GetCallDataReturned (GetCallDataNotReturned when there is none),
  carrying the request's RequestId (EDK 4-13). Arguments wrong whatever the world are
  refused with a fault; what depends on the world is answered by CallRequestFailed with
  the RequestId (EDK 2-4, 4-20).

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

  @trigger:inbound-call
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

  Scenario Outline: GetCallData without <member> is refused with MissingArg
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

  Scenario: GetCallData with a CallId that is not an int is refused with InvalidParameter
    Given a session subscribed to "call"
    When the client sends GetCallData writing "all" as its CallId, with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request is refused with InvalidParameter

  # mock's choice: a CallId that cannot name a call (≤ 0) is rejected outright (EDK 2-4).
  Scenario: GetCallData with CallId 0 is refused with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends GetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | 0            |
    Then the request is refused with InvalidCallId

  Scenario: GetCallData for a call the system does not know fails with CallRequestFailed InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends GetCallData with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                |
      | CallId      | an unknown callId |
      | FailureType | InvalidCallId     |

  Scenario: GetCallData for an agent the system does not know fails with CallRequestFailed InvalidAgent
    Given a session subscribed to "agent, call"
    When the client sends GetCallData with:
      | AgentIdx | an unknown agentId |
      | CallId   | an unknown callId  |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r           |
      | FailureType | InvalidAgent |

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  @trigger:inbound-call
  Scenario: GetCallData for an agent who is not logged in fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends GetCallData with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  Scenario: GetCallData with an unknown SessionId is refused with InvalidSessionId
    When the client sends GetCallData with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7403              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
    Then the request is refused with InvalidSessionId

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
