@request:AddMessageClass @EDK-3-4
Feature: AddMessageClass
  A session receives the events of the message classes (event categories) it added, and
  no others (EDK 3-4, 5-4: one AddMessageClass per category).

  Scenario: A session that added the agent class receives agent events
    Given a session subscribed to "" that is opened
    When the client sends AddMessageClass with:
      | MessageClass | EventCategoryAgent |
    Then the request succeeds
    When the session goes online
    And the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the session receives AgentLoginStateChange with:
      | AgentLoginName | agent A       |
      | LoginState     | AgentLoggedIn |
      | RequestId      | $r            |
    And the recording passes the correlation checks

  @trigger:inbound-call
  Scenario: A session gets no events of a class it did not add
    Given a session subscribed to "agent"
    And agent A is logged in
    When a customer calls the inbound service
    Then the session receives AgentStateChange with:
      | AgentId    | $agentA       |
      | AgentState | PendingActive |
    And the session has received no call events since its AddMessageClass

  @trigger:inbound-call
  Scenario: A class added while online takes effect for the events that follow
    # EDK 3-3 advises adding classes before OnLine "to avoid receiving any unnecessary
    # messages"; it sets no condition on AddMessageClass, which "allows an application to
    # receive all messages in a particular category" (EDK C-1), and only OffLine stops
    # requests (EDK 5-3).
    Given a session subscribed to "agent"
    When the client sends AddMessageClass with:
      | MessageClass | EventCategoryCall |
    Then the request succeeds
    When a customer calls the inbound service
    Then the session receives CallDelivered with:
      | CallId    | $call               |
      | ServiceId | the inbound service |
      | RequestId | 0                   |

  @reading:repeated-registration
  Scenario: Adding a class twice is harmless
    # The kit's reading: the guide is silent; the second AddMessageClass succeeds and changes nothing.
    Given a session subscribed to "agent"
    When the client sends AddMessageClass with:
      | MessageClass | EventCategoryAgent |
    Then the request succeeds
    When agent A is logged in
    Then the session receives AgentLoginStateChange with:
      | AgentLoginName | agent A |
      | RequestId      | $r      |

  Scenario Outline: AddMessageClass with a MessageClass the contract lacks (<value>) is refused
    # CTIMessageClass has no such name (EDK A-7, WIRE; enum names are case-sensitive): a WCF
    # stack cannot deserialize it.
    Given a session subscribed to "" that is opened
    When the client sends AddMessageClass with MessageClass as the raw text "<value>"
    Then the request is refused

    Examples:
      | value                |
      | EventCategoryWeather |
      | eventcategoryagent   |

  @reading:unlisted-values
  Scenario: AddMessageClass with MessageClass INVALID is refused with InvalidParameter
    # The kit's reading: INVALID is a CTIMessageClass value on the wire; the table offers the
    # four categories (EDK 3-4) without saying what another value gets.
    Given a session subscribed to "" that is opened
    When the client sends AddMessageClass with MessageClass as the raw text "INVALID"
    Then the request is refused with InvalidParameter

  # Every member of AddMessageClassArgs is IsRequired (WIRE).
  Scenario Outline: AddMessageClass without <member> is refused
    Given a session subscribed to "" that is opened
    When the client sends AddMessageClass leaving out <member>, with:
      | MessageClass | EventCategoryAgent |
    Then the request is refused

    Examples:
      | member       |
      | SessionId    |
      | TenantId     |
      | MessageClass |

  Scenario: AddMessageClass with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "" that is opened
    When the client sends AddMessageClass with:
      | SessionId    | "no-such-session"  |
      | MessageClass | EventCategoryAgent |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: AddMessageClass naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "" that is opened
    When the client sends AddMessageClass with:
      | TenantId     | $otherTenant       |
      | MessageClass | EventCategoryAgent |
    Then the request is refused with InvalidTenantId
