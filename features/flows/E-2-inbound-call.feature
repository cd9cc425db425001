@flow:E-2 @EDK-2-1 @trigger:inbound-call
Feature: E-2 Call arrives to an inbound service (chapter 2)

  Scenario: An inbound call is delivered, answered, cleared by the customer and completed
    Given a session subscribed to "agent, call"
    And agent A is talking to a customer on the inbound service
    When the customer hangs up
    Then the session receives, in order:
      | id  | event            | where                                         |
      | s   | CallStarted      | CallId=$call, RequestId=0                      |
      | o   | CallOffered      | CallId=$call                                   |
      | d   | CallDelivered    | CallId=$call                                   |
      | c   | CallConnected    | CallId=$call, AgentId=$agentA                  |
      | pa  | AgentStateChange | AgentId=$agentA, AgentState=PendingActive      |
      | e   | CallEstablished  | CallId=$call, AgentId=$agentA                  |
      | a   | AgentStateChange | AgentId=$agentA, AgentState=Active             |
      | cl  | CallCleared      | CallId=$call, ClearingPartyType=FarEnd         |
      | w   | AgentStateChange | AgentId=$agentA, AgentState=Wrap               |
      | end | CallEnd          | CallId=$call                                   |
    And the recording passes the sequencing checks
