@flow:E-8 @EDK-E-8 @trigger:inbound-call
Feature: E-8 Consultation transfer to an agent
  "Inbound call gets routed to an agent. Agent performs consultation transfer to a valid
  agent" (EDK E-8). As E-7, with the consultation to agent B's login name (EDK 3-14): the
  call is presented to B directly, without being queued to a service (no CallDelivered:
  it is "generated when the call is queued to an inbound service", EDK 2-1, 4-14). That
  B's leg is not reported cleared at the merge is the kit's reading (merged-call-ids).

  Scenario: Agent A consults agent B, then transfers the customer to B
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    And agent B is logged in
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | ServiceId          | 0            |
      | UserData           | []           |
    And agent B accepts the call presented to them
    Then the session receives, in order:
      | id       | event                    | where                                     | bind         | after | optional |
      | cons     | request ConsultationCall | CallId=$call, AgentId=$agentA             | r1=RequestId |       |          |
      | h        | CallHeld                 | CallId=$call, RequestId=$r1               |              |       |          |
      | org      | CallOriginated           | RequestId=$r1, DestType=Agent             | c2=CallId    |       |          |
      | cb       | CallConnected            | CallId=$c2, AgentId=$agentB               |              |       |          |
      | pb       | AgentStateChange         | AgentId=$agentB, AgentState=PendingActive |              |       |          |
      | acc      | request AcceptCall       | CallId=$c2, AgentId=$agentB               |              |       | yes      |
      | eb       | CallEstablished          | CallId=$c2, AgentId=$agentB               |              | pb    |          |
      | ab       | AgentStateChange         | AgentId=$agentB, AgentState=Active        |              |       |          |
      | con      | CallConsultation         | CallId=$call, ConsultationCallId=$c2      |              | eb    |          |
      | no-queue | never CallDelivered      | CallId=$c2                                |              |       |          |
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | Consultation |
      | DestinationType    | Agent        |
      | DestinationAddress | (empty)      |
      | ConsultationCallId | $c2          |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the session receives, in order:
      | id    | event                | where                                                      | bind         | after | optional | reading          |
      | t     | request TransferCall | CallId=$call, ConsultationCallId=$c2                       | r2=RequestId |       |          |                  |
      | tr    | CallTransferred      | RequestId=$r2, ConsultingCallId=$call, ConsultedCallId=$c2 |              |       |          |                  |
      | cl    | CallCleared          | AgentId=$agentA                                            |              |       |          |                  |
      | wa    | AgentStateChange     | AgentId=$agentA, AgentState=Wrap                           |              |       |          |                  |
      | stays | never CallCleared    | AgentId=$agentB                                            |              | t     |          | merged-call-ids |
    # The consultation call begins with CallOriginated, not CallStarted: ConsultationCall
    # generates CallHeld, CallOriginated, CallDelivered, CallConnected, CallConsultation
    # (EDK 4-19, the kit's request-event table); callStartedIsFirstEventOfEachCall asks
    # every call for a CallStarted and is left out here (reported to the checks' owners).
    And the recording passes the sequencing checks except callStartedIsFirstEventOfEachCall
    And the recording passes the correlation checks
