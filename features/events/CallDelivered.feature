@event:CallDelivered @EDK-4-14 @trigger:inbound-call
Feature: CallDelivered event
  Generated when the call is queued to an inbound service.

  Scenario: CallDelivered carries every field of its table
    Given a session subscribed to "call"
    When a customer calls the inbound service
    Then the session receives CallDelivered with:
      | CallId | $call |
    And the CallDelivered event has the fields:
      | field                 | wire type         | rule                   |
      | EventCategory         | CTIEventCategory  | = EventCategoryCall    |
      | EventType             | CTIEventType      | = CallDelivered        |
      | SiteId                | int               | any                    |
      | TenantId              | int               | = 1                    |
      | RequestId             | int               | = 0                    |
      | SwitchId              | int               | any                    |
      | ServiceId             | int               | = the inbound service  |
      | AgentId               | int               | any                    |
      | CallId                | int               | = $call                |
      | CallSequenceId        | long              | any                    |
      | CallOriginatingSiteId | int               | any                    |
      | CallType              | CTICallType       | any                    |
      | ANI                   | string            | non-empty              |
      | DNIS                  | string            | non-empty              |
