@flow:E-9 @EDK-E-9 @trigger:inbound-call
Feature: E-9 Blind transfer to an unmanned service
  "Inbound call gets routed to an agent. Agent performs blind transfer to an unmanned
  service. Reroute logic is executed for unmanned service" (EDK E-9). The guide leaves
  the outcome open: the call is rerouted (the service's reroute target, or a default), or
  the transfer fails with CallRequestFailed. Either passes: the branch the target took is
  judged, the other's table is not applicable. The guide's word: the transfer's answer
  carries its RequestId (EDK 4-3), a completed blind transfer clears the transferring
  agent's leg and the agent wraps (as E-5, E-6). The kit's readings
  (unmanned-service-transfer): where rerouting takes the call (queued to the service's
  reroute target and presented to an agent there), that a failed transfer leaves the call
  with agent A, and that in both the customer keeps a call. The mock reroutes (to the
  unmanned service's reroute target); docs/flows.md.

  Scenario: Agent A transfers the customer blind to the unmanned service
    Given a session subscribed to "agent, call"
    And "the unmanned service" is bound to $unmanned
    And "the unmanned service" is bound to $unmannedAddress as text
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id     |
      | CallId             | $call            |
      | TransferType       | Blind            |
      | DestinationType    | Service          |
      | DestinationAddress | $unmannedAddress |
      | ConsultationCallId | 0                |
      | UserData           | []               |
      | ServiceId          | 0                |
    Then the session receives, in order:
      | id      | event                                | where                         | bind         | after | optional | reading                   |
      | t       | request TransferCall                 | CallId=$call, AgentId=$agentA | r1=RequestId |       |          |                           |
      | outcome | CallTransferred or CallRequestFailed | RequestId=$r1                 |              |       |          |                           |
      | goes-on | never CallEnd                        | CallId=$call                  |              | t     |          | unmanned-service-transfer |
    And if the session received CallTransferred with RequestId $r1, it receives, in order:
      | id       | event            | where                               | bind       | after    | optional | reading                   |
      | tr       | CallTransferred  | RequestId=$r1                       |            |          |          |                           |
      | cl       | CallCleared      | CallId=$call, AgentId=$agentA       |            | tr       |          |                           |
      | wa       | AgentStateChange | AgentId=$agentA, AgentState=Wrap    |            | cl       |          |                           |
      | unmanned | CallDelivered    | CallId=$call, ServiceId=$unmanned   |            | tr       | yes      |                           |
      | reroute  | CallDelivered    | CallId=$call                        |            | tr       |          | unmanned-service-transfer |
      | c        | CallConnected    | CallId=$call                        | b=AgentId  | reroute  |          | unmanned-service-transfer |
      | pb       | AgentStateChange | AgentId=$b, AgentState=PendingActive |           | c        |          | unmanned-service-transfer |
    And if the session received CallRequestFailed with RequestId $r1, it receives, in order:
      | id     | event             | where                                  | after | optional | reading                   |
      | failed | CallRequestFailed | RequestId=$r1, CallId=$call            |       |          |                           |
      | stays  | never CallCleared | CallId=$call, AgentId=$agentA          | failed |         | unmanned-service-transfer |
      | active | never AgentStateChange | AgentId=$agentA, AgentState=Wrap  | failed |         | unmanned-service-transfer |
    And the recording passes the sequencing checks
    And the recording passes the correlation checks
