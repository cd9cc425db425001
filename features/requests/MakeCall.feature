@request:MakeCall @EDK-3-17
Feature: MakeCall
  The client makes a new call (CallId -1: no existing call) from the agent's station to
  an agent, a service, an external number or nowhere yet (dial tone). The new call
  starts (CallStarted) and CallOriginated carries the request's RequestId (EDK 4-19).
  Arguments wrong whatever the world are refused with a fault; what depends on the world
  is answered by CallRequestFailed with the RequestId (EDK 2-4, 4-20).

  Scenario: A valid MakeCall to an agent starts an internal call, CallOriginated carries its RequestId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    And agent B is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request succeeds
    And the session receives, in order:
      | id         | event            | where                                                          |
      | started    | CallStarted      | CallId=$c                                                      |
      | originated | CallOriginated   | CallId=$c, RequestId=$r, AgentId=$agentA, DestType=Agent, Destination=$agentB |
      | ringing    | CallConnected    | CallId=$c, AgentId=$agentB, CallType=InboundInternal           |
    And the recording passes the correlation checks
    And the recording passes the sequencing checks

  Scenario: A valid MakeCall to a service delivers the new call to that service
    Given a session subscribed to "agent, call"
    And $second is the text of "the second service"
    And agent A is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Service      |
      | DestinationAddress | $second      |
      | WrapState          | false        |
    Then the request succeeds
    And the session receives, in order:
      | id         | event          | where                                                            |
      | originated | CallOriginated | CallId=$c, RequestId=$r, DestType=Service, Destination=$second   |
      | delivered  | CallDelivered  | CallId=$c, ServiceId=$second                                     |
    And the recording passes the correlation checks

  Scenario Outline: MakeCall without <member> is refused with MissingArg
    Given a session subscribed to "call"
    When the client sends MakeCall with exactly these arguments:
      | SessionId          | $session             |
      | RequestId          | 7801                 |
      | TenantId           | $tenant                    |
      | AgentIdx           | agent A's id         |
      | CallId             | <CallId>             |
      | ServiceId          | <ServiceId>          |
      | DestinationType    | <DestinationType>    |
      | DestinationAddress | <DestinationAddress> |
      | WrapState          | <WrapState>          |
    Then the request is refused

    Examples:
      | member             | CallId   | ServiceId | DestinationType | DestinationAddress | WrapState |
      | CallId             | (absent) | 0         | Agent           | agent B            | false     |
      | ServiceId          | -1       | (absent)  | Agent           | agent B            | false     |
      | DestinationType    | -1       | 0         | (absent)        | agent B            | false     |
      | DestinationAddress | -1       | 0         | Agent           | (absent)           | false     |
      | WrapState          | -1       | 0         | Agent           | agent B            | (absent)  |

  Scenario: MakeCall with a DestinationType the contract does not have is refused with InvalidParameter
    Given a session subscribed to "call"
    When the client sends MakeCall writing "Sideways" as its DestinationType, with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request is refused with InvalidParameter

  # mock's choice: DestinationType INVALID is no destination at all: rejected outright with InvalidDestination.
  Scenario: MakeCall with DestinationType INVALID is refused with InvalidDestination
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | INVALID      |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request is refused with InvalidDestination

  # mock's choice: a CallId below -1 names neither "no call" nor a call (EDK 3-17): rejected outright.
  Scenario: MakeCall with a CallId below -1 is refused with InvalidCallId
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -5           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request is refused with InvalidCallId

  Scenario: MakeCall to an agent login name the system does not know fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id         |
      | CallId             | -1                   |
      | ServiceId          | 0                    |
      | DestinationType    | Agent                |
      | DestinationAddress | an unknown loginName |
      | WrapState          | false                |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r               |
      | FailureType | InvalidAgentName |
    And the session receives no CallStarted within 150 ms

  # mock's choice: an agent already on a call (not MultiLine) cannot make another one.
  @trigger:inbound-call
  Scenario: MakeCall by an agent who is talking on a call fails with InvalidStateForRequest
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  # mock's choice: an agent who is not logged in fails with InvalidStateForRequest (EDK 4-20 names no type).
  Scenario: MakeCall for an agent who is not logged in fails with CallRequestFailed
    Given a session subscribed to "agent, call"
    And agent B is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request succeeds
    And the session receives CallRequestFailed with:
      | RequestId   | $r                     |
      | FailureType | InvalidStateForRequest |

  Scenario: MakeCall with an unknown SessionId is refused with InvalidSessionId
    When the client sends MakeCall with exactly these arguments:
      | SessionId          | "no-such-session" |
      | RequestId          | 7802              |
      | TenantId           | $tenant                 |
      | AgentIdx           | agent A's id      |
      | CallId             | -1                |
      | ServiceId          | 0                 |
      | DestinationType    | Agent             |
      | DestinationAddress | agent B           |
      | WrapState          | false             |
    Then the request is refused with InvalidSessionId

  Scenario: MakeCall while the session is offline is refused with InvalidRequest
    Given a session subscribed to "agent, call"
    And agent A is logged in
    And agent B is logged in
    When the session goes offline
    And the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request is refused with InvalidRequest
    And the recording passes the session checks
