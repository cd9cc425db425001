/**
 * The recording client's requests: what goes on the wire, what the timeline records for
 * responses and faults, RequestIds, and the openSession sequence.
 */
import { afterEach, describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/errors.ts";
import { createRecordingClient, type RecordingClient } from "../../src/mock-client/index.ts";
import { Timeline } from "../../src/timeline/timeline.ts";
import { event, type FakeCtips, startFakeCtips } from "./fake-ctips.ts";

const CREDS = { userName: "Test01", password: "Test01" };
let fake: FakeCtips | undefined;
let client: RecordingClient | undefined;

afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

async function setup(fakeOpts: Parameters<typeof startFakeCtips>[0] = {}, recordRaw = true) {
  fake = await startFakeCtips(fakeOpts);
  client = await createRecordingClient({
    target: fake.url,
    credentials: CREDS,
    tenantId: 1,
    timeline: new Timeline({ recorder: "client", recordRaw }),
  });
  return { fake, client };
}

describe("requests", () => {
  it("records a request and its response with the latency the exchange took", async () => {
    const { fake, client } = await setup();
    fake.on("GetAgentState", async () => {
      await new Promise((r) => setTimeout(r, 30));
      return { result: 0 };
    });
    const s = await client.openSession({ categories: [], online: false });
    const out = await s.send("GetAgentState", { AgentIdx: 1001 });

    expect(out.ok).toBe(true);
    expect(out.request).toMatchObject({
      recorder: "client",
      direction: "out",
      kind: "request",
      name: "GetAgentState",
      session: "S1",
      requestId: out.requestId,
      payload: { args: { SessionId: "S1", RequestId: out.requestId, TenantId: 1, AgentIdx: 1001 } },
    });
    expect(out.request.raw).toContain("<GetAgentState ");
    expect(out.response).toMatchObject({
      direction: "in",
      kind: "response",
      name: "GetAgentState",
      session: "S1",
      replyTo: out.request.seq,
      payload: { GetAgentStateResult: 0 },
    });
    expect(out.response.raw).toContain("<GetAgentStateResult>0</GetAgentStateResult>");
    expect(out.response.latencyNs).toBe(out.response.monoNs - out.request.monoNs);
    expect(out.latencyMs).toBeGreaterThanOrEqual(25);
    expect(out.latencyMs * 1e6).toBeCloseTo(out.response.latencyNs ?? 0, -1);
  });

  it("sends the contract's SOAPAction, quoted, with the SOAP 1.1 content type", async () => {
    const { fake, client } = await setup();
    await client.sendRaw("OffLine", { SessionId: "X", TenantId: 1 });
    expect(fake.received.at(-1)?.soapAction).toBe(
      '"http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08/RegistrationService/OffLine"',
    );
  });

  it("returns a SOAP fault as an outcome and records it with the fault's ErrorCode", async () => {
    const { fake, client } = await setup();
    fake.on("OnLine", () => ({ fault: { ErrorCode: "InvalidSessionId", Message: "no such session" } }));
    const out = await client.sendRaw("OnLine", { SessionId: "nope", TenantId: 1 });

    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.fault).toEqual({
      faultcode: "s:Client",
      faultstring: "no such session",
      detail: { ErrorCode: "InvalidSessionId", Message: "no such session" },
    });
    expect(out.response).toMatchObject({
      kind: "fault",
      direction: "in",
      replyTo: out.request.seq,
      faultCode: "InvalidSessionId",
      httpStatus: 500,
    });
  });

  it("records a fault without detail under its faultcode", async () => {
    const { fake, client } = await setup();
    fake.on("OnLine", () => ({
      status: 500,
      contentType: "text/xml",
      body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>boom</faultstring></s:Fault></s:Body></s:Envelope>',
    }));
    const out = await client.sendRaw("OnLine", { SessionId: "S", TenantId: 1 });
    expect(out.ok).toBe(false);
    expect(out.response.faultCode).toBe("s:Server");
  });

  it("hands out RequestIds that are unique and never 0 across 1000 concurrent requests", async () => {
    const { fake, client } = await setup(undefined, false);
    const s = await client.openSession({ categories: [], online: false });
    const lane = async () => {
      for (let i = 0; i < 100; i++) await s.send("GetAgentState", { AgentIdx: 1 });
    };
    await Promise.all(Array.from({ length: 10 }, lane));
    const ids = fake.received.filter((r) => r.op === "GetAgentState").map((r) => r.args.RequestId);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(ids).not.toContain(0);
    const recorded = client.timeline.query((e) => e.kind === "request" && e.name === "GetAgentState");
    expect(new Set(recorded.map((e) => e.requestId))).toEqual(new Set(ids));
  });

  it("keeps a RequestId the caller gave and fills only what is absent", async () => {
    const { fake, client } = await setup();
    const s = await client.openSession({ categories: [], online: false });
    await s.send("GetAgentState", { AgentIdx: 7, RequestId: 4242 });
    await s.send("CloseConnection");
    const [get, close] = fake.received.slice(-2);
    expect(get.args).toEqual({ SessionId: "S1", RequestId: 4242, TenantId: 1, AgentIdx: 7 });
    expect(close.args).toEqual({ SessionId: "S1" });
  });

  it("sends raw arguments untouched, so a negative test can omit what a server needs", async () => {
    const { fake, client } = await setup();
    await client.sendRaw("GetAgentState", { SessionId: "S1", RequestId: 0, TenantId: 1, AgentIdx: 1 });
    expect(fake.received.at(-1)?.args.RequestId).toBe(0);
  });

  it("sends a caller's raw XML and SOAPAction verbatim", async () => {
    const { fake, client } = await setup();
    const xml =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><OffLine xmlns="http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08"><args><SessionId>R</SessionId><TenantId>1</TenantId></args></OffLine></s:Body></s:Envelope>';
    const out = await client.sendRaw("OffLine", {}, { rawXml: xml, soapAction: "urn:odd" });
    expect(fake.received.at(-1)?.body).toBe(xml);
    expect(fake.received.at(-1)?.soapAction).toBe('"urn:odd"');
    expect(out.request.raw).toBe(xml);
  });

  it("refuses a callback operation as a request", async () => {
    const { client } = await setup();
    await expect(client.sendRaw("Heartbeat", {})).rejects.toSatisfy((e) =>
      isKitError(e, "CTIPSKIT_E_UNKNOWN_OPERATION"),
    );
  });
});

