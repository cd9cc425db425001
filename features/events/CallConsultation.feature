@event:CallConsultation @EDK-4-13 @trigger:inbound-call
Feature: CallConsultation event
  A consultation call has been established (Appendix C: "answered"). It names the held
  call (CallId) and the consultation call. It comes once the consulted agent has accepted:
  that it carries the ConsultationCall's RequestId is the kit's reading
  (request-id-secondary-events), as are the agents it names (event-agent-ids for AgentId;
  event-agent-ids for ConsultationAgentId, "Consultation Agent Identifier", which the
  other tables call the "consulting agent identifier": either agent is accepted).

  Scenario: Agent B answers agent A's consultation call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When agent A has a consultation call with agent B
    Then the session receives CallConsultation with:
      | CallId              | $call               |                               |
      | RequestId           | $r:ConsultationCall | reading:request-id-secondary-events |
      | AgentId             | agent A's id        | reading:event-agent-ids   |
      | ConsultationAgentId | agent B's id        | reading:event-agent-ids       |
    And the CallConsultation event has the fields:
      | field                 | wire type        | rule                              |
      | EventCategory         | CTIEventCategory | = EventCategoryCall               |
      | EventType             | CTIEventType     | = CallConsultation                |
      | SiteId                | int              | > 0                               |
      | TenantId              | int              | = $tenant                         |
      | RequestId             | int              | any                               |
      | SwitchId              | int              | any                               |
      | ServiceId             | int              | = the inbound service             |
      | AgentId               | int              | one of agent A's id, agent B's id |
      | CallId                | int              | = $call                           |
      | CallSequenceId        | long             | > 0                               |
      | CallOriginatingSiteId | int              | > 0                               |
      | ConsultationCallId    | int              | = $consultation                   |
      | ConsultationAgentId   | int              | one of agent B's id, agent A's id |

  Scenario: An agent of the second service answers agent A's consultation call to that service
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent C is logged in
    And $second is the text of "the second service"
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id       |
      | CallId             | $call              |
      | DestinationType    | Service            |
      | DestinationAddress | $second            |
      | ServiceId          | the second service |
      | UserData           | []                 |
    Then the request succeeds
    And the session receives, in order:
      | id | event          | where                          | bind      |
      | o  | CallOriginated | RequestId=$r, DestType=Service | c2=CallId |
    When agent C accepts the call presented to them
    Then the session receives CallConsultation with:
      | CallId              | $call               |                               |
      | RequestId           | $r:ConsultationCall | reading:request-id-secondary-events |
      | AgentId             | agent A's id        | reading:event-agent-ids   |
      | ConsultationAgentId | agent C's id        | reading:event-agent-ids       |
    And the CallConsultation event has the fields:
      | field                 | wire type        | rule                              |
      | EventCategory         | CTIEventCategory | = EventCategoryCall               |
      | EventType             | CTIEventType     | = CallConsultation                |
      | SiteId                | int              | > 0                               |
      | TenantId              | int              | = $tenant                         |
      | RequestId             | int              | any                               |
      | SwitchId              | int              | any                               |
      | ServiceId             | int              | = the inbound service             |
      | AgentId               | int              | one of agent A's id, agent C's id |
      | CallId                | int              | = $call                           |
      | CallSequenceId        | long             | > 0                               |
      | CallOriginatingSiteId | int              | > 0                               |
      | ConsultationCallId    | int              | = $c2                             |
      | ConsultationAgentId   | int              | one of agent C's id, agent A's id |
