/** Bad input gets a clear answer and the mock keeps serving with its state unchanged. */
import { connect } from "node:net";
import soap from "soap";
import { request } from "undici";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { contract, encodeRequest } from "../../src/contract/index.ts";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import { call, type FakeClient, openSession, post, startFakeClient, startTestMock } from "./fake-client.ts";

let mock: MockCtips;
let client: FakeClient;
beforeEach(async () => {
  mock = await startTestMock({ maxMessageBytes: 4096 });
  client = await startFakeClient();
});
afterEach(async () => {
  await mock.close();
  await client.close();
});

const API = "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08";
const stillServes = async () =>
  expect(await call(mock, "OnLine", { SessionId: "x", TenantId: 1 })).toMatchObject({
    ok: false,
    code: "InvalidSessionId",
  });

describe("the mock's HTTP endpoint", () => {
  it("answers requests that arrive together each with its own answer, and keeps serving when work after an answer fails", async () => {
    const core = mock.core;
    const handle = core.handleSoap.bind(core);
    let followUps = 0;
    vi.spyOn(core, "handleSoap").mockImplementation((xml, action, peer) => {
      const answer = handle(xml, action, peer);
      answer.after = () => {
        followUps++;
        throw new Error("follow-up failed");
      };
      return answer;
    });
    const ids = Array.from({ length: 20 }, (_, i) => `together-${i}`);
    const answers = await Promise.all(ids.map((id) => call(mock, "OnLine", { SessionId: id, TenantId: 1 })));
    answers.forEach((a, i) => {
      expect(a).toMatchObject({ ok: false, code: "InvalidSessionId" });
      expect(a.ok === false && a.message).toContain(`'${ids[i]}'`);
    });
    expect(followUps).toBe(20);
    vi.restoreAllMocks();
    await stillServes();
  });

  it("answers an unknown SOAPAction with WCF's ActionNotSupported fault", async () => {
    const body = encodeRequest(contract().operation("OnLine"), { args: { SessionId: "x", TenantId: 1 } });
    const r = await post(mock, body, `${API}/RegistrationService/Frobnicate`);
    expect(r).toMatchObject({ ok: false, status: 500, actionNotSupported: true });
    await stillServes();
  });

  it("answers a SOAPAction that does not match the body with ActionNotSupported", async () => {
    const body = encodeRequest(contract().operation("OnLine"), { args: { SessionId: "x", TenantId: 1 } });
    expect(await post(mock, body, `${API}/RegistrationService/OffLine`)).toMatchObject({
      ok: false,
      actionNotSupported: true,
    });
  });

  it.each([
    ["malformed XML", "<s:Envelope"],
    ["a DTD", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'],
    ["SOAP 1.2", '<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body/></Envelope>'],
  ])("answers %s with a 400 client fault that says why", async (_what, body) => {
    const r = await post(mock, body, `${API}/RegistrationService/OnLine`);
    expect(r).toMatchObject({ ok: false, status: 400, code: "s:Client" });
    await stillServes();
  });

  it("answers a body over the limit with 413 without reading it whole", async () => {
    const id = await openSession(mock, client, { online: false });
    const big = "x".repeat(50_000);
    const res = await request(mock.endpoint, {
      method: "POST",
      headers: { soapaction: `"${API}/RegistrationService/OnLine"`, "content-type": "text/xml" },
      body: big,
    });
    expect(res.statusCode).toBe(413);
    await res.body.text();
    expect(mock.core.sessions.get(id)?.state).toBe("opened");
    await stillServes();
  });

  it("answers a chunked body that grows past the limit with 413", async () => {
    const u = new URL(mock.endpoint);
    const answer = await new Promise<string>((resolve) => {
      const sock = connect(Number(u.port), u.hostname, () => {
        sock.write(
          `POST ${u.pathname} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: text/xml\r\n\r\n`,
        );
        const chunk = "y".repeat(2048);
        for (let i = 0; i < 4; i++) sock.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      });
      let text = "";
      sock.on("data", (d) => (text += d));
      sock.on("close", () => resolve(text));
      sock.on("error", () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    await stillServes();
  });

  it("records a bad request on the timeline", async () => {
    await post(mock, "<oops", `${API}/RegistrationService/OnLine`);
    expect(mock.timeline.entries.at(-1)).toMatchObject({
      kind: "transportError",
      code: "CTIPSKIT_E_XML_MALFORMED",
    });
  });

  it("serves its WSDL in single and split form, and node-soap describes 27 operations", async () => {
    for (const q of ["?singleWsdl", "?wsdl"]) {
      const c = await soap.createClientAsync(`${mock.endpoint}${q}`);
      const ops = Object.values(
        c.describe() as Record<string, Record<string, Record<string, unknown>>>,
      ).flatMap((s) => Object.values(s).flatMap((p) => Object.keys(p)));
      expect(ops).toHaveLength(27);
    }
    const xsd = await request(`${mock.endpoint}?xsd=xsd0`);
    expect(xsd.statusCode).toBe(200);
    expect(await xsd.body.text()).toContain("OpenConnectionArgs");
  });

  it("answers 404 for other paths", async () => {
    const res = await request(`${mock.url}/elsewhere`);
    expect(res.statusCode).toBe(404);
    await res.body.text();
  });
});

describe("the control plane over HTTP", () => {
  const json = async (method: string, path: string, body?: unknown) => {
    const res = await request(`${mock.url}/control/${path}`, {
      method: method as "GET",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
  };

  it("creates a call and reports it in the state", async () => {
    const r = await json("POST", "calls", { serviceId: 100, ani: "5551234", dnis: "8005550100" });
    expect(r).toMatchObject({ status: 201, body: { callId: expect.any(Number) } });
    const state = await json("GET", "state");
    expect(JSON.stringify(state.body)).toContain(String(r.body.callId));
  });

  it("answers 400 naming the field for bad input, with state unchanged", async () => {
    const before = JSON.stringify((await json("GET", "state")).body);
    expect(await json("POST", "calls", { serviceId: "x", ani: "1", dnis: "2" })).toMatchObject({
      status: 400,
      body: { error: { code: "CTIPSKIT_E_CONTROL_INVALID", field: "serviceId" } },
    });
    expect(await json("POST", "calls", "{not json")).toMatchObject({ status: 400 });
    expect(await json("POST", "links/Gateway/sideways")).toMatchObject({
      status: 400,
      body: { error: { field: "state" } },
    });
    expect(await json("POST", "faults", { name: "nope" })).toMatchObject({
      status: 400,
      body: { error: { field: "name" } },
    });
    expect(JSON.stringify((await json("GET", "state")).body)).toBe(before);
  });

  it("answers 404 for unknown ids and routes", async () => {
    expect((await json("POST", "calls/999999/hangup")).status).toBe(404);
    expect((await json("POST", "agents/nobody/answer")).status).toBe(404);
    expect((await json("DELETE", "faults/none")).status).toBe(404);
    expect((await json("GET", "nothing")).status).toBe(404);
  });

  it("adds, lists and removes a fault", async () => {
    const f = await json("POST", "faults", {
      name: "delay-response",
      scope: { operation: "OnLine" },
      params: { ms: 10 },
    });
    expect(f).toMatchObject({ status: 201, body: { id: expect.any(String), name: "delay-response" } });
    expect((await json("GET", "faults")).body).toHaveLength(1);
    expect((await json("DELETE", `faults/${f.body.id}`)).status).toBe(204);
    expect((await json("GET", "faults")).body).toHaveLength(0);
  });

  it("disposes a session as if its client vanished, and answers 404 for one it does not know", async () => {
    const id = await openSession(mock, client);
    expect((await json("DELETE", `sessions/${encodeURIComponent(id)}`)).status).toBe(204);
    expect((await json("GET", "state")).body.sessions).toEqual([]);
    expect(await call(mock, "OnLine", { SessionId: id, TenantId: 1 })).toMatchObject({
      ok: false,
      code: "InvalidSessionId",
    });
    expect(await json("DELETE", `sessions/${encodeURIComponent(id)}`)).toMatchObject({
      status: 404,
      body: { error: { code: "CTIPSKIT_E_NOT_FOUND" } },
    });
  });

  it("resets sessions, faults and the world", async () => {
    await openSession(mock, client);
    await json("POST", "faults", { name: "stop-heartbeats" });
    expect((await json("POST", "reset")).status).toBe(200);
    const state = (await json("GET", "state")).body;
    expect(state.sessions).toEqual([]);
    expect(state.faults).toEqual([]);
  });
});
