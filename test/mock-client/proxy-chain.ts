/**
 * The recording client, the recording proxy and the kit's mock CTIPS in a chain over real
 * HTTP(S) on 127.0.0.1, each recording to its own timeline (the mock's and the proxy's
 * also to JSONL files, as `check` reads them); chapter 2's inbound call driven through it;
 * and `ctips-kit check` run in-process on a capture.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Io } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import type { Finding } from "../../src/checks/finding.ts";
import {
  createRecordingClient,
  type ClientSession,
  type RecordingClient,
} from "../../src/mock-client/index.ts";
import { type ProxyTls, type RecordingProxy, startRecordingProxy } from "../../src/mock-client/proxy.ts";
import {
  defaultMockConfig,
  type MockConfig,
  type MockCtips,
  resolveMockConfig,
  startMockCtips,
} from "../../src/mock-ctips/index.ts";
import type { CaptureReport } from "../../src/runner/check-capture.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { Timeline } from "../../src/timeline/index.ts";
import { countReached } from "../integration/peers.ts";
import { certificate, type Pem } from "../support/certificates.ts";
import { ControlPlaneHttp, FAST_TIMINGS, login, quiet, send, waitEvent, waitState } from "../wire/world.ts";

export const HEARTBEAT_MS = 100;

export interface Chain {
  dir: string;
  mock: MockCtips;
  proxy: RecordingProxy;
  client: RecordingClient;
  session: ClientSession;
  /** The mock's control plane: over HTTP, or in-process for an HTTPS mock (whose certificate undici does not trust). */
  control: Control;
  /** The mock's timeline file and the proxy's capture. */
  files: { mock: string; capture: string };
  /** Stops client, proxy and mock (in that order); idempotent. */
  stop(): Promise<void>;
  /** Also removes the temporary directory. */
  dispose(): Promise<void>;
}

export type Control = Pick<ControlPlaneHttp, "createCall" | "hangup" | "addFault">;

/** The in-process control plane in the shape of the HTTP one. */
function inProcess(mock: MockCtips): Control {
  return {
    createCall: async (serviceId, ani = "5551234", dnis = "8005550100") =>
      mock.control.createCall({ serviceId, ani, dnis }).callId,
    hangup: async (callId) => mock.control.hangup(callId),
    addFault: async (input) => mock.control.addFault(input),
  };
}

/** A certificate for each HTTPS leg: the CTIPS's, the proxy's two listeners and the client's callback service. */
export interface ChainTls {
  ctips: Pem;
  proxy: Pem;
  proxyCallback: Pem;
  clientCallback: Pem;
}

/** Generated per run (each is its own CA). */
export function chainCertificates(): ChainTls {
  return {
    ctips: certificate("ctips"),
    proxy: certificate("proxy"),
    proxyCallback: certificate("proxy callbacks"),
    clientCallback: certificate("client callbacks"),
  };
}

export interface ChainOptions {
  mock?: Partial<MockConfig>;
  /** HTTPS on every leg. */
  tls?: ChainTls;
  proxyTls?: ProxyTls;
}

