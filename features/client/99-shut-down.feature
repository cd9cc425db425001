@client
Feature: Shut-down (client)
  A client leaves in the guide's order: OffLine, then CloseConnection (EDK 5-1, 5-3, 5-4);
  an agent desktop logs its agents out first. The kit stops the client it started
  (SIGTERM); an operator stops one the kit did not start.

  @rule:shut-down @EDK-5-1 @profile:monitor @profile:agent-desktop @profile:router
  Scenario: The client goes offline, then closes its session, when it is stopped
    Given the client under test is online
    When the client is stopped
    Then the client went offline, then closed its session

  @rule:offline-requests @EDK-5-3 @profile:monitor @profile:agent-desktop @profile:router
  Scenario: While offline the client sends nothing but OnLine or CloseConnection
    Given the client has been stopped
    Then the client sent nothing but OnLine or CloseConnection while offline

  @rule:logout @EDK-3-8 @profile:agent-desktop @reading:desktop-logs-out
  Scenario: The desktop logs its agents out before it leaves
    Given the client has been stopped
    Then the client logged its agents out before closing its session
