/**
 * The long fuzzing run (docs/benchmarks.md, "Fuzzing"): 100,000 SOAP bodies generated from
 * the contract (test/fuzz/bodies.ts: valid, boundary and wrong values, missing and extra
 * members, wrong namespaces, broken envelopes and SOAPActions, byte-level mutations, DOCTYPEs
 * and entity tricks, huge attributes, deep nesting), sent to the mock over keep-alive HTTP by
 * 8 loops with one request in flight each, and every answer judged (test/fuzz/harness.ts).
 *
 * The load generator runs in a worker thread (bench/fuzz-client.ts), the mock in this one.
 * Baseline in the same run, through the same client loop: a bare node:http server in this
 * thread that reads each body and answers a fixed GetAgentStateResponse. Bodies go out in
 * chunks of 100, each chunk to the mock and to the baseline back to back (which goes first
 * alternates); between chunks the victim session is restored, and every 1,000 bodies the
 * well-behaved session is checked (GetAgentState answered, its event delivered, heartbeats
 * flowing).
 *
 * Reported: crashes (no answer, a cut answer, the well-behaved session stopped working, an
 * error the mock logged), untyped 5xx (a 5xx that is not a SOAP fault), every other problem
 * the judge found, answer p50 / p99 / max and bodies per second for both servers.
 * Targets: 0 crashes, 0 untyped 5xx, p99 < 10 ms.
 *
 *   npx tsx bench/fuzz.bench.ts                                   # 100,000 bodies
 *   BENCH_BODIES=10000 npx tsx bench/fuzz.bench.ts                # a quick look
 *   BENCH_SEED=7 …   BENCH_CONNECTIONS=16 …
 *
 * Prints "target met" / "NOT met"; never fails.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { contract, encodeResponse, SOAP_CONTENT_TYPE } from "../src/contract/index.ts";
import { FuzzWorld } from "../test/fuzz/harness.ts";
import type { ChunkRequest, ChunkResult, Sent } from "./fuzz-client.ts";

const BODIES = Number(process.env.BENCH_BODIES ?? 100_000);
const SEED = Number(process.env.BENCH_SEED ?? 20_261_216);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const CHUNK = 100;
const CHECK_EVERY = 1_000;
const TARGET_P99_MS = 10;

const pct = (sorted: Float64Array | number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const ms = (n: number) => n.toFixed(3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

interface Tally {
  latencies: number[];
  seconds: number;
  statuses: Map<string, number>;
  crashes: string[];
  untyped5xx: string[];
  other: Map<string, { n: number; example: string }>;
}
const tally = (): Tally => ({
  latencies: [],
  seconds: 0,
  statuses: new Map(),
  crashes: [],
  untyped5xx: [],
  other: new Map(),
});

function add(t: Tally, s: Sent): void {
  for (const l of s.latencies) t.latencies.push(l);
  t.seconds += s.seconds;
  for (const [k, n] of Object.entries(s.statuses)) t.statuses.set(k, (t.statuses.get(k) ?? 0) + n);
  t.crashes.push(...s.crashes);
  t.untyped5xx.push(...s.untyped5xx);
  for (const line of s.other) {
    const key = line.slice(0, 80);
    const seen = t.other.get(key) ?? { n: 0, example: line };
    seen.n++;
    t.other.set(key, seen);
  }
}

/** A bare node:http server answering every POST, once its body is read, with the same fixed envelope. */
async function startBaseline(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const answer = encodeResponse(contract().operation("GetAgentState"), 0);
  const length = Buffer.byteLength(answer);
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": SOAP_CONTENT_TYPE, "content-length": length });
      res.end(answer);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/Aspect.UnifiedIP.EDK.CTIPortalService`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The load generator's worker (TypeScript, through tsx's loader registered in the worker). */
function startClient(workerData: unknown): Worker {
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(new URL("./fuzz-client.ts", import.meta.url).href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

function row(name: string, t: Tally): string {
  const s = Float64Array.from(t.latencies).sort();
  return `| ${name} | ${t.latencies.length.toLocaleString("en-US")} | ${ms(pct(s, 0.5))} | ${ms(pct(s, 0.99))} | ${ms(s.at(-1) ?? 0)} | ${Math.round(t.latencies.length / t.seconds).toLocaleString("en-US")} |`;
}

async function main(): Promise<void> {
  console.log(
    `fuzz: ${BODIES.toLocaleString("en-US")} bodies, seed ${SEED}, ${CONNECTIONS} connections, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const w = await FuzzWorld.start({ aim: "victim", sockets: 2, timeoutMs: 10_000 });
  const baseline = await startBaseline();
  const client = startClient({
    endpoints: { mock: w.mock.endpoint, baseline: baseline.endpoint },
    connections: CONNECTIONS,
    maxMessageBytes: w.maxMessageBytes,
  });
  const sendAndWait = (req: ChunkRequest) =>
    new Promise<ChunkResult>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      client.once("error", onError);
      client.once("message", (m: ChunkResult) => {
        client.off("error", onError);
        resolve(m);
      });
      client.postMessage(req);
    });

  const mockT = tally();
  const baseT = tally();
  const ratios: number[] = [];
  let windowMock = 0;
  let windowBase = 0;
  const t0 = performance.now();
  for (let done = 0, k = 0; done < BODIES; done += CHUNK, k++) {
    const count = Math.min(CHUNK, BODIES - done);
    const r = await sendAndWait({
      seed: SEED + done,
      count,
      session: w.aimed,
      callback: `${w.callbacks.url}/fuzz`,
      order: k % 2 === 0 ? ["mock", "baseline"] : ["baseline", "mock"],
    });
    add(mockT, r.mock);
    add(baseT, r.baseline);
    windowMock += r.mock.seconds;
    windowBase += r.baseline.seconds;
    await w.restore();
    if ((done + count) % CHECK_EVERY === 0 || done + count >= BODIES) {
      const keeper = await w.keeperProblem();
      if (keeper) mockT.crashes.push(`the well-behaved session, after ${done + count} bodies: ${keeper}`);
      if (w.errors.length) mockT.crashes.push(...w.errors.splice(0).map((e) => `the mock logged: ${e}`));
      ratios.push(windowBase / windowMock);
      windowMock = windowBase = 0;
    }
    if ((done + count) % 20_000 === 0)
      console.log(
        `  ${(done + count).toLocaleString("en-US")} bodies, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
  }
  client.postMessage("close");
  const mockSorted = Float64Array.from(mockT.latencies).sort();
  console.log("\n| server | bodies | p50 ms | p99 ms | max ms | bodies/s |\n|---|---|---|---|---|---|");
  console.log(row("bare node:http (fixed answer)", baseT));
  console.log(row("mock CTIPS", mockT));
  console.log(
    `\nmock / baseline bodies/s, median of the ${ratios.length} windows of ${CHECK_EVERY}: ${median(ratios).toFixed(2)}×`,
  );
  console.log(`mock answers by status: ${[...mockT.statuses].map(([s, n]) => `${s} ${n}`).join(", ")}`);
  const others = [...mockT.other.values()].reduce((a, b) => a + b.n, 0);
  console.log(
    `crashes: ${mockT.crashes.length}   untyped 5xx: ${mockT.untyped5xx.length}   other problems: ${others}   baseline without an answer: ${baseT.crashes.length}`,
  );
  for (const line of [...mockT.crashes, ...mockT.untyped5xx].slice(0, 10)) console.log(`  ${line}`);
  for (const [key, { n, example }] of mockT.other) console.log(`  ${n}× ${key}\n    ${example}`);
  const p99 = pct(mockSorted, 0.99);
  const ok =
    mockT.crashes.length === 0 && mockT.untyped5xx.length === 0 && others === 0 && p99 < TARGET_P99_MS;
  console.log(
    `targets (0 crashes, 0 untyped 5xx, p99 < ${TARGET_P99_MS} ms): ${ok ? "target met" : "NOT met"}`,
  );
  await baseline.close();
  await w.close();
}

await main();
