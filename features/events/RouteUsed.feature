@event:RouteUsed @EDK-4-24 @trigger:inbound-call
Feature: RouteUsed event
  The call at an externally routed service has been routed: by a RouteSelect (RouteSuccess,
  its RequestId), or by default routing because no valid RouteSelect came within the
  route timeout (RouteDefaultUsed, RequestId 0). RouteDestination is the AgentId,
  ServiceId or number. The guide's "DefaultRouteUsed" is the wire's RouteDefaultUsed.

  Scenario: RouteSelect to a service is reported as RouteSuccess with its RequestId
    Given a session subscribed to "call, route"
    And $second is the text of "the second service"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | DestinationAddress | $second        |
      | RouteActionType    | RouteToService |
      | UserData           | []             |
    Then the request succeeds
    And the session receives RouteUsed with:
      | CallId | $call |
    And the RouteUsed event has the fields:
      | field                 | wire type          | rule                 |
      | EventCategory         | CTIEventCategory   | = EventCategoryRoute |
      | EventType             | CTIEventType       | = RouteUsed          |
      | SiteId                | int                | > 0                  |
      | TenantId              | int                | = $tenant            |
      | RequestId             | int                | = $r                 |
      | SwitchId              | int                | any                  |
      | ServiceId             | int                | any                  |
      | AgentId               | int                | any                  |
      | CallId                | int                | = $call              |
      | RouteStatus           | CTIRouteStatusType | = RouteSuccess       |
      | RouteType             | CTIRouteType       | = RouteToService     |
      | RouteDestination      | string             | = the second service |
      | CallSequenceId        | long               | > 0                  |
      | CallOriginatingSiteId | int                | > 0                  |

  # RouteSelect's text wants "the index of the agent", its field table "The AgentLoginName"
  # (EDK 3-20): that a login name routes to the agent is the kit's reading of the
  # contradiction (route-to-agent-address). RouteDestination is "the AgentId" (EDK 4-24).
  @reading:route-to-agent-address
  Scenario: RouteSelect to an agent is reported with the agent's id as its destination
    Given a session subscribed to "agent, call, route"
    And agent A is logged in
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call        |
      | DestinationAddress | agent A      |
      | RouteActionType    | RouteToAgent |
      | UserData           | []           |
    Then the request succeeds
    And the session receives RouteUsed with:
      | CallId | $call |
    And the RouteUsed event has the fields:
      | field                 | wire type          | rule                 |
      | EventCategory         | CTIEventCategory   | = EventCategoryRoute |
      | EventType             | CTIEventType       | = RouteUsed          |
      | SiteId                | int                | > 0                  |
      | TenantId              | int                | = $tenant            |
      | RequestId             | int                | = $r                 |
      | SwitchId              | int                | any                  |
      | ServiceId             | int                | any                  |
      | AgentId               | int                | any                  |
      | CallId                | int                | = $call              |
      | RouteStatus           | CTIRouteStatusType | = RouteSuccess       |
      | RouteType             | CTIRouteType       | = RouteToAgent       |
      | RouteDestination      | string             | = agent A's id       |
      | CallSequenceId        | long               | > 0                  |
      | CallOriginatingSiteId | int                | > 0                  |

  Scenario: No RouteSelect within the route timeout: default routing is reported with RequestId 0
    Given a session subscribed to "call, route"
    When a customer calls the routed service
    Then the session receives RouteUsed with:
      | CallId      | $call            |
      | RouteStatus | RouteDefaultUsed |
    And the RouteUsed event has the fields:
      | field                 | wire type          | rule                 |
      | EventCategory         | CTIEventCategory   | = EventCategoryRoute |
      | EventType             | CTIEventType       | = RouteUsed          |
      | SiteId                | int                | > 0                  |
      | TenantId              | int                | = $tenant            |
      | RequestId             | int                | = 0                  |
      | SwitchId              | int                | any                  |
      | ServiceId             | int                | any                  |
      | AgentId               | int                | any                  |
      | CallId                | int                | = $call              |
      | RouteStatus           | CTIRouteStatusType | = RouteDefaultUsed   |
      | RouteType             | CTIRouteType       | any                  |
      | RouteDestination      | string             | any                  |
      | CallSequenceId        | long               | > 0                  |
      | CallOriginatingSiteId | int                | > 0                  |
