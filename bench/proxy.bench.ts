/**
 * What the recording proxy adds to an exchange on loopback (docs/record.md), beside a
 * direct run measured in the same rounds. Target: < 2 ms added at p99 per exchange.
 *
 * 1. Requests: GetAgentState for a logged-in agent, one in flight at a time over a
 *    keep-alive connection, to the mock directly and through the proxy (which records to a
 *    JSONL file, as `ctips-kit record` does).
 * 2. Callbacks: PublishCTIEvent, one in flight, to a minimal callback server directly and
 *    through the proxy's callback URL for that server (the bench plays the CTIPS).
 *
 * Each round runs direct and proxied back to back, alternating which goes first; the table
 * gives per-exchange p50 and p99 of each over all rounds and what the proxy added (proxied
 * minus direct, at the same percentile), and the median of the rounds' added p99.
 *
 *   npx tsx bench/proxy.bench.ts                    # 5 rounds of 2,000 exchanges each way
 *   BENCH_ROUNDS=2 BENCH_EXCHANGES=500 npx tsx bench/proxy.bench.ts   # a quick look
 *
 * Prints "target met" / "NOT met"; never fails.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { contract, encodeRequest, encodeResponse, SOAP_CONTENT_TYPE } from "../src/contract/index.ts";
import { createRecordingClient } from "../src/mock-client/index.ts";
import { startRecordingProxy } from "../src/mock-client/proxy.ts";
import { resolveMockConfig, startMockCtips } from "../src/mock-ctips/index.ts";
import { fill } from "../src/mock-ctips/simulator/events.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const EXCHANGES = Number(process.env.BENCH_EXCHANGES ?? 2_000);
const WARM_UP = Math.min(500, EXCHANGES);
const TARGET_ADDED_P99_MS = 2;

const c = contract();
const getAgentState = c.operation("GetAgentState");
const publish = c.operation("PublishCTIEvent");
const USER = { userName: "ctiuser", password: "ctipass" };

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ms = (n: number) => n.toFixed(3);

/** Per-exchange latencies (ms) of `n` POSTs of `body` to `url`, one in flight. */
async function run(
  url: string,
  action: string,
  body: string,
  n: number,
  dispatcher: Agent,
): Promise<number[]> {
  const headers = { "content-type": SOAP_CONTENT_TYPE, soapaction: `"${action}"` };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await request(url, { method: "POST", headers, body, dispatcher });
    await res.body.text();
    out.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
  }
  return out;
}

interface Series {
  direct: number[];
  proxied: number[];
  addedP99: number[];
}

async function compare(
  what: string,
  direct: (n: number) => Promise<number[]>,
  proxied: (n: number) => Promise<number[]>,
): Promise<Series> {
  await direct(WARM_UP);
  await proxied(WARM_UP); // both paths warm (JIT, connections) before anything counts
  const s: Series = { direct: [], proxied: [], addedP99: [] };
  for (let r = 0; r < ROUNDS; r++) {
    let d: number[];
    let p: number[];
    if (r % 2 === 0) {
      d = await direct(EXCHANGES);
      p = await proxied(EXCHANGES);
    } else {
      p = await proxied(EXCHANGES);
      d = await direct(EXCHANGES);
    }
    s.direct.push(...d);
    s.proxied.push(...p);
    const sd = [...d].sort((a, b) => a - b);
    const sp = [...p].sort((a, b) => a - b);
    s.addedP99.push(pct(sp, 0.99) - pct(sd, 0.99));
    console.log(
      `  ${what} round ${r + 1}: direct p99 ${ms(pct(sd, 0.99))} ms, proxied p99 ${ms(pct(sp, 0.99))} ms`,
    );
  }
  return s;
}

