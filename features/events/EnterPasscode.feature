@event:EnterPasscode @EDK-4-7
Feature: EnterPasscode event
  Sent during LoginAgent when the Gateway's "Bypass 3-digit passcode" option is not
  checked: the agent must key the 3-digit passcode before the login completes. The wire
  EventType is EnterPasscode (the guide: "EnterPasscodeEvent"); the guide's
  ResourceGroupId is not on the wire. A target whose Gateway bypasses the passcode (the
  embedded mock's default topology) skips these scenarios with that reason.

  Scenario: LoginAgent is answered by EnterPasscode with a 3-digit passcode
    Given a session subscribed to "agent"
    When agent A logs in through a Gateway that asks for a passcode
    Then the session receives EnterPasscode with:
      | RequestId | $r |
    And the EnterPasscode event has the fields:
      | field          | wire type        | rule                 |
      | EventCategory  | CTIEventCategory | = EventCategoryAgent |
      | EventType      | CTIEventType     | = EnterPasscode      |
      | SiteId         | int              | > 0                  |
      | TenantId       | int              | = $tenant            |
      | RequestId      | int              | = $r                 |
      | SwitchId       | int              | any                  |
      | ServiceId      | int              | any                  |
      | AgentId        | int              | = agent A's id       |
      | ReEnterFlag    | bool             | = false              |
      | PasscodeDigits | string           | non-empty            |
      | ServiceIds     | int[]            | any                  |
    And the EnterPasscode event's ServiceIds list includes the inbound service

  Scenario: The login completes after the passcode, EnterPasscode first
    Given a session subscribed to "agent"
    When agent A logs in through a Gateway that asks for a passcode
    Then the session receives, in order:
      | id | event                 | where                                  |
      | p  | EnterPasscode         | RequestId=$r, ReEnterFlag=false        |
      | in | AgentLoginStateChange | RequestId=$r, LoginState=AgentLoggedIn |
      | s  | AgentStateChange      | RequestId=$r, AgentState=Idle          |
