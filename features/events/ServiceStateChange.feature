@event:ServiceStateChange @EDK-4-8 @trigger:service-state
Feature: ServiceStateChange event
  Sent when an existing service changes state; lists the AgentIds associated with the
  service (the guide's RequestIdList is the wire's AgentIdList). The table puts it in
  EventCategoryAgent while chapter 4 lists service events under System: either category is
  accepted, and a session subscribed to either receives it (docs/spec-notes.md, decision 8).
  Unsolicited: no request generates it.

  Scenario: A service paused is reported with its state and its logged-in agents
    Given a session subscribed to "agent"
    And agent A is logged in
    When the inbound service changes to Pause
    Then the session receives ServiceStateChange with:
      | ServiceId    | the inbound service |
      | ServiceState | Pause               |
    And the ServiceStateChange event has the fields:
      | field         | wire type        | rule                                           |
      | EventCategory | CTIEventCategory | one of EventCategoryAgent, EventCategorySystem |
      | EventType     | CTIEventType     | = ServiceStateChange                           |
      | SiteId        | int              | > 0                                            |
      | TenantId      | int              | = $tenant                                      |
      | RequestId     | int              | = 0                                            |
      | SwitchId      | int              | any                                            |
      | ServiceId     | int              | = the inbound service                          |
      | AgentId       | int              | any                                            |
      | ServiceState  | CTIServiceState  | = Pause                                        |
      | AgentIdList   | int[]            | any                                            |
    And the ServiceStateChange event's AgentIdList list includes agent A's id

  Scenario: A session subscribed to system events receives a service made active again
    Given a session subscribed to "system"
    When the second service changes to InActive
    And the second service changes to Active
    Then the session receives ServiceStateChange with:
      | ServiceId    | the second service |
      | ServiceState | Active             |
    And the ServiceStateChange event has the fields:
      | field         | wire type        | rule                                           |
      | EventCategory | CTIEventCategory | one of EventCategoryAgent, EventCategorySystem |
      | EventType     | CTIEventType     | = ServiceStateChange                           |
      | SiteId        | int              | > 0                                            |
      | TenantId      | int              | = $tenant                                      |
      | RequestId     | int              | = 0                                            |
      | SwitchId      | int              | any                                            |
      | ServiceId     | int              | = the second service                           |
      | AgentId       | int              | any                                            |
      | ServiceState  | CTIServiceState  | = Active                                       |
      | AgentIdList   | int[]            | any                                            |
