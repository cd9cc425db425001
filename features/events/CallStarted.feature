@event:CallStarted @EDK-4-21
Feature: CallStarted event
  A new call has arrived or been initiated: the start of a "cradle to grave" interaction,
  before CallOffered. For internal manual calls SwitchId, CircuitId and ChannelId are empty
  (0). The wire adds ServiceId and AgentId (from CTIFilter), which the guide's table omits.

  @trigger:inbound-call
  Scenario: A customer call arriving starts a call, unsolicited
    Given a session subscribed to "call"
    When a customer calls the inbound service
    Then the session receives CallStarted with:
      | CallId | $call |
    And the CallStarted event has the fields:
      | field                 | wire type        | rule                |
      | EventCategory         | CTIEventCategory | = EventCategoryCall |
      | EventType             | CTIEventType     | = CallStarted       |
      | SiteId                | int              | > 0                 |
      | TenantId              | int              | = $tenant           |
      | RequestId             | int              | = 0                 |
      | SwitchId              | int              | any                 |
      | ServiceId             | int              | any                 |
      | AgentId               | int              | any                 |
      | CallId                | int              | = $call             |
      | CallSequenceId        | long             | > 0                 |
      | CallOriginatingSiteId | int              | > 0                 |
      | ResourceGroupId       | int              | any                 |
      | CircuitId             | int              | any                 |
      | ChannelId             | int              | any                 |

  Scenario: An internal call made by an agent starts with no switch, circuit or channel
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
    # CallOriginated carries the MakeCall's RequestId (EDK 4-19) and names the new call;
    # that its CallStarted carries that RequestId too is the kit's reading
    # (request-id-secondary-events).
    And the session receives, in order:
      | id | event          | where        | bind        |
      | o  | CallOriginated | RequestId=$r | call=CallId |
    And the session receives CallStarted with:
      | CallId    | $call |                                     |
      | RequestId | $r    | reading:request-id-secondary-events |
    And the CallStarted event has the fields:
      | field                 | wire type        | rule                |
      | EventCategory         | CTIEventCategory | = EventCategoryCall |
      | EventType             | CTIEventType     | = CallStarted       |
      | SiteId                | int              | > 0                 |
      | TenantId              | int              | = $tenant           |
      | RequestId             | int              | one of $r, 0        |
      | SwitchId              | int              | = 0                 |
      | ServiceId             | int              | any                 |
      | AgentId               | int              | any                 |
      | CallId                | int              | = $call             |
      | CallSequenceId        | long             | > 0                 |
      | CallOriginatingSiteId | int              | > 0                 |
      | ResourceGroupId       | int              | any                 |
      | CircuitId             | int              | = 0                 |
      | ChannelId             | int              | = 0                 |
