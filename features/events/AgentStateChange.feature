@event:AgentStateChange @EDK-4-5
Feature: AgentStateChange event
  The agent's readiness state, after LoginAgent, LogoutAgent, AcceptCall, ClearCall,
  SetAgentState, GetAgentState or SetDisposition, and when calls change it. The wire adds
  CallId to the guide's table (not IsRequired); that it names the agent's current call, 0
  when none, is the kit's reading (agent-state-call-id). The guide's SipAddress and SipPort
  are not on the wire.

  Scenario: SetAgentState is answered by AgentStateChange with the new state
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends SetAgentState with:
      | AgentIdx | agent A's id |
      | NewState | NotReady     |
    Then the request succeeds
    And the session receives AgentStateChange with:
      | AgentId    | agent A's id |                             |
      | AgentState | NotReady     |                             |
      | CallId     | 0            | reading:agent-state-call-id |
    And the AgentStateChange event has the fields:
      | field         | wire type        | rule                 |
      | EventCategory | CTIEventCategory | = EventCategoryAgent |
      | EventType     | CTIEventType     | = AgentStateChange   |
      | SiteId        | int              | > 0                  |
      | TenantId      | int              | = $tenant            |
      | RequestId     | int              | = $r                 |
      | SwitchId      | int              | any                  |
      | ServiceId     | int              | any                  |
      | AgentId       | int              | = agent A's id       |
      | AgentState    | CTIAgentState    | = NotReady           |
      | CallId        | int              | any                  |
      | ServiceIds    | int[]            | any                  |
    And the AgentStateChange event's ServiceIds list includes the inbound service

  Scenario: GetAgentState is answered by AgentStateChange with the current state
    Given a session subscribed to "agent"
    And agent A is logged in and NotReady
    When the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the request succeeds
    And the session receives AgentStateChange with:
      | AgentId   | agent A's id |                             |
      | RequestId | $r           |                             |
      | CallId    | 0            | reading:agent-state-call-id |
    And the AgentStateChange event has the fields:
      | field         | wire type        | rule                 |
      | EventCategory | CTIEventCategory | = EventCategoryAgent |
      | EventType     | CTIEventType     | = AgentStateChange   |
      | SiteId        | int              | > 0                  |
      | TenantId      | int              | = $tenant            |
      | RequestId     | int              | = $r                 |
      | SwitchId      | int              | any                  |
      | ServiceId     | int              | any                  |
      | AgentId       | int              | = agent A's id       |
      | AgentState    | CTIAgentState    | = NotReady           |
      | CallId        | int              | any                  |
      | ServiceIds    | int[]            | any                  |
    And the AgentStateChange event's ServiceIds list includes the inbound service

  @trigger:inbound-call
  Scenario: A call presented to the agent makes it PendingActive, unsolicited, naming the call
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When a customer calls the inbound service
    Then the session receives AgentStateChange with:
      | AgentId    | agent A's id  |                             |
      | AgentState | PendingActive |                             |
      | CallId     | $call         | reading:agent-state-call-id |
    And the AgentStateChange event has the fields:
      | field         | wire type        | rule                 |
      | EventCategory | CTIEventCategory | = EventCategoryAgent |
      | EventType     | CTIEventType     | = AgentStateChange   |
      | SiteId        | int              | > 0                  |
      | TenantId      | int              | = $tenant            |
      | RequestId     | int              | = 0                  |
      | SwitchId      | int              | any                  |
      | ServiceId     | int              | any                  |
      | AgentId       | int              | = agent A's id       |
      | AgentState    | CTIAgentState    | = PendingActive      |
      | CallId        | int              | any                  |
      | ServiceIds    | int[]            | any                  |
    And the AgentStateChange event's ServiceIds list includes the inbound service
