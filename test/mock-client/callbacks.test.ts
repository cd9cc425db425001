/**
 * The recording client's callback service (CTIEventService): every callback on the
 * timeline before its answer, attribution to sessions, the switchable behaviours for
 * certifying a CTIPS, the guide profile, and what it refuses.
 */
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Profile } from "../../src/contract/codec.ts";
import { KitError } from "../../src/contract/errors.ts";
import { decodeMessage } from "../../src/contract/soap.ts";
import { createRecordingClient, type RecordingClient } from "../../src/mock-client/index.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { Timeline } from "../../src/timeline/timeline.ts";
import { callOnce, event, type FakeCtips, startFakeCtips } from "./fake-ctips.ts";

let fake: FakeCtips | undefined;
let client: RecordingClient | undefined;

afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

async function setup(o: { profile?: Profile; ignoreHoldMs?: number; maxBodyBytes?: number } = {}) {
  fake = await startFakeCtips();
  client = await createRecordingClient({
    target: fake.url,
    profile: o.profile,
    credentials: { userName: "u", password: "p" },
    tenantId: 1,
    timeline: new Timeline({ recorder: "client", recordRaw: true }),
    callback: { ignoreHoldMs: o.ignoreHoldMs, maxBodyBytes: o.maxBodyBytes },
  });
  const session = await client.openSession({ categories: ["EventCategoryCall"] });
  return { fake, client, session, url: fake.callbackUrls.get(session.sessionId) as string };
}

const answerTo = (c: RecordingClient, e: TimelineEntry) => c.timeline.find((x) => x.replyTo === e.seq);

describe("events", () => {
  it("records a PublishCTIEvent and the client's answer before the answer reaches the server", async () => {
    const { fake, client, url } = await setup();
    let seenAtAnswer: TimelineEntry[] = [];
    const answer = await fake.callback(
      url,
      "PublishCTIEvent",
      {
        ctiEvent: event("CTICallDelivered", {
          CallId: 77,
          AgentId: 1001,
          RequestId: 0,
          ANI: "100",
          DNIS: "200",
        }),
      },
      { onAnswer: () => (seenAtAnswer = [...client.timeline.entries]) },
    );
    expect(answer.status).toBe(200);
    expect(decodeMessage(answer.body)).toMatchObject({ kind: "response", result: 0 });
    const ev = seenAtAnswer.find((e) => e.kind === "event");
    expect(ev).toMatchObject({
      direction: "in",
      name: "CallDelivered",
      eventType: "CTICallDelivered",
      session: "S1",
      requestId: 0,
      callId: 77,
      agentId: 1001,
      payload: { CallId: 77, ANI: "100", DNIS: "200" },
    });
    expect(ev?.raw).toContain('i:type="a:CTICallDelivered"');
    const reply = seenAtAnswer.find((e) => e.kind === "callbackResponse" && e.replyTo === ev?.seq);
    expect(reply).toMatchObject({ direction: "out", name: "PublishCTIEvent", session: "S1" });
    expect(reply?.payload).toEqual({ PublishCTIEventResult: 0 });
  });

  it("lists a session's events and waits for one by type and CallId", async () => {
    const { fake, session, url } = await setup();
    const waiting = session.waitForEvent({ type: "CallCleared", callId: 9 }, 2_000);
    await fake.callback(url, "PublishCTIEvent", { ctiEvent: event("CTICallCleared", { CallId: 8 }) });
    await fake.callback(url, "PublishCTIEvent", { ctiEvent: event("CTICallCleared", { CallId: 9 }) });
    expect((await waiting).callId).toBe(9);
    expect(session.events({ type: "CTICallCleared" }).map((e) => e.callId)).toEqual([8, 9]);
    expect(session.events({ type: "CallDelivered" })).toEqual([]);
  });

  it("rejects a wait with CTIPSKIT_E_WAIT_TIMEOUT when no such event arrives", async () => {
    const { session } = await setup();
    await expect(session.waitForEvent({ type: "CallEnd" }, 30)).rejects.toMatchObject({
      code: "CTIPSKIT_E_WAIT_TIMEOUT",
    });
  });

  it("delays only the events of eventDelayTypes when it is set", async () => {
    const { fake, client, url } = await setup();
    client.behaviour.eventDelayMs = 600;
    client.behaviour.eventDelayTypes = ["CallStarted"];
    const took = async (type: string) => {
      const t0 = performance.now();
      await fake.callback(url, "PublishCTIEvent", { ctiEvent: event(type) });
      return performance.now() - t0;
    };
    expect(await took("CTICallStarted")).toBeGreaterThanOrEqual(590);
    expect(await took("CTICallHeld")).toBeLessThan(500);
  });

  it("answers a fault when the event behaviour is fault", async () => {
    const { fake, client, url } = await setup();
    client.behaviour.event = "fault";
    const answer = await fake.callback(url, "PublishCTIEvent", { ctiEvent: event("CTICallHeld") });
    expect(answer.status).toBe(500);
    expect(decodeMessage(answer.body).kind).toBe("fault");
    const ev = client.timeline.find((e) => e.kind === "event") as TimelineEntry;
    expect(answerTo(client, ev)).toMatchObject({ kind: "fault", direction: "out", faultCode: "s:Server" });
  });
});

