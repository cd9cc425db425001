@client @profile:agent-desktop
Feature: Agent desktop (client)
  An agent desktop accepts the calls presented to its agents when the CTIPS asks for an
  answer (CallConnected with ResponseRequired, EDK 4-11; AcceptCall, EDK 3-12), disposes
  the call in Wrap (EDK 2-1: idle "after the agent disposes the call"; SetDisposition,
  EDK 3-11), and asks only for states an agent can be put in.

  @rule:accept @EDK-4-11
  Scenario: The desktop accepts a call presented to its agent
    Given the client under test is online
    And the desktop's agent is logged in and Idle
    When a customer calls the inbound service
    Then the client answered the call presented to its agent within the allowed time

  @rule:dispose @EDK-2-1
  Scenario: The desktop disposes the call when its agent is in Wrap
    Given the client under test is online
    And the desktop's agent is logged in and Idle
    When a customer calls the inbound service
    # A desktop that does not accept is graded by the scenario above: here the agent picks
    # up the phone when the call still rings after the time allowed.
    And the desktop's agent is talking to the customer
    And the customer hangs up
    Then the client disposed its agent's Wrap within the allowed time
    And the desktop's agent is back in a rest state

  @rule:agent-states @EDK-3-10 @reading:agent-settable-states
  Scenario: The desktop asks only for states an agent can be put in
    Given the client under test is online
    Then every SetAgentState of the client asked for a rest state
