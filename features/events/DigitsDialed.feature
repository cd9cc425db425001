@event:DigitsDialed @EDK-4-23
Feature: DigitsDialed event
  Generated after a SendDTMFDigits request was processed; carries the digits dialled.

  @trigger:inbound-call
  Scenario: Digits sent on a connected customer call are reported
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id |
      | CallId     | $call        |
      | DtmfDigits | "12#"        |
    Then the request succeeds
    And the session receives DigitsDialed with:
      | RequestId | $r |
    And the DigitsDialed event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = DigitsDialed        |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = $r                  |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = agent A's id        |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |
      | DigitString           | string           | = "12#"               |

  Scenario: Digits dialled on a call made with no destination are reported on that call
    Given a session subscribed to "agent, call"
    And agent A is logged in and NotReady
    And the client sends MakeCall with:
      | AgentIdx           | agent A's id  |
      | CallId             | -1            |
      | ServiceId          | 0             |
      | DestinationType    | NoDestination |
      | DestinationAddress | (empty)       |
      | WrapState          | false         |
    And the session receives, in order:
      | id | event          | where        | bind        |
      | o  | CallOriginated | RequestId=$r | call=CallId |
    When the client sends SendDTMFDigits with:
      | AgentIdx   | agent A's id |
      | CallId     | $call        |
      | DtmfDigits | "5551234"    |
    Then the request succeeds
    And the session receives DigitsDialed with:
      | RequestId | $r |
    And the DigitsDialed event has the fields:
      | field                 | wire type        | rule                |
      | EventCategory         | CTIEventCategory | = EventCategoryCall |
      | EventType             | CTIEventType     | = DigitsDialed      |
      | SiteId                | int              | > 0                 |
      | TenantId              | int              | = $tenant           |
      | RequestId             | int              | = $r                |
      | SwitchId              | int              | any                 |
      | ServiceId             | int              | any                 |
      | AgentId               | int              | = agent A's id      |
      | CallId                | int              | = $call             |
      | CallSequenceId        | long             | > 0                 |
      | CallOriginatingSiteId | int              | > 0                 |
      | DigitString           | string           | = "5551234"         |
