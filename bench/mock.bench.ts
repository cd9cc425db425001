/**
 * The mock CTIPS's throughput, beside baselines measured in the same run (docs/benchmarks.md).
 *
 * 1. Requests: GetAgentState for a logged-in agent, driven by autocannon (in a worker
 *    thread, so the load generator has its own core) at 10 and 50 connections against
 *    (a) a bare node:http server answering a fixed GetAgentStateResponse envelope,
 *    (b) a plain node-soap `soap.listen` service of GetAgentState built from the mock's own
 *        WSDL, (c) the mock. Target: the mock >= 2x node-soap (about 0.4x bare node:http).
 * 2. Events: LinkStatus events from the mock to 1 and to 10 sessions whose callback URLs
 *    are a minimal keep-alive callback server in a worker thread (a client on its own core,
 *    as on another host), which checks order per session. Targets: >= 4,000 events/s to one
 *    session, >= 12,000 events/s aggregate to 10, in order, 0 lost. For comparison, the
 *    same once to the kit's recording client in this process (both peers on one thread).
 *
 * On a shared machine one run says little: each measurement is repeated in rounds, the
 * servers interleaved within a round, and the median is reported (ratios are the median of
 * the ratios measured back to back).
 *
 *   npx tsx bench/mock.bench.ts     # 5 rounds; 2 s per request run; 10,000 events per session
 *   BENCH_ROUNDS=1 BENCH_SECONDS=2 BENCH_EVENTS=2000 npx tsx bench/mock.bench.ts   # a quick look
 *   BENCH_WORKERS=0 …               # autocannon in this thread instead of a worker
 *   BENCH_ONLY=requests|events …    # one half only
 *   BENCH_RETAIN=100000 …           # the mock's in-memory timeline window (default: the mock's)
 *
 * Prints "target met" / "NOT met"; never fails.
 */
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import soap from "soap";
import {
  buildWsdl,
  contract,
  encodeRequest,
  encodeResponse,
  SOAP_CONTENT_TYPE,
} from "../src/contract/index.ts";
import { createRecordingClient, type RecordingClient } from "../src/mock-client/index.ts";
import { type MockCtips, resolveMockConfig, startMockCtips } from "../src/mock-ctips/index.ts";
import type { TimelineEntry } from "../src/timeline/entry.ts";

