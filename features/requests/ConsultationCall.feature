@request:ConsultationCall @EDK-3-14
Feature: ConsultationCall
  The client puts the agent's active call on hold and makes a consultation call to an
  agent, a service or an external number. CallHeld and CallOriginated carry the
  request's RequestId (EDK 4-17, 4-19); once the consulted party answers, CallConsultation
  tells the consulting agent (EDK 4-13). A request the CTIPS cannot carry out is refused:
  by a fault (EDK 2-4) or by CallRequestFailed with the RequestId (EDK 4-20); either
  passes.

  # "Places an existing active call at a device on hold and initiates a new call" (EDK 3-14);
  # CallOriginated carries the ConsultationCall's RequestId and Destination "the AgentId,
  # ServiceId, or number to be dialed" (EDK 4-19). Which RequestId CallConsultation
  # carries once B has accepted (the ConsultationCall's or the AcceptCall's) is the kit's
  # reading.
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
      | RequestId           | $r:ConsultationCall | reading:request-id-secondary-events |
      | CallId              | $call               |                               |
      | ConsultationCallId  | $c2                 |                               |
      | ConsultationAgentId | $agentB             |                               |
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

  # Every member of ConsultationCallArgs is IsRequired (WIRE).
  Scenario Outline: ConsultationCall without <member> is refused
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

  # The kit's reading: DestinationType "can only be set to" Agent, External or Service
  # (EDK 3-14); the guide does not say what a CTIPS does with NoDestination (a wire value).
  @trigger:inbound-call @reading:unlisted-values
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

  # DestinationAddress is the "Agent Login Name" (EDK 3-14): an unknown one names nobody to
  # consult. Which FailureType says so is the kit's reading.
  @trigger:inbound-call
  Scenario: ConsultationCall to an agent login name the system does not know is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id         |
      | CallId             | $call                |
      | DestinationType    | Agent                |
      | DestinationAddress | an unknown loginName |
      | ServiceId          | 0                    |
      | UserData           | []                   |
    Then the request is refused with InvalidAgentName

  # The kit's reading: the refused consultation leaves the customer call as it was.
  @trigger:inbound-call @reading:refused-request-changes-nothing
  Scenario: ConsultationCall to an agent login name the system does not know leaves the call unheld
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id         |
      | CallId             | $call                |
      | DestinationType    | Agent                |
      | DestinationAddress | an unknown loginName |
      | ServiceId          | 0                    |
      | UserData           | []                   |
    Then the request is refused with InvalidAgentName
    And the session receives no CallHeld within 150 ms

  # The kit's reading: ConsultationCall starts from "an existing active call" (EDK 3-14);
  # the guide does not say that one from a held call is refused.
  @trigger:inbound-call @reading:state-preconditions
  Scenario: ConsultationCall from a call on hold is refused
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
    Then the request is refused with InvalidStateForRequest

  # CallId names the agent's "existing active call" (EDK 3-14): an unknown one names none.
  Scenario: ConsultationCall from a call the system does not know is refused
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
    Then the request is refused with InvalidCallId

  # The AgentId is the one learned at login, for "all agent requests following a successful
  # agent login" (EDK 3-7). Which FailureType says so is the kit's reading (EDK 4-20 names none).
  @trigger:inbound-call
  Scenario: ConsultationCall for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ConsultationCall with:
      | AgentIdx           | agent B's id |
      | CallId             | $call        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent A      |
      | ServiceId          | 0            |
      | UserData           | []           |
    Then the request is refused with InvalidStateForRequest

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

  # "After the session is placed OffLine, the CTIPS no longer accepts requests" (EDK 5-3).
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
