@event:ServiceStateChange @EDK-4-8 @trigger:service-state
Feature: ServiceStateChange event
  Sent when an existing service changes state; lists the AgentIds associated with the
  service (the guide's RequestIdList is the wire's AgentIdList). The table puts it in
  EventCategoryAgent while chapter 4 lists service events under System: either category is
  accepted; that a session subscribed to either one alone receives it is the kit's decision
  (docs/spec-notes.md, decision 8; the reading service-state-change-category, here and
  in features/session/).
  Unsolicited: no request generates it.

  # Subscribed to both categories, the session receives the event whichever the target
  # puts it in (EDK 4-8 against 4-3 and 5-6).
  Scenario: A service paused is reported with its state and its logged-in agents
    Given a session subscribed to "agent, system"
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

  # The guide contradicts itself on the category (EDK 4-8 against 4-3 and 5-6): that a
  # session subscribed to system events only receives the event is the kit's decision.
  @reading:service-state-change-category
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
