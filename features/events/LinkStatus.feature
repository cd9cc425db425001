@event:LinkStatus @EDK-4-28 @trigger:link
Feature: LinkStatus event
  Unsolicited: CTIPS lost or regained its connection to the Unified IP system (CenterCord)
  or the system to its Gateway. TenantId and RequestId are set to 0; the event concerns no
  service or agent, so their ids are 0 (EDK 4-2: fields without data are 0).

  Scenario: The Gateway link going down is reported
    Given a session subscribed to "system"
    When the Gateway link goes down
    Then the session receives LinkStatus with:
      | ComponentType  | Gateway |
      | ComponentState | Down    |
    And the LinkStatus event has the fields:
      | field          | wire type         | rule                  |
      | EventCategory  | CTIEventCategory  | = EventCategorySystem |
      | EventType      | CTIEventType      | = LinkStatus          |
      | SiteId         | int               | > 0                   |
      | TenantId       | int               | = 0                   |
      | RequestId      | int               | = 0                   |
      | SwitchId       | int               | any                   |
      | ServiceId      | int               | = 0                   |
      | AgentId        | int               | = 0                   |
      | ComponentType  | CTIComponentType  | = Gateway             |
      | ComponentState | CTIComponentState | = Down                |

  Scenario: The Gateway link coming back up is reported
    Given a session subscribed to "system"
    When the Gateway link goes down
    And the Gateway link goes up
    Then the session receives LinkStatus with:
      | ComponentType  | Gateway |
      | ComponentState | Up      |
    And the LinkStatus event has the fields:
      | field          | wire type         | rule                  |
      | EventCategory  | CTIEventCategory  | = EventCategorySystem |
      | EventType      | CTIEventType      | = LinkStatus          |
      | SiteId         | int               | > 0                   |
      | TenantId       | int               | = 0                   |
      | RequestId      | int               | = 0                   |
      | SwitchId       | int               | any                   |
      | ServiceId      | int               | = 0                   |
      | AgentId        | int               | = 0                   |
      | ComponentType  | CTIComponentType  | = Gateway             |
      | ComponentState | CTIComponentState | = Up                  |

  Scenario: The CenterCord link going down is reported
    Given a session subscribed to "system"
    When the CenterCord link goes down
    Then the session receives LinkStatus with:
      | ComponentType  | CenterCord |
      | ComponentState | Down       |
    And the LinkStatus event has the fields:
      | field          | wire type         | rule                  |
      | EventCategory  | CTIEventCategory  | = EventCategorySystem |
      | EventType      | CTIEventType      | = LinkStatus          |
      | SiteId         | int               | > 0                   |
      | TenantId       | int               | = 0                   |
      | RequestId      | int               | = 0                   |
      | SwitchId       | int               | any                   |
      | ServiceId      | int               | = 0                   |
      | AgentId        | int               | = 0                   |
      | ComponentType  | CTIComponentType  | = CenterCord          |
      | ComponentState | CTIComponentState | = Down                |
