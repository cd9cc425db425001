/**
 * `ctips-kit replay CAPTURE --serve` as a user runs it, with the kit's reference client
 * (`ctips-kit client`, the CTIPS_* environment of docs/certify-client.md) as the client under
 * test. The captures are taken as a user takes them: the reference client against `ctips-kit
 * mock --record` (and through `ctips-kit record`), the world driven through the mock's
 * control plane (a call, a link down and up, the session disposed so the client reconnects;
 * for an agent desktop a call it accepts and disposes). The replay reproduces the findings of
 * `check --role client` on the capture; a reference client that misbehaves
 * (`--misbehave NAME`) fails the check of the rule it breaks. Timing-sensitive: heartbeats
 * every 200 ms, answers graded within 500 ms.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaptureReport, CheckStatus } from "../../src/runner/check-capture.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { readTimeline } from "../../src/timeline/index.ts";
import { BIN, runKit, startMockProcess } from "../support/processes.ts";

const dir = mkdtempSync(join(tmpdir(), "ctips-replay-timing-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEARTBEAT_MS = 200;
const CLIENT = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} client`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function clientEnv(endpoint: string, profile: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CTIPS_ENDPOINT: endpoint,
    CTIPS_USER: "ctiuser",
    CTIPS_PASSWORD: "ctipass",
    CTIPS_TENANT: "1",
    CTIPS_PROFILE: profile,
    CTIPS_AGENTS: "agent1:4001",
    CTIPS_HEARTBEAT_MS: String(HEARTBEAT_MS),
    CTIPS_CALLBACK_HOST: "127.0.0.1",
  };
}

/** Lines a child prints, and a wait for one matching `re`. */
function watch(child: ChildProcess) {
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  return {
    get text() {
      return out;
    },
    async line(re: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`no ${re} in ${timeoutMs} ms: ${out}`);
        await sleep(20);
      }
    },
  };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  if (child.pid) process.kill(child.pid, "SIGTERM");
  return exited;
}

/**
 * A capture of the reference client of `profile` against `ctips-kit mock` (its `--record`
 * file, or `ctips-kit record`'s when `viaProxy`), with the world `drive` makes happen.
 */
