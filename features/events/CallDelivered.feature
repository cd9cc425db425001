@event:CallDelivered @EDK-4-14 @trigger:inbound-call
Feature: CallDelivered event
  Generated when the call is queued to a call service. ServiceId is the service the call
  is queued to; no agent has the call yet. Which CTICallType a call has is the kit's
  reading (call-type): the guide lists the values only.

  Scenario: CallDelivered carries every field of its table
    Given a session subscribed to "call"
    When a customer calls the inbound service
    Then the session receives CallDelivered with:
      | CallId   | $call      |                   |
      | CallType | InboundAcd | reading:call-type |
    And the CallDelivered event has the fields:
      | field                 | wire type        | rule                  |
      | EventCategory         | CTIEventCategory | = EventCategoryCall   |
      | EventType             | CTIEventType     | = CallDelivered       |
      | SiteId                | int              | > 0                   |
      | TenantId              | int              | = $tenant             |
      | RequestId             | int              | = 0                   |
      | SwitchId              | int              | any                   |
      | ServiceId             | int              | = the inbound service |
      | AgentId               | int              | = 0                   |
      | CallId                | int              | = $call               |
      | CallSequenceId        | long             | > 0                   |
      | CallOriginatingSiteId | int              | > 0                   |
      | CallType              | CTICallType      | any                   |
      | ANI                   | string           | non-empty             |
      | DNIS                  | string           | non-empty             |

  Scenario: A call blind-transferred to the second service is queued there
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And $second is the text of "the second service"
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | Blind        |
      | DestinationType    | Service      |
      | DestinationAddress | $second      |
      | ConsultationCallId | 0            |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the request succeeds
    And the session receives CallDelivered with:
      | CallId    | $call              |                   |
      | ServiceId | the second service |                   |
      | CallType  | InboundAcd         | reading:call-type |
    # The guide leaves open whether the delivery answers the TransferCall: either is
    # accepted (the kit's mock sends 0).
    And the CallDelivered event has the fields:
      | field                 | wire type        | rule                 |
      | EventCategory         | CTIEventCategory | = EventCategoryCall  |
      | EventType             | CTIEventType     | = CallDelivered      |
      | SiteId                | int              | > 0                  |
      | TenantId              | int              | = $tenant            |
      | RequestId             | int              | one of 0, $r         |
      | SwitchId              | int              | any                  |
      | ServiceId             | int              | = the second service |
      | AgentId               | int              | any                  |
      | CallId                | int              | = $call              |
      | CallSequenceId        | long             | > 0                  |
      | CallOriginatingSiteId | int              | > 0                  |
      | CallType              | CTICallType      | any                  |
      | ANI                   | string           | non-empty            |
      | DNIS                  | string           | non-empty            |
