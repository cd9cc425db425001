@flow:E-13 @EDK-E-13 @trigger:inbound-call
Feature: E-13 The conference initiator hangs up
  "Conference scenario. Conference initiator hangs up" (EDK E-13). The guide's words:
  ClearCall clears the requesting agent's leg of a three-way call (EDK 3-13); the agent who
  hangs up first gets ClearingPartyType NearEnd (EDK 4-9), and ClearCall's events carry its
  RequestId (EDK 4-3). The kit's reading (conference-legs): the customer and agent B stay
  connected (no CallEnd, B's leg not cleared) until one of them hangs up, then B's leg
  clears (FarEnd), B wraps, and the call ends; the guide also has ClearCall "clear all
  devices in a 2-way or 3-way call" (EDK 3-13) and "release all of the devices associated
  with the specified call" (EDK C-2).

  Scenario: Agent A leaves a conference: A's leg clears NearEnd and A wraps
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
      | org  | CallOriginated           | RequestId=$r1                        | c2=CallId    |       |          |
      | eb   | CallEstablished          | CallId=$c2, AgentId=$agentB          |              |       |          |
      | con  | CallConsultation         | CallId=$call, ConsultationCallId=$c2 |              |       |          |
    When the client sends ConferenceCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | ConsultationCallId | $c2          |
    And the session receives CallConferenced with:
      | RequestId | $r |
    And the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    Then the session receives, in order:
      | id      | event                  | where                                                     | bind         | after | optional |
      | conf    | request ConferenceCall | CallId=$call, ConsultationCallId=$c2                      | r2=RequestId |       |          |
      | cf      | CallConferenced        | RequestId=$r2                                             |              |       |          |
      | clr     | request ClearCall      | CallId=$call, AgentId=$agentA                             | r3=RequestId |       |          |
      | cla     | CallCleared            | AgentId=$agentA, RequestId=$r3, ClearingPartyType=NearEnd |              |       |          |
      | wa      | AgentStateChange       | AgentId=$agentA, AgentState=Wrap                          |              | cla   |          |
    # See E-7: consultation calls begin with CallOriginated (EDK 4-19), not CallStarted.
    And the recording passes the sequencing checks except callStartedIsFirstEventOfEachCall
    And the recording passes the correlation checks

  # The CallEnd at the end, with B still in wrap, is also the kit's reading
  # (call-end-before-wrap-ends: EDK 4-16 against C-3).
  @trigger:hangup @reading:conference-legs @reading:call-end-before-wrap-ends
  Scenario: Agent A leaves a conference with the customer and agent B, who stay connected
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
      | org  | CallOriginated           | RequestId=$r1                        | c2=CallId    |       |          |
      | eb   | CallEstablished          | CallId=$c2, AgentId=$agentB          |              |       |          |
      | con  | CallConsultation         | CallId=$call, ConsultationCallId=$c2 |              |       |          |
    When the client sends ConferenceCall with:
      | AgentIdx           | agent A's id |
      | CallId             | $call        |
      | ConsultationCallId | $c2          |
    And the session receives CallConferenced with:
      | RequestId | $r |
    And the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $call        |
    And the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    Then the session receives no CallEnd within 300 ms
    When the customer hangs up
    Then the session receives, in order:
      | id      | event                  | where                                                     | bind         | after | optional |
      | conf    | request ConferenceCall | CallId=$call, ConsultationCallId=$c2                      | r2=RequestId |       |          |
      | cf      | CallConferenced        | RequestId=$r2                                             |              |       |          |
      | clr     | request ClearCall      | CallId=$call, AgentId=$agentA                             | r3=RequestId |       |          |
      | cla     | CallCleared            | AgentId=$agentA, RequestId=$r3, ClearingPartyType=NearEnd |              |       |          |
      | wa      | AgentStateChange       | AgentId=$agentA, AgentState=Wrap                          |              | cla   |          |
      | clb     | CallCleared            | AgentId=$agentB, ClearingPartyType=FarEnd                 |              | cla   |          |
      | wb      | AgentStateChange       | AgentId=$agentB, AgentState=Wrap                          |              | clb   |          |
      | end     | CallEnd                |                                                           |              | wb    |          |
      | b-stays | never CallCleared      | AgentId=$agentB                                           |              | cla   |          |
      | c-stays | never CallEnd          |                                                           |              | cla   |          |
    # See E-7: consultation calls begin with CallOriginated (EDK 4-19), not CallStarted.
    And the recording passes the sequencing checks except callStartedIsFirstEventOfEachCall
    And the recording passes the correlation checks
