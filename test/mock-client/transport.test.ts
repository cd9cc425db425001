/**
 * Transport failures: recorded as a `transportError` entry answering the request, and thrown
 * as CTIPSKIT_E_TRANSPORT naming the URL and the cause. msw plays peers that misbehave
 * without a real server; real sockets check the default undici path.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isKitError, type KitError } from "../../src/contract/errors.ts";
import { createRecordingClient, type RecordingClient } from "../../src/mock-client/index.ts";

const TARGET = "http://ctips.test:8170/Aspect.UnifiedIP.EDK.CTIPortalService";
let client: RecordingClient | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
});

const newClient = async (target: string, viaFetch: boolean) => {
  client = await createRecordingClient({
    target,
    credentials: { userName: "u", password: "p" },
    tenantId: 1,
    requestTimeoutMs: 200,
    // msw intercepts the global fetch, looked up at call time (msw patches it in listen()).
    fetch: viaFetch ? (url, init) => globalThis.fetch(url, init) : undefined,
  });
  return client;
};

async function transportFailure(c: RecordingClient): Promise<KitError> {
  const err = await c.sendRaw("OffLine", { SessionId: "S1", TenantId: 1 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKitError(err, "CTIPSKIT_E_TRANSPORT"))
    throw new Error(`expected CTIPSKIT_E_TRANSPORT, got ${String(err)}`);
  return err;
}

describe("a peer played by msw", () => {
  const msw = setupServer();
  beforeAll(() => msw.listen({ onUnhandledRequest: "error" }));
  afterEach(() => msw.resetHandlers());
  afterAll(() => msw.close());

  it("turns a 500 with an HTML body into CTIPSKIT_E_TRANSPORT and a transportError entry", async () => {
    msw.use(
      http.post(TARGET, () =>
        HttpResponse.html("<html><body><h1>Service Unavailable</h1></body></html>", { status: 500 }),
      ),
    );
    const c = await newClient(TARGET, true);
    const err = await transportFailure(c);
    expect(err.message).toContain(TARGET);
    expect(err.message).toContain("HTTP_500");
    const request = c.timeline.find((e) => e.kind === "request");
    const entry = c.timeline.find((e) => e.kind === "transportError");
    expect(entry).toMatchObject({
      direction: "in",
      name: "OffLine",
      session: "S1",
      replyTo: request?.seq,
      code: "HTTP_500",
      httpStatus: 500,
    });
    expect(entry?.message).toContain("Service Unavailable");
  });

  it("turns a peer that never answers into a timeout", async () => {
    msw.use(
      http.post(TARGET, async () => {
        await delay("infinite");
        return HttpResponse.text("never");
      }),
    );
    const c = await newClient(TARGET, true);
    const err = await transportFailure(c);
    expect(err.details).toMatchObject({ url: TARGET, code: "ETIMEDOUT" });
    expect(c.timeline.find((e) => e.kind === "transportError")?.code).toBe("ETIMEDOUT");
  });

  it("turns a network error into CTIPSKIT_E_TRANSPORT", async () => {
    msw.use(http.post(TARGET, () => HttpResponse.error()));
    const c = await newClient(TARGET, true);
    const err = await transportFailure(c);
    expect(err.cause).toBeInstanceOf(Error);
    expect(c.timeline.find((e) => e.kind === "transportError")).toMatchObject({ code: "network-error" });
    expect(c.timeline.find((e) => e.kind === "response")).toBeUndefined();
  });

  it("turns a 200 whose body is not SOAP into CTIPSKIT_E_TRANSPORT", async () => {
    msw.use(http.post(TARGET, () => HttpResponse.json({ ok: true })));
    const c = await newClient(TARGET, true);
    await transportFailure(c);
    expect(c.timeline.find((e) => e.kind === "transportError")?.code).toBe("CTIPSKIT_E_XML_MALFORMED");
  });
});

describe("a peer on a real socket", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/reset") req.socket.destroy();
      else if (req.url === "/wrong") res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
      // "/silent": never answers
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("records a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const c = await newClient(`http://127.0.0.1:${port}/ctips`, false);
    const err = await transportFailure(c);
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(c.timeline.find((e) => e.kind === "transportError")?.code).toBe("ECONNREFUSED");
  });

  it("records a connection the peer resets", async () => {
    const c = await newClient(`${base}/reset`, false);
    await transportFailure(c);
    expect(c.timeline.find((e) => e.kind === "transportError")?.code).toBe("UND_ERR_SOCKET");
  });

  it("records a peer that does not answer within the request timeout", async () => {
    const c = await newClient(`${base}/silent`, false);
    await transportFailure(c);
    const entry = c.timeline.find((e) => e.kind === "transportError");
    expect(entry?.code).toBe("ETIMEDOUT");
    expect(entry?.latencyNs).toBeGreaterThanOrEqual(150e6);
  });

  it("records a 404 with a plain-text body", async () => {
    const c = await newClient(`${base}/wrong`, false);
    await transportFailure(c);
    expect(c.timeline.find((e) => e.kind === "transportError")).toMatchObject({
      code: "HTTP_404",
      httpStatus: 404,
    });
  });
});