async function takeCapture(
  name: string,
  profile: "monitor" | "agent-desktop",
  drive: (control: (path: string, method?: string, body?: unknown) => Promise<unknown>) => Promise<void>,
  viaProxy = false,
): Promise<string> {
  const file = join(dir, `${name}.jsonl`);
  // The simulated contact center at a brisk pace: a call reaches the agent in tens of ms.
  const config = join(dir, "mock.json");
  writeFileSync(
    config,
    JSON.stringify({ timings: { deliverMs: 20, distributeMs: 20, farEndAnswerMs: 20, passcodeMs: 20 } }),
  );
  const mock = await startMockProcess([
    "--config",
    config,
    "--heartbeat-ms",
    String(HEARTBEAT_MS),
    ...(viaProxy ? [] : ["--record", file]),
  ]);
  const started: ChildProcess[] = [];
  try {
    let endpoint = mock.endpoint;
    if (viaProxy) {
      const proxy = spawn(
        process.execPath,
        [BIN, "record", "--listen", "127.0.0.1:0", "--target", mock.endpoint, "--out", file],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      started.push(proxy);
      const seen = watch(proxy);
      endpoint = (await seen.line(/listening on (\S+)[\s\S]*press Ctrl-C/))[1];
    }
    const control = async (path: string, method = "POST", body?: unknown) => {
      const r = await fetch(`${mock.control}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return r.status === 204 ? {} : r.json();
    };
    const client = spawn(process.execPath, [BIN, "client"], {
      env: clientEnv(endpoint, profile),
      stdio: ["ignore", "pipe", "pipe"],
    });
    started.unshift(client);
    await drive(control);
    expect(await stop(client)).toBe(0);
    for (const p of started.slice(1)) await stop(p);
  } finally {
    for (const p of started) await stop(p);
    await mock.stop();
  }
  return file;
}

type State = { sessions: { sessionId: string; state: string }[] };

/** Waits until the mock has an online session (other than `not`); its id. */
async function onlineSession(control: (p: string, m?: string) => Promise<unknown>, not?: string) {
  for (let i = 0; i < 400; i++) {
    const s = (await control("/state", "GET")) as State;
    const on = s.sessions.find((x) => x.state === "online" && x.sessionId !== not);
    if (on) return on.sessionId;
    await sleep(25);
  }
  throw new Error("the client did not come online");
}

/** A monitor's working day: a call, a link down and up, its session disposed (it reconnects), then a while online. */
const monitorDay = async (control: (p: string, m?: string, b?: unknown) => Promise<unknown>) => {
  const first = await onlineSession(control);
  await sleep(400);
  const { callId } = (await control("/calls", "POST", {
    serviceId: 100,
    ani: "5551234",
    dnis: "8005550100",
  })) as { callId: number };
  await sleep(600);
  await control(`/calls/${callId}/hangup`);
  await sleep(300);
  await control("/links/Gateway/down");
  await sleep(100);
  await control("/links/Gateway/up");
  await sleep(400);
  await control(`/sessions/${encodeURIComponent(first)}`, "DELETE");
  await onlineSession(control, first);
  await sleep(2_300);
};

/** An agent desktop's: a call to its agent, accepted (by the desktop), answered, hung up, disposed. */
const desktopDay = async (control: (p: string, m?: string, b?: unknown) => Promise<unknown>) => {
  await onlineSession(control);
  await sleep(500);
  const { callId } = (await control("/calls", "POST", {
    serviceId: 100,
    ani: "5551234",
    dnis: "8005550100",
  })) as { callId: number };
  await sleep(800);
  await control(`/calls/${callId}/hangup`);
  await sleep(1_000);
};

const captures = { monitor: "", proxied: "", desktop: "" };

beforeAll(async () => {
  captures.monitor = await takeCapture("monitor", "monitor", monitorDay);
  captures.proxied = await takeCapture("proxied", "monitor", monitorDay, true);
  captures.desktop = await takeCapture("desktop", "agent-desktop", desktopDay);
}, 120_000);

function statuses(reports: string): Map<string, CheckStatus> {
  const r = JSON.parse(readFileSync(join(reports, "check.json"), "utf8")) as CaptureReport;
  return new Map(r.checks.map((c) => [c.check, c.status]));
}

async function check(capture: string, name: string) {
  const reports = join(dir, `check-${name}`);
  const r = await runKit(["check", capture, "--role", "client", "--reports", reports]);
  return { ...r, statuses: statuses(reports) };
}

async function replay(capture: string, name: string, misbehave?: string) {
  const reports = join(dir, `replay-${name}`);
  const r = await runKit(
    [
      "replay",
      capture,
      "--serve",
      "--listen",
      "127.0.0.1:0",
      "--run",
      misbehave ? `${CLIENT} --misbehave ${misbehave}` : CLIENT,
      "--reports",
      reports,
      // A misbehaving client never sends some requests: what followed them goes on sooner.
      ...(misbehave ? ["--wait-ms", "1500"] : []),
    ],
    { timeoutMs: 90_000 },
  );
  return { ...r, statuses: statuses(reports), timeline: readTimeline(join(reports, "replay.jsonl")) };
}

const sessionsOf = (entries: readonly TimelineEntry[]) =>
  entries.filter((e) => e.kind === "response" && e.name === "OpenConnection").map((e) => e.session as string);

describe("ctips-kit replay --serve, the reference client as the client under test", () => {
  it.each([
    ["the mock's own recording", "monitor"],
    ["ctips-kit record's capture", "proxied"],
  ] as const)(
    "reproduces the findings of check --role client on %s (a call, a link, a disposal and reconnection)",
    async (_what, which) => {
      const original = await check(captures[which], which);
      expect(original.code).toBe(0);
      // The capture holds what the grading needs: two sessions (a reconnection), heartbeats, snapshots.
      expect(original.statuses.get("clientReconnectsAfterHeartbeatsStop")).toBe("passed");
      expect(original.statuses.get("clientTakesSnapshotAfterOnLine")).toBe("passed");

      const r = await replay(captures[which], which);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(original.code);
      expect([...r.statuses]).toEqual([...original.statuses]);
      const requests = readTimeline(captures[which]).filter((e) => e.kind === "request").length;
      expect(r.stdout).toContain(
        `replay: ${requests} request(s) answered as captured, 0 the capture did not have`,
      );
      expect(r.stdout).not.toContain("the client did otherwise");
      // New sessions, as many as captured; none of the captured SessionIds reaches the client.
      const captured = sessionsOf(readTimeline(captures[which]));
      const replayed = sessionsOf(r.timeline);
      expect(replayed).toHaveLength(captured.length);
      expect(replayed.length).toBe(2);
      // What went over the wire (the replay's own notes name the captured session they play).
      const wire = JSON.stringify(r.timeline.filter((e) => e.kind !== "note"));
      for (const id of captured)
        expect(wire.includes(id), `captured SessionId ${id} on the wire`).toBe(false);
    },
    90_000,
  );

  it("drives an agent desktop through its call (AcceptCall, SetDisposition, logout) with the events carrying its own RequestIds", async () => {
    const original = await check(captures.desktop, "desktop");
    const r = await replay(captures.desktop, "desktop");
    expect(r.code).toBe(0);
    for (const c of [
      "clientAnswersPresentedCallsWithin",
      "clientDisposesInWrapWithin",
      "clientLogsItsAgentsOut",
    ]) {
      expect(original.statuses.get(c), c).toBe("passed");
      expect(r.statuses.get(c), c).toBe("passed");
    }
    const requests = r.timeline.filter((e) => e.kind === "request");
    for (const op of ["LoginAgent", "AcceptCall", "SetDisposition", "LogoutAgent"])
      expect(
        requests.some((e) => e.name === op),
        op,
      ).toBe(true);
    const solicited = r.timeline.filter((e) => e.kind === "event" && (e.requestId ?? 0) !== 0);
    expect(solicited.length).toBeGreaterThan(5);
    for (const e of solicited)
      expect(
        requests.some((q) => q.requestId === e.requestId && q.seq < e.seq),
        `${e.name} #${e.seq} RequestId ${e.requestId}`,
      ).toBe(true);
  }, 90_000);

  it.each([
    ["no-snapshot", "monitor", "clientTakesSnapshotAfterOnLine"],
    ["no-resubscribe", "monitor", "clientReconnectsAfterHeartbeatsStop"],
    ["heartbeats-unanswered", "monitor", "clientAnswersHeartbeatsWithin"],
    ["no-accept", "desktop", "clientAnswersPresentedCallsWithin"],
  ] as const)(
    "fails the replay of a client that misbehaves (%s): %s capture, %s",
    async (misbehave, which, rule) => {
      const original = await check(captures[which], which);
      expect(original.statuses.get(rule)).toBe("passed");
      const r = await replay(captures[which], `${which}-${misbehave}`, misbehave);
      expect(r.code).toBe(1);
      expect(r.statuses.get(rule)).toBe("failed");
      expect(r.stdout).toMatch(new RegExp(`FAIL +${rule} \\[`));
    },
    90_000,
  );

  it("without --run, prints the environment, asks the operator to stop the client where the captured one stopped, and grades it", async () => {
    const reports = join(dir, "operator");
    const kit = spawn(
      process.execPath,
      [BIN, "replay", captures.monitor, "--serve", "--listen", "127.0.0.1:0", "--reports", reports],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const seen = watch(kit);
    const exited = new Promise<number | null>((r) => kit.once("exit", (code) => r(code)));
    let client: ChildProcess | undefined;
    try {
      const endpoint = (await seen.line(/^ {2}CTIPS_ENDPOINT=(\S+)$/m))[1];
      const env = Object.fromEntries(
        [...seen.text.matchAll(/^ {2}(CTIPS_\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
      );
      expect(env).toMatchObject({ CTIPS_USER: "ctiuser", CTIPS_TENANT: "1", CTIPS_PROFILE: "monitor" });
      expect(Math.abs(Number(env.CTIPS_HEARTBEAT_MS) - HEARTBEAT_MS)).toBeLessThan(HEARTBEAT_MS / 4);
      client = spawn(process.execPath, [BIN, "client"], {
        env: { ...process.env, ...env, CTIPS_ENDPOINT: endpoint },
        stdio: ["ignore", "pipe", "pipe"],
      });
      await seen.line(/^OPERATOR: stop the client under test now/m, 60_000);
      expect(await stop(client)).toBe(0);
      expect(await exited).toBe(0);
    } finally {
      if (client) await stop(client);
      await stop(kit);
    }
    expect(seen.text).toMatch(/checks: \d+ — \d+ passed, 0 failed/);
    expect(statuses(reports).get("clientShutsDownOffLineThenClose")).toBe("passed");
  }, 90_000);
});
