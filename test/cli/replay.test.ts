/**
 * The replay of a capture's server side, in-process and fast: what it reads out of a capture
 * (answers by session and operation, callbacks with what each waits for, where the captured
 * client shut down, the environment for the client), what a client then gets (the captured
 * answers and faults, the callbacks with new SessionIds and its own RequestIds), how it
 * reports a client that does otherwise; and `ctips-kit replay`'s refusals (exit 2). The
 * reference client's replays, graded, are in replay.timing.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/errors.ts";
import { createRecordingClient } from "../../src/mock-client/index.ts";
import type { ClientSession, RecordingClient } from "../../src/mock-client/types.ts";
import { checkCapture } from "../../src/runner/check-capture.ts";
import { planReplay, replayCapture } from "../../src/runner/replay.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { Peers } from "../integration/peers.ts";
import { runKit } from "../support/processes.ts";

const dir = mkdtempSync(join(tmpdir(), "ctips-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEARTBEAT_MS = 60;
let capture: TimelineEntry[] = [];
let captureFile = "";

/**
 * The mock's recording of one session by the recording client: a refused AddMessageClass
 * (a fault to replay), subscriptions, OnLine, a Snapshot (events that answer it), a call
 * (unsolicited events), heartbeats, OffLine, CloseConnection.
 */
beforeAll(async () => {
  const peers = new Peers();
  try {
    const mock = await peers.mock({ heartbeatIntervalMs: HEARTBEAT_MS });
    const client = await peers.client(mock);
    const s = await client.openSession({
      categories: ["EventCategoryCall", "EventCategorySystem"],
      online: false,
    });
    const refused = await s.send("AddMessageClass", { MessageClass: "INVALID" });
    expect(refused.ok).toBe(false);
    await s.online();
    const snap = await s.send("Snapshot", { EntityType: ["ServiceInfo"] });
    await s.waitForEvent(
      { type: "SnapShotUpdate", requestId: snap.requestId, where: (v) => v.SnapShotTypeComplete === true },
      2_000,
    );
    const { callId } = mock.control.createCall({ serviceId: 100, ani: "5551234", dnis: "8005550100" });
    await s.waitForEvent({ type: "CallDelivered" }, 2_000);
    mock.control.hangup(callId);
    await s.waitForEvent({ type: "CallCompleted" }, 2_000);
    await new Promise((r) => setTimeout(r, 3 * HEARTBEAT_MS));
    await s.offline();
    await s.close();
    capture = [...mock.timeline.entries];
  } finally {
    await peers.close();
  }
  captureFile = join(dir, "capture.jsonl");
  writeFileSync(captureFile, capture.map((e) => `${JSON.stringify(e)}\n`).join(""));
}, 30_000);

describe("planReplay", () => {
  it("answers by session and operation, each with its captured answer, the refused one with its fault", () => {
    const plan = planReplay(capture);
    expect(plan.opens).toHaveLength(1);
    expect(plan.sessions.size).toBe(1);
    const s = [...plan.sessions.values()][0];
    expect(s.id).toBe(capture.find((e) => e.kind === "response" && e.name === "OpenConnection")?.session);
    const amc = s.byOperation.get("AddMessageClass") ?? [];
    expect(amc.map((x) => x.answer?.kind)).toEqual(["response", "response", "fault"]);
    expect(amc[2].answer?.faultCode).toBe("InvalidParameter");
    expect(s.byOperation.get("Snapshot")?.[0].answer?.kind).toBe("response");
    expect(plan.profile).toBe("wire");
  });

  it("makes each callback wait for what it followed: StartSession its OpenConnection, heartbeats OnLine, a snapshot its Snapshot", () => {
    const s = [...planReplay(capture).sessions.values()][0];
    expect(s.events[0]).toMatchObject({ kind: "startSession", anchor: { name: "OpenConnection" } });
    const updates = s.events.filter((i) => i.entry.name === "SnapShotUpdate");
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) expect(u.solicitedBy?.name).toBe("Snapshot");
    const call = s.events.filter((i) => i.entry.name === "CallStarted");
    expect(call).toHaveLength(1);
    expect(call[0].solicitedBy).toBeUndefined();
    expect(call[0].anchor?.name).toBe("Snapshot");
    expect(s.heartbeats.length).toBeGreaterThanOrEqual(3);
    for (const h of s.heartbeats) expect(h.anchor?.name).toBe("OnLine");
    expect(s.heartbeatMs).toBeGreaterThan(HEARTBEAT_MS * 0.5);
    expect(s.heartbeatMs).toBeLessThan(HEARTBEAT_MS * 2);
  });

  it("finds where the captured client shut down (its trailing OffLine, CloseConnection) and that heartbeats ran until then", () => {
    const plan = planReplay(capture);
    expect(plan.stopAt?.name).toBe("OffLine");
    const s = [...plan.sessions.values()][0];
    expect(s.heartbeatsRunOn).toBe(true);
    expect(
      [...s.events, ...s.heartbeats].every((i) => !i.shutdown || i.entry.seq > (plan.stopAt?.seq ?? 0)),
    ).toBe(true);
  });

  it("tells a silence (heartbeats stopped while the session stayed online) from a session that ended", () => {
    const cut = capture.findIndex((e) => e.kind === "request" && e.name === "OffLine");
    const last = capture[cut - 1];
    const silent = [
      ...capture.slice(0, cut),
      {
        ...last,
        seq: last.seq + 1,
        monoNs: last.monoNs + 20 * HEARTBEAT_MS * 1e6,
        kind: "note",
        code: "later",
      } as TimelineEntry,
    ];
    const plan = planReplay(silent);
    expect([...plan.sessions.values()][0].heartbeatsRunOn).toBe(false);
    expect(plan.stopAt).toBeUndefined();
  });

  it("tells the client what the captured client was: its user, tenant, profile and heartbeat", () => {
    const { env } = planReplay(capture);
    expect(env).toMatchObject({ CTIPS_USER: "ctiuser", CTIPS_TENANT: "1", CTIPS_PROFILE: "monitor" });
    expect(Number(env.CTIPS_HEARTBEAT_MS)).toBeGreaterThan(HEARTBEAT_MS * 0.5);
    expect(Number(env.CTIPS_HEARTBEAT_MS)).toBeLessThan(HEARTBEAT_MS * 2);
    expect(env.CTIPS_PASSWORD).not.toBe("ctipass");
  });

  it("refuses a capture without an OpenConnection (CTIPSKIT_E_REPLAY)", () => {
    const noOpen = capture.filter((e) => e.name !== "OpenConnection");
    let err: unknown;
    try {
      planReplay(noOpen);
    } catch (e) {
      err = e;
    }
    expect(isKitError(err, "CTIPSKIT_E_REPLAY")).toBe(true);
  });
});