export async function startChain(o: ChainOptions = {}): Promise<Chain> {
  const dir = mkdtempSync(join(tmpdir(), "ctips-proxy-"));
  const files = { mock: join(dir, "mock.jsonl"), capture: join(dir, "capture.jsonl") };
  const t = o.tls;
  const config = resolveMockConfig({
    source: "proxy test",
    value: {
      port: 0,
      heartbeatIntervalMs: HEARTBEAT_MS,
      callbackTimeoutMs: 2_000,
      timings: FAST_TIMINGS,
      recordFile: files.mock,
      ...(t ? { tls: t.ctips, callbackTls: { ca: t.proxyCallback.cert } } : {}),
      ...o.mock,
    },
  });
  const mock = await startMockCtips(config);
  const proxy = await startRecordingProxy({
    listen: { host: "127.0.0.1", port: 0 },
    target: mock.endpoint,
    recordFile: files.capture,
    tls: t
      ? {
          server: t.proxy,
          callback: t.proxyCallback,
          targetCa: t.ctips.cert,
          clientCa: t.clientCallback.cert,
        }
      : o.proxyTls,
  });
  const user = defaultMockConfig.users[0];
  const client = await createRecordingClient({
    target: proxy.endpoint,
    credentials: { userName: user.userName, password: user.password },
    tenantId: config.tenantId,
    profile: config.profile,
    timeline: new Timeline({ recorder: "client" }),
    requestTimeoutMs: 5_000,
    ...(t ? { tls: { ca: t.proxy.cert }, callback: { tls: t.clientCallback } } : {}),
  });
  const session = await client.openSession();
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await client.close();
      await proxy.close();
      await mock.close();
    })();
    return stopped;
  };
  return {
    dir,
    mock,
    proxy,
    client,
    session,
    control: t ? inProcess(mock) : new ControlPlaneHttp(mock.url),
    files,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Chapter 2: agent1 logs in, a customer calls service 100 (the control plane), the desktop
 * accepts, the customer hangs up, the desktop disposes and logs the agent out; then a few
 * heartbeats, OffLine and CloseConnection (the client shuts down as the guide says).
 */
export async function chapter2(c: Chain): Promise<void> {
  const s = c.session;
  const timeline = c.client.timeline;
  const a = await login(s, "agent1");
  const mark = timeline.length;
  const c1 = await c.control.createCall(100, "5551234", "8001");
  await waitState(s, a, "PendingActive", mark);
  await send(s, "AcceptCall", { AgentIdx: a, CallId: c1, AcceptCall: true });
  await waitState(s, a, "Active", mark);
  await c.control.hangup(c1);
  await waitEvent(s, { type: "CallEnd", callId: c1 });
  await send(s, "SetDisposition", { AgentIdx: a, CallId: c1, DispositionId: 1 });
  await waitState(s, a, "Idle", mark);
  const out = await send(s, "LogoutAgent", { AgentIdx: a, ReasonCode: 0 });
  await waitEvent(s, { type: "AgentLoginStateChange", requestId: out });
  await quiet(timeline);
  await countReached(timeline, (e) => e.kind === "heartbeat", 4, 3_000);
  await s.offline();
  await c.stop();
}

function memoryIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    progress: () => {},
    err: (text) => stderr.push(text),
    readStdin: async () => "",
    onStop: () => {},
    env: {},
  };
}

/** `ctips-kit check FILE ARGS…` in-process; its exit code, output and check.json. */
export async function checkFile(
  file: string,
  reports: string,
  args: string[] = [],
): Promise<{ code: number; out: string; report: CaptureReport }> {
  const io = memoryIo();
  const code = await main(["check", file, "--reports", reports, ...args], io);
  if (code === 2) throw new Error(`ctips-kit check ${file} exited 2: ${io.stderr.join("\n")}`);
  const report = JSON.parse(readFileSync(join(reports, "check.json"), "utf8")) as CaptureReport;
  return { code, out: io.stdout.join("\n"), report };
}

/**
 * A finding without what differs between two recordings of the same exchanges: the seqs
 * (each recorder numbers its own entries) and the measured times (each recorder stamps a
 * message when it passes it).
 */
export function comparable(f: Finding) {
  return {
    check: f.check,
    outcome: f.outcome,
    severity: f.severity,
    clause: f.clause,
    subject: f.subject,
    evidence: f.evidence.length,
    message: f.message
      .replace(/\bseqs? [\d, ]+/g, "seq …")
      .replace(/\d+(\.\d+)? ms\b/g, "… ms")
      .replace(/#\d+/g, "#…"),
  };
}

export function findingsOf(report: CaptureReport) {
  return report.checks.flatMap((c) => c.findings.map(comparable));
}

/** JSON with every object's keys sorted: the recorders agree on values, not on member order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}

const EXCHANGE_KINDS = new Set([
  "request",
  "response",
  "fault",
  "event",
  "heartbeat",
  "startSession",
  "callbackResponse",
]);

/**
 * A timeline's exchanges, per kind, each as the data both recorders give it (sorted: an
 * answer to a heartbeat and one to an event may cross on their separate connections).
 */
export function exchanges(entries: readonly TimelineEntry[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of entries) {
    if (!EXCHANGE_KINDS.has(e.kind)) continue;
    const view = {
      name: e.name,
      session: e.session,
      requestId: e.requestId,
      eventType: e.eventType,
      replyTo: e.replyTo === undefined ? undefined : "answer",
      faultCode: e.faultCode,
      payload: e.payload,
    };
    out[e.kind] ??= [];
    out[e.kind].push(canonical(view));
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}
