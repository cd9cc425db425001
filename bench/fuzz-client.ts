/**
 * The load generator of bench/fuzz.bench.ts, in a worker thread of its own (a core of its
 * own on a 2-core machine, as a client on another host): generates each chunk of cases from
 * its seed, sends them with CONNECTIONS loops of one request in flight over keep-alive
 * connections, to the mock and to the baseline in the order asked, and judges the mock's
 * answers (test/fuzz/harness.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import fc from "fast-check";
import { anyCase, CALLBACK, describeCase, type FuzzCase, SESSION } from "../test/fuzz/bodies.ts";
import { fill, inLoops, isReply, judge, Pool } from "../test/fuzz/harness.ts";

export interface ChunkRequest {
  seed: number;
  count: number;
  /** The SessionId `$SESSION$` stands for, and the callback URL for `$CALLBACK$`. */
  session: string;
  callback: string;
  order: ("mock" | "baseline")[];
}

export interface Sent {
  latencies: Float64Array;
  seconds: number;
  statuses: Record<string, number>;
  /** What the judge found, one line each, with the case. */
  crashes: string[];
  untyped5xx: string[];
  other: string[];
}

export interface ChunkResult {
  mock: Sent;
  baseline: Sent;
}

const { endpoints, connections, maxMessageBytes } = workerData as {
  endpoints: { mock: string; baseline: string };
  connections: number;
  maxMessageBytes: number;
};
const pools = {
  mock: new Pool(endpoints.mock, connections, 10_000),
  baseline: new Pool(endpoints.baseline, connections, 10_000),
};
const arb = anyCase();

async function send(target: "mock" | "baseline", cases: FuzzCase[], bodies: Buffer[]): Promise<Sent> {
  const pool = pools[target];
  const t0 = performance.now();
  const outs = await inLoops(cases, connections, (k, i) => pool.send(bodies[i], k.soapAction, k.chunked));
  const seconds = (performance.now() - t0) / 1000;
  const sent: Sent = {
    latencies: new Float64Array(outs.length),
    seconds,
    statuses: {},
    crashes: [],
    untyped5xx: [],
    other: [],
  };
  outs.forEach((o, i) => {
    sent.latencies[i] = o.ms;
    const status = isReply(o) ? String(o.status) : "no answer";
    sent.statuses[status] = (sent.statuses[status] ?? 0) + 1;
    if (target === "baseline") {
      if (!isReply(o)) sent.crashes.push(o.error);
      return;
    }
    const problem = judge(cases[i], bodies[i].length, o, maxMessageBytes);
    if (!problem) return;
    const line = `${problem}\n    for ${describeCase(cases[i]).slice(0, 2_000)}`;
    if (!isReply(o) || !o.complete) sent.crashes.push(line);
    else if (o.status >= 500 && /^not a SOAP answer|^the answer is not a SOAP message/.test(problem))
      sent.untyped5xx.push(line);
    else sent.other.push(line);
  });
  return sent;
}

parentPort?.on("message", async (req: ChunkRequest | "close") => {
  if (req === "close") {
    pools.mock.close();
    pools.baseline.close();
    parentPort?.close();
    return;
  }
  const cases = fc.sample(arb, { seed: req.seed, numRuns: req.count });
  const bodies = cases.map((k) =>
    fill(k.body, [
      [SESSION, req.session],
      [CALLBACK, req.callback],
    ]),
  );
  const result: Partial<ChunkResult> = {};
  for (const target of req.order) result[target] = await send(target, cases, bodies);
  parentPort?.postMessage(result);
});