function report(what: string, s: Series): boolean {
  const d = [...s.direct].sort((a, b) => a - b);
  const p = [...s.proxied].sort((a, b) => a - b);
  const added50 = pct(p, 0.5) - pct(d, 0.5);
  const added99 = pct(p, 0.99) - pct(d, 0.99);
  const ok = added99 < TARGET_ADDED_P99_MS;
  console.log(
    `${what.padEnd(18)}${ms(pct(d, 0.5)).padStart(10)}${ms(pct(d, 0.99)).padStart(10)}${ms(pct(p, 0.5)).padStart(10)}${ms(pct(p, 0.99)).padStart(10)}${ms(added50).padStart(10)}${ms(added99).padStart(10)}${ms(median(s.addedP99)).padStart(12)}   ${ok ? "target met" : "NOT met"}`,
  );
  return ok;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ctips-proxy-bench-"));
  const mock = await startMockCtips(resolveMockConfig({ source: "bench", value: { port: 0 } }));
  const proxy = await startRecordingProxy({
    listen: { host: "127.0.0.1", port: 0 },
    target: mock.endpoint,
    recordFile: join(dir, "capture.jsonl"),
  });

  // A session through the proxy with agent1 logged in; its requests go either way.
  const client = await createRecordingClient({ target: proxy.endpoint, credentials: USER, tenantId: 1 });
  const s = await client.openSession({ categories: [] });
  const login = await s.send("LoginAgent", {
    AgentLoginName: "agent1",
    StationId: "4001",
    InitState: "Idle",
  });
  if (!login.ok) throw new Error("LoginAgent failed");
  const requestBody = encodeRequest(getAgentState, {
    args: { SessionId: s.sessionId, RequestId: 1, TenantId: 1, AgentIdx: 1001 },
  });

  // A minimal callback server, and a callback slot of the proxy's that relays to it.
  const answer = encodeResponse(publish, 0);
  const callbackServer = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": SOAP_CONTENT_TYPE, "content-length": Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  await new Promise<void>((r) => callbackServer.listen(0, "127.0.0.1", r));
  const callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/www.aspect.com/PublishEvents`;
  const opened = await client.sendRaw("OpenConnection", {
    TenantIds: [1],
    UserCredentials: { UserName: USER.userName, Password: USER.password },
    ClientCallbackURL: callbackUrl,
  });
  if (!opened.ok) throw new Error("OpenConnection for the callback slot failed");
  const slot = proxy.slots.at(-1)?.proxyUrl as string;
  const eventBody = encodeRequest(publish, {
    ctiEvent: { type: "CTICallDelivered", value: fill("CTICallDelivered", { CallId: 1, ANI: "5551234" }) },
  });

  const toMock = new Agent({ keepAliveTimeout: 30_000 });
  const toProxy = new Agent({ keepAliveTimeout: 30_000 });
  console.log(
    `proxy.bench: ${ROUNDS} rounds of ${EXCHANGES} exchanges each way, one in flight; load average ${loadavg()[0].toFixed(2)}`,
  );
  const requests = await compare(
    "GetAgentState",
    (n) => run(mock.endpoint, getAgentState.action, requestBody, n, toMock),
    (n) => run(proxy.endpoint, getAgentState.action, requestBody, n, toProxy),
  );
  const events = await compare(
    "PublishCTIEvent",
    (n) => run(callbackUrl, publish.action, eventBody, n, toMock),
    (n) => run(slot, publish.action, eventBody, n, toProxy),
  );
  console.log(
    `\n${"exchange (ms)".padEnd(18)}${"direct50".padStart(10)}${"direct99".padStart(10)}${"proxy50".padStart(10)}${"proxy99".padStart(10)}${"added50".padStart(10)}${"added99".padStart(10)}${"rounds' 99".padStart(12)}   target: added p99 < ${TARGET_ADDED_P99_MS} ms`,
  );
  report("GetAgentState", requests);
  report("PublishCTIEvent", events);
  console.log(`capture: ${proxy.timeline.length} entries recorded (with the JSONL file)`);

  await toMock.close();
  await toProxy.close();
  await client.close();
  await new Promise((r) => callbackServer.close(r));
  callbackServer.closeAllConnections();
  await proxy.close();
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
