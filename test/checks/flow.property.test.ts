/**
 * Properties of the flow matcher over generated interleavings of two or three E-2 calls:
 * valid interleavings match every call; a removed or swapped required event is reported
 * at the right step; optional rows and alternatives behave.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchFlow } from "../../src/checks/flow.ts";
import { inboundCallSteps, type Step, TimelineBuilder } from "./fixtures/builder.ts";
import { E2, E2_REQUIRED, ROUTE_REJECTED } from "./fixtures/flows.ts";

interface Plan {
  calls: number;
  /** For each slot of the merged sequence, which remaining call to take the next step from. */
  picks: number[];
}

/** Two or three calls, and an arbitrary interleaving of their steps. */
const plans = fc.integer({ min: 2, max: 3 }).chain((calls) =>
  fc.record({
    calls: fc.constant(calls),
    picks: fc.array(fc.nat({ max: 2 }), { minLength: calls * 14, maxLength: calls * 14 }),
  }),
);

const callOf = (i: number) => ({ callId: 101 + i, agentId: 7 + i, serviceId: 10 + i });

type Edit = (steps: { id: string; step: Step }[]) => { id: string; step: Step }[];

/** Plays the calls' steps merged as `picks` say; `edit` changes call 0's steps first. */
function play(plan: Plan, edit: Edit = (s) => s) {
  const b = new TimelineBuilder();
  b.onlineSession("S1");
  for (let i = 0; i < plan.calls; i++) b.login("S1", callOf(i).agentId);
  const queues = Array.from({ length: plan.calls }, (_, i) => {
    const steps = inboundCallSteps(callOf(i));
    return i === 0 ? edit(steps) : steps;
  });
  let p = 0;
  for (;;) {
    const live = queues.filter((q) => q.length > 0);
    if (live.length === 0) break;
    const q = live[(plan.picks[p++] ?? 0) % live.length];
    q.shift()!.step(b, "S1");
  }
  return b.entries;
}

const call0 = { bindings: { c1: callOf(0).callId } };

/** Pairs of adjacent required steps where the second must follow the first. */
const ORDERED_PAIRS = E2.steps.flatMap((s, i) => {
  const next = E2.steps[i + 1];
  return !s.optional && next && !next.optional && next.after === undefined ? [[s.id, next.id] as const] : [];
});

describe("the flow matcher, over interleavings of several calls", () => {
  it("matches every call of any valid interleaving", () => {
    fc.assert(
      fc.property(plans, (plan) => {
        const entries = play(plan);
        for (let i = 0; i < plan.calls; i++) {
          const m = matchFlow(E2, entries, { bindings: { c1: callOf(i).callId } });
          expect(m.ok, m.text).toBe(true);
          expect(m.bindings.a).toBe(callOf(i).agentId);
        }
        expect(matchFlow(E2, entries).ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("reports a removed required event at its own step", () => {
    fc.assert(
      fc.property(plans, fc.constantFrom(...E2_REQUIRED), (plan, removed) => {
        const m = matchFlow(
          E2,
          play(plan, (steps) => steps.filter((s) => s.id !== removed)),
          call0,
        );
        expect(m.ok).toBe(false);
        expect(m.missing?.step, m.text).toBe(removed);
        const prefix = m.steps.slice(
          0,
          E2.steps.findIndex((s) => s.id === removed),
        );
        expect(prefix.every((s) => s.status === "matched" || s.status === "skipped")).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it("reports two swapped required events at the second of them, with the first as its near miss", () => {
    fc.assert(
      fc.property(plans, fc.constantFrom(...ORDERED_PAIRS), (plan, [first, second]) => {
        const swap: Edit = (steps) => {
          const i = steps.findIndex((s) => s.id === first);
          const out = [...steps];
          [out[i], out[i + 1]] = [out[i + 1], out[i]];
          return out;
        };
        const m = matchFlow(E2, play(plan, swap), call0);
        expect(m.missing?.step, m.text).toBe(second);
        expect(m.missing?.nearMisses[0].why).toMatch(/comes before seq/);
      }),
      { numRuns: 80 },
    );
  });

  it("matches with any subset of the optional requests left out", () => {
    fc.assert(
      fc.property(plans, fc.subarray(["accept", "dispose"]), (plan, dropped) => {
        const m = matchFlow(
          E2,
          play(plan, (steps) => steps.filter((s) => !dropped.includes(s.id))),
          call0,
        );
        expect(m.ok, m.text).toBe(true);
        expect(m.steps.filter((s) => s.status === "skipped").map((s) => s.id)).toEqual(dropped);
      }),
      { numRuns: 40 },
    );
  });

  it("accepts either alternative, among other calls' route events", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("RouteReject", "RouteRequestFailed", "none"), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.nat({ max: 2 }),
        (answers, judged) => {
          const b = new TimelineBuilder();
          b.onlineSession("S1");
          const selects = answers.map((_, i) => {
            b.event("S1", "RouteRequest", { CallId: 200 + i });
            return b.call("S1", "RouteSelect", { CallId: 200 + i, RouteActionType: "RouteToService" });
          });
          answers.forEach((a, i) => {
            if (a !== "none") b.event("S1", a, { CallId: 200 + i }, { requestId: selects[i].requestId });
          });
          const i = judged % answers.length;
          const m = matchFlow(ROUTE_REJECTED, b.entries, { bindings: { c1: 200 + i } });
          expect(m.ok).toBe(answers[i] !== "none");
          if (!m.ok) expect(m.missing?.step).toBe("refused");
        },
      ),
      { numRuns: 60 },
    );
  });
});
