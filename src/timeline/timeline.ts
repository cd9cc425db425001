/**
 * The append-only timeline: entries in memory for queries and waits, and optionally a
 * JSONL file written synchronously, so an entry is on disk before the exchange it
 * records is acknowledged to the peer.
 */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { KitError } from "../contract/errors.ts";
import { redact } from "../contract/logger.ts";
import type { NewEntry, TimelineEntry } from "./entry.ts";

export interface TimelineOptions {
  /** Which side records (`mock-ctips`, `client`, `proxy`). */
  recorder: string;
  /** JSONL file to append to; omitted = memory only. */
  file?: string;
  /** Keep `raw` XML on entries (large); default false. */
  recordRaw?: boolean;
  /** Monotonic clock in nanoseconds; injectable for tests. */
  monoNs?: () => bigint;
  /**
   * Keep at most this many entries in memory (the oldest are dropped from memory, not from
   * the file). Default: all. A long-running mock sets it so memory stays flat.
   */
  retain?: number;
}

export type EntryPredicate = (e: TimelineEntry) => boolean;

interface Waiter {
  pred: EntryPredicate;
  since: number;
  resolve: (e: TimelineEntry) => void;
}

function carriesCredentials(e: TimelineEntry): boolean {
  return e.name === "OpenConnection" || e.kind === "startSession" || e.name === "StartSession";
}

/**
 * The SOAP text with every Password element's content replaced by ***: plain text or
 * CDATA, closed or cut short by the end of the text; and the same of XML quoted as escaped
 * text inside it (`&lt;Password&gt;…`, as a fault may echo a request).
 */
export function redactRawPasswords(raw: string): string {
  return raw
    .replace(
      /(<(?:[\w.-]+:)?Password\b[^>]*>)(?:<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|[^<])*/g,
      (m, open: string) => (open.endsWith("/>") ? m : `${open}***`),
    )
    .replace(/(&lt;(?:[\w.-]+:)?Password\b(?:(?!&gt;)[^<])*&gt;)(?:(?!&lt;)[^<])*/g, (m, open: string) =>
      open.endsWith("/&gt;") ? m : `${open}***`,
    );
}

/** JSON.stringify that writes bigint as decimal strings (long values are strings already). */
function toJsonLine(e: TimelineEntry): string {
  return `${JSON.stringify(e, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}\n`;
}