describe("attributing callbacks to sessions", () => {
  it("gives a second concurrent session its own callback path and attributes events by path", async () => {
    const { fake, client, session: first, url: firstUrl } = await setup();
    const second = await client.openSession({ categories: ["EventCategoryCall"] });
    const secondUrl = fake.callbackUrls.get(second.sessionId) as string;
    expect(firstUrl).toBe(client.callbackUrl);
    expect(secondUrl).toBe(`${client.callbackUrl}/s2`);

    await fake.callback(secondUrl, "PublishCTIEvent", { ctiEvent: event("CTICallHeld", { CallId: 2 }) });
    await fake.callback(firstUrl, "PublishCTIEvent", { ctiEvent: event("CTICallHeld", { CallId: 1 }) });
    expect(first.events().map((e) => e.callId)).toEqual([1]);
    expect(second.events().map((e) => e.callId)).toEqual([2]);
  });

  it("attributes a heartbeat by its sessionId parameter, whatever URL it came to", async () => {
    const { fake, client, session } = await setup();
    const other = await client.openSession({ categories: [] });
    await fake.callback(client.callbackUrl, "Heartbeat", { sessionId: other.sessionId });
    const hb = client.timeline.find((e) => e.kind === "heartbeat");
    expect(hb?.session).toBe(other.sessionId);
    expect(hb?.session).not.toBe(session.sessionId);
  });

  it("hands the configured path to a new session once its holder has closed", async () => {
    const { fake, client, session } = await setup();
    await session.close();
    const next = await client.openSession({ categories: [] });
    expect(next.callbackUrl).toBe(client.callbackUrl);
    await fake.callback(client.callbackUrl, "PublishCTIEvent", { ctiEvent: event("CTILinkStatus") });
    expect(next.events()).toHaveLength(1);
    expect(session.events()).toHaveLength(0);
  });
});

