/**
 * Was a request refused, and how? The guide lets a CTIPS refuse in more than one way, and
 * a real WCF stack adds one the guide never mentions:
 *
 * - a fault "containing a descriptive error message" for a request rejected outright
 *   (EDK 2-4): a typed CTIPortalServiceFault, or — for a message that breaks the data
 *   contract (a missing IsRequired member, an enum name the contract lacks, letters in an
 *   int) — the fault the stack's DataContractSerializer raises before the operation runs
 *   (.NET: `s:Client` / `a:DeserializationFailed`; Mono: a `Receiver`/`Server` fault with
 *   the serializer's message). Any SOAP fault is a refusal;
 * - a result other than success: an int result that is not 0 (`_success`) or 101
 *   (`success`), or an OpenConnection SessionObject without a SessionId (EDK 3-2, 5-3);
 * - the documented failure event carrying the request's RequestId, after a successful
 *   answer (EDK 2-5: "one or more notification events"; AgentLoginRequestFailed EDK 4-5,
 *   AgentRequestFailed EDK 4-9 and C-3 "any agent request", CallRequestFailed EDK 4-20,
 *   RouteRejected and RouteRequestFailed EDK 4-26, CallDataUpdate without data for
 *   GetCallData EDK 4-13, SnapShotRequestFailed EDK C-3).
 *
 * A request whose RequestId then appears on any other event was carried out: not refused.
 * Which FaultErrorCode or FailureType a refusal names is the kit's reading, not this
 * check's business (docs/readings.md: fault-error-code, failure-type).
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import { type CheckResult, fail, harnessFault, missingParams, pass } from "./finding.ts";

/** The int results that mean success: ResponseCode `_success` (0) and `success` (101). */
export const SUCCESS_RESULTS: readonly number[] = [0, 101];

const AGENT = ["AgentLoginRequestFailed", "AgentRequestFailed"];
const CALL = ["CallRequestFailed"];

/** Failure events that refuse each request (wire names; the guide's RouteRejected too). */
export const FAILURE_EVENTS: Readonly<Record<string, readonly string[]>> = {
  LoginAgent: AGENT,
  LogoutAgent: AGENT,
  PanicLogoutAgent: AGENT,
  PanicLogout: AGENT,
  SetAgentState: AGENT,
  GetAgentState: AGENT,
  SetDisposition: AGENT,
  AcceptCall: CALL,
  ClearCall: CALL,
  ConferenceCall: CALL,
  ConsultationCall: CALL,
  HoldCall: CALL,
  RetrieveCall: CALL,
  MakeCall: CALL,
  TransferCall: CALL,
  SendDTMFDigits: CALL,
  SetCallData: CALL,
  GetCallData: [...CALL, "CallDataUpdate"],
  RouteSelect: ["RouteReject", "RouteRejected", "RouteRequestFailed"],
  Snapshot: ["SnapShotRequestFailed"],
};

export type Refusal =
  | {
      how: "fault";
      errorCode?: string;
      faultcode: string;
      message: string;
      typed: boolean;
      entry: TimelineEntry;
    }
  | { how: "result"; result: unknown; entry: TimelineEntry }
  | { how: "failure-event"; event: string; failureType?: string; reason?: string; entry: TimelineEntry };

export type RefusalState =
  | { state: "refused"; refusal: Refusal }
  /** Accepted and carried out: an event other than a failure carries its RequestId, or it has no RequestId. */
  | { state: "carried-out"; evidence: TimelineEntry }
  /** Accepted; its failure event could still come. */
  | { state: "pending"; answer: TimelineEntry }
  /** No answer yet (or a transport error). */
  | { state: "unanswered"; answer?: TimelineEntry };

const p = (e: TimelineEntry) => (e.payload ?? {}) as Record<string, unknown>;

function resultOf(answer: TimelineEntry): unknown {
  const body = p(answer);
  const key = Object.keys(body).find((k) => k.endsWith("Result"));
  return key ? body[key] : undefined;
}

/** A result that refuses the request by itself (EDK 3-2, 5-3: an error status). */
function refusingResult(op: string, result: unknown): boolean {
  if (op === "OpenConnection") {
    const r = (result ?? {}) as { SessionId?: unknown; Response?: unknown; status?: unknown };
    return typeof r.SessionId !== "string" || r.SessionId === "";
  }
  return typeof result === "number" && !SUCCESS_RESULTS.includes(result);
}

/**
 * Whether `answer` refuses `request` by itself: a fault of any kind, or a refusing result
 * (EDK 2-4, 3-2, 5-3). Failure events aside: the checks of session rules use this.
 */
export function answerRefuses(request: TimelineEntry, answer: TimelineEntry): boolean {
  if (answer.kind === "fault") return true;
  return answer.kind === "response" && refusingResult(request.name ?? "", resultOf(answer));
}

/** The failure event of `op` this event is, if it is one (CallDataUpdate only when it carries no data). */
function isFailureOf(op: string, e: TimelineEntry): boolean {
  const types = FAILURE_EVENTS[op] ?? [];
  const name = e.name ?? "";
  if (!types.includes(name)) return false;
  if (name === "CallDataUpdate") return p(e).UpdateType === "GetCallDataNotReturned";
  return true;
}

