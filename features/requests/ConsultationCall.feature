@request:ConsultationCall @EDK-3-14
Feature: ConsultationCall
  The client puts the agent's active call on hold and makes a consultation call to an
  agent, a service or an external number. CallHeld and CallOriginated carry the
  request's RequestId (EDK 4-17, 4-19); once the consulted party answers, CallConsultation
  tells the consulting agent (EDK 4-13). Arguments wrong whatever the world are refused
  with a fault; what depends on the world is answered by CallRequestFailed with the
  RequestId (EDK 2-4, 4-20).

  @trigger:inbound-call
  Scenario: A valid ConsultationCall to an agent holds the call and originates the consultation
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ServiceId          | 0            |
      | UserData           | []           |
    Then the request succeeds
    And the session receives, in order:
      | id         | event          | where                                                               |
      | held       | CallHeld       | CallId=$call, AgentId=$agentA, RequestId=$r                         |
      | originated | CallOriginated | CallId=$c2, RequestId=$r, DestType=Agent, Destination=$agentB       |
      | ringing    | CallConnected  | CallId=$c2, AgentId=$agentB                                         |
    When the client sends AcceptCall with:
      | AgentIdx         | agent B's id |
      | CallId           | $c2          |
      | AcceptCall       | true         |
      | RejectReasonCode | 0            |
    Then the session receives CallConsultation with:
      | RequestId           | $r:ConsultationCall |
      | CallId              | $call               |
      | ConsultationCallId  | $c2                 |
      | ConsultationAgentId | $agentB             |
    And the recording passes the correlation checks

  @trigger:inbound-call
  Scenario: A valid ConsultationCall to a service delivers the consultation call to that service
    Given a session subscribed to "agent, call"
    And $second is the text of "the second service"
    And agent A is talking to a customer on the inbound service
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | DestinationType    | Service      |
      | DestinationAddress | $second      |
      | ServiceId          | 0            |
      | UserData           | []           |
    Then the request succeeds
    And the session receives, in order:
      | id         | event          | where                                                            |
      | held       | CallHeld       | CallId=$call, RequestId=$r                                       |
      | originated | CallOriginated | CallId=$c2, RequestId=$r, DestType=Service, Destination=$second  |
      | delivered  | CallDelivered  | CallId=$c2, ServiceId=$second                                    |

  Scenario Outline: ConsultationCall without <member> is refused with MissingArg
    Given a session subscribed to "call"
    When the client sends ConsultationCall with exactly these arguments:
      | SessionId          | $session             |
      | RequestId          | 7901                 |
      | TenantId           | $tenant                    |
      | AgentIdx           | agent A's id         |
      | CallId             | an unknown callId    |
      | DestinationType    | <DestinationType>    |
      | DestinationAddress | <DestinationAddress> |
      | ServiceId          | <ServiceId>          |
      | UserData           | <UserData>           |
    Then the request is refused

    Examples:
      | member             | DestinationType | DestinationAddress | ServiceId | UserData |
      | DestinationType    | (absent)        | agent B            | 0         | []       |
      | DestinationAddress | Agent           | (absent)           | 0         | []       |
      | ServiceId          | Agent           | agent B            | (absent)  | []       |
      | UserData           | Agent           | agent B            | 0         | (absent) |

  # mock's choice: NoDestination (and INVALID) cannot be consulted (EDK 3-14 allows Agent, External, Service).
  @trigger:inbound-call
  Scenario: ConsultationCall with DestinationType NoDestination is refused with InvalidDestination
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id  |
      | CallId             | $call         |
      | DestinationType    | NoDestination |
      | DestinationAddress | agent B       |
      | ServiceId          | 0             |
      | UserData           | []            |
    Then the request is refused with InvalidDestination

  @trigger:inbound-call
  Scenario: ConsultationCall to an agent login name the system does not know fails and the call is not held
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id         |
      | CallId             | $call                |
      | DestinationType    | Agent                |
      | DestinationAddress | an unknown loginName |
      | ServiceId          | 0                    |
      | UserData           | []                   |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r               |
      | CallId      | $call            |
      | FailureType | InvalidAgentName |
    And the session receives no CallHeld within 150 ms

  @trigger:inbound-call
  Scenario: ConsultationCall from a call on hold fails with InvalidStateForRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    And agent B is logged in
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ServiceId          | 0            |
      | UserData           | []           |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | CallId      | $call                  |
      | FailureType | InvalidStateForRequest |

  Scenario: ConsultationCall from a call the system does not know fails with CallRequestFailed InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    And agent B is logged in
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id      |
      | CallId             | an unknown callId |
      | DestinationType    | Agent             |
      | DestinationAddress | agent B           |
      | ServiceId          | 0                 |
      | UserData           | []                |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                |
      | CallId      | an unknown callId |
      | FailureType | InvalidCallId     |

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  @trigger:inbound-call
  Scenario: ConsultationCall for an agent who is not logged in fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ConsultationCall with:
      | AgentIdx           | agent B's id |
      | CallId             | $call        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent A      |
      | ServiceId          | 0            |
      | UserData           | []           |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  Scenario: ConsultationCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends ConsultationCall with exactly these arguments:
      | SessionId          | "no-such-session" |
      | RequestId          | 7902              |
      | TenantId           | $tenant                 |
      | AgentIdx           | agent A's id      |
      | CallId             | an unknown callId |
      | DestinationType    | Agent             |
      | DestinationAddress | agent B           |
      | ServiceId          | 0                 |
      | UserData           | []                |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call
  Scenario: ConsultationCall while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the session goes offline
    And the client sends ConsultationCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ServiceId          | 0            |
      | UserData           | []           |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
