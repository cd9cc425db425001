/**
 * Which events each request may solicit (carry its RequestId), which of them complete it
 * and which report its failure — one table, a clause per row. Chapter 4 says, per event,
 * which requests generate it; chapter 3 and Appendix E say which events follow each
 * request. Rows marked `inferred` fill what the guide leaves implicit (for example the call
 * events of HoldCall); docs/checks.md lists them.
 *
 * Event names are CTIEventType values (`RouteReject`, not "RouteRejected"); request names
 * are wire operation names (`PanicLogoutAgent`).
 */

export interface RequestEvents {
  request: string;
  /** Events that may carry this request's RequestId. */
  generates: readonly string[];
  /** Any one of these completes the request. Empty: the response is the whole answer. */
  completes: readonly string[];
  /** Any one of these reports that the request failed after its response. */
  fails: readonly string[];
  clause: string;
  /** Where the row comes from: the guide's words, or the kit's reading of a flow. */
  source: "guide" | "inferred";
  why: string;
}

const SESSION_ONLY = { generates: [], completes: [], fails: [] } as const;

export const REQUEST_EVENTS: readonly RequestEvents[] = [
  {
    request: "OpenConnection",
    ...SESSION_ONLY,
    clause: "EDK 3-2",
    source: "guide",
    why: "answered by SessionObject",
  },
  {
    request: "CloseConnection",
    ...SESSION_ONLY,
    clause: "EDK 3-2",
    source: "guide",
    why: "answered by its response",
  },
  { request: "OnLine", ...SESSION_ONLY, clause: "EDK 3-3", source: "guide", why: "answered by its response" },
  {
    request: "OffLine",
    ...SESSION_ONLY,
    clause: "EDK 3-3",
    source: "guide",
    why: "answered by its response",
  },
  {
    request: "AddMessageClass",
    ...SESSION_ONLY,
    clause: "EDK 3-4",
    source: "guide",
    why: "answered by its response",
  },
  {
    request: "DeleteMessageClass",
    ...SESSION_ONLY,
    clause: "EDK 3-4",
    source: "guide",
    why: "answered by its response",
  },
  {
    request: "AddFilter",
    ...SESSION_ONLY,
    clause: "EDK 3-5",
    source: "guide",
    why: "answered by its response",
  },
  {
    request: "DeleteFilter",
    ...SESSION_ONLY,
    clause: "EDK 3-5",
    source: "guide",
    why: "answered by its response",
  },
  {
    request: "Snapshot",
    generates: ["SnapShotUpdate", "SnapShotRequestFailed"],
    completes: ["SnapShotUpdate"],
    fails: ["SnapShotRequestFailed"],
    clause: "EDK 4-27",
    source: "guide",
    why: "SnapShotUpdate events answer a Snapshot request; SnapShotRequestFailed when it fails (EDK C-3)",
  },
  {
    request: "LoginAgent",
    generates: [
      "AgentLoginStateChange",
      "AgentStateChange",
      "AgentLoginRequestFailed",
      "EnterPasscode",
      "AudioPathStateChange",
    ],
    completes: ["AgentLoginStateChange"],
    fails: ["AgentLoginRequestFailed"],
    clause: "EDK 4-3",
    source: "guide",
    why: "AgentLoginStateChange and AgentStateChange follow LoginAgent; AgentLoginRequestFailed on failure (EDK 4-5); EnterPasscode and AudioPathStateChange during login (inferred)",
  },
  {
    request: "LogoutAgent",
    generates: ["AgentLoginStateChange", "AgentStateChange", "AgentLoginRequestFailed"],
    completes: ["AgentLoginStateChange"],
    fails: ["AgentLoginRequestFailed"],
    clause: "EDK 4-3",
    source: "guide",
    why: "AgentLoginStateChange follows LogoutAgent; AgentLoginRequestFailed on failure (EDK 4-5)",
  },
  {
    request: "PanicLogoutAgent",
    generates: ["AgentLoginStateChange", "AgentStateChange", "AgentLoginRequestFailed"],
    completes: ["AgentLoginStateChange"],
    fails: ["AgentLoginRequestFailed"],
    clause: "EDK 3-9",
    source: "inferred",
    why: "a panic logout is a logout of each listed agent",
  },
  {
    request: "SetAgentState",
    generates: ["AgentStateChange", "AgentRequestFailed"],
    completes: ["AgentStateChange"],
    fails: ["AgentRequestFailed"],
    clause: "EDK 4-5",
    source: "guide",
    why: "AgentStateChange follows SetAgentState; AgentRequestFailed on failure (EDK 4-9)",
  },
  {
    request: "GetAgentState",
    generates: ["AgentStateChange", "AgentRequestFailed"],
    completes: ["AgentStateChange"],
    fails: ["AgentRequestFailed"],
    clause: "EDK 4-5",
    source: "guide",
    why: "AgentStateChange answers GetAgentState; AgentRequestFailed on failure (EDK 4-9)",
  },
  {
    request: "SetDisposition",
    generates: ["AgentStateChange", "AgentRequestFailed", "CallCompleted"],
    completes: ["AgentStateChange"],
    fails: ["AgentRequestFailed"],
    clause: "EDK 4-5",
    source: "guide",
    why: "AgentStateChange (Idle) follows SetDisposition (EDK 2-1); CallCompleted may carry it (E-2)",
  },
  {
    request: "AcceptCall",
    generates: ["CallEstablished", "AgentStateChange", "CallCleared", "CallRequestFailed"],
    completes: ["CallEstablished", "AgentStateChange"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-5",
    source: "guide",
    why: "CallEstablished carries the AcceptCall's RequestId (E-2); AgentStateChange follows AcceptCall (EDK 4-5)",
  },
  {
    request: "ClearCall",
    generates: ["CallCleared", "AgentStateChange", "CallEnd", "CallRequestFailed"],
    completes: ["CallCleared"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-5",
    source: "guide",
    why: "CallCleared (NearEnd) carries the ClearCall's RequestId (E-13); AgentStateChange follows ClearCall",
  },
  {
    request: "ConferenceCall",
    generates: ["CallConferenced", "CallRequestFailed"],
    completes: ["CallConferenced"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-11",
    source: "inferred",
    why: "CallConferenced carries the ConferenceCall's RequestId (E-10)",
  },
  {
    request: "ConsultationCall",
    generates: [
      "CallHeld",
      "CallOriginated",
      "CallDelivered",
      "CallConnected",
      "CallConsultation",
      "CallRequestFailed",
    ],
    completes: ["CallOriginated"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-19",
    source: "guide",
    why: "CallOriginated carries the ConsultationCall's RequestId (EDK 4-19); CallHeld too (E-7); the consulted leg's CallDelivered and CallConnected may (inferred)",
  },
  {
    request: "MakeCall",
    generates: ["CallStarted", "CallOriginated", "CallConnected", "CallRequestFailed"],
    completes: ["CallOriginated"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-19",
    source: "guide",
    why: "CallOriginated carries the MakeCall's RequestId (EDK 4-19); CallStarted and CallConnected of the new call may (E-11, inferred)",
  },
  {
    request: "HoldCall",
    generates: ["CallHeld", "CallRequestFailed"],
    completes: ["CallHeld"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-17",
    source: "inferred",
    why: "CallHeld reports the hold",
  },
  {
    request: "RetrieveCall",
    generates: ["CallRetrieved", "CallRequestFailed"],
    completes: ["CallRetrieved"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-20",
    source: "inferred",
    why: "CallRetrieved reports the retrieve",
  },
  {
    request: "TransferCall",
    generates: [
      "CallTransferred",
      "CallCleared",
      "AgentStateChange",
      "CallDelivered",
      "CallConnected",
      "CallRequestFailed",
    ],
    completes: ["CallTransferred"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-22",
    source: "inferred",
    why: "CallTransferred carries the TransferCall's RequestId (E-5, E-7); the new leg's CallDelivered and CallConnected may (E-6)",
  },
  {
    request: "GetCallData",
    generates: ["CallDataUpdate", "CallRequestFailed"],
    completes: ["CallDataUpdate"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-13",
    source: "guide",
    why: "CallDataUpdate follows GetCallData, its UpdateType telling success or not",
  },
  {
    request: "SetCallData",
    generates: ["CallDataUpdate", "CallRequestFailed"],
    completes: ["CallDataUpdate"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-13",
    source: "guide",
    why: "CallDataUpdate follows SetCallData",
  },
  {
    request: "SendDTMFDigits",
    generates: ["DigitsDialed", "CallRequestFailed"],
    completes: ["DigitsDialed"],
    fails: ["CallRequestFailed"],
    clause: "EDK 4-23",
    source: "guide",
    why: "DigitsDialed follows SendDTMFDigits",
  },
  {
    request: "RouteSelect",
    generates: ["RouteUsed", "RouteReject", "RouteRequestFailed", "CallDelivered", "CallConnected"],
    completes: ["RouteUsed"],
    fails: ["RouteReject", "RouteRequestFailed"],
    clause: "EDK 4-24",
    source: "guide",
    why: "RouteUsed completes a RouteSelect; RouteRejected and RouteRequestFailed answer a failed one (EDK 4-26); the routed call's CallDelivered and CallConnected may carry it (E-4, inferred)",
  },
];

/** Events no request generates: their RequestId is always 0. */
export const UNSOLICITED_ONLY: readonly { event: string; clause: string; why: string }[] = [
  { event: "CallOffered", clause: "EDK 4-18", why: "RequestId: Set to 0" },
  { event: "RouteRequest", clause: "EDK 4-23", why: "RequestId: Set to 0; an unsolicited event" },
  { event: "LinkStatus", clause: "EDK 4-28", why: "RequestId: Set to 0" },
  { event: "ServiceStateChange", clause: "EDK 4-8", why: "no request generates it" },
];

const byRequest = new Map(REQUEST_EVENTS.map((r) => [r.request, r]));
const unsolicitedOnly = new Set(UNSOLICITED_ONLY.map((u) => u.event));

export function requestEvents(request: string): RequestEvents | undefined {
  return byRequest.get(request);
}

/** Whether `request` may generate `event` (carry its RequestId). */
export function mayGenerate(request: string, event: string): boolean {
  return byRequest.get(request)?.generates.includes(event) ?? false;
}

export function isUnsolicitedOnly(event: string): boolean {
  return unsolicitedOnly.has(event);
}
