/**
 * The client's HTTP side: SOAP 1.1 POSTs over a keep-alive undici Agent (HTTPS with a CA
 * bundle and an optional client certificate), and the names the kit gives to transport
 * failures so they can be recorded and matched.
 */
import { Agent, request } from "undici";
import { SOAP_CONTENT_TYPE } from "../contract/soap.ts";
import type { HttpFetch, TargetTls } from "./types.ts";

export interface HttpReply {
  status: number;
  contentType: string;
  body: string;
}

export interface SoapHttp {
  post(url: string, soapAction: string, xml: string, timeoutMs: number): Promise<HttpReply>;
  close(): Promise<void>;
}

/** A failed exchange: `code` is the cause's code (ECONNREFUSED, UND_ERR_SOCKET, ETIMEDOUT …). */
export class TransportFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

// Keep idle connections longer than a request's life; the server's keep-alive decides the rest.
const KEEP_ALIVE_MS = 30_000; // 30 s

export function createSoapHttp(o: { tls?: TargetTls; fetch?: HttpFetch }): SoapHttp {
  const tls = o.tls ?? {};
  // undici's request() is several times cheaper than its fetch(); a caller's fetch is for msw.
  const agent = o.fetch
    ? undefined
    : new Agent({
        keepAliveTimeout: KEEP_ALIVE_MS,
        connect: {
          ca: tls.ca,
          cert: tls.cert,
          key: tls.key,
          rejectUnauthorized: tls.rejectUnauthorized ?? true,
        },
      });
  const fetchFn = o.fetch;
  return {
    async post(url, soapAction, xml, timeoutMs) {
      // .NET quotes the action; WCF accepts it either way.
      const headers = { "content-type": SOAP_CONTENT_TYPE, soapaction: `"${soapAction}"` };
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        if (fetchFn) {
          const res = await fetchFn(url, { method: "POST", headers, body: xml, signal });
          return {
            status: res.status,
            contentType: res.headers.get("content-type") ?? "",
            body: await res.text(),
          };
        }
        const res = await request(url, { method: "POST", headers, body: xml, signal, dispatcher: agent });
        const contentType = res.headers["content-type"];
        return {
          status: res.statusCode,
          contentType: Array.isArray(contentType) ? contentType.join(", ") : (contentType ?? ""),
          body: await res.body.text(),
        };
      } catch (err) {
        throw classify(err, timeoutMs);
      }
    },
    async close() {
      await agent?.close();
    },
  };
}

function codeOf(err: unknown): string | undefined {
  if (!err || typeof err !== "object") return undefined;
  const e = err as { code?: unknown; errors?: unknown[] };
  if (typeof e.code === "string") return e.code;
  // A refused connection to a name with several addresses arrives as an AggregateError.
  return Array.isArray(e.errors) ? codeOf(e.errors[0]) : undefined;
}

function classify(err: unknown, timeoutMs: number): TransportFailure {
  const e = err as Error & { cause?: unknown };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") {
    return new TransportFailure("ETIMEDOUT", `no answer within ${timeoutMs} ms`, err);
  }
  const code = codeOf(e?.cause) ?? codeOf(e) ?? "network-error";
  const causeMsg = e?.cause instanceof Error ? e.cause.message : undefined;
  return new TransportFailure(code, causeMsg ? `${e.message}: ${causeMsg}` : String(e?.message ?? err), err);
}
