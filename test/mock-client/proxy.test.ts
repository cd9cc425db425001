/**
 * The recording proxy between the kit's recording client and the kit's mock CTIPS, over
 * real HTTP and HTTPS: chapter 2's inbound call works through it and its capture holds the
 * exchanges the client's own timeline holds; what it does with an unreachable target,
 * malformed and oversized messages, the WSDL and the guide's spellings. That `check` finds
 * the same on the capture as on the mock's own timeline is in proxy-check.timing.test.ts
 * (heartbeat rhythm is judged there).
 */
import { request } from "undici";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/errors.ts";
import { createRecordingClient } from "../../src/mock-client/index.ts";
import { startRecordingProxy } from "../../src/mock-client/proxy.ts";
import { defaultMockConfig } from "../../src/mock-ctips/index.ts";
import { readTimeline } from "../../src/timeline/index.ts";
import { countReached, Peers, USER } from "../integration/peers.ts";
import {
  type Chain,
  type ChainTls,
  chainCertificates,
  chapter2,
  checkFile,
  exchanges,
  startChain,
} from "./proxy-chain.ts";

let chain: Chain | undefined;
const peers = new Peers();
afterEach(async () => {
  await chain?.dispose();
  chain = undefined;
  await peers.close();
});

describe("the recording proxy between the recording client and the mock", () => {
  it("relays chapter 2's inbound call and records the exchanges the client recorded", async () => {
    chain = await startChain();
    await chapter2(chain);
    const client = chain.client.timeline.entries;
    const capture = readTimeline(chain.files.capture);
    expect(new Set(capture.map((e) => e.recorder))).toEqual(new Set(["proxy"]));
    const mine = exchanges(client);
    const captured = exchanges(capture);
    expect(Object.keys(captured).sort()).toEqual(
      ["callbackResponse", "event", "heartbeat", "request", "response", "startSession"].sort(),
    );
    expect(captured).toEqual(mine);
    expect(mine.event.length).toBeGreaterThan(15);
    expect(mine.heartbeat.length).toBeGreaterThanOrEqual(4);
    // The CTIPS was given the proxy's callback URL, the capture keeps the client's.
    const [slot] = chain.proxy.slots;
    expect(slot).toMatchObject({
      n: 1,
      clientUrl: chain.session.callbackUrl,
      session: chain.session.sessionId,
    });
    expect(slot.proxyUrl).toBe(`${chain.proxy.callbackBase}/1`);
    const opened = readTimeline(chain.files.mock).find((e) => e.kind === "request");
    expect(opened?.payload).toMatchObject({ args: { ClientCallbackURL: slot.proxyUrl } });
    expect(capture.find((e) => e.code === "callback-url-rewritten")?.payload).toMatchObject({
      client: chain.session.callbackUrl,
      proxy: slot.proxyUrl,
    });
  });
});

describe("the recording proxy over HTTPS", () => {
  let tls: ChainTls;
  beforeAll(() => {
    tls = chainCertificates();
  });

  it("relays and records chapter 2 with TLS on all four legs", async () => {
    chain = await startChain({ tls });
    expect(chain.proxy.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    expect(chain.proxy.callbackBase).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/cb$/);
    expect(chain.session.callbackUrl).toMatch(/^https:/);
    await chapter2(chain);
    expect(exchanges(readTimeline(chain.files.capture))).toEqual(exchanges(chain.client.timeline.entries));
  });

  it("answers 502 and records why when the target's certificate is not trusted", async () => {
    const mock = await peers.mock({ tls: tls.ctips });
    const proxy = await startRecordingProxy({
      listen: { host: "127.0.0.1", port: 0 },
      target: mock.endpoint,
    });
    try {
      const client = await peers.client(mock, { target: proxy.endpoint });
      const err = await client.openSession().catch((e: unknown) => e);
      expect(isKitError(err, "CTIPSKIT_E_TRANSPORT")).toBe(true);
      expect(client.timeline.find((e) => e.kind === "transportError")?.code).toBe("HTTP_502");
      const failure = proxy.timeline.find((e) => e.kind === "transportError");
      expect(failure).toMatchObject({
        code: "DEPTH_ZERO_SELF_SIGNED_CERT",
        name: "OpenConnection",
        replyTo: 0,
      });
    } finally {
      await proxy.close();
    }
  });
});

