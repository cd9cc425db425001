@request:PanicLogoutAgent @EDK-3-9
Feature: PanicLogoutAgent
  PanicLogout (PanicLogoutAgent on the wire) logs out the agents named in
  AgentLoginNameList, or all agents with LogoutAllAgents: agents not on a call at once,
  agents on a call are put in "pending logout state, no dispositioning" (EDK 3-9).
  AgentIdx is not in the guide's table; the wire requires it and the kit sends 0.
  A request that cannot be carried out is refused: by a fault (EDK 2-4) or by
  AgentLoginRequestFailed with its RequestId (EDK 4-5, C-3) — the scenarios accept either.

  Scenario: PanicLogout of one agent logs that agent out and no other
    # EDK 3-9: "immediately logs out agents who were in idle state"; EDK 4-3:
    # AgentWorkGroupId is -1 unless LoginState is AgentLoggedIn.
    Given a session subscribed to "agent"
    And agent A is logged in
    And agent B is logged in
    When the client sends PanicLogoutAgent with:
      | AgentIdx           | 0           |
      | AgentLoginNameList | ["agent A"] |
      | LogoutAllAgents    | false       |
    Then the request succeeds
    And the session receives AgentLoginStateChange with:
      | AgentId          | $agentA        |
      | LoginState       | AgentLoggedOut |
      | AgentWorkGroupId | -1             |
      | RequestId        | $r             |
    And the session has received no AgentLoginStateChange with:
      | AgentId    | $agentB        |
      | LoginState | AgentLoggedOut |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

  Scenario: PanicLogout with LogoutAllAgents logs every agent out
    # EDK 3-9: LogoutAllAgents "Set to "true" to logout all agents"; neither agent is on a call.
    Given a session subscribed to "agent"
    And agent A is logged in
    And agent B is logged in and NotReady
    When the client sends PanicLogoutAgent with:
      | AgentIdx           | 0     |
      | AgentLoginNameList | (nil) |
      | LogoutAllAgents    | true  |
    Then the request succeeds
    And the session receives AgentLoginStateChange with:
      | AgentId    | $agentA        |
      | LoginState | AgentLoggedOut |
      | RequestId  | $r             |
    And the session receives AgentLoginStateChange with:
      | AgentId    | $agentB        |
      | LoginState | AgentLoggedOut |
      | RequestId  | $r             |
    And the recording passes the correlation checks

  @trigger:inbound-call
  Scenario: An agent on a call is logged out when the call clears, without wrap
    # EDK 3-9: agents on a call "are placed in "pending logout state, no dispositioning"".
    # The later logout's RequestId is not asserted (the guide does not say it). The kit's
    # reading: "no dispositioning" means the agent never enters Wrap.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends PanicLogoutAgent with:
      | AgentIdx           | 0           |
      | AgentLoginNameList | ["agent A"] |
      | LogoutAllAgents    | false       |
    Then the request succeeds
    And the session has received no AgentLoginStateChange since its PanicLogoutAgent
    When the customer hangs up
    Then the session receives, in order:
      | id      | event                  | where                                      | reading                     |
      | out     | AgentLoginStateChange  | AgentId=$agentA, LoginState=AgentLoggedOut |                             |
      | no-wrap | never AgentStateChange | AgentId=$agentA, AgentState=Wrap           | pending-logout-without-wrap |
    And the recording passes the sequencing checks

  Scenario Outline: PanicLogout of <case> is refused
    Given a session subscribed to "agent"
    And agent B has been logged in and out again
    When the client sends PanicLogoutAgent with:
      | AgentIdx           | 0       |
      | AgentLoginNameList | [<who>] |
      | LogoutAllAgents    | false   |
    Then the request is refused with <failure>

    # No agent has the name: there is no one to log out (EDK 3-9).
    Examples:
      | case                  | who                    | failure          |
      | an unknown login name | "an unknown loginName" | InvalidAgentName |

    # The kit's reading: logging out an agent who is not logged in is refused, not ignored.
    @reading:state-preconditions
    Examples:
      | case                   | who       | failure                |
      | an agent not logged in | "agent B" | InvalidStateForRequest |

  Scenario: PanicLogout with no names and LogoutAllAgents false is refused
    # EDK 3-9: "The client must supply an array of one or more agent login names"; "If
    # LogoutAllAgents is false, the AgentLoginNameList must be set."
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends PanicLogoutAgent with:
      | AgentIdx           | 0     |
      | AgentLoginNameList | []    |
      | LogoutAllAgents    | false |
    Then the request is refused with InvalidParameter

  @reading:refused-request-changes-nothing
  Scenario: A PanicLogout refused for naming no one logs no one out
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends PanicLogoutAgent with:
      | AgentIdx           | 0     |
      | AgentLoginNameList | []    |
      | LogoutAllAgents    | false |
    Then the request is refused
    And the session has received no AgentLoginStateChange since its PanicLogoutAgent

  Scenario: PanicLogout with LogoutAllAgents that is not a bool is refused
    # "yes" is not an xs:boolean: a WCF stack can only refuse the message.
    Given a session subscribed to "agent"
    When the client sends PanicLogoutAgent with LogoutAllAgents as the raw text "yes", and:
      | AgentIdx           | 0           |
      | AgentLoginNameList | ["agent A"] |
    Then the request is refused

  # These members are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: PanicLogout without <member> is refused
    Given a session subscribed to "agent"
    When the client sends PanicLogoutAgent leaving out <member>, with:
      | AgentIdx           | 0           |
      | AgentLoginNameList | ["agent A"] |
      | LogoutAllAgents    | false       |
    Then the request is refused

    Examples:
      | member          |
      | SessionId       |
      | RequestId       |
      | TenantId        |
      | LogoutAllAgents |

  Scenario: PanicLogout with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent"
    When the client sends PanicLogoutAgent with:
      | SessionId          | "no-such-session" |
      | AgentIdx           | 0                 |
      | AgentLoginNameList | ["agent A"]       |
      | LogoutAllAgents    | false             |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: PanicLogout naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent"
    When the client sends PanicLogoutAgent with:
      | TenantId           | $otherTenant |
      | AgentIdx           | 0            |
      | AgentLoginNameList | ["agent A"]  |
      | LogoutAllAgents    | false        |
    Then the request is refused with InvalidTenantId

  @EDK-5-3
  Scenario: PanicLogout while offline is refused with InvalidRequest
    Given a session subscribed to "agent" that is offline
    When the client sends PanicLogoutAgent with:
      | AgentIdx           | 0           |
      | AgentLoginNameList | ["agent A"] |
      | LogoutAllAgents    | false       |
    Then the request is refused with InvalidRequest
