@event:AgentLoginStateChange @EDK-4-3
Feature: AgentLoginStateChange event
  Generated after a LoginAgent or LogoutAgent request; describes the agent's login state.
  AgentWorkGroupId is set while logged in, otherwise -1.

  Scenario: LoginAgent is answered by AgentLoginStateChange AgentLoggedIn with every field
    Given a session subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request succeeds
    And the session receives AgentLoginStateChange with:
      | AgentLoginName | agent A       |
      | LoginState     | AgentLoggedIn |
    And the AgentLoginStateChange event has the fields:
      | field               | wire type              | rule                    |
      | EventCategory       | CTIEventCategory       | = EventCategoryAgent    |
      | EventType           | CTIEventType           | = AgentLoginStateChange |
      | SiteId              | int                    | > 0                     |
      | TenantId            | int                    | = $tenant               |
      | RequestId           | int                    | = $r                    |
      | SwitchId            | int                    | any                     |
      | ServiceId           | int                    | any                     |
      | AgentId             | int                    | = agent A's id          |
      | AgentLoginName      | string                 | = agent A               |
      | LoginState          | CTIAgentLoginState     | = AgentLoggedIn         |
      | AgentWorkGroupId    | int                    | ≠ -1                    |
      | AgentCapabilities   | CTIAgentCapabilities[] | any                     |
      | AgentStationAddress | string                 | = agent A's station     |
      | AgentMailbox        | string                 | any                     |
      | ResourceGroupId     | int                    | any                     |
      | CircuitId           | int                    | any                     |
      | ChannelId           | int                    | any                     |
      | SipIpAddress        | string                 | any                     |
      | SipPortNumber       | int                    | any                     |
      | ServiceState        | CTIServiceInfo[]       | any                     |
      | AgentCTIId          | int                    | any                     |

  Scenario: LogoutAgent is answered by AgentLoginStateChange AgentLoggedOut with AgentWorkGroupId -1
    Given a session subscribed to "agent"
    And agent A is logged in and NotReady
    When the client sends LogoutAgent with:
      | AgentIdx   | agent A's id |
      | ReasonCode | 0            |
    Then the request succeeds
    And the session receives AgentLoginStateChange with:
      | AgentLoginName | agent A        |
      | LoginState     | AgentLoggedOut |
    And the AgentLoginStateChange event has the fields:
      | field               | wire type              | rule                    |
      | EventCategory       | CTIEventCategory       | = EventCategoryAgent    |
      | EventType           | CTIEventType           | = AgentLoginStateChange |
      | SiteId              | int                    | > 0                     |
      | TenantId            | int                    | = $tenant               |
      | RequestId           | int                    | = $r                    |
      | SwitchId            | int                    | any                     |
      | ServiceId           | int                    | any                     |
      | AgentId             | int                    | = agent A's id          |
      | AgentLoginName      | string                 | = agent A               |
      | LoginState          | CTIAgentLoginState     | = AgentLoggedOut        |
      | AgentWorkGroupId    | int                    | = -1                    |
      | AgentCapabilities   | CTIAgentCapabilities[] | any                     |
      | AgentStationAddress | string                 | any                     |
      | AgentMailbox        | string                 | any                     |
      | ResourceGroupId     | int                    | any                     |
      | CircuitId           | int                    | any                     |
      | ChannelId           | int                    | any                     |
      | SipIpAddress        | string                 | any                     |
      | SipPortNumber       | int                    | any                     |
      | ServiceState        | CTIServiceInfo[]       | any                     |
      | AgentCTIId          | int                    | any                     |

  Scenario: Another session sees the login too, with RequestId 0
    # Session B subscribed to agent events receives them all (EDK C-1, AddMessageClass);
    # that the copy it receives carries 0 rather than session A's RequestId is the kit's
    # reading (request-id-other-sessions: EDK 4-3 does not say what other sessions get).
    Given a session subscribed to "agent"
    And session B subscribed to "agent"
    When the client sends LoginAgent with:
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | NotReady          |
      | MultiLine      | 0                 |
    Then the request succeeds
    And session B receives AgentLoginStateChange with:
      | AgentLoginName | agent A       |                                   |
      | LoginState     | AgentLoggedIn |                                   |
      | RequestId      | 0             | reading:request-id-other-sessions |
    And the AgentLoginStateChange event has the fields:
      | field               | wire type              | rule                    |
      | EventCategory       | CTIEventCategory       | = EventCategoryAgent    |
      | EventType           | CTIEventType           | = AgentLoginStateChange |
      | SiteId              | int                    | > 0                     |
      | TenantId            | int                    | = $tenant               |
      | RequestId           | int                    | any                     |
      | SwitchId            | int                    | any                     |
      | ServiceId           | int                    | any                     |
      | AgentId             | int                    | = agent A's id          |
      | AgentLoginName      | string                 | = agent A               |
      | LoginState          | CTIAgentLoginState     | = AgentLoggedIn         |
      | AgentWorkGroupId    | int                    | ≠ -1                    |
      | AgentCapabilities   | CTIAgentCapabilities[] | any                     |
      | AgentStationAddress | string                 | = agent A's station     |
      | AgentMailbox        | string                 | any                     |
      | ResourceGroupId     | int                    | any                     |
      | CircuitId           | int                    | any                     |
      | ChannelId           | int                    | any                     |
      | SipIpAddress        | string                 | any                     |
      | SipPortNumber       | int                    | any                     |
      | ServiceState        | CTIServiceInfo[]       | any                     |
      | AgentCTIId          | int                    | any                     |
