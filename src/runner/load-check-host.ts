/**
 * Runs the checks of a load run in a worker thread (load-check-worker.ts): every entry the
 * timelines append is handed over in small batches; findings come back as the worker
 * reports them. The worker loads the kit's TypeScript through tsx, as bin/ctips-kit.js does.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Finding } from "../checks/finding.ts";
import { KitError } from "../contract/errors.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import type { Timeline } from "../timeline/timeline.ts";
import type { FromWorker, ToWorker, WorkerTimeline } from "./load-check-worker.ts";
import type { StreamOptions, StreamStats } from "./load-stream.ts";

export interface CheckedTimeline {
  name: string;
  timeline: Timeline;
  options: Omit<StreamOptions, "extra">;
  agentIds?: Record<string, number>;
}

export interface TimelineFinding extends Finding {
  /** Which timeline it was found on. */
  timeline: string;
}

/** Findings kept in full; beyond this they are only counted. */
const KEEP = 1_000;
/** Entries are handed over at least this often, in ms. */
const FLUSH_MS = 50;

/** The worker's code: register tsx's loader in the thread, then load the worker module. */
function workerSource(): string {
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(
    join(dirname(require.resolve("tsx/package.json")), "dist", "esm", "api", "index.mjs"),
  );
  const worker = new URL("./load-check-worker.ts", import.meta.url);
  return [
    `import(${JSON.stringify(tsx.href)})`,
    `.then((m) => { m.register(); return import(${JSON.stringify(worker.href)}); })`,
    `.catch((e) => require("node:worker_threads").parentPort.postMessage({ type: "error", message: String((e && e.stack) || e) }));`,
  ].join("");
}

export class CheckHost {
  /** Findings that count, the first KEEP of them. */
  readonly findings: TimelineFinding[] = [];
  /** Findings that count beyond the ones kept. */
  more = 0;
  /** Findings `isExpected` says are expected (about clients that misbehave on purpose), the first KEEP. */
  readonly expected: TimelineFinding[] = [];
  /** Expected findings beyond the ones kept. */
  moreExpected = 0;
  /** Tells expected findings from the ones that count, as they arrive (each kind has its own KEEP). */
  isExpected: (f: TimelineFinding) => boolean = () => false;
  stats: Record<string, StreamStats> = {};
  heapMb = 0;
  private readonly worker: Worker;
  private readonly buffers = new Map<string, TimelineEntry[]>();
  private readonly detach: (() => void)[] = [];
  private readonly timer: NodeJS.Timeout;
  private error: string | undefined;
  private finished: (() => void) | undefined;
  private collected: ((heapMb: number) => void) | undefined;

  constructor(timelines: readonly CheckedTimeline[], roundMs: number) {
    const init: WorkerTimeline[] = timelines.map((t) => ({
      name: t.name,
      options: t.options,
      originEpochMs: performance.timeOrigin + performance.now() - t.timeline.now() / 1e6,
      agentIds: t.agentIds,
    }));
    this.worker = new Worker(workerSource(), { eval: true, workerData: { timelines: init, roundMs } });
    this.worker.on("message", (m: FromWorker) => this.receive(m));
    this.worker.on("error", (err) => {
      this.error = err.stack ?? String(err);
      this.finished?.();
    });
    for (const t of timelines) {
      const buffer: TimelineEntry[] = [];
      this.buffers.set(t.name, buffer);
      this.detach.push(t.timeline.onAppend((e) => buffer.push(e)));
    }
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case "findings":
        for (const f of m.findings) {
          const found = { ...f, timeline: m.name };
          if (this.isExpected(found)) {
            if (this.expected.length < KEEP) this.expected.push(found);
            else this.moreExpected++;
          } else if (this.findings.length < KEEP) this.findings.push(found);
          else this.more++;
        }
        break;
      case "stats":
        this.stats = m.stats;
        this.heapMb = m.heapMb;
        break;
      case "gc":
        this.heapMb = m.heapMb;
        this.collected?.(m.heapMb);
        break;
      case "finished":
        this.stats = m.stats;
        this.heapMb = m.heapMb;
        this.finished?.();
        break;
      case "error":
        this.error = m.message;
        this.finished?.();
        break;
    }
  }

  private flush(): void {
    for (const [name, buffer] of this.buffers) {
      if (buffer.length === 0) continue;
      const entries = buffer.splice(0);
      this.worker.postMessage({ type: "entries", name, entries } satisfies ToWorker);
    }
  }

  /** A full garbage collection in the worker; resolves with its heap after it, MB. */
  gc(): Promise<number> {
    return new Promise((resolve) => {
      this.collected = (heapMb) => {
        this.collected = undefined;
        resolve(heapMb);
      };
      this.worker.postMessage({ type: "gc" } satisfies ToWorker);
    });
  }

  /** The worker's failure, if it failed: the run cannot be judged. */
  get failure(): string | undefined {
    return this.error;
  }

  /**
   * Stops taking entries, judges everything that is left (the last round) and stops the
   * worker. `ended`: the recording ended (the clients left), so the checks of a recording's
   * end judge it too.
   */
  async finish(o: { ended: boolean; timeoutMs?: number }): Promise<void> {
    const timeoutMs = o.timeoutMs ?? 120_000;
    for (const d of this.detach) d();
    clearInterval(this.timer);
    this.flush();
    const done = new Promise<void>((resolve) => {
      this.finished = () => resolve();
    });
    this.worker.postMessage({ type: "finish", ended: o.ended } satisfies ToWorker);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.error ??= `the check worker did not finish within ${timeoutMs} ms`;
        resolve();
      }, timeoutMs);
    });
    await Promise.race([done, timeout]);
    clearTimeout(timer);
    await this.worker.terminate();
    if (this.error)
      throw new KitError("CTIPSKIT_E_CHECK_INPUT", `the load run's checks failed to run: ${this.error}`, {
        fix: "this is the kit's fault, not the target's: report it with the message",
      });
  }

  /** Stops without judging (a run that failed before its end). */
  async abort(): Promise<void> {
    for (const d of this.detach) d();
    clearInterval(this.timer);
    await this.worker.terminate();
  }
}
