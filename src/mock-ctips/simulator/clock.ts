/**
 * Time for the simulator. Production uses the real clock; tests use a manual clock that
 * only moves when told to, so every flow is instant and deterministic.
 */
import { KitError } from "../../contract/errors.ts";
import type { Clock } from "./types.ts";

/** Node's timers and `performance.now()`. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(handle) };
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running every timer that falls due, in due-time then scheduling order. */
  advance(ms: number): void;
  /** Timers scheduled and neither run nor cancelled. */
  pending(): number;
}

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export function createManualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  // Kept sorted by (at, seq): timers due at the same time run in the order they were set.
  const timers: ManualTimer[] = [];

  const insert = (t: ManualTimer): void => {
    let lo = 0;
    let hi = timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = timers[mid];
      if (m.at < t.at || (m.at === t.at && m.seq < t.seq)) lo = mid + 1;
      else hi = mid;
    }
    timers.splice(lo, 0, t);
  };

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t: ManualTimer = { at: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
      insert(t);
      return {
        cancel: () => {
          t.cancelled = true;
        },
      };
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new KitError("CTIPSKIT_E_USAGE", `manual clock cannot advance by ${ms} ms`, {
          fix: "pass a finite, non-negative number of milliseconds",
        });
      }
      const target = now + ms;
      while (timers.length > 0 && timers[0].at <= target) {
        const t = timers.shift() as ManualTimer;
        if (t.cancelled) continue;
        now = t.at;
        t.fn();
      }
      now = target;
    },
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}