describe("heartbeat behaviours", () => {
  it("answers a heartbeat with result 0 by default", async () => {
    const { fake, client, url } = await setup();
    const answer = await fake.callback(url, "Heartbeat", { sessionId: "S1" });
    expect(decodeMessage(answer.body)).toMatchObject({ kind: "response", result: 0 });
    const hb = client.timeline.find((e) => e.kind === "heartbeat") as TimelineEntry;
    expect(hb).toMatchObject({
      direction: "in",
      name: "Heartbeat",
      session: "S1",
      payload: { sessionId: "S1" },
    });
    expect(answerTo(client, hb)).toMatchObject({ kind: "callbackResponse", payload: { HeartbeatResult: 0 } });
  });

  it("never answers when set to ignore, and drops the connection after the hold time", async () => {
    const { fake, client, url } = await setup({ ignoreHoldMs: 300 });
    client.behaviour.heartbeat = "ignore";
    const started = performance.now();
    const outcome = await fake.callback(url, "Heartbeat", { sessionId: "S1" }).then(
      () => "answered",
      (err: NodeJS.ErrnoException) => err.code,
    );
    expect(outcome).toBe("ECONNRESET");
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    const hb = client.timeline.find((e) => e.kind === "heartbeat") as TimelineEntry;
    expect(answerTo(client, hb)).toMatchObject({ kind: "note", code: "callback-ignored" });
    expect(
      client.timeline.find((e) => e.kind === "callbackResponse" && e.replyTo === hb.seq),
    ).toBeUndefined();
  });

  it("answers a SOAP fault when set to fault", async () => {
    const { fake, client, url } = await setup();
    client.behaviour.heartbeat = "fault";
    const answer = await fake.callback(url, "Heartbeat", { sessionId: "S1" });
    expect(answer.status).toBe(500);
    expect(decodeMessage(answer.body)).toMatchObject({ kind: "fault", faultcode: "s:Server" });
  });

  it("destroys the connection when set to close", async () => {
    const { fake, client, url } = await setup();
    client.behaviour.heartbeat = "close";
    const outcome = await fake.callback(url, "Heartbeat", { sessionId: "S1" }).then(
      () => "answered",
      (err: NodeJS.ErrnoException) => err.code,
    );
    expect(outcome).toBe("ECONNRESET");
    expect(client.timeline.find((e) => e.kind === "note")?.code).toBe("callback-socket-destroyed");
  });

  it("answers after the configured delay, having recorded the heartbeat on arrival", async () => {
    const { fake, client, url } = await setup();
    client.behaviour.heartbeatDelayMs = 150;
    let heartbeatsWhileWaiting = -1;
    setTimeout(
      () => (heartbeatsWhileWaiting = client.timeline.query((e) => e.kind === "heartbeat").length),
      50,
    );
    const started = performance.now();
    const answer = await fake.callback(url, "Heartbeat", { sessionId: "S1" });
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(heartbeatsWhileWaiting).toBe(1);
    const reply = client.timeline.find((e) => e.kind === "callbackResponse" && e.name === "Heartbeat");
    expect(reply?.latencyNs).toBeGreaterThanOrEqual(140e6);
  });

  it("applies a behaviour change to the next heartbeat", async () => {
    const { fake, client, url } = await setup();
    expect((await fake.callback(url, "Heartbeat", { sessionId: "S1" })).status).toBe(200);
    client.behaviour.heartbeat = "fault";
    expect((await fake.callback(url, "Heartbeat", { sessionId: "S1" })).status).toBe(500);
    client.behaviour.heartbeat = "answer";
    expect((await fake.callback(url, "Heartbeat", { sessionId: "S1" })).status).toBe(200);
  });
});

describe("the guide profile", () => {
  it("accepts HeartbeatMessage() and answers HeartbeatMessageResponse, attributing it by URL", async () => {
    const { fake, client, url } = await setup({ profile: "guide" });
    const answer = await fake.callback(url, "Heartbeat", {}, { profile: "guide" });
    expect(answer.body).toContain("<HeartbeatMessageResponse");
    expect(answer.body).toContain("<HeartbeatMessageResult>0</HeartbeatMessageResult>");
    const hb = client.timeline.find((e) => e.kind === "heartbeat");
    expect(hb).toMatchObject({ name: "Heartbeat", session: "S1" });
    expect(hb?.deviations?.map((d) => d.kind)).toContain("guide-spelling");
  });

  it("answers PublishCTIEvent with an empty response, as the guide's void method", async () => {
    const { fake, url } = await setup({ profile: "guide" });
    const answer = await fake.callback(url, "PublishCTIEvent", { ctiEvent: event("CTICallHeld") });
    expect(answer.body).toMatch(/<PublishCTIEventResponse xmlns="[^"]+"\/>/);
  });
});

