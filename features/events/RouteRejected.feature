@event:RouteReject @EDK-4-26 @trigger:inbound-call
Feature: RouteRejected event
  Sent in answer to a RouteSelect that was not successful, with a CTIRejectReason. The
  guide calls it RouteRejected; the wire EventType is RouteReject (docs/spec-notes.md,
  decision 5). A rejected RouteSelect leaves the route pending until the route timeout.
  The guide gives no rule for which failures of a RouteSelect are RouteRejected and which
  RouteRequestFailed (EDK 4-26), nor which CTIRejectReason names which: the scenarios that
  expect RouteRejected are the kit's reading (route-select-failure-event). The first
  scenario holds for any answer the guide allows.

  Scenario: RouteSelect to an unknown service is refused; a failure event it sends is well-formed
    # E-3 "Route Select to Invalid Destination": a fault (EDK 2-4) or RouteRejected or
    # RouteRequestFailed with its RequestId (EDK 4-26); the payload checks judge whatever
    # came against the wire contract (IsRequired members, types, EventCategory and
    # EventType of the concrete type).
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
    Then the request is refused
    And the recording passes the payload checks

  @reading:route-select-failure-event
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
    # The kit's reading: an unknown destination is RouteRejected, not RouteRequestFailed
    # (E-3 allows either), with NoRouteToDestination.
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

  @reading:route-select-failure-event
  Scenario: A second RouteSelect for a call already routed is rejected with CallAlreadyRouted
    # The kit's reading: no route is pending any more, so RouteRejected with the reason
    # CTIRejectReason has for it (EDK A-11: CallAlreadyRouted).
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
