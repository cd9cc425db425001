/**
 * Findings: what a check says about a timeline. A check is a small named pure function
 * stating one fact it expects; it returns raw observations (pass, fail, harness fault)
 * with evidence. The caller — a scenario, a profile, the CLI — binds the severity and the
 * spec clause, so the same fact can be a failure in one certification and a warning in
 * another. A check that says nothing, or lacks its inputs, is a fault of the kit, never a
 * failure of the system under test.
 */
import { isKitError } from "../contract/errors.ts";
import type { TimelineEntry } from "../timeline/entry.ts";

export type Severity = "failure" | "warning" | "info";

/** `harness-fault`: the kit could not judge (missing inputs, nothing to check, a check that said nothing). */
export type Outcome = "pass" | "fail" | "harness-fault";

/** What a finding is about. */
export interface Subject {
  session?: string;
  callId?: number;
  agentId?: number;
  requestId?: number;
}

/** A check's raw verdict on one subject, before the caller binds severity and clause. */
export interface Observation {
  outcome: Outcome;
  /** States the expected fact and what was seen instead. */
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** Sequence numbers of the timeline entries involved. */
  evidence: number[];
  subject?: Subject;
}

export interface Finding extends Observation {
  check: string;
  /** `EDK 4-3` (guide chapter-page) or `WIRE …` (wire contract). */
  clause: string;
  severity: Severity;
}

export type CheckResult = readonly Observation[];

/** A check: a pure function over a timeline. Its function name is its name in findings. */
export type Check<P = void> = (timeline: readonly TimelineEntry[], params: P) => CheckResult;

/** What the caller decides: how bad a failure of this fact is, and which clause demands it. */
export interface Binding {
  severity: Severity;
  clause: string;
}

export function pass(
  message: string,
  more: Omit<Observation, "outcome" | "message"> = { evidence: [] },
): Observation {
  return { outcome: "pass", message, ...more };
}

export function fail(message: string, more: Omit<Observation, "outcome" | "message">): Observation {
  return { outcome: "fail", message, ...more };
}

export function harnessFault(
  message: string,
  more: Omit<Observation, "outcome" | "message"> = { evidence: [] },
): Observation {
  return { outcome: "harness-fault", message, ...more };
}

/**
 * The usual shape of a check's result: one failure per violation, or, when there are
 * none, one pass saying what was checked; nothing to check is a harness fault.
 */
export function conclude(
  failures: Observation[],
  checked: number,
  passMessage: string,
  nothingMessage: string,
  passMore?: Omit<Observation, "outcome" | "message">,
): Observation[] {
  if (failures.length > 0) return failures;
  if (checked === 0) return [harnessFault(`nothing to check: ${nothingMessage}`)];
  return [pass(passMessage, passMore)];
}

/**
 * Names the parameters a check needs but did not get (params may come from Gherkin or
 * configuration, so types alone cannot promise them). Returns the harness fault to report.
 */
export function missingParams<P extends object>(
  params: P | undefined,
  required: readonly (keyof P & string)[],
): Observation[] | undefined {
  const absent = required.filter((k) => params?.[k] === undefined || params?.[k] === null);
  if (absent.length === 0) return undefined;
  return [harnessFault(`missing parameter${absent.length > 1 ? "s" : ""}: ${absent.join(", ")}`)];
}

/** The check's name as findings report it. */
export function checkName(check: Check<never>): string {
  return check.name || "anonymousCheck";
}

/**
 * Runs a check and binds the caller's severity and clause to what it observed. A check
 * that throws, or returns no observation at all, is reported as a harness fault.
 */
export function runCheck<P>(
  check: Check<P>,
  binding: Binding,
  timeline: readonly TimelineEntry[],
  ...params: P extends void ? [] : [params: P]
): Finding[] {
  const name = checkName(check as Check<never>);
  let observations: CheckResult;
  try {
    observations = check(timeline, params[0] as P);
  } catch (err) {
    const code = isKitError(err) ? `${err.code}: ` : "";
    const why = err instanceof Error ? err.message : String(err);
    observations = [harnessFault(`check ${name} could not run: ${code}${why}`)];
  }
  if (observations.length === 0) {
    observations = [
      harnessFault(
        `check ${name} produced no finding (every check must report a pass, a failure or a harness fault)`,
      ),
    ];
  }
  return observations.map((o) => ({ check: name, clause: binding.clause, severity: binding.severity, ...o }));
}
