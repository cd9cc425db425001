@event:RouteReject @EDK-4-26 @trigger:inbound-call
Feature: RouteRejected event
  Sent in answer to a RouteSelect that was not successful, with a CTIRejectReason. The
  guide calls it RouteRejected; the wire EventType is RouteReject (docs/spec-notes.md,
  decision 5). A rejected RouteSelect leaves the route pending until the route timeout.

  Scenario: RouteSelect to an unknown service is rejected with NoRouteToDestination
    Given a session subscribed to "call, route"
    And $nowhere is the text of "an unknown serviceId"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | DestinationAddress | $nowhere       |
      | RouteActionType    | RouteToService |
      | UserData           | []             |
    Then the request succeeds
    And the session receives RouteReject with:
      | RequestId | $r |
    # mock's choice: an unknown destination is RouteRejected, not RouteRequestFailed (flows-and-errata E-3 allows either).
    And the RouteReject event has the fields:
      | field                 | wire type        | rule                   |
      | EventCategory         | CTIEventCategory | = EventCategoryRoute   |
      | EventType             | CTIEventType     | = RouteReject          |
      | SiteId                | int              | > 0                    |
      | TenantId              | int              | = $tenant              |
      | RequestId             | int              | = $r                   |
      | SwitchId              | int              | any                    |
      | ServiceId             | int              | any                    |
      | AgentId               | int              | any                    |
      | CallId                | int              | = $call                |
      | RouteRejectReason     | CTIRejectReason  | = NoRouteToDestination |
      | CallSequenceId        | long             | > 0                    |
      | CallOriginatingSiteId | int              | > 0                    |

  Scenario: A second RouteSelect for a call already routed is rejected with CallAlreadyRouted
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
    And the session receives RouteUsed with:
      | RequestId | $r |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | DestinationAddress | $second        |
      | RouteActionType    | RouteToService |
      | UserData           | []             |
    Then the request succeeds
    And the session receives RouteReject with:
      | RequestId | $r |
    And the RouteReject event has the fields:
      | field                 | wire type        | rule                 |
      | EventCategory         | CTIEventCategory | = EventCategoryRoute |
      | EventType             | CTIEventType     | = RouteReject        |
      | SiteId                | int              | > 0                  |
      | TenantId              | int              | = $tenant            |
      | RequestId             | int              | = $r                 |
      | SwitchId              | int              | any                  |
      | ServiceId             | int              | any                  |
      | AgentId               | int              | any                  |
      | CallId                | int              | = $call              |
      | RouteRejectReason     | CTIRejectReason  | = CallAlreadyRouted  |
      | CallSequenceId        | long             | any                  |
      | CallOriginatingSiteId | int              | any                  |
