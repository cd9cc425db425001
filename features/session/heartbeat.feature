@session @EDK-4-1
Feature: Heartbeats
  After OnLine the CTIPS calls Heartbeat on the client's callback service every configured
  interval, for as long as the session is online (EDK 5-2). A heartbeat the client does not
  answer is missed; after the configured number of missed heartbeats (default 3, 1..999)
  the CTIPS disposes the session (EDK 1-4, 4-1, 5-2) and requests naming it are refused.
  Intervals and counts come from the target's configuration (the embedded mock: 100 ms, 3).
  The guide's word: heartbeats after OnLine at the configured interval, none after the
  session ends, disposal after the configured number of misses. The kit's readings: how
  soon the first heartbeat comes, heartbeats stopping while offline, misses counted only
  in a row, the answer timeout of a silent client, and which FaultErrorCode a disposed
  session's requests get.

  # The guide: "After placing the client application online, the … CTIPS generates a
  # heartbeat event to the client" (EDK 5-2).
  Scenario: The server heartbeats an online session
    Given a session subscribed to "agent"
    Then the target sends the session 1 more heartbeat
    And the recording passes the sequencing checks

  # The kit's reading: the first heartbeat comes at once after OnLine, not one interval
  # later (the guide gives no time, EDK 5-2).
  @reading:first-heartbeat-promptly
  Scenario: The first heartbeat comes within a second of OnLine
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

  # After OffLine, OnLine puts the session back online (EDK 3-3, 5-3), and "after placing
  # the client application online" the CTIPS heartbeats it (EDK 5-2).
  @EDK-5-3
  Scenario: Heartbeats come again after OffLine and OnLine
    Given a session subscribed to "agent"
    And the target sends the session 1 more heartbeat
    When the session goes offline
    And the session goes online
    Then the target sends the session 2 more heartbeats
    And the recording passes the sequencing checks

  # The kit's reading: the heartbeat cycle "must continue for the duration of time that the
  # client session is online" (EDK 5-2); the guide does not say that it stops while the
  # session is offline.
  @EDK-5-3 @reading:heartbeats-stop-offline
  Scenario: Heartbeats stop while the session is offline and resume after OnLine
    Given a session subscribed to "agent"
    And the target sends the session 1 more heartbeat
    When the session goes offline
    Then the target sends the session no heartbeat for 3 heartbeat intervals
    When the session goes online
    Then the target sends the session 2 more heartbeats
    And the recording passes the sequencing checks

  # "After the client receives the CloseConnection response, the session is ended and no
  # further requests, responses or events are generated for this session" (EDK 5-4).
  @EDK-5-4
  Scenario: Heartbeats stop when the session is closed
    Given a session subscribed to "agent"
    And the target sends the session 1 more heartbeat
    When the session is closed
    Then the target sends the session no heartbeat for 3 heartbeat intervals
    And the recording passes the sequencing checks

  # A heartbeat answered with a fault or a broken connection has failed (EDK 4-1); the
  # session goes after the configured number of them (EDK 5-2, B-1). The disposed
  # session's request is refused; which FaultErrorCode it names is the kit's reading.
  Scenario: A session whose client faults every heartbeat is disposed after exactly N misses
    Given a session subscribed to "agent"
    When the client answers heartbeats with a SOAP fault
    Then the session is disposed after exactly the target's configured number of missed heartbeats
    And the recording passes the sequencing checks

  Scenario: A session whose client hangs up on every heartbeat is disposed after exactly N misses
    Given a session subscribed to "agent"
    When the client drops the connection of every heartbeat
    Then the session is disposed after exactly the target's configured number of missed heartbeats

  # The kit's reading: the server learns of a silent client's Nth miss only when its answer
  # timeout runs out ("before the timeout period expires", EDK 5-2, a period the guide does
  # not give); one heartbeat already due then is tolerated, no more.
  @EDK-5-2 @reading:heartbeat-answer-timeout
  Scenario: A session whose client stops answering heartbeats is disposed
    Given a session subscribed to "agent"
    When the client stops answering heartbeats
    Then the session is disposed once the last of the target's configured number of unanswered heartbeats times out

  # Fewer misses than allowed (EDK 5-2: "an allowable number of Missed Heartbeats … before
  # considering the session closed") keep the session: it is still heartbeated and a
  # request the guide lists as valid for an online session is carried out (EDK 3-6).
  Scenario: Fewer consecutive misses than configured keep the session
    Given a session subscribed to "agent"
    When the client answers the next 2 heartbeats with a SOAP fault
    Then the target sends the session 3 more heartbeats
    When the client sends Snapshot with:
      | EntityType | ["ServiceInfo"] |
    Then the request succeeds
    And the recording passes the sequencing checks

  # The kit's reading: only misses in a row count (EDK 1-4, 5-2 say "number of missed
  # heartbeats", not consecutive ones); an answered heartbeat resets the count.
  @reading:missed-heartbeats-consecutive
  Scenario: An answered heartbeat restarts the count of missed heartbeats
    Given a session subscribed to "agent"
    When the client answers the next 2 heartbeats with a SOAP fault
    And the target sends the session 1 more heartbeat
    And the client answers the next 2 heartbeats with a SOAP fault
    Then the target sends the session 2 more heartbeats
    When the client sends Snapshot with:
      | EntityType | ["ServiceInfo"] |
    Then the request succeeds

  # The CTIPS "disposes its connection to and from the CTIPS client" (EDK 4-1): a request
  # naming the disposed session is refused; which FaultErrorCode it names is the kit's reading.
  @EDK-5-4
  Scenario: Requests naming a disposed session are refused
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

  # A disposed session gets no more events: the CTIPS "disposes its connection to and from
  # the CTIPS client" (EDK 4-1). The heartbeat behaviour is the client's, for all its
  # sessions: the observer opens once the first session is gone.
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
