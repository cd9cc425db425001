@session @EDK-3-2
Feature: Opening and closing a session
  The client opens a session with OpenConnection, naming its single tenant, its
  credentials and its callback URL; the CTIPS answers a SessionId and calls StartSession
  (EDK 3-2, 4-2). CTIPS serves one tenant (EDK 3-1) and at most ten client connections;
  one more is told that the maximum number of connections has been reached (EDK 1-3).
  The refusals are the guide's word; which FaultErrorCode each names is the kit's reading
  (the guide names none), and so is the form of a refused logon (a status, not a fault).

  @request:OpenConnection
  Scenario: A valid OpenConnection returns a SessionId and the server calls StartSession
    Given a session that is not yet online
    Then the target called StartSession with the session's id
    And the recording passes the sequencing checks

  @request:OnLine @EDK-3-3
  Scenario: OnLine with an unknown SessionId is refused with InvalidSessionId
    When the client sends OnLine with exactly these arguments:
      | SessionId | "no-such-session" |
      | TenantId  | $tenant                 |
    Then the request is refused with InvalidSessionId

  # ---------------------------------------------------------------- tenant (EDK 3-1)

  @EDK-3-1
  Scenario: OpenConnection naming another tenant is refused with InvalidTenantId
    When the client opens a connection naming the tenants "another"
    Then the request is refused with InvalidTenantId

  # "The client must provide a single TenantId in the OpenConnection request" (EDK 3-1).
  @EDK-3-1
  Scenario: OpenConnection naming two tenants is refused with InvalidTenantId
    When the client opens a connection naming the tenants "its own, another"
    Then the request is refused with InvalidTenantId

  # "The client must provide a single TenantId" (EDK 3-1); "bad or incomplete information"
  # in OpenConnection gets a fault (EDK 5-1). The kit's reading of the code: InvalidTenantId,
  # as for a wrong one.
  @EDK-3-1
  Scenario: OpenConnection naming no tenant is refused with InvalidTenantId
    When the client opens a connection naming the tenants ""
    Then the request is refused with InvalidTenantId

  # "The tenant identifier (TenantId) … must be provided by the client in all client requests" (EDK 3-1).
  @EDK-3-1
  Scenario: A request carrying another tenant's id is refused with InvalidTenantId
    Given a session subscribed to "agent"
    And "another tenant" is bound to $otherTenant
    When the client sends LoginAgent with:
      | TenantId       | $otherTenant      |
      | AgentLoginName | agent A           |
      | StationId      | agent A's station |
      | InitState      | Idle              |
      | MultiLine      | 0                 |
    Then the request is refused with InvalidTenantId
    And the session has received no AgentLoginStateChange with:
      | AgentLoginName | agent A |

  @EDK-3-1
  Scenario: A session's requests and events stay in its tenant
    Given a session subscribed to "agent"
    And agent A is logged in
    When the client sends GetAgentState with:
      | AgentIdx | agent A's id |
    Then the session receives AgentStateChange with:
      | RequestId | $r |
    And the recording passes the session checks

  # ---------------------------------------------------------------- credentials

  # The CTIPS authenticates its client with the user configured for it (EDK 1-2, 1-4, B-1:
  # "Enter a valid user"); a failed OpenConnection gets a status without a SessionId (EDK 3-2) or a
  # fault (EDK 5-1): either is a refusal.
  Scenario: OpenConnection with a wrong password is refused
    When the client opens a connection with the password "not-the-password"
    Then the request is refused

  Scenario: OpenConnection as an unknown user is refused
    When the client opens a connection as the user "nobody-at-all"
    Then the request is refused

  # The kit's reading: "If the OpenConnection request fails then the status field contains a
  # status code" (EDK 3-2) rather than a fault (EDK 5-1), and that code is the wire
  # ResponseCode logonFailed (the guide names none).
  @reading:logon-failed-status
  Scenario: A refused logon gets the status logonFailed and no SessionId
    When the client opens a connection with the password "not-the-password"
    Then the connection is refused with the status logonFailed and no SessionId
    When the client opens a connection as the user "nobody-at-all"
    Then the connection is refused with the status logonFailed and no SessionId

  # The client got no SessionId, so it has no session to use: a request naming none fails.
  Scenario: After a refused OpenConnection a request without a session is refused
    When the client opens a connection with the password "not-the-password"
    And the client sends OnLine with exactly these arguments:
      | SessionId | (empty) |
      | TenantId  | $tenant       |
    Then the request is refused with InvalidSessionId

  # ---------------------------------------------------------------- the session cap (EDK 1-3)

  # "The maximum number of client connections to CTIPS is ten (10) … an attempt to exceed
  # that number [is told] that the maximum number of connections has been reached" (EDK 1-3);
  # the kit's reading of the code: the wire's MaxNumberClientConnections.
  @EDK-1-3
  Scenario: The session over the cap is refused with MaxNumberClientConnections
    Given the target's maximum number of sessions are open
    When one more session is opened
    Then the request is refused with MaxNumberClientConnections
    And the recording keeps to the target's session cap

  @EDK-1-3
  Scenario: Closing a session at the cap frees a place for another
    Given the target's maximum number of sessions are open
    And one more session is opened
    When one of the sessions at the cap is closed
    And one more session is opened
    Then the request succeeds
    And the recording keeps to the target's session cap

  # The probe is a request the guide lists as valid for an online session (EDK 3-6).
  @EDK-1-3
  Scenario: A refused session over the cap leaves the open sessions working
    Given the target's maximum number of sessions are open
    And one more session is opened
    When session cap1 goes online
    And session cap1 sends Snapshot with:
      | EntityType | ["ServiceInfo"] |
    Then the request succeeds
    And the recording keeps to the target's session cap

  # ---------------------------------------------------------------- closing (EDK 5-4)

  @request:CloseConnection @EDK-5-4
  Scenario: Requests naming a closed session are refused with InvalidSessionId
    Given a session subscribed to "agent"
    When the session is closed
    And the client sends OnLine
    Then the request is refused with InvalidSessionId
    And the recording passes the session checks
