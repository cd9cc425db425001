@request:TransferCall @EDK-3-19
Feature: TransferCall
  The client transfers the agent's connected two-party call: blind, to the destination
  named by DestinationType and DestinationAddress; or after consultation, to the party of
  the answered consultation call (ConsultationCallId). CallTransferred carries the
  request's RequestId (EDK 4-22, 4-3); the agent's leg is cleared (CallCleared, "a call leg
  has been disconnected", EDK C-3) and the agent wraps (EDK 2-1; E-5 … E-8). The guide
  names these events but not their order, nor which agent's id CallTransferred carries:
  the kit's readings. A request that cannot be carried out is refused: by a fault
  (EDK 2-4) or by CallRequestFailed with its RequestId (EDK 4-20) — the scenarios accept either.

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
      | id          | event            | where                                                    | reading                            |
      | transferred | CallTransferred  | CallId=$call, RequestId=$r                               | unstated-event-order               |
      | cleared     | CallCleared      | CallId=$call, AgentId=$agentA, ClearingPartyType=NearEnd | merged-call-ids: ClearingPartyType |
      | wrap        | AgentStateChange | AgentId=$agentA, AgentState=Wrap                         |                                    |
      | ringing     | CallConnected    | CallId=$call, AgentId=$agentB                            | unstated-event-order               |
    And the session receives CallTransferred with:
      | CallId    | $call   |                             |
      | RequestId | $r      |                             |
      | AgentId   | $agentA | reading:event-agent-ids |
    And the session receives CallConnected with:
      | CallId  | $call   |
      | AgentId | $agentB |
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
      | id          | event           | where                           | reading              |
      | transferred | CallTransferred | CallId=$call, RequestId=$r      | unstated-event-order |
      | cleared     | CallCleared     | CallId=$call, AgentId=$agentA   |                      |
      | delivered   | CallDelivered   | CallId=$call, ServiceId=$second | unstated-event-order |
    And the session receives CallTransferred with:
      | CallId    | $call |
      | RequestId | $r    |
    And the session receives CallDelivered with:
      | CallId    | $call              |
      | ServiceId | the second service |

  # EDK 4-22: ConsultingCallId is the consulting agent's call, ConsultedCallId the consulted
  # agent's. Which call the merged call's events name (CallId) is the kit's reading.
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
      | id          | event            | where                                                                             | reading                                    |
      | transferred | CallTransferred  | CallId=$call, RequestId=$r, ConsultingCallId=$call, ConsultedCallId=$consultation | unstated-event-order                       |
      | cleared     | CallCleared      | CallId=$call, AgentId=$agentA, ClearingPartyType=NearEnd                          | merged-call-ids: CallId, ClearingPartyType |
      | wrap        | AgentStateChange | AgentId=$agentA, AgentState=Wrap                                                  |                                            |
    And the session receives CallTransferred with:
      | CallId           | $call         | reading:merged-call-ids |
      | RequestId        | $r            |                         |
      | ConsultingCallId | $call         |                         |
      | ConsultedCallId  | $consultation |                         |
    And the recording passes the correlation checks

  # These members are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: TransferCall without <member> is refused
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

  # An enum name the contract lacks breaks the data contract: a WCF stack can only refuse it.
  Scenario: TransferCall with a TransferType the contract does not have is refused
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
    Then the request is refused

  # INVALID and MAXTRANSFERTYPE are CTITransferType names on the wire; EDK 3-19 lists
  # Blind and Consultation. The kit's reading: the others are refused.
  @trigger:inbound-call @reading:unlisted-values
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

  # NoDestination is a CTIDestinationType name; EDK 3-19 lists Agent, Service and External
  # for TransferCall. The kit's reading: a blind transfer to no destination is refused.
  @trigger:inbound-call @reading:unlisted-values
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

  # EDK 3-19: DestinationAddress is "The AgentLoginName … of the third party"; no agent has it.
  @trigger:inbound-call
  Scenario: A blind TransferCall to an agent login name the system does not know is refused
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
    Then the request is refused with InvalidAgentName

  # The kit's reading: the destination is checked before the agent's leg is touched; the
  # guide does not say a failed transfer leaves the call where it was.
  @trigger:inbound-call @reading:refused-request-changes-nothing
  Scenario: A blind TransferCall refused for an unknown login name leaves the call with the agent
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
    Then the request is refused
    And the session receives no CallCleared within 150 ms

  @trigger:inbound-call
  Scenario: A consultation TransferCall with a consultation call the system does not know is refused
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
    Then the request is refused with InvalidCallId

  # EDK 3-19: TransferCall transfers "a two-party call that is in a connected state"; a
  # held call is not (EDK C-2 transfers a held call only to the consulted party).
  @trigger:inbound-call
  Scenario: A blind TransferCall of a call on hold is refused
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
    Then the request is refused with InvalidStateForRequest

  # EDK 3-7: the AgentId is used "in all agent requests following a successful agent
  # login"; agent B is not logged in (and not on the call). EDK 4-20 names no FailureType.
  @trigger:inbound-call
  Scenario: TransferCall for an agent who is not logged in is refused
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
    Then the request is refused with InvalidStateForRequest

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

  @trigger:inbound-call @EDK-5-3
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
