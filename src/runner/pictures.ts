/**
 * The pictures of each scenario, drawn once from its record for both the Allure results
 * (SVG attachments) and summary.html: a sequence diagram (one per flow table it asserted,
 * with the match overlaid), a heartbeat chart when heartbeats are what it is about or a
 * session was disposed, and the correlation table of its requests. @see docs/report-pictures.md
 */
import { correlationTable, heartbeatChart, sequenceDiagram } from "../report/index.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import type { ScenarioRecord } from "./results.ts";

export interface Picture {
  name: string;
  svg: string;
}

export interface PictureOptions {
  /** The heartbeat interval the run was configured with (no chart without it). */
  heartbeatIntervalMs?: number;
  missedHeartbeats?: number;
}

function entriesOf(jsonl: string): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const line of jsonl.split("\n")) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as TimelineEntry);
    } catch {
      // a torn line: the pictures show what parses
    }
  }
  return out;
}

export function scenarioPictures(rec: ScenarioRecord, o: PictureOptions = {}): Picture[] {
  if (!rec.timeline) return [];
  const entries = entriesOf(rec.timeline);
  if (!entries.length) return [];
  const pictures: Picture[] = [];
  const matches = rec.flowMatches ?? [];
  if (matches.length)
    for (const m of matches)
      pictures.push({
        name: `sequence diagram — ${m.flow}`,
        svg: sequenceDiagram(entries, { title: `${rec.name} — ${m.flow}`, flow: m }),
      });
  else pictures.push({ name: "sequence diagram", svg: sequenceDiagram(entries, { title: rec.name }) });
  // The chart where heartbeats are what the scenario is about, or a session was disposed.
  const heartbeats = entries.filter((e) => e.kind === "heartbeat").length;
  const aboutHeartbeats =
    /heartbeat/i.test(rec.name) ||
    rec.steps.some((s) => /heartbeat/i.test(s.text)) ||
    rec.tags.includes("@rule:heartbeats");
  const disposed = entries.some((e) => e.kind === "note" && e.code === "session-disposed");
  if (o.heartbeatIntervalMs && heartbeats > 0 && (aboutHeartbeats || disposed))
    pictures.push({
      name: "heartbeat chart",
      svg: heartbeatChart(entries, {
        intervalMs: o.heartbeatIntervalMs,
        missedLimit: o.missedHeartbeats,
        title: rec.name,
      }),
    });
  if (entries.some((e) => e.kind === "request"))
    pictures.push({ name: "correlation table", svg: correlationTable(entries, { title: rec.name }) });
  return pictures;
}