/** The part of autocannon's programmatic API used here (the package ships no types). */
type Autocannon = (o: {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
  workers: number;
}) => Promise<{
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const ONLY = process.env.BENCH_ONLY; // "requests" or "events"; both when unset
const RETAIN = Number(process.env.BENCH_RETAIN ?? 0); // the mock's timeline window; 0 = its default
const CONNECTIONS = [10, 50];
const TARGET = { vsNodeSoap: 2, oneSession: 4_000, tenSessions: 12_000 };

const c = contract();
const getAgentState = c.operation("GetAgentState");
const USER = { userName: "ctiuser", password: "ctipass" };

const fmt = (n: number) => Math.round(n).toLocaleString("en");
const verdict = (ok: boolean) => (ok ? "target met" : "NOT met");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const load = () => loadavg()[0].toFixed(2);

/** Counts the entries appended from now on that match `pred` (a timeline may drop old ones from memory). */
function tally(mock: MockCtips, pred: (e: TimelineEntry) => boolean): { readonly n: number; stop(): void } {
  let n = 0;
  const stop = mock.timeline.onAppend((e) => {
    if (pred(e)) n++;
  });
  return {
    get n() {
      return n;
    },
    stop,
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

// ---------------------------------------------------------------- requests

interface Rate {
  rps: number;
  non2xx: number;
  errors: number;
  p99: number;
}

/** autocannon in a worker thread, after one discarded second of warm-up if asked. */
async function cannon(url: string, body: string, connections: number, warmUp: boolean): Promise<Rate> {
  const opts = {
    url,
    method: "POST" as const,
    headers: { "content-type": SOAP_CONTENT_TYPE, soapaction: `"${getAgentState.action}"` },
    body,
    connections,
    workers: WORKERS,
  };
  if (warmUp) await autocannon({ ...opts, duration: 1 });
  const r = await autocannon({ ...opts, duration: SECONDS });
  return { rps: r.requests.average, non2xx: r.non2xx, errors: r.errors + r.timeouts, p99: r.latency.p99 };
}

async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const answer = encodeResponse(getAgentState, 0);
  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": SOAP_CONTENT_TYPE, "content-length": Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  const base = await listen(server);
  return { url: `${base}/Aspect.UnifiedIP.EDK.CTIPortalService`, close: () => close(server) };
}

async function nodeSoapServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer({ keepAlive: true });
  const base = await listen(server);
  const path = "/Aspect.UnifiedIP.EDK.CTIPortalService";
  const wsdl = buildWsdl("server", { location: `${base}${path}` }).single;
  soap.listen(
    server,
    path,
    {
      CTIPortalService: {
        BasicHttpBinding_AgentCallService: { GetAgentState: () => ({ GetAgentStateResult: 0 }) },
      },
    },
    wsdl,
  );
  return { url: `${base}${path}`, close: () => close(server) };
}

/** The mock with one online session (no message class: the request path alone) and agent1 logged in. */
async function mockWithAgent(): Promise<{ mock: MockCtips; client: RecordingClient; sessionId: string }> {
  const mock = await startMockCtips(
    resolveMockConfig({
      source: "bench",
      value: { port: 0, ...(RETAIN ? { timelineRetain: RETAIN } : {}) },
    }),
  );
  const client = await createRecordingClient({ target: mock.endpoint, credentials: USER, tenantId: 1 });
  const s = await client.openSession({ categories: [] });
  const login = await s.send("LoginAgent", {
    AgentLoginName: "agent1",
    StationId: "4001",
    InitState: "Idle",
  });
  if (!login.ok) throw new Error("LoginAgent failed");
  return { mock, client, sessionId: s.sessionId };
}

async function requestBench(): Promise<void> {
  console.log(
    `\nGetAgentState requests/s (autocannon${WORKERS ? " in a worker" : ""}; median of ${ROUNDS} rounds of ${SECONDS} s; load average ${load()})`,
  );
  const bare = await bareServer();
  const ns = await nodeSoapServer();
  const m = await mockWithAgent();
  const body = (sessionId: string) =>
    encodeRequest(getAgentState, {
      args: { SessionId: sessionId, RequestId: 1, TenantId: 1, AgentIdx: 1001 },
    });
  console.log(
    `${"server".padEnd(24)}${"conns".padStart(6)}${"req/s".padStart(9)}${"p99 ms".padStart(8)}${"non2xx".padStart(8)}${"errors".padStart(8)}${"x bare".padStart(8)}${"x soap".padStart(8)}   rounds (req/s)`,
  );
  const faults = tally(m.mock, (e) => e.kind === "fault");
  try {
    for (const connections of CONNECTIONS) {
      const runs: Record<"bare" | "soap" | "mock", Rate[]> = { bare: [], soap: [], mock: [] };
      const servers = [
        { key: "bare", url: bare.url, body: body("S") },
        { key: "soap", url: ns.url, body: body("S") },
        { key: "mock", url: m.mock.endpoint, body: body(m.sessionId) },
      ] as const;
      for (let round = 0; round < ROUNDS; round++) {
        // Each round starts with the next server, so none is always measured first or last.
        for (let k = 0; k < servers.length; k++) {
          const sv = servers[(round + k) % servers.length];
          runs[sv.key].push(await cannon(sv.url, sv.body, connections, round === 0));
        }
      }
      const ratio = (a: Rate[], b: Rate[]) => median(a.map((r, i) => r.rps / b[i].rps));
      const row = (name: string, rs: Rate[]) =>
        console.log(
          `${name.padEnd(24)}${String(connections).padStart(6)}${fmt(median(rs.map((r) => r.rps))).padStart(9)}${String(median(rs.map((r) => r.p99))).padStart(8)}${String(rs.reduce((n, r) => n + r.non2xx, 0)).padStart(8)}${String(rs.reduce((n, r) => n + r.errors, 0)).padStart(8)}${ratio(rs, runs.bare).toFixed(2).padStart(8)}${ratio(rs, runs.soap).toFixed(2).padStart(8)}   ${rs.map((r) => fmt(r.rps)).join(" / ")}`,
        );
      row("bare node:http", runs.bare);
      row("node-soap soap.listen", runs.soap);
      row("mock CTIPS", runs.mock);
      const vsSoap = ratio(runs.mock, runs.soap);
      const perRound = runs.mock.map((r, i) => r.rps / runs.soap[i].rps);
      const clean = runs.mock.every((r) => r.non2xx === 0 && r.errors === 0) && faults.n === 0;
      console.log(
        `  mock / node-soap = ${vsSoap.toFixed(2)} (target >= ${TARGET.vsNodeSoap}; rounds ${perRound.map((x) => x.toFixed(2)).join(" / ")}), mock / bare = ${ratio(runs.mock, runs.bare).toFixed(2)}: ${verdict(vsSoap >= TARGET.vsNodeSoap && clean)}${faults.n ? ` (${faults.n} faults)` : ""}`,
      );
    }
  } finally {
    faults.stop();
    await m.client.close();
    await m.mock.close();
    await bare.close();
    await ns.close();
  }
}

// ---------------------------------------------------------------- events

/** A minimal keep-alive callback server in a worker: answers 0, counts and checks order per path. */
const RECEIVER = `
const { parentPort, workerData } = require("node:worker_threads");
const { createServer } = require("node:http");
const seen = {};
const server = createServer({ keepAlive: true }, (req, res) => {
  const chunks = [];
  req.on("data", (d) => chunks.push(d));
  req.on("end", () => {
    const action = String(req.headers.soapaction);
    let out = workerData.answers.PublishCTIEvent;
    if (action.endsWith('/Heartbeat"')) out = workerData.answers.Heartbeat;
    else if (action.endsWith('/StartSession"')) out = workerData.answers.StartSession;
    else {
      const state = /ComponentState>(\\w+)</.exec(Buffer.concat(chunks).toString())?.[1];
      const s = (seen[req.url] ??= { n: 0, outOfOrder: 0 });
      if (state !== (s.n % 2 === 0 ? "Down" : "Up")) s.outOfOrder++;
      s.n++;
    }
    res.writeHead(200, { "content-type": workerData.contentType, "content-length": Buffer.byteLength(out) });
    res.end(out);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (m) => {
  if (m === "seen") parentPort.postMessage({ seen });
  if (m === "reset") for (const k of Object.keys(seen)) delete seen[k];
});
`;

interface Receiver {
  url(path: string): string;
  seen(): Promise<Record<string, { n: number; outOfOrder: number }>>;
  reset(): void;
  close(): Promise<number>;
}

async function startReceiver(): Promise<Receiver> {
  const answers = Object.fromEntries(
    ["PublishCTIEvent", "Heartbeat", "StartSession"].map((op) => [op, encodeResponse(c.operation(op), 0)]),
  );
  const worker = new Worker(RECEIVER, {
    eval: true,
    workerData: { answers, contentType: SOAP_CONTENT_TYPE },
  });
  const { port } = await new Promise<{ port: number }>((r) => worker.once("message", r));
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    seen: () =>
      new Promise((r) => {
        worker.once("message", (m) => r(m.seen));
        worker.postMessage("seen");
      }),
    reset: () => worker.postMessage("reset"),
    close: () => worker.terminate(),
  };
}

