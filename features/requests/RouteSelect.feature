@request:RouteSelect @EDK-3-20
Feature: RouteSelect
  A routing client answers a RouteRequest (a call at a service configured for external
  routing) with a route: to an agent, a service, an external number or the default
  route. RouteUsed with RouteSuccess carries the request's RequestId (EDK 4-24); a select
  that cannot be carried out is answered by RouteRejected or RouteRequestFailed with the
  RequestId (EDK 4-26) and leaves the route pending until its timeout (E-3). Arguments
  wrong whatever the world are refused with a fault (EDK 2-4).

  @trigger:inbound-call
  Scenario: A valid RouteSelect to a service routes the call, RouteUsed carries its RequestId
    Given a session subscribed to "route, call"
    And $second is the text of "the second service"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId    | $call |
      | RequestId | 0     |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToService |
      | DestinationAddress | $second        |
      | UserData           | []             |
    Then the request succeeds
    And the session receives, in order:
      | id        | event         | where                                                                                   |
      | used      | RouteUsed     | CallId=$call, RequestId=$r, RouteStatus=RouteSuccess, RouteType=RouteToService, RouteDestination=$second |
      | delivered | CallDelivered | CallId=$call, ServiceId=$second                                                         |
    And the recording passes the correlation checks
    And the recording passes the payload checks

  @trigger:inbound-call
  Scenario: A valid RouteSelect to an agent presents the call to that agent
    Given a session subscribed to "agent, route, call"
    And agent A is logged in
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call        |
      | RouteActionType    | RouteToAgent |
      | DestinationAddress | agent A      |
      | UserData           | []           |
    Then the request succeeds
    And the session receives, in order:
      | id      | event         | where                                                                    |
      | used    | RouteUsed     | CallId=$call, RequestId=$r, RouteStatus=RouteSuccess, RouteType=RouteToAgent |
      | ringing | CallConnected | CallId=$call, AgentId=$agentA                                            |

  @trigger:inbound-call
  Scenario: A RouteSelect to the default route is answered by RouteUsed carrying its RequestId
    Given a session subscribed to "route, call"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToDefault |
      | DestinationAddress | (empty)        |
      | UserData           | []             |
    Then the request succeeds
    And the session receives RouteUsed with:
      | RequestId   | $r           |
      | CallId      | $call        |
      | RouteStatus | RouteSuccess |

  # The guide allows RouteRejected or RouteRequestFailed (E-3); the mock sends RouteRejected NoRouteToDestination.
  @trigger:inbound-call
  Scenario: A RouteSelect to a service the system does not know is rejected and the route stays pending
    Given a session subscribed to "route, call"
    And $second is the text of "the second service"
    And $nowhere is the text of "an unknown serviceId"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToService |
      | DestinationAddress | $nowhere       |
      | UserData           | []             |
    Then the request succeeds
    And the session receives, in order:
      | id      | event                              | where                      |
      | refused | RouteRejected or RouteRequestFailed | CallId=$call, RequestId=$r |
    When the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToService |
      | DestinationAddress | $second        |
      | UserData           | []             |
    Then the session receives RouteUsed with:
      | RequestId   | $r           |
      | CallId      | $call        |
      | RouteStatus | RouteSuccess |

  @trigger:inbound-call
  Scenario: A second RouteSelect for a call already routed is refused by a failure event
    Given a session subscribed to "route, call"
    And $second is the text of "the second service"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToService |
      | DestinationAddress | $second        |
      | UserData           | []             |
    And the session receives RouteUsed with:
      | RequestId | $r |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToService |
      | DestinationAddress | $second        |
      | UserData           | []             |
    Then the request succeeds
    And the session receives, in order:
      | id      | event                              | where                      |
      | refused | RouteRejected or RouteRequestFailed | CallId=$call, RequestId=$r |
    And the session receives no RouteUsed within 150 ms

  @trigger:inbound-call
  Scenario: A RouteSelect to an agent who is not logged in is refused by a failure event
    Given a session subscribed to "route, call"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call        |
      | RouteActionType    | RouteToAgent |
      | DestinationAddress | agent B      |
      | UserData           | []           |
    Then the request succeeds
    And the session receives, in order:
      | id      | event                              | where                      |
      | refused | RouteRejected or RouteRequestFailed | CallId=$call, RequestId=$r |

  Scenario: A RouteSelect for a call the system does not know is refused by a failure event
    Given a session subscribed to "route, call"
    And $unknownCall is the text of "an unknown callId"
    When the client sends RouteSelect with:
      | CallId             | an unknown callId |
      | RouteActionType    | RouteToDefault    |
      | DestinationAddress | (empty)           |
      | UserData           | []                |
    Then the request succeeds
    And the session receives, in order:
      | id      | event                              | where                                 |
      | refused | RouteRejected or RouteRequestFailed | CallId=$unknownCall, RequestId=$r     |

  Scenario Outline: RouteSelect without <member> is refused with MissingArg
    Given a session subscribed to "route"
    When the client sends RouteSelect with exactly these arguments:
      | SessionId          | $session             |
      | RequestId          | 8201                 |
      | TenantId           | $tenant                    |
      | CallId             | <CallId>             |
      | RouteActionType    | <RouteActionType>    |
      | DestinationAddress | <DestinationAddress> |
      | UserData           | <UserData>           |
    Then the request is refused

    Examples:
      | member             | CallId            | RouteActionType | DestinationAddress | UserData |
      | CallId             | (absent)          | RouteToDefault  | (empty)            | []       |
      | RouteActionType    | an unknown callId | (absent)        | (empty)            | []       |
      | DestinationAddress | an unknown callId | RouteToDefault  | (absent)           | []       |
      | UserData           | an unknown callId | RouteToDefault  | (empty)            | (absent) |

  Scenario: RouteSelect with a RouteActionType the contract does not have is refused with InvalidParameter
    Given a session subscribed to "route"
    When the client sends RouteSelect writing "RouteToMoon" as its RouteActionType, with:
      | CallId             | an unknown callId |
      | RouteActionType    | RouteToDefault    |
      | DestinationAddress | (empty)           |
      | UserData           | []                |
    Then the request is refused with InvalidParameter

  # mock's choice: INVALID, Ivr and Voicemail are not routes a RouteSelect may choose (EDK 3-20 lists four).
  @trigger:inbound-call
  Scenario Outline: RouteSelect with RouteActionType <type> is refused with InvalidRouteType
    Given a session subscribed to "route, call"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call   |
      | RouteActionType    | <type>  |
      | DestinationAddress | "12345" |
      | UserData           | []      |
    Then the request is refused with InvalidRouteType

    Examples:
      | type      |
      | INVALID   |
      | Ivr       |
      | Voicemail |

  # mock's choice: a CallId that cannot name a call (≤ 0) is rejected outright (EDK 2-4).
  Scenario: RouteSelect with CallId 0 is refused with InvalidCallId
    Given a session subscribed to "route"
    When the client sends RouteSelect with:
      | CallId             | 0              |
      | RouteActionType    | RouteToDefault |
      | DestinationAddress | (empty)        |
      | UserData           | []             |
    Then the request is refused with InvalidCallId

  Scenario: RouteSelect with an unknown SessionId is refused with InvalidSessionId
    When the client sends RouteSelect with exactly these arguments:
      | SessionId          | "no-such-session" |
      | RequestId          | 8202              |
      | TenantId           | $tenant                 |
      | CallId             | an unknown callId |
      | RouteActionType    | RouteToDefault    |
      | DestinationAddress | (empty)           |
      | UserData           | []                |
    Then the request is refused with InvalidSessionId

  @trigger:inbound-call
  Scenario: RouteSelect while the session is offline is refused with InvalidRequest
    Given a session subscribed to "route, call"
    And $second is the text of "the second service"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the session goes offline
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToService |
      | DestinationAddress | $second        |
      | UserData           | []             |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
