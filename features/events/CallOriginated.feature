@event:CallOriginated @EDK-4-19
Feature: CallOriginated event
  An outbound call is initiated (dialing). When a MakeCall or ConsultationCall request
  initiated it, the event carries that request's RequestId. Destination is the AgentId,
  ServiceId or number dialled.

  Scenario: MakeCall to another agent originates an internal call
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
    And the session receives CallOriginated with:
      | RequestId | $r |
    And the CallOriginated event has the fields:
      | field                 | wire type                 | rule                |
      | EventCategory         | CTIEventCategory          | = EventCategoryCall |
      | EventType             | CTIEventType              | = CallOriginated    |
      | SiteId                | int                       | > 0                 |
      | TenantId              | int                       | = $tenant           |
      | RequestId             | int                       | = $r                |
      | SwitchId              | int                       | any                 |
      | ServiceId             | int                       | any                 |
      | AgentId               | int                       | = agent A's id      |
      | CallId                | int                       | > 0                 |
      | CallSequenceId        | long                      | > 0                 |
      | CallOriginatingSiteId | int                       | > 0                 |
      | DestType              | CTIDestinationType        | = Agent             |
      | Destination           | string                    | = agent B's id      |
      | ResourceGroupId       | int                       | any                 |
      | ChannelId             | int                       | any                 |
      | CircuitId             | int                       | any                 |
      | CallProgressSignal    | CTICallProgressSignalType | any                 |

  @trigger:inbound-call
  Scenario: ConsultationCall to another agent originates the consultation call
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
    And the session receives CallOriginated with:
      | RequestId | $r |
    And the CallOriginated event has the fields:
      | field                 | wire type                 | rule                |
      | EventCategory         | CTIEventCategory          | = EventCategoryCall |
      | EventType             | CTIEventType              | = CallOriginated    |
      | SiteId                | int                       | > 0                 |
      | TenantId              | int                       | = $tenant           |
      | RequestId             | int                       | = $r                |
      | SwitchId              | int                       | any                 |
      | ServiceId             | int                       | any                 |
      | AgentId               | int                       | = agent A's id      |
      | CallId                | int                       | ≠ $call             |
      | CallSequenceId        | long                      | > 0                 |
      | CallOriginatingSiteId | int                       | > 0                 |
      | DestType              | CTIDestinationType        | = Agent             |
      | Destination           | string                    | = agent B's id      |
      | ResourceGroupId       | int                       | any                 |
      | ChannelId             | int                       | any                 |
      | CircuitId             | int                       | any                 |
      | CallProgressSignal    | CTICallProgressSignalType | any                 |
