@request:MakeCall @EDK-3-17
Feature: MakeCall
  The client makes a new call (CallId -1: no existing call) from the agent's station to
  an agent, a service, an external number or nowhere yet (dial tone). The new call
  starts (CallStarted, EDK 4-21: "Internal Manual … generated when the call is
  initiated") and CallOriginated carries the request's RequestId (EDK 4-19). A request
  that cannot be carried out is refused: by a fault (EDK 2-4) or by CallRequestFailed with
  its RequestId (EDK 4-20) — the guide allows both, so the scenarios accept either.

  Scenario: A valid MakeCall to an agent starts an internal call, CallOriginated carries its RequestId
    # EDK 4-19: CallOriginated's Destination is "the AgentId … to be dialed"; the call is
    # then presented to B (CallConnected, EDK 4-11). The guide does not order CallStarted
    # and CallOriginated, nor say which agent's id CallOriginated carries, nor type
    # internal calls: those are the kit's readings.
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
      | id         | event          | where                                                                         | reading                      |
      | started    | CallStarted    | CallId=$c                                                                     | unstated-event-order         |
      | originated | CallOriginated | CallId=$c, RequestId=$r, AgentId=$agentA, DestType=Agent, Destination=$agentB | event-agent-ids: AgentId |
      | ringing    | CallConnected  | CallId=$c, AgentId=$agentB, CallType=InboundInternal                          | call-type: CallType          |
    And the session receives CallStarted with:
      | CallId | $c |
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

  # These members are IsRequired on the wire: a WCF stack refuses the message.
  Scenario Outline: MakeCall without <member> is refused
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

  # An enum name the contract lacks breaks the data contract: a WCF stack can only refuse it.
  Scenario: MakeCall with a DestinationType the contract does not have is refused
    Given a session subscribed to "call"
    When the client sends MakeCall writing "Sideways" as its DestinationType, with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request is refused

  # INVALID is a CTIDestinationType name on the wire but not among EDK 3-17's
  # DestinationType values; the kit's reading: no destination at all, refused.
  @reading:unlisted-values
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

  # The kit's reading: a CallId below -1 names neither "no call" (CallId = -1, EDK 3-17)
  # nor a call, and is refused. The guide does not say what other values mean.
  @reading:argument-limits
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

  Scenario: MakeCall to an agent login name the system does not know is refused
    # EDK 3-17: DestinationAddress is "the AgentLoginName … of the third party to dial";
    # there is no such agent to dial.
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id         |
      | CallId             | -1                   |
      | ServiceId          | 0                    |
      | DestinationType    | Agent                |
      | DestinationAddress | an unknown loginName |
      | WrapState          | false                |
    Then the request is refused with InvalidAgentName

  @reading:refused-request-changes-nothing
  Scenario: A MakeCall refused for an unknown login name starts no call
    # The kit's reading: the destination is checked before the call starts. The guide does
    # not say a failed MakeCall never started a call.
    Given a session subscribed to "agent, call"
    And agent A is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id         |
      | CallId             | -1                   |
      | ServiceId          | 0                    |
      | DestinationType    | Agent                |
      | DestinationAddress | an unknown loginName |
      | WrapState          | false                |
    Then the request is refused
    And the session receives no CallStarted within 150 ms

  # The kit's reading: an agent already on a call (not MultiLine, EDK 3-7) cannot make
  # another one. The guide does not say a CTIPS refuses it.
  @trigger:inbound-call @reading:state-preconditions
  Scenario: MakeCall by an agent who is talking on a call is refused
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
    Then the request is refused with InvalidStateForRequest

  # EDK 3-7: the AgentId is used "in all agent requests following a successful agent
  # login": an agent not logged in cannot make a call. EDK 4-20 names no FailureType.
  Scenario: MakeCall for an agent who is not logged in is refused
    Given a session subscribed to "agent, call"
    And agent B is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    Then the request is refused with InvalidStateForRequest

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

  @EDK-5-3
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
