/**
 * The mock's HTTP/1.1 client for its callbacks to one client: a small pool of keep-alive
 * connections, one request in flight per connection, POST only, the answer read whole.
 *
 * Why not undici (which the kit used here before): per callback undici spent 12–25 µs of the
 * mock's thread on this 2-core VM, building a request object, validating headers, driving
 * llhttp through WebAssembly and arming its timers, while a PublishCTIEvent and its answer
 * are a few hundred bytes each way. With one event in flight per session (EDK 4-1: ordered
 * delivery) that thread is the limit of event delivery; this client writes each request as
 * one string and parses the answer's head with `indexOf` (docs/decisions/005-callback-transport.md).
 *
 * What it reads: a status line, headers (Content-Length, Transfer-Encoding: chunked,
 * Connection, Keep-Alive), 1xx interim answers (skipped), a body by length, in chunks or up
 * to the close of the connection; anything else is a `bad-response` error.
 */
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";

export interface TransportOptions {
  /** `http:` or `https:` origin of the callback URL. */
  url: URL;
  /** Connections to keep (events and heartbeats in parallel). */
  connections: number;
  /** Close a connection idle this long (shortened to the server's `Keep-Alive: timeout` hint). */
  keepAliveMs: number;
  tls?: { ca?: string; rejectUnauthorized?: boolean };
  /** Largest answer (head and body) accepted. */
  maxResponseBytes?: number;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * A failed exchange. `code` is the socket error's code (`ECONNREFUSED`, `ECONNRESET`, …) or
 * one of: `timeout` (no whole answer within the call's timeout), `socket-closed` (the peer
 * closed the connection before answering), `bad-response` (not HTTP/1.x as this client
 * reads it), `channel-closed` (the mock closed the channel).
 */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

export type AnswerCallback = (err: TransportError | undefined, answer: HttpAnswer | undefined) => void;

const DEFAULT_MAX_RESPONSE = 1024 * 1024;
const CRLFCRLF = Buffer.from("\r\n\r\n");
const CRLF = Buffer.from("\r\n");
const EMPTY = Buffer.alloc(0);

interface Pending {
  request: string;
  timeoutMs: number;
  done: AnswerCallback;
}

/** Where the reader of one answer is. */
enum Phase {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  Trailers,
  UntilClose,
}

function onConnTimeout(conn: Connection): void {
  conn.fail(new TransportError("timeout", `no answer within ${conn.pending?.timeoutMs} ms`));
}

function onSocketData(this: Socket, chunk: Buffer): void {
  (this as SocketWithConn).conn.read(chunk);
}

function onSocketError(this: Socket, err: NodeJS.ErrnoException): void {
  (this as SocketWithConn).conn.fail(new TransportError(err.code ?? "socket-error", err.message));
}

function onSocketClose(this: Socket): void {
  (this as SocketWithConn).conn.closed();
}

function onSocketIdle(this: Socket): void {
  const conn = (this as SocketWithConn).conn;
  if (!conn.pending) conn.destroy();
}

interface SocketWithConn extends Socket {
  conn: Connection;
}

class Connection {
  readonly socket: Socket;
  pending: Pending | undefined;
  private timer: NodeJS.Timeout | undefined;
  private buf: Buffer = EMPTY;
  private phase = Phase.Head;
  private status = 0;
  private keepAlive = true;
  private remaining = 0;
  private body: Buffer[] = [];
  private bodyBytes = 0;
  private headBytes = 0;
  private dead = false;

  constructor(private readonly pool: KeepAlivePool) {
    const o = pool.options;
    const port = Number(o.url.port) || (o.url.protocol === "https:" ? 443 : 80);
    const host = o.url.hostname.replace(/^\[|\]$/g, "");
    const socket =
      o.url.protocol === "https:"
        ? tlsConnect({
            host,
            port,
            servername: /^[\d.]+$|:/.test(host) ? undefined : host,
            ca: o.tls?.ca,
            rejectUnauthorized: o.tls?.rejectUnauthorized ?? true,
          })
        : netConnect({ host, port });
    socket.setNoDelay(true);
    (socket as SocketWithConn).conn = this;
    socket.on("data", onSocketData);
    socket.on("error", onSocketError);
    socket.on("close", onSocketClose);
    socket.on("timeout", onSocketIdle);
    socket.setTimeout(o.keepAliveMs);
    this.socket = socket;
  }

  get usable(): boolean {
    return !this.dead && this.pending === undefined;
  }

  start(p: Pending): void {
    this.pending = p;
    this.phase = Phase.Head;
    this.buf = EMPTY;
    this.body = [];
    this.bodyBytes = 0;
    this.headBytes = 0;
    this.timer = setTimeout(onConnTimeout, p.timeoutMs, this);
    this.socket.write(p.request);
  }

