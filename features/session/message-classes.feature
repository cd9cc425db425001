@session @EDK-3-4
Feature: Message classes
  A session receives the events of the classes it added with AddMessageClass, and no
  others (EDK 3-4, 5-2: "To register for all events, the client must call the
  AddMessageClass method for each category"). DeleteMessageClass takes a class away.
  A session subscribed to every class ("all") drives the world in these scenarios; the
  sessions under test only listen. The call ends with the customer's hang-up; the
  scenarios wait for the agent's Wrap (EDK 2-1), not for CallEnd, whose moment the guide
  contradicts (EDK 4-16 against C-3: the kit's reading call-end-before-wrap-ends).

  @trigger:inbound-call @trigger:hangup
  Scenario: A session that added no message class receives no events
    Given session quiet subscribed to ""
    And a session subscribed to "all"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    And session quiet has received no events

  @trigger:inbound-call @trigger:hangup
  Scenario Outline: A session that added only the <class> class receives only <class> events
    Given session listener subscribed to "<class>"
    And a session subscribed to "all"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    And session listener has received only <class> events

    Examples:
      | class |
      | agent |
      | call  |

  # Routing events: a call to a service configured for external routing is offered with
  # RouteRequest; nobody answers it, so default routing follows (RouteUsed, EDK 4-24).
  @trigger:inbound-call @EDK-5-5
  Scenario: A session that added only the route class receives only route events
    Given session listener subscribed to "route"
    And a session subscribed to "all"
    And agent A is logged in
    When a customer calls the routed service
    Then the session receives RouteUsed with:
      | CallId    | $call |
      | RequestId | 0     |
    And session listener receives RouteRequest with:
      | CallId | $call |
    And session listener has received only route events

  # System events: LinkStatus (EDK 4-28); the agent's login and the call must not leak in.
  @trigger:inbound-call @trigger:link
  Scenario: A session that added only the system class receives only system events
    Given session listener subscribed to "system"
    And a session subscribed to "all"
    And agent A is talking to a customer on the inbound service
    When the Gateway link goes down
    And the Gateway link goes up
    Then session listener receives LinkStatus with:
      | ComponentType  | Gateway |
      | ComponentState | Up      |
    And session listener has received only system events

  @trigger:inbound-call @request:DeleteMessageClass
  Scenario: After DeleteMessageClass the session receives no more events of that class
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends DeleteMessageClass with:
      | MessageClass | EventCategoryCall |
    And the request succeeds
    And a customer calls the inbound service
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA       |
      | AgentState | PendingActive |
    And the session has received no call events since its DeleteMessageClass

  # ServiceStateChange is an EventCategoryAgent event by its field table (EDK 4-8), a System
  # event by chapter 4's grouping (EDK 4-3): the guide contradicts itself, and the kit's
  # reading is the table's (it also reaches System subscribers: filters.feature).
  @trigger:service-state @EDK-4-8 @reading:service-state-change-category
  Scenario: ServiceStateChange reaches a session subscribed to agent events
    Given a session subscribed to "agent"
    When the second service changes to Pause
    Then the session receives ServiceStateChange with:
      | ServiceId     | the second service |
      | ServiceState  | Pause              |
      | EventCategory | EventCategoryAgent |
      | RequestId     | 0                  |
    When the second service changes to Active
    Then the session receives ServiceStateChange with:
      | ServiceId    | the second service |
      | ServiceState | Active             |
