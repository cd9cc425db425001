@flow:E-12 @EDK-E-12 @trigger:inbound-call
Feature: E-12 Three-way conference with an agent, the customer hangs up first
  "Conference scenario: Customer hangs up first" (EDK E-12): as E-10 with the consultation
  to agent B's login name (EDK 3-14), presented to B without a service queue.
  The kit's readings: as in E-10, each agent's leg clears (FarEnd, EDK 4-9) and the agent
  wraps, in either order, and CallEnd follows both (conference-customer-hangup); and
  CallConferenced names the consulted agent B as ConsultationAgentId, which the guide
  describes as the "consulting agent identifier" (EDK 4-11; event-agent-ids).

  @trigger:hangup
  Scenario: A conference of the customer, agent A and agent B ends when the customer hangs up
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
      | id   | event                    | where                                | bind         | after | optional |
      | cons | request ConsultationCall | CallId=$call, AgentId=$agentA        | r1=RequestId |       |          |
      | h    | CallHeld                 | CallId=$call, RequestId=$r1          |              |       |          |
      | org  | CallOriginated           | RequestId=$r1, DestType=Agent        | c2=CallId    |       |          |
      | cb   | CallConnected            | CallId=$c2, AgentId=$agentB          |              |       |          |
      | eb   | CallEstablished          | CallId=$c2, AgentId=$agentB          |              |       |          |
      | con  | CallConsultation         | CallId=$call, ConsultationCallId=$c2 |              |       |          |
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
      | cf   | CallConferenced        | RequestId=$r2, ConsultingCallId=$call, ConsultedCallId=$c2, ConsultationAgentId=$agentB | | | | event-agent-ids: ConsultationAgentId |
      | cla  | CallCleared            | AgentId=$agentA, ClearingPartyType=FarEnd                  |              | cf     |          | conference-customer-hangup |
      | wa   | AgentStateChange       | AgentId=$agentA, AgentState=Wrap                           |              | cla    |          | conference-customer-hangup |
      | clb  | CallCleared            | AgentId=$agentB, ClearingPartyType=FarEnd                  |              | cf     |          | conference-customer-hangup |
      | wb   | AgentStateChange       | AgentId=$agentB, AgentState=Wrap                           |              | clb    |          | conference-customer-hangup |
      | end  | CallEnd                |                                                            |              | wa, wb |          | conference-customer-hangup |
    # See E-7: consultation calls begin with CallOriginated (EDK 4-19), not CallStarted.
    And the recording passes the sequencing checks except callStartedIsFirstEventOfEachCall
    And the recording passes the correlation checks