  read(chunk: Buffer): void {
    if (!this.pending) {
      this.destroy(); // bytes nobody asked for: the connection's state is unknown
      return;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let complete: boolean;
    try {
      complete = this.parse();
    } catch (err) {
      this.fail(err instanceof TransportError ? err : new TransportError("bad-response", String(err)));
      return;
    }
    if (complete) this.finish();
  }

  /** Reads what has arrived; true once the whole answer has. */
  private parse(): boolean {
    const max = this.pool.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
    for (;;) {
      switch (this.phase) {
        case Phase.Head: {
          const end = this.buf.indexOf(CRLFCRLF);
          if (end < 0) {
            if (this.headBytes + this.buf.length > max) throw badResponse("the answer's head is too large");
            return false;
          }
          const head = this.buf.toString("latin1", 0, end);
          this.buf = this.buf.subarray(end + 4);
          this.headBytes += end + 4;
          if (this.readHead(head)) continue; // a 1xx interim answer: the real one follows
          break;
        }
        case Phase.Length: {
          const take = Math.min(this.remaining, this.buf.length);
          if (take) this.addBody(this.buf.subarray(0, take), max);
          this.buf = this.buf.subarray(take);
          this.remaining -= take;
          return this.remaining === 0;
        }
        case Phase.ChunkSize: {
          const end = this.buf.indexOf(CRLF);
          if (end < 0) {
            if (this.buf.length > 1024) throw badResponse("a chunk size line is too long");
            return false;
          }
          const line = this.buf.toString("latin1", 0, end);
          const semi = line.indexOf(";");
          const hex = (semi < 0 ? line : line.slice(0, semi)).trim();
          if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw badResponse(`bad chunk size '${hex}'`);
          this.remaining = Number.parseInt(hex, 16);
          this.buf = this.buf.subarray(end + 2);
          this.phase = this.remaining === 0 ? Phase.Trailers : Phase.ChunkData;
          break;
        }
        case Phase.ChunkData: {
          if (this.remaining > 0) {
            const take = Math.min(this.remaining, this.buf.length);
            if (take) this.addBody(this.buf.subarray(0, take), max);
            this.buf = this.buf.subarray(take);
            this.remaining -= take;
            if (this.remaining > 0) return false;
          }
          if (this.buf.length < 2) return false;
          if (this.buf[0] !== 13 || this.buf[1] !== 10) throw badResponse("a chunk does not end with CRLF");
          this.buf = this.buf.subarray(2);
          this.phase = Phase.ChunkSize;
          break;
        }
        case Phase.Trailers: {
          const end = this.buf.indexOf(CRLF);
          if (end < 0) {
            if (this.buf.length > 8192) throw badResponse("the trailers are too large");
            return false;
          }
          this.buf = this.buf.subarray(end + 2);
          if (end === 0) return true;
          break;
        }
        case Phase.UntilClose:
          if (this.buf.length) this.addBody(this.buf, max);
          this.buf = EMPTY;
          return false; // the close ends it (`closed`)
      }
    }
  }

  /** Reads a status line and headers; true for a 1xx interim answer (skipped). */
  private readHead(head: string): boolean {
    const m = /^HTTP\/1\.([01]) (\d{3})/.exec(head);
    if (!m) throw badResponse(`not an HTTP/1.x status line: '${head.slice(0, 40)}'`);
    const status = Number(m[2]);
    if (status >= 100 && status < 200) {
      if (status === 101) throw badResponse("an upgrade (101) answer to a SOAP call");
      return true;
    }
    this.status = status;
    let keepAlive = m[1] === "1";
    let length = -1;
    let chunked = false;
    let hintS = 0;
    let at = head.indexOf("\r\n");
    while (at >= 0) {
      const next = head.indexOf("\r\n", at + 2);
      const line = next < 0 ? head.slice(at + 2) : head.slice(at + 2, next);
      at = next;
      const colon = line.indexOf(":");
      if (colon <= 0) throw badResponse(`a header line without a name: '${line.slice(0, 40)}'`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-length") {
        if (!/^\d{1,15}$/.test(value) || (length >= 0 && Number(value) !== length))
          throw badResponse(`bad Content-Length '${value}'`);
        length = Number(value);
      } else if (name === "transfer-encoding") {
        const codings = value
          .toLowerCase()
          .split(",")
          .map((s) => s.trim());
        if (codings[codings.length - 1] !== "chunked" || codings.length > 1)
          throw badResponse(`unsupported Transfer-Encoding '${value}'`);
        chunked = true;
      } else if (name === "connection") {
        const v = value.toLowerCase();
        if (v.includes("close")) keepAlive = false;
        else if (v.includes("keep-alive")) keepAlive = true;
      } else if (name === "keep-alive") {
        const t = /timeout=(\d+)/i.exec(value);
        if (t) hintS = Number(t[1]);
      }
    }
    this.keepAlive = keepAlive;
    if (hintS > 0) {
      // Leave the connection a second before the server would, so a call never meets its close.
      const ms = hintS > 2 ? (hintS - 1) * 1000 : hintS * 500;
      if (ms < this.pool.options.keepAliveMs) this.socket.setTimeout(ms);
    }
    this.remaining = 0;
    if (status === 204 || status === 304)
      this.phase = Phase.Length; // never a body, whatever the headers say
    else if (chunked) this.phase = Phase.ChunkSize;
    else if (length >= 0) {
      this.phase = Phase.Length;
      this.remaining = length;
    } else {
      this.phase = Phase.UntilClose;
      this.keepAlive = false;
    }
    return false;
  }

  private addBody(part: Buffer, max: number): void {
    this.bodyBytes += part.length;
    if (this.headBytes + this.bodyBytes > max) throw badResponse(`the answer is larger than ${max} bytes`);
    this.body.push(part);
  }

  private finish(): void {
    const p = this.pending;
    if (!p) return;
    const b = this.body;
    const text =
      b.length === 0 ? "" : b.length === 1 ? b[0].toString("utf8") : Buffer.concat(b).toString("utf8");
    const leftover = this.buf.length > 0;
    this.settle();
    // Bytes after the answer (no request was pipelined) leave the connection in an unknown state.
    if (!this.keepAlive || leftover) this.destroy();
    p.done(undefined, { status: this.status, text });
    this.pool.next(this);
  }

  fail(err: TransportError): void {
    const p = this.pending;
    this.settle();
    this.destroy();
    if (p) p.done(err, undefined);
  }

  /** The socket closed: an answer read up to the close ends; a call in flight fails. */
  closed(): void {
    this.dead = true;
    this.pool.forget(this);
    if (!this.pending) return;
    if (this.phase === Phase.UntilClose) this.finish();
    else this.fail(new TransportError("socket-closed", "the client closed the connection before answering"));
  }

  private settle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.buf = EMPTY;
    this.body = [];
  }

