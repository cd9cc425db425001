@event:RouteRequest @EDK-4-23 @trigger:inbound-call
Feature: RouteRequest event
  Unsolicited (RequestId set to 0): a call has arrived at an inbound service configured
  for external routing and needs a route within RouteTimeout seconds, or default routing
  applies. The wire carries one CTICallInfo and an int SipPortNumber where the guide says
  CTICallInfo[] and String.

  Scenario: A call to the externally routed service asks the routing client for a route
    Given a session subscribed to "route"
    When a customer calls the routed service
    Then the session receives RouteRequest with:
      | CallId | $call |
    And the RouteRequest event has the fields:
      | field                 | wire type        | rule                         |
      | EventCategory         | CTIEventCategory | = EventCategoryRoute         |
      | EventType             | CTIEventType     | = RouteRequest               |
      | SiteId                | int              | > 0                          |
      | TenantId              | int              | = $tenant                    |
      | RequestId             | int              | = 0                          |
      | SwitchId              | int              | any                          |
      | ServiceId             | int              | = the routed service         |
      | AgentId               | int              | = 0                          |
      | CallId                | int              | = $call                      |
      | RouteTimeout          | int              | > 0                          |
      | ResourceGroupId       | int              | any                          |
      | CircuitId             | int              | any                          |
      | ChannelId             | int              | any                          |
      | MediaType             | CTIMediaType     | one of VoiceAnalog, VoiceSip |
      | SipIpAddress          | string           | any                          |
      | SipPortNumber         | int              | any                          |
      | CallInfo              | CTICallInfo      | ≠ (nil)                      |
      | CallSequenceId        | long             | > 0                          |
      | CallOriginatingSiteId | int              | > 0                          |

  Scenario: A session subscribed to call and route events sees the delivery, then the route request
    Given a session subscribed to "call, route"
    When a customer calls the routed service
    # That the call is delivered to the routed service before RouteRequest asks for its
    # route is the kit's reading (route-request-after-delivery): the guide gives no order.
    Then the session receives, in order:
      | id | event         | where                     | reading                      |
      | d  | CallDelivered | CallId=$call              | route-request-after-delivery |
      | r  | RouteRequest  | CallId=$call, RequestId=0 |                              |
    And the session receives RouteRequest with:
      | CallId | $call |
    And the RouteRequest event has the fields:
      | field                 | wire type        | rule                         |
      | EventCategory         | CTIEventCategory | = EventCategoryRoute         |
      | EventType             | CTIEventType     | = RouteRequest               |
      | SiteId                | int              | > 0                          |
      | TenantId              | int              | = $tenant                    |
      | RequestId             | int              | = 0                          |
      | SwitchId              | int              | any                          |
      | ServiceId             | int              | = the routed service         |
      | AgentId               | int              | = 0                          |
      | CallId                | int              | = $call                      |
      | RouteTimeout          | int              | > 0                          |
      | ResourceGroupId       | int              | any                          |
      | CircuitId             | int              | any                          |
      | ChannelId             | int              | any                          |
      | MediaType             | CTIMediaType     | one of VoiceAnalog, VoiceSip |
      | SipIpAddress          | string           | any                          |
      | SipPortNumber         | int              | any                          |
      | CallInfo              | CTICallInfo      | ≠ (nil)                      |
      | CallSequenceId        | long             | > 0                          |
      | CallOriginatingSiteId | int              | > 0                          |