describe("what the callback service refuses", () => {
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method: "POST", agent: false, headers: { "content-type": "text/xml", ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  it("answers malformed XML with a SOAP fault 500 and records a transport error", async () => {
    const { client, url } = await setup();
    const answer = await post(url, "<s:Envelope><oops");
    expect(answer.status).toBe(500);
    expect(decodeMessage(answer.body).kind).toBe("fault");
    expect(client.timeline.find((e) => e.kind === "transportError")).toMatchObject({
      direction: "in",
      code: "CTIPSKIT_E_XML_MALFORMED",
      httpStatus: 500,
    });
  });

  it("answers a server operation sent to the callback URL with ActionNotSupported", async () => {
    const { client, url } = await setup();
    const xml =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><OffLine xmlns="http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08"><args><SessionId>S1</SessionId><TenantId>1</TenantId></args></OffLine></s:Body></s:Envelope>';
    const answer = await post(url, xml);
    expect(answer.status).toBe(500);
    expect(decodeMessage(answer.body)).toMatchObject({ kind: "fault", actionNotSupported: true });
    expect(client.timeline.find((e) => e.kind === "transportError")?.code).toBe(
      "CTIPSKIT_E_SOAP_UNKNOWN_BODY",
    );
  });

  it("answers 413 to a body over the limit without reading it whole", async () => {
    const { client, url } = await setup({ maxBodyBytes: 1024 });
    const answer = await post(url, `<x>${"a".repeat(4096)}</x>`);
    expect(answer.status).toBe(413);
    expect(client.timeline.find((e) => e.kind === "transportError")).toMatchObject({
      code: "body-too-large",
      httpStatus: 413,
    });
  });

  it("answers 413 to a chunked body that grows over the limit", async () => {
    const { client, url } = await setup({ maxBodyBytes: 1024 });
    const answer = await post(url, `<x>${"a".repeat(4096)}</x>`, { "transfer-encoding": "chunked" });
    expect(answer.status).toBe(413);
    expect(client.timeline.find((e) => e.kind === "transportError")?.code).toBe("body-too-large");
  });

  it("answers 500 instead of crashing when the timeline cannot record a callback", async () => {
    class FailingTimeline extends Timeline {
      override append(e: Parameters<Timeline["append"]>[0]) {
        if (e.kind === "event") throw new KitError("CTIPSKIT_E_TIMELINE_IO", "disk full");
        return super.append(e);
      }
    }
    fake = await startFakeCtips();
    const errors: string[] = [];
    client = await createRecordingClient({
      target: fake.url,
      credentials: { userName: "u", password: "p" },
      tenantId: 1,
      timeline: new FailingTimeline({ recorder: "client" }),
      logger: { debug() {}, info() {}, warn() {}, error: (msg) => errors.push(msg) },
    });
    await client.openSession({ categories: [] });
    const answer = await fake.callback(client.callbackUrl, "PublishCTIEvent", {
      ctiEvent: event("CTICallHeld"),
    });
    expect(answer.status).toBe(500);
    expect(errors).toEqual(["callback service failed to handle a callback"]);
  });

  it("answers 404 to a POST on another path, and records it", async () => {
    const { client, url } = await setup();
    const answer = await callOnce(`${new URL(url).origin}/elsewhere`, "Heartbeat", { sessionId: "S1" }).catch(
      (e: Error) => e,
    );
    expect(answer).toMatchObject({ status: 404 });
    expect(client.timeline.find((e) => e.kind === "transportError")?.code).toBe("unknown-path");
    expect(client.timeline.find((e) => e.kind === "heartbeat")).toBeUndefined();
  });
});
