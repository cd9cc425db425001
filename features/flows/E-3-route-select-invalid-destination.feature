@flow:E-3 @EDK-E-3 @trigger:inbound-call
Feature: E-3 Route request, route select to an invalid destination
  "Inbound call assigned to service configured for External Routing. Call routed to an
  invalid service" (EDK E-3). The guide's words: the client answers a RouteRequest with
  RouteSelect (EDK 2-5, 3-20); a select that cannot be used is answered by RouteRejected
  or RouteRequestFailed (EDK 4-25, 4-26: either is allowed here); with no valid select
  before RouteTimeout, RouteUsed with RequestId 0 and the default route status reports
  default routing (EDK 4-23, 4-24); the refusal and the timeout's RouteUsed may come in
  either order. The RouteSelect is refused (EDK 2-4: a fault for an invalid parameter, or
  its failure event); answering it with RouteRejected or RouteRequestFailed rather than a
  fault is the kit's reading (route-select-failure-event). Inference, the kit's readings:
  the call is delivered to the routed service before its RouteRequest
  (route-request-after-delivery), and default routing delivers it again
  (routed-call-delivered).

  Scenario: A RouteSelect to an unknown service is refused and default routing takes the call
    Given a session subscribed to "agent, call, route"
    And "the routed service" is bound to $routed
    And "an unknown serviceId" is bound to $nowhere as text
    And agent A is logged in
    When a customer calls the routed service
    And the session receives RouteRequest with:
      | CallId    | $call |
      | RequestId | 0     |
    And the client sends RouteSelect with:
      | CallId             | $call          |
      | RouteActionType    | RouteToService |
      | DestinationAddress | $nowhere       |
      | UserData           | []             |
    Then the request is refused
    And the session receives, in order:
      | id        | event                               | where                                                    | bind         | after    | optional | reading                      |
      | s         | CallStarted                         | CallId=$call, RequestId=0                                |              |          |          |                              |
      | o         | CallOffered                         | CallId=$call, RequestId=0                                |              |          |          |                              |
      | d         | CallDelivered                       | CallId=$call, ServiceId=$routed                          |              |          |          | route-request-after-delivery |
      | rq        | RouteRequest                        | CallId=$call, ServiceId=$routed, RequestId=0             |              |          |          |                              |
      | sel       | request RouteSelect                 | CallId=$call                                             | r1=RequestId |          |          |                              |
      | refused   | RouteRejected or RouteRequestFailed | CallId=$call, RequestId=$r1                              |              |          |          | route-select-failure-event   |
      | used      | RouteUsed                           | CallId=$call, RequestId=0, RouteStatus=RouteDefaultUsed  |              | rq       |          |                              |
      | again     | CallDelivered                       | CallId=$call                                             |              | used     |          | routed-call-delivered        |
      | connected | CallConnected                       | CallId=$call                                             |              | again    | yes      |                              |
      | not-used  | never RouteUsed                     | CallId=$call, RequestId=$r1                              |              |          |          |                              |
    And the recording passes the sequencing checks
    And the recording passes the correlation checks
