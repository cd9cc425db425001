@event:AgentLoginRequestFailed @EDK-4-5
Feature: AgentLoginRequestFailed event
  Sent when a LoginAgent or LogoutAgent request could not be carried out: the request is
  accepted, and this event carries its RequestId, a CTIFailureType and a text reason.

  Scenario: LoginAgent for an unknown login name fails with AgentLoginRequestFailed
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | an unknown loginName |
      | StationId      | agent A's station    |
      | InitState      | Idle                 |
      | MultiLine      | 0                    |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId | $r |
    # The guide names no FailureType per cause; these two are the ones that name an unknown agent.
    And the AgentLoginRequestFailed event has the fields:
      | field          | wire type        | rule                                  |
      | EventCategory  | CTIEventCategory | = EventCategoryAgent                  |
      | EventType      | CTIEventType     | = AgentLoginRequestFailed             |
      | SiteId         | int              | > 0                                   |
      | TenantId       | int              | = $tenant                             |
      | RequestId      | int              | = $r                                  |
      | SwitchId       | int              | any                                   |
      | ServiceId      | int              | any                                   |
      | AgentId        | int              | = 0                                   |
      | AgentLoginName | string           | = an unknown loginName                |
      | FailureReason  | string           | non-empty                             |
      | FailureType    | CTIFailureType   | one of InvalidAgentName, InvalidAgent |

  Scenario: LoginAgent for an agent already logged in fails with AgentAlreadyLoggedIn
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId | $r |
    And the AgentLoginRequestFailed event has the fields:
      | field          | wire type        | rule                      |
      | EventCategory  | CTIEventCategory | = EventCategoryAgent      |
      | EventType      | CTIEventType     | = AgentLoginRequestFailed |
      | SiteId         | int              | > 0                       |
      | TenantId       | int              | = $tenant                 |
      | RequestId      | int              | = $r                      |
      | SwitchId       | int              | any                       |
      | ServiceId      | int              | any                       |
      | AgentId        | int              | = agent A's id            |
      | AgentLoginName | string           | = agent A                 |
      | FailureReason  | string           | non-empty                 |
      | FailureType    | CTIFailureType   | = AgentAlreadyLoggedIn    |

  Scenario: LogoutAgent for an agent who is not logged in fails with AgentLoginRequestFailed
    Given a session subscribed to "agent"
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request succeeds
    And the session receives AgentLoginRequestFailed with:
      | RequestId | $r |
    # The guide names no FailureType per cause; an agent not logged in is in no state for a logout.
    And the AgentLoginRequestFailed event has the fields:
      | field          | wire type        | rule                                        |
      | EventCategory  | CTIEventCategory | = EventCategoryAgent                        |
      | EventType      | CTIEventType     | = AgentLoginRequestFailed                   |
      | SiteId         | int              | > 0                                         |
      | TenantId       | int              | = $tenant                                   |
      | RequestId      | int              | = $r                                        |
      | SwitchId       | int              | any                                         |
      | ServiceId      | int              | any                                         |
      | AgentId        | int              | = agent A's id                              |
      | AgentLoginName | string           | any                                         |
      | FailureReason  | string           | non-empty                                   |
      | FailureType    | CTIFailureType   | one of InvalidStateForRequest, InvalidAgent |
