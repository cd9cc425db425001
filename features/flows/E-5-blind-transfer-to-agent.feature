@flow:E-5 @EDK-E-5 @trigger:inbound-call
Feature: E-5 Blind transfer to an agent
  "Inbound call gets routed to an agent. Agent performs blind transfer to another agent"
  (EDK E-5). The guide's words: TransferCall moves a connected two-party call (EDK 3-19);
  CallTransferred tells the transfer completed (EDK 4-22); the transferring agent's leg is
  cleared (CallCleared) and they wrap; the call is presented to the other agent as any
  call (EDK 2-1); the customer's call goes on under its CallId, which "identifies the
  agent/customer call" (EDK 3-7): not all its connections are cleared, so no CallEnd
  (EDK 4-16). A's clearing and B's ringing are two chains after CallTransferred, in
  either order (the table asks no order between them).

  Scenario: Agent A transfers the customer blind to agent B, who accepts
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | Blind        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ConsultationCallId | 0            |
      | UserData           | []           |
      | ServiceId          | 0            |
    And agent B accepts the call presented to them
    Then the session receives, in order:
      | id      | event                | where                                     | bind         | after   | optional |
      | t       | request TransferCall | CallId=$call, AgentId=$agentA             | r1=RequestId |         |          |
      | tr      | CallTransferred      | RequestId=$r1, TransferredCallId=$call    |              |         |          |
      | cl      | CallCleared          | CallId=$call, AgentId=$agentA             |              | tr      |          |
      | wa      | AgentStateChange     | AgentId=$agentA, AgentState=Wrap          |              | cl      |          |
      | cb      | CallConnected        | CallId=$call, AgentId=$agentB             |              | tr      |          |
      | pb      | AgentStateChange     | AgentId=$agentB, AgentState=PendingActive |              | cb      |          |
      | acc     | request AcceptCall   | CallId=$call, AgentId=$agentB             |              | pb      | yes      |
      | eb      | CallEstablished      | CallId=$call, AgentId=$agentB             |              | pb      |          |
      | ab      | AgentStateChange     | AgentId=$agentB, AgentState=Active        |              | eb      |          |
      | goes-on | never CallEnd        | CallId=$call                              |              | t       |          |
    And the recording passes the sequencing checks
    And the recording passes the correlation checks
