@request:RouteSelect @EDK-3-20
Feature: RouteSelect
  A routing client answers a RouteRequest (a call at a service configured for external
  routing) with a route: to an agent, a service, an external number or the default
  route. RouteUsed with RouteSuccess carries the request's RequestId (EDK 2-5, 4-24); a
  select that cannot be carried out is refused: by a fault (EDK 2-4), or by RouteRejected
  or RouteRequestFailed with its RequestId (EDK 4-26) — the scenarios accept any of them.
  Default routing applies when "a valid RouteSelect was not received" in time (EDK 4-24):
  a refused select leaves the route pending.

  @trigger:inbound-call
  Scenario: A valid RouteSelect to a service routes the call, RouteUsed carries its RequestId
    # EDK 4-24: RouteDestination is "The AgentId, ServiceId, or number"; EDK 2-5: RouteUsed
    # "logically completes the Route Select Request", then the call goes on to its route.
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

  # EDK 3-20's text says RouteDestination "must be set to the index of the agent"; its
  # field table says "The AgentLoginName, ServiceId, …". The kit's reading: the login name.
  @trigger:inbound-call @reading:route-to-agent-address
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

  # EDK 4-24: a call routed "due to a RouteSelect request" carries its RequestId; RouteStatus
  # lists Route Success and DefaultRouteUsed without saying which a RouteToDefault gets.
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
      | RequestId   | $r           |                                 |
      | CallId      | $call        |                                 |
      | RouteStatus | RouteSuccess | reading:route-to-default-status |

  # E-3 "Route Select to Invalid Destination"; EDK 4-24: default routing when "a valid
  # RouteSelect was not received within the configured maximum queue time", so a later
  # valid select still routes the call.
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
    Then the request is refused
    When the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToService |
      | DestinationAddress | $second        |
      | UserData           | []             |
    Then the session receives RouteUsed with:
      | RequestId   | $r           |
      | CallId      | $call        |
      | RouteStatus | RouteSuccess |

  # EDK 3-20: RouteSelect answers a RouteRequest; this call's route was already used (EDK
  # 2-5: RouteUsed "logically completes the Route Select Request").
  @trigger:inbound-call
  Scenario: A second RouteSelect for a call already routed is refused
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
    Then the request is refused

  # The kit's reading: no second RouteUsed follows the refused select.
  @trigger:inbound-call @reading:refused-request-changes-nothing
  Scenario: A second RouteSelect refused for a call already routed routes nothing
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
    Then the request is refused
    And the session receives no RouteUsed within 150 ms

  # EDK 4-26: RouteRequestFailed when the system "encountered a failure when attempting to
  # route the call to the selected location": an agent who is not logged in cannot take it
  # (named by login name or by index alike).
  @trigger:inbound-call
  Scenario: A RouteSelect to an agent who is not logged in is refused
    Given a session subscribed to "route, call"
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId | $call |
    And the client sends RouteSelect with:
      | CallId             | $call        |
      | RouteActionType    | RouteToAgent |
      | DestinationAddress | agent B      |
      | UserData           | []           |
    Then the request is refused

  Scenario: A RouteSelect for a call the system does not know is refused
    # EDK 4-26: RouteRequestFailed when "the call is no longer valid".
    Given a session subscribed to "route, call"
    When the client sends RouteSelect with:
      | CallId             | an unknown callId |
      | RouteActionType    | RouteToDefault    |
      | DestinationAddress | (empty)           |
      | UserData           | []                |
    Then the request is refused

  # These members are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: RouteSelect without <member> is refused
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

  Scenario: RouteSelect with a RouteActionType the contract does not have is refused
    # An enum name the contract lacks breaks the data contract: a WCF stack can only refuse it.
    Given a session subscribed to "route"
    When the client sends RouteSelect writing "RouteToMoon" as its RouteActionType, with:
      | CallId             | an unknown callId |
      | RouteActionType    | RouteToDefault    |
      | DestinationAddress | (empty)           |
      | UserData           | []                |
    Then the request is refused

  # INVALID, Ivr and Voicemail are CTIRouteType names on the wire; EDK 3-20 lists four
  # RouteActionType values without them. The kit's reading: a RouteSelect may not choose them.
  @trigger:inbound-call @reading:unlisted-values
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

  # No call has CallId 0: there is nothing to route (EDK 4-26: "the call is no longer
  # valid"). Which code names the refusal is the kit's reading.
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

  @trigger:inbound-call @EDK-5-3
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
