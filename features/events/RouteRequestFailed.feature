@event:RouteRequestFailed @EDK-4-26
Feature: RouteRequestFailed event
  Sent in answer to a RouteSelect when the system failed to route the call to the selected
  location (the call is no longer valid, the destination is busy): a CTIFailureType and a
  text reason. A failed RouteSelect leaves the route pending until the route timeout.
  The guide gives no rule for which failures of a RouteSelect are RouteRequestFailed and
  which RouteRejected (EDK 4-26), and names no FailureType per cause: the scenarios that
  expect RouteRequestFailed are the kit's reading (route-select-failure-event). The first
  scenario holds for any answer the guide allows.

  @trigger:inbound-call
  Scenario: RouteSelect to an agent who is not logged in is refused; a failure event it sends is well-formed
    # The agent cannot take the call: a fault (EDK 2-4) or RouteRequestFailed ("the device
    # in the selected route is already busy") or RouteRejected with its RequestId
    # (EDK 4-26); the payload checks judge whatever came against the wire contract.
    Given a session subscribed to "call, route"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call        |
      | DestinationAddress | agent A      |
      | RouteActionType    | RouteToAgent |
      | UserData           | []           |
    Then the request is refused
    And the recording passes the payload checks

  @reading:failure-event-form @reading:route-select-failure-event
  Scenario: RouteSelect for a call that does not exist fails with InvalidCallId
    Given a session subscribed to "route"
    When the client sends RouteSelect with:
      | CallId             | an unknown callId |
      | DestinationAddress | agent A           |
      | RouteActionType    | RouteToAgent      |
      | UserData           | []                |
    Then the request succeeds
    And the session receives RouteRequestFailed with:
      | RequestId   | $r            |                      |
      | FailureType | InvalidCallId | reading:failure-type |
    And the RouteRequestFailed event has the fields:
      | field                 | wire type        | rule                 |
      | EventCategory         | CTIEventCategory | = EventCategoryRoute |
      | EventType             | CTIEventType     | = RouteRequestFailed |
      | SiteId                | int              | > 0                  |
      | TenantId              | int              | = $tenant            |
      | RequestId             | int              | = $r                 |
      | SwitchId              | int              | any                  |
      | ServiceId             | int              | any                  |
      | AgentId               | int              | any                  |
      | CallId                | int              | = an unknown callId  |
      | FailureType           | CTIFailureType   | any                  |
      | FailureReason         | string           | non-empty            |
      | CallSequenceId        | long             | any                  |
      | CallOriginatingSiteId | int              | any                  |

  @trigger:inbound-call @reading:route-select-failure-event
  Scenario: RouteSelect to an agent who is not available fails, naming the call
    Given a session subscribed to "call, route"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call        |
      | DestinationAddress | agent A      |
      | RouteActionType    | RouteToAgent |
      | UserData           | []           |
    Then the request succeeds
    And the session receives RouteRequestFailed with:
      | RequestId   | $r                           |                      |
      | FailureType | DestinationAgentNotAvailable | reading:failure-type |
    And the RouteRequestFailed event has the fields:
      | field                 | wire type        | rule                 |
      | EventCategory         | CTIEventCategory | = EventCategoryRoute |
      | EventType             | CTIEventType     | = RouteRequestFailed |
      | SiteId                | int              | > 0                  |
      | TenantId              | int              | = $tenant            |
      | RequestId             | int              | = $r                 |
      | SwitchId              | int              | any                  |
      | ServiceId             | int              | any                  |
      | AgentId               | int              | any                  |
      | CallId                | int              | = $call              |
      | FailureType           | CTIFailureType   | any                  |
      | FailureReason         | string           | non-empty            |
      | CallSequenceId        | long             | > 0                  |
      | CallOriginatingSiteId | int              | > 0                  |
