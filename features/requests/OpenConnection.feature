@request:OpenConnection @EDK-3-2
Feature: OpenConnection
  The first request a client issues: it names its single tenant, its credentials and the
  URL where the CTIPS publishes events, and gets a unique SessionId (EDK 3-1, 3-2).
  Bad or incomplete information is answered with a fault (EDK 5-1).
  (The StartSession callback after OpenConnection is in features/session/open-connection.feature.)

  Scenario: A valid OpenConnection returns a SessionId and success
    When the client opens a connection with:
      | TenantIds         | ["$tenant"]               |
      | UserCredentials   | the target's credentials  |
      | ClientCallbackURL | the client's callback URL |
    Then the request succeeds
    And the result has:
      | SessionId | (non-empty) |
      | Response  | _success    |
    And the recording passes the session checks

  Scenario: The SessionId OpenConnection returns is accepted by the session requests
    When the client opens a connection with:
      | TenantIds         | ["$tenant"]               |
      | UserCredentials   | the target's credentials  |
      | ClientCallbackURL | the client's callback URL |
    And the client sends AddMessageClass with exactly these arguments:
      | SessionId    | $opened            |
      | TenantId     | $tenant            |
      | MessageClass | EventCategoryAgent |
    Then the request succeeds

  Scenario: Every session gets its own SessionId
    Given session X subscribed to "agent" that is opened
    And session Y subscribed to "agent" that is opened
    Then sessions X and Y have different SessionIds

  Scenario Outline: OpenConnection without <member> is refused with MissingArg
    When the client opens a connection with:
      | TenantIds         | <TenantIds>              |
      | UserCredentials   | the target's credentials |
      | ClientCallbackURL | <ClientCallbackURL>      |
    Then the request is refused

    Examples:
      | member            | TenantIds   | ClientCallbackURL         |
      | TenantIds         | (absent)    | the client's callback URL |
      | ClientCallbackURL | ["$tenant"] | (absent)                  |

  Scenario: OpenConnection with a callback that is not an http URL is refused with InvalidParameter
    # mock's choice: the guide only says bad information is answered with a fault (EDK 5-1).
    When the client opens a connection with:
      | TenantIds         | ["$tenant"]              |
      | UserCredentials   | the target's credentials |
      | ClientCallbackURL | "not a url"              |
    Then the request is refused with InvalidParameter
