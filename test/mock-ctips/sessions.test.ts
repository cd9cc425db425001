import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import { CREDS, call, type FakeClient, openSession, startFakeClient, startTestMock } from "./fake-client.ts";

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

const open = (args: Record<string, unknown> = {}) =>
  call(mock, "OpenConnection", {
    TenantIds: [1],
    UserCredentials: CREDS,
    ClientCallbackURL: client.url,
    ...args,
  });

describe("the mock's session layer", () => {
  it("opens a session with a random SessionId and calls StartSession on the client", async () => {
    const a = await open();
    const b = await open();
    expect(a).toMatchObject({ ok: true, result: { Response: "_success" } });
    const id = (a as { result: { SessionId: string } }).result.SessionId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(id).not.toBe((b as { result: { SessionId: string } }).result.SessionId);
    const [start] = await client.waitFor((c) => c.op === "StartSession" && c.params.sessionId === id);
    expect(start.params.userinfo).toEqual(CREDS);
  });

  it("refuses wrong credentials with Response logonFailed and no session", async () => {
    const r = await open({ UserCredentials: { UserName: CREDS.UserName, Password: "wrong" } });
    expect(r).toMatchObject({ ok: true, result: { SessionId: null, Response: "logonFailed" } });
    expect(mock.control.state().sessions).toEqual([]);
  });

  it.each([
    ["another tenant", [2]],
    ["two tenants", [1, 2]],
    ["no tenant", []],
  ])("answers InvalidTenantId to OpenConnection with %s", async (_what, tenants) => {
    expect(await open({ TenantIds: tenants })).toMatchObject({ ok: false, code: "InvalidTenantId" });
  });

  it("gives the 11th OpenConnection MaxNumberClientConnections", async () => {
    for (let i = 0; i < 10; i++) expect(await open()).toMatchObject({ ok: true });
    expect(await open()).toMatchObject({ ok: false, code: "MaxNumberClientConnections", status: 500 });
  });

  it("answers InvalidSessionId for an unknown or closed session", async () => {
    expect(await call(mock, "OnLine", { SessionId: "nope", TenantId: 1 })).toMatchObject({
      ok: false,
      code: "InvalidSessionId",
    });
    const id = await openSession(mock, client);
    expect(await call(mock, "CloseConnection", { SessionId: id })).toMatchObject({ ok: true, result: 0 });
    expect(await call(mock, "OnLine", { SessionId: id, TenantId: 1 })).toMatchObject({
      ok: false,
      code: "InvalidSessionId",
    });
  });

  it("forgets closed sessions, so a long-running mock does not grow with every client", async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await openSession(mock, client));
    expect(mock.core.sessions.size).toBe(5);
    for (const id of ids) await call(mock, "CloseConnection", { SessionId: id });
    expect(mock.core.sessions.size).toBe(0);
    expect(await open()).toMatchObject({ ok: true });
    expect(mock.core.sessions.size).toBe(1);
  });

  it("answers InvalidTenantId to a request naming another tenant", async () => {
    const id = await openSession(mock, client);
    expect(await call(mock, "OffLine", { SessionId: id, TenantId: 9 })).toMatchObject({
      ok: false,
      code: "InvalidTenantId",
    });
  });

  it("answers MissingArg when a required argument is absent", async () => {
    const r = await call(mock, "CloseConnection", {});
    expect(r).toMatchObject({ ok: false, code: "MissingArg", message: expect.stringContaining("SessionId") });
  });

  it("answers InvalidParameter for an INVALID message class, field type or bad filter value", async () => {
    const id = await openSession(mock, client, { online: false });
    expect(
      await call(mock, "AddMessageClass", { SessionId: id, TenantId: 1, MessageClass: "INVALID" }),
    ).toMatchObject({ code: "InvalidParameter" });
    expect(
      await call(mock, "AddFilter", { SessionId: id, TenantId: 1, FieldType: "INVALID", FieldValue: "1" }),
    ).toMatchObject({ code: "InvalidParameter" });
    expect(
      await call(mock, "AddFilter", {
        SessionId: id,
        TenantId: 1,
        FieldType: "FT_SERVICE_ID",
        FieldValue: "abc",
      }),
    ).toMatchObject({ code: "InvalidParameter" });
    expect(
      await call(mock, "OpenConnection", {
        TenantIds: [1],
        UserCredentials: CREDS,
        ClientCallbackURL: "not a url",
      }),
    ).toMatchObject({ code: "InvalidParameter" });
  });

  it("answers InvalidRequest to requests other than OnLine and CloseConnection while offline", async () => {
    const id = await openSession(mock, client);
    await call(mock, "OffLine", { SessionId: id, TenantId: 1 });
    expect(
      await call(mock, "AddMessageClass", { SessionId: id, TenantId: 1, MessageClass: "EventCategoryCall" }),
    ).toMatchObject({ code: "InvalidRequest" });
    expect(
      await call(mock, "Snapshot", { SessionId: id, RequestId: 5, TenantId: 1, EntityType: ["AgentInfo"] }),
    ).toMatchObject({ code: "InvalidRequest" });
    expect(await call(mock, "OnLine", { SessionId: id, TenantId: 1 })).toMatchObject({ ok: true });
  });

  it("answers InvalidRequest to agent requests before the first OnLine", async () => {
    const id = await openSession(mock, client, { online: false });
    const r = await call(mock, "GetAgentState", { SessionId: id, RequestId: 1, TenantId: 1, AgentIdx: 1001 });
    expect(r).toMatchObject({
      ok: false,
      code: "InvalidRequest",
      message: expect.stringContaining("opened"),
    });
  });

  it("records every exchange on its timeline, the request before its response", async () => {
    const id = await openSession(mock, client, { categories: ["EventCategoryAgent"] });
    const names = mock.timeline.entries.filter((e) => e.kind === "request").map((e) => e.name);
    expect(names).toEqual(["OpenConnection", "AddMessageClass", "OnLine"]);
    for (const res of mock.timeline.entries.filter((e) => e.kind === "response")) {
      expect(res.replyTo).toBeLessThan(res.seq);
    }
    expect(
      mock.timeline.entries.some((e) => e.kind === "note" && e.session === id && e.code === "session-state"),
    ).toBe(true);
  });

  it("keeps the password out of the timeline", async () => {
    await open();
    expect(JSON.stringify(mock.timeline.entries)).not.toContain(CREDS.Password);
  });
});
