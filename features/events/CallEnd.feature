@event:CallEnd @EDK-4-16 @trigger:inbound-call
Feature: CallEnd event
  Generated when all connections to a call have been cleared; the CallId and its call data
  are no longer valid afterwards. AgentDisposition is the disposition set by the agent
  (docs/spec-notes.md, decision 15: CallEnd before wrap ends, CallCompleted after).

  @trigger:hangup
  Scenario: The customer hangs up: the call ends, unsolicited, with no disposition yet
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives CallEnd with:
      | CallId | $call |
    And the CallEnd event has the fields:
      | field                 | wire type         | rule                  |
      | EventCategory         | CTIEventCategory  | = EventCategoryCall   |
      | EventType             | CTIEventType      | = CallEnd             |
      | SiteId                | int               | > 0                   |
      | TenantId              | int               | = $tenant             |
      | RequestId             | int               | = 0                   |
      | SwitchId              | int               | any                   |
      | ServiceId             | int               | = the inbound service |
      | AgentId               | int               | = agent A's id        |
      | CallId                | int               | = $call               |
      | CallSequenceId        | long              | > 0                   |
      | CallOriginatingSiteId | int               | > 0                   |
      | AgentDisposition      | int               | = 0                   |
      | CallData              | CTICallDataItem[] | any                   |

  Scenario: A disposition set during the call is reported when the agent clears it
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    # mock's choice: SetDisposition during the call keeps the disposition for CallEnd (the guide leaves when it may come).
    And the client sends SetDisposition with:
      | AgentIdx                     | agent A's id |
      | CallId                       | $call        |
      | DispositionId                | $disposition |
      | SummaryDispositionSuccessful | true         |
      | WrapNotRequired              | false        |
      | UserData                     | []           |
    And the request succeeds
    When the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallEnd with:
      | CallId | $call |
    And the CallEnd event has the fields:
      | field                 | wire type         | rule                  |
      | EventCategory         | CTIEventCategory  | = EventCategoryCall   |
      | EventType             | CTIEventType      | = CallEnd             |
      | SiteId                | int               | > 0                   |
      | TenantId              | int               | = $tenant             |
      | RequestId             | int               | = $r                  |
      | SwitchId              | int               | any                   |
      | ServiceId             | int               | = the inbound service |
      | AgentId               | int               | = agent A's id        |
      | CallId                | int               | = $call               |
      | CallSequenceId        | long              | > 0                   |
      | CallOriginatingSiteId | int               | > 0                   |
      | AgentDisposition      | int               | = $disposition        |
      | CallData              | CTICallDataItem[] | any                   |
