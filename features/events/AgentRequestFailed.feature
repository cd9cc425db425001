@event:AgentRequestFailed @EDK-4-9
Feature: AgentRequestFailed event
  Sent when a SetAgentState, GetAgentState or SetDisposition request could not be carried
  out: the request is accepted, and this event carries its RequestId, a CTIFailureType and
  a text reason. The guide names no FailureType per cause (failure-type). Every cause
  below names an agent who is not logged in or an id the system does not know, which a
  CTIPS may also refuse outright with a fault (EDK 2-4: "an invalid parameter"): that
  they get this event is the kit's reading (failure-event-form). The first scenario
  holds for either answer.

  Scenario: SetAgentState for an agent who is not logged in is refused; a failure event it sends is well-formed
    # EDK 2-4 and 4-9: refused by a fault or by AgentRequestFailed with its RequestId; the
    # payload checks judge whatever came against the wire contract (IsRequired members,
    # types, EventCategory and EventType of the concrete type).
    Given a session subscribed to "agent"
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | Idle         |
    Then the request is refused
    And the recording passes the payload checks

  @reading:failure-event-form
  Scenario: SetAgentState for an agent who is not logged in fails with AgentRequestFailed
    Given a session subscribed to "agent"
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | Idle         |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r                     |                         |
      | FailureType | InvalidStateForRequest | reading:failure-type    |
      | AgentId     | agent A's id           | reading:event-agent-ids |
    And the AgentRequestFailed event has the fields:
      | field         | wire type        | rule                 |
      | EventCategory | CTIEventCategory | = EventCategoryAgent |
      | EventType     | CTIEventType     | = AgentRequestFailed |
      | SiteId        | int              | > 0                  |
      | TenantId      | int              | = $tenant            |
      | RequestId     | int              | = $r                 |
      | SwitchId      | int              | any                  |
      | ServiceId     | int              | any                  |
      | AgentId       | int              | any                  |
      | CallId        | int              | = 0                  |
      | FailureReason | string           | non-empty            |
      | FailureType   | CTIFailureType   | any                  |

  @reading:failure-event-form
  Scenario: GetAgentState for an unknown agent fails with AgentRequestFailed
    Given a session subscribed to "agent"
    When the client sends GetAgentState with:
      | AgentIdx | an unknown agentId |
    Then the request succeeds
    And the session receives AgentRequestFailed with:
      | RequestId   | $r                 |                         |
      | FailureType | InvalidAgent       | reading:failure-type    |
      | AgentId     | an unknown agentId | reading:event-agent-ids |
    And the AgentRequestFailed event has the fields:
      | field         | wire type        | rule                 |
      | EventCategory | CTIEventCategory | = EventCategoryAgent |
      | EventType     | CTIEventType     | = AgentRequestFailed |
      | SiteId        | int              | > 0                  |
      | TenantId      | int              | = $tenant            |
      | RequestId     | int              | = $r                 |
      | SwitchId      | int              | any                  |
      | ServiceId     | int              | any                  |
      | AgentId       | int              | any                  |
      | CallId        | int              | = 0                  |
      | FailureReason | string           | non-empty            |
      | FailureType   | CTIFailureType   | any                  |

  @reading:failure-event-form
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
      | RequestId   | $r            |                      |
      | FailureType | InvalidCallId | reading:failure-type |
    And the AgentRequestFailed event has the fields:
      | field         | wire type        | rule                 |
      | EventCategory | CTIEventCategory | = EventCategoryAgent |
      | EventType     | CTIEventType     | = AgentRequestFailed |
      | SiteId        | int              | > 0                  |
      | TenantId      | int              | = $tenant            |
      | RequestId     | int              | = $r                 |
      | SwitchId      | int              | any                  |
      | ServiceId     | int              | any                  |
      | AgentId       | int              | = agent A's id       |
      | CallId        | int              | = an unknown callId  |
      | FailureReason | string           | non-empty            |
      | FailureType   | CTIFailureType   | any                  |
