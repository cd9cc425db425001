@client @profile:monitor @profile:agent-desktop @profile:router
Feature: Start-up (client)
  A client opens a session, registers for the events it needs, goes online and takes a
  snapshot (EDK 5-1 … 5-3, "Client Application Startup and Shutdown Sequence"), naming the
  one tenant the CTIPS serves (EDK 3-1) and answering StartSession (EDK 4-2).

  @rule:subscribe-first @EDK-5-1
  Scenario: The client registers for events before it goes online
    Given the client under test is online
    Then the client registered for events before going online

  @rule:one-tenant @EDK-3-1
  Scenario: The client names exactly one tenant when it opens a connection
    Given the client under test is online
    Then every OpenConnection of the client named exactly one tenant

  @rule:snapshot @EDK-3-6
  Scenario: The client takes a snapshot once it is online
    Given the client under test is online
    Then every session of the client took a snapshot after going online
