@request:CloseConnection @EDK-3-2
Feature: CloseConnection
  The client ends its session. After the CloseConnection response the session is ended:
  no further requests, responses or events for it (EDK 3-2, 5-4).

  # "After the client receives the CloseConnection response, the session is ended and no
  # further requests, responses or events are generated for this session" (EDK 5-4).
  Scenario: After CloseConnection the session gets no events and its SessionId is refused
    Given a session subscribed to "agent"
    And session X subscribed to "agent"
    When session X sends CloseConnection
    Then the request succeeds
    When agent A is logged in
    Then session X has received no events since its CloseConnection
    When session X sends OnLine
    Then the request is refused with InvalidSessionId
    And the recording passes the session checks

  Scenario Outline: CloseConnection is accepted while the session is <state>
    # EDK 5-4 lets a client close its session (offline: features/session/offline.feature).
    Given a session subscribed to "agent" that is <state>
    When the session is closed
    Then the request succeeds
    And the recording passes the session checks

    Examples:
      | state  |
      | opened |
      | online |

  # The session is ended (EDK 5-4): its SessionId names no session any more.
  Scenario: Closing a session twice is refused with InvalidSessionId
    Given a session subscribed to "agent"
    When the session is closed
    And the session is closed
    Then the request is refused with InvalidSessionId

  Scenario: CloseConnection with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    When the client sends CloseConnection with exactly these arguments:
      | SessionId | "no-such-session" |
    Then the request is refused with InvalidSessionId

  # CloseConnectionArgs.SessionId is IsRequired (WIRE).
  Scenario: CloseConnection without SessionId is refused
    Given a session subscribed to "agent"
    When the client sends CloseConnection leaving out SessionId
    Then the request is refused

  Scenario: CloseConnection of one session leaves the other sessions open
    Given a session subscribed to "agent"
    And session X subscribed to "agent"
    When session X sends CloseConnection
    Then the request succeeds
    When agent A is logged in
    Then the session receives AgentLoginStateChange with:
      | AgentLoginName | agent A       |
      | LoginState     | AgentLoggedIn |
      | RequestId      | $r            |
