import { describe, expect, it } from "vitest";
import { type FlowExpectation, matchFlow } from "../../src/checks/flow.ts";
import { sequenceDiagram } from "../../src/report/sequence.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { TimelineBuilder } from "../checks/fixtures/builder.ts";
import { E2 } from "../checks/fixtures/flows.ts";
import { playCall } from "../checks/helpers.ts";
import {
  chapter2Call,
  expectGolden,
  groupsWithClass,
  largeTimeline,
  parseSvg,
  SESSION_A,
  SESSION_B,
} from "./helpers.ts";

/** The E-2 call with cleared and wrap swapped: wrap is expected after cleared and came before it. */
function swappedCall(opts: Parameters<typeof playCall>[3] = { swap: ["cleared", "wrap"] }): TimelineEntry[] {
  const b = new TimelineBuilder();
  b.onlineSession("S1");
  b.login("S1", 7);
  playCall(b, "S1", { callId: 101, agentId: 7 }, opts);
  return b.entries;
}

const seqAttr = (e: { attrs: Record<string, string> }) => Number(e.attrs["data-seq"]);

describe("sequenceDiagram", () => {
  it("draws the chapter-2 inbound call (golden)", () => {
    const svg = sequenceDiagram(chapter2Call(), { title: "E-2 call arrives to inbound service" });
    parseSvg(svg);
    expectGolden("sequence-chapter2", svg, [SESSION_A]);
  });

  it("overlays a flow with one step out of order: the placeholder where it was expected, the entry that came too early (golden)", () => {
    const entries = swappedCall();
    const m = matchFlow(E2, entries);
    const svg = sequenceDiagram(entries, { flow: m, title: "E-2, cleared and wrap swapped" });
    const root = parseSvg(svg);
    expectGolden("sequence-flow-out-of-order", svg);

    // The missing row, red and dashed, after the entry the flow stopped at.
    const [missing] = groupsWithClass(root, "flow-missing");
    expect(missing).toBeDefined();
    expect(svg).toMatch(
      /<g class="flow-missing flow-missing-out-of-order">.*?stroke="#dc2626"[^>]*stroke-dasharray="6 4".*?✗ out of order: AgentStateChange AgentId=\$a\(7\) AgentState=Wrap \(step wrap\)/,
    );
    const stoppedAt = m.missing!.afterSeq!;
    const at = (needle: string) => svg.indexOf(needle);
    expect(at('class="flow-missing')).toBeGreaterThan(at(`data-seq="${stoppedAt}"`));
    expect(at('class="flow-missing')).toBeLessThan(at(`data-seq="${stoppedAt + 1}"`));

    // The entry that came before its place is marked out of order.
    const [early] = groupsWithClass(root, "flow-out-of-order");
    expect(seqAttr(early)).toBe(m.missing!.nearMisses[0].seq);
    // Every matched step is marked ✓ on its entry; the rest are named as not reached.
    const matched = groupsWithClass(root, "flow-matched").map(seqAttr);
    expect(matched).toEqual(m.steps.filter((s) => s.status === "matched").map((s) => s.seq));
    expect(svg).toContain("not reached: end, dispose, completed, idle");
  });

  it("draws a step that never came as a red dashed “✗ missing” row (golden)", () => {
    const entries = swappedCall({ skip: ["delivered"] });
    const m = matchFlow(E2, entries);
    const svg = sequenceDiagram(entries, { flow: m });
    parseSvg(svg);
    expectGolden("sequence-flow-missing", svg);
    expect(svg).toMatch(
      /<g class="flow-missing">.*?stroke="#dc2626".*?✗ missing CallDelivered CallId=\$c1\(101\) s←ServiceId \(step delivered\)/,
    );
    expect(svg).not.toContain("flow-out-of-order");
  });

  it("marks the entry that broke a never rule", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.login("S1", 7);
    playCall(b, "S1", { callId: 101, agentId: 7 });
    const again = b.event("S1", "CallDelivered", { CallId: 101, ServiceId: 11 });
    const m = matchFlow(E2, b.entries);
    const root = parseSvg(sequenceDiagram(b.entries, { flow: m }));
    expect(groupsWithClass(root, "flow-violation").map(seqAttr)).toEqual([again.seq]);
  });

  it("marks a related event no step matched as unexpected", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.login("S1", 7);
    playCall(b, "S1", { callId: 101, agentId: 7 }, { skip: ["pending"] });
    const flow: FlowExpectation = {
      name: "call",
      steps: [
        { id: "started", event: "CallStarted", bind: { c1: "CallId" } },
        { id: "connected", event: "CallConnected", where: { CallId: "$c1" } },
        { id: "end", event: "CallEnd", where: { CallId: "$c1" } },
      ],
    };
    const m = matchFlow(flow, b.entries);
    expect(m.ok).toBe(true);
    const svg = sequenceDiagram(b.entries, { flow: m });
    const unexpected = groupsWithClass(parseSvg(svg), "flow-unexpected").map(seqAttr);
    expect(unexpected).toEqual(m.unexpected.map((u) => u.seq));
    expect(unexpected.length).toBeGreaterThan(0);
    expect(svg).toContain("#ea580c");
  });

  it("escapes every text an entry carries", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.push({ kind: "request", name: "<script>alert(1)</script>&", session: "S1", requestId: 5 });
    b.push({ kind: "note", session: 'S1"><svg onload=x>', code: "<script>&", message: "a & b < c\u0000" });
    b.push({ kind: "transportError", session: "S1", code: "<b>&amp;", message: "]]>" });
    const svg = sequenceDiagram(b.entries, { title: "<script>&" });
    parseSvg(svg);
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<b>");
    expect(svg).not.toContain("onload=x>");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&amp;");
    expect(svg).toContain("&lt;b&gt;&amp;amp;");
  });

  it("renders 10,000 entries within the row cap", () => {
    const entries = largeTimeline(10_000);
    expect(entries.length).toBeGreaterThanOrEqual(10_000);
    const svg = sequenceDiagram(entries, { maxRows: 120 });
    const root = parseSvg(svg);
    const rows = root.children.filter((e) => e.local === "g");
    expect(rows.length).toBe(120);
    expect(groupsWithClass(root, "seq-more")).toHaveLength(1);
    expect(svg).toMatch(/… [\d\u2009]+ more rows not drawn \([\d\u2009]+ entries; maxRows 120\)/);
    expect(sequenceDiagram(entries).length).toBeLessThan(400_000);
  });

  it("draws a small picture for an empty input, and for a session with nothing", () => {
    for (const svg of [sequenceDiagram([]), sequenceDiagram(chapter2Call(), { session: "nope" })]) {
      expect(groupsWithClass(parseSvg(svg), "nothing-recorded")).toHaveLength(1);
    }
  });

  it("does not throw on odd entries, and says what it left out", () => {
    const odd = [
      null,
      5,
      { seq: "x", kind: "request" },
      { seq: 1, kind: "bogus", name: 42, monoNs: "soon" },
      { seq: 2, kind: "event", eventType: 7, name: ["x"], payload: "text", requestId: "9" },
      { seq: 3, kind: "response", replyTo: 99, payload: { Result: { deep: true } } },
      { seq: 4, kind: "fault" },
      { seq: 5, kind: "heartbeat", session: 12 },
      { seq: 6, kind: "transportError", replyTo: 3 },
      { seq: 7, kind: "request", name: "OpenConnection", payload: { args: null } },
      { seq: 8, kind: "response", replyTo: 7, payload: { OpenConnectionResult: { SessionId: 3 } } },
    ] as unknown as TimelineEntry[];
    const svg = sequenceDiagram(odd, {
      flow: { ok: false, steps: "x" } as never,
      maxRows: Number.NaN,
      width: -1,
    });
    parseSvg(svg);
    expect(svg).toContain("3 unreadable items left out");
    expect(svg).toContain("unknown-kind: an entry of kind bogus");
  });

  it("is deterministic: the same entries give the same bytes", () => {
    const entries = swappedCall();
    const m = matchFlow(E2, entries);
    const a = sequenceDiagram(entries, { flow: m });
    expect(sequenceDiagram(structuredClone(entries), { flow: structuredClone(m) })).toBe(a);
  });

  it("labels each switch between sessions and stripes the rows with the session's colour", () => {
    const b = new TimelineBuilder();
    b.onlineSession(SESSION_A);
    b.onlineSession(SESSION_B);
    b.call(SESSION_A, "GetAgentState", { AgentIdx: 7 });
    const svg = sequenceDiagram(b.entries);
    const labels = groupsWithClass(parseSvg(svg), "seq-session");
    expect(labels).toHaveLength(3);
    expect(svg).toContain(`session ${SESSION_B}`);
    const only = sequenceDiagram(b.entries, { session: SESSION_B });
    expect(groupsWithClass(parseSvg(only), "seq-session")).toHaveLength(0);
    expect(only).not.toContain("GetAgentState");
  });

  it("folds a run of answered heartbeats into one row, and keeps an unanswered one apart", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    b.heartbeat("S1");
    b.heartbeat("S1");
    const missed = b.heartbeat("S1", false);
    b.heartbeat("S1");
    const folded = parseSvg(sequenceDiagram(b.entries));
    expect(groupsWithClass(folded, "seq-heartbeat-run")).toHaveLength(1);
    expect(sequenceDiagram(b.entries)).toContain("×3 heartbeats, answered");
    expect(groupsWithClass(folded, "hb-not-answered").map(seqAttr)).toEqual([missed.seq]);
    const unfolded = parseSvg(sequenceDiagram(b.entries, { collapseHeartbeats: false }));
    expect(groupsWithClass(unfolded, "seq-heartbeat")).toHaveLength(5);
  });

  it("shows the client's answers to callbacks on request, and always a failed one", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    const ev = b.event("S1", "CallStarted", { CallId: 5 });
    b.push({ kind: "callbackResponse", name: "PublishCTIEvent", session: "S1", replyTo: ev.seq });
    const ev2 = b.event("S1", "CallEnd", { CallId: 5 });
    b.push({
      kind: "fault",
      name: "PublishCTIEvent",
      session: "S1",
      replyTo: ev2.seq,
      faultCode: "s:Server",
    });
    const fold = parseSvg(sequenceDiagram(b.entries));
    expect(groupsWithClass(fold, "seq-callback-answer")).toHaveLength(0);
    expect(groupsWithClass(fold, "seq-fault")).toHaveLength(1);
    const show = parseSvg(sequenceDiagram(b.entries, { callbackAnswers: "show" }));
    expect(groupsWithClass(show, "seq-callback-answer")).toHaveLength(2);
  });

  it("draws a transport error as a lost message from the side that sent the original", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    const ev = b.event("S1", "CallStarted", { CallId: 5 });
    b.push({
      kind: "transportError",
      name: "PublishCTIEvent",
      session: "S1",
      replyTo: ev.seq,
      code: "ECONNRESET",
    });
    const svg = sequenceDiagram(b.entries);
    expect(svg).toMatch(
      /<g class="seq-transport-error"[^>]*>.*?<path d="M.*?PublishCTIEvent: transport error ECONNRESET/,
    );
  });
});
