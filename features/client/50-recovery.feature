@client @profile:monitor @profile:agent-desktop @profile:router
Feature: Recovery (client)
  The CTI Portal Server is stateless: "if the CTI Portal Server were to fail, after
  recovery, the client must attempt to reconnect and resubmit any subscription and filter
  information … request a snapshot" (EDK 1-2); a client that no longer receives heartbeats
  "must attempt to reconnect" (EDK 5-2); "it is the responsibility of the client to
  failover when a primary CTI Portal Server becomes unavailable" (EDK 1-3).

  @rule:link-up-snapshot @EDK-4-28 @reading:snapshot-after-link-up
  Scenario: After a link comes back up, the client takes a new snapshot
    Given the client under test is online
    When the CenterCord link goes down
    And the CenterCord link comes back up
    Then the client took a snapshot after the link came back up

  @rule:recovery @EDK-1-2
  Scenario: After the CTIPS disposes its session, the client reconnects, resubscribes, goes online and takes a snapshot
    Given the client under test is online
    When the CTIPS disposes the client's session
    Then the client reconnected, resubscribed, went online and took a snapshot within the allowed time

  @rule:recovery @EDK-1-2
  Scenario: After the CTIPS restarts, the client reconnects, resubscribes, goes online and takes a snapshot
    Given the client under test is online
    When the CTIPS restarts, losing every session
    Then the client reconnected, resubscribed, went online and took a snapshot within the allowed time

  @rule:recovery @rule:failover @EDK-1-3
  Scenario: When the primary CTIPS dies, the client fails over to the secondary
    Given the client under test is online
    When the primary CTIPS dies
    Then the client reconnected, resubscribed, went online and took a snapshot within the allowed time
    And the client is online on the secondary CTIPS
