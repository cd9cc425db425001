/**
 * Every limit of the mock is a setting (config key, CTIPS_KIT_* variable), and each holds at
 * its boundary: a request at the limit is served, one over is refused with the right answer
 * and a message naming the setting, and the mock keeps serving.
 */
import { connect } from "node:net";
import { request } from "undici";
import { afterEach, describe, expect, it, vi } from "vitest";
import { contract, encodeRequest, soapActionFor } from "../../src/contract/index.ts";
import {
  configFromEnv,
  defaultMockConfig,
  type MockConfig,
  type MockCtips,
  resolveMockConfig,
} from "../../src/mock-ctips/index.ts";
import {
  CREDS,
  call,
  type FakeClient,
  openSession,
  post,
  startFakeClient,
  startTestMock,
} from "./fake-client.ts";

const onLine = contract().operation("OnLine");
const ACTION = soapActionFor(onLine);

let mock: MockCtips | undefined;
let client: FakeClient | undefined;
afterEach(async () => {
  await mock?.close();
  await client?.close();
  mock = client = undefined;
});

async function start(
  limits: Partial<MockConfig>,
): Promise<{ mock: MockCtips; client: FakeClient; session: string }> {
  mock = await startTestMock(limits);
  client = await startFakeClient();
  const session = await openSession(mock, client, { online: false });
  return { mock, client, session };
}

/**
 * OnLine for `session` as the codec writes it, with `extra` inside <args> (an unknown member,
 * which the mock tolerates) and `argsAttrs` on <args>.
 */
function onLineWith(session: string, extra = "", argsAttrs = ""): string {
  const xml = encodeRequest(onLine, { args: { SessionId: session, TenantId: 1 } });
  return xml.replace("<args ", `<args${argsAttrs} `).replace("</args>", `${extra}</args>`);
}

/** Posts a body as is; the status and the text of the answer. */
async function raw(m: MockCtips, body: string, chunked = false): Promise<{ status: number; text: string }> {
  if (!chunked) {
    const res = await request(m.endpoint, {
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8", soapaction: `"${ACTION}"` },
      body,
    });
    return { status: res.statusCode, text: await res.body.text() };
  }
  const u = new URL(m.endpoint);
  const answer = await new Promise<string>((resolve) => {
    const sock = connect(Number(u.port), u.hostname, () => {
      sock.write(
        `POST ${u.pathname} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: text/xml\r\nSOAPAction: "${ACTION}"\r\nConnection: close\r\n\r\n`,
      );
      const bytes = Buffer.from(body);
      for (let at = 0; at < bytes.length; at += 512) {
        const piece = bytes.subarray(at, at + 512);
        sock.write(`${piece.length.toString(16)}\r\n`);
        sock.write(piece);
        sock.write("\r\n");
      }
      sock.write("0\r\n\r\n");
    });
    let text = "";
    sock.on("data", (d) => (text += d));
    sock.on("close", () => resolve(text));
    sock.on("error", () => resolve(text));
  });
  return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 0), text: answer };
}

/** A request of another session still gets its answer. */
async function stillServes(m: MockCtips): Promise<void> {
  expect(await call(m, "OnLine", { SessionId: "nobody", TenantId: 1 })).toMatchObject({
    ok: false,
    code: "InvalidSessionId",
  });
}

describe("the mock's limits as settings", () => {
  it("has each limit as a config key with a documented default", () => {
    expect(resolveMockConfig()).toMatchObject({
      maxMessageBytes: 65_536,
      maxXmlDepth: 64,
      maxXmlElements: 100_000,
      maxXmlAttributeChars: 8_192,
      maxXmlNamespaces: 64,
      maxSessions: 10,
      queueLimit: 10_000,
    });
  });

  it("reads each limit from its CTIPS_KIT_* variable", () => {
    const env = configFromEnv({
      CTIPS_KIT_MAX_MESSAGE_BYTES: "2048",
      CTIPS_KIT_MAX_XML_DEPTH: "16",
      CTIPS_KIT_MAX_XML_ELEMENTS: "500",
      CTIPS_KIT_MAX_XML_ATTRIBUTE_CHARS: "1024",
      CTIPS_KIT_MAX_XML_NAMESPACES: "12",
      CTIPS_KIT_MAX_SESSIONS: "3",
      CTIPS_KIT_QUEUE_LIMIT: "50",
    });
    expect(resolveMockConfig({ source: "env", value: env })).toMatchObject({
      maxMessageBytes: 2048,
      maxXmlDepth: 16,
      maxXmlElements: 500,
      maxXmlAttributeChars: 1024,
      maxXmlNamespaces: 12,
      maxSessions: 3,
      queueLimit: 50,
    });
  });

  it("refuses a limit too small for a valid CTIPS request, naming each field", () => {
    expect(() =>
      resolveMockConfig({
        source: "config file",
        value: {
          maxMessageBytes: 100,
          maxXmlDepth: 5,
          maxXmlElements: 10,
          maxXmlAttributeChars: 60,
          maxXmlNamespaces: 2,
          queueLimit: 0,
        },
      }),
    ).toThrow(
      /(?=.*\/maxMessageBytes must be >= 1024)(?=.*\/maxXmlDepth must be >= 8)(?=.*\/maxXmlElements must be >= 32)(?=.*\/maxXmlAttributeChars must be >= 128)(?=.*\/maxXmlNamespaces must be >= 8)(?=.*\/queueLimit must be >= 1)/,
    );
    expect(defaultMockConfig.maxXmlDepth).toBeGreaterThanOrEqual(8);
  });
});

