/**
 * Payload and wire: every decoded message valid against its schema, every event's header
 * naming its own type, and every deviation the tolerant decoder accepted reported.
 *
 * Payloads are validated against the wire schemas in both profiles: the codec decodes a
 * guide-profile message into the wire value model and reports each guide spelling it met
 * as a deviation, so the profile decides which deviations are expected, not which schema.
 */
import type { Profile } from "../contract/codec.ts";
import type { DeviationKind } from "../contract/deviations.ts";
import { contract } from "../contract/schemas.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { describe } from "./evidence.ts";
import { eventTypeOf, isObject, operationOf } from "./fields.ts";
import { type CheckResult, conclude, fail, type Observation, type Severity } from "./finding.ts";
import { indexTimeline, type TimelineIndex } from "./timeline-index.ts";

/** At most this many schema errors are spelled out per entry. */
const ERRORS_SHOWN = 5;

/** The schema name (`CTICallDelivered`, `LoginAgent`, `LoginAgentResponse`) an entry's payload must match. */
function schemaFor(index: TimelineIndex, e: TimelineEntry): string | undefined {
  const c = contract();
  switch (e.kind) {
    case "event": {
      const info = (e.eventType ? c.eventInfo(e.eventType) : undefined) ?? c.eventInfo(eventTypeOf(e) ?? "");
      return info?.name;
    }
    case "request":
    case "heartbeat":
    case "startSession": {
      const op = operationOf(e) ?? (e.kind === "heartbeat" ? "Heartbeat" : "StartSession");
      return c.operations.has(op) ? op : undefined;
    }
    case "response":
    case "callbackResponse": {
      const asked = index.requestOf(e);
      if (!asked) return undefined;
      const op = asked.kind === "event" ? "PublishCTIEvent" : operationOf(asked);
      return op && c.operations.has(op) ? `${op}Response` : undefined;
    }
    case "fault":
      // Only faults carrying CTIPortalServiceFault detail; a bare SOAP fault has no contract payload.
      return isObject(e.payload) && "ErrorCode" in e.payload ? "CTIPortalServiceFault" : undefined;
    default:
      return undefined;
  }
}

function subjectOf(index: TimelineIndex, e: TimelineEntry) {
  return { session: index.sessionOf(e), callId: e.callId, agentId: e.agentId, requestId: e.requestId };
}

/** Every decoded payload is valid against its schema (ajv, JSON Schema 2020-12). @see WIRE data contracts */
export function payloadsMatchTheirSchemas(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const c = contract();
  const failures: Observation[] = [];
  let checked = 0;
  let unknown = 0;
  for (const e of index.entries) {
    if (e.payload === undefined || e.kind === "note" || e.kind === "transportError") continue;
    const schema = schemaFor(index, e);
    if (!schema) {
      if (e.kind === "event" || e.kind === "request") {
        checked++;
        failures.push(
          fail(
            `expected ${describe(e)} to be a contract ${e.kind}, got the unknown name ${e.eventType ?? e.name}`,
            {
              expected: `a contract ${e.kind}`,
              actual: e.eventType ?? e.name,
              evidence: [e.seq],
              subject: subjectOf(index, e),
            },
          ),
        );
      } else unknown++;
      continue;
    }
    checked++;
    const errors = c.validate(schema, e.payload);
    if (errors.length === 0) continue;
    const said = errors
      .slice(0, ERRORS_SHOWN)
      .map((err) => `${err.instancePath || "/"} ${err.message ?? ""}`.trim());
    const more = errors.length > ERRORS_SHOWN ? ` and ${errors.length - ERRORS_SHOWN} more` : "";
    failures.push(
      fail(`expected ${describe(e)} to be a valid ${schema}, got ${said.join("; ")}${more}`, {
        expected: schema,
        actual: errors.map((err) => ({ path: err.instancePath, message: err.message, params: err.params })),
        evidence: [e.seq],
        subject: subjectOf(index, e),
      }),
    );
  }
  const skipped = unknown > 0 ? ` (${unknown} answers to unrecorded requests not judged)` : "";
  return conclude(
    failures,
    checked,
    `${checked} payloads were valid against their schemas${skipped}`,
    `no decoded payload${skipped}`,
  );
}

