@flow:E-11 @EDK-E-11
Feature: E-11 Agent to agent (internal call)
  "Internal call scenario: Agent dials another agent" (EDK E-11). The guide's words:
  MakeCall with CallId −1 and agent B's login name (EDK 3-17); CallStarted for a call the
  system initiates (EDK 4-21); CallOriginated carries MakeCall's RequestId and the
  destination type (EDK 4-19); B is presented the call and answers (EDK 2-1); ClearCall
  clears a two-party call for both (EDK 3-13), the agent who hangs up first NearEnd
  (EDK 4-9); CallEnd once all connections are cleared (EDK 4-16); CallCompleted when the
  segments are complete, wrap included (EDK 4-10). Inference: A is Active from MakeCall
  (optional row); B's leg clears in any order after A's. The agents dispose the call once
  both wrap: whether CallEnd comes before they do is the kit's reading
  (call-end-before-wrap-ends: EDK 4-16 against C-3), so the table asks only that it follows
  both legs' clearing and precedes CallCompleted.

  Scenario: Agent A calls agent B, hangs up, and both dispose the call
    Given a session subscribed to "agent, call"
    And "the site's disposition id" is bound to $disposition
    And agent A is logged in
    And agent B is logged in
    When the client sends MakeCall with:
      | AgentIdx           | agent A's id |
      | CallId             | -1           |
      | ServiceId          | 0            |
      | DestinationType    | Agent        |
      | DestinationAddress | agent B      |
      | WrapState          | false        |
    And agent B accepts the call presented to them
    Then the session receives, in order:
      | id  | event              | where                                     | bind         | after | optional |
      | mk  | request MakeCall   | AgentId=$agentA                           | r1=RequestId |       |          |
      | s   | CallStarted        |                                           | c1=CallId    |       |          |
      | org | CallOriginated     | CallId=$c1, RequestId=$r1, DestType=Agent |              |       |          |
      | aa  | AgentStateChange   | AgentId=$agentA, AgentState=Active        |              | mk    | yes      |
      | cb  | CallConnected      | CallId=$c1, AgentId=$agentB               |              | org   |          |
      | pb  | AgentStateChange   | AgentId=$agentB, AgentState=PendingActive |              |       |          |
      | acc | request AcceptCall | CallId=$c1, AgentId=$agentB               |              |       | yes      |
      | eb  | CallEstablished    | CallId=$c1, AgentId=$agentB               |              | pb    |          |
      | ab  | AgentStateChange   | AgentId=$agentB, AgentState=Active        |              |       |          |
    When the client sends ClearCall with:
      | AgentIdx | agent A's id |
      | CallId   | $c1          |
    And the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    And the session receives AgentStateChange with:
      | AgentId    | $agentB |
      | AgentState | Wrap    |
    And the client sends SetDisposition with:
      | AgentIdx                     | agent A's id |
      | CallId                       | $c1          |
      | DispositionId                | $disposition |
      | SummaryDispositionSuccessful | true         |
      | WrapNotRequired              | false        |
      | UserData                     | []           |
    And the client sends SetDisposition with:
      | AgentIdx                     | agent B's id |
      | CallId                       | $c1          |
      | DispositionId                | $disposition |
      | SummaryDispositionSuccessful | true         |
      | WrapNotRequired              | false        |
      | UserData                     | []           |
    Then the session receives, in order:
      | id  | event                  | where                                                     | bind         | after    | optional |
      | clr | request ClearCall      | CallId=$c1, AgentId=$agentA                               | r3=RequestId |          |          |
      | cla | CallCleared            | CallId=$c1, AgentId=$agentA, RequestId=$r3, ClearingPartyType=NearEnd | |    |          |
      | wa  | AgentStateChange       | AgentId=$agentA, AgentState=Wrap                          |              | cla      |          |
      | clb | CallCleared            | CallId=$c1, AgentId=$agentB                               |              | cla      |          |
      | wb  | AgentStateChange       | AgentId=$agentB, AgentState=Wrap                          |              | clb      |          |
      | end | CallEnd                | CallId=$c1                                                |              | cla, clb |          |
      | da  | request SetDisposition | CallId=$c1, AgentId=$agentA                               |              | wa       |          |
      | db  | request SetDisposition | CallId=$c1, AgentId=$agentB                               |              | wb       |          |
      | cc  | CallCompleted          | CallId=$c1                                                |              | end, da, db |       |
    And the recording passes the sequencing checks
    And the recording passes the correlation checks
