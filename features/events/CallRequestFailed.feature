@event:CallRequestFailed @EDK-4-20
Feature: CallRequestFailed event
  A call request was accepted but could not be carried out: the event carries its
  RequestId, the call, a CTIFailureType and a text reason. The guide names no FailureType
  per cause (failure-type).

  @reading:failure-event-form
  Scenario: HoldCall for a call that does not exist fails with CallRequestFailed
    # The kit's reading: an unknown CallId is a failure after issuing (EDK 4-20), not an
    # invalid parameter refused by a fault (EDK 2-4; the wire even has InvalidCallId among
    # the FaultErrorCodes). The refusal itself is judged in features/requests/HoldCall.feature.
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends HoldCall with:
      | AgentIdx | agent A's id      |
      | CallId   | an unknown callId |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r            |                      |
      | FailureType | InvalidCallId | reading:failure-type |
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
      | FailureType           | CTIFailureType   | any                 |
      | FailureReason         | string           | non-empty           |

  @trigger:inbound-call @reading:failure-event-form
  Scenario: RetrieveCall for a call that is not on hold fails, naming the call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    # The call exists and the arguments are valid: the failure is the call's state, which
    # reads as a failure after issuing (EDK 4-20) rather than an "invalid parameter"
    # (EDK 2-4) — the kit's reading, as is which FailureType it names. The refusal itself
    # is judged in features/requests/RetrieveCall.feature.
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |                      |
      | FailureType | InvalidStateForRequest | reading:failure-type |
    And the CallRequestFailed event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallRequestFailed   |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = $r                  |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = agent A's id        |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |
      | FailureType           | CTIFailureType   | any                   |
      | FailureReason         | string           | non-empty             |
