import { describe, expect, it } from "vitest";
import { sessionDisposedAfterExactlyNMissedHeartbeats } from "../../src/checks/heartbeat.ts";
import { heartbeatChart } from "../../src/report/heartbeat.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { unansweredHeartbeats } from "../../src/timeline/queries.ts";
import { TimelineBuilder } from "../checks/fixtures/builder.ts";
import { judge, verdict } from "../checks/helpers.ts";
import { expectGolden, groupsWithClass, parseSvg, SESSION_A, SESSION_B } from "./helpers.ts";

const INTERVAL = 100;

/**
 * A session beating every 100 ms: five on time, one late (180 ms), one answered with a
 * fault, two never answered, then disposed after the third miss in a row.
 */
function lateMissAndDisposal(session = SESSION_A): {
  entries: TimelineEntry[];
  late: number;
  missed: number[];
} {
  const b = new TimelineBuilder();
  b.onlineSession(session);
  for (let i = 0; i < 5; i++) b.wait(INTERVAL - 2).heartbeat(session);
  const late = b.wait(178).heartbeat(session).seq;
  const faulted = b.wait(INTERVAL - 2).heartbeat(session, false);
  b.fault(faulted, "s:Server");
  const silent1 = b.wait(INTERVAL - 2).heartbeat(session, false).seq;
  const silent2 = b.wait(INTERVAL - 1).heartbeat(session, false).seq;
  b.wait(20).note(session, "session-disposed", "session disposed: missed-heartbeats");
  return { entries: b.entries, late, missed: [faulted.seq, silent1, silent2] };
}

const seqAttr = (e: { attrs: Record<string, string> }) => Number(e.attrs["data-seq"]);

