/**
 * What a load run measures, as it goes and in bounded memory: latency histograms (fixed
 * log-scale buckets, not lists of samples), per-session delivery counts and times paired
 * between the mock's timeline and each client's, the lag of each session behind the first
 * session an event was sent to, and heartbeat intervals.
 */
import type { TimelineEntry } from "../timeline/entry.ts";
import type { Timeline } from "../timeline/timeline.ts";

/** Buckets per decade: a percentile is off by at most ~0.25 %. */
const PER_DECADE = 500;
/** From 1 µs … */
const MIN_MS = 0.001;
/** … to 1,000 s. */
const DECADES = 9;

/** A latency histogram in milliseconds with a fixed number of log-scale buckets. */
export class Histogram {
  private readonly counts = new Float64Array(PER_DECADE * DECADES + 2);
  count = 0;
  sum = 0;
  max = Number.NEGATIVE_INFINITY;
  min = Number.POSITIVE_INFINITY;

  add(ms: number): void {
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
    if (ms < this.min) this.min = ms;
    this.counts[this.bucket(ms)]++;
  }

  private bucket(ms: number): number {
    if (!(ms > MIN_MS)) return 0;
    const b = 1 + Math.floor(Math.log10(ms / MIN_MS) * PER_DECADE);
    return Math.min(this.counts.length - 1, b);
  }

  /** The p-th percentile (0–100): the middle of its bucket, clamped to what was seen; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let b = 0; b < this.counts.length; b++) {
      seen += this.counts[b];
      if (seen >= rank) {
        const middle = b === 0 ? MIN_MS : MIN_MS * 10 ** ((b - 0.5) / PER_DECADE);
        return Math.min(this.max, Math.max(this.min, middle));
      }
    }
    return this.max;
  }

  get mean(): number {
    return this.count ? this.sum / this.count : Number.NaN;
  }

  merge(other: Histogram): void {
    for (let b = 0; b < this.counts.length; b++) this.counts[b] += other.counts[b];
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
    this.min = Math.min(this.min, other.min);
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.max = Number.NEGATIVE_INFINITY;
    this.min = Number.POSITIVE_INFINITY;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      p50: this.percentile(50),
      p99: this.percentile(99),
      max: this.count ? this.max : Number.NaN,
    };
  }
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nanoseconds to add to a timeline's monoNs to put it on one clock with the others (performance.now). */
export function clockOffsetNs(timeline: Timeline): number {
  return performance.now() * 1e6 - timeline.now();
}

/** The members that tell one event from another of the same type, besides its RequestId (which differs per session). */
const KEY_FIELDS = [
  "CallId",
  "AgentId",
  "ServiceId",
  "AgentState",
  "LoginState",
  "ComponentType",
  "ComponentState",
  "SnapShotType",
  "ServiceState",
] as const;

/** An event's identity across sessions: its type and the members that tell it apart. */
export function fingerprint(name: string | undefined, payload: unknown): string {
  const v = (payload ?? {}) as Record<string, unknown>;
  let key = name ?? "";
  for (const f of KEY_FIELDS) if (v[f] !== undefined) key += `|${String(v[f])}`;
  return key;
}

/**
 * What the simulator emitted against what one session was sent: each emission expects a
 * send with the same identity. Matched pairs are forgotten, so memory holds only what is
 * outstanding. `missing`: emitted, never sent; `extra`: sent more often than emitted.
 */
export class EmissionLedger {
  private readonly open = new Map<string, number>();

  emitted(key: string): void {
    const n = (this.open.get(key) ?? 0) + 1;
    if (n === 0) this.open.delete(key);
    else this.open.set(key, n);
  }

  sent(key: string): void {
    const n = (this.open.get(key) ?? 0) - 1;
    if (n === 0) this.open.delete(key);
    else this.open.set(key, n);
  }

  get missing(): number {
    let m = 0;
    for (const n of this.open.values()) if (n > 0) m += n;
    return m;
  }

