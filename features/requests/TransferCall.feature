@request:TransferCall @EDK-3-19
Feature: TransferCall
  The client transfers the agent's connected two-party call: blind, to the destination
  named by DestinationType and DestinationAddress; or after consultation, to the party of
  the answered consultation call (ConsultationCallId). CallTransferred carries the
  request's RequestId (EDK 4-22); the agent's leg is cleared and the agent wraps (E-5 …
  E-8). Arguments wrong whatever the world are refused with a fault; what depends on
  the world is answered by CallRequestFailed with the RequestId (EDK 2-4, 4-20).

  @trigger:inbound-call
  Scenario: A valid blind TransferCall to an agent moves the call, CallTransferred carries its RequestId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | Blind        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ConsultationCallId | 0            |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the request succeeds
    And the session receives, in order:
      | id          | event            | where                                                    |
      | transferred | CallTransferred  | CallId=$call, AgentId=$agentA, RequestId=$r              |
      | cleared     | CallCleared      | CallId=$call, AgentId=$agentA, ClearingPartyType=NearEnd |
      | wrap        | AgentStateChange | AgentId=$agentA, AgentState=Wrap                         |
      | ringing     | CallConnected    | CallId=$call, AgentId=$agentB                            |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

  @trigger:inbound-call
  Scenario: A valid blind TransferCall to a service delivers the call to that service
    Given a session subscribed to "agent, call"
    And $second is the text of "the second service"
    And agent A is talking to a customer on the inbound service
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | Blind        |
      | DestinationType    | Service      |
      | DestinationAddress | $second      |
      | ConsultationCallId | 0            |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the request succeeds
    And the session receives, in order:
      | id          | event           | where                                       |
      | transferred | CallTransferred | CallId=$call, RequestId=$r                  |
      | cleared     | CallCleared     | CallId=$call, AgentId=$agentA               |
      | delivered   | CallDelivered   | CallId=$call, ServiceId=$second             |

  @trigger:inbound-call
  Scenario: A valid consultation TransferCall hands the call to the consulted agent
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    And agent A has a consultation call with agent B
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id  |
      | CallId             | $call         |
      | TransferType       | Consultation  |
      | DestinationType    | Agent         |
      | DestinationAddress | agent B       |
      | ConsultationCallId | $consultation |
      | UserData           | []            |
      | ServiceId          | 0             |
    Then the request succeeds
    And the session receives, in order:
      | id          | event            | where                                                                                  |
      | transferred | CallTransferred  | CallId=$call, RequestId=$r, ConsultingCallId=$call, ConsultedCallId=$consultation      |
      | cleared     | CallCleared      | CallId=$call, AgentId=$agentA, ClearingPartyType=NearEnd                               |
      | wrap        | AgentStateChange | AgentId=$agentA, AgentState=Wrap                                                       |
    And the recording passes the correlation checks

  Scenario Outline: TransferCall without <member> is refused with MissingArg
    Given a session subscribed to "call"
    When the client sends TransferCall with exactly these arguments:
      | SessionId          | $session             |
      | RequestId          | 8101                 |
      | TenantId           | $tenant                    |
      | AgentIdx           | agent A's id         |
      | CallId             | an unknown callId    |
      | TransferType       | <TransferType>       |
      | DestinationType    | <DestinationType>    |
      | DestinationAddress | <DestinationAddress> |
      | ConsultationCallId | <ConsultationCallId> |
      | UserData           | []                   |
      | ServiceId          | <ServiceId>          |
    Then the request is refused

    Examples:
      | member             | TransferType | DestinationType | DestinationAddress | ConsultationCallId | ServiceId |
      | TransferType       | (absent)     | Agent           | agent B            | 0                  | 0         |
      | DestinationType    | Blind        | (absent)        | agent B            | 0                  | 0         |
      | DestinationAddress | Blind        | Agent           | (absent)           | 0                  | 0         |
      | ConsultationCallId | Blind        | Agent           | agent B            | (absent)           | 0         |
      | ServiceId          | Blind        | Agent           | agent B            | 0                  | (absent)  |

  Scenario: TransferCall with a TransferType the contract does not have is refused with InvalidParameter
    Given a session subscribed to "call"
    When the client sends TransferCall writing "Sideways" as its TransferType, with:
      | AgentIdx           | agent A's id      |
      | CallId             | an unknown callId |
      | TransferType       | Blind             |
      | DestinationType    | Agent             |
      | DestinationAddress | agent B           |
      | ConsultationCallId | 0                 |
      | UserData           | []                |
      | ServiceId          | 0                 |
    Then the request is refused with InvalidParameter

  # mock's choice: a TransferType other than Blind or Consultation (INVALID, MAXTRANSFERTYPE) is an invalid parameter.
  @trigger:inbound-call
  Scenario Outline: TransferCall with TransferType <type> is refused with InvalidParameter
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | <type>       |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ConsultationCallId | 0            |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the request is refused with InvalidParameter

    Examples:
      | type            |
      | INVALID         |
      | MAXTRANSFERTYPE |

  # mock's choice: a blind transfer needs a destination (EDK 3-19 lists Agent, Service, External).
  @trigger:inbound-call
  Scenario: A blind TransferCall with DestinationType NoDestination is refused with InvalidDestination
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id  |
      | CallId             | $call         |
      | TransferType       | Blind         |
      | DestinationType    | NoDestination |
      | DestinationAddress | agent B       |
      | ConsultationCallId | 0             |
      | UserData           | []            |
      | ServiceId          | 0             |
    Then the request is refused with InvalidDestination

  @trigger:inbound-call
  Scenario: A blind TransferCall to an agent login name the system does not know fails and the call stays
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id         |
      | CallId             | $call                |
      | TransferType       | Blind                |
      | DestinationType    | Agent                |
      | DestinationAddress | an unknown loginName |
      | ConsultationCallId | 0                    |
      | UserData           | []                   |
      | ServiceId          | 0                    |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r               |
      | CallId      | $call            |
      | FailureType | InvalidAgentName |
    And the session receives no CallCleared within 150 ms

  @trigger:inbound-call
  Scenario: A consultation TransferCall with a consultation call the system does not know fails with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id      |
      | CallId             | $call             |
      | TransferType       | Consultation      |
      | DestinationType    | Agent             |
      | DestinationAddress | agent B           |
      | ConsultationCallId | an unknown callId |
      | UserData           | []                |
      | ServiceId          | 0                 |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r            |
      | FailureType | InvalidCallId |

  @trigger:inbound-call
  Scenario: A blind TransferCall of a call on hold fails with InvalidStateForRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    And agent B is logged in
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | Blind        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ConsultationCallId | 0            |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | CallId      | $call                  |
      | FailureType | InvalidStateForRequest |

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  @trigger:inbound-call
  Scenario: TransferCall for an agent who is not logged in fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends TransferCall with:
      | AgentIdx           | agent B's id |
      | CallId             | $call        |
      | TransferType       | Blind        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent C      |
      | ConsultationCallId | 0            |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  Scenario: TransferCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends TransferCall with exactly these arguments:
      | SessionId          | "no-such-session" |
      | RequestId          | 8102              |
      | TenantId           | $tenant                 |
      | AgentIdx           | agent A's id      |
      | CallId             | an unknown callId |
      | TransferType       | Blind             |
      | DestinationType    | Agent             |
      | DestinationAddress | agent B           |
      | ConsultationCallId | 0                 |
      | UserData           | []                |
      | ServiceId          | 0                 |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call
  Scenario: TransferCall while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the session goes offline
    And the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | Blind        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ConsultationCallId | 0            |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
