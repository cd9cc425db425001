@request:AddFilter @EDK-3-5
Feature: AddFilter
  A filter narrows the session's events to a specific agent, service or switch
  (EDK 3-5, 5-3): FieldType names the field, FieldValue its value as text.

  Scenario: A session filtering on agent A's id receives agent A's events and not agent B's
    # AddFilter: "a specific agent … id" (EDK 3-5). The login-name form (EDK 5-5, decision 12)
    # and service filters are in features/session/filters.feature.
    Given a session subscribed to "agent"
    And agent A is logged in
    And agent B is logged in
    And session X subscribed to "agent" that is opened
    When session X sends AddFilter with FieldType FT_AGENT_ID and FieldValue "agent A's id"
    Then the request succeeds
    When session X sends OnLine
    And the client sends SetAgentState with:
      | AgentIdx | agent B's id |
      | NewState | NotReady     |
    And the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then session X receives AgentStateChange with:
      | AgentId    | agent A's id |
      | AgentState | NotReady     |
      | RequestId  | 0            |
    And session X has received no AgentStateChange with:
      | AgentId | agent B's id |
    And the recording passes the correlation checks

  Scenario Outline: AddFilter with FieldType <value> is refused with InvalidParameter
    Given a session subscribed to "agent" that is opened
    When the client sends AddFilter with FieldType as the raw text "<value>", and:
      | FieldValue | the inbound service |
    Then the request is refused with InvalidParameter

    Examples:
      | value      |
      | INVALID    |
      | FT_CALL_ID |

  Scenario: AddFilter with a service id that is not a number is refused with InvalidParameter
    # mock's choice: the guide does not say what a FieldValue must look like.
    Given a session subscribed to "agent" that is opened
    When the client sends AddFilter with FieldType FT_SERVICE_ID and FieldValue "sales"
    Then the request is refused with InvalidParameter

  Scenario Outline: AddFilter without <member> is refused with MissingArg
    Given a session subscribed to "agent" that is opened
    When the client sends AddFilter leaving out <member>, with:
      | FieldType  | FT_SERVICE_ID       |
      | FieldValue | the inbound service |
    Then the request is refused

    Examples:
      | member     |
      | SessionId  |
      | TenantId   |
      | FieldType  |
      | FieldValue |

  Scenario: AddFilter with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent" that is opened
    When the client sends AddFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service", and:
      | SessionId | "no-such-session" |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: AddFilter naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent" that is opened
    When the client sends AddFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service", and:
      | TenantId | $otherTenant |
    Then the request is refused with InvalidTenantId

  @EDK-5-3
  Scenario: AddFilter while offline is refused with InvalidRequest
    Given a session subscribed to "agent" that is offline
    When the client sends AddFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service"
    Then the request is refused with InvalidRequest
