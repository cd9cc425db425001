@event:CallDataUpdate @EDK-4-13 @trigger:inbound-call
Feature: CallDataUpdate event
  Generated after a SetCallData or GetCallData request is processed; UpdateType says which
  and whether data was returned. For GetCallData the call's data is in CallData.

  Scenario: SetCallData is answered by CallDataUpdate SetCallDataSucceeded
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends SetCallData with:
      | AgentIdx | agent A's id      |
      | CallId   | $call             |
      | UserData | ["Account=12345"] |
    Then the request succeeds
    And the session receives CallDataUpdate with:
      | RequestId | $r |
    And the CallDataUpdate event has the fields:
      | field                 | wire type             | rule                   |
      | EventCategory         | CTIEventCategory      | = EventCategoryCall    |
      | EventType             | CTIEventType          | = CallDataUpdate       |
      | SiteId                | int                   | > 0                    |
      | TenantId              | int                   | = $tenant              |
      | RequestId             | int                   | = $r                   |
      | SwitchId              | int                   | any                    |
      | ServiceId             | int                   | = the inbound service  |
      | AgentId               | int                   | = agent A's id         |
      | CallId                | int                   | = $call                |
      | CallSequenceId        | long                  | > 0                    |
      | CallOriginatingSiteId | int                   | > 0                    |
      | CallData              | CTICallDataItem[]     | any                    |
      | UpdateType            | CTICallDataUpdateType | = SetCallDataSucceeded |

  Scenario: GetCallData on a call with data is answered by CallDataUpdate GetCallDataReturned
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And the client sends SetCallData with:
      | AgentIdx | agent A's id      |
      | CallId   | $call             |
      | UserData | ["Account=12345"] |
    And the session receives CallDataUpdate with:
      | RequestId | $r |
    When the client sends GetCallData with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallDataUpdate with:
      | RequestId | $r |
    And the CallDataUpdate event has the fields:
      | field                 | wire type             | rule                  |
      | EventCategory         | CTIEventCategory      | = EventCategoryCall   |
      | EventType             | CTIEventType          | = CallDataUpdate      |
      | SiteId                | int                   | > 0                   |
      | TenantId              | int                   | = $tenant             |
      | RequestId             | int                   | = $r                  |
      | SwitchId              | int                   | any                   |
      | ServiceId             | int                   | = the inbound service |
      | AgentId               | int                   | = agent A's id        |
      | CallId                | int                   | = $call               |
      | CallSequenceId        | long                  | > 0                   |
      | CallOriginatingSiteId | int                   | > 0                   |
      | CallData              | CTICallDataItem[]     | ≠ (nil)               |
      | UpdateType            | CTICallDataUpdateType | = GetCallDataReturned |
