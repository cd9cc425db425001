@event:CallCleared @EDK-4-9
Feature: CallCleared event
  A call leg has been disconnected, by the near end (the agent) or the far end (the
  customer). ClearingPartyType is NearEnd or FarEnd depending on who hangs up first; the
  call data stays valid until CallEnd.

  @trigger:inbound-call @trigger:hangup
  Scenario: The customer hangs up: the agent's leg is cleared by the far end
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives CallCleared with:
      | CallId  | $call        |
      | AgentId | agent A's id |
    And the CallCleared event has the fields:
      | field                 | wire type            | rule                  |
      | EventCategory         | CTIEventCategory     | = EventCategoryCall   |
      | EventType             | CTIEventType         | = CallCleared         |
      | SiteId                | int                  | > 0                   |
      | TenantId              | int                  | = $tenant             |
      | RequestId             | int                  | = 0                   |
      | SwitchId              | int                  | any                   |
      | ServiceId             | int                  | = the inbound service |
      | AgentId               | int                  | = agent A's id        |
      | CallId                | int                  | = $call               |
      | CallSequenceId        | long                 | > 0                   |
      | CallOriginatingSiteId | int                  | > 0                   |
      | ConsultationCallId    | int                  | = 0                   |
      | ClearingPartyType     | CTIClearingPartyType | = FarEnd              |

  @trigger:inbound-call
  Scenario: The agent clears the call: the agent's leg is cleared by the near end
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the request succeeds
    And the session receives CallCleared with:
      | CallId  | $call        |
      | AgentId | agent A's id |
    And the CallCleared event has the fields:
      | field                 | wire type            | rule                  |
      | EventCategory         | CTIEventCategory     | = EventCategoryCall   |
      | EventType             | CTIEventType         | = CallCleared         |
      | SiteId                | int                  | > 0                   |
      | TenantId              | int                  | = $tenant             |
      | RequestId             | int                  | = $r                  |
      | SwitchId              | int                  | any                   |
      | ServiceId             | int                  | = the inbound service |
      | AgentId               | int                  | = agent A's id        |
      | CallId                | int                  | = $call               |
      | CallSequenceId        | long                 | > 0                   |
      | CallOriginatingSiteId | int                  | > 0                   |
      | ConsultationCallId    | int                  | = 0                   |
      | ClearingPartyType     | CTIClearingPartyType | = NearEnd             |

  @trigger:inbound-call
  Scenario: A consultation transfer clears the transferring agent's leg, naming the consultation call
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
    # The transfer takes agent A off the call: a CallCleared for A's leg (EDK C-3: "a call
    # leg has been disconnected"), naming the consultation call (EDK 3-7: ConsultationCallId
    # "is present in events relating to ... consultation transfer"). Which of the merged
    # calls it names, and NearEnd, are the kit's reading (merged-call-ids); its RequestId
    # the TransferCall's (request-id-secondary-events).
    And the session receives CallCleared with:
      | AgentId            | agent A's id        |                                     |
      | CallId             | $call               | reading:merged-call-ids             |
      | ConsultationCallId | $consultation       | reading:merged-call-ids             |
      | ClearingPartyType  | NearEnd             | reading:merged-call-ids             |
      | ServiceId          | the inbound service | reading:merged-call-ids             |
      | RequestId          | $r                  | reading:request-id-secondary-events |
    And the CallCleared event has the fields:
      | field                 | wire type            | rule                        |
      | EventCategory         | CTIEventCategory     | = EventCategoryCall         |
      | EventType             | CTIEventType         | = CallCleared               |
      | SiteId                | int                  | > 0                         |
      | TenantId              | int                  | = $tenant                   |
      | RequestId             | int                  | one of $r, 0                |
      | SwitchId              | int                  | any                         |
      | ServiceId             | int                  | any                         |
      | AgentId               | int                  | = agent A's id              |
      | CallId                | int                  | one of $call, $consultation |
      | CallSequenceId        | long                 | > 0                         |
      | CallOriginatingSiteId | int                  | > 0                         |
      | ConsultationCallId    | int                  | one of $consultation, $call |
      | ClearingPartyType     | CTIClearingPartyType | any                         |
