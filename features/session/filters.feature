@session @EDK-3-5
Feature: Filters
  AddFilter narrows the events of the added classes to an agent, a service or a switch
  (EDK 3-5, 5-2); DeleteFilter takes a filter away. The guide's word: a filter on a
  service passes that service's events and holds back the others' (EDK 5-2: "to register
  for all events for service id 3, set the FieldType parameter to FT_SERVICE_ID"). The
  kit's readings: FT_AGENT_ID takes the agent's id (AddFilter) or login name (chapter 5's
  example), a contradiction of the guide (ft-agent-id-value); how several filters combine
  (filters-combine, docs/filters.md): values of one field type are alternatives (OR),
  different field types must all pass (AND); the guide's own example registers System
  events for one service (EDK 5-6), which needs ServiceStateChange to reach System
  subscribers (service-state-change-category).
  A session with every class and no filter drives the world; the filtered ones listen.

  Background:
    Given a session subscribed to "all"

  @EDK-5-5 @reading:ft-agent-id-value
  Scenario: FT_AGENT_ID with an agent's id passes only that agent's events
    Given agent A is logged in
    And agent B is logged in
    And session filtered subscribed to "agent" with the filters:
      | FT_AGENT_ID | agent A's id |
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    And the client sends SetAgentState with:
      | AgentIdx | agent B's id |
      | NewState | NotReady     |
    Then the session receives AgentStateChange with:
      | AgentId    | agent B's id |
      | AgentState | NotReady     |
    And session filtered receives AgentStateChange with:
      | AgentId    | agent A's id |
      | AgentState | NotReady     |
    And session filtered has received no AgentStateChange with:
      | AgentId | agent B's id |

  # "The client needs to set the FieldType to FT_AGENT_ID and the FieldValue to the agent's
  # login name" (EDK 5-5), where AddFilter says "a specific agent … id" (EDK 3-5).
  @EDK-5-5 @reading:ft-agent-id-value
  Scenario: FT_AGENT_ID with an agent's login name passes only that agent's events
    Given agent A is logged in
    And agent B is logged in
    And session filtered subscribed to "agent" with the filters:
      | FT_AGENT_ID | agent A |
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    And the client sends SetAgentState with:
      | AgentIdx | agent B's id |
      | NewState | NotReady     |
    Then the session receives AgentStateChange with:
      | AgentId    | agent B's id |
      | AgentState | NotReady     |
    And session filtered receives AgentStateChange with:
      | AgentId    | agent A's id |
      | AgentState | NotReady     |
    And session filtered has received no AgentStateChange with:
      | AgentId | agent B's id |

  # A service filter on a session subscribed to Agent and System events: ServiceStateChange
  # reaches it whichever of the two categories carries it (EDK 4-8 says Agent, chapter 4
  # lists service events under System); the filter holds back the other service's (EDK 5-2).
  @trigger:service-state @EDK-5-6
  Scenario: FT_SERVICE_ID passes only that service's service events
    Given session filtered subscribed to "agent, system" with the filters:
      | FT_SERVICE_ID | the second service |
    When the inbound service changes to Pause
    And the second service changes to Pause
    Then the session receives ServiceStateChange with:
      | ServiceId    | the second service |
      | ServiceState | Pause              |
    And session filtered receives ServiceStateChange with:
      | ServiceId    | the second service |
      | ServiceState | Pause              |
    And session filtered has received no ServiceStateChange with:
      | ServiceId | the inbound service |
    When the inbound service changes to Active
    And the second service changes to Active

  # The guide's example: "Registering for Specific Service Ids" adds EventCategorySystem,
  # then FT_SERVICE_ID (EDK 5-6); service events are System events by chapter 4's grouping
  # (EDK 4-3), though ServiceStateChange's table names EventCategoryAgent (EDK 4-8): the
  # kit's reading is that a System-only session receives them.
  @trigger:service-state @EDK-5-6 @reading:service-state-change-category
  Scenario: The guide's example: a System session filtered on one service gets its service events
    Given session filtered subscribed to "system" with the filters:
      | FT_SERVICE_ID | the second service |
    When the inbound service changes to Pause
    And the second service changes to Pause
    Then the session receives ServiceStateChange with:
      | ServiceId    | the second service |
      | ServiceState | Pause              |
    And session filtered receives ServiceStateChange with:
      | ServiceId    | the second service |
      | ServiceState | Pause              |
    And session filtered has received no ServiceStateChange with:
      | ServiceId | the inbound service |
    When the inbound service changes to Active
    And the second service changes to Active

  @trigger:inbound-call
  Scenario: FT_SERVICE_ID passes only the calls of that service
    Given session filtered subscribed to "call" with the filters:
      | FT_SERVICE_ID | the second service |
    When a customer calls the inbound service
    And a customer calls the second service
    Then the session receives CallDelivered with:
      | CallId    | $call              |
      | ServiceId | the second service |
    And the session receives CallDelivered with:
      | ServiceId | the inbound service |
    And session filtered receives CallDelivered with:
      | CallId    | $call              |
      | ServiceId | the second service |
    And session filtered has received no CallDelivered with:
      | ServiceId | the inbound service |

  # The kit's reading: two values of one field type are alternatives (OR).
  @reading:filters-combine @reading:ft-agent-id-value
  Scenario: Two FT_AGENT_ID filters pass the events of either agent, and no other
    Given agent A is logged in
    And agent B is logged in
    And agent C is logged in
    And session filtered subscribed to "agent" with the filters:
      | FT_AGENT_ID | agent A's id |
      | FT_AGENT_ID | agent B's id |
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    And the client sends SetAgentState with:
      | AgentIdx | agent B's id |
      | NewState | NotReady     |
    And the client sends SetAgentState with:
      | AgentIdx | agent C's id |
      | NewState | NotReady     |
    Then the session receives AgentStateChange with:
      | AgentId    | agent C's id |
      | AgentState | NotReady     |
    And session filtered receives AgentStateChange with:
      | AgentId    | agent A's id |
      | AgentState | NotReady     |
    And session filtered receives AgentStateChange with:
      | AgentId    | agent B's id |
      | AgentState | NotReady     |
    And session filtered has received no AgentStateChange with:
      | AgentId | agent C's id |

  # The kit's reading: filters of different field types must all pass (AND). Agent B's call
  # on the inbound service passes the service filter but not the agent filter.
  @trigger:inbound-call @reading:filters-combine @reading:ft-agent-id-value
  Scenario: FT_AGENT_ID and FT_SERVICE_ID together pass only events matching both
    Given agent A is logged in
    And agent B is logged in
    And session filtered subscribed to "call" with the filters:
      | FT_AGENT_ID   | agent A's id        |
      | FT_SERVICE_ID | the inbound service |
    When a customer calls the inbound service
    And a customer calls the inbound service
    Then the session receives CallConnected with:
      | AgentId   | agent A's id        |
      | ServiceId | the inbound service |
    And the session receives CallConnected with:
      | AgentId   | agent B's id        |
      | ServiceId | the inbound service |
    And session filtered receives CallConnected with:
      | AgentId | agent A's id |
    And session filtered has received no CallConnected with:
      | AgentId | agent B's id |

  # DeleteFilter "allows the client to delete a filter" (EDK 3-5): with its only filter gone,
  # the session receives every event of its classes again (AddMessageClass: "all messages
  # in a particular category", EDK C-1).
  @request:DeleteFilter @trigger:inbound-call
  Scenario: DeleteFilter takes a filter away: the events it held back reach the session
    Given "the second service" is bound to $secondText as text
    And session filtered subscribed to "call" with the filters:
      | FT_SERVICE_ID | the second service |
    When session filtered sends DeleteFilter with:
      | FieldType  | FT_SERVICE_ID |
      | FieldValue | $secondText   |
    And the request succeeds
    And a customer calls the inbound service
    Then the session receives CallDelivered with:
      | CallId    | $call               |
      | ServiceId | the inbound service |
    And session filtered receives CallDelivered with:
      | CallId    | $call               |
      | ServiceId | the inbound service |

  # The kit's reading: one value of a field type deleted, the other still passes (OR).
  @request:DeleteFilter @reading:filters-combine @reading:ft-agent-id-value
  Scenario: DeleteFilter removes one value of a filter
    Given agent A is logged in
    And agent B is logged in
    And session filtered subscribed to "agent" with the filters:
      | FT_AGENT_ID | agent A's id |
      | FT_AGENT_ID | agent B's id |
    And "agent B's id" is bound to $agentBText as text
    When session filtered sends DeleteFilter with:
      | FieldType  | FT_AGENT_ID |
      | FieldValue | $agentBText |
    And the request succeeds
    And the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    And the client sends SetAgentState with:
      | AgentIdx | agent B's id |
      | NewState | NotReady     |
    Then the session receives AgentStateChange with:
      | AgentId    | agent B's id |
      | AgentState | NotReady     |
    And session filtered receives AgentStateChange with:
      | AgentId    | agent A's id |
      | AgentState | NotReady     |
    And session filtered has received no AgentStateChange with:
      | AgentId    | agent B's id |
      | AgentState | NotReady     |
