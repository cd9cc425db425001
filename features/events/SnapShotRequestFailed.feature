@event:SnapShotRequestFailed @EDK-C-3 @mock-only @reading:snapshot-request-failed-causes
Feature: SnapShotRequestFailed event
  "Occurs when the SnapShot request fails" (Appendix C): the guide has no field table and
  names no cause, so the members come from the wire contract (CTIFilter header,
  FailureReason, FailureType; docs/spec-notes.md, decision 5).
  # The kit's reading (docs/sessions.md): a Snapshot naming no entity type, or INVALID, is
  # accepted (result 0) and answered by SnapShotRequestFailed; a real CTIPS may fault it.
  # With no cause in the guide, every scenario here is that reading.

  Scenario: A Snapshot naming no entity type is answered by SnapShotRequestFailed
    Given a session subscribed to "system"
    When the client sends Snapshot with:
      | EntityType | [] |
    Then the request succeeds
    And the session receives SnapShotRequestFailed with:
      | RequestId | $r |
    And the SnapShotRequestFailed event has the fields:
      | field         | wire type        | rule                    |
      | EventCategory | CTIEventCategory | = EventCategorySystem   |
      | EventType     | CTIEventType     | = SnapShotRequestFailed |
      | SiteId        | int              | > 0                     |
      | TenantId      | int              | = $tenant               |
      | RequestId     | int              | = $r                    |
      | SwitchId      | int              | any                     |
      | ServiceId     | int              | = 0                     |
      | AgentId       | int              | = 0                     |
      | FailureReason | string           | non-empty               |
      | FailureType   | CTIFailureType   | ≠ INVALID               |
    And the session receives no SnapShotUpdate within 150 ms

  Scenario: A Snapshot naming the INVALID entity type is answered by SnapShotRequestFailed
    Given a session subscribed to "system"
    When the client sends Snapshot with:
      | EntityType | ["INVALID"] |
    Then the request succeeds
    And the session receives SnapShotRequestFailed with:
      | RequestId | $r |
    And the SnapShotRequestFailed event has the fields:
      | field         | wire type        | rule                    |
      | EventCategory | CTIEventCategory | = EventCategorySystem   |
      | EventType     | CTIEventType     | = SnapShotRequestFailed |
      | SiteId        | int              | > 0                     |
      | TenantId      | int              | = $tenant               |
      | RequestId     | int              | = $r                    |
      | SwitchId      | int              | any                     |
      | ServiceId     | int              | = 0                     |
      | AgentId       | int              | = 0                     |
      | FailureReason | string           | non-empty               |
      | FailureType   | CTIFailureType   | ≠ INVALID               |
