@event:CallConsultation @EDK-4-13 @trigger:inbound-call
Feature: CallConsultation event
  A consultation call has been established (Appendix C: "answered"). It names the held
  call (CallId), the consultation call and the consulted agent, and completes the
  ConsultationCall request, whose RequestId it carries.

  Scenario: Agent B answers agent A's consultation call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When agent A has a consultation call with agent B
    Then the session receives CallConsultation with:
      | CallId | $call |
    And the CallConsultation event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallConsultation    |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = $r:ConsultationCall |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = agent A's id        |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |
      | ConsultationCallId    | int              | = $consultation       |
      | ConsultationAgentId   | int              | = agent B's id        |

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
      | CallId | $call |
    And the CallConsultation event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallConsultation    |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = $r:ConsultationCall |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = agent A's id        |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |
      | ConsultationCallId    | int              | = $c2                 |
      | ConsultationAgentId   | int              | = agent C's id        |
