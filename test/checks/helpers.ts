/** Shared test helpers: run a check the way callers do and read its verdict. */
import { type Check, type Finding, type Outcome, runCheck } from "../../src/checks/finding.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { inboundCallSteps, type CallSpec, type TimelineBuilder } from "./fixtures/builder.ts";

export const BINDING = { severity: "failure", clause: "EDK 4-3" } as const;

/** Runs a check through runCheck with a fixed binding. */
export function judge<P>(check: Check<P>, timeline: readonly TimelineEntry[], params?: P): Finding[] {
  return runCheck<unknown>(check as Check<unknown>, BINDING, timeline, params);
}

/** The overall verdict: any failure fails; else any harness fault; else pass. */
export function verdict(findings: readonly Finding[]): Outcome {
  if (findings.some((f) => f.outcome === "fail")) return "fail";
  if (findings.some((f) => f.outcome === "harness-fault")) return "harness-fault";
  return "pass";
}

export function failures(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.outcome === "fail");
}

/** Plays the E-2 call's steps, leaving out `skip` and applying `order` swaps. */
export function playCall(
  b: TimelineBuilder,
  session: string,
  spec: CallSpec,
  opts: { skip?: string[]; swap?: [string, string] } = {},
): void {
  const steps = inboundCallSteps(spec).filter((s) => !(opts.skip ?? []).includes(s.id));
  if (opts.swap) {
    const i = steps.findIndex((s) => s.id === opts.swap![0]);
    const j = steps.findIndex((s) => s.id === opts.swap![1]);
    [steps[i], steps[j]] = [steps[j], steps[i]];
  }
  for (const s of steps) s.step(b, session);
}
