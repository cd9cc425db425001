/**
 * The recording proxy's HTTP legs: a message read whole (up to a limit), sent on with the
 * sender's own end-to-end headers over keep-alive connections, its answer read whole.
 * node:http rather than undici: the proxy must pass headers on exactly as they came (names,
 * case, quoting of SOAPAction), which `http.request` takes as a raw list.
 */
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { BodyTooLargeError, rawHeader, readBody as readBodyWithin } from "../contract/http.ts";

/** An answer as it came: status, the end-to-end headers as a raw list, the body's bytes. */
export interface Leg {
  status: number;
  headers: string[];
  body: Buffer;
}

/**
 * A leg that failed. `code` is the socket or TLS error's code (`ECONNREFUSED`,
 * `DEPTH_ZERO_SELF_SIGNED_CERT` …) or one of `ETIMEDOUT` (no whole answer in time),
 * `body-too-large`, `abandoned` (the peer waiting for it went away), `network-error`.
 */
export class LegFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "LegFailure";
  }
}

/**
 * Headers of one connection, not of the message (RFC 9110 §7.6.1), and those the proxy
 * writes itself (Host, Content-Length); `Expect: 100-continue` was already answered.
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "expect",
]);

/** The end-to-end headers of a raw header list (`message.rawHeaders`), names as written. */
export function endToEndHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2)
    if (!HOP_BY_HOP.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  return out;
}

/** Reads a body up to `maxBytes` (draining the rest); past it, rejects with `body-too-large`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return readBodyWithin(req, maxBytes, { drain: true }).catch((err: Error) => {
    throw err instanceof BodyTooLargeError
      ? new LegFailure("body-too-large", err.message)
      : new LegFailure("abandoned", `the sender went away: ${err.message}`);
  });
}

export { rawHeader };

/** TLS towards one side's servers (PEM). */
export interface LegTls {
  ca?: string | string[];
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}

/** Keep-alive agents for one side, one per scheme. */
export class LegAgents {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(tls: LegTls = {}) {
    // `timeout` closes idle connections; a server's `Keep-Alive: timeout=N` hint shortens it.
    const idle = { keepAlive: true, timeout: IDLE_MS };
    this.http = new HttpAgent(idle);
    this.https = new HttpsAgent({
      ...idle,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
    });
  }

  for(url: URL): HttpAgent {
    return url.protocol === "https:" ? this.https : this.http;
  }

  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

const IDLE_MS = 60_000; // 60 s

export interface SendOptions {
  method: "GET" | "POST";
  url: URL;
  /** End-to-end headers as a raw list; Host and Content-Length are added. */
  headers: readonly string[];
  body?: Buffer;
  agents: LegAgents;
  timeoutMs: number;
  maxBytes: number;
}

/** A leg in flight: its answer, and a way to give up on it (the peer that waits for it went away). */
export interface Sending {
  answer: Promise<Leg>;
  abandon(why: string): void;
}

/**
 * Sends one message and reads its answer whole. A keep-alive connection the server closed
 * just as it was reused fails with ECONNRESET before any answer: that send is repeated
 * once on a new connection (Node's documented remedy), so the proxy adds no failure of
 * its own.
 */
export function send(o: SendOptions): Sending {
  let abandoned: string | undefined;
  let current: ReturnType<typeof httpRequest> | undefined;
  const attempt = (retry: boolean): Promise<Leg> =>
    new Promise((resolve, reject) => {
      const headers = ["Host", o.url.host, ...o.headers];
      if (o.body) headers.push("Content-Length", String(o.body.length));
      const req = (o.url.protocol === "https:" ? httpsRequest : httpRequest)(o.url, {
        method: o.method,
        headers,
        agent: o.agents.for(o.url),
      });
      current = req;
      const timer = setTimeout(
        () => req.destroy(new LegFailure("ETIMEDOUT", `no whole answer within ${o.timeoutMs} ms`)),
        o.timeoutMs,
      );
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > o.maxBytes)
            req.destroy(
              new LegFailure("body-too-large", `an answer exceeds the limit of ${o.maxBytes} bytes`),
            );
          else chunks.push(c);
        });
        res.on("end", () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: endToEndHeaders(res.rawHeaders),
            body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
          });
        });
        res.on("error", () => undefined); // the request's error says why
      });
      req.on("error", (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (abandoned !== undefined) return reject(new LegFailure("abandoned", abandoned));
        if (retry && req.reusedSocket && err.code === "ECONNRESET") return resolve(attempt(false));
        reject(err instanceof LegFailure ? err : new LegFailure(err.code ?? "network-error", err.message));
      });
      req.end(o.body);
    });
  return {
    answer: attempt(true),
    abandon(why) {
      abandoned = why;
      current?.destroy();
    },
  };
}
