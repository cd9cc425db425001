/**
 * The mock CTIPS and the recording client against each other over real HTTP: a session's
 * life, subscriptions and filters, offline gating, refused logons and Snapshot, each judged
 * on both timelines. (The mock's own tests use a small fake client; these use the real one.)
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/index.ts";
import type { RecordingClient } from "../../src/mock-client/index.ts";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { countReached, expectFault, Peers, sleep, TENANT } from "./peers.ts";

const peers = new Peers();
let mock: MockCtips;
let client: RecordingClient;

beforeEach(async () => {
  mock = await peers.mock();
  client = await peers.client(mock);
});
afterEach(() => peers.close());

const exchanges = (entries: readonly TimelineEntry[], session: string) =>
  entries.filter((e) => e.kind === "request" && e.session === session).map((e) => e.name);

describe("a session between the two peers", () => {
  it("opens, subscribes, filters and goes online, every step answered and recorded on both sides", async () => {
    const s = await client.openSession({
      categories: ["EventCategoryAgent"],
      filters: [{ fieldType: "FT_AGENT_ID", value: "1001" }],
    });
    expect(s.state).toBe("online");
    const steps = ["AddMessageClass", "AddFilter", "OnLine"];
    expect(exchanges(client.timeline.entries, s.sessionId)).toEqual(steps);
    expect(exchanges(mock.timeline.entries, s.sessionId)).toEqual(steps);
    // Every request the mock received was answered with a response, none with a fault.
    const received = mock.timeline.query((e) => e.kind === "request");
    expect(received.map((e) => e.name)).toEqual(["OpenConnection", ...steps]);
    for (const r of received) {
      expect(mock.timeline.find((e) => e.replyTo === r.seq)?.kind).toBe("response");
    }
    // StartSession went from the mock to the client under the new SessionId.
    expect(client.timeline.find((e) => e.kind === "startSession")).toMatchObject({
      session: s.sessionId,
      payload: { sessionId: s.sessionId },
    });
    expect(mock.core.sessions.get(s.sessionId)).toMatchObject({ state: "online" });
    expect([...(mock.core.sessions.get(s.sessionId)?.categories ?? [])]).toEqual(["EventCategoryAgent"]);
  });

  it("delivers only the events its message classes and filters let through", async () => {
    const s = await client.openSession({
      categories: ["EventCategoryAgent"],
      filters: [{ fieldType: "FT_AGENT_ID", value: "1001" }],
    });
    const login = (AgentLoginName: string, StationId: string, InitState: string) =>
      s.send("LoginAgent", { AgentLoginName, StationId, InitState });
    const other = await login("agent2", "4002", "NotReady");
    const mine = await login("agent1", "4001", "Idle");
    expect([other.ok, mine.ok]).toEqual([true, true]);
    await s.waitForEvent({ type: "AgentStateChange", requestId: mine.requestId }, 2_000);
    // agent1's login events, in the order the guide gives (EDK 1-1), and nothing of agent2's.
    expect(s.byRequestId(mine.requestId!).events.map((e) => e.name)).toEqual([
      "AgentLoginStateChange",
      "AudioPathStateChange",
      "AgentStateChange",
    ]);
    expect(s.events().every((e) => e.agentId === 1001)).toBe(true);
    expect(s.byRequestId(other.requestId!).events).toEqual([]);
    // The mock sent agent2's events to nobody: no event entry for them on its timeline.
    expect(mock.timeline.query((e) => e.kind === "event" && e.agentId === 1002)).toEqual([]);
    // Call events were not subscribed: no call event even for agent1 once a call reaches it.
    mock.control.createCall({ serviceId: 100, ani: "5551234", dnis: "8005550100" });
    await s.waitForEvent({ type: "AgentStateChange", where: (v) => v.AgentState === "PendingActive" }, 2_000);
    expect(s.events().filter((e) => e.eventType?.startsWith("CTICall"))).toEqual([]);
  });

  it("sends nothing to an offline session, refuses its requests, and resumes on OnLine", async () => {
    const gated = await client.openSession({ categories: ["EventCategorySystem"] });
    const sentinel = await client.openSession({ categories: ["EventCategorySystem"] });
    mock.control.setLink("Gateway", "down");
    await gated.waitForEvent({ type: "LinkStatus" }, 2_000);

    expect((await gated.offline()).ok).toBe(true);
    const since = mock.timeline.length;
    mock.control.setLink("Gateway", "up");
    // The mock routes an event to all sessions in one step: once the sentinel has it, the
    // offline session would have had it too.
    await sentinel.waitForEvent({ type: "LinkStatus", where: (v) => v.ComponentState === "Up" }, 2_000);
    expect(mock.timeline.query((e) => e.kind === "event" && e.session === gated.sessionId, since)).toEqual(
      [],
    );
    expect(gated.events().map((e) => (e.payload as { ComponentState: string }).ComponentState)).toEqual([
      "Down",
    ]);
    await expectFault(
      mock,
      () => gated.send("Snapshot", { EntityType: ["AgentInfo"] }),
      "InvalidRequest",
      "Snapshot",
    );

    expect((await gated.online()).ok).toBe(true);
    mock.control.setLink("Gateway", "down");
    await gated.waitForEvent({ type: "LinkStatus", where: (v) => v.ComponentState === "Down" }, 2_000, since);
    expect(gated.events().map((e) => (e.payload as { ComponentState: string }).ComponentState)).toEqual([
      "Down",
      "Down",
    ]);
  });

  it("closes on CloseConnection: the mock disposes of it and answers later requests InvalidSessionId", async () => {
    const s = await client.openSession({ categories: ["EventCategorySystem"] });
    expect((await s.close()).ok).toBe(true);
    expect(
      mock.timeline.find(
        (e) =>
          e.code === "session-state" &&
          e.session === s.sessionId &&
          (e.payload as { to?: string } | undefined)?.to === "closed",
      ),
    ).toBeDefined();
    expect(mock.core.sessions.has(s.sessionId)).toBe(false); // closed sessions are forgotten
    mock.control.setLink("Gateway", "down");
    await sleep(30);
    expect(mock.timeline.query((e) => e.kind === "event")).toEqual([]);
    await expectFault(mock, () => s.send("OnLine"), "InvalidSessionId", "OnLine");
  });
});

describe("refused logons", () => {
  it("refuses a tenant other than the mock's with InvalidTenantId, and opens no session", async () => {
    const err = await client.openSession({ tenantIds: [TENANT + 1] }).catch((e: unknown) => e);
    expect(isKitError(err, "CTIPSKIT_E_SOAP_FAULT")).toBe(true);
    expect(client.timeline.find((e) => e.kind === "fault")).toMatchObject({
      name: "OpenConnection",
      faultCode: "InvalidTenantId",
    });
    expect(mock.timeline.find((e) => e.kind === "fault")).toMatchObject({
      name: "OpenConnection",
      faultCode: "InvalidTenantId",
    });
    expect(mock.core.sessions.size).toBe(0);
    expect(client.timeline.find((e) => e.kind === "startSession")).toBeUndefined();
  });

  it("refuses two tenants at once, even if one is the mock's (EDK 3-1: one tenant)", async () => {
    const err = await client.openSession({ tenantIds: [TENANT, TENANT + 1] }).catch((e: unknown) => e);
    expect(isKitError(err, "CTIPSKIT_E_SOAP_FAULT")).toBe(true);
    expect(mock.timeline.find((e) => e.kind === "fault")?.faultCode).toBe("InvalidTenantId");
  });

  it("refuses a wrong password with Response logonFailed and no SessionId (EDK 3-2), opening nothing", async () => {
    const err = await client
      .openSession({ credentials: { userName: "ctiuser", password: "wrong" } })
      .catch((e: unknown) => e);
    expect(isKitError(err, "CTIPSKIT_E_SOAP_FAULT")).toBe(true);
    const expected = { OpenConnectionResult: { SessionId: null, Response: "logonFailed" } };
    expect(client.timeline.find((e) => e.kind === "response")).toMatchObject({
      name: "OpenConnection",
      payload: expected,
    });
    expect(mock.timeline.find((e) => e.kind === "response")).toMatchObject({ payload: expected });
    expect(mock.core.sessions.size).toBe(0);
    // Neither side keeps the password (docs/recording-client.md, timeline redaction).
    for (const t of [client.timeline, mock.timeline]) {
      expect(JSON.stringify(t.entries)).not.toContain("wrong");
    }
  });

  it("refuses an unknown user the same way", async () => {
    const err = await client
      .openSession({ credentials: { userName: "mallory", password: "ctipass" } })
      .catch((e: unknown) => e);
    expect(isKitError(err, "CTIPSKIT_E_SOAP_FAULT")).toBe(true);
    expect(mock.timeline.find((e) => e.kind === "response")?.payload).toEqual({
      OpenConnectionResult: { SessionId: null, Response: "logonFailed" },
    });
  });
});

describe("Snapshot", () => {
  it("answers with one SnapShotUpdate per agent, call and service, the last of each type complete", async () => {
    const s = await client.openSession({ categories: ["EventCategoryAgent"] });
    for (const [name, station] of [
      ["agent1", "4001"],
      ["agent2", "4002"],
    ]) {
      const r = await s.send("LoginAgent", {
        AgentLoginName: name,
        StationId: station,
        InitState: "NotReady",
      });
      await s.waitForEvent({ type: "AgentStateChange", requestId: r.requestId }, 2_000);
    }
    const snap = await s.send("Snapshot", { EntityType: ["AgentInfo", "CallInfo", "ServiceInfo"] });
    expect(snap.ok && snap.result).toBe(0);
    const services = mock.core.config.topology.services.length;
    const expected = 2 + 1 + services; // no call: one empty, complete CallInfo update
    await countReached(
      client.timeline,
      (e) => e.kind === "event" && e.requestId === snap.requestId,
      expected,
      2_000,
    );
    const updates = s.byRequestId(snap.requestId!).events.map((e) => e.payload as Record<string, unknown>);
    expect(updates.map((u) => u.EventType).every((t) => t === "SnapShotUpdate")).toBe(true);
    const byType = (t: string) => updates.filter((u) => u.SnapShotType === t);
    expect(updates.map((u) => u.SnapShotType)).toEqual([
      "AgentInfo",
      "AgentInfo",
      "CallInfo",
      ...Array(services).fill("ServiceInfo"),
    ]);
    expect(
      byType("AgentInfo").map((u) => (u.AgentData as { AgentLoginName: string }).AgentLoginName),
    ).toEqual(["agent1", "agent2"]);
    for (const t of ["AgentInfo", "CallInfo", "ServiceInfo"]) {
      const flags = byType(t).map((u) => u.SnapShotTypeComplete);
      expect(flags, t).toEqual([...Array(flags.length - 1).fill(false), true]);
    }
    expect(byType("CallInfo")[0].CallData).toBeNull();
    // The mock sent exactly these, to this session only, and the client answered each.
    const sent = mock.timeline.query((e) => e.kind === "event" && e.requestId === snap.requestId);
    expect(sent).toHaveLength(expected);
    expect(new Set(sent.map((e) => e.session))).toEqual(new Set([s.sessionId]));
    await mock.timeline.waitFor((e) => e.replyTo === sent.at(-1)?.seq, 2_000);
    for (const e of sent)
      expect(mock.timeline.find((r) => r.replyTo === e.seq)?.kind).toBe("callbackResponse");
  });

  it("answers a Snapshot of no entity type with result 0, then SnapShotRequestFailed", async () => {
    const s = await client.openSession({ categories: ["EventCategorySystem"] });
    const snap = await s.send("Snapshot", { EntityType: [] });
    expect(snap.ok).toBe(true);
    const failed = await s.waitForEvent({ requestId: snap.requestId }, 2_000);
    expect(failed).toMatchObject({ name: "SnapShotRequestFailed", eventType: "CTISnapShotRequestFailed" });
    expect(failed.payload).toMatchObject({ FailureType: "RequestFailed" });
  });
});
