@event:CallRequestFailed @EDK-4-20
Feature: CallRequestFailed event
  A call request was accepted but could not be carried out: the event carries its
  RequestId, the call, a CTIFailureType and a text reason. The guide names no FailureType
  per cause: each rule lists the ones that describe it.

  Scenario: HoldCall for a call that does not exist fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends HoldCall with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId | $r |
    And the CallRequestFailed event has the fields:
      | field                 | wire type        | rule                |
      | EventCategory         | CTIEventCategory | = EventCategoryCall |
      | EventType             | CTIEventType     | = CallRequestFailed |
      | SiteId                | int              | > 0                 |
      | TenantId              | int              | = $tenant           |
      | RequestId             | int              | = $r                |
      | SwitchId              | int              | any                 |
      | ServiceId             | int              | any                 |
      | AgentId               | int              | = agent A's id      |
      | CallId                | int              | = an unknown callId |
      | CallSequenceId        | long             | any                 |
      | CallOriginatingSiteId | int              | any                 |
      | FailureType           | CTIFailureType   | = InvalidCallId     |
      | FailureReason         | string           | non-empty           |

  @trigger:inbound-call
  Scenario: RetrieveCall for a call that is not on hold fails, naming the call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId | $r |
    And the CallRequestFailed event has the fields:
      | field                 | wire type        | rule                                         |
      | EventCategory         | CTIEventCategory | = EventCategoryCall                          |
      | EventType             | CTIEventType     | = CallRequestFailed                          |
      | SiteId                | int              | > 0                                          |
      | TenantId              | int              | = $tenant                                    |
      | RequestId             | int              | = $r                                         |
      | SwitchId              | int              | any                                          |
      | ServiceId             | int              | = the inbound service                        |
      | AgentId               | int              | = agent A's id                               |
      | CallId                | int              | = $call                                      |
      | CallSequenceId        | long             | > 0                                          |
      | CallOriginatingSiteId | int              | > 0                                          |
      | FailureType           | CTIFailureType   | one of InvalidStateForRequest, RequestFailed |
      | FailureReason         | string           | non-empty                                    |
