@client @profile:monitor @profile:agent-desktop @profile:router
Feature: RequestIds (client)
  "It is the client's responsibility to generate a unique RequestId" (EDK 3-7): judged over
  every request the client sent during the whole run.

  @rule:request-ids-non-zero @EDK-3-7
  Scenario: The client's RequestIds are never 0
    Given the client under test is online
    Then the client's RequestIds were never 0

  @rule:request-ids-unique @EDK-3-7
  Scenario: The client never reuses a RequestId within a session
    Given the client under test is online
    Then the client never reused a RequestId within a session
