import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import { call, type FakeClient, openSession, startFakeClient, startTestMock } from "./fake-client.ts";

let mock: MockCtips;
let client: FakeClient;
beforeEach(async () => {
  mock = await startTestMock();
  client = await startFakeClient();
});
afterEach(async () => {
  await mock.close();
  await client.close();
});

const login = (id: string, requestId: number, name = "agent1", station = "4001") =>
  call(mock, "LoginAgent", {
    SessionId: id,
    RequestId: requestId,
    TenantId: 1,
    AgentLoginName: name,
    StationId: station,
    InitState: "Idle",
  });
const settle = (ms = 80) => new Promise((r) => setTimeout(r, ms));

describe("event routing", () => {
  it("delivers events of subscribed categories only, with the request's RequestId", async () => {
    const id = await openSession(mock, client, { categories: ["EventCategoryAgent"] });
    expect(await login(id, 41)).toMatchObject({ ok: true, result: 0 });
    await client.waitFor((c) => c.op === "PublishCTIEvent", 2000, 2);
    const events = client.events();
    expect(events.map((e) => e.EventType)).toContain("AgentLoginStateChange");
    expect(events.every((e) => e.EventCategory === "EventCategoryAgent")).toBe(true);
    expect(events.find((e) => e.EventType === "AgentLoginStateChange")?.RequestId).toBe(41);
    mock.control.createCall({ serviceId: 100, ani: "555", dnis: "800" });
    await settle();
    expect(client.events().some((e) => e.EventCategory === "EventCategoryCall")).toBe(false);
  });

  it("builds no event nobody could receive, and every event once a session subscribes", async () => {
    const built: string[] = [];
    mock.core.simulator.onEvent((e) => built.push(e.type));
    const id = await openSession(mock, client, { categories: ["EventCategoryCall"] });
    expect(await login(id, 7)).toMatchObject({ ok: true, result: 0 });
    await settle();
    expect(built).toEqual([]); // agent events, and no session takes the Agent category
    await call(mock, "AddMessageClass", { SessionId: id, TenantId: 1, MessageClass: "EventCategoryAgent" });
    await call(mock, "GetAgentState", { SessionId: id, RequestId: 8, TenantId: 1, AgentIdx: 1001 });
    await client.waitFor((c) => c.op === "PublishCTIEvent", 2000, 1);
    expect(built).toEqual(["CTIAgentStateChange"]);
    expect(client.events().map((e) => [e.EventType, e.RequestId])).toEqual([["AgentStateChange", 8]]);
  });

  it("sends another session's solicited events with RequestId 0", async () => {
    const a = await openSession(mock, client, { categories: ["EventCategoryAgent"], path: "?s=a" });
    await openSession(mock, client, { categories: ["EventCategoryAgent"], path: "?s=b" });
    await login(a, 7);
    const isStateChange = (c: { op: string; params: Record<string, unknown> }) =>
      c.op === "PublishCTIEvent" &&
      (c.params.ctiEvent as { value: { EventType: string } }).value.EventType === "AgentStateChange";
    await client.waitFor((c) => isStateChange(c) && c.path.endsWith("s=a"));
    await client.waitFor((c) => isStateChange(c) && c.path.endsWith("s=b"));
    const mine = client.events("/www.aspect.com/PublishEvents?s=a");
    const theirs = client.events("/www.aspect.com/PublishEvents?s=b");
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.RequestId === 7)).toBe(true);
    expect(theirs.map((e) => e.EventType)).toEqual(mine.map((e) => e.EventType));
    expect(theirs.every((e) => e.RequestId === 0)).toBe(true);
  });

  it("applies filters: OR within a field type, AND across, login names for agents", async () => {
    const byName = await openSession(mock, client, {
      categories: ["EventCategoryAgent"],
      filters: [["FT_AGENT_ID", "agent2"]],
      path: "?s=name",
    });
    const byId = await openSession(mock, client, {
      categories: ["EventCategoryAgent"],
      filters: [["FT_AGENT_ID", "1001"]],
      path: "?s=id",
    });
    await login(byName, 1, "agent1", "4001");
    await login(byName, 2, "agent2", "4002");
    await settle(150);
    const agentsOf = (p: string) =>
      new Set(client.events(`/www.aspect.com/PublishEvents?s=${p}`).map((e) => e.AgentId));
    expect(agentsOf("name")).toEqual(new Set([1002]));
    expect(agentsOf("id")).toEqual(new Set([1001]));
    expect(byId).toBeTruthy();
  });

  it("sends no events to a session that is offline", async () => {
    const id = await openSession(mock, client, { categories: ["EventCategoryAgent", "EventCategoryCall"] });
    await call(mock, "OffLine", { SessionId: id, TenantId: 1 });
    const other = await openSession(mock, client, { categories: ["EventCategoryAgent"], path: "?s=other" });
    await login(other, 3);
    await client.waitFor((c) => c.op === "PublishCTIEvent" && c.path.endsWith("s=other"));
    await settle();
    expect(client.events("/www.aspect.com/PublishEvents")).toEqual([]);
  });

  it("delivers LinkStatus on demand to System subscribers", async () => {
    await openSession(mock, client, { categories: ["EventCategorySystem"] });
    mock.control.setLink("CenterCord", "down");
    const [cb] = await client.waitFor((c) => c.op === "PublishCTIEvent");
    expect((cb.params.ctiEvent as { type: string }).type).toBe("CTILinkStatus");
    expect(client.events()[0]).toMatchObject({
      ComponentType: "CenterCord",
      ComponentState: "Down",
      RequestId: 0,
    });
  });
});