describe("openSession", () => {
  it("sends OpenConnection, AddMessageClass per category, AddFilter per filter, then OnLine, in that order", async () => {
    const { fake, client } = await setup();
    const s = await client.openSession({
      categories: ["EventCategoryCall", "EventCategoryAgent"],
      filters: [
        { fieldType: "FT_AGENT_ID", value: "1001" },
        { fieldType: "FT_SERVICE_ID", value: "3" },
      ],
    });
    expect(fake.received.map((r) => r.op)).toEqual([
      "OpenConnection",
      "AddMessageClass",
      "AddMessageClass",
      "AddFilter",
      "AddFilter",
      "OnLine",
    ]);
    expect(fake.received[0].args).toEqual({
      TenantIds: [1],
      UserCredentials: { UserName: "Test01", Password: "Test01" },
      ClientCallbackURL: client.callbackUrl,
    });
    expect(fake.received.slice(1, 3).map((r) => r.args.MessageClass)).toEqual([
      "EventCategoryCall",
      "EventCategoryAgent",
    ]);
    expect(fake.received[3].args).toEqual({
      SessionId: "S1",
      TenantId: 1,
      FieldType: "FT_AGENT_ID",
      FieldValue: "1001",
    });
    expect(s.sessionId).toBe("S1");
    expect(s.state).toBe("online");
  });

  it("advertises the public callback URL, with a suffix for a second concurrent session", async () => {
    fake = await startFakeCtips({ startSession: false });
    client = await createRecordingClient({
      target: fake.url,
      credentials: CREDS,
      tenantId: 1,
      callback: { publicUrl: "http://gateway.example:8174/www.aspect.com/PublishEvents" },
    });
    await client.openSession({ categories: [], startSessionTimeoutMs: 1 });
    await client.openSession({ categories: [], startSessionTimeoutMs: 1 });
    expect(client.callbackUrl).toBe("http://gateway.example:8174/www.aspect.com/PublishEvents");
    expect([...fake.callbackUrls.values()]).toEqual([
      "http://gateway.example:8174/www.aspect.com/PublishEvents",
      "http://gateway.example:8174/www.aspect.com/PublishEvents/s2",
    ]);
  });

  it("subscribes to all four categories by default, as the guide's sample client does", async () => {
    const { fake, client } = await setup();
    await client.openSession();
    expect(fake.received.filter((r) => r.op === "AddMessageClass").map((r) => r.args.MessageClass)).toEqual([
      "EventCategoryAgent",
      "EventCategoryCall",
      "EventCategorySystem",
      "EventCategoryRoute",
    ]);
  });

  it("records the server's StartSession under the new session", async () => {
    const { client } = await setup();
    const s = await client.openSession({ categories: [], online: false });
    const start = client.timeline.find((e) => e.kind === "startSession");
    expect(start).toMatchObject({ session: s.sessionId, payload: { sessionId: "S1" } });
    expect(client.timeline.find((e) => e.code === "start-session-missing")).toBeUndefined();
  });

  it("records a note when no StartSession arrives, and goes on", async () => {
    const { fake, client } = await setup({ startSession: false });
    const s = await client.openSession({ categories: [], startSessionTimeoutMs: 50 });
    expect(
      client.timeline.find((e) => e.kind === "note" && e.code === "start-session-missing"),
    ).toMatchObject({
      session: s.sessionId,
    });
    expect(fake.received.at(-1)?.op).toBe("OnLine");
  });

  it("throws CTIPSKIT_E_SOAP_FAULT when OpenConnection is refused", async () => {
    const { fake, client } = await setup();
    fake.on("OpenConnection", () => ({
      fault: { ErrorCode: "MaxNumberClientConnections", Message: "full" },
    }));
    await expect(client.openSession()).rejects.toSatisfy(
      (e) => isKitError(e, "CTIPSKIT_E_SOAP_FAULT") && e.message.includes("MaxNumberClientConnections"),
    );
    expect(client.sessions).toHaveLength(0);
  });

  it("treats an OpenConnection result with a failure status as a refusal (the guide's form, EDK 3-2)", async () => {
    const { fake, client } = await setup();
    fake.on("OpenConnection", () => ({ result: { SessionId: "", Response: "maxNumberofClients" } }));
    await expect(client.openSession()).rejects.toSatisfy((e) => isKitError(e, "CTIPSKIT_E_SOAP_FAULT"));
  });

  it("closes the sessions it opened when the client closes", async () => {
    const { fake, client } = await setup();
    const a = await client.openSession({ categories: [] });
    const b = await client.openSession({ categories: [] });
    await b.close();
    await client.close();
    const closes = fake.received.filter((r) => r.op === "CloseConnection").map((r) => r.args.SessionId);
    expect(closes).toEqual([b.sessionId, a.sessionId]);
  });
});