  destroy(): void {
    if (this.dead) return;
    this.dead = true;
    this.pool.forget(this);
    this.socket.destroy();
  }
}

function badResponse(message: string): TransportError {
  return new TransportError("bad-response", message);
}

export class KeepAlivePool {
  private readonly conns: Connection[] = [];
  private readonly queue: Pending[] = [];
  private readonly prefix: string;
  private destroyed = false;

  constructor(readonly options: TransportOptions) {
    const u = options.url;
    this.prefix = ` HTTP/1.1\r\nhost: ${u.host}\r\n`;
  }

  /**
   * POSTs `body` to `path` with `headers` (lines ending in CRLF, e.g. the content type and
   * SOAPAction) and calls `done` once with the whole answer or an error.
   */
  post(path: string, headers: string, body: string, timeoutMs: number, done: AnswerCallback): void {
    if (this.destroyed) {
      done(new TransportError("channel-closed", "the session's callback channel is closed"), undefined);
      return;
    }
    const request = `POST ${path}${this.prefix}${headers}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const p: Pending = { request, timeoutMs, done };
    for (let k = 0; k < this.conns.length; k++) {
      if (this.conns[k].usable) {
        this.conns[k].start(p);
        return;
      }
    }
    if (this.conns.length < this.options.connections) this.open(p);
    else this.queue.push(p);
  }

  /** A new connection, which starts `p` at once (written as soon as it connects). */
  private open(p: Pending): void {
    const c = new Connection(this);
    this.conns.push(c);
    c.start(p);
  }

  /** A connection is free again: it takes the oldest waiting call (a closing one is replaced in `forget`). */
  next(c: Connection): void {
    if (!c.usable || this.queue.length === 0) return;
    c.start(this.queue.shift() as Pending);
  }

  forget(c: Connection): void {
    const i = this.conns.indexOf(c);
    if (i >= 0) this.conns.splice(i, 1);
    // A waiting call must not wait for a connection that is gone.
    if (this.queue.length && this.conns.length < this.options.connections && !this.destroyed)
      this.open(this.queue.shift() as Pending);
  }

  /** Ends every connection; calls in flight or waiting fail with `channel-closed`. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const err = new TransportError("channel-closed", "the session's callback channel is closed");
    for (const p of this.queue.splice(0)) p.done(err, undefined);
    for (const c of [...this.conns]) c.fail(err);
  }
}
