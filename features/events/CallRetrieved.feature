@event:CallRetrieved @EDK-4-20 @trigger:inbound-call
Feature: CallRetrieved event
  A call previously placed on hold has been retrieved.

  Scenario: RetrieveCall of a held call is answered by CallRetrieved
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent A has put the call on hold
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRetrieved with:
      | CallId | $call |
    And the CallRetrieved event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallRetrieved       |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = $r                  |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = agent A's id        |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |

  Scenario: RetrieveCall after a consultation returns to the customer call
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    And agent A has a consultation call with agent B
    And the client sends ClearCall with:
      | AgentIdx | agent A's id  |
      | CallId   | $consultation |
    # A's ClearCall disconnects A from the consultation (EDK C-3: CallCleared "a call leg
    # has been disconnected"); CallEnd of the consultation may wait for B's wrap to end
    # (EDK C-3 against 4-16: call-end-before-wrap-ends), so it is not awaited here.
    And the session receives CallCleared with:
      | CallId  | $consultation |
      | AgentId | agent A's id  |
    When the client sends RetrieveCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallRetrieved with:
      | CallId | $call |
    And the CallRetrieved event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallRetrieved       |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = $r                  |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = agent A's id        |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |
