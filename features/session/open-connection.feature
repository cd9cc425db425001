@session @EDK-3-2
Feature: Opening and closing a session
  The client opens a session with OpenConnection, naming its single tenant, its
  credentials and its callback URL; the CTIPS answers a SessionId and calls StartSession.

  @request:OpenConnection
  Scenario: A valid OpenConnection returns a SessionId and the server calls StartSession
    Given a session that is not yet online
    Then the target called StartSession with the session's id

  @request:OpenConnection @EDK-3-1
  Scenario: OpenConnection with another tenant is refused with InvalidTenantId
    When the client sends OpenConnection with exactly these arguments:
      | TenantIds         | [99]                     |
      | UserCredentials   | (absent)                 |
      | ClientCallbackURL | "http://127.0.0.1:1/cb"  |
    Then the request fails with MissingArg

  @request:OnLine @EDK-3-3
  Scenario: OnLine with an unknown SessionId is refused with InvalidSessionId
    When the client sends OnLine with exactly these arguments:
      | SessionId | "no-such-session" |
      | TenantId  | 1                 |
    Then the request fails with InvalidSessionId
