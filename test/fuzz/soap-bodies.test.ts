/**
 * 5,000 SOAP bodies generated from the contract, sent to the mock CTIPS over real HTTP
 * (keep-alive, 8 connections, each request with a 5 s deadline). Every body gets a whole
 * answer — a result or a WCF-shaped fault (413 for one over the message limit) — the mock
 * keeps serving a well-behaved session (requests, events, heartbeats) throughout, and no
 * invalid request changes any session's state.
 *
 * The seed is fixed; a failure prints the shrunk batch (each body readable, with what was
 * done to it) and the seed and path to replay it. Another seed: FUZZ_SEED=123 npx vitest run
 * --project unit test/fuzz. The long run is bench/fuzz.bench.ts.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anyCase, type Batch, batchOf, describeCase, refusedCase } from "./bodies.ts";
import { FuzzWorld, inLoops, judge } from "./harness.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_216);
const BATCH = 50;

/** Sends a batch over the pool; one line per answer that is wrong. */
async function problemsOf(w: FuzzWorld, batch: Batch): Promise<string[]> {
  const outs = await inLoops(batch.cases, w.pool.sockets, (k) => w.send(k));
  const problems: string[] = [];
  outs.forEach(({ sent, outcome }, i) => {
    const p = judge(batch.cases[i], sent, outcome, w.maxMessageBytes);
    if (p) problems.push(`${p}\n  for ${describeCase(batch.cases[i])}`);
  });
  if (w.errors.length) problems.push(`the mock logged errors: ${w.errors.splice(0).join("; ")}`);
  return problems;
}

describe("the mock CTIPS under fuzzed SOAP bodies", () => {
  describe("any body, valid or not", () => {
    let w: FuzzWorld;
    beforeAll(async () => {
      w = await FuzzWorld.start({ aim: "victim" });
    });
    afterAll(() => w?.close());

    it("answers each of 4,000 bodies with a result or a WCF-shaped fault, and a well-behaved session keeps working", async () => {
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(batchOf(anyCase(), BATCH), async (batch) => {
          sent += batch.cases.length;
          const problems = await problemsOf(w, batch);
          const keeper = await w.keeperProblem();
          if (keeper) problems.push(`after the batch: ${keeper}`);
          if (problems.length) {
            // A fresh mock for the next try, so shrinking replays each batch against a sound one.
            await w.close();
            w = await FuzzWorld.start({ aim: "victim" });
            throw new Error(problems.join("\n"));
          }
          await w.restore();
        }),
        { seed: SEED, numRuns: 80 },
      );
      expect(sent).toBeGreaterThanOrEqual(80 * BATCH - 10);
    }, 120_000);
  });

  describe("invalid bodies aimed at a busy session", () => {
    let w: FuzzWorld;
    beforeAll(async () => {
      // The keeper has agent1 logged in with a call ringing: an accepted request would show.
      w = await FuzzWorld.start({ aim: "keeper", busyKeeper: true });
    });
    afterAll(() => w?.close());

    it("refuses each of 1,000 invalid requests and leaves agents, calls and subscriptions as they were", async () => {
      let sent = 0;
      const before = await w.state();
      await fc.assert(
        fc.asyncProperty(batchOf(refusedCase(), BATCH), async (batch) => {
          sent += batch.cases.length;
          const problems = await problemsOf(w, batch);
          const keeper = await w.keeperProblem();
          if (keeper) problems.push(`after the batch: ${keeper}`);
          const after = await w.state();
          if (problems.length || JSON.stringify(after) !== JSON.stringify(before)) {
            // A fresh mock (in the same state) for the next try, so shrinking finds the culprit.
            await w.close();
            w = await FuzzWorld.start({ aim: "keeper", busyKeeper: true });
            expect(problems).toEqual([]);
            expect(after, "the state after the batch").toEqual(before);
          }
        }),
        { seed: SEED, numRuns: 20 },
      );
      expect(sent).toBeGreaterThanOrEqual(20 * BATCH - 10);
    }, 120_000);
  });
});
