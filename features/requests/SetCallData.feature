@request:SetCallData @EDK-3-15
Feature: SetCallData
  The client attaches user-defined data to the call (up to 20 items); CallDataUpdate
  answers with UpdateType SetCallDataSucceeded and the call data after the update,
  carrying the request's RequestId (EDK 4-13). Arguments wrong whatever the world are
  refused with a fault; what depends on the world is answered by CallRequestFailed with
  the RequestId (EDK 2-4, 4-20).

  @trigger:inbound-call
  Scenario: A valid SetCallData is answered by CallDataUpdate SetCallDataSucceeded with the data
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
    And the CallDataUpdate event carries the call data:
      | AccountNumber | "4711" |
      | Priority      | "gold" |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  @trigger:inbound-call
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

  Scenario Outline: SetCallData without <member> is refused with MissingArg
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

  # The guide allows 20 user-defined fields (EDK 3-15): a 21st is rejected outright.
  @trigger:inbound-call
  Scenario: SetCallData with more than 20 UserData items is refused with InvalidParameter
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
      | UserData | ["k1=1", "k2=2", "k3=3", "k4=4", "k5=5", "k6=6", "k7=7", "k8=8", "k9=9", "k10=10", "k11=11", "k12=12", "k13=13", "k14=14", "k15=15", "k16=16", "k17=17", "k18=18", "k19=19", "k20=20", "k21=21"] |
    Then the request is refused with InvalidParameter

  # mock's choice: a SetCallData with nothing to set is rejected outright as an invalid parameter.
  @trigger:inbound-call
  Scenario: SetCallData with an empty UserData is refused with InvalidParameter
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
      | UserData | []           |
    Then the request is refused with InvalidParameter

  Scenario: SetCallData for a call the system does not know fails with CallRequestFailed InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends SetCallData with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
      | UserData | ["a=1"]           |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                |
      | CallId      | an unknown callId |
      | FailureType | InvalidCallId     |

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  @trigger:inbound-call
  Scenario: SetCallData for an agent who is not logged in fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetCallData with:
      | AgentIdx | agent B's id |
      | CallId   | $call        |
      | UserData | ["a=1"]      |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  Scenario: SetCallData with an unknown SessionId is refused with InvalidSessionId
    When the client sends SetCallData with exactly these arguments:
      | SessionId | "no-such-session" |
      | RequestId | 7502              |
      | TenantId  | $tenant                 |
      | AgentIdx  | agent A's id      |
      | CallId    | an unknown callId |
      | UserData  | ["a=1"]           |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call
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
