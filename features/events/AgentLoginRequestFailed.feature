@event:AgentLoginRequestFailed @EDK-4-5
Feature: AgentLoginRequestFailed event
  Sent when a LoginAgent or LogoutAgent request could not be carried out: the request is
  accepted, and this event carries its RequestId, a CTIFailureType and a text reason. The
  guide names no FailureType per cause (EDK A-12 only lists them): which one a cause gets
  is the kit's reading (failure-type), as is the AgentId of an agent the request named by
  login name or who is not logged in (event-agent-ids).

  @reading:failure-event-form
  Scenario: LoginAgent for an unknown login name fails with AgentLoginRequestFailed
    # The kit's reading: an unknown login name is a failure after issuing (EDK 4-5), not an
    # "invalid parameter" refused by a fault (EDK 2-4); the guide does not say which. The
    # refusal itself is judged in features/requests/LoginAgent.feature.
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | an unknown loginName |
      | StationId      | agent A's station    |
      | InitState      | Idle                 |
      | MultiLine      | 0                    |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId   | $r               |                         |
      | FailureType | InvalidAgentName | reading:failure-type    |
      | AgentId     | 0                | reading:event-agent-ids |
    And the AgentLoginRequestFailed event has the fields:
      | field          | wire type        | rule                      |
      | EventCategory  | CTIEventCategory | = EventCategoryAgent      |
      | EventType      | CTIEventType     | = AgentLoginRequestFailed |
      | SiteId         | int              | > 0                       |
      | TenantId       | int              | = $tenant                 |
      | RequestId      | int              | = $r                      |
      | SwitchId       | int              | any                       |
      | ServiceId      | int              | any                       |
      | AgentId        | int              | any                       |
      | AgentLoginName | string           | = an unknown loginName    |
      | FailureReason  | string           | non-empty                 |
      | FailureType    | CTIFailureType   | any                       |

  @reading:failure-event-form
  Scenario: LoginAgent for an agent already logged in fails with AgentLoginRequestFailed
    # The arguments are valid and the failure is the state of the world, which reads as a
    # failure after issuing (EDK 4-5: "generated when there is a failure after issuing ...
    # LoginAgent") rather than an "invalid parameter" (EDK 2-4); the guide does not draw the
    # line, so a CTIPS that faults instead only breaks the kit's reading. The refusal
    # itself is judged in features/requests/LoginAgent.feature.
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId   | $r                   |                         |
      | FailureType | AgentAlreadyLoggedIn | reading:failure-type    |
      | AgentId     | agent A's id         | reading:event-agent-ids |
    And the AgentLoginRequestFailed event has the fields:
      | field          | wire type        | rule                      |
      | EventCategory  | CTIEventCategory | = EventCategoryAgent      |
      | EventType      | CTIEventType     | = AgentLoginRequestFailed |
      | SiteId         | int              | > 0                       |
      | TenantId       | int              | = $tenant                 |
      | RequestId      | int              | = $r                      |
      | SwitchId       | int              | any                       |
      | ServiceId      | int              | any                       |
      | AgentId        | int              | any                       |
      | AgentLoginName | string           | = agent A                 |
      | FailureReason  | string           | non-empty                 |
      | FailureType    | CTIFailureType   | any                       |

  @reading:failure-event-form
  Scenario: LogoutAgent for an agent who is not logged in fails with AgentLoginRequestFailed
    # The kit's reading: the AgentId of an agent who is not logged in is a failure after
    # issuing (EDK 4-5), not an invalid parameter refused by a fault (EDK 2-4); the guide
    # hands AgentIds out at login only (EDK 3-7). An agent not logged in is in no state
    # for a logout: InvalidStateForRequest (failure-type).
    Given a session subscribed to "agent"
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId   | $r                     |                         |
      | FailureType | InvalidStateForRequest | reading:failure-type    |
      | AgentId     | agent A's id           | reading:event-agent-ids |
    And the AgentLoginRequestFailed event has the fields:
      | field          | wire type        | rule                      |
      | EventCategory  | CTIEventCategory | = EventCategoryAgent      |
      | EventType      | CTIEventType     | = AgentLoginRequestFailed |
      | SiteId         | int              | > 0                       |
      | TenantId       | int              | = $tenant                 |
      | RequestId      | int              | = $r                      |
      | SwitchId       | int              | any                       |
      | ServiceId      | int              | any                       |
      | AgentId        | int              | any                       |
      | AgentLoginName | string           | any                       |
      | FailureReason  | string           | non-empty                 |
      | FailureType    | CTIFailureType   | any                       |
