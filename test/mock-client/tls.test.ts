/**
 * HTTPS both ways: an HTTPS target verified against a CA bundle and requiring a client
 * certificate, and the client's callback service hosted over HTTPS. Certificates are
 * generated here with `selfsigned` (SHA-256: OpenSSL 3 refuses its default SHA-1 client
 * certificates as "ca md too weak").
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/errors.ts";
import { createRecordingClient, type RecordingClient } from "../../src/mock-client/index.ts";
import { event, type FakeCtips, startFakeCtips } from "./fake-ctips.ts";
import { certificate, type Pem } from "../support/certificates.ts";

let server: Pem;
let clientCert: Pem;
let callbackCert: Pem;
let unrelated: Pem;
let fake: FakeCtips | undefined;
let client: RecordingClient | undefined;

beforeAll(() => {
  server = certificate("ctips.test", "serverAuth");
  clientCert = certificate("ctips-kit client", "clientAuth");
  callbackCert = certificate("ctips-kit callback", "serverAuth");
  unrelated = certificate("someone else", "serverAuth");
});

afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

describe("HTTPS", () => {
  it("talks to an HTTPS target trusted through a CA bundle, with a client certificate, and takes callbacks over HTTPS", async () => {
    fake = await startFakeCtips({
      tls: { ...server, ca: clientCert.cert, requestCert: true },
      callbackCa: callbackCert.cert,
    });
    client = await createRecordingClient({
      target: fake.url,
      credentials: { userName: "u", password: "p" },
      tenantId: 1,
      tls: { ca: [unrelated.cert, server.cert], ...clientCert },
      callback: { tls: callbackCert },
    });
    expect(client.callbackUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/www\.aspect\.com\/PublishEvents$/);

    const s = await client.openSession({ categories: ["EventCategoryCall"] });
    expect(fake.clientCertCNs).toContain("ctips-kit client");
    // StartSession reached the client over HTTPS during OpenConnection.
    expect(client.timeline.find((e) => e.kind === "startSession")?.session).toBe(s.sessionId);

    const answer = await fake.callback(s.callbackUrl, "PublishCTIEvent", {
      ctiEvent: event("CTICallHeld", { CallId: 5 }),
    });
    expect(answer.status).toBe(200);
    expect(s.events().map((e) => e.callId)).toEqual([5]);
  });

  it("refuses a target whose certificate no configured CA vouches for", async () => {
    fake = await startFakeCtips({ tls: server });
    client = await createRecordingClient({
      target: fake.url,
      credentials: { userName: "u", password: "p" },
      tenantId: 1,
      tls: { ca: unrelated.cert },
    });
    const err = await client.sendRaw("OffLine", { SessionId: "S", TenantId: 1 }).catch((e: unknown) => e);
    expect(isKitError(err, "CTIPSKIT_E_TRANSPORT")).toBe(true);
    expect(client.timeline.find((e) => e.kind === "transportError")?.code).toBe(
      "DEPTH_ZERO_SELF_SIGNED_CERT",
    );
  });

  it("is refused by a target that requires a client certificate it was not given", async () => {
    fake = await startFakeCtips({ tls: { ...server, ca: clientCert.cert, requestCert: true } });
    client = await createRecordingClient({
      target: fake.url,
      credentials: { userName: "u", password: "p" },
      tenantId: 1,
      tls: { ca: server.cert },
    });
    const err = await client.sendRaw("OffLine", { SessionId: "S", TenantId: 1 }).catch((e: unknown) => e);
    expect(isKitError(err, "CTIPSKIT_E_TRANSPORT")).toBe(true);
    expect(fake.received).toHaveLength(0);
  });
});
