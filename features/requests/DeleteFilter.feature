@request:DeleteFilter @EDK-3-5
Feature: DeleteFilter
  DeleteFilter removes a filter the session added: the events it held back reach the
  session again (EDK 3-5; the syntax line's "DeleteFilter>" is a typo, decision 2).

  Scenario: After DeleteFilter the session receives the events the filter held back
    Given a session subscribed to "agent"
    And agent A is logged in
    And agent B is logged in
    And session X subscribed to "agent" that is opened
    And session X sends AddFilter with FieldType FT_AGENT_ID and FieldValue "agent A's id"
    And session X sends OnLine
    When session X sends DeleteFilter with FieldType FT_AGENT_ID and FieldValue "agent A's id"
    Then the request succeeds
    When the client sends SetAgentState with:
      | AgentIdx | agent B's id |
      | NewState | NotReady     |
    Then session X receives AgentStateChange with:
      | AgentId    | agent B's id |
      | AgentState | NotReady     |
      | RequestId  | 0            |
    And the recording passes the correlation checks

  Scenario: Deleting a filter the session never added is harmless
    # mock's choice: the guide is silent; the request succeeds and changes nothing.
    Given a session subscribed to "agent"
    When the client sends DeleteFilter with FieldType FT_SERVICE_ID and FieldValue "the second service"
    Then the request succeeds

  Scenario Outline: DeleteFilter with FieldType <value> is refused with InvalidParameter
    Given a session subscribed to "agent"
    When the client sends DeleteFilter with FieldType as the raw text "<value>", and:
      | FieldValue | the inbound service |
    Then the request is refused with InvalidParameter

    Examples:
      | value      |
      | INVALID    |
      | FT_CALL_ID |

  Scenario Outline: DeleteFilter without <member> is refused with MissingArg
    Given a session subscribed to "agent"
    When the client sends DeleteFilter leaving out <member>, with:
      | FieldType  | FT_SERVICE_ID       |
      | FieldValue | the inbound service |
    Then the request is refused

    Examples:
      | member     |
      | SessionId  |
      | TenantId   |
      | FieldType  |
      | FieldValue |

  Scenario: DeleteFilter with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    When the client sends DeleteFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service", and:
      | SessionId | "no-such-session" |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: DeleteFilter naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent"
    When the client sends DeleteFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service", and:
      | TenantId | $otherTenant |
    Then the request is refused with InvalidTenantId

  @EDK-5-3
  Scenario: DeleteFilter while offline is refused with InvalidRequest
    Given a session subscribed to "agent" that is offline
    When the client sends DeleteFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service"
    Then the request is refused with InvalidRequest
