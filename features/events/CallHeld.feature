@event:CallHeld @EDK-4-17 @trigger:inbound-call
Feature: CallHeld event
  A specific call has been placed on hold: by HoldCall, or by ConsultationCall, which holds
  the active call before it dials.

  Scenario: HoldCall is answered by CallHeld
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends HoldCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallHeld with:
      | CallId | $call |
    And the CallHeld event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallHeld            |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = $r                  |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = agent A's id        |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |

  Scenario: ConsultationCall holds the customer call first
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ServiceId          | 0            |
      | UserData           | []           |
    Then the request succeeds
    And the session receives CallHeld with:
      | CallId | $call |
    And the CallHeld event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallHeld            |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = $r                  |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = agent A's id        |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |
