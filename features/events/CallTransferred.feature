@event:CallTransferred @EDK-4-22 @trigger:inbound-call
Feature: CallTransferred event
  A call transfer was completed, blind or after a consultation. ConsultingCallId and
  ConsultedCallId name the two calls of a consultation transfer. The guide describes
  ConsultationAgentId as the "consulting agent identifier" while its name makes it the
  consulted party: either agent is accepted, the consulted one (the destination of a
  blind transfer) is the kit's reading (event-agent-ids). What a blind transfer puts in
  the consultation members, and which of the two merged calls a consultation transfer
  names, are the kit's readings (merged-call-ids).

  Scenario: A blind transfer to another agent is reported with the transferred call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | Blind        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ConsultationCallId | 0            |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the request succeeds
    And the session receives CallTransferred with:
      | CallId              | $call        |                         |
      | ConsultingCallId    | 0            | reading:merged-call-ids |
      | ConsultedCallId     | 0            | reading:merged-call-ids |
      | ConsultationAgentId | agent B's id | reading:event-agent-ids |
    And the CallTransferred event has the fields:
      | field                   | wire type        | rule                  |
      | EventCategory           | CTIEventCategory | = EventCategoryCall   |
      | EventType               | CTIEventType     | = CallTransferred     |
      | SiteId                  | int              | > 0                   |
      | TenantId                | int              | = $tenant             |
      | RequestId               | int              | = $r                  |
      | SwitchId                | int              | any                   |
      | ServiceId               | int              | = the inbound service |
      | AgentId                 | int              | = agent A's id        |
      | CallId                  | int              | = $call               |
      | CallSequenceId          | long             | > 0                   |
      | CallOriginatingSiteId   | int              | > 0                   |
      | ConsultingCallId        | int              | any                   |
      | ConsultedCallId         | int              | any                   |
      | ConsultationAgentId     | int              | any                   |
      | TransferredCallId       | int              | > 0                   |
      | TransferredCallSwitchId | int              | any                   |

  Scenario: A consultation transfer names the consulting and the consulted call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    And agent A has a consultation call with agent B
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id  |
      | CallId             | $call         |
      | TransferType       | Consultation  |
      | DestinationType    | Agent         |
      | DestinationAddress | agent B       |
      | ConsultationCallId | $consultation |
      | UserData           | []            |
      | ServiceId          | 0             |
    Then the request succeeds
    And the session receives CallTransferred with:
      | RequestId           | $r                  |                             |
      | CallId              | $call               | reading:merged-call-ids     |
      | ServiceId           | the inbound service | reading:merged-call-ids     |
      | AgentId             | agent A's id        | reading:event-agent-ids |
      | ConsultationAgentId | agent B's id        | reading:event-agent-ids     |
    And the CallTransferred event has the fields:
      | field                   | wire type        | rule                              |
      | EventCategory           | CTIEventCategory | = EventCategoryCall               |
      | EventType               | CTIEventType     | = CallTransferred                 |
      | SiteId                  | int              | > 0                               |
      | TenantId                | int              | = $tenant                         |
      | RequestId               | int              | = $r                              |
      | SwitchId                | int              | any                               |
      | ServiceId               | int              | any                               |
      | AgentId                 | int              | one of agent A's id, agent B's id |
      | CallId                  | int              | one of $call, $consultation       |
      | CallSequenceId          | long             | > 0                               |
      | CallOriginatingSiteId   | int              | > 0                               |
      | ConsultingCallId        | int              | = $call                           |
      | ConsultedCallId         | int              | = $consultation                   |
      | ConsultationAgentId     | int              | one of agent B's id, agent A's id |
      | TransferredCallId       | int              | > 0                               |
      | TransferredCallSwitchId | int              | any                               |