/** The state of the request at `requestSeq` in `timeline`, as far as the timeline tells. */
export function refusalOf(timeline: readonly TimelineEntry[], requestSeq: number): RefusalState {
  const request = timeline.find((e) => e.seq === requestSeq);
  if (request?.kind !== "request") return { state: "unanswered" };
  const op = request.name ?? "";
  const answer = timeline.find((e) => e.replyTo === requestSeq && e.seq > requestSeq);
  if (!answer || answer.kind === "transportError") return { state: "unanswered", answer };
  if (answer.kind === "fault") {
    // The recording client keeps the whole fault; a server-side recorder the detail only.
    const f = p(answer) as {
      faultcode?: string;
      faultstring?: string;
      detail?: { ErrorCode?: string; Message?: string };
      ErrorCode?: string;
      Message?: string;
    };
    const errorCode = f.detail?.ErrorCode ?? f.ErrorCode;
    return {
      state: "refused",
      refusal: {
        how: "fault",
        errorCode,
        faultcode: f.faultcode ?? answer.faultCode ?? "",
        message: f.detail?.Message ?? f.Message ?? f.faultstring ?? answer.message ?? "",
        typed: errorCode !== undefined,
        entry: answer,
      },
    };
  }
  const result = resultOf(answer);
  if (refusingResult(op, result))
    return { state: "refused", refusal: { how: "result", result, entry: answer } };
  const rid = request.requestId;
  if (rid === undefined || rid === 0 || !(op in FAILURE_EVENTS))
    return { state: "carried-out", evidence: answer };
  let carried: TimelineEntry | undefined;
  for (const e of timeline) {
    if (e.seq <= requestSeq || e.kind !== "event" || e.requestId !== rid || e.session !== request.session)
      continue;
    if (isFailureOf(op, e)) {
      const ev = p(e);
      return {
        state: "refused",
        refusal: {
          how: "failure-event",
          event: e.name ?? "",
          failureType: typeof ev.FailureType === "string" ? ev.FailureType : undefined,
          reason: typeof ev.FailureReason === "string" ? ev.FailureReason : undefined,
          entry: e,
        },
      };
    }
    carried ??= e;
  }
  // A failure event wins over progress events (EnterPasscode before a failed login).
  if (carried) return { state: "carried-out", evidence: carried };
  return { state: "pending", answer };
}

/** One line for people: how the request was refused. */
export function describeRefusal(r: Refusal): string {
  switch (r.how) {
    case "fault":
      return r.typed
        ? `a CTIPortalServiceFault ${r.errorCode} (${r.message})`
        : `a SOAP fault ${r.faultcode} without CTIPortalServiceFault detail (${r.message.slice(0, 200)})`;
    case "result":
      return `the result ${JSON.stringify(r.result)}`;
    case "failure-event":
      return `${r.event}${r.failureType ? ` ${r.failureType}` : ""}${r.reason ? ` (${r.reason})` : ""}`;
  }
}

export interface RefusalParams {
  /** The seq of the request that must have been refused. */
  requestSeq: number;
}

/**
 * The request at `requestSeq` was refused: by a fault, a refusing result, or its failure
 * event. Carried out (an event of its own) fails; still pending is a failure too — the
 * caller waits for the timeline to settle before asking. @see EDK 2-4
 */
export function requestIsRefused(timeline: readonly TimelineEntry[], params: RefusalParams): CheckResult {
  const missing = missingParams(params, ["requestSeq"]);
  if (missing) return missing;
  const st = refusalOf(timeline, params.requestSeq);
  const request = timeline.find((e) => e.seq === params.requestSeq);
  const what = `${request?.name ?? "the request"} (#${params.requestSeq}${request?.requestId ? `, RequestId ${request.requestId}` : ""})`;
  switch (st.state) {
    case "refused":
      return [
        pass(`${what} was refused with ${describeRefusal(st.refusal)}`, {
          evidence: [params.requestSeq, st.refusal.entry.seq],
        }),
      ];
    case "carried-out":
      return [
        fail(
          `expected ${what} to be refused, but it was carried out (#${st.evidence.seq} ${st.evidence.name ?? st.evidence.kind})`,
          {
            evidence: [params.requestSeq, st.evidence.seq],
            expected: "a fault, a refusing result or the request's failure event",
            actual: st.evidence.name ?? st.evidence.kind,
          },
        ),
      ];
    case "pending":
      return [
        fail(
          `expected ${what} to be refused, but it was accepted (result ${JSON.stringify(resultOf(st.answer))}) and no failure event carried its RequestId`,
          {
            evidence: [params.requestSeq, st.answer.seq],
            expected: "a fault, a refusing result or the request's failure event",
            actual: "accepted, nothing followed",
          },
        ),
      ];
    case "unanswered":
      return [
        st.answer
          ? fail(`${what} was not answered: ${st.answer.code ?? ""} ${st.answer.message ?? ""}`.trim(), {
              evidence: [params.requestSeq, st.answer.seq],
            })
          : harnessFault(`nothing to check: no answer to ${what} on the timeline`, {
              evidence: [params.requestSeq],
            }),
      ];
  }
}
