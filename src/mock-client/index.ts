/** The recording client: a CTIPS client that records every exchange on a timeline. */
export { CLIENT_DEFAULTS, createRecordingClient } from "./client.ts";
export type {
  CallbackBehaviour,
  CallbackOptions,
  CallbackTls,
  ClientSession,
  Credentials,
  EventMatch,
  HttpFetch,
  OpenSessionOptions,
  RecordingClient,
  RecordingClientOptions,
  RequestRecord,
  SendOutcome,
  SessionState,
  SoapFault,
  TargetTls,
} from "./types.ts";
