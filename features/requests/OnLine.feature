@request:OnLine @EDK-3-3
Feature: OnLine
  OnLine makes the session eligible to receive messages: events of its message classes
  and filters, and heartbeats from the CTIPS (EDK 3-3, 5-2).

  Scenario: Before OnLine a session gets no events; after OnLine it gets them
    # EDK 3-3: OnLine makes the client "eligible to receive messages"; AddMessageClass
    # receives "all messages in a particular category" (EDK C-1).
    Given a session subscribed to "agent"
    And session X subscribed to "agent" that is opened
    When agent A is logged in
    Then session X has received no events since its AddMessageClass
    When session X sends OnLine
    Then the request succeeds
    When agent B is logged in
    Then session X receives AgentLoginStateChange with:
      | AgentLoginName | agent B       |
      | LoginState     | AgentLoggedIn |
    And the recording passes the sequencing checks

  @EDK-5-2 @slow
  Scenario: After OnLine the CTIPS heartbeats the session
    # @slow against a real CTIPS: one heartbeat interval (30 s by default).
    Given a session subscribed to "agent" that is opened
    When the session goes online
    Then the request succeeds
    And the target sends the session 1 more heartbeat
    And the recording passes the sequencing checks

  @reading:repeated-online-offline
  Scenario: OnLine on a session that is already online is harmless
    # The guide is silent (EDK 3-3, 5-2); the kit's reading: repeating OnLine succeeds and
    # changes nothing.
    Given a session subscribed to "agent"
    When the client sends OnLine
    Then the request succeeds
    When agent A is logged in
    Then the session receives AgentStateChange with:
      | AgentState | Idle |
      | RequestId  | $r   |

  @EDK-3-1
  Scenario: OnLine naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent" that is opened
    When the client sends OnLine with:
      | TenantId | $otherTenant |
    Then the request is refused with InvalidTenantId

  # SessionId and TenantId are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: OnLine without <member> is refused
    Given a session subscribed to "agent" that is opened
    When the client sends OnLine leaving out <member>
    Then the request is refused

    Examples:
      | member    |
      | SessionId |
      | TenantId  |

  Scenario: OnLine with a TenantId that is not an int is refused
    # Letters in an int break the data contract: a WCF stack can only refuse the message.
    Given a session subscribed to "agent" that is opened
    When the client sends OnLine with TenantId as the raw text "one"
    Then the request is refused
