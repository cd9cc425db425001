/**
 * `ctips-kit check` finds on the recording proxy's capture exactly what it finds on the
 * mock's own timeline: chapter 2's inbound call from the recording client through the
 * proxy to the mock, over HTTP and HTTPS, clean and with a fault switch on. Timed: the
 * heartbeat checks judge a 100 ms rhythm, so this runs in the serial timing project.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Chain,
  type ChainTls,
  chainCertificates,
  chapter2,
  checkFile,
  findingsOf,
  startChain,
} from "./proxy-chain.ts";

let chain: Chain | undefined;
afterEach(async () => {
  await chain?.dispose();
  chain = undefined;
});

/** Runs `check` on the mock's own timeline and on the proxy's capture; both reports. */
async function checkBoth(c: Chain) {
  const direct = await checkFile(c.files.mock, `${c.dir}/reports-mock`);
  const captured = await checkFile(c.files.capture, `${c.dir}/reports-capture`);
  return { direct, captured };
}

describe("check on the recording proxy's capture", () => {
  it("gives check the findings on its capture that check gives on the mock's own timeline", async () => {
    chain = await startChain();
    await chapter2(chain);
    const { direct, captured } = await checkBoth(chain);
    expect(findingsOf(captured.report)).toEqual(findingsOf(direct.report));
    expect(captured.code).toBe(0);
    expect(direct.code).toBe(0);
    // Not a vacuous agreement: the checks judged the call, the heartbeats and the desktop.
    const status = Object.fromEntries(captured.report.checks.map((c) => [c.check, c.status]));
    expect(status).toMatchObject({
      callLifecycleEventsOccurOnce: "passed",
      eventsCarryRequestIdOfTheirRequest: "passed",
      heartbeatsKeepTheConfiguredInterval: "passed",
      clientAnswersEventsWithin: "passed",
      clientAnswersPresentedCallsWithin: "passed",
      clientShutsDownOffLineThenClose: "passed",
      startSessionFollowsOpenConnection: "passed",
    });
  });

  it.each([
    { name: "duplicate-events", scope: { eventType: "CallEnd" }, fails: "callLifecycleEventsOccurOnce" },
    {
      name: "wrong-request-id",
      scope: { eventType: "CallEstablished" },
      fails: "eventsCarryRequestIdOfTheirRequest",
    },
  ])("shows the mock's $name fault in the capture as in the mock's own timeline", async (fault) => {
    chain = await startChain();
    await chain.control.addFault({ name: fault.name, scope: fault.scope });
    await chapter2(chain);
    const { direct, captured } = await checkBoth(chain);
    expect(findingsOf(captured.report)).toEqual(findingsOf(direct.report));
    const failed = (r: typeof direct.report) =>
      r.checks.filter((c) => c.status === "failed").map((c) => c.check);
    expect(failed(captured.report)).toContain(fault.fails);
    expect(failed(direct.report)).toContain(fault.fails);
    expect(captured.code).toBe(1);
    expect(captured.out).toMatch(new RegExp(`FAIL +${fault.fails} \\[EDK`));
  });

  describe("over HTTPS", () => {
    let tls: ChainTls;
    beforeAll(() => {
      tls = chainCertificates();
    });

    it("finds the same as on the mock's own timeline", async () => {
      chain = await startChain({ tls });
      await chapter2(chain);
      const { direct, captured } = await checkBoth(chain);
      expect(findingsOf(captured.report)).toEqual(findingsOf(direct.report));
      expect(captured.code).toBe(0);
    });
  });
});