  get extra(): number {
    let m = 0;
    for (const n of this.open.values()) if (n < 0) m -= n;
    return m;
  }
}

export interface SessionDelivery {
  session: string;
  /** Events the mock recorded sending to the session (its `event` entries). */
  sent: number;
  /** Events the session's client recorded receiving. */
  received: number;
  /** Deliveries the mock recorded as failed (transport error or fault answering the event). */
  failed: number;
  /** Events dropped from the session's queue (the overflow policy's notes). */
  dropped: number;
  /** Receipts whose event name differed from the event sent in that place (should be 0). */
  mismatched: number;
  /** The mock's send → the client's receipt, ms. */
  delivery: Histogram;
  /**
   * The mock's send of an event to this session − its send of the same event to the
   * reference session (a healthy monitor that takes every event but routing), ms; 0 when
   * this session was sent it first.
   */
  lag: Histogram;
  /**
   * How long the mock held an event the session was free to take: its send − the later of
   * the event's emission by the simulator and the session's answer to its previous event, ms.
   */
  wait: Histogram;
}

interface Pending {
  seq: number;
  name: string | undefined;
  ns: number;
  /** Sent before the measurement window: its receipt is not counted in the window. */
  before?: boolean;
}

/**
 * Pairs every event the mock sends to a session with its receipt by that session's client:
 * each session has one event in flight and its own ordered queue, so the k-th event sent is
 * the k-th received (a send the mock records as failed is taken out). Counts, latency and
 * the lag behind the first session each event was sent to, in the measurement window.
 */
export class DeliveryTracker {
  private readonly sessions = new Map<
    string,
    SessionDelivery & {
      fifo: Pending[];
      counts: Map<string, { n: number; lastNs: number }>;
      answeredNs?: number;
    }
  >();
  /** fp#n → the send of that event to the reference session (performance.now ns). */
  private readonly refSent = new Map<string, number>();
  /** fp → when the simulator emitted it (each occurrence), ns. */
  private readonly emittedAt = new Map<string, number[]>();
  private readonly mockOffset: number;
  private readonly clientOffsets = new Map<Timeline, number>();
  private reference: string | undefined;
  /** Keys older than this are forgotten, ns. */
  private readonly horizonNs = 60_000 * 1e6;
  private lastSweep = 0;
  /** Latencies are recorded only in the measurement window (counts go on to the drain). */
  private measuring = true;

  constructor(mock: Timeline) {
    this.mockOffset = clockOffsetNs(mock);
  }

  /** The session every other session's lag is measured against. */
  setReference(session: string): void {
    this.reference = session;
  }

  private state(session: string) {
    let s = this.sessions.get(session);
    if (!s) {
      s = {
        session,
        sent: 0,
        received: 0,
        failed: 0,
        dropped: 0,
        mismatched: 0,
        delivery: new Histogram(),
        lag: new Histogram(),
        wait: new Histogram(),
        fifo: [],
        counts: new Map(),
      };
      this.sessions.set(session, s);
    }
    return s;
  }

  /** The simulator emitted an event (call it from its onEvent listener). */
  onEmit(name: string, value: unknown): void {
    const fp = fingerprint(name, value);
    const ns = performance.now() * 1e6;
    const list = this.emittedAt.get(fp);
    if (list) list.push(ns);
    else this.emittedAt.set(fp, [ns]);
  }

  /** An entry the mock appended. */
  onMock(e: TimelineEntry): void {
    if (e.session === undefined) return;
    if (e.kind === "event" && e.direction === "out") {
      const s = this.state(e.session);
      s.sent++;
      const ns = e.monoNs + this.mockOffset;
      s.fifo.push({ seq: e.seq, name: e.name, ns });
      // A snapshot answers one session's request: no other session is sent the same one.
      if (e.name?.startsWith("SnapShot")) return;
      const fp = fingerprint(e.name, e.payload);
      const seen = s.counts.get(fp);
      const n = (seen?.n ?? 0) + 1;
      if (seen) {
        seen.n = n;
        seen.lastNs = ns;
      } else s.counts.set(fp, { n, lastNs: ns });
      const key = `${fp}#${n}`;
      if (e.session === this.reference) this.refSent.set(key, ns);
      else {
        // Sent before the reference was: not behind it (its own send is not known yet).
        const ref = this.refSent.get(key);
        if (this.measuring) s.lag.add(ref === undefined ? 0 : Math.max(0, ns - ref) / 1e6);
      }
      const emitted = this.emittedAt.get(fp)?.[n - 1];
      if (emitted !== undefined && this.measuring)
        s.wait.add(Math.max(0, ns - Math.max(emitted, s.answeredNs ?? 0)) / 1e6);
      if (ns - this.lastSweep > this.horizonNs / 4) this.sweep(ns);
      return;
    }
    if (e.code === "event-dropped") {
      this.state(e.session).dropped++;
      return;
    }
    if (e.replyTo === undefined || e.name !== "PublishCTIEvent") return;
    const s = this.state(e.session);
    s.answeredNs = e.monoNs + this.mockOffset;
    if (e.kind === "transportError" || e.kind === "fault") {
      s.failed++;
      const i = s.fifo.findIndex((p) => p.seq === e.replyTo);
      if (i >= 0) s.fifo.splice(i, 1);
    }
  }

