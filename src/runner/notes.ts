/**
 * Notes: what a scenario tells the certification runner besides pass and fail. Steps and
 * hooks attach them to the Cucumber report as JSON of one media type; the runner reads
 * them back from the message stream to decide the scenario's verdict (a reading that did
 * not hold, a harness fault, a skip and its reason, a teardown that could not finish).
 * Nothing else travels this way, so a note cannot be confused with a report attachment.
 */
export const NOTE_MEDIA_TYPE = "application/vnd.ctips-kit.note+json";

/** A flow table as matched against the scenario's timeline (src/checks/flow.ts FlowMatch): the report draws it. */
export const FLOW_MATCH_MEDIA_TYPE = "application/vnd.ctips-kit.flow-match+json";

export type Note =
  /** A reading of the kit (docs/readings.md) did not hold; the normative part did. */
  | { kind: "reading"; reading: string; message: string }
  /** The kit could not judge: a bad scenario, a trigger that failed, a missing input. */
  | { kind: "harness"; code: string; message: string }
  /** The scenario cannot run here (a trigger the target does not have, a @mock-only scenario). */
  | { kind: "skip"; reason: string }
  /** What the scenario's teardown did to leave the target as it found it. */
  | { kind: "teardown"; ok: boolean; message: string; actions: string[] };

export function encodeNote(note: Note): string {
  return JSON.stringify(note);
}

/** The note in an attachment body, or undefined when the body is not one. */
export function decodeNote(body: string): Note | undefined {
  try {
    const n = JSON.parse(body) as Partial<Note>;
    return n && typeof n === "object" && typeof n.kind === "string" ? (n as Note) : undefined;
  } catch {
    return undefined;
  }
}
