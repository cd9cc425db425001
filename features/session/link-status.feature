@session @EDK-4-28 @trigger:link
Feature: Link status
  "The LinkStatus event is an unsolicited event that informs the CTIPS client that CTIPS has
  lost its connection to the Unified IP system or the Unified IP system has lost its
  connection to one of its switches" (EDK 4-28). It is a System event (EDK 4-3), with
  TenantId and RequestId "Set to 0" (EDK 4-28).

  Scenario: A Gateway link that goes down and up is reported to System subscribers
    Given a session subscribed to "system"
    When the Gateway link goes down
    And the Gateway link goes up
    Then the session receives, in order:
      | id   | event      | where                                                                        |
      | down | LinkStatus | ComponentType=Gateway, ComponentState=Down, RequestId=0, TenantId=0, EventCategory=EventCategorySystem |
      | up   | LinkStatus | ComponentType=Gateway, ComponentState=Up, RequestId=0, TenantId=0            |
    And the recording passes the correlation checks
    And the recording passes the session checks
    And the recording passes the payload checks

  Scenario: A CenterCord link that goes down and up is reported to System subscribers
    Given a session subscribed to "system"
    When the CenterCord link goes down
    And the CenterCord link goes up
    Then the session receives, in order:
      | id   | event      | where                                                          |
      | down | LinkStatus | ComponentType=CenterCord, ComponentState=Down, RequestId=0, TenantId=0 |
      | up   | LinkStatus | ComponentType=CenterCord, ComponentState=Up, RequestId=0, TenantId=0   |
    And the recording passes the correlation checks

  # The kit's reading: LinkStatus reaches only the sessions that added EventCategorySystem
  # (EDK 3-4, 5-2), though PublishCTIEvent sends "an event to which the client has
  # subscribed or a system event" (EDK 4-1).
  @reading:system-events-need-subscription
  Scenario: Sessions not subscribed to System events get no LinkStatus
    Given session others subscribed to "agent, call, route"
    And a session subscribed to "system"
    When the Gateway link goes down
    And the Gateway link goes up
    Then the session receives LinkStatus with:
      | ComponentType  | Gateway |
      | ComponentState | Up      |
    And session others has received no LinkStatus with:
      | ComponentType | Gateway |
