@request:Snapshot @EDK-3-6
Feature: Snapshot
  An online session asks for the current agents, calls and services; the CTIPS answers,
  then sends a SnapShotUpdate for every logged-in agent, active call or configured service
  of each requested type, carrying the request's RequestId; the completion flag says all
  were sent (EDK 3-6, 4-27, 5-3).

  # With one entity type requested, the last update of that type is the last of all: EDK
  # 4-27's SnapShotComplete ("all SnapShotUpdate events for all SnapShotTypes requested were
  # sent") is the wire's SnapShotTypeComplete on it. Agent A is logged in and the site
  # configures services, so AgentInfo and ServiceInfo have something to report.
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
      | ServiceInfo |

    # With no call in progress CallInfo has nothing to list (EDK 5-3: an update "for every
    # active call"); the kit's reading: the type still ends with one empty, complete update.
    @reading:snapshot-empty-type
    Examples:
      | type     |
      | CallInfo |

  # EDK 3-6 asks for "the entities of interest"; the guide does not say what a request
  # naming none gets. The kit's reading: it is refused (the mock accepts it and sends
  # SnapShotRequestFailed, EDK C-3; a fault refuses it as well).
  Scenario Outline: A Snapshot naming <case> is refused
    Given a session subscribed to "agent, system"
    When the client sends Snapshot with:
      | EntityType | <types> |
    Then the request is refused
    And the session has received no SnapShotUpdate since its Snapshot

    @reading:argument-limits
    Examples:
      | case           | types |
      | no entity type | []    |
      | a nil list     | (nil) |

    # INVALID is a CTIEntityType name on the wire, not one of EDK 3-6's entity types.
    @reading:unlisted-values
    Examples:
      | case             | types       |
      | the INVALID type | ["INVALID"] |

  @reading:requests-before-online
  Scenario: A Snapshot before OnLine is refused with InvalidRequest
    # EDK 3-6: the client "must use this request after creating a session with the CTIPS and
    # is OnLine" — a duty of the client; the guide does not say a CTIPS refuses it before.
    # The kit's reading: it does. (Offline: features/session/offline.feature.)
    Given a session subscribed to "agent, system" that is opened
    When the client sends Snapshot with:
      | EntityType | ["AgentInfo"] |
    Then the request is refused with InvalidRequest

  # SessionId, TenantId and EntityType are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: Snapshot without <member> is refused
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