describe("maxMessageBytes", () => {
  it("serves a body of exactly maxMessageBytes and answers one byte more with 413 naming the setting", async () => {
    const { mock, session } = await start({ maxMessageBytes: 2048 });
    const base = onLineWith(session, "<a:Pad></a:Pad>");
    // Bytes, not characters: two-byte é, and an x if the rest is odd.
    const room = 2048 - Buffer.byteLength(base);
    const atLimit = base.replace(
      "<a:Pad>",
      `<a:Pad>${"é".repeat(Math.floor(room / 2))}${"x".repeat(room % 2)}`,
    );
    expect(Buffer.byteLength(atLimit)).toBe(2048);
    expect(await post(mock, atLimit, ACTION)).toMatchObject({ ok: true, result: 0 });

    const over = atLimit.replace("<a:Pad>", "<a:Pad>x");
    for (const chunked of [false, true]) {
      const r = await raw(mock, over, chunked);
      expect(r.status).toBe(413);
      expect(r.text).toContain("request body larger than 2048 bytes (the mock's maxMessageBytes)");
    }
    await stillServes(mock);
  });
});

describe("the XML limits", () => {
  /** `levels` nested elements inside one unknown member of <args> (depth 5). */
  const nested = (levels: number) => `<a:Pad>${"<x>".repeat(levels)}${"</x>".repeat(levels)}</a:Pad>`;

  it("serves a request nesting maxXmlDepth deep and refuses one level more", async () => {
    const { mock, session } = await start({ maxXmlDepth: 8 });
    // Envelope 1, Body 2, OnLine 3, args 4, Pad 5, then x at 6, 7, 8.
    expect(await post(mock, onLineWith(session, nested(3)), ACTION)).toMatchObject({ ok: true, result: 0 });
    expect(await post(mock, onLineWith(session, nested(4)), ACTION)).toMatchObject({
      ok: false,
      status: 400,
      code: "s:Client",
      message: "document nests deeper than 8 elements (the mock's maxXmlDepth)",
    });
    expect(mock.timeline.entries.at(-1)).toMatchObject({
      kind: "transportError",
      code: "CTIPSKIT_E_XML_LIMIT",
    });
    await stillServes(mock);
  });

  it("serves a request of maxXmlElements elements and refuses one more", async () => {
    const { mock, session } = await start({ maxXmlElements: 32 });
    // Envelope, Body, OnLine, args, SessionId, TenantId: 6, and 26 more.
    expect(await post(mock, onLineWith(session, "<a:Pad/>".repeat(26)), ACTION)).toMatchObject({
      ok: true,
      result: 0,
    });
    expect(await post(mock, onLineWith(session, "<a:Pad/>".repeat(27)), ACTION)).toMatchObject({
      ok: false,
      status: 400,
      code: "s:Client",
      message: "document has more than 32 elements (the mock's maxXmlElements)",
    });
    await stillServes(mock);
  });

  it("serves an attribute of maxXmlAttributeChars characters and refuses one character more", async () => {
    const { mock, session } = await start({ maxXmlAttributeChars: 256 });
    expect(await post(mock, onLineWith(session, "", ` note="${"v".repeat(256)}"`), ACTION)).toMatchObject({
      ok: true,
      result: 0,
    });
    expect(await post(mock, onLineWith(session, "", ` note="${"v".repeat(257)}"`), ACTION)).toMatchObject({
      ok: false,
      status: 400,
      code: "s:Client",
      message: "attribute note of 257 characters exceeds the limit of 256 (the mock's maxXmlAttributeChars)",
    });
    await stillServes(mock);
  });

  it("serves maxXmlNamespaces namespace declarations in scope and refuses one more", async () => {
    const { mock, session } = await start({ maxXmlNamespaces: 8 });
    // The codec's OnLine declares s, the default namespace, a and i: 4; then n1…n4.
    const decls = (n: number) => Array.from({ length: n }, (_, i) => ` xmlns:n${i}="urn:n${i}"`).join("");
    expect(await post(mock, onLineWith(session, "", decls(4)), ACTION)).toMatchObject({
      ok: true,
      result: 0,
    });
    expect(await post(mock, onLineWith(session, "", decls(5)), ACTION)).toMatchObject({
      ok: false,
      status: 400,
      code: "s:Client",
      message: "document has more than 8 namespace declarations in scope (the mock's maxXmlNamespaces)",
    });
    await stillServes(mock);
  });
});

