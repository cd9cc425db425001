@request:DeleteMessageClass @EDK-3-4
Feature: DeleteMessageClass
  DeleteMessageClass removes a message class: the session receives no more events of
  that category (EDK 3-4).

  # DeleteMessageClass deletes "a filter based on the class of message" (EDK 3-4, C-1):
  # the events of that class stop.
  Scenario: After DeleteMessageClass the session gets no events of that class
    Given a session subscribed to "agent"
    And session X subscribed to "agent"
    When session X sends DeleteMessageClass with:
      | MessageClass | EventCategoryAgent |
    Then the request succeeds
    When agent A is logged in
    Then session X has received no agent events since its DeleteMessageClass
    And the recording passes the correlation checks

  Scenario: A class deleted and added again delivers its events again
    Given a session subscribed to "agent"
    When the client sends DeleteMessageClass with:
      | MessageClass | EventCategoryAgent |
    And the client sends AddMessageClass with:
      | MessageClass | EventCategoryAgent |
    Then the request succeeds
    When agent A is logged in
    Then the session receives AgentLoginStateChange with:
      | AgentLoginName | agent A       |
      | LoginState     | AgentLoggedIn |
      | RequestId      | $r            |

  @reading:repeated-registration
  Scenario: Deleting a class the session never added is harmless
    # The kit's reading: the guide is silent; the request succeeds and changes nothing.
    Given a session subscribed to "agent"
    When the client sends DeleteMessageClass with:
      | MessageClass | EventCategoryRoute |
    Then the request succeeds

  Scenario: DeleteMessageClass with a MessageClass the contract lacks is refused
    # CTIMessageClass has no EventCategoryWeather (EDK A-7, WIRE): a WCF stack cannot
    # deserialize it.
    Given a session subscribed to "agent"
    When the client sends DeleteMessageClass with MessageClass as the raw text "EventCategoryWeather"
    Then the request is refused

  @reading:unlisted-values
  Scenario: DeleteMessageClass with MessageClass INVALID is refused with InvalidParameter
    # The kit's reading: INVALID is a CTIMessageClass value on the wire; the table offers the
    # four categories (EDK 3-4) without saying what another value gets.
    Given a session subscribed to "agent"
    When the client sends DeleteMessageClass with MessageClass as the raw text "INVALID"
    Then the request is refused with InvalidParameter

  # Every member of DeleteMessageClassArgs is IsRequired (WIRE).
  Scenario Outline: DeleteMessageClass without <member> is refused
    Given a session subscribed to "agent"
    When the client sends DeleteMessageClass leaving out <member>, with:
      | MessageClass | EventCategoryAgent |
    Then the request is refused

    Examples:
      | member       |
      | SessionId    |
      | TenantId     |
      | MessageClass |

  Scenario: DeleteMessageClass with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    When the client sends DeleteMessageClass with:
      | SessionId    | "no-such-session"  |
      | MessageClass | EventCategoryAgent |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: DeleteMessageClass naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent"
    When the client sends DeleteMessageClass with:
      | TenantId     | $otherTenant       |
      | MessageClass | EventCategoryAgent |
    Then the request is refused with InvalidTenantId

  # "After the session is placed OffLine, the CTIPS no longer accepts requests … with the
  # exception of an OnLine request" (EDK 5-3).
  @EDK-5-3
  Scenario: DeleteMessageClass while offline is refused with InvalidRequest
    Given a session subscribed to "agent" that is offline
    When the client sends DeleteMessageClass with:
      | MessageClass | EventCategoryAgent |
    Then the request is refused with InvalidRequest
