@request:OffLine @EDK-3-3
Feature: OffLine
  OffLine puts the session offline: the CTIPS sends it no events and accepts no request
  but OnLine until it is back online (EDK 3-3, 5-3).

  Scenario: After OffLine the session gets no events until it is back online
    # EDK 5-3: "After the session is placed OffLine, the CTIPS no longer accepts requests or
    # sends events to the client application with the exception of an OnLine request."
    Given a session subscribed to "agent"
    And session X subscribed to "agent"
    When session X sends OffLine
    Then the request succeeds
    When agent A is logged in
    And session X sends OnLine
    And the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then session X receives AgentStateChange with:
      | AgentId    | agent A's id |
      | AgentState | NotReady     |
    And session X has received no AgentLoginStateChange since its OffLine
    And the recording passes the sequencing checks

  @EDK-5-3
  Scenario: While offline only OnLine is accepted, and back online the requests are
    Given a session subscribed to "agent"
    When the session goes offline
    And the client sends AddFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service"
    Then the request is refused with InvalidRequest
    When the session goes online
    Then the request succeeds
    When the client sends AddFilter with FieldType FT_SERVICE_ID and FieldValue "the inbound service"
    Then the request succeeds
    And the recording passes the session checks

  @reading:repeated-online-offline
  Scenario: OffLine on a session that is already offline is harmless
    # The kit's reading: OffLine while offline changes nothing and succeeds. (EDK 5-3 says
    # an offline session accepts no request but OnLine: a CTIPS that refuses it only warns.)
    Given a session subscribed to "agent" that is offline
    When the client sends OffLine
    Then the request succeeds

  @reading:requests-before-online
  Scenario: OffLine before the first OnLine is refused with InvalidRequest
    # The kit's reading (docs/sessions.md): a session that never went online cannot go
    # offline. The guide does not say what OffLine before OnLine gets (EDK 3-3, 5-3).
    Given a session subscribed to "agent" that is opened
    When the client sends OffLine
    Then the request is refused with InvalidRequest

  Scenario: OffLine with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    When the client sends OffLine with:
      | SessionId | "no-such-session" |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: OffLine naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent"
    When the client sends OffLine with:
      | TenantId | $otherTenant |
    Then the request is refused with InvalidTenantId

  # SessionId and TenantId are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: OffLine without <member> is refused
    Given a session subscribed to "agent"
    When the client sends OffLine leaving out <member>
    Then the request is refused

    Examples:
      | member    |
      | SessionId |
      | TenantId  |