describe("replayCapture, to the recording client", () => {
  /** Plays the capture to a recording client that does what `script` does; stops when asked. */
  async function replayTo(script: (s: ClientSession, client: RecordingClient) => Promise<void>) {
    let client: RecordingClient | undefined;
    let session: ClientSession | undefined;
    let ran: Promise<void> | undefined;
    const result = await replayCapture({
      entries: capture,
      waitMs: 500,
      onListening: ({ endpoint }) => {
        ran = (async () => {
          client = await createRecordingClient({
            target: endpoint,
            credentials: { userName: "ctiuser", password: "anything" },
            tenantId: 1,
          });
          session = await client.openSession({
            categories: ["EventCategoryCall", "EventCategorySystem"],
            online: false,
          });
          await script(session, client);
        })();
      },
      onStop: async () => {
        await ran;
        await session?.offline();
        await session?.close();
      },
    });
    await ran;
    const entries = [...(client?.timeline.entries ?? [])];
    await client?.close();
    return { result, client: entries, sessionId: session?.sessionId };
  }

  it("opens a new session, calls it back with its id, and answers as captured, the fault included", async () => {
    const { result, client, sessionId } = await replayTo(async (s) => {
      const refused = await s.send("AddMessageClass", { MessageClass: "INVALID" });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.fault.detail?.ErrorCode).toBe("InvalidParameter");
      await s.online();
      await s.send("Snapshot", { EntityType: ["ServiceInfo"], RequestId: 4242 });
      await s.waitForEvent({ type: "CallCompleted" }, 3_000);
    });
    const captured = [...planReplay(capture).sessions.keys()][0];
    expect(sessionId).toBeDefined();
    expect(sessionId).not.toBe(captured);
    expect(client.find((e) => e.kind === "startSession")?.session).toBe(sessionId);
    const beats = client.filter((e) => e.kind === "heartbeat");
    expect(beats.length).toBeGreaterThanOrEqual(2);
    for (const b of beats) expect((b.payload as { sessionId?: string }).sessionId).toBe(sessionId);
    expect(JSON.stringify(client)).not.toContain(captured);
    expect(result.matched).toBe(capture.filter((e) => e.kind === "request").length);
    expect(result.unmatched).toBe(0);
    expect(result.divergences).toEqual([]);
    expect(result.stopped).toBe(true);
  });

  it("gives the events that answered a request the RequestId this client gave it; unsolicited ones keep 0", async () => {
    const { client } = await replayTo(async (s) => {
      await s.send("AddMessageClass", { MessageClass: "INVALID" });
      await s.online();
      await s.send("Snapshot", { EntityType: ["ServiceInfo"], RequestId: 4242 });
      await s.waitForEvent({ type: "CallCompleted" }, 3_000);
    });
    const updates = client.filter((e) => e.kind === "event" && e.name === "SnapShotUpdate");
    expect(updates.length).toBe(
      capture.filter((e) => e.kind === "event" && e.name === "SnapShotUpdate").length,
    );
    for (const u of updates) expect(u.requestId).toBe(4242);
    const call = client.filter(
      (e) => e.kind === "event" && e.callId !== undefined && e.name?.startsWith("Call"),
    );
    expect(call.length).toBeGreaterThan(2);
    for (const e of call) expect(e.requestId).toBe(0);
  });

  it("reports a client that does otherwise: a request the capture lacks is refused, one it had is missed, and what answered it is not sent", async () => {
    const { result, client } = await replayTo(async (s) => {
      await s.send("AddMessageClass", { MessageClass: "INVALID" });
      await s.online();
      const extra = await s.send("GetAgentState", { AgentIdx: 1001 });
      expect(extra.ok).toBe(false);
      if (!extra.ok) expect(extra.fault.detail?.ErrorCode).toBe("InvalidRequest");
      await s.waitForEvent({ type: "CallCompleted" }, 4_000);
    });
    expect(result.unmatched).toBe(1);
    expect(result.divergences.join("\n")).toMatch(
      /the client sent GetAgentState in session #1, which the captured client did not/,
    );
    expect(result.divergences.join("\n")).toMatch(
      /the capture's Snapshot \(seq \d+, session #1\) did not come again/,
    );
    expect(result.divergences.join("\n")).toMatch(
      /the captured client sent 1 Snapshot in session #1 that did not come again/,
    );
    expect(client.filter((e) => e.kind === "event" && e.name === "SnapShotUpdate")).toEqual([]);
    expect(client.some((e) => e.kind === "event" && e.name === "CallCompleted")).toBe(true);
    expect(result.timeline.entries.some((e) => e.kind === "note" && e.code === "replay-skipped")).toBe(true);
  });

  it("records what the client did so the client's checks grade it: the replay's timeline has what they need", async () => {
    const { result } = await replayTo(async (s) => {
      await s.send("AddMessageClass", { MessageClass: "INVALID" });
      await s.online();
      await s.send("Snapshot", { EntityType: ["ServiceInfo"] });
      await s.waitForEvent({ type: "CallCompleted" }, 3_000);
    });
    const report = checkCapture(result.timeline.entries, { role: "client" });
    const status = (check: string) => report.checks.find((c) => c.check === check)?.status;
    expect(status("clientAnswersHeartbeatsWithin")).toBe("passed");
    expect(status("clientAnswersEventsWithin")).toBe("passed");
    expect(status("clientShutsDownOffLineThenClose")).toBe("passed");
    expect(report.capture.recorders).toEqual(["replay"]);
  });
});

