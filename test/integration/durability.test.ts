/**
 * A timeline survives `kill -9`: each recorder appends an entry before the exchange it
 * records is acknowledged, so whatever the other side saw acknowledged is in the file, and
 * the file reads up to its last complete line (a torn last line is reported, not fatal).
 *
 * - `ctips-kit mock --record FILE`, a process, killed during a burst of 10,000 events to a
 *   recording client, while the client also sends requests: every event the client
 *   received, and every request the client got an answer to, is in the mock's file.
 * - The recording client as a process, recording to a file, killed during a burst of
 *   10,000 events from an in-process mock: every event whose answer the mock read is in the
 *   client's file, with the answer the client wrote.
 *
 * test/cli/record-durability.test.ts shows the same of the recording proxy.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { createRecordingClient, type RecordingClient } from "../../src/mock-client/index.ts";
import { type MockCtips, resolveMockConfig, startMockCtips } from "../../src/mock-ctips/index.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { Timeline } from "../../src/timeline/timeline.ts";
import { eventsOf, killOnNth, readKilledTimeline } from "../support/durability.ts";
import { awaitLine, ROOT, startMockProcess } from "../support/processes.ts";
import { TENANT, USER } from "./peers.ts";

const EVENTS = 10_000;
const KILL_AFTER = 3_000;
const IN_FLIGHT = 8;

let child: ChildProcess | undefined;
let client: RecordingClient | undefined;
let mock: MockCtips | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGKILL");
  await client?.close().catch(() => undefined);
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  child = client = mock = dir = undefined;
});

const state = (e: TimelineEntry) => (e.payload as { ComponentState?: string }).ComponentState;

/** The file reads to its last complete line, numbered without a gap; a torn last line is at most one entry's worth. */
function readable(file: string) {
  const { entries, torn } = readKilledTimeline(file);
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i));
  if (torn) expect(torn.line).toBe(entries.length + 1);
  return entries;
}

describe("the mock killed with SIGKILL", () => {
  it("has every event the client received and every request it got an answer to in its --record file", async () => {
    dir = mkdtempSync(join(tmpdir(), "ctips-durability-"));
    const file = join(dir, "mock.jsonl");
    const proc = await startMockProcess(["--record", file, "--heartbeat-ms", "60000"]);
    child = proc.child;
    const timeline = new Timeline({ recorder: "client" });
    client = await createRecordingClient({
      target: proc.endpoint,
      credentials: USER,
      tenantId: TENANT,
      timeline,
    });
    const s = await client.openSession({ categories: ["EventCategorySystem"] });
    const exited = killOnNth(timeline, (e) => e.kind === "event", KILL_AFTER, proc.child);

    // The burst: LinkStatus down/up through the control plane, 8 at a time; meanwhile requests.
    const agent = new Agent({ connections: IN_FLIGHT });
    let next = 0;
    const link = async () => {
      while (next < EVENTS) {
        const i = next++;
        const r = await request(`${proc.control}/links/Gateway/${i % 2 ? "up" : "down"}`, {
          method: "POST",
          dispatcher: agent,
        }).catch(() => undefined);
        if (!r) return;
        await r.body.dump();
      }
    };
    const ask = async () => {
      for (;;) {
        const o = await s
          .send("AddMessageClass", { MessageClass: "EventCategorySystem" })
          .catch(() => undefined);
        if (!o) return;
      }
    };
    await Promise.all([...Array.from({ length: IN_FLIGHT }, link), ask(), exited]);
    await agent.close();
    expect(proc.child.signalCode).toBe("SIGKILL");
    const received = eventsOf(timeline.entries, s.sessionId).events;
    expect(received.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(received.length).toBeLessThan(EVENTS);

    const entries = readable(file);
    // Every event the client received, in the order the mock sent them.
    const recorded = eventsOf(entries, s.sessionId).events;
    expect(recorded.slice(0, received.length).map(state)).toEqual(received.map(state));
    // Every request the client got an answer to: the request and its answer.
    const answered = timeline.entries.filter(
      (e) => e.kind === "response" && e.name === "AddMessageClass" && e.session === s.sessionId,
    );
    expect(answered.length).toBeGreaterThan(0);
    const requestIds = new Set(
      answered.map((a) => timeline.entries.find((r) => r.seq === a.replyTo)?.requestId as number),
    );
    const inFile = new Map(
      entries
        .filter((e) => e.kind === "request" && e.name === "AddMessageClass")
        .map((e) => [e.requestId, e]),
    );
    const responded = new Set(entries.filter((e) => e.kind === "response").map((e) => e.replyTo));
    const missing = [...requestIds].filter((rid) => {
      const r = inFile.get(rid);
      return !r || !responded.has(r.seq);
    });
    expect(missing).toEqual([]);
  }, 120_000);
});

describe("the recording client killed with SIGKILL", () => {
  it("has every event the mock saw it answer in its timeline file, with its answer", async () => {
    dir = mkdtempSync(join(tmpdir(), "ctips-durability-"));
    const file = join(dir, "client.jsonl");
    mock = await startMockCtips(
      resolveMockConfig({
        source: "test",
        value: { port: 0, heartbeatIntervalMs: 60_000, queueLimit: 2 * EVENTS, callbackTimeoutMs: 2_000 },
      }),
    );
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "test", "support", "recording-client-process.ts"), mock.endpoint, file],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    child = proc;
    const [, session] = await awaitLine(proc, /session (\S+)/, "the recording client", 30_000);
    // Acknowledged: the mock read the client's answer to the event (its callbackResponse).
    const exited = killOnNth(
      mock.timeline,
      (e) => e.kind === "callbackResponse" && e.name === "PublishCTIEvent" && e.session === session,
      KILL_AFTER,
      proc,
    );
    const acked: string[] = [];
    const sentStates = new Map<number, string>();
    const off = mock.timeline.onAppend((e) => {
      if (e.kind === "event" && e.session === session) sentStates.set(e.seq, state(e) as string);
      if (e.kind === "callbackResponse" && e.name === "PublishCTIEvent" && e.session === session)
        acked.push(sentStates.get(e.replyTo as number) as string);
    });
    for (let i = 0; i < EVENTS; i++) mock.control.setLink("Gateway", i % 2 ? "up" : "down");
    await exited;
    off();
    expect(proc.signalCode).toBe("SIGKILL");
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acked.length).toBeLessThan(EVENTS);

    const entries = readable(file);
    const { events, answered } = eventsOf(entries, session);
    // The events the mock saw answered are the first ones the client recorded, in order, each with its answer.
    expect(events.slice(0, acked.length).map(state)).toEqual(acked);
    expect(answered.length).toBeGreaterThanOrEqual(acked.length);
  }, 120_000);
});
