@session @EDK-4-1
Feature: Heartbeats
  After OnLine the CTIPS calls Heartbeat on the client's callback service every interval.

  Scenario: The server heartbeats an online session
    Given a session subscribed to "agent"
    Then the target sends a heartbeat for the session within 1000 ms
    And the recording passes the sequencing checks