describe("ctips-kit replay refuses (exit 2)", () => {
  it.each([
    [
      "--to-client: the client always comes first",
      () => [captureFile, "--to-client", "http://127.0.0.1:1/cb"],
      /CTIPSKIT_E_USAGE: --to-client is not a mode of replay: a CTIPS calls back only a client that opened a session/,
    ],
    ["no --serve", () => [captureFile], /CTIPSKIT_E_USAGE: ctips-kit replay needs --serve/],
    ["no capture", () => ["--serve"], /needs exactly one CAPTURE file/],
    ["a bad --listen", () => [captureFile, "--serve", "--listen", "localhost"], /--listen must be HOST:PORT/],
    [
      "a capture without OpenConnection",
      () => {
        const f = join(dir, "no-open.jsonl");
        writeFileSync(
          f,
          capture
            .filter((e) => e.name !== "OpenConnection")
            .map((e) => `${JSON.stringify(e)}\n`)
            .join(""),
        );
        return [f, "--serve", "--listen", "127.0.0.1:0"];
      },
      /CTIPSKIT_E_REPLAY: the capture holds no OpenConnection/,
    ],
    [
      "no client within --connect-timeout-ms",
      () => [captureFile, "--serve", "--listen", "127.0.0.1:0", "--connect-timeout-ms", "300"],
      /CTIPSKIT_E_CLIENT_TIMEOUT: no OpenConnection reached the replay at http:\/\/127\.0\.0\.1:\d+\/Aspect\.UnifiedIP\.EDK\.CTIPortalService within 300 ms/,
    ],
    [
      "a client that exits before it connects",
      () => [captureFile, "--serve", "--listen", "127.0.0.1:0", "--run", "exit 3"],
      /CTIPSKIT_E_CLIENT_TIMEOUT: the client under test exited before it sent OpenConnection/,
    ],
  ])("%s", async (_what, args, message) => {
    const r = await runKit(["replay", ...args(), "--reports", join(dir, "refused")], { timeoutMs: 30_000 });
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });
});
