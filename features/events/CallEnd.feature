@event:CallEnd @EDK-4-16 @trigger:inbound-call
Feature: CallEnd event
  Generated when all connections to a call have been cleared; the CallId and its call data
  are no longer valid afterwards. AgentDisposition is the disposition set by the agent.
  Appendix C generates CallEnd "when an agent leaves the in wrapup state" instead: that it
  comes before the agent's wrap ends is the kit's reading of the contradiction
  (call-end-before-wrap-ends; docs/spec-notes.md, decision 15). Which agent a CallEnd
  names is the kit's reading too (event-agent-ids): the event is about the whole call.

  @trigger:hangup
  Scenario: The customer hangs up and the agent disposes the call: the call ends
    # Holds under either reading of the contradiction: CallEnd unsolicited before the
    # disposition with none set yet, or after it, with the SetDisposition's.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    And the session receives AgentStateChange with:
      | AgentId    | agent A's id |
      | AgentState | Wrap         |
    And the client sends SetDisposition with:
      | AgentIdx                     | agent A's id |
      | CallId                       | $call        |
      | DispositionId                | $disposition |
      | SummaryDispositionSuccessful | true         |
      | WrapNotRequired              | false        |
      | UserData                     | []           |
    Then the request succeeds
    And the session receives CallEnd with:
      | CallId  | $call        |                         |
      | AgentId | agent A's id | reading:event-agent-ids |
    And the CallEnd event has the fields:
      | field                 | wire type         | rule                   |
      | EventCategory         | CTIEventCategory  | = EventCategoryCall    |
      | EventType             | CTIEventType      | = CallEnd              |
      | SiteId                | int               | > 0                    |
      | TenantId              | int               | = $tenant              |
      | RequestId             | int               | one of 0, $r           |
      | SwitchId              | int               | any                    |
      | ServiceId             | int               | = the inbound service  |
      | AgentId               | int               | any                    |
      | CallId                | int               | = $call                |
      | CallSequenceId        | long              | > 0                    |
      | CallOriginatingSiteId | int               | > 0                    |
      | AgentDisposition      | int               | one of 0, $disposition |
      | CallData              | CTICallDataItem[] | any                    |

  @trigger:hangup @reading:call-end-before-wrap-ends
  Scenario: The customer hangs up: the call ends at once, unsolicited, with no disposition yet
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives CallEnd with:
      | CallId  | $call        |                         |
      | AgentId | agent A's id | reading:event-agent-ids |
    And the CallEnd event has the fields:
      | field                 | wire type         | rule                  |
      | EventCategory         | CTIEventCategory  | = EventCategoryCall   |
      | EventType             | CTIEventType      | = CallEnd             |
      | SiteId                | int               | > 0                   |
      | TenantId              | int               | = $tenant             |
      | RequestId             | int               | = 0                   |
      | SwitchId              | int               | any                   |
      | ServiceId             | int               | = the inbound service |
      | AgentId               | int               | any                   |
      | CallId                | int               | = $call               |
      | CallSequenceId        | long              | > 0                   |
      | CallOriginatingSiteId | int               | > 0                   |
      | AgentDisposition      | int               | = 0                   |
      | CallData              | CTICallDataItem[] | any                   |

  @reading:disposition-during-call @reading:call-end-before-wrap-ends
  Scenario: A disposition set during the call is reported when the agent clears it
    # The kit's readings: SetDisposition is accepted during the call and its disposition is
    # kept for CallEnd (the guide disposes in wrap, EDK 2-1); CallEnd follows the ClearCall
    # before wrap ends, with its RequestId.
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
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
