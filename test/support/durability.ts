/**
 * What the kill -9 tests share: reading the timeline file a killed recorder left (every
 * complete line; the torn last one reported, not fatal) and killing a process when the
 * n-th acknowledgement is seen. test/cli/record-durability.test.ts (the recording proxy)
 * and test/integration/durability.test.ts (the mock, the recording client) use them.
 */
import type { ChildProcess } from "node:child_process";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { readTimeline, type Timeline, type TornLine } from "../../src/timeline/timeline.ts";

export interface KilledTimeline {
  entries: TimelineEntry[];
  /** The last line, when the kill cut it short. */
  torn?: TornLine;
}

/** Every complete line of a timeline file whose recorder was killed; the torn last line reported. */
export function readKilledTimeline(file: string): KilledTimeline {
  let torn: TornLine | undefined;
  const entries = readTimeline(file, { onTorn: (t) => (torn = t) });
  return { entries, torn };
}

/**
 * SIGKILLs `child` once `n` entries matching `pred` have been appended to `timeline`;
 * resolves when the child has exited (it is not waited for, nor told).
 */
export function killOnNth(
  timeline: Timeline,
  pred: (e: TimelineEntry) => boolean,
  n: number,
  child: ChildProcess,
): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let seen = 0;
  const off = timeline.onAppend((e) => {
    if (!pred(e) || ++seen !== n) return;
    off();
    process.kill(child.pid as number, "SIGKILL");
  });
  return exited;
}

/** The events of one session in a timeline, in order, with their answers (by seq). */
export function eventsOf(entries: readonly TimelineEntry[], session: string) {
  const events = entries.filter((e) => e.kind === "event" && e.session === session);
  const answered = new Set(
    entries
      .filter((e) => e.kind === "callbackResponse" && e.name === "PublishCTIEvent")
      .map((e) => e.replyTo),
  );
  return { events, answered: events.filter((e) => answered.has(e.seq)) };
}
