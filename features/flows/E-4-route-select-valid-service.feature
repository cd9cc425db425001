@flow:E-4 @EDK-E-4 @trigger:inbound-call
Feature: E-4 Route request, route select to a valid service
  "Inbound call assigned to service configured for External CTI Routing. Call routed to a
  valid service" (EDK E-4). The guide's words: RouteUsed carries the RouteSelect's
  RequestId and logically completes it; then the call reaches an agent (EDK 2-5, 4-24),
  presented and answered as in chapter 2 (EDK 2-1). Inference, the kit's readings: the call
  is delivered to the routed service before its RouteRequest (route-request-after-delivery),
  and CallDelivered to the chosen service comes between RouteUsed and CallConnected, as for
  any queued call (routed-call-delivered).

  Scenario: A RouteSelect to the second service routes the call to its agent
    Given a session subscribed to "agent, call, route"
    And "the routed service" is bound to $routed
    And "the second service" is bound to $second
    And "the second service" is bound to $secondAddress as text
    And agent C is logged in
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId    | $call |
      | RequestId | 0     |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToService |
      | DestinationAddress | $secondAddress |
      | UserData           | []             |
    And agent C accepts the call presented to them
    Then the session receives, in order:
      | id      | event              | where                                                                                   | bind         | after | optional | reading                      |
      | s       | CallStarted        | CallId=$call, RequestId=0                                                               |              |       |          |                              |
      | o       | CallOffered        | CallId=$call, RequestId=0                                                               |              |       |          |                              |
      | d       | CallDelivered      | CallId=$call, ServiceId=$routed                                                         |              |       |          | route-request-after-delivery |
      | rq      | RouteRequest       | CallId=$call, ServiceId=$routed, RequestId=0                                            |              |       |          |                              |
      | sel     | request RouteSelect | CallId=$call                                                                           | r1=RequestId |       |          |                              |
      | used    | RouteUsed          | CallId=$call, RequestId=$r1, RouteStatus=RouteSuccess, RouteType=RouteToService, RouteDestination=$secondAddress | | | | |
      | d2      | CallDelivered      | CallId=$call, ServiceId=$second                                                         |              |       |          | routed-call-delivered        |
      | c       | CallConnected      | CallId=$call, AgentId=$agentC                                                           |              |       |          |                              |
      | pc      | AgentStateChange   | AgentId=$agentC, AgentState=PendingActive                                               |              |       |          |                              |
      | acc     | request AcceptCall | CallId=$call, AgentId=$agentC                                                           |              |       | yes      |                              |
      | e       | CallEstablished    | CallId=$call, AgentId=$agentC                                                           |              | pc    |          |                              |
      | ac      | AgentStateChange   | AgentId=$agentC, AgentState=Active                                                      |              |       |          |                              |
      | no-dflt | never RouteUsed    | CallId=$call, RouteStatus=RouteDefaultUsed                                              |              |       |          |                              |
    And the recording passes the sequencing checks
    And the recording passes the correlation checks
