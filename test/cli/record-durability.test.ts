/**
 * A capture survives `kill -9`: `ctips-kit record` runs as its own process between the
 * recording client and a fake CTIPS that pushes 10,000 PublishCTIEvent callbacks through
 * it, eight at a time; the proxy is killed with SIGKILL in the middle of the burst. Every
 * event the client acknowledged (its own timeline has the callbackResponse) must be in the
 * capture file, and the file must read up to its last complete line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contract, encodeRequest, SOAP_CONTENT_TYPE, soapActionFor } from "../../src/contract/index.ts";
import { createRecordingClient, type RecordingClient } from "../../src/mock-client/index.ts";
import { readCapture } from "../../src/runner/check-capture.ts";
import { Timeline, type TimelineEntry } from "../../src/timeline/index.ts";
import { killOnNth, readKilledTimeline } from "../support/durability.ts";
import { event, type FakeCtips, startFakeCtips } from "../mock-client/fake-ctips.ts";
import { BIN } from "../support/processes.ts";

const EVENTS = 10_000;
const KILL_AFTER = 3_000;
const IN_FLIGHT = 8;

let child: ChildProcess | undefined;
let fake: FakeCtips | undefined;
let client: RecordingClient | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGKILL");
  await client?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  child = fake = client = dir = undefined;
});

/** `ctips-kit record` as a process; resolves with the endpoint it prints. */
function startRecord(target: string, out: string): Promise<string> {
  const proc = spawn(
    process.execPath,
    [BIN, "record", "--listen", "127.0.0.1:0", "--target", target, "--out", out, "--log-level", "error"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child = proc;
  let printed = "";
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`record did not start: ${printed}`)), 15_000);
    proc.stderr?.on("data", (d) => (printed += d));
    proc.stdout?.on("data", (d) => {
      printed += d;
      const m = /listening on (\S+)/.exec(printed);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    proc.on("exit", (code) => reject(new Error(`record exited ${code}: ${printed}`)));
  });
}

/** Posts PublishCTIEvent CallStarted with CallId 1…n to `url`, `IN_FLIGHT` at a time, until n or the first failure. */
async function pushEvents(url: string, n: number): Promise<{ sent: number; failed?: string }> {
  const op = contract().operation("PublishCTIEvent");
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const target = new URL(url);
  let next = 1;
  let failed: string | undefined;
  const one = (callId: number) =>
    new Promise<void>((resolve, reject) => {
      const body = encodeRequest(op, { ctiEvent: event("CTICallStarted", { CallId: callId }) });
      const req = request(
        target,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": SOAP_CONTENT_TYPE,
            soapaction: `"${soapActionFor(op)}"`,
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const worker = async () => {
    while (!failed && next <= n) {
      const callId = next++;
      await one(callId).catch((err: Error) => {
        failed ??= err.message;
      });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  agent.destroy();
  return { sent: next - 1, failed };
}

describe("ctips-kit record killed with SIGKILL", () => {
  it("has every event the client acknowledged in its capture, readable up to the last complete line", async () => {
    dir = mkdtempSync(join(tmpdir(), "ctips-record-"));
    const out = join(dir, "capture.jsonl");
    fake = await startFakeCtips();
    const endpoint = await startRecord(fake.url, out);
    const timeline = new Timeline({ recorder: "client" });
    client = await createRecordingClient({
      target: endpoint,
      credentials: { userName: "u", password: "p" },
      tenantId: 1,
      timeline,
    });
    const s = await client.openSession({ categories: ["EventCategoryCall"] });
    const callbackUrl = fake.callbackUrls.get("S1") as string;
    expect(callbackUrl).toMatch(/\/cb\/1$/);

    let acknowledged = 0;
    const proc = child as ChildProcess;
    const isAck = (e: TimelineEntry) => e.kind === "callbackResponse" && e.name === "PublishCTIEvent";
    timeline.onAppend((e) => {
      if (isAck(e)) acknowledged++;
    });
    const exited = killOnNth(timeline, isAck, KILL_AFTER, proc);
    const pushed = await pushEvents(callbackUrl, EVENTS);
    await exited;
    expect(proc.signalCode).toBe("SIGKILL");
    expect(pushed.failed).toBeDefined(); // the burst was cut short by the kill
    expect(acknowledged).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acknowledged).toBeLessThan(EVENTS);

    // What the client acknowledged: its events that have its callbackResponse.
    const answered = new Set(timeline.query((e) => e.kind === "callbackResponse").map((e) => e.replyTo));
    const acked = timeline.query((e) => e.kind === "event" && answered.has(e.seq)).map((e) => e.callId);
    expect(acked.length).toBe(acknowledged);
    expect(s.events().length).toBeGreaterThanOrEqual(acked.length);

    const { entries, torn } = readKilledTimeline(out);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i));
    if (torn) expect(torn.line).toBe(entries.length + 1);
    const recorded = new Set(entries.filter((e) => e.kind === "event").map((e) => e.callId));
    expect(acked.filter((id) => !recorded.has(id))).toEqual([]);
    // `check` reads the same file: every complete line, a torn one reported.
    expect(readCapture(out).entries).toHaveLength(entries.length);
  }, 60_000);
});
