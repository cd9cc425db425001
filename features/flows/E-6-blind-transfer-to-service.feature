@flow:E-6 @EDK-E-6 @trigger:inbound-call
Feature: E-6 Blind transfer to a valid service
  "Inbound call gets routed to an agent. Agent performs blind transfer to a valid service"
  (EDK E-6). As E-5, but the call is queued to the service (CallDelivered, EDK 4-14) and
  distributed to one of its agents (EDK 2-1). A's clearing and the delivery are two chains
  after CallTransferred, in either order; the customer's call goes on, so no CallEnd
  (EDK 4-16).

  Scenario: Agent A transfers the customer blind to the second service, whose agent accepts
    Given a session subscribed to "agent, call"
    And "the second service" is bound to $second
    And "the second service" is bound to $secondAddress as text
    And agent A is talking to a customer on the inbound service
    And agent C is logged in
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id   |
      | CallId             | $call          |
      | TransferType       | Blind          |
      | DestinationType    | Service        |
      | DestinationAddress | $secondAddress |
      | ConsultationCallId | 0              |
      | UserData           | []             |
      | ServiceId          | 0              |
    And agent C accepts the call presented to them
    Then the session receives, in order:
      | id      | event                | where                                     | bind         | after | optional |
      | t       | request TransferCall | CallId=$call, AgentId=$agentA             | r1=RequestId |       |          |
      | tr      | CallTransferred      | RequestId=$r1, TransferredCallId=$call    |              |       |          |
      | cl      | CallCleared          | CallId=$call, AgentId=$agentA             |              | tr    |          |
      | wa      | AgentStateChange     | AgentId=$agentA, AgentState=Wrap          |              | cl    |          |
      | d2      | CallDelivered        | CallId=$call, ServiceId=$second           |              | tr    |          |
      | cc      | CallConnected        | CallId=$call, AgentId=$agentC             |              | d2    |          |
      | pc      | AgentStateChange     | AgentId=$agentC, AgentState=PendingActive |              | cc    |          |
      | acc     | request AcceptCall   | CallId=$call, AgentId=$agentC             |              | pc    | yes      |
      | ec      | CallEstablished      | CallId=$call, AgentId=$agentC             |              | pc    |          |
      | ac      | AgentStateChange     | AgentId=$agentC, AgentState=Active        |              | ec    |          |
      | goes-on | never CallEnd        | CallId=$call                              |              | t     |          |
    And the recording passes the sequencing checks
    And the recording passes the correlation checks
