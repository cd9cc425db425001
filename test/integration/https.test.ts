/**
 * HTTPS both ways between the two peers: the recording client certifies an HTTPS mock
 * (trusting it through a CA bundle) and receives StartSession, heartbeats and events on an
 * HTTPS callback service the mock trusts the same way. Certificates are generated here,
 * SHA-256 (OpenSSL 3 refuses selfsigned's default SHA-1 ones as "ca md too weak").
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/index.ts";
import { countReached, Peers } from "./peers.ts";
import { certificate, type Pem } from "../support/certificates.ts";

let ctips: Pem;
let callback: Pem;
const peers = new Peers();

beforeAll(() => {
  ctips = certificate("mock ctips");
  callback = certificate("recording client callback");
});
afterEach(() => peers.close());

describe("HTTPS both ways", () => {
  it("opens a session with an HTTPS mock and takes StartSession, heartbeats and events over HTTPS", async () => {
    const mock = await peers.mock({
      tls: ctips,
      callbackTls: { ca: callback.cert },
      heartbeatIntervalMs: 50,
    });
    expect(mock.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    const client = await peers.client(mock, { tls: { ca: ctips.cert }, callback: { tls: callback } });
    const s = await client.openSession({ categories: ["EventCategorySystem"] });
    expect(s.callbackUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);

    mock.control.setLink("Gateway", "down");
    mock.control.setLink("Gateway", "up");
    await countReached(client.timeline, (e) => e.kind === "event", 2, 3_000);
    await countReached(client.timeline, (e) => e.kind === "heartbeat", 2, 3_000);

    expect(client.timeline.find((e) => e.kind === "startSession")?.session).toBe(s.sessionId);
    expect(s.events().map((e) => (e.payload as { ComponentState: string }).ComponentState)).toEqual([
      "Down",
      "Up",
    ]);
    // The mock's side: every callback answered over its TLS connection, nothing failed.
    const callbacks = mock.timeline.query((e) => ["startSession", "event", "heartbeat"].includes(e.kind));
    expect(callbacks.length).toBeGreaterThanOrEqual(5);
    for (const c of callbacks) expect(c.peer).toBe(s.callbackUrl);
    expect(mock.timeline.query((e) => e.kind === "transportError")).toEqual([]);
    expect(mock.core.sessions.get(s.sessionId)?.missedHeartbeats).toBe(0);
  });

  it("fails a client that does not trust the mock's certificate, in transport", async () => {
    const mock = await peers.mock({ tls: ctips, callbackTls: { ca: callback.cert } });
    const client = await peers.client(mock, { tls: { ca: callback.cert }, callback: { tls: callback } });
    const err = await client.openSession().catch((e: unknown) => e);
    expect(isKitError(err, "CTIPSKIT_E_TRANSPORT")).toBe(true);
    expect(client.timeline.find((e) => e.kind === "transportError")?.code).toBe(
      "DEPTH_ZERO_SELF_SIGNED_CERT",
    );
    expect(mock.timeline.query((e) => e.kind === "request")).toEqual([]);
  });

  it("cannot call back a client whose certificate the mock does not trust, and records why", async () => {
    const mock = await peers.mock({ tls: ctips, callbackTls: { ca: ctips.cert } });
    const client = await peers.client(mock, { tls: { ca: ctips.cert }, callback: { tls: callback } });
    const s = await client.openSession({ categories: ["EventCategorySystem"], startSessionTimeoutMs: 300 });
    const failed = await mock.timeline.waitFor((e) => e.kind === "transportError", 2_000);
    expect(failed).toMatchObject({
      name: "StartSession",
      session: s.sessionId,
      code: "DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    expect(client.timeline.find((e) => e.kind === "startSession")).toBeUndefined();
    expect(client.timeline.find((e) => e.code === "start-session-missing")?.session).toBe(s.sessionId);
  });
});
