@event:CallEstablished @EDK-4-16 @trigger:inbound-call
Feature: CallEstablished event
  A call was answered at a device: generated when an agent accepts the call. MediaType is
  VoiceAnalog or VoiceSIP; the SIP fields are set only for VoiceSIP.

  Scenario: AcceptCall is answered by CallEstablished
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When a customer calls the inbound service
    And the session receives CallConnected with:
      | CallId           | $call        |
      | AgentId          | agent A's id |
      | ResponseRequired | true         |
    And the client sends AcceptCall with:
      | AgentIdx         | agent A's id |
      | CallId           | $call        |
      | AcceptCall       | true         |
      | RejectReasonCode | 0            |
    Then the request succeeds
    And the session receives CallEstablished with:
      | CallId  | $call        |
      | AgentId | agent A's id |
    And the CallEstablished event has the fields:
      | field                 | wire type        | rule                         |
      | EventCategory         | CTIEventCategory | = EventCategoryCall          |
      | EventType             | CTIEventType     | = CallEstablished            |
      | SiteId                | int              | > 0                          |
      | TenantId              | int              | = $tenant                    |
      | RequestId             | int              | = $r                         |
      | SwitchId              | int              | any                          |
      | ServiceId             | int              | = the inbound service        |
      | AgentId               | int              | = agent A's id               |
      | CallId                | int              | = $call                      |
      | CallSequenceId        | long             | > 0                          |
      | CallOriginatingSiteId | int              | > 0                          |
      | MediaType             | CTIMediaType     | one of VoiceAnalog, VoiceSip |
      | SipIpAddress          | string           | any                          |
      | SipPortNumber         | int              | any                          |
      | ResourceGroupId       | int              | any                          |
      | CircuitId             | int              | any                          |
      | ChannelId             | int              | any                          |
      | ANI                   | string           | non-empty                    |
      | DNIS                  | string           | non-empty                    |

  @trigger:answer
  Scenario: The agent answers at the phone: CallEstablished is unsolicited
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When a customer calls the inbound service
    And the session receives CallConnected with:
      | CallId  | $call        |
      | AgentId | agent A's id |
    And agent A answers the phone
    Then the session receives CallEstablished with:
      | CallId  | $call        |
      | AgentId | agent A's id |
    And the CallEstablished event has the fields:
      | field                 | wire type        | rule                         |
      | EventCategory         | CTIEventCategory | = EventCategoryCall          |
      | EventType             | CTIEventType     | = CallEstablished            |
      | SiteId                | int              | > 0                          |
      | TenantId              | int              | = $tenant                    |
      | RequestId             | int              | = 0                          |
      | SwitchId              | int              | any                          |
      | ServiceId             | int              | = the inbound service        |
      | AgentId               | int              | = agent A's id               |
      | CallId                | int              | = $call                      |
      | CallSequenceId        | long             | > 0                          |
      | CallOriginatingSiteId | int              | > 0                          |
      | MediaType             | CTIMediaType     | one of VoiceAnalog, VoiceSip |
      | SipIpAddress          | string           | any                          |
      | SipPortNumber         | int              | any                          |
      | ResourceGroupId       | int              | any                          |
      | CircuitId             | int              | any                          |
      | ChannelId             | int              | any                          |
      | ANI                   | string           | non-empty                    |
      | DNIS                  | string           | non-empty                    |
