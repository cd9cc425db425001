@request:DeleteFilter @EDK-3-5
Feature: DeleteFilter
  DeleteFilter removes a filter the session added: the events it held back reach the
  session again (EDK 3-5; the syntax line's "DeleteFilter>" is a typo, decision 2).

  # With its only filter deleted the session gets every event of its classes again: "the
  # CTIPS … publishes events to the clients according to their subscriptions and filters"
  # (EDK 5-4). Which FT_AGENT_ID form the filter matched does not matter here.
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
      | AgentId    | agent B's id |                                   |
      | AgentState | NotReady     |                                   |
      | RequestId  | 0            | reading:request-id-other-sessions |
    And the recording passes the correlation checks

  @reading:repeated-registration
  Scenario: Deleting a filter the session never added is harmless
    # The kit's reading: the guide is silent; the request succeeds and changes nothing.
    Given a session subscribed to "agent"
    When the client sends DeleteFilter with FieldType FT_SERVICE_ID and FieldValue "the second service"
    Then the request succeeds

  Scenario: DeleteFilter with a FieldType the contract lacks is refused
    # CTIFieldType has no FT_CALL_ID (EDK A-10, WIRE): a WCF stack cannot deserialize it.
    Given a session subscribed to "agent"
    When the client sends DeleteFilter with FieldType as the raw text "FT_CALL_ID", and:
      | FieldValue | the inbound service |
    Then the request is refused

  @reading:unlisted-values
  Scenario: DeleteFilter with FieldType INVALID is refused with InvalidParameter
    # The kit's reading: INVALID is a CTIFieldType value on the wire; DeleteFilter's table
    # lists FT_AGENT_ID, FT_SERVICE_ID and FT_SWITCH_ID (EDK 3-5) without saying what another gets.
    Given a session subscribed to "agent"
    When the client sends DeleteFilter with FieldType as the raw text "INVALID", and:
      | FieldValue | the inbound service |
    Then the request is refused with InvalidParameter

  # Every member of DeleteFilterArgs is IsRequired (WIRE).
  Scenario Outline: DeleteFilter without <member> is refused
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

  # "After the session is placed OffLine, the CTIPS no longer accepts requests … with the
  # exception of an OnLine request" (EDK 5-3).
  @EDK-5-3
  Scenario: DeleteFilter while offline is refused with InvalidRequest
    Given a session subscribed to "agent" that is offline
    When the client sends DeleteFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service"
    Then the request is refused with InvalidRequest
