/**
 * The mock's callback transport against scripted peers: raw TCP servers that answer each
 * request with exactly the bytes a test chooses (split, chunked, interim, closed, garbage).
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type HttpAnswer, KeepAlivePool, type TransportError } from "../../src/mock-ctips/transport.ts";

interface Scripted {
  url: URL;
  /** Connections accepted so far. */
  connections: number;
  /** Connections the client closed so far. */
  closedByClient: number;
  requests: string[];
  close(): Promise<void>;
}

type Answerer = (socket: Socket, request: string, n: number) => void;

const servers: Server[] = [];
const pools: KeepAlivePool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) p.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A TCP server that reads whole requests (head + Content-Length body) and hands each to `answer`. */
async function scripted(answer: Answerer): Promise<Scripted> {
  const sockets = new Set<Socket>();
  const state: Scripted = {
    url: new URL("http://127.0.0.1:1"),
    connections: 0,
    closedByClient: 0,
    requests: [],
    close: async () => {
      for (const s of sockets) s.destroy();
    },
  };
  const server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    let buf = "";
    socket.setEncoding("latin1");
    socket.on("end", () => state.closedByClient++);
    socket.on("error", () => {});
    socket.on("data", (d: string) => {
      buf += d;
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const len = Number(/content-length: *(\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        const request = buf.slice(0, end + 4 + len);
        buf = buf.slice(end + 4 + len);
        state.requests.push(request);
        answer(socket, request, state.requests.length);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  state.url = new URL(`http://127.0.0.1:${port}/cb/path`);
  return state;
}

function pool(url: URL, connections = 1, maxResponseBytes?: number): KeepAlivePool {
  const p = new KeepAlivePool({ url, connections, keepAliveMs: 30_000, maxResponseBytes });
  pools.push(p);
  return p;
}

const HEADERS = 'content-type: text/xml; charset=utf-8\r\nsoapaction: "urn:x/Op"\r\n';

function post(p: KeepAlivePool, body = "<x/>", timeoutMs = 2_000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) =>
    p.post("/cb/path", HEADERS, body, timeoutMs, (err, a) => (err ? reject(err) : resolve(a as HttpAnswer))),
  );
}

const failure = (pr: Promise<unknown>) =>
  pr.then(
    () => "answered",
    (err: TransportError) => err.code,
  );

const ok = (body: string, extra = "") =>
  `HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

/** Writes `text` one byte per write, each after a tick, to split the answer everywhere. */
function trickle(socket: Socket, text: string): void {
  const bytes = Buffer.from(text, "latin1");
  let i = 0;
  const step = () => {
    if (i >= bytes.length) return;
    socket.write(bytes.subarray(i, i + 1));
    i++;
    setImmediate(step);
  };
  step();
}

describe("the mock's callback transport", () => {
  it("writes one POST with Host, its headers and Content-Length, and reads a Content-Length answer", async () => {
    const peer = await scripted((s) => s.write(ok("<answer/>")));
    const a = await post(pool(peer.url), "<é/>");
    expect(a).toEqual({ status: 200, text: "<answer/>" });
    const [req] = peer.requests;
    expect(req).toMatch(/^POST \/cb\/path HTTP\/1\.1\r\n/);
    expect(req).toContain(`host: ${peer.url.host}\r\n`);
    expect(req).toContain('soapaction: "urn:x/Op"\r\n');
    expect(req).toContain("content-length: 5\r\n"); // bytes (é is two), not characters
  });

  it("keeps the connection alive across calls", async () => {
    const peer = await scripted((s) => s.write(ok("<a/>")));
    const p = pool(peer.url);
    for (let i = 0; i < 5; i++) expect((await post(p)).text).toBe("<a/>");
    expect(peer.connections).toBe(1);
  });

  it("reads an answer split into single bytes, UTF-8 characters included", async () => {
    const body = "<a>grüße ✓</a>";
    const peer = await scripted((s) => trickle(s, Buffer.from(ok(body), "utf8").toString("latin1")));
    expect((await post(pool(peer.url))).text).toBe(body);
  });

  it("reads a chunked answer with chunk extensions and trailers, split anywhere", async () => {
    const wire =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
      "4;ext=1\r\n<abc\r\n" +
      "A\r\n>0123456</\r\n" +
      "2\r\na>\r\n" +
      "0\r\nX-Trailer: yes\r\n\r\n";
    const peer = await scripted((s) => trickle(s, wire));
    const p = pool(peer.url);
    expect((await post(p)).text).toBe("<abc>0123456</a>");
    expect((await post(p)).text).toBe("<abc>0123456</a>");
    expect(peer.connections).toBe(1);
  });

  it("skips a 100 Continue and reads the answer that follows", async () => {
    const peer = await scripted((s) => s.write(`HTTP/1.1 100 Continue\r\n\r\n${ok("<b/>")}`));
    expect(await post(pool(peer.url))).toEqual({ status: 200, text: "<b/>" });
  });

  it("reads an answer without length up to the close of the connection", async () => {
    const peer = await scripted((s) =>
      s.end("HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/xml\r\n\r\n<fault/>"),
    );
    const p = pool(peer.url);
    expect(await post(p)).toEqual({ status: 500, text: "<fault/>" });
    expect((await post(p)).text).toBe("<fault/>");
    expect(peer.connections).toBe(2);
  });

  it("closes a connection the peer answers with Connection: close, and opens a new one for the next call", async () => {
    const peer = await scripted((s) => s.write(ok("<c/>", "connection: close\r\n")));
    const p = pool(peer.url);
    await post(p);
    await post(p);
    expect(peer.connections).toBe(2);
    await expect.poll(() => peer.closedByClient).toBe(2);
  });

  it("answers 204 without a body, even when its headers announce one", async () => {
    const peer = await scripted((s, _r, n) =>
      s.write(
        n === 1 ? "HTTP/1.1 204 No Content\r\n\r\n" : "HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\n",
      ),
    );
    const p = pool(peer.url);
    expect(await post(p)).toEqual({ status: 204, text: "" });
    expect(await post(p, "<x/>", 500)).toEqual({ status: 204, text: "" });
  });

  it.each([
    ["a status line that is not HTTP/1.x", "SOAP/1.1 200 OK\r\n\r\n"],
    ["a header line without a name", "HTTP/1.1 200 OK\r\n: x\r\ncontent-length: 0\r\n\r\n"],
    ["a bad Content-Length", "HTTP/1.1 200 OK\r\ncontent-length: 12x\r\n\r\n"],
    ["two different Content-Lengths", "HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nab"],
    ["an unsupported transfer coding", "HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\n"],
    ["a bad chunk size", "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n"],
    ["a chunk without its CRLF", "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\naXY"],
  ])("refuses %s as bad-response, and the next call gets a fresh connection", async (_what, wire) => {
    const peer = await scripted((s, _r, n) => s.write(n === 1 ? wire : ok("<fine/>")));
    const p = pool(peer.url);
    expect(await failure(post(p))).toBe("bad-response");
    expect((await post(p)).text).toBe("<fine/>");
    expect(peer.connections).toBe(2);
  });

  it("refuses an answer over the size limit", async () => {
    const peer = await scripted((s) => s.write(ok("x".repeat(5000))));
    expect(await failure(post(pool(peer.url), "<x/>", 2000))).toBe("answered");
    const small = pool(peer.url, 1, 1024);
    expect(await failure(post(small))).toBe("bad-response");
  });

  it("fails a call whose connection the peer closes before answering", async () => {
    const peer = await scripted((s) => s.end());
    expect(await failure(post(pool(peer.url)))).toBe("socket-closed");
  });

  it("fails a call whose connection the peer resets mid-answer", async () => {
    const peer = await scripted((s) => {
      s.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n<partial");
      setTimeout(() => s.resetAndDestroy(), 20);
    });
    expect(["ECONNRESET", "socket-closed"]).toContain(await failure(post(pool(peer.url))));
  });

  it("times a call out when no whole answer comes, and drops that connection", async () => {
    const peer = await scripted((s, _r, n) => {
      if (n === 2) s.write(ok("<late/>"));
    });
    const p = pool(peer.url);
    const started = performance.now();
    expect(await failure(post(p, "<x/>", 100))).toBe("timeout");
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect((await post(p)).text).toBe("<late/>");
    expect(peer.connections).toBe(2);
  });

  it("reports a refused connection with the socket's code", async () => {
    const peer = await scripted(() => {});
    const url = peer.url;
    await new Promise((r) => servers.pop()?.close(r));
    expect(await failure(post(pool(url)))).toBe("ECONNREFUSED");
  });

  it("uses at most its connections and serves waiting calls in order as they free up", async () => {
    const peer = await scripted((s, req) => {
      const body = /\r\n\r\n(.*)$/s.exec(req)?.[1] ?? "";
      setTimeout(() => s.write(ok(body)), 5);
    });
    const p = pool(peer.url, 2);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post(p, `<n>${i}</n>`)));
    expect(answers.map((a) => a.text)).toEqual(Array.from({ length: 8 }, (_, i) => `<n>${i}</n>`));
    expect(peer.connections).toBe(2);
  });

  it("drops a connection that sends bytes after the answer, keeping the answer", async () => {
    const peer = await scripted((s) => s.write(`${ok("<a/>")}HTTP/1.1 200 OK\r\n`));
    const p = pool(peer.url);
    expect((await post(p)).text).toBe("<a/>");
    expect((await post(p)).text).toBe("<a/>");
    expect(peer.connections).toBe(2);
  });

  it("fails calls in flight and waiting with channel-closed when destroyed, and every later call", async () => {
    const peer = await scripted(() => {});
    const p = pool(peer.url, 1);
    const inFlight = failure(post(p));
    const waiting = failure(post(p));
    await expect.poll(() => peer.requests.length).toBe(1);
    p.destroy();
    expect(await inFlight).toBe("channel-closed");
    expect(await waiting).toBe("channel-closed");
    expect(await failure(post(p))).toBe("channel-closed");
  });

  it("leaves an idle connection before the server's Keep-Alive timeout", async () => {
    const peer = await scripted((s) => s.write(ok("<a/>", "keep-alive: timeout=1\r\n")));
    await post(pool(peer.url));
    // timeout=1 s: the client leaves after half of it, well before the server would close.
    await expect.poll(() => peer.closedByClient, { timeout: 3_000 }).toBe(1);
  });
});
