import { describe, expect, it } from "vitest";
import { correlationTable } from "../../src/report/correlation.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { TimelineBuilder } from "../checks/fixtures/builder.ts";
import { expectGolden, groupsWithClass, largeTimeline, parseSvg, SESSION_A } from "./helpers.ts";

/**
 * An agent logs in (two solicited events), a GetAgentState answered after 1.5 s (late), an
 * orphan event (RequestId 42, which no request had), a LogoutAgent refused with a fault, a
 * Snapshot never answered, and an unsolicited CallStarted.
 */
function withOrphanAndLateAnswer(session = SESSION_A) {
  const b = new TimelineBuilder();
  b.onlineSession(session);
  const login = b.login(session, 7);
  const slow = b.request(session, "GetAgentState", { AgentIdx: 7 });
  b.wait(1500).respond(slow);
  b.event(session, "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: slow.requestId });
  const orphan = b.event(session, "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: 42 });
  const refused = b.request(session, "LogoutAgent", { AgentIdx: 7 });
  b.fault(refused, "InvalidParameter");
  const silent = b.request(session, "Snapshot", {});
  b.event(session, "CallStarted", { CallId: 5 });
  return { entries: b.entries, login, slow, orphan, refused, silent };
}

const seqAttr = (e: { attrs: Record<string, string> }) => Number(e.attrs["data-seq"]);

describe("correlationTable", () => {
  it("tabulates requests, answers and events, with an orphan event and a late answer (golden)", () => {
    const svg = correlationTable(withOrphanAndLateAnswer().entries);
    parseSvg(svg);
    expectGolden("correlation-orphan-late", svg, [SESSION_A]);
  });

  it("colours the orphan, the late answer, the fault and the request never answered", () => {
    const t = withOrphanAndLateAnswer();
    const svg = correlationTable(t.entries);
    const root = parseSvg(svg);
    expect(groupsWithClass(root, "corr-orphan").map(seqAttr)).toEqual([t.orphan.seq]);
    expect(svg).toMatch(
      /<g class="corr-orphan"[^>]*>.*?fill="#dc2626"[^>]*>orphan event: no request of session/,
    );
    expect(groupsWithClass(root, "corr-late").map(seqAttr)).toEqual([t.slow.seq]);
    expect(svg).toMatch(/<g class="corr-request corr-late"[^>]*>.*?fill="#d97706"[^>]*>1\u2009501\.0 ms/);
    expect(groupsWithClass(root, "corr-fault").map(seqAttr)).toEqual([t.refused.seq]);
    expect(groupsWithClass(root, "corr-unanswered").map(seqAttr)).toEqual([t.silent.seq]);
    expect(svg).toContain("1 unsolicited (RequestId 0)");
    // The login's two events are listed under it, with their delays.
    expect(svg).toMatch(
      new RegExp(
        `data-seq="${t.login.seq}".*?AgentLoginStateChange AgentId 7 · \\+2\\.0 ms.*?AgentStateChange Idle AgentId 7 · \\+3\\.0 ms`,
      ),
    );
  });

  it("takes lateMs from the options", () => {
    const t = withOrphanAndLateAnswer();
    expect(
      groupsWithClass(parseSvg(correlationTable(t.entries, { lateMs: 2000 })), "corr-late"),
    ).toHaveLength(0);
    expect(
      groupsWithClass(parseSvg(correlationTable(t.entries, { lateMs: 0.5 })), "corr-late").length,
    ).toBeGreaterThan(1);
  });

  it("flags an event that came before the request whose RequestId it carries", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.event("S1", "AgentStateChange", { AgentId: 7, AgentState: "Idle" }, { requestId: 9 });
    const r = b.call("S1", "GetAgentState", { AgentIdx: 7, RequestId: 9 });
    const svg = correlationTable(b.entries);
    expect(groupsWithClass(parseSvg(svg), "corr-early").map(seqAttr)).toEqual([r.seq]);
    expect(svg).toContain("(before its request)");
  });

  it("escapes what the entries carry", () => {
    const b = new TimelineBuilder();
    b.onlineSession("<i>&");
    const r = b.push({ kind: "request", name: "<script>x</script>", session: "<i>&", requestId: 3 });
    b.push({ kind: "fault", session: "<i>&", replyTo: r.seq, faultCode: "<img src=x onerror=y>" });
    const svg = correlationTable(b.entries, { title: "&<>" });
    parseSvg(svg);
    expect(svg).not.toMatch(/<script|<img|<i>/);
    expect(svg).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(svg).toContain("fault &lt;img src=x onerror=y&gt;");
  });

  it("renders 10,000 entries within the row cap", () => {
    const entries = largeTimeline(10_000);
    const svg = correlationTable(entries, { maxRows: 50 });
    const root = parseSvg(svg);
    expect(groupsWithClass(root, "corr-request").length + groupsWithClass(root, "corr-orphan").length).toBe(
      49,
    );
    expect(groupsWithClass(root, "corr-more")).toHaveLength(1);
  });

  it("lists at most maxEventsPerRow events under a request", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    const r = b.call("S1", "Snapshot", {});
    for (let i = 0; i < 12; i++) b.event("S1", "SnapShotUpdate", {}, { requestId: r.requestId });
    const svg = correlationTable(b.entries, { maxEventsPerRow: 5 });
    expect(svg.match(/class="corr-event"/g)).toHaveLength(5);
    expect(svg).toContain("… 7 more events");
  });

  it("draws a small picture for no requests, and never throws on odd input", () => {
    for (const svg of [
      correlationTable([]),
      correlationTable(withOrphanAndLateAnswer().entries, { session: "other" }),
    ]) {
      expect(groupsWithClass(parseSvg(svg), "nothing-recorded")).toHaveLength(1);
    }
    const odd = [
      { seq: 0, kind: "request", payload: { args: { RequestId: "7" } } },
      { seq: 1, kind: "response", replyTo: 0, latencyNs: "slow" },
      { seq: 2, kind: "event", session: "S", payload: { RequestId: [1] } },
      { seq: 2, kind: "request", session: "S", payload: null },
      42,
    ] as unknown as TimelineEntry[];
    parseSvg(correlationTable(odd, { lateMs: Number.NaN, maxRows: -3, width: Number.POSITIVE_INFINITY }));
  });

  it("is deterministic", () => {
    const { entries } = withOrphanAndLateAnswer();
    expect(correlationTable(structuredClone(entries))).toBe(correlationTable(entries));
  });
});
