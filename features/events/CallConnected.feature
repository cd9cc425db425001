@event:CallConnected @EDK-4-11
Feature: CallConnected event
  A call is presented to an agent's device (ringing or entering distribution). It carries
  the screen-pop data in CallInfo; ResponseRequired is true when the agent may accept or
  reject the call; OriginatingAgentId is set to the originating agent if available.
  The wire carries one CTICallInfo where the guide says "CallInfo array". Which CTICallType
  a call has is the kit's reading (call-type): the guide lists the values only.

  @trigger:inbound-call
  Scenario: A customer call to the inbound service is presented to the agent
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When a customer calls the inbound service
    Then the session receives CallConnected with:
      | CallId   | $call        |                   |
      | AgentId  | agent A's id |                   |
      | CallType | InboundAcd   | reading:call-type |
    And the CallConnected event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallConnected       |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = 0                   |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = agent A's id        |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |
      | ResponseRequired      | bool             | any                   |
      | PlayAudioAlert        | bool             | any                   |
      | RejectReasonRequired  | bool             | any                   |
      | CallInfo              | CTICallInfo      | ≠ (nil)               |
      | CallType              | CTICallType      | any                   |
      | OriginatingAgentId    | int              | = 0                   |
      | ResourceGroupId       | int              | any                   |
      | ChannelId             | int              | any                   |
      | CircuitId             | int              | any                   |

  Scenario: An internal call made by agent A is presented to agent B, naming A as its originator
    Given a session subscribed to "agent, call"
    And agent A is logged in and NotReady
    And agent B is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request succeeds
    And the session receives, in order:
      | id | event          | where        | bind        |
      | o  | CallOriginated | RequestId=$r | call=CallId |
    And the session receives CallConnected with:
      | CallId   | $call           |                   |
      | AgentId  | agent B's id    |                   |
      | CallType | InboundInternal | reading:call-type |
    # The guide leaves open whether B's CallConnected answers A's MakeCall: either is
    # accepted (the kit's mock sends 0). A made the call: OriginatingAgentId (EDK 4-11).
    And the CallConnected event has the fields:
      | field                 | wire type        | rule                |
      | EventCategory         | CTIEventCategory | = EventCategoryCall |
      | EventType             | CTIEventType     | = CallConnected     |
      | SiteId                | int              | > 0                 |
      | TenantId              | int              | = $tenant           |
      | RequestId             | int              | one of 0, $r        |
      | SwitchId              | int              | any                 |
      | ServiceId             | int              | any                 |
      | AgentId               | int              | = agent B's id      |
      | CallId                | int              | = $call             |
      | CallSequenceId        | long             | > 0                 |
      | CallOriginatingSiteId | int              | > 0                 |
      | ResponseRequired      | bool             | any                 |
      | PlayAudioAlert        | bool             | any                 |
      | RejectReasonRequired  | bool             | any                 |
      | CallInfo              | CTICallInfo      | any                 |
      | CallType              | CTICallType      | any                 |
      | OriginatingAgentId    | int              | = agent A's id      |
      | ResourceGroupId       | int              | any                 |
      | ChannelId             | int              | any                 |
      | CircuitId             | int              | any                 |

  @trigger:inbound-call
  Scenario: A customer call blind-transferred by agent A is presented to agent B, naming A
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
    # Whether the transferring agent is the call's "originating agent" (EDK 4-11) is the
    # kit's reading (event-agent-ids); RequestId 0 or the TransferCall's, either accepted.
    And the session receives CallConnected with:
      | CallId             | $call        |                         |
      | AgentId            | agent B's id |                         |
      | CallType           | InboundAcd   | reading:call-type       |
      | OriginatingAgentId | agent A's id | reading:event-agent-ids |
    And the CallConnected event has the fields:
      | field                 | wire type        | rule                |
      | EventCategory         | CTIEventCategory | = EventCategoryCall |
      | EventType             | CTIEventType     | = CallConnected     |
      | SiteId                | int              | > 0                 |
      | TenantId              | int              | = $tenant           |
      | RequestId             | int              | one of 0, $r        |
      | SwitchId              | int              | any                 |
      | ServiceId             | int              | any                 |
      | AgentId               | int              | = agent B's id      |
      | CallId                | int              | = $call             |
      | CallSequenceId        | long             | > 0                 |
      | CallOriginatingSiteId | int              | > 0                 |
      | ResponseRequired      | bool             | any                 |
      | PlayAudioAlert        | bool             | any                 |
      | RejectReasonRequired  | bool             | any                 |
      | CallInfo              | CTICallInfo      | ≠ (nil)             |
      | CallType              | CTICallType      | any                 |
      | OriginatingAgentId    | int              | any                 |
      | ResourceGroupId       | int              | any                 |
      | ChannelId             | int              | any                 |
      | CircuitId             | int              | any                 |
