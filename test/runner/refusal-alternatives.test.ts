/**
 * "The request is refused" accepts every refusal a real CTIPS can give (EDK 2-4 and a WCF
 * stack's own faults), and still fails a request that is not refused: the step's World
 * method against a scripted fake CTIPS over real HTTP. The code a refusal names is a
 * reading: a different one is a warning note (a failure under --strict-readings).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decodeNote, NOTE_MEDIA_TYPE, type Note } from "../../src/runner/notes.ts";
import { mockSiteProfile, type WorldParameters } from "../../src/runner/params.ts";
import { CtipsWorld } from "../../steps/world.ts";
import { event, type FakeCtips, startFakeCtips } from "../mock-client/fake-ctips.ts";

const SAMPLES = join(import.meta.dirname, "..", "interop", "wcf", "samples");

let fake: FakeCtips | undefined;
let world: CtipsWorld | undefined;

afterEach(async () => {
  await world?.client?.close();
  await fake?.close();
  fake = world = undefined;
});

async function setup(o: { strictReadings?: boolean } = {}) {
  fake = await startFakeCtips();
  const notes: Note[] = [];
  const parameters: WorldParameters = {
    target: {
      endpoint: fake.url,
      wsdl: "bundled",
      profile: "wire",
      credentials: { userName: "u", password: "p" },
      tenantId: 1,
      heartbeatIntervalMs: 60_000,
      missedHeartbeats: 3,
      maxSessions: 10,
    },
    site: mockSiteProfile,
    triggers: { kind: "none", reason: "test" },
    callback: { host: "127.0.0.1", port: 0 },
    eventTimeoutMs: 400,
    quietMs: 50,
    teardownTimeoutMs: 1_000,
    workDir: mkdtempSync(join(tmpdir(), "ctips-refusal-")),
    strictReadings: o.strictReadings,
  };
  world = new CtipsWorld({
    parameters,
    attach: ((body: string, mediaType: string) => {
      if (mediaType === NOTE_MEDIA_TYPE) notes.push(decodeNote(body) as Note);
    }) as never,
    log: () => undefined,
    link: () => undefined,
  });
  await world.openSession("default", { categories: ["EventCategoryAgent"] });
  const url = fake.callbackUrls.get(world.session().sessionId) as string;
  return { fake, world, notes, url };
}

/**
 * SetAgentState is answered with result 0, then (20 ms later, as a CTIPS does) by an event
 * of `type` with these members; `rid` turns the request's RequestId into the event's.
 */
function answerWithEvent(
  f: FakeCtips,
  url: string,
  type: string,
  members: Record<string, unknown>,
  rid: (requestId: number) => number = (r) => r,
): void {
  f.on("SetAgentState", (args) => {
    const ctiEvent = event(type, { ...members, RequestId: rid(Number(args.RequestId)) });
    setTimeout(() => void f.callback(url, "PublishCTIEvent", { ctiEvent }), 20);
    return { result: 0 };
  });
}

/** Sends SetAgentState for agent 1001 and returns its RequestId. */
async function setAgentState(w: CtipsWorld): Promise<number> {
  const o = await w.send("SetAgentState", { AgentIdx: 1001, NewState: "NotReady" });
  return o.requestId as number;
}