describe("the recording proxy's failures", () => {
  /** A port nothing listens on. */
  async function closedPort(): Promise<number> {
    const mock = await peers.mock();
    const port = mock.port;
    await mock.close();
    return port;
  }

  it("answers 502 with the reason when the target is unreachable, and records a transportError", async () => {
    const port = await closedPort();
    const target = `http://127.0.0.1:${port}/Aspect.UnifiedIP.EDK.CTIPortalService`;
    const proxy = await startRecordingProxy({ listen: { host: "127.0.0.1", port: 0 }, target });
    try {
      const client = await createRecordingClient({
        target: proxy.endpoint,
        credentials: { userName: USER.userName, password: USER.password },
        tenantId: 1,
      });
      const err = await client.openSession().catch((e: unknown) => e);
      await client.close();
      expect(isKitError(err, "CTIPSKIT_E_TRANSPORT")).toBe(true);
      expect((err as Error).message).toMatch(
        /HTTP_502.*ctips-kit record: OpenConnection to .* failed: ECONNREFUSED/,
      );
      const [request, failure] = proxy.timeline.entries.filter((e) => e.kind !== "note");
      expect(request).toMatchObject({ kind: "request", name: "OpenConnection" });
      expect(failure).toMatchObject({
        kind: "transportError",
        code: "ECONNREFUSED",
        replyTo: request.seq,
        name: "OpenConnection",
      });
    } finally {
      await proxy.close();
    }
  });

  it("answers an s:Server SOAP fault instead under the soap-fault policy", async () => {
    const port = await closedPort();
    const proxy = await startRecordingProxy({
      listen: { host: "127.0.0.1", port: 0 },
      target: `http://127.0.0.1:${port}/Aspect.UnifiedIP.EDK.CTIPortalService`,
      upstreamFailure: "soap-fault",
    });
    try {
      const client = await createRecordingClient({
        target: proxy.endpoint,
        credentials: { userName: USER.userName, password: USER.password },
        tenantId: 1,
      });
      const outcome = await client.sendRaw("OpenConnection", {
        TenantIds: [1],
        UserCredentials: { UserName: "u", Password: "p" },
        ClientCallbackURL: "http://127.0.0.1:9/cb",
      });
      await client.close();
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? undefined : outcome.fault).toMatchObject({
        faultcode: "s:Server",
        faultstring: expect.stringMatching(/ECONNREFUSED/),
      });
    } finally {
      await proxy.close();
    }
  });

  it("forwards malformed XML as it is and records the reader's error", async () => {
    chain = await startChain({ mock: { recordRaw: true } });
    const since = chain.proxy.timeline.length;
    const junk = "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><Broken></s:Body>";
    const outcome = await chain.client.sendRaw("GetAgentState", {}, { rawXml: junk });
    expect(outcome.ok ? undefined : outcome.fault.faultcode).toBe("s:Client");
    const [got, answer] = chain.proxy.timeline.query(
      (e) => e.kind !== "heartbeat" && e.kind !== "callbackResponse",
      since,
    );
    expect(got).toMatchObject({ kind: "transportError", code: "CTIPSKIT_E_XML_MALFORMED" });
    expect(answer).toMatchObject({ kind: "fault", faultCode: "s:Client", replyTo: got.seq, httpStatus: 400 });
    // The mock got the very bytes.
    const atMock = chain.mock.timeline.find((e) => e.kind === "transportError");
    expect(atMock).toMatchObject({ code: "CTIPSKIT_E_XML_MALFORMED", raw: junk });
  });

  it("refuses a body over its limit with 413, without forwarding it", async () => {
    const mock = await peers.mock();
    const proxy = await startRecordingProxy({
      listen: { host: "127.0.0.1", port: 0 },
      target: mock.endpoint,
      maxBodyBytes: 1_000,
    });
    try {
      const res = await request(proxy.endpoint, {
        method: "POST",
        headers: { "content-type": "text/xml; charset=utf-8", soapaction: '"x"' },
        body: `<x>${"a".repeat(2_000)}</x>`,
      });
      await res.body.text();
      expect(res.statusCode).toBe(413);
      expect(proxy.timeline.entries).toEqual([
        expect.objectContaining({ kind: "transportError", code: "body-too-large", httpStatus: 413 }),
      ]);
      expect(mock.timeline.query((e) => e.kind !== "note")).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("refuses a callback to a URL it did not give out with 404", async () => {
    chain = await startChain();
    const res = await request(`${chain.proxy.callbackBase}/99`, { method: "POST", body: "<x/>" });
    await res.body.text();
    expect(res.statusCode).toBe(404);
    expect(chain.proxy.timeline.entries.at(-1)).toMatchObject({
      kind: "transportError",
      code: "unknown-path",
    });
  });
});

describe("the recording proxy's WSDL and profiles", () => {
  it("passes the WSDL through with the addresses moved to the proxy, so a client loading it stays on the proxy", async () => {
    chain = await startChain();
    const get = async (q: string) => (await request(`${chain?.proxy.endpoint}?${q}`)).body.text();
    const root = await get("wsdl");
    expect(root).toContain(`location="${chain.proxy.endpoint}?wsdl=wsdl0"`);
    expect(root).toContain(`location="${chain.proxy.endpoint}"`);
    expect(root).not.toContain(chain.mock.url);
    const wsdl0 = await get("wsdl=wsdl0");
    expect(wsdl0).toContain(`schemaLocation="${chain.proxy.endpoint}?xsd=xsd0"`);
    expect(wsdl0).not.toContain(chain.mock.url);
    expect(await get("singleWsdl")).toContain(`location="${chain.proxy.endpoint}"`);
    const viaWsdl = await createRecordingClient({
      target: chain.proxy.endpoint,
      wsdl: "target",
      credentials: { userName: USER.userName, password: USER.password },
      tenantId: 1,
    });
    const s = await viaWsdl.openSession({ categories: ["EventCategorySystem"] });
    await viaWsdl.close();
    expect(chain.proxy.slots.map((x) => x.session)).toContain(s.sessionId);
  });

  it("relays the guide's spellings (HeartbeatMessage) and attributes them by the callback URL", async () => {
    chain = await startChain({ mock: { profile: "guide" } });
    await countReached(chain.proxy.timeline, (e) => e.kind === "heartbeat", 2, 3_000);
    const beats = chain.proxy.timeline.query((e) => e.kind === "heartbeat");
    expect(beats[0]).toMatchObject({ name: "Heartbeat", session: chain.session.sessionId, payload: {} });
    expect(beats[0].deviations?.map((d) => d.kind)).toContain("guide-spelling");
    expect(chain.proxy.timeline.find((e) => e.kind === "request")?.deviations?.map((d) => d.kind)).toContain(
      "guide-spelling",
    );
    await chain.stop();
    const { report } = await checkFile(chain.files.capture, `${chain.dir}/reports`);
    expect(report.parameters.find((p) => p.name === "profile")).toMatchObject({
      value: "guide",
      source: "inferred",
    });
  });

  it("gives each OpenConnection its own callback URL, and each session its own events", async () => {
    chain = await startChain();
    const second = await chain.client.openSession({ categories: ["EventCategorySystem"] });
    chain.mock.control.setLink("Gateway", "down");
    await countReached(chain.proxy.timeline, (e) => e.name === "LinkStatus", 2, 3_000);
    expect(chain.proxy.slots.map((s) => s.session)).toEqual([chain.session.sessionId, second.sessionId]);
    const sessions = chain.proxy.timeline.query((e) => e.name === "LinkStatus").map((e) => e.session);
    expect(new Set(sessions)).toEqual(new Set([chain.session.sessionId, second.sessionId]));
    expect(defaultMockConfig.maxSessions).toBeGreaterThan(2);
  });
});
