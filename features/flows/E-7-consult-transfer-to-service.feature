@flow:E-7 @EDK-E-7 @trigger:inbound-call
Feature: E-7 Consultation transfer to a service
  "Inbound call gets routed to an agent. Agent performs consultation transfer to a valid
  service" (EDK E-7). The guide's words: ConsultationCall holds the active call and starts
  a new one (EDK 3-14): CallHeld, CallOriginated with the consultation's CallId (EDK 4-19);
  the consultation is queued and connected like a call (EDK 2-1); CallConsultation says it
  is established (EDK 4-12); TransferCall with the consultation's id completes the
  transfer (EDK 3-19): CallTransferred names the consulting and consulted calls (EDK 4-22),
  A's leg clears and A wraps. After the customer hangs up, C's leg clears (FarEnd,
  EDK 4-9) and C wraps (EDK 2-1). The kit's readings: C's leg is not reported cleared when
  the consultation merges into the customer call (merged-call-ids), and the CallEnd comes
  while C is still in wrap (call-end-before-wrap-ends), whichever CallId the joined call
  keeps.

  @trigger:hangup
  Scenario: Agent A consults the second service, then transfers the customer to its agent
    Given a session subscribed to "agent, call"
    And "the second service" is bound to $second
    And "the second service" is bound to $secondAddress as text
    And agent A is talking to a customer on the inbound service
    And agent C is logged in
    When the client sends ConsultationCall with:
      | AgentIdx           | agent A's id   |
      | CallId             | $call          |
      | DestinationType    | Service        |
      | DestinationAddress | $secondAddress |
      | ServiceId          | 0              |
      | UserData           | []             |
    And agent C accepts the call presented to them
    Then the session receives, in order:
      | id   | event                    | where                                               | bind         | after | optional |
      | cons | request ConsultationCall | CallId=$call, AgentId=$agentA                       | r1=RequestId |       |          |
      | h    | CallHeld                 | CallId=$call, RequestId=$r1                         |              |       |          |
      | org  | CallOriginated           | RequestId=$r1, DestType=Service                     | c2=CallId    |       |          |
      | d2   | CallDelivered            | CallId=$c2, ServiceId=$second                       |              |       |          |
      | cc   | CallConnected            | CallId=$c2, AgentId=$agentC                         |              |       |          |
      | pc   | AgentStateChange         | AgentId=$agentC, AgentState=PendingActive           |              |       |          |
      | acc  | request AcceptCall       | CallId=$c2, AgentId=$agentC                         |              |       | yes      |
      | ec   | CallEstablished          | CallId=$c2, AgentId=$agentC                         |              | pc    |          |
      | ac   | AgentStateChange         | AgentId=$agentC, AgentState=Active                  |              |       |          |
      | con  | CallConsultation         | CallId=$call, ConsultationCallId=$c2                |              | ec    |          |
    When the client sends TransferCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | TransferType       | Consultation |
      | DestinationType    | Service      |
      | DestinationAddress | (empty)      |
      | ConsultationCallId | $c2          |
      | UserData           | []           |
      | ServiceId          | 0            |
    Then the session receives, in order:
      | id      | event                | where                                                    | bind         | after | optional | reading          |
      | t       | request TransferCall | CallId=$call, ConsultationCallId=$c2                     | r2=RequestId |       |          |                  |
      | tr      | CallTransferred      | RequestId=$r2, ConsultingCallId=$call, ConsultedCallId=$c2 |            |       |          |                  |
      | cl      | CallCleared          | AgentId=$agentA                                          |              |       |          |                  |
      | wa      | AgentStateChange     | AgentId=$agentA, AgentState=Wrap                         |              |       |          |                  |
      | stays   | never CallCleared    | AgentId=$agentC                                          |              | t     |          | merged-call-ids |
    When the customer hangs up
    Then the session receives, in order:
      | id  | event            | where                                            | after | optional | reading                   |
      | tr  | CallTransferred  | ConsultingCallId=$call, ConsultedCallId=$c2      |       |          |                           |
      | clc | CallCleared      | AgentId=$agentC, ClearingPartyType=FarEnd        |       |          |                           |
      | wc  | AgentStateChange | AgentId=$agentC, AgentState=Wrap                 |       |          |                           |
      | end | CallEnd          |                                                  |       |          | call-end-before-wrap-ends |
    # The consultation call begins with CallOriginated, not CallStarted: ConsultationCall
    # generates CallHeld, CallOriginated, CallDelivered, CallConnected, CallConsultation
    # (EDK 4-19, the kit's request-event table); callStartedIsFirstEventOfEachCall asks
    # every call for a CallStarted and is left out here (reported to the checks' owners).
    And the recording passes the sequencing checks except callStartedIsFirstEventOfEachCall
    And the recording passes the correlation checks
