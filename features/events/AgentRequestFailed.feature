@event:AgentRequestFailed @EDK-4-9
Feature: AgentRequestFailed event
  Sent when a SetAgentState, GetAgentState or SetDisposition request could not be carried
  out: the request is accepted, and this event carries its RequestId, a CTIFailureType and
  a text reason. The guide names no FailureType per cause: each rule lists the ones that
  describe it.

  Scenario: SetAgentState for an agent who is not logged in fails with AgentRequestFailed
    Given a session subscribed to "agent"
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | Idle         |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId | $r |
    And the AgentRequestFailed event has the fields:
      | field         | wire type        | rule                                        |
      | EventCategory | CTIEventCategory | = EventCategoryAgent                        |
      | EventType     | CTIEventType     | = AgentRequestFailed                        |
      | SiteId        | int              | > 0                                         |
      | TenantId      | int              | = $tenant                                   |
      | RequestId     | int              | = $r                                        |
      | SwitchId      | int              | any                                         |
      | ServiceId     | int              | any                                         |
      | AgentId       | int              | = agent A's id                              |
      | CallId        | int              | = 0                                         |
      | FailureReason | string           | non-empty                                   |
      | FailureType   | CTIFailureType   | one of InvalidStateForRequest, InvalidAgent |

  Scenario: GetAgentState for an unknown agent fails with InvalidAgent
    Given a session subscribed to "agent"
    When the client sends GetAgentState with:
      | AgentIdx | an unknown agentId |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId | $r |
    And the AgentRequestFailed event has the fields:
      | field         | wire type        | rule                 |
      | EventCategory | CTIEventCategory | = EventCategoryAgent |
      | EventType     | CTIEventType     | = AgentRequestFailed |
      | SiteId        | int              | > 0                  |
      | TenantId      | int              | = $tenant            |
      | RequestId     | int              | = $r                 |
      | SwitchId      | int              | any                  |
      | ServiceId     | int              | any                  |
      | AgentId       | int              | = an unknown agentId |
      | CallId        | int              | = 0                  |
      | FailureReason | string           | non-empty            |
      | FailureType   | CTIFailureType   | = InvalidAgent       |

  Scenario: SetDisposition for a call the agent never had fails, naming the call
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetDisposition with:
      | AgentIdx                     | agent A's id      |
      | CallId                       | an unknown callId |
      | DispositionId                | $disposition      |
      | SummaryDispositionSuccessful | true              |
      | WrapNotRequired              | false             |
      | UserData                     | []                |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId | $r |
    And the AgentRequestFailed event has the fields:
      | field         | wire type        | rule                                         |
      | EventCategory | CTIEventCategory | = EventCategoryAgent                         |
      | EventType     | CTIEventType     | = AgentRequestFailed                         |
      | SiteId        | int              | > 0                                          |
      | TenantId      | int              | = $tenant                                    |
      | RequestId     | int              | = $r                                         |
      | SwitchId      | int              | any                                          |
      | ServiceId     | int              | any                                          |
      | AgentId       | int              | = agent A's id                               |
      | CallId        | int              | = an unknown callId                          |
      | FailureReason | string           | non-empty                                    |
      | FailureType   | CTIFailureType   | one of InvalidCallId, InvalidStateForRequest |
