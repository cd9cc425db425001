@event:SnapShotUpdate @EDK-4-27
Feature: SnapShotUpdate event
  Generated in answer to a Snapshot request: one or more updates per requested entity type
  (agents logged in, active calls, configured services), each about one entity type only,
  all carrying the request's RequestId. The guide's SnapShotComplete is the wire's
  SnapShotTypeComplete. The type derives from CTIEvent: no SwitchId, ServiceId or AgentId.

  Scenario: A snapshot of agents lists the logged-in agent and ends with the completion flag
    Given a session subscribed to "agent, system"
    And agent A is logged in
    When the client sends Snapshot with:
      | EntityType | ["AgentInfo"] |
    Then the request succeeds
    And the session receives, in order:
      | id | event          | where                                                           |
      | a  | SnapShotUpdate | RequestId=$r, SnapShotType=AgentInfo, AgentData.AgentId=$agentA |
    And the session receives SnapShotUpdate with:
      | RequestId            | $r        |
      | SnapShotType         | AgentInfo |
      | SnapShotTypeComplete | true      |
    And the SnapShotUpdate event has the fields:
      | field                | wire type              | rule                  | reading                  |
      | EventCategory        | CTIEventCategory       | = EventCategorySystem |                          |
      | EventType            | CTIEventType           | = SnapShotUpdate      |                          |
      | SiteId               | int                    | > 0                   |                          |
      | TenantId             | int                    | = $tenant             |                          |
      | RequestId            | int                    | = $r                  |                          |
      | SnapShotType         | CTIEntityType          | = AgentInfo           |                          |
      | AgentData            | CTISnapShotAgentData   | ≠ (nil)               |                          |
      | CallData             | CTISnapShotCallData    | = (nil)               | snapshot-unused-data-nil |
      | ServiceData          | CTISnapShotServiceData | = (nil)               | snapshot-unused-data-nil |
      | SnapShotTypeComplete | bool                   | = true                |                          |
    And the recording passes the session checks

  Scenario: A snapshot of services lists the configured services and ends with the completion flag
    Given a session subscribed to "system"
    And "the inbound service" is bound to $inbound
    When the client sends Snapshot with:
      | EntityType | ["ServiceInfo"] |
    Then the request succeeds
    And the session receives, in order:
      | id | event          | where                                                                  |
      | s  | SnapShotUpdate | RequestId=$r, SnapShotType=ServiceInfo, ServiceData.ServiceId=$inbound |
    And the session receives SnapShotUpdate with:
      | RequestId            | $r          |
      | SnapShotType         | ServiceInfo |
      | SnapShotTypeComplete | true        |
    And the SnapShotUpdate event has the fields:
      | field                | wire type              | rule                  | reading                  |
      | EventCategory        | CTIEventCategory       | = EventCategorySystem |                          |
      | EventType            | CTIEventType           | = SnapShotUpdate      |                          |
      | SiteId               | int                    | > 0                   |                          |
      | TenantId             | int                    | = $tenant             |                          |
      | RequestId            | int                    | = $r                  |                          |
      | SnapShotType         | CTIEntityType          | = ServiceInfo         |                          |
      | AgentData            | CTISnapShotAgentData   | = (nil)               | snapshot-unused-data-nil |
      | CallData             | CTISnapShotCallData    | = (nil)               | snapshot-unused-data-nil |
      | ServiceData          | CTISnapShotServiceData | ≠ (nil)               |                          |
      | SnapShotTypeComplete | bool                   | = true                |                          |
    And the recording passes the session checks

  @trigger:inbound-call
  Scenario: A snapshot of calls lists the call in progress and ends with the completion flag
    Given a session subscribed to "agent, call, system"
    And agent A is talking to a customer on the inbound service
    When the client sends Snapshot with:
      | EntityType | ["CallInfo"] |
    Then the request succeeds
    And the session receives, in order:
      | id | event          | where                                                      |
      | c  | SnapShotUpdate | RequestId=$r, SnapShotType=CallInfo, CallData.CallId=$call |
    And the session receives SnapShotUpdate with:
      | RequestId            | $r       |
      | SnapShotType         | CallInfo |
      | SnapShotTypeComplete | true     |
    And the SnapShotUpdate event has the fields:
      | field                | wire type              | rule                  | reading                  |
      | EventCategory        | CTIEventCategory       | = EventCategorySystem |                          |
      | EventType            | CTIEventType           | = SnapShotUpdate      |                          |
      | SiteId               | int                    | > 0                   |                          |
      | TenantId             | int                    | = $tenant             |                          |
      | RequestId            | int                    | = $r                  |                          |
      | SnapShotType         | CTIEntityType          | = CallInfo            |                          |
      | AgentData            | CTISnapShotAgentData   | = (nil)               | snapshot-unused-data-nil |
      | CallData             | CTISnapShotCallData    | ≠ (nil)               |                          |
      | ServiceData          | CTISnapShotServiceData | = (nil)               | snapshot-unused-data-nil |
      | SnapShotTypeComplete | bool                   | = true                |                          |
    And the recording passes the session checks
