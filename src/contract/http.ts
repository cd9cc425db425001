/**
 * Small HTTP helpers both sides share (the mock CTIPS, the recording client's callback
 * service, the recording proxy): reading a body within a size limit, and a header from the
 * raw list without building Node's header object.
 */
import type { IncomingMessage } from "node:http";

/** A body larger than the limit (declared by Content-Length, or read so far). */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly declared?: number,
  ) {
    super(
      declared !== undefined
        ? `a body of ${declared} bytes exceeds the limit of ${limit}`
        : `a body exceeds the limit of ${limit} bytes`,
    );
    this.name = "BodyTooLargeError";
  }
}

/**
 * Reads a request's body up to `limit` bytes. Past it, it stops collecting and rejects with
 * BodyTooLargeError; `drain` reads the rest away (the connection stays usable), otherwise
 * the stream is paused (the caller answers and closes). A stream error rejects as it came.
 */
export function readBody(req: IncomingMessage, limit: number, o: { drain?: boolean } = {}): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    if (o.drain) req.resume();
    return Promise.reject(new BodyTooLargeError(limit, declared));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.removeAllListeners("end");
        if (o.drain) req.resume();
        else req.pause();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The first value of header `name` (lower case) in a raw header list (`message.rawHeaders`). */
export function rawHeader(raw: readonly string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const h = raw[i];
    if (h.length === name.length && (h === name || h.toLowerCase() === name)) return raw[i + 1];
  }
  return undefined;
}
