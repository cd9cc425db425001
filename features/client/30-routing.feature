@client @profile:router
Feature: Routing client
  A routing client answers each RouteRequest (a call at a service configured for external
  routing, EDK 4-23) with a RouteSelect for that call before the route times out, naming a
  route type and a destination (EDK 3-20); once the call is routed (RouteUsed, EDK 4-24),
  it routes it no more.

  @rule:routing @EDK-4-23
  Scenario: The router routes a call before the route timeout
    Given the client under test is online
    When a customer calls the routed service
    Then the client routed the call before the route timeout
    And the call was routed

  @rule:routing @EDK-4-24
  Scenario Outline: A route the CTIPS refuses (<how>) ends in default routing, and the router leaves the call alone
    # The route stays pending until its timeout, then default routing applies (RouteUsed,
    # RouteDefaultUsed, RequestId 0: EDK 4-24). Whether the router tries another route
    # before the timeout is its own business; once the call is routed it must stop.
    Given the client under test is online
    And the CTIPS refuses the client's RouteSelect with <how>
    When a customer calls the routed service
    Then the call was routed by default after the route timeout
    And the client sent no RouteSelect for a call already routed
    And the client answered every event with a result

    Examples:
      | how                |
      | a fault            |
      | RouteRejected      |
      | RouteRequestFailed |