describe("Snapshot", () => {
  it("answers one SnapShotUpdate per logged-in agent and service, the last of each type complete", async () => {
    const id = await openSession(mock, client, { categories: ["EventCategoryAgent"] });
    await login(id, 1, "agent1", "4001");
    await login(id, 2, "agent2", "4002");
    await settle();
    const before = client.callbacks.length;
    expect(
      await call(mock, "Snapshot", {
        SessionId: id,
        RequestId: 9,
        TenantId: 1,
        EntityType: ["AgentInfo", "ServiceInfo"],
      }),
    ).toMatchObject({ ok: true, result: 0 });
    const services = mock.core.config.topology.services.length;
    await client.waitFor(
      (c) =>
        c.op === "PublishCTIEvent" && (c.params.ctiEvent as { type: string }).type === "CTISnapShotUpdate",
      2000,
      2 + services,
    );
    const snaps = client.callbacks
      .slice(before)
      .map((c) => (c.params.ctiEvent as { value: Record<string, unknown> }).value)
      .filter((v) => v.EventType === "SnapShotUpdate");
    expect(snaps.every((s) => s.RequestId === 9)).toBe(true);
    const agents = snaps.filter((s) => s.SnapShotType === "AgentInfo");
    const svc = snaps.filter((s) => s.SnapShotType === "ServiceInfo");
    expect(agents.map((s) => (s.AgentData as { AgentLoginName: string }).AgentLoginName)).toEqual([
      "agent1",
      "agent2",
    ]);
    expect(agents.map((s) => s.SnapShotTypeComplete)).toEqual([false, true]);
    expect(svc).toHaveLength(services);
    expect(svc.at(-1)?.SnapShotTypeComplete).toBe(true);
    expect(svc.slice(0, -1).every((s) => s.SnapShotTypeComplete === false)).toBe(true);
  });

  it("answers a Snapshot without entity types with SnapShotRequestFailed", async () => {
    const id = await openSession(mock, client, { categories: ["EventCategorySystem"] });
    expect(
      await call(mock, "Snapshot", { SessionId: id, RequestId: 4, TenantId: 1, EntityType: [] }),
    ).toMatchObject({ ok: true });
    await client.waitFor((c) => c.op === "PublishCTIEvent");
    expect(client.events()[0]).toMatchObject({ EventType: "SnapShotRequestFailed", RequestId: 4 });
  });
});

describe("delivery", () => {
  it("delivers 2,000 events to each of 3 sessions in order with none lost", async () => {
    const ids = [];
    for (const p of ["a", "b", "c"])
      ids.push(await openSession(mock, client, { categories: ["EventCategorySystem"], path: `?s=${p}` }));
    for (let i = 0; i < 1000; i++) {
      mock.control.setLink("Gateway", "down");
      mock.control.setLink("Gateway", "up");
    }
    await client.waitFor((c) => c.op === "PublishCTIEvent", 20_000, 6000);
    for (const p of ["a", "b", "c"]) {
      const states = client.events(`/www.aspect.com/PublishEvents?s=${p}`).map((e) => e.ComponentState);
      expect(states).toHaveLength(2000);
      expect(states.every((s, i) => s === (i % 2 === 0 ? "Down" : "Up"))).toBe(true);
    }
  });
});
