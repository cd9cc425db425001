@client @profile:monitor @profile:agent-desktop @profile:router
Feature: Heartbeats and callbacks (client)
  The CTIPS calls Heartbeat every configured interval while the session is online; the
  client answers at once ("This method does not block and returns immediately", EDK 4-1),
  and a client that stops answering is disposed after the configured number of misses
  (EDK 5-2). PublishCTIEvent "does not block and returns within milliseconds" (EDK 4-1).

  @rule:heartbeats @EDK-4-1
  Scenario: The client answers every heartbeat promptly over several intervals
    Given the client under test is online
    When the heartbeats run for 4 intervals
    Then the client answered every heartbeat within the allowed time

  @rule:event-answers @EDK-4-1
  Scenario: The client answers every event with a result, promptly
    Given the client under test is online
    When a customer calls
    And the customer hangs up after the call was presented
    Then the client answered every event with a result within the allowed time
