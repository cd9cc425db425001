/** The recording client: a CTIPS client that records every exchange on a timeline; and the recording proxy. */
export { CLIENT_DEFAULTS, createRecordingClient } from "./client.ts";
export {
  PROXY_DEFAULTS,
  type ProxyTls,
  probeTarget,
  type RecordingProxy,
  type RecordingProxyOptions,
  startRecordingProxy,
} from "./proxy.ts";
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