let lastMs = -1;
let lastIso = "";
/** The wall clock as ISO 8601; formatted once per millisecond, however many entries share it. */
function wallClock(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

export class Timeline {
  readonly recorder: string;
  readonly recordRaw: boolean;
  private list: TimelineEntry[] = [];
  /** seq of list[0]: entries before it were dropped from memory by `retain`. */
  private base = 0;
  private next = 0;
  private readonly retain: number;
  /** The injected clock and its origin, or undefined for the default (performance.now, no allocation). */
  private readonly mono: (() => bigint) | undefined;
  private readonly origin: bigint;
  private readonly originMs: number;
  private fd: number | undefined;
  private readonly file?: string;
  private waiters: Waiter[] = [];
  private readonly listeners = new Set<(e: TimelineEntry) => void>();

  constructor(opts: TimelineOptions) {
    this.recorder = opts.recorder;
    this.recordRaw = opts.recordRaw ?? false;
    this.retain = opts.retain ?? Number.POSITIVE_INFINITY;
    this.mono = opts.monoNs;
    this.origin = this.mono ? this.mono() : 0n;
    this.originMs = performance.now();
    this.file = opts.file;
    if (opts.file) {
      try {
        this.fd = openSync(opts.file, "a");
      } catch (err) {
        throw new KitError("CTIPSKIT_E_TIMELINE_IO", `cannot open timeline file ${opts.file}`, {
          cause: err,
          fix: "check that the directory exists and is writable",
        });
      }
    }
  }

  /** The entries in memory, oldest first (all of them unless `retain` dropped some). */
  get entries(): readonly TimelineEntry[] {
    return this.list;
  }

  /** How many entries were ever appended: the seq the next entry gets. */
  get length(): number {
    return this.next;
  }

  /** Nanoseconds since this timeline's origin on its monotonic clock. */
  now(): number {
    if (this.mono) return Number(this.mono() - this.origin);
    return Math.round((performance.now() - this.originMs) * 1e6);
  }

  /** Stamps, persists, stores and announces an entry; returns it with its seq. */
  append(entry: NewEntry): TimelineEntry {
    // One fixed shape for every entry (absent fields are undefined, which JSON leaves out):
    // cheaper to build, to hold and to read than a spread of whatever the caller passed.
    const e: TimelineEntry = {
      seq: this.next++,
      monoNs: entry.monoNs ?? this.now(),
      wall: wallClock(),
      recorder: this.recorder,
      direction: entry.direction,
      peer: entry.peer,
      kind: entry.kind,
      session: entry.session,
      name: entry.name,
      eventType: entry.eventType,
      requestId: entry.requestId,
      callId: entry.callId,
      agentId: entry.agentId,
      replyTo: entry.replyTo,
      latencyNs: entry.latencyNs,
      payload: entry.payload,
      raw: this.recordRaw ? entry.raw : undefined,
      deviations: entry.deviations,
      faultCode: entry.faultCode,
      code: entry.code,
      message: entry.message,
      httpStatus: entry.httpStatus,
    };
    // UserCredentials travel only in OpenConnection and StartSession; the timeline never keeps a password.
    if (carriesCredentials(e)) e.payload = redact(e.payload);
    // The raw text of any entry may hold one: a malformed OpenConnection recorded as a
    // transport error, a body cut short in the middle of its Password.
    if (e.raw?.includes("Password")) e.raw = redactRawPasswords(e.raw);
    if (this.fd !== undefined) {
      try {
        writeSync(this.fd, toJsonLine(e));
      } catch (err) {
        throw new KitError("CTIPSKIT_E_TIMELINE_IO", `cannot append to timeline file ${this.file}`, {
          cause: err,
        });
      }
    }
    this.list.push(e);
    if (this.list.length > this.retain) {
      // Drop a tenth at a time so trimming costs O(1) per append on average.
      const drop = Math.max(1, Math.ceil(this.retain / 10));
      this.list = this.list.slice(drop);
      this.base += drop;
    }
    if (this.waiters.length) {
      const still: Waiter[] = [];
      for (const w of this.waiters) {
        if (e.seq >= w.since && w.pred(e)) w.resolve(e);
        else still.push(w);
      }
      this.waiters = still;
    }
    if (this.listeners.size) for (const l of this.listeners) l(e);
    return e;
  }

  query(pred: EntryPredicate, since = 0): TimelineEntry[] {
    const out: TimelineEntry[] = [];
    for (let i = Math.max(0, since - this.base); i < this.list.length; i++)
      if (pred(this.list[i])) out.push(this.list[i]);
    return out;
  }

  find(pred: EntryPredicate, since = 0): TimelineEntry | undefined {
    for (let i = Math.max(0, since - this.base); i < this.list.length; i++)
      if (pred(this.list[i])) return this.list[i];
    return undefined;
  }

  onAppend(listener: (e: TimelineEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the first entry (at or after seq `since`) matching `pred`; rejects with
   * CTIPSKIT_E_WAIT_TIMEOUT after `timeoutMs`, naming `what` in the message.
   */
  waitFor(
    pred: EntryPredicate,
    timeoutMs: number,
    opts: { since?: number; what?: string } = {},
  ): Promise<TimelineEntry> {
    const since = opts.since ?? 0;
    const hit = this.find(pred, since);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        since,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new KitError(
            "CTIPSKIT_E_WAIT_TIMEOUT",
            `${opts.what ?? "the awaited entry"} did not arrive within ${timeoutMs} ms`,
            {
              details: { timeoutMs, since, entries: this.next },
              fix: "check the timeline for what arrived instead, or raise the timeout",
            },
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

/**
 * The last line of a timeline file cut short: the recorder was killed (or the disk filled)
 * in the middle of writing it. Everything before it was written whole (each entry is one
 * synchronous write of a line ending in a newline), so the entries up to it stand.
 */
export interface TornLine {
  /** 1-based line number of the torn line. */
  line: number;
  /** How many bytes of it were written. */
  bytes: number;
  /** Why it is not an entry (the JSON parser's message). */
  reason: string;
}

export interface ParseOptions {
  /**
   * Called with the torn last line, which is then left out. A last line is torn when it has
   * no newline and is not valid JSON; a bad line anywhere else is always an error.
   */
  onTorn?: (torn: TornLine) => void;
}

/**
 * Reads a JSONL timeline file; a bad line is an error naming its line number, except a
 * torn last line (a recorder killed mid-write), which is left out and reported to
 * `opts.onTorn`.
 */
export function readTimeline(file: string, opts: ParseOptions = {}): TimelineEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new KitError("CTIPSKIT_E_TIMELINE_IO", `cannot read timeline file ${file}`, { cause: err });
  }
  return parseTimeline(text, file, opts);
}

/** The timeline in JSONL `text`; see readTimeline for bad and torn lines. */
export function parseTimeline(text: string, name = "timeline", opts: ParseOptions = {}): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const lines = text.split("\n");
  // Only the text after the last newline can be a line the writer did not finish.
  const unterminated = lines.length - 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    let e: TimelineEntry;
    try {
      e = JSON.parse(line) as TimelineEntry;
    } catch (err) {
      if (i === unterminated) {
        opts.onTorn?.({ line: i + 1, bytes: Buffer.byteLength(line), reason: (err as Error).message });
        break;
      }
      throw new KitError("CTIPSKIT_E_TIMELINE_PARSE", `${name}:${i + 1} is not valid JSON`, { cause: err });
    }
    if (typeof e.seq !== "number" || typeof e.kind !== "string" || typeof e.monoNs !== "number") {
      throw new KitError("CTIPSKIT_E_TIMELINE_PARSE", `${name}:${i + 1} lacks seq, kind or monoNs`, {
        fix: "a timeline line is one TimelineEntry object (see src/timeline/entry.ts)",
      });
    }
    out.push(e);
  }
  return out;
}