interface Delivery {
  perSecond: number;
  received: number;
  outOfOrder: number;
  lost: number;
  transportErrors: number;
}

/** Drives `events` LinkStatus events (down/up alternating) and times until the mock has every answer. */
async function drive(mock: MockCtips, sessions: number, events: number): Promise<{ ms: number }> {
  const total = sessions * events;
  let answered = 0;
  const done = new Promise<void>((resolve) => {
    const off = mock.timeline.onAppend((e) => {
      const ended = e.code === "session-disposed"; // e.g. a queue overflow: stop, report what arrived
      const answer = e.kind === "callbackResponse" || e.kind === "transportError" || e.kind === "fault";
      if (ended || (answer && e.name === "PublishCTIEvent" && ++answered === total)) {
        off();
        resolve();
      }
    });
  });
  const t0 = performance.now();
  for (let i = 0; i < events; i++) mock.control.setLink("Gateway", i % 2 === 0 ? "down" : "up");
  await done;
  return { ms: performance.now() - t0 };
}

/** All events are queued at once: the queue must hold them (its default, 10,000, does for the default count). */
const eventMock = () =>
  startMockCtips(
    resolveMockConfig({ source: "bench", value: { port: 0, queueLimit: Math.max(10_000, EVENTS) } }),
  );

async function toReceiver(receiver: Receiver, sessions: number): Promise<Delivery> {
  const mock = await eventMock();
  const client = await createRecordingClient({ target: mock.endpoint, credentials: USER, tenantId: 1 });
  try {
    const paths: string[] = [];
    for (let i = 0; i < sessions; i++) {
      const path = `/www.aspect.com/PublishEvents/s${i}`;
      const r = await client.sendRaw("OpenConnection", {
        TenantIds: [1],
        UserCredentials: { UserName: USER.userName, Password: USER.password },
        ClientCallbackURL: receiver.url(path),
      });
      const id = (r.ok && (r.result as { SessionId: string }).SessionId) || "";
      await client.sendRaw("AddMessageClass", {
        SessionId: id,
        TenantId: 1,
        MessageClass: "EventCategorySystem",
      });
      await client.sendRaw("OnLine", { SessionId: id, TenantId: 1 });
      paths.push(path);
    }
    receiver.reset();
    const errors = tally(mock, (e) => e.kind === "transportError" || e.kind === "fault");
    const { ms } = await drive(mock, sessions, EVENTS);
    errors.stop();
    const seen = await receiver.seen();
    const received = paths.reduce((n, p) => n + (seen[p]?.n ?? 0), 0);
    return {
      perSecond: (sessions * EVENTS * 1000) / ms,
      received,
      outOfOrder: paths.reduce((n, p) => n + (seen[p]?.outOfOrder ?? 0), 0),
      lost: sessions * EVENTS - received,
      transportErrors: errors.n,
    };
  } finally {
    await client.close();
    await mock.close();
  }
}