  /** An entry a client appended (its events name their session). */
  onClient(timeline: Timeline, e: TimelineEntry): void {
    if (e.kind !== "event" || e.session === undefined) return;
    let offset = this.clientOffsets.get(timeline);
    if (offset === undefined) {
      offset = clockOffsetNs(timeline);
      this.clientOffsets.set(timeline, offset);
    }
    const s = this.state(e.session);
    const sent = s.fifo.shift();
    if (!sent?.before) s.received++;
    if (!sent) return;
    if (sent.name !== e.name) s.mismatched++;
    if (this.measuring) s.delivery.add((e.monoNs + offset - sent.ns) / 1e6);
  }

  /** Forgets sends, emissions and occurrence counts older than the horizon: memory stays flat. */
  private sweep(nowNs: number): void {
    this.lastSweep = nowNs;
    const before = nowNs - this.horizonNs;
    for (const [k, ns] of this.refSent) {
      if (ns >= before) break; // each key is set once: in time order
      this.refSent.delete(k);
    }
    for (const [k, list] of this.emittedAt) if (list[list.length - 1] < before) this.emittedAt.delete(k);
    for (const s of this.sessions.values())
      for (const [k, c] of s.counts) if (c.lastNs < before) s.counts.delete(k);
  }

  /** Ends the measurement window for latencies: what follows (the drain) is not measured. */
  stopMeasuring(): void {
    this.measuring = false;
  }

  /** Starts the measurement window: histograms and counts from zero (pairing continues). */
  resetWindow(): void {
    this.measuring = true;
    for (const s of this.sessions.values()) {
      s.sent = s.failed = s.dropped = s.mismatched = 0;
      s.received = 0;
      // What is in flight was sent before the window: its receipt is not the window's.
      for (const p of s.fifo) p.before = true;
      s.delivery.reset();
      s.lag.reset();
      s.wait.reset();
    }
  }

  /** Events sent and not yet received, per session. */
  inFlight(session: string): number {
    return this.sessions.get(session)?.fifo.length ?? 0;
  }

  get all(): SessionDelivery[] {
    return [...this.sessions.values()].map(({ fifo: _f, counts: _c, answeredNs: _a, ...d }) => d);
  }
}

/** The mock's heartbeats per session: intervals and how far each is from the configured one. */
export class HeartbeatTracker {
  private readonly last = new Map<string, number>();
  readonly interval = new Histogram();
  /** |interval − configured|, ms. */
  readonly jitter = new Histogram();

  private measuring = true;

  constructor(private readonly configuredMs: number) {}

  onMock(e: TimelineEntry): void {
    if (e.kind !== "heartbeat" || e.direction !== "out" || e.session === undefined) return;
    const prev = this.last.get(e.session);
    this.last.set(e.session, e.monoNs);
    if (prev === undefined || !this.measuring) return;
    const ms = (e.monoNs - prev) / 1e6;
    this.interval.add(ms);
    this.jitter.add(Math.abs(ms - this.configuredMs));
  }

  resetWindow(): void {
    this.measuring = true;
    this.interval.reset();
    this.jitter.reset();
  }

  stopMeasuring(): void {
    this.measuring = false;
  }
}

export interface MemorySample {
  /** Seconds since the run started. */
  t: number;
  rssMb: number;
  heapMb: number;
  /** The check worker's heap, MB. */
  checkerHeapMb?: number;
}

export const MB = 1024 * 1024;
