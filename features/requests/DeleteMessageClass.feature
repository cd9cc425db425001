@request:DeleteMessageClass @EDK-3-4
Feature: DeleteMessageClass
  DeleteMessageClass removes a message class: the session receives no more events of
  that category (EDK 3-4).

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

  Scenario: Deleting a class the session never added is harmless
    # mock's choice: the guide is silent; the request succeeds and changes nothing.
    Given a session subscribed to "agent"
    When the client sends DeleteMessageClass with:
      | MessageClass | EventCategoryRoute |
    Then the request succeeds

  Scenario Outline: DeleteMessageClass with MessageClass <value> is refused with InvalidParameter
    Given a session subscribed to "agent"
    When the client sends DeleteMessageClass with MessageClass as the raw text "<value>"
    Then the request is refused with InvalidParameter

    Examples:
      | value                |
      | INVALID              |
      | EventCategoryWeather |

  Scenario Outline: DeleteMessageClass without <member> is refused with MissingArg
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

  @EDK-5-3
  Scenario: DeleteMessageClass while offline is refused with InvalidRequest
    Given a session subscribed to "agent" that is offline
    When the client sends DeleteMessageClass with:
      | MessageClass | EventCategoryAgent |
    Then the request is refused with InvalidRequest
