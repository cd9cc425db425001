/**
 * The kit's error catalogue. Every error the libraries return or throw carries a stable
 * code from this table; `docs/errors.md` documents each one (a test keeps them in step).
 * Messages say what failed and why; `fix` says what to do.
 */
export const ERROR_CODES = {
  CTIPSKIT_E_SCHEMA_INVALID: "a schema file under schemas/ is malformed or references a missing type",
  CTIPSKIT_E_UNKNOWN_TYPE: "a contract type, enum or schema name is not in schemas/",
  CTIPSKIT_E_UNKNOWN_OPERATION: "an operation name is not one of the 27 server or 3 callback operations",
  CTIPSKIT_E_XML_MALFORMED: "a document is not well-formed XML",
  CTIPSKIT_E_XML_DTD_FORBIDDEN: "a document contains a DOCTYPE (DTDs and entities are refused)",
  CTIPSKIT_E_XML_LIMIT:
    "a document exceeds a size, depth, element-count, attribute-length or namespace limit",
  CTIPSKIT_E_SOAP_NOT_ENVELOPE: "a document is XML but not a SOAP 1.1 envelope with a body",
  CTIPSKIT_E_SOAP_UNKNOWN_BODY: "the body element names no known operation",
  CTIPSKIT_E_ENCODE_INVALID_VALUE: "a value cannot be encoded as its contract type",
  CTIPSKIT_E_DECODE_INVALID_VALUE: "an element's text cannot be read as its contract type",
  CTIPSKIT_E_TIMELINE_IO: "the timeline file cannot be written or read",
  CTIPSKIT_E_TIMELINE_PARSE: "a timeline file line is not a valid entry",
  CTIPSKIT_E_WAIT_TIMEOUT: "an awaited timeline entry did not arrive in time",
  CTIPSKIT_E_CONFIG_INVALID: "a configuration file, variable or flag is invalid",
  CTIPSKIT_E_USAGE: "the command line is not understood",
  CTIPSKIT_E_SOAP_FAULT: "a peer answered a request with a SOAP fault",
  CTIPSKIT_E_TRANSPORT: "an HTTP exchange with a peer failed (refused, reset, timed out, bad status)",
  CTIPSKIT_E_WSDL: "a WSDL could not be loaded or does not describe the CTIPS operations",
  CTIPSKIT_E_LISTEN: "a server could not listen on its host and port",
  CTIPSKIT_E_ILLEGAL_STATE: "an operation is not allowed in the current state of a session, agent or call",
  CTIPSKIT_E_NOT_FOUND: "a session, agent, call, service or fault id is unknown",
  CTIPSKIT_E_CHECK_INPUT: "a check lacks the timeline entries or parameters it needs (a harness fault)",
  CTIPSKIT_E_TRIGGER_UNAVAILABLE: "a scenario needs a trigger the target cannot perform",
  CTIPSKIT_E_REPORT: "a report could not be built (e.g. Java is missing for Allure)",
  CTIPSKIT_E_PREFLIGHT:
    "before the first scenario, the target could not be reached or brought to the site's known start state",
  CTIPSKIT_E_TEARDOWN:
    "a scenario's changes to the target could not be undone (a harness fault of that scenario)",
  CTIPSKIT_E_CLIENT_TIMEOUT:
    "the client under test did not come online (OpenConnection, its subscriptions, OnLine) in time",
  CTIPSKIT_E_CONTROL_INVALID:
    "a control-plane operation on the mock (create call, set link, …) has an invalid argument",
  CTIPSKIT_E_BUNDLE:
    "a certification bundle cannot be written (a secret would remain in it, a file too large, no disk)",
  CTIPSKIT_E_REPLAY: "a capture cannot be replayed: it holds no server side the replay could play",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface KitErrorOptions {
  cause?: unknown;
  /** What the user can do about it. */
  fix?: string;
  /** Structured context: field names, ids, limits. Never secrets. */
  details?: Record<string, unknown>;
}

export class KitError extends Error {
  readonly code: ErrorCode;
  readonly fix?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: KitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KitError";
    this.code = code;
    this.fix = options.fix;
    this.details = options.details;
  }

  override toString(): string {
    return `${this.code}: ${this.message}${this.fix ? ` (${this.fix})` : ""}`;
  }
}

export function isKitError(err: unknown, code?: ErrorCode): err is KitError {
  return err instanceof KitError && (code === undefined || err.code === code);
}