describe("heartbeatChart", () => {
  it("plots a series with a late heartbeat, misses and the disposal (golden)", () => {
    const { entries } = lateMissAndDisposal();
    const svg = heartbeatChart(entries, { intervalMs: INTERVAL, missedLimit: 3 });
    parseSvg(svg);
    expectGolden("heartbeat-late-miss-disposal", svg, [SESSION_A]);
  });

  it("marks every heartbeat not answered with a result, the late one, and the disposal after the misses", () => {
    const { entries, late, missed } = lateMissAndDisposal();
    const svg = heartbeatChart(entries, { intervalMs: INTERVAL, missedLimit: 3 });
    const root = parseSvg(svg);
    expect(groupsWithClass(root, "hb-missed").map(seqAttr)).toEqual(missed);
    // The kit's own query sees the faulted one; silence is a miss too, as the disposal check counts it.
    expect(unansweredHeartbeats(entries, SESSION_A).map((h) => h.seq)).toEqual([missed[0]]);
    expect(verdict(judge(sessionDisposedAfterExactlyNMissedHeartbeats, entries, { missedLimit: 3 }))).toBe(
      "pass",
    );
    expect(groupsWithClass(root, "hb-late").map(seqAttr)).toEqual([late]);
    const [disposed] = groupsWithClass(root, "hb-disposed");
    expect(disposed).toBeDefined();
    expect(svg).toMatch(
      /<g class="hb-disposed"[^>]*>.*?stroke="#dc2626".*?disposed after 3 missed \(limit 3\)/,
    );
    expect(groupsWithClass(root, "hb-band")).toHaveLength(1);
    expect(svg).toContain("100 ms ± 20 ms");
  });

  it("counts an answer later than answerTimeoutMs as missed", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    const hb = b.wait(100).heartbeat("S1", false);
    b.wait(50).push({ kind: "callbackResponse", name: "Heartbeat", session: "S1", replyTo: hb.seq });
    b.wait(50).heartbeat("S1");
    expect(
      groupsWithClass(parseSvg(heartbeatChart(b.entries, { intervalMs: 100 })), "hb-missed"),
    ).toHaveLength(0);
    const strict = parseSvg(heartbeatChart(b.entries, { intervalMs: 100, answerTimeoutMs: 20 }));
    expect(groupsWithClass(strict, "hb-missed").map(seqAttr)).toEqual([hb.seq]);
  });

  it("says when misses reached the limit and the session was not disposed", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    for (let i = 0; i < 4; i++) b.wait(100).heartbeat("S1", false);
    const svg = heartbeatChart(b.entries, { intervalMs: 100, missedLimit: 3 });
    expect(groupsWithClass(parseSvg(svg), "hb-overdue")).toHaveLength(1);
    expect(svg).toContain("3 missed in a row, not disposed (limit 3)");
  });

  it("draws one panel per session, or only the one asked for", () => {
    const b = new TimelineBuilder();
    b.onlineSession(SESSION_A);
    b.onlineSession(SESSION_B);
    b.wait(100).heartbeat(SESSION_A);
    b.wait(100).heartbeat(SESSION_B);
    const both = parseSvg(heartbeatChart(b.entries, { intervalMs: 100 }));
    expect(groupsWithClass(both, "hb-panel").map((p) => p.attrs["data-session"])).toEqual([
      SESSION_A,
      SESSION_B,
    ]);
    const one = parseSvg(heartbeatChart(b.entries, { intervalMs: 100, session: SESSION_B }));
    expect(groupsWithClass(one, "hb-panel").map((p) => p.attrs["data-session"])).toEqual([SESSION_B]);
    const capped = heartbeatChart(b.entries, { intervalMs: 100, maxSessions: 1 });
    expect(capped).toContain("… 1 more session not drawn (maxSessions 1)");
  });

  it("escapes the session's name", () => {
    const { entries } = lateMissAndDisposal("<script>&");
    const svg = heartbeatChart(entries, { intervalMs: INTERVAL, title: "<b>" });
    parseSvg(svg);
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("session &lt;script&gt;&amp;");
  });

  it("plots 10,000 heartbeats within maxPoints, keeping every miss", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    const missed: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const answered = i % 1000 !== 999;
      const hb = b.wait(98).heartbeat("S1", answered);
      if (!answered) missed.push(hb.seq);
    }
    expect(b.entries.length).toBeGreaterThanOrEqual(10_000); // and the session's first heartbeat
    const svg = heartbeatChart(b.entries, { intervalMs: 100, maxPoints: 300 });
    const root = parseSvg(svg);
    const drawn = ["hb-point", "hb-missed", "hb-first"].reduce(
      (n, c) => n + groupsWithClass(root, c).length,
      0,
    );
    expect(drawn).toBeLessThanOrEqual(300);
    expect(groupsWithClass(root, "hb-missed").map(seqAttr)).toEqual(missed);
    expect(svg).toContain("showing 300 of 5\u2009001 heartbeats (maxPoints)");
  });

  it("draws a small picture when there are no heartbeats, and never throws on odd input", () => {
    for (const svg of [
      heartbeatChart([], { intervalMs: 100 }),
      heartbeatChart(new TimelineBuilder().entries, { intervalMs: 100 }),
      heartbeatChart(lateMissAndDisposal().entries, { intervalMs: 100, session: "other" }),
    ]) {
      expect(groupsWithClass(parseSvg(svg), "nothing-recorded")).toHaveLength(1);
    }
    const odd = [
      { seq: 0, kind: "heartbeat", session: "S1" },
      { seq: 1, kind: "heartbeat", session: "S1", monoNs: "x" },
      { seq: 2, kind: "note", session: "S1", code: "session-disposed" },
      "junk",
    ] as unknown as TimelineEntry[];
    parseSvg(heartbeatChart(odd, { intervalMs: 100 }));
    const noInterval = heartbeatChart(lateMissAndDisposal().entries, {} as never);
    expect(noInterval).toContain("no configured interval given (no reference line)");
    expect(groupsWithClass(parseSvg(noInterval), "hb-band")).toHaveLength(0);
  });

  it("is deterministic", () => {
    const { entries } = lateMissAndDisposal();
    const o = { intervalMs: INTERVAL, missedLimit: 3 };
    expect(heartbeatChart(structuredClone(entries), o)).toBe(heartbeatChart(entries, o));
  });
});
