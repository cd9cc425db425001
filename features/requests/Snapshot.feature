@request:Snapshot @EDK-3-6
Feature: Snapshot
  An online session asks for the current agents, calls and services; the CTIPS answers,
  then sends one SnapShotUpdate per logged-in agent, active call or configured service of
  each requested type, the last of each type flagged complete (EDK 3-6, 4-27, 5-5).

  # With no call in progress the CallInfo row has nothing to list: the type still ends with
  # one complete update (inference from EDK 4-27's flag; docs/sessions.md).
  Scenario Outline: A Snapshot of <type> ends with a complete update carrying its RequestId
    Given a session subscribed to "agent, system"
    And agent A is logged in
    When the client sends Snapshot with:
      | EntityType | ["<type>"] |
    Then the request succeeds
    And the session receives SnapShotUpdate with:
      | SnapShotType         | <type> |
      | SnapShotTypeComplete | true   |
      | RequestId            | $r     |
    And the recording passes the session checks
    And the recording passes the correlation checks

    Examples:
      | type        |
      | AgentInfo   |
      | CallInfo    |
      | ServiceInfo |

  Scenario Outline: A Snapshot naming <case> is answered with SnapShotRequestFailed
    # EDK 3-6 asks for "the entities of interest"; the mock accepts the request and fails it
    # with SnapShotRequestFailed (docs/sessions.md).
    Given a session subscribed to "agent, system"
    When the client sends Snapshot with:
      | EntityType | <types> |
    Then the request succeeds
    And the session receives SnapShotRequestFailed with:
      | RequestId | $r |
    And the session has received no SnapShotUpdate since its Snapshot

    Examples:
      | case             | types       |
      | no entity type   | []          |
      | the INVALID type | ["INVALID"] |
      | a nil list       | (nil)       |

  Scenario: A Snapshot before OnLine is refused with InvalidRequest
    # EDK 3-6: the client takes its snapshot once it "is OnLine". (Offline: features/session/offline.feature.)
    Given a session subscribed to "agent, system" that is opened
    When the client sends Snapshot with:
      | EntityType | ["AgentInfo"] |
    Then the request is refused with InvalidRequest

  Scenario Outline: Snapshot without <member> is refused with MissingArg
    Given a session subscribed to "agent, system"
    When the client sends Snapshot leaving out <member>, with:
      | EntityType | ["AgentInfo"] |
    Then the request is refused

    Examples:
      | member     |
      | SessionId  |
      | TenantId   |
      | EntityType |

  Scenario: Snapshot with an unknown SessionId is refused with InvalidSessionId
    Given a session subscribed to "agent, system"
    When the client sends Snapshot with:
      | SessionId  | "no-such-session" |
      | EntityType | ["AgentInfo"]     |
    Then the request is refused with InvalidSessionId

  @EDK-3-1
  Scenario: Snapshot naming another tenant is refused with InvalidTenantId
    Given a session subscribed to "agent, system"
    When the client sends Snapshot with:
      | TenantId   | $otherTenant  |
      | EntityType | ["AgentInfo"] |
    Then the request is refused with InvalidTenantId
