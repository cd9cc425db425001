/**
 * The check worker of a load run: a thread of its own that holds each timeline's entries
 * and runs the checks over them every round, so that judging never holds up the mock or the
 * clients on the main thread (whose latencies the run measures). Started by
 * load-check-host.ts; speaks only the messages below.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import type { Finding } from "../checks/finding.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { StreamingChecker, type StreamOptions, type StreamStats } from "./load-stream.ts";
import { eventsMatchTheirSessionsSubscriptions } from "./load-subscriptions.ts";

export interface WorkerTimeline {
  name: string;
  options: Omit<StreamOptions, "extra">;
  /** performance.timeOrigin + performance.now() − timeline.now(), in ms: the timeline's origin on the epoch. */
  originEpochMs: number;
  /** Login name → AgentId for the subscription check's agent filters. */
  agentIds?: Record<string, number>;
}

export interface WorkerInit {
  timelines: WorkerTimeline[];
  roundMs: number;
}

export type ToWorker =
  | { type: "entries"; name: string; entries: TimelineEntry[] }
  | { type: "gc" }
  | { type: "finish"; ended: boolean };

export type FromWorker =
  | { type: "findings"; name: string; findings: Finding[] }
  | { type: "stats"; stats: Record<string, StreamStats>; heapMb: number }
  | { type: "gc"; heapMb: number }
  | { type: "finished"; stats: Record<string, StreamStats>; heapMb: number }
  | { type: "error"; message: string };

const port = parentPort;
if (!port) throw new Error("load-check-worker.ts runs as a worker thread (load-check-host.ts starts it)");
const init = workerData as WorkerInit;

const checkers = new Map<string, { checker: StreamingChecker; originEpochMs: number }>();
for (const t of init.timelines) {
  const checker = new StreamingChecker({
    ...t.options,
    extra: [
      {
        check: eventsMatchTheirSessionsSubscriptions,
        binding: { severity: "failure", clause: "EDK 3-4" },
        params: { agentIds: t.agentIds },
      },
    ],
  });
  checkers.set(t.name, { checker, originEpochMs: t.originEpochMs });
}

const heapMb = () => v8.getHeapStatistics().used_heap_size / (1024 * 1024);
const stats = () => Object.fromEntries([...checkers].map(([name, c]) => [name, c.checker.stats]));
const post = (m: FromWorker) => port.postMessage(m);

function round(): void {
  const epochMs = performance.timeOrigin + performance.now();
  for (const [name, c] of checkers) {
    const findings = c.checker.round((epochMs - c.originEpochMs) * 1e6);
    if (findings.length) post({ type: "findings", name, findings });
  }
  post({ type: "stats", stats: stats(), heapMb: heapMb() });
}

const timer = setInterval(() => {
  try {
    round();
  } catch (err) {
    post({ type: "error", message: (err as Error).stack ?? String(err) });
  }
}, init.roundMs);

port.on("message", (m: ToWorker) => {
  try {
    if (m.type === "entries") {
      const c = checkers.get(m.name);
      if (c) for (const e of m.entries) c.checker.add(e);
      return;
    }
    if (m.type === "gc") {
      // This thread's heap after a full collection, for the run's memory measurements.
      v8.setFlagsFromString("--expose-gc");
      (vm.runInNewContext("gc") as () => void)();
      post({ type: "gc", heapMb: heapMb() });
      return;
    }
    clearInterval(timer);
    for (const [name, c] of checkers) {
      const findings = c.checker.finish({ ended: m.ended });
      if (findings.length) post({ type: "findings", name, findings });
    }
    post({ type: "finished", stats: stats(), heapMb: heapMb() });
  } catch (err) {
    post({ type: "error", message: (err as Error).stack ?? String(err) });
  }
});
