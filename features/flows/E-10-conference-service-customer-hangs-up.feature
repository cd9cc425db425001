@flow:E-10 @EDK-E-10 @trigger:inbound-call
Feature: E-10 Three-way conference with a service, the customer hangs up first
  "Conference scenario: Inbound call gets routed to an agent. Agent makes a consultation
  call to a service. Customer hangs up first" (EDK E-10). The guide's words: ConferenceCall
  joins the held call and the consultation (EDK 3-13); CallConferenced names the consulting
  and consulted calls (EDK 4-11); a leg cleared by the far end has ClearingPartyType FarEnd
  (EDK 4-9); CallEnd comes when all connections to the call are cleared (EDK 4-16).
  The kit's reading (conference-customer-hangup): when the customer hangs up, the agents do
  not stay connected to each other: each agent's leg clears (FarEnd), then that agent
  wraps, the two agents in either order, and CallEnd follows, on whichever CallId the
  conference keeps.

  @trigger:hangup
  Scenario: A conference of the customer, agent A and the second service's agent ends when the customer hangs up
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
      | id   | event                    | where                                     | bind         | after | optional |
      | cons | request ConsultationCall | CallId=$call, AgentId=$agentA             | r1=RequestId |       |          |
      | h    | CallHeld                 | CallId=$call, RequestId=$r1               |              |       |          |
      | org  | CallOriginated           | RequestId=$r1, DestType=Service           | c2=CallId    |       |          |
      | d2   | CallDelivered            | CallId=$c2, ServiceId=$second             |              |       |          |
      | cc   | CallConnected            | CallId=$c2, AgentId=$agentC               |              |       |          |
      | ec   | CallEstablished          | CallId=$c2, AgentId=$agentC               |              |       |          |
      | con  | CallConsultation         | CallId=$call, ConsultationCallId=$c2      |              |       |          |
    When the client sends ConferenceCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | ConsultationCallId | $c2          |
    And the session receives CallConferenced with:
      | RequestId | $r |
    And the customer hangs up
    Then the session receives, in order:
      | id   | event                  | where                                                      | bind         | after  | optional | reading                    |
      | conf | request ConferenceCall | CallId=$call, ConsultationCallId=$c2                       | r2=RequestId |        |          |                            |
      | cf   | CallConferenced        | RequestId=$r2, ConsultingCallId=$call, ConsultedCallId=$c2 |              |        |          |                            |
      | cla  | CallCleared            | AgentId=$agentA, ClearingPartyType=FarEnd                  |              | cf     |          | conference-customer-hangup |
      | wa   | AgentStateChange       | AgentId=$agentA, AgentState=Wrap                           |              | cla    |          | conference-customer-hangup |
      | clc  | CallCleared            | AgentId=$agentC, ClearingPartyType=FarEnd                  |              | cf     |          | conference-customer-hangup |
      | wc   | AgentStateChange       | AgentId=$agentC, AgentState=Wrap                           |              | clc    |          | conference-customer-hangup |
      | end  | CallEnd                |                                                            |              | wa, wc |          | conference-customer-hangup |
    # See E-7: consultation calls begin with CallOriginated (EDK 4-19), not CallStarted.
    And the recording passes the sequencing checks except callStartedIsFirstEventOfEachCall
    And the recording passes the correlation checks
