@event:CallConferenced @EDK-4-11 @trigger:inbound-call
Feature: CallConferenced event
  A call conference has been established: the held customer call (ConsultingCallId) and
  the consultation call (ConsultedCallId) are joined. The guide describes
  ConsultationAgentId as the "consulting agent identifier" while its name, and
  CallConsultation's table, make it the consulted party: either agent is accepted, the
  consulted one is the kit's reading (event-agent-ids). The calls are "merged into a
  single call" (EDK C-2): which of the two the event names, and so its service, is the
  kit's reading (merged-call-ids); which agent it names, of the two on the call, too
  (event-agent-ids).

  Scenario: ConferenceCall joins the customer call and the consultation into a conference
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    And agent A has a consultation call with agent B
    When the client sends ConferenceCall with:
      | AgentIdx           | agent A's id  |
      | CallId             | $call         |
      | ConsultationCallId | $consultation |
    Then the request succeeds
    And the session receives CallConferenced with:
      | RequestId           | $r                  |                             |
      | CallId              | $call               | reading:merged-call-ids     |
      | ServiceId           | the inbound service | reading:merged-call-ids     |
      | AgentId             | agent A's id        | reading:event-agent-ids |
      | ConsultationAgentId | agent B's id        | reading:event-agent-ids     |
    And the CallConferenced event has the fields:
      | field                 | wire type        | rule                              |
      | EventCategory         | CTIEventCategory | = EventCategoryCall               |
      | EventType             | CTIEventType     | = CallConferenced                 |
      | SiteId                | int              | > 0                               |
      | TenantId              | int              | = $tenant                         |
      | RequestId             | int              | = $r                              |
      | SwitchId              | int              | any                               |
      | ServiceId             | int              | any                               |
      | AgentId               | int              | one of agent A's id, agent B's id |
      | CallId                | int              | one of $call, $consultation       |
      | CallSequenceId        | long             | > 0                               |
      | CallOriginatingSiteId | int              | > 0                               |
      | ConsultingCallId      | int              | = $call                           |
      | ConsultedCallId       | int              | = $consultation                   |
      | ConsultationAgentId   | int              | one of agent B's id, agent A's id |
      | ConferenceCallId      | int              | > 0                               |