describe("the request is refused", () => {
  it("accepts a typed CTIPortalServiceFault", async () => {
    const { fake, world, notes } = await setup();
    fake.on("SetAgentState", () => ({ fault: { ErrorCode: "InvalidParameter", Message: "no" } }));
    await setAgentState(world);
    await expect(world.awaitRefusal("InvalidParameter")).resolves.toMatchObject({
      how: "fault",
      typed: true,
    });
    expect(notes).toEqual([]);
  });

  it.each([
    ["a missing IsRequired member", "fault-missing-required-member.xml"],
    ["an enum name the contract lacks", "fault-unknown-enum-name.xml"],
    ["letters in an int", "fault-non-numeric-int.xml"],
  ])("accepts Mono WCF's deserialization fault for %s (no detail, SOAP header)", async (_what, file) => {
    const { fake, world, notes } = await setup();
    const body = readFileSync(join(SAMPLES, file), "utf8");
    fake.on("SetAgentState", () => ({ status: 500, body }));
    await setAgentState(world);
    await expect(world.awaitRefusal()).resolves.toMatchObject({ how: "fault", typed: false });
    expect(notes).toEqual([]);
  });

  it("accepts a result that is not success (a ResponseCode status)", async () => {
    const { fake, world } = await setup();
    fake.on("SetAgentState", () => ({ result: 405 }));
    await setAgentState(world);
    await expect(world.awaitRefusal()).resolves.toMatchObject({ how: "result", result: 405 });
  });

  it("accepts the request's failure event after a successful answer", async () => {
    const { fake, world, url } = await setup();
    answerWithEvent(fake, url, "CTIAgentRequestFailed", {
      AgentId: 1001,
      FailureType: "InvalidAgent",
      FailureReason: "no such agent",
    });
    await setAgentState(world);
    await expect(world.awaitRefusal("InvalidAgent")).resolves.toMatchObject({
      how: "failure-event",
      failureType: "InvalidAgent",
    });
  });

  it("warns (reading fault-error-code) when the refusal names another code, and fails under --strict-readings", async () => {
    const warn = await setup();
    warn.fake.on("SetAgentState", () => ({ fault: { ErrorCode: "GeneralError", Message: "no" } }));
    await setAgentState(warn.world);
    await warn.world.awaitRefusal("InvalidSessionId");
    expect(warn.notes).toEqual([
      expect.objectContaining({
        kind: "reading",
        reading: "fault-error-code",
        message: expect.stringMatching(/GeneralError/),
      }),
    ]);
    await world?.client?.close();
    await fake?.close();
    const strict = await setup({ strictReadings: true });
    strict.fake.on("SetAgentState", () => ({ fault: { ErrorCode: "GeneralError", Message: "no" } }));
    await setAgentState(strict.world);
    await expect(strict.world.awaitRefusal("InvalidSessionId")).rejects.toThrow(
      /reading fault-error-code did not hold \(--strict-readings\)/,
    );
  });

  it("fails a request that is accepted and carried out (an event of its own carries its RequestId)", async () => {
    const { fake, world, url } = await setup();
    answerWithEvent(fake, url, "CTIAgentStateChange", { AgentId: 1001, AgentState: "NotReady" });
    await setAgentState(world);
    await expect(world.awaitRefusal()).rejects.toThrow(/the target carried it out: .*AgentStateChange/);
  });

  it("fails a request that is accepted and followed by nothing, after the event timeout", async () => {
    const { fake, world } = await setup();
    fake.on("SetAgentState", () => ({ result: 0 }));
    await setAgentState(world);
    await expect(world.awaitRefusal()).rejects.toThrow(
      /accepted and no failure event carried its RequestId within 400 ms/,
    );
  });

  it("does not take another request's failure event for this one's", async () => {
    const { fake, world, url } = await setup();
    answerWithEvent(fake, url, "CTIAgentRequestFailed", { AgentId: 1001 }, (r) => r + 7);
    await setAgentState(world);
    await expect(world.awaitRefusal()).rejects.toThrow(/no failure event carried its RequestId/);
  });
});

describe("waiting for a request's events ends at once when the target refuses it", () => {
  it("names the failure event instead of waiting out the timeout", async () => {
    const { fake, world, url } = await setup();
    world.parameters.eventTimeoutMs = 10_000;
    answerWithEvent(fake, url, "CTIAgentRequestFailed", { AgentId: 1001, FailureType: "InvalidAgent" });
    const rid = await setAgentState(world);
    const started = Date.now();
    await expect(world.waitForEvent("AgentStateChange", { RequestId: rid })).rejects.toThrow(
      /the target refused the request \(RequestId \d+\) with AgentRequestFailed InvalidAgent/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
