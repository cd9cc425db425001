@session @EDK-4-1
Feature: Heartbeats
  After OnLine the CTIPS calls Heartbeat on the client's callback service every configured
  interval, for as long as the session is online (EDK 5-2). A heartbeat the client does not
  answer is missed; after the configured number of missed heartbeats (default 3, 1..999)
  the CTIPS disposes the session (EDK 1-4, 4-1, 5-2) and requests naming it are refused.
  Intervals and counts come from the target's configuration (the embedded mock: 100 ms, 3).

  Scenario: The server heartbeats an online session
    Given a session subscribed to "agent"
    Then the target sends a heartbeat for the session within 1000 ms
    And the recording passes the sequencing checks

  @EDK-5-2 @slow
  Scenario: Heartbeats come at the configured interval
    Given a session subscribed to "agent"
    When the session stays online for 40 heartbeats
    Then the heartbeats keep the target's configured interval
    And the recording passes the sequencing checks

  # The guide: the first heartbeat comes "after placing the client application online" (EDK 5-2).
  @EDK-5-2
  Scenario: No heartbeat before the session goes online
    Given a session that is not yet online
    Then the target sends the session no heartbeat for 3 heartbeat intervals
    When the session goes online
    Then the target sends the session 2 more heartbeats
    And the recording passes the sequencing checks

  # Inference: the heartbeat cycle "must continue for the duration of time that the client
  # session is online" (EDK 5-2); an offline session gets none (the mock stops them).
  @EDK-5-3
  Scenario: Heartbeats stop while the session is offline and resume after OnLine
    Given a session subscribed to "agent"
    And the target sends the session 1 more heartbeat
    When the session goes offline
    Then the target sends the session no heartbeat for 3 heartbeat intervals
    When the session goes online
    Then the target sends the session 2 more heartbeats
    And the recording passes the sequencing checks

  @EDK-5-4
  Scenario: Heartbeats stop when the session is closed
    Given a session subscribed to "agent"
    And the target sends the session 1 more heartbeat
    When the session is closed
    Then the target sends the session no heartbeat for 3 heartbeat intervals
    And the recording passes the sequencing checks

  Scenario: A session whose client faults every heartbeat is disposed after exactly N misses
    Given a session subscribed to "agent"
    When the client answers heartbeats with a SOAP fault
    Then the session is disposed after exactly the target's configured number of missed heartbeats
    And the recording passes the sequencing checks

  Scenario: A session whose client hangs up on every heartbeat is disposed after exactly N misses
    Given a session subscribed to "agent"
    When the client drops the connection of every heartbeat
    Then the session is disposed after exactly the target's configured number of missed heartbeats

  # The server learns of a silent client's Nth miss only when its answer timeout runs out
  # ("before the timeout period expires", EDK 5-2); one heartbeat already due then is tolerated.
  @EDK-5-2
  Scenario: A session whose client stops answering heartbeats is disposed
    Given a session subscribed to "agent"
    When the client stops answering heartbeats
    Then the session is disposed once the last of the target's configured number of unanswered heartbeats times out

  Scenario: Fewer consecutive misses than configured keep the session
    Given a session subscribed to "agent"
    When the client answers the next 2 heartbeats with a SOAP fault
    Then the target sends the session 3 more heartbeats
    When the client sends OnLine
    Then the request succeeds
    And the recording passes the sequencing checks

  # "Consecutive" misses (EDK 1-4 "number of missed heartbeats"): an answered heartbeat resets the count.
  Scenario: An answered heartbeat restarts the count of missed heartbeats
    Given a session subscribed to "agent"
    When the client answers the next 2 heartbeats with a SOAP fault
    And the target sends the session 1 more heartbeat
    And the client answers the next 2 heartbeats with a SOAP fault
    Then the target sends the session 2 more heartbeats
    When the client sends OnLine
    Then the request succeeds

  @EDK-5-4
  Scenario: Requests naming a disposed session are refused with InvalidSessionId
    Given a session subscribed to "agent"
    When the client answers heartbeats with a SOAP fault
    Then the session is disposed after exactly the target's configured number of missed heartbeats
    When the client answers heartbeats again
    And the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request is refused with InvalidSessionId
    And the recording passes the session checks

  # A disposed session gets no more events: the kit's reading of "disposes its connection
  # to and from the CTIPS client" (EDK 4-1). The heartbeat behaviour is the client's, for
  # all its sessions: the observer opens once the first session is gone.
  Scenario: A disposed session receives no events
    Given a session subscribed to "agent"
    When the client answers heartbeats with a SOAP fault
    Then the session is disposed after exactly the target's configured number of missed heartbeats
    When the client answers heartbeats again
    And session observer subscribed to "agent"
    And session observer sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then session observer receives AgentLoginStateChange with:
      | AgentLoginName | agent A       |
      | LoginState     | AgentLoggedIn |
    And the session has received no AgentLoginStateChange with:
      | AgentLoginName | agent A |
    And the recording passes the sequencing checks
