@request:SetCallData @EDK-3-15
Feature: SetCallData
  The client attaches user-defined data to the call (up to 20 items); CallDataUpdate
  answers with UpdateType SetCallDataSucceeded, carrying the request's RequestId
  (EDK 4-13, C-3). How a UserData string becomes a call data item, and that the update
  carries the call's data, is the kit's reading (user-data-key-value). A request that cannot
  be carried out is refused: by a fault (EDK 2-4) or by CallRequestFailed with its
  RequestId (EDK 4-20) — the guide allows both, so the scenarios accept either.

  @trigger:inbound-call
  Scenario: A valid SetCallData is answered by CallDataUpdate SetCallDataSucceeded
    # EDK 4-13: CallDataUpdate "is generated after successfully processing a SetCallData";
    # UpdateType SetCallDataSucceeded.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetCallData with:
      | AgentIdx | agent A's id                          |
      | CallId   | $call                                 |
      | UserData | ["AccountNumber=4711", "Priority=gold"] |
    Then the request succeeds
    And the session receives CallDataUpdate with:
      | RequestId  | $r                   |
      | CallId     | $call                |
      | AgentId    | $agentA              |
      | UpdateType | SetCallDataSucceeded |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  @trigger:inbound-call @reading:user-data-key-value
  Scenario: SetCallData's key=value items come back in CallDataUpdate's call data
    # The kit's reading: an item "key=value" sets that key, and the CallDataUpdate answering
    # SetCallData carries the call's data after the update (EDK 4-13 says so for GetCallData only).
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetCallData with:
      | AgentIdx | agent A's id                          |
      | CallId   | $call                                 |
      | UserData | ["AccountNumber=4711", "Priority=gold"] |
    Then the request succeeds
    And the session receives CallDataUpdate with:
      | RequestId  | $r                   |
      | UpdateType | SetCallDataSucceeded |
    And the CallDataUpdate event carries the call data:
      | AccountNumber | "4711" |
      | Priority      | "gold" |

  @trigger:inbound-call @reading:user-data-key-value
  Scenario: SetCallData of a key the call already has replaces its value
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And the client sends SetCallData with:
      | AgentIdx | agent A's id         |
      | CallId   | $call                |
      | UserData | ["AccountNumber=1"]  |
    When the client sends SetCallData with:
      | AgentIdx | agent A's id         |
      | CallId   | $call                |
      | UserData | ["AccountNumber=2"]  |
    Then the session receives CallDataUpdate with:
      | RequestId  | $r                   |
      | UpdateType | SetCallDataSucceeded |
    And the CallDataUpdate event carries the call data:
      | AccountNumber | "2" |

  # These members are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: SetCallData without <member> is refused
    Given a session subscribed to "call"
    When the client sends SetCallData with exactly these arguments:
      | SessionId | $session    |
      | RequestId | 7501        |
      | TenantId  | $tenant           |
      | AgentIdx  | <AgentIdx>  |
      | CallId    | <CallId>    |
      | UserData  | <UserData>  |
    Then the request is refused

    Examples:
      | member   | AgentIdx     | CallId            | UserData  |
      | AgentIdx | (absent)     | an unknown callId | ["a=1"]   |
      | CallId   | agent A's id | (absent)          | ["a=1"]   |
      | UserData | agent A's id | an unknown callId | (absent)  |

  # EDK 3-15: UserData holds "20 user defined variable fields"; it does not say what a
  # 21st gets. The kit's reading: it is refused.
  @trigger:inbound-call @reading:argument-limits
  Scenario: SetCallData with more than 20 UserData items is refused with InvalidParameter
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
      | UserData | ["k1=1", "k2=2", "k3=3", "k4=4", "k5=5", "k6=6", "k7=7", "k8=8", "k9=9", "k10=10", "k11=11", "k12=12", "k13=13", "k14=14", "k15=15", "k16=16", "k17=17", "k18=18", "k19=19", "k20=20", "k21=21"] |
    Then the request is refused with InvalidParameter

  # The kit's reading: a SetCallData with nothing to set is refused (the guide is silent).
  @trigger:inbound-call @reading:argument-limits
  Scenario: SetCallData with an empty UserData is refused with InvalidParameter
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
      | UserData | []           |
    Then the request is refused with InvalidParameter

  Scenario: SetCallData for a call the system does not know is refused
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends SetCallData with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
      | UserData | ["a=1"]           |
    Then the request is refused with InvalidCallId

  # EDK 3-7: the AgentId is used "in all agent requests following a successful agent
  # login"; agent B is not logged in. EDK 4-20 names no FailureType.
  @trigger:inbound-call
  Scenario: SetCallData for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetCallData with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
      | UserData | ["a=1"]      |
    Then the request is refused with InvalidStateForRequest

  Scenario: SetCallData with an unknown SessionId is refused with InvalidSessionId
    When the client sends SetCallData with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7502              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
      | UserData  | ["a=1"]           |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call @EDK-5-3
  Scenario: SetCallData while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the session goes offline
    And the client sends SetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
      | UserData | ["a=1"]      |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