describe("maxSessions", () => {
  it("opens maxSessions sessions, refuses one more with MaxNumberClientConnections, and opens again once one closes", async () => {
    mock = await startTestMock({ maxSessions: 2, startSession: false });
    client = await startFakeClient();
    const open = () =>
      call(mock!, "OpenConnection", {
        TenantIds: [1],
        UserCredentials: CREDS,
        ClientCallbackURL: client!.url,
      });
    const first = await open();
    expect(first).toMatchObject({ ok: true, result: { Response: "_success" } });
    expect(await open()).toMatchObject({ ok: true, result: { Response: "_success" } });
    expect(await open()).toMatchObject({
      ok: false,
      status: 500,
      code: "MaxNumberClientConnections",
      message: "the maximum number of client connections (2) is reached",
    });
    const id = (first as { result: { SessionId: string } }).result.SessionId;
    expect(await call(mock, "CloseConnection", { SessionId: id })).toMatchObject({ ok: true, result: 0 });
    expect(await open()).toMatchObject({ ok: true, result: { Response: "_success" } });
    await stillServes(mock);
  });
});

describe("queueLimit", () => {
  /**
   * A session subscribed to System whose client never answers PublishCTIEvent: the first
   * LinkStatus stays in flight, the next ones wait in its queue.
   */
  async function heldSession(policy: MockConfig["overflowPolicy"]) {
    mock = await startTestMock({ queueLimit: 3, overflowPolicy: policy, callbackTimeoutMs: 30_000 });
    client = await startFakeClient();
    client.mode.event = "ignore";
    const session = await openSession(mock, client, { categories: ["EventCategorySystem"] });
    let up = true;
    const toggle = () => {
      up = !up;
      mock!.control.setLink("Gateway", up ? "up" : "down");
    };
    toggle();
    await client.waitFor((c) => c.op === "PublishCTIEvent");
    const queued = () => mock!.core.sessions.get(session)?.queued;
    return { mock, session, toggle, queued };
  }

  it("queues queueLimit events behind the one in flight and drops the next one (drop-newest)", async () => {
    const { mock, session, toggle, queued } = await heldSession("drop-newest");
    for (let i = 0; i < 3; i++) toggle();
    await vi.waitFor(() => expect(queued()).toBe(3));
    expect(mock.timeline.entries.some((e) => e.code === "event-dropped")).toBe(false);
    toggle();
    await vi.waitFor(() => expect(mock.timeline.entries.some((e) => e.code === "event-dropped")).toBe(true));
    expect(queued()).toBe(3);
    expect(mock.timeline.entries.find((e) => e.code === "event-dropped")).toMatchObject({
      kind: "note",
      code: "event-dropped",
      session,
      message: "event queue full (3); drop-newest",
    });
    expect(mock.core.sessions.get(session)?.state).toBe("online");
    await stillServes(mock);
  });

  it("disposes the session when one event more than queueLimit arrives (close-session, the default)", async () => {
    const { mock, session, toggle, queued } = await heldSession("close-session");
    for (let i = 0; i < 3; i++) toggle();
    await vi.waitFor(() => expect(queued()).toBe(3));
    expect(mock.core.sessions.get(session)?.state).toBe("online");
    toggle();
    await vi.waitFor(() => expect(mock.core.sessions.has(session)).toBe(false));
    expect(mock.timeline.entries.find((e) => e.code === "session-disposed")).toMatchObject({
      session,
      payload: { reason: "event-queue-overflow", queueLimit: 3 },
    });
    expect(await call(mock, "OnLine", { SessionId: session, TenantId: 1 })).toMatchObject({
      ok: false,
      code: "InvalidSessionId",
    });
    await stillServes(mock);
  });
});
