import { describe, expect, it } from "vitest";
import { refusalOf, requestIsRefused } from "../../src/checks/refusal.ts";
import { TimelineBuilder } from "./fixtures/builder.ts";
import { judge, verdict } from "./helpers.ts";

const S = "s1";

function recording() {
  const b = new TimelineBuilder({ side: "client" });
  b.onlineSession(S);
  return b;
}

describe("requestIsRefused", () => {
  it("passes a typed CTIPortalServiceFault", () => {
    const b = recording();
    const r = b.request(S, "SetAgentState", { AgentIdx: 1001 });
    b.fault(r, "InvalidParameter");
    expect(verdict(judge(requestIsRefused, b.entries, { requestSeq: r.seq }))).toBe("pass");
  });

  it("passes a WCF deserialization fault that carries no CTIPortalServiceFault detail", () => {
    const b = recording();
    const r = b.request(S, "SetAgentState", { AgentIdx: 1001 });
    b.push({
      kind: "fault",
      name: "SetAgentState",
      session: S,
      replyTo: r.seq,
      faultCode: "s:Client",
      payload: { faultcode: "a:DeserializationFailed", faultstring: "The formatter threw an exception" },
    });
    const st = refusalOf(b.entries, r.seq);
    expect(st).toMatchObject({ state: "refused", refusal: { how: "fault", typed: false } });
    expect(verdict(judge(requestIsRefused, b.entries, { requestSeq: r.seq }))).toBe("pass");
  });

  it("passes the request's failure event after a successful answer", () => {
    const b = recording();
    const r = b.call(S, "SetAgentState", { AgentIdx: 1001 });
    b.event(
      S,
      "CTIAgentRequestFailed",
      { AgentId: 1001, FailureType: "InvalidAgent" },
      { requestId: r.requestId },
    );
    expect(refusalOf(b.entries, r.seq)).toMatchObject({
      state: "refused",
      refusal: { how: "failure-event", failureType: "InvalidAgent" },
    });
    expect(verdict(judge(requestIsRefused, b.entries, { requestSeq: r.seq }))).toBe("pass");
  });

  it("passes an int result other than success (0 or 101)", () => {
    const b = recording();
    const r = b.request(S, "OffLine");
    b.respond(r, 405);
    expect(verdict(judge(requestIsRefused, b.entries, { requestSeq: r.seq }))).toBe("pass");
  });

  it("fails a request that was carried out: an event other than a failure carries its RequestId", () => {
    const b = recording();
    const r = b.call(S, "SetAgentState", { AgentIdx: 1001, NewState: "NotReady" });
    b.event(S, "CTIAgentStateChange", { AgentId: 1001, AgentState: "NotReady" }, { requestId: r.requestId });
    const [f] = judge(requestIsRefused, b.entries, { requestSeq: r.seq });
    expect(f).toMatchObject({ outcome: "fail" });
    expect(f.message).toMatch(/carried out/);
  });

  it("fails a request that was accepted and followed by nothing", () => {
    const b = recording();
    const r = b.call(S, "SetAgentState", { AgentIdx: 1001 });
    const [f] = judge(requestIsRefused, b.entries, { requestSeq: r.seq });
    expect(f).toMatchObject({ outcome: "fail" });
    expect(f.message).toMatch(/accepted \(result 0\)/);
  });

  it("does not take another request's failure event for this one's", () => {
    const b = recording();
    const r = b.call(S, "SetAgentState", { AgentIdx: 1001 });
    b.event(S, "CTIAgentRequestFailed", { AgentId: 1001 }, { requestId: (r.requestId ?? 0) + 50 });
    expect(verdict(judge(requestIsRefused, b.entries, { requestSeq: r.seq }))).toBe("fail");
  });

  it("counts a failure event over progress events of the same request (EnterPasscode, then a failed login)", () => {
    const b = recording();
    const r = b.call(S, "LoginAgent", { AgentLoginName: "a1" });
    b.event(S, "CTIEnterPasscode", {}, { requestId: r.requestId });
    b.event(S, "CTIAgentLoginRequestFailed", { FailureType: "InvalidPasscode" }, { requestId: r.requestId });
    expect(verdict(judge(requestIsRefused, b.entries, { requestSeq: r.seq }))).toBe("pass");
  });

  it("reports a missing request seq, or a request with no answer, as a harness fault", () => {
    const b = recording();
    expect(verdict(judge(requestIsRefused, b.entries, {} as never))).toBe("harness-fault");
    const r = b.request(S, "SetAgentState");
    expect(verdict(judge(requestIsRefused, b.entries, { requestSeq: r.seq }))).toBe("harness-fault");
  });
});
