@flow:E-2 @EDK-2-1 @trigger:inbound-call
Feature: E-2 Call arrives to an inbound service (chapter 2)
  "Event flow for a simple Inbound call" (EDK E-2). Chapter 2 lists the events of a
  typical inbound call in order (EDK 2-1): CallStarted, CallOffered, CallDelivered,
  CallConnected, AgentStateChange pending active, CallEstablished, AgentStateChange
  active, CallCleared, AgentStateChange wrap, CallEnd, CallCompleted, AgentStateChange
  idle "after the agent disposes the call". Rows follow that list (the guide's word)
  unless a comment says otherwise. CallEnd "when all connections to a call have been
  cleared" (EDK 2-1, 4-16) comes, by Appendix C, "when an agent leaves the in wrapup
  state" (EDK C-3): a CallEnd before the agent disposes the call is the kit's reading
  (call-end-before-wrap-ends); after the disposition, both readings agree.

  @trigger:hangup
  Scenario: An inbound call is delivered, answered, cleared by the customer and completed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives, in order:
      | id  | event            | where                                         | reading                   |
      | s   | CallStarted      | CallId=$call, RequestId=0                      |                           |
      | o   | CallOffered      | CallId=$call                                   |                           |
      | d   | CallDelivered    | CallId=$call                                   |                           |
      | c   | CallConnected    | CallId=$call, AgentId=$agentA                  |                           |
      | pa  | AgentStateChange | AgentId=$agentA, AgentState=PendingActive      |                           |
      | e   | CallEstablished  | CallId=$call, AgentId=$agentA                  |                           |
      | a   | AgentStateChange | AgentId=$agentA, AgentState=Active             |                           |
      | cl  | CallCleared      | CallId=$call, ClearingPartyType=FarEnd         |                           |
      | w   | AgentStateChange | AgentId=$agentA, AgentState=Wrap               |                           |
      | end | CallEnd          | CallId=$call                                   | call-end-before-wrap-ends |
    And the recording passes the sequencing checks
    And the recording passes the correlation checks

  # AcceptCall is the client's answer when CallConnected asks for one (ResponseRequired,
  # EDK 4-12); a site that answers at the phone has no such request: the row is optional.
  # CallOffered carries RequestId 0 (EDK 4-18); AcceptCall's and SetDisposition's events
  # carry their RequestIds (EDK 4-3).
  @trigger:hangup
  Scenario: The agent accepts the call and disposes it after the customer hangs up
    Given a session subscribed to "agent, call"
    And "the site's disposition id" is bound to $disposition
    And agent A is logged in
    When a customer calls the inbound service
    And agent A accepts the call presented to them
    And the customer hangs up
    And the session receives AgentStateChange with:
      | AgentId    | $agentA |
      | AgentState | Wrap    |
    And the client sends SetDisposition with:
      | AgentIdx                     | agent A's id |
      | CallId                       | $call        |
      | DispositionId                | $disposition |
      | SummaryDispositionSuccessful | true         |
      | WrapNotRequired              | false        |
      | UserData                     | []           |
    Then the request succeeds
    And the session receives, in order:
      | id   | event                  | where                                                | bind         | after | optional |
      | s    | CallStarted            | CallId=$call, RequestId=0                            |              |       |          |
      | o    | CallOffered            | CallId=$call, RequestId=0                            |              |       |          |
      | d    | CallDelivered          | CallId=$call                                         |              |       |          |
      | c    | CallConnected          | CallId=$call, AgentId=$agentA                        |              |       |          |
      | pa   | AgentStateChange       | AgentId=$agentA, AgentState=PendingActive            |              |       |          |
      | acc  | request AcceptCall     | CallId=$call, AgentId=$agentA                        | r1=RequestId |       | yes      |
      | e    | CallEstablished        | CallId=$call, AgentId=$agentA                        |              | pa    |          |
      | a    | AgentStateChange       | AgentId=$agentA, AgentState=Active                   |              |       |          |
      | cl   | CallCleared            | CallId=$call, AgentId=$agentA, ClearingPartyType=FarEnd |           |       |          |
      | w    | AgentStateChange       | AgentId=$agentA, AgentState=Wrap                     |              |       |          |
      | end  | CallEnd                | CallId=$call                                         |              |       |          |
      | disp | request SetDisposition | CallId=$call                                         | r2=RequestId | w     |          |
      | cc   | CallCompleted          | CallId=$call                                         |              | end, disp |      |
      | i    | AgentStateChange       | AgentId=$agentA, AgentState=Idle, RequestId=$r2      |              |       |          |
    And the recording passes the sequencing checks
    And the recording passes the correlation checks
