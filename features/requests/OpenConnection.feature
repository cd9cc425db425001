@request:OpenConnection @EDK-3-2
Feature: OpenConnection
  The first request a client issues: it names its single tenant, its credentials and the
  URL where the CTIPS publishes events, and gets a unique SessionId (EDK 3-1, 3-2).
  Bad or incomplete information is refused: "a fault exception containing an informative
  error message" (EDK 5-1), or a SessionObject whose status "contains a status code"
  (EDK 3-2); "the request is refused" accepts either, the code is the kit's reading.
  (The StartSession callback after OpenConnection is in features/session/open-connection.feature.)

  Scenario: A valid OpenConnection returns a SessionId and success
    # EDK 3-2: "the session Id contains a unique identifier and the status field is set to
    # 0 (success)" — ResponseCode 0 is _success on the wire.
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

  # TenantIds and ClientCallbackURL are IsRequired on the wire: a WCF stack refuses the
  # message before the operation runs (EDK 5-1: "incomplete information").
  Scenario Outline: OpenConnection without <member> is refused
    When the client opens a connection with:
      | TenantIds         | <TenantIds>              |
      | UserCredentials   | the target's credentials |
      | ClientCallbackURL | <ClientCallbackURL>      |
    Then the request is refused

    Examples:
      | member            | TenantIds   | ClientCallbackURL         |
      | TenantIds         | (absent)    | the client's callback URL |
      | ClientCallbackURL | ["$tenant"] | (absent)                  |

  Scenario: OpenConnection with a callback that is not an http URL is refused
    # EDK 3-2: ClientCallbackURL is "the PublishCTIEvents URL"; "not a url" is bad
    # information, refused (EDK 5-1). Which FaultErrorCode is the kit's reading.
    When the client opens a connection with:
      | TenantIds         | ["$tenant"]              |
      | UserCredentials   | the target's credentials |
      | ClientCallbackURL | "not a url"              |
    Then the request is refused with InvalidParameter