describe("a closed client", () => {
  it("refuses to send with CTIPSKIT_E_ILLEGAL_STATE", async () => {
    const { client } = await setup();
    await client.close();
    await expect(client.sendRaw("OffLine", { SessionId: "S", TenantId: 1 })).rejects.toSatisfy((e) =>
      isKitError(e, "CTIPSKIT_E_ILLEGAL_STATE"),
    );
    await expect(client.openSession()).rejects.toSatisfy((e) => isKitError(e, "CTIPSKIT_E_ILLEGAL_STATE"));
  });
});

describe("the RequestId index", () => {
  it("finds a request, its answer and its events by RequestId", async () => {
    const { fake, client } = await setup();
    const s = await client.openSession({ categories: ["EventCategoryAgent"] });
    const out = await s.send("SetAgentState", { AgentIdx: 1001, NewState: "Idle" });
    const requestId = out.requestId as number;
    const url = fake.callbackUrls.get("S1") as string;
    await fake.callback(url, "PublishCTIEvent", {
      ctiEvent: event("CTIAgentStateChange", {
        RequestId: requestId,
        AgentId: 1001,
        AgentState: "Idle",
        ServiceIds: [],
      }),
    });
    await fake.callback(url, "PublishCTIEvent", { ctiEvent: event("CTIAgentStateChange", { RequestId: 0 }) });

    const rec = s.byRequestId(requestId);
    expect(rec.request?.seq).toBe(out.request.seq);
    expect(rec.response?.seq).toBe(out.response.seq);
    expect(rec.events.map((e) => e.name)).toEqual(["AgentStateChange"]);
    expect(rec.events[0]).toMatchObject({ requestId, agentId: 1001, session: "S1" });
    expect(s.byRequestId(987654)).toEqual({ events: [] });
    expect(s.byRequestId(0).events).toHaveLength(1);
  });
});