/**
 * An event's header names its own type: EventType is the concrete type's EventType and
 * EventCategory one its type accepts. @see EDK 4-2, EDK 4-3
 */
export function eventHeaderNamesItsType(timeline: readonly TimelineEntry[]): CheckResult {
  const index = indexTimeline(timeline);
  const c = contract();
  const failures: Observation[] = [];
  let checked = 0;
  for (const e of index.entries) {
    if (e.kind !== "event" || !isObject(e.payload) || !e.eventType) continue;
    const info = c.eventInfo(e.eventType);
    if (!info?.eventType) continue;
    checked++;
    const categories = info.acceptedCategories ?? (info.category ? [info.category] : []);
    const { EventType, EventCategory } = e.payload;
    const problems: string[] = [];
    if (EventType !== info.eventType)
      problems.push(`EventType ${String(EventType)} (expected ${info.eventType})`);
    if (categories.length > 0 && !categories.includes(String(EventCategory))) {
      problems.push(`EventCategory ${String(EventCategory)} (expected ${categories.join(" or ")})`);
    }
    if (problems.length === 0) continue;
    failures.push(
      fail(
        `expected the header of ${info.name} at seq ${e.seq} to name its type, got ${problems.join(", ")}`,
        {
          expected: { EventType: info.eventType, EventCategory: categories },
          actual: { EventType, EventCategory },
          evidence: [e.seq],
          subject: { session: index.sessionOf(e), callId: e.callId, agentId: e.agentId },
        },
      ),
    );
  }
  return conclude(
    failures,
    checked,
    `${checked} event headers named their own type`,
    "no event with a payload",
  );
}

export interface DeviationParams {
  /** `guide`: the guide's spellings are this profile's own and are not reported. Default `wire`. */
  profile?: Profile;
  /** Report only these kinds; default all. */
  kinds?: readonly DeviationKind[];
}

const DECODED = new Set([
  "request",
  "response",
  "fault",
  "event",
  "heartbeat",
  "callbackResponse",
  "startSession",
]);

/**
 * Every message was exactly what a strict WCF peer accepts: the tolerant decoder needed to
 * tolerate nothing (member order, namespaces, spellings, missing members …). Bind it as a
 * failure in strict mode and as a warning in compatible mode (see `deviationSeverity`).
 * @see WIRE data contracts
 */
export function entriesCarryNoToleratedDeviations(
  timeline: readonly TimelineEntry[],
  params: DeviationParams = {},
): CheckResult {
  const index = indexTimeline(timeline);
  const failures: Observation[] = [];
  let checked = 0;
  const wanted = (kind: DeviationKind) =>
    (params.kinds === undefined || params.kinds.includes(kind)) &&
    !(params.profile === "guide" && kind === "guide-spelling");
  for (const e of index.entries) {
    if (!DECODED.has(e.kind)) continue;
    checked++;
    const devs = (e.deviations ?? []).filter((d) => wanted(d.kind));
    if (devs.length === 0) continue;
    failures.push(
      fail(
        `expected ${describe(e)} to need no tolerance, got ${devs.length} deviation${devs.length > 1 ? "s" : ""}: ` +
          devs.map((d) => `${d.kind} at ${d.path} (${d.message})`).join("; "),
        {
          expected: "no deviation",
          actual: devs,
          evidence: [e.seq],
          subject: {
            session: index.sessionOf(e),
            callId: e.callId,
            agentId: e.agentId,
            requestId: e.requestId,
          },
        },
      ),
    );
  }
  return conclude(failures, checked, `${checked} messages needed no tolerance`, "no decoded message");
}

/** Strict mode fails on deviations; compatible mode warns. */
export function deviationSeverity(mode: "strict" | "compatible"): Severity {
  return mode === "strict" ? "failure" : "warning";
}
