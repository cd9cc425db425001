@client @profile:monitor @profile:agent-desktop @profile:router
Feature: Tolerance (client)
  What a CTIPS may send that a client written from the guide must take in its stride: a
  data contract read with extra members it does not know (WCF ignores them), a derived type
  named by an xsi:type QName without a prefix (the default namespace), optional members
  left out, a burst of events, a link going down and up (LinkStatus, EDK 4-28). The client
  answers every event with a result and stays online. "A customer calls" the service the
  client hears of: the inbound service, or for a router the externally routed one.

  @rule:tolerance @EDK-4-1
  Scenario Outline: The client survives events <what>
    Given the client under test is online
    And the CTIPS sends the client's events <what>
    When a customer calls
    And the customer hangs up after the call was presented
    Then the client answered every event with a result
    And the client is still online in the same session

    Examples:
      | what                                   |
      | with a member the contract lacks       |
      | with an unprefixed xsi:type            |
      | without their optional members         |

  @rule:tolerance @EDK-4-1
  Scenario: The client survives a burst of events
    Given the client under test is online
    When 5 customers call at once
    Then the client answered every event with a result
    And the client is still online in the same session

  @rule:tolerance @EDK-4-28
  Scenario: The client survives a link going down and up
    Given the client under test is online
    When the CenterCord link goes down
    And the CenterCord link comes back up
    Then the client answered every event with a result
    And the client is still online in the same session
