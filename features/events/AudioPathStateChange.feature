@event:AudioPathStateChange @EDK-4-6
Feature: AudioPathStateChange event
  While an agent is logged on, the agent's media (audio) path state. The wire calls the
  guide's SipIpPort SipPortNumber and has SiteId, which the guide's table omits. The guide
  names no request or moment that sends the event (EDK 4-6): that login connects the audio
  path and logout disconnects it is the kit's reading (audio-path-follows-login), so both
  scenarios are readings; the field table itself is the guide's and the wire's.

  @reading:audio-path-follows-login
  Scenario: Logging in connects the agent's audio path
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request succeeds
    And the session receives AudioPathStateChange with:
      | AgentId        | agent A's id |
      | AudioPathState | Connected    |
    # The kit's reading: the audio path connects at login; RequestId the LoginAgent's or 0.
    And the AudioPathStateChange event has the fields:
      | field           | wire type         | rule                   |
      | EventCategory   | CTIEventCategory  | = EventCategoryAgent   |
      | EventType       | CTIEventType      | = AudioPathStateChange |
      | SiteId          | int               | > 0                    |
      | TenantId        | int               | = $tenant              |
      | RequestId       | int               | one of $r, 0           |
      | SwitchId        | int               | any                    |
      | ServiceId       | int               | any                    |
      | AgentId         | int               | = agent A's id         |
      | ResourceGroupId | int               | any                    |
      | CircuitId       | int               | any                    |
      | ChannelId       | int               | any                    |
      | SipIpAddress    | string            | any                    |
      | SipPortNumber   | int               | any                    |
      | AudioPathState  | CTIAudioPathState | = Connected            |
      | ServiceIds      | int[]             | any                    |
    And the AudioPathStateChange event's ServiceIds list includes the inbound service

  @reading:audio-path-follows-login
  Scenario: Logging out disconnects the agent's audio path
    Given a session subscribed to "agent"
    And agent A is logged in and NotReady
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request succeeds
    And the session receives AudioPathStateChange with:
      | AgentId        | agent A's id |
      | AudioPathState | Disconnected |
    And the AudioPathStateChange event has the fields:
      | field           | wire type         | rule                   |
      | EventCategory   | CTIEventCategory  | = EventCategoryAgent   |
      | EventType       | CTIEventType      | = AudioPathStateChange |
      | SiteId          | int               | > 0                    |
      | TenantId        | int               | = $tenant              |
      | RequestId       | int               | one of $r, 0           |
      | SwitchId        | int               | any                    |
      | ServiceId       | int               | any                    |
      | AgentId         | int               | = agent A's id         |
      | ResourceGroupId | int               | any                    |
      | CircuitId       | int               | any                    |
      | ChannelId       | int               | any                    |
      | SipIpAddress    | string            | any                    |
      | SipPortNumber   | int               | any                    |
      | AudioPathState  | CTIAudioPathState | = Disconnected         |
      | ServiceIds      | int[]             | any                    |
