@request:AddFilter @EDK-3-5
Feature: AddFilter
  A filter narrows the session's events to a specific agent, service or switch
  (EDK 3-5, 5-2): FieldType names the field, FieldValue its value as text.

  Scenario: AddFilter on FT_AGENT_ID with an agent's id is accepted
    # AddFilter filters on "a specific agent, service, or switch id" (EDK 3-5): an agent's id
    # with FT_AGENT_ID is a filter the guide lists.
    Given a session subscribed to "agent"
    And agent A is logged in
    And session X subscribed to "agent" that is opened
    When session X sends AddFilter with FieldType FT_AGENT_ID and FieldValue "agent A's id"
    Then the request succeeds

  @reading:ft-agent-id-value
  Scenario: A session filtering on agent A's id receives agent A's events and not agent B's
    # The kit's reading: AddFilter says "a specific agent … id" (EDK 3-5), chapter 5 the
    # agent's login name (EDK 5-5, decision 12); the kit expects the id to narrow. The
    # login-name form and service filters are in features/session/filters.feature.
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
      | AgentId    | agent A's id |                                   |
      | AgentState | NotReady     |                                   |
      | RequestId  | 0            | reading:request-id-other-sessions |
    And session X has received no AgentStateChange with:
      | AgentId | agent B's id |
    And the recording passes the correlation checks

  Scenario: AddFilter with a FieldType the contract lacks is refused
    # CTIFieldType has no FT_CALL_ID (EDK A-10, WIRE): a WCF stack cannot deserialize it.
    Given a session subscribed to "agent" that is opened
    When the client sends AddFilter with FieldType as the raw text "FT_CALL_ID", and:
      | FieldValue | the inbound service |
    Then the request is refused

  @reading:unlisted-values
  Scenario: AddFilter with FieldType INVALID is refused with InvalidParameter
    # The kit's reading: INVALID is a CTIFieldType value on the wire; AddFilter's table lists
    # FT_AGENT_ID, FT_SERVICE_ID and FT_SWITCH_ID (EDK 3-5) without saying what another gets.
    Given a session subscribed to "agent" that is opened
    When the client sends AddFilter with FieldType as the raw text "INVALID", and:
      | FieldValue | the inbound service |
    Then the request is refused with InvalidParameter

  @reading:filter-values
  Scenario: AddFilter with a service id that is not a number is refused with InvalidParameter
    # The kit's reading: the guide does not say what a FieldValue must look like (EDK 3-5).
    Given a session subscribed to "agent" that is opened
    When the client sends AddFilter with FieldType FT_SERVICE_ID and FieldValue "sales"
    Then the request is refused with InvalidParameter

  # Every member of AddFilterArgs is IsRequired (WIRE).
  Scenario Outline: AddFilter without <member> is refused
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

  # "After the session is placed OffLine, the CTIPS no longer accepts requests … with the
  # exception of an OnLine request" (EDK 5-3).
  @EDK-5-3
  Scenario: AddFilter while offline is refused with InvalidRequest
    Given a session subscribed to "agent" that is offline
    When the client sends AddFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service"
    Then the request is refused with InvalidRequest
