/** Which pictures a scenario gets (src/runner/pictures.ts), drawn from its record. */
import { describe, expect, it } from "vitest";
import { matchFlow, parseFlowTable } from "../../src/checks/index.ts";
import { scenarioPictures } from "../../src/runner/pictures.ts";
import type { ScenarioRecord } from "../../src/runner/results.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { cleanCallTimeline, TimelineBuilder } from "../checks/fixtures/builder.ts";

const record = (entries: TimelineEntry[], over: Partial<ScenarioRecord> = {}): ScenarioRecord =>
  ({
    name: "an inbound call",
    uri: "features/flows/E-2.feature",
    feature: "E-2",
    area: "flows",
    tags: [],
    steps: [],
    notes: [],
    timeline: entries.map((e) => JSON.stringify(e)).join("\n"),
    startMs: 0,
    stopMs: 1,
    ...over,
  }) as ScenarioRecord;

describe("a scenario's pictures", () => {
  it("a sequence diagram per flow table it asserted (with the match drawn), and the correlation table", () => {
    const entries = cleanCallTimeline();
    const flow = parseFlowTable("E-2", [
      ["id", "event", "where"],
      ["started", "CallStarted", ""],
      ["missing", "CallTransferred", ""],
    ]);
    const m = matchFlow(flow, entries);
    expect(m.ok).toBe(false);
    const pictures = scenarioPictures(record(entries, { flowMatches: [m] }), { heartbeatIntervalMs: 100 });
    expect(pictures.map((p) => p.name)).toEqual(["sequence diagram — E-2", "correlation table"]);
    expect(pictures[0].svg).toContain("CallTransferred");
  });

  it("a heartbeat chart where heartbeats are the subject or a session was disposed, never without the interval", () => {
    const b = new TimelineBuilder();
    b.onlineSession("S1");
    for (let i = 0; i < 4; i++) b.wait(100).heartbeat("S1", i < 2);
    const hb = record(b.entries, { name: "heartbeats every interval" });
    expect(scenarioPictures(hb, { heartbeatIntervalMs: 100 }).map((p) => p.name)).toContain(
      "heartbeat chart",
    );
    expect(scenarioPictures(hb).map((p) => p.name)).not.toContain("heartbeat chart");
    const other = record(b.entries, { name: "a call" });
    expect(scenarioPictures(other, { heartbeatIntervalMs: 100 }).map((p) => p.name)).not.toContain(
      "heartbeat chart",
    );
    b.note("S1", "session-disposed", "missed-heartbeats");
    expect(
      scenarioPictures(record(b.entries, { name: "a call" }), { heartbeatIntervalMs: 100 }).map(
        (p) => p.name,
      ),
    ).toContain("heartbeat chart");
  });

  it("none without a timeline; a torn line is left out", () => {
    expect(scenarioPictures(record([], { timeline: undefined }))).toEqual([]);
    const r = record(cleanCallTimeline());
    r.timeline = `${r.timeline}\n{"seq": 9`;
    expect(scenarioPictures(r).length).toBeGreaterThan(0);
  });
});
