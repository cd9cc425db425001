@event:CallOffered @EDK-4-18 @trigger:inbound-call
Feature: CallOffered event
  An inbound call has arrived at the Unified IP system for processing (pre-delivery). Its
  RequestId is set to 0; no agent has the call yet.

  Scenario: A customer call arrives and is offered, with its trunk and numbers
    Given a session subscribed to "call"
    When a customer calls the inbound service
    Then the session receives CallOffered with:
      | CallId | $call |
    And the CallOffered event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallOffered         |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = 0                   |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = 0                   |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |
      | ResourceGroupId       | int              | any                   |
      | CircuitId             | int              | any                   |
      | ChannelId             | int              | any                   |
      | ANI                   | string           | non-empty             |
      | DNIS                  | string           | non-empty             |

  Scenario: A customer call to the second service is offered with that service
    Given a session subscribed to "call"
    When a customer calls the second service
    Then the session receives CallOffered with:
      | CallId | $call |
    And the CallOffered event has the fields:
      | field                 | wire type        | rule                 |
      | EventCategory         | CTIEventCategory | = EventCategoryCall  |
      | EventType             | CTIEventType     | = CallOffered        |
      | SiteId                | int              | > 0                  |
      | TenantId              | int              | = $tenant            |
      | RequestId             | int              | = 0                  |
      | SwitchId              | int              | any                  |
      | ServiceId             | int              | = the second service |
      | AgentId               | int              | = 0                  |
      | CallId                | int              | = $call              |
      | CallSequenceId        | long             | > 0                  |
      | CallOriginatingSiteId | int              | > 0                  |
      | ResourceGroupId       | int              | any                  |
      | CircuitId             | int              | any                  |
      | ChannelId             | int              | any                  |
      | ANI                   | string           | non-empty            |
      | DNIS                  | string           | non-empty            |