async function toRecordingClient(sessions: number): Promise<Delivery> {
  const mock = await eventMock();
  const client = await createRecordingClient({ target: mock.endpoint, credentials: USER, tenantId: 1 });
  try {
    const opened = [];
    for (let i = 0; i < sessions; i++)
      opened.push(await client.openSession({ categories: ["EventCategorySystem"] }));
    const errors = tally(mock, (e) => e.kind === "transportError" || e.kind === "fault");
    const { ms } = await drive(mock, sessions, EVENTS);
    errors.stop();
    let outOfOrder = 0;
    let received = 0;
    for (const s of opened) {
      const states = s.events().map((e) => (e.payload as { ComponentState: string }).ComponentState);
      received += states.length;
      outOfOrder += states.filter((st, i) => st !== (i % 2 === 0 ? "Down" : "Up")).length;
    }
    return {
      perSecond: (sessions * EVENTS * 1000) / ms,
      received,
      outOfOrder,
      lost: sessions * EVENTS - received,
      transportErrors: errors.n,
    };
  } finally {
    await client.close();
    await mock.close();
  }
}

async function eventBench(): Promise<void> {
  console.log(
    `\nEvent delivery (${fmt(EVENTS)} LinkStatus events per session; median of ${ROUNDS} rounds; load average ${load()})`,
  );
  console.log(
    `${"receiver".padEnd(42)}${"sessions".padStart(9)}${"events/s".padStart(10)}${"received".padStart(10)}${"order".padStart(7)}${"lost".padStart(6)}${"errors".padStart(8)}   rounds (events/s)`,
  );
  const row = (name: string, sessions: number, ds: Delivery[]) =>
    console.log(
      `${name.padEnd(42)}${String(sessions).padStart(9)}${fmt(median(ds.map((d) => d.perSecond))).padStart(10)}${fmt(ds.reduce((n, d) => n + d.received, 0)).padStart(10)}${(ds.some((d) => d.outOfOrder) ? "NO" : "ok").padStart(7)}${String(ds.reduce((n, d) => n + d.lost, 0)).padStart(6)}${String(ds.reduce((n, d) => n + d.transportErrors, 0)).padStart(8)}   ${ds.map((d) => fmt(d.perSecond)).join(" / ")}`,
    );
  const receiver = await startReceiver();
  const runs: Record<number, Delivery[]> = { 1: [], 10: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const sessions of [1, 10]) runs[sessions].push(await toReceiver(receiver, sessions));
    }
  } finally {
    await receiver.close();
  }
  for (const sessions of [1, 10]) {
    const ds = runs[sessions];
    row("minimal callback server (worker thread)", sessions, ds);
    const target = sessions === 1 ? TARGET.oneSession : TARGET.tenSessions;
    const clean = ds.every((d) => d.lost === 0 && d.outOfOrder === 0 && d.transportErrors === 0);
    console.log(
      `  target >= ${fmt(target)} events/s, in order, 0 lost: ${verdict(median(ds.map((d) => d.perSecond)) >= target && clean)}`,
    );
  }
  for (const sessions of [1, 10])
    row("recording client (same thread, once)", sessions, [await toRecordingClient(sessions)]);
}

console.log(`mock.bench: node ${process.version}, ${new Date().toISOString()}`);
if (ONLY !== "events") await requestBench();
if (ONLY !== "requests") await eventBench();
