/**
 * Flow expectations as data, and the matcher that holds a timeline to them.
 *
 * A flow is a partial order of steps — events (one type, or alternatives) or client
 * requests — matched on type and fields, with variables bound across steps (`$c1` is the
 * CallId CallStarted carried; `$r1` the RequestId of an AcceptCall), optional steps,
 * "within T" deadlines, and negative rules ("never X within T", "never X after Y"). Extra
 * events are tolerated: a CTIPS that interleaves other calls, or adds a harmless event, is
 * not failed. When there is no match the result says why, side by side: the longest
 * matched prefix, the first step not found (and the near misses), the related events left
 * unmatched.
 *
 * The search backtracks over candidate bindings with a bounded budget; running out of
 * budget is the kit's failure to decide, reported as such. @see docs/checks.md (flow syntax)
 */
import { KitError } from "../contract/errors.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { describe } from "./evidence.ts";
import { type CheckResult, fail, harnessFault, missingParams, pass } from "./finding.ts";
import { indexTimeline } from "./timeline-index.ts";
import {
  canonicalEventType,
  canonicalOperation,
  eventTypeOf,
  fieldOf,
  msOf,
  operationOf,
  sameValue,
} from "./fields.ts";

export type FlowValue = string | number | boolean | null;

export interface FlowStep {
  id: string;
  /** One event type (EventType or the guide's name: `RouteRejected`). */
  event?: string;
  /** Any one of these event types. */
  alternatives?: readonly string[];
  /** A client request (operation name) instead of an event. */
  request?: string;
  /** Field → value, or `$var` (binds on first use, must be equal after). */
  where?: Readonly<Record<string, FlowValue>>;
  /** Variable → field: binds the variable to the matched entry's field. */
  bind?: Readonly<Record<string, string>>;
  /** Steps this one comes after; default: the previous required step. */
  after?: readonly string[];
  optional?: boolean;
  /** Must come within this many ms of the latest step it comes after. */
  within?: number;
  /**
   * The row (or only these `where` fields of it) is the kit's reading of the guide, not
   * its word (docs/readings.md): `withoutReadings` leaves it out of the normative flow.
   */
  reading?: FlowReading;
}

export interface FlowReading {
  id: string;
  /** Only these `where` fields are the reading; absent: the whole row. */
  fields?: readonly string[];
}

export interface FlowNever {
  id: string;
  /** Event type(s) that must not occur. */
  never: string | readonly string[];
  where?: Readonly<Record<string, FlowValue>>;
  /** The window opens at this step; default: the flow's start. */
  after?: string;
  /** The window lasts this many ms; default: to the end of the timeline. */
  within?: number;
  /** The rule is the kit's reading (the whole rule; `fields` is not used here). */
  reading?: FlowReading;
}

export interface FlowExpectation {
  name: string;
  steps: readonly FlowStep[];
  never?: readonly FlowNever[];
  /** Allow steps to match entries of different sessions (default: all in one session). */
  crossSession?: boolean;
}

export interface MatchOptions {
  /** Variables bound before matching (`{ c1: 17 }`: this call, not any call). */
  bindings?: Readonly<Record<string, FlowValue>>;
  /** Only entries of this session. */
  session?: string;
  /** Candidate tries before the search gives up; default 100 000. */
  budget?: number;
}

export type StepStatus = "matched" | "skipped" | "missing" | "not reached";

export interface StepReport {
  id: string;
  expected: string;
  status: StepStatus;
  seq?: number;
  actual?: string;
}

export interface NearMiss {
  seq: number;
  entry: string;
  why: string;
}

export interface FlowMatch {
  flow: string;
  ok: boolean;
  /** The search budget ran out: the kit could not decide. */
  exhausted: boolean;
  steps: StepReport[];
  bindings: Record<string, FlowValue>;
  missing?: { step: string; expected: string; afterSeq?: number; nearMisses: NearMiss[] };
  violation?: { rule: string; expected: string; seq: number; actual: string };
  /** Related entries in the matched span that no step matched. */
  unexpected: { seq: number; entry: string }[];
  unexpectedCount: number;
  /** Matched entries, in step order. */
  evidence: number[];
  text: string;
}

const SESSION_VAR = "@session";
const VAR = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;
const UNEXPECTED_SHOWN = 20;
const NEAR_MISSES_SHOWN = 5;

interface Compiled {
  step: FlowStep;
  kind: "event" | "request";
  names: string[];
  preds: number[];
  /** Entries of the right type (and constant field values, and session), in seq order. */
  candidates: TimelineEntry[];
  /** The same without the field filter, for explaining near misses. */
  sameType: TimelineEntry[];
}

function invalid(flow: string, problems: string[]): KitError {
  return new KitError("CTIPSKIT_E_CONFIG_INVALID", `flow "${flow}" is not valid: ${problems.join("; ")}`, {
    fix: "correct the flow table (see docs/checks.md, flow-table syntax)",
    details: { flow, problems },
  });
}

function stepNames(s: FlowStep): { kind: "event" | "request"; raw: string[] } {
  if (s.request !== undefined) return { kind: "request", raw: [s.request] };
  return {
    kind: "event",
    raw: s.alternatives ? [...s.alternatives] : s.event !== undefined ? [s.event] : [],
  };
}

function varsOk(where: FlowStep["where"], problems: string[], id: string): void {
  for (const [field, v] of Object.entries(where ?? {})) {
    if (typeof v === "string" && v.startsWith("$") && !VAR.test(v)) {
      problems.push(`${id}: ${field}=${v} is not a variable name ($ followed by letters, digits, _)`);
    }
  }
}

/** The flow's readings: every reading id its rows name. */
export function flowReadings(flow: FlowExpectation): string[] {
  return [
    ...new Set([...flow.steps, ...(flow.never ?? [])].flatMap((s) => (s.reading ? [s.reading.id] : []))),
  ];
}

/**
 * The normative part of a flow: reading rows left out (a step that came after one comes
 * after what that one came after), reading fields dropped from their rows' conditions,
 * reading never-rules dropped. A timeline that follows the normative flow but not the whole
 * one breaks a reading, not the guide.
 */
export function withoutReadings(flow: FlowExpectation): FlowExpectation {
  const dropped = new Map<string, readonly string[] | undefined>();
  const steps: FlowStep[] = [];
  let previousRequired: string | undefined;
  const predecessors = (s: FlowStep): string[] | undefined =>
    s.after === undefined ? (previousRequired === undefined ? undefined : [previousRequired]) : [...s.after];
  const resolve = (ids: readonly string[]): string[] =>
    ids.flatMap((id) => (dropped.has(id) ? resolve(dropped.get(id) ?? []) : [id]));
  for (const s of flow.steps) {
    const preds = predecessors(s);
    if (s.reading && !s.reading.fields) {
      dropped.set(s.id, preds);
      if (!s.optional) previousRequired = s.id;
      continue;
    }
    const kept: FlowStep = { ...s, reading: undefined };
    if (s.reading?.fields && s.where) {
      const where = Object.fromEntries(
        Object.entries(s.where).filter(([f]) => !s.reading!.fields!.includes(f)),
      );
      kept.where = Object.keys(where).length > 0 ? where : undefined;
    }
    // A step placed by default after a dropped row comes after what that row came after.
    if (preds?.some((id) => dropped.has(id))) kept.after = [...new Set(resolve(preds))];
    steps.push(kept);
    if (!s.optional) previousRequired = s.id;
  }
  const never = (flow.never ?? [])
    .filter((n) => !n.reading)
    .map((n) => (n.after && dropped.has(n.after) ? { ...n, after: resolve([n.after])[0] } : n));
  return { ...flow, name: `${flow.name} (normative part)`, steps, never: never.length ? never : undefined };
}

/** Throws CTIPSKIT_E_CONFIG_INVALID listing every problem of the flow at once. */
export function validateFlow(flow: FlowExpectation): void {
  const problems: string[] = [];
  if (!flow.name) problems.push("the flow has no name");
  if (flow.steps.length === 0 && (flow.never ?? []).length === 0) problems.push("the flow has no steps");
  const seen = new Set<string>();
  let requiredBefore = false;
  for (const s of flow.steps) {
    if (!s.id) problems.push("a step has no id");
    if (seen.has(s.id)) problems.push(`${s.id}: the id is used twice`);
    const given = [s.event, s.alternatives, s.request].filter((x) => x !== undefined).length;
    if (given !== 1) problems.push(`${s.id}: give exactly one of event, alternatives, request`);
    const { kind, raw } = stepNames(s);
    if (raw.length === 0 && given === 1) problems.push(`${s.id}: no event type given`);
    for (const n of raw) {
      const known = kind === "request" ? canonicalOperation(n) : canonicalEventType(n);
      if (!known)
        problems.push(`${s.id}: ${n} is not a known ${kind === "request" ? "operation" : "event type"}`);
    }
    for (const a of s.after ?? [])
      if (!seen.has(a)) problems.push(`${s.id}: after ${a}, which is not an earlier step`);
    if (s.within !== undefined && !(s.within > 0))
      problems.push(`${s.id}: within must be a positive number of ms`);
    const hasPred = (s.after ?? []).length > 0 || (s.after === undefined && requiredBefore);
    if (s.within !== undefined && !hasPred)
      problems.push(`${s.id}: within needs an earlier step to measure from`);
    varsOk(s.where, problems, s.id);
    for (const v of Object.keys(s.bind ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) problems.push(`${s.id}: bind ${v} is not a variable name`);
    }
    seen.add(s.id);
    if (!s.optional) requiredBefore = true;
  }
  for (const n of flow.never ?? []) {
    if (!n.id || seen.has(n.id)) problems.push(`${n.id || "a never rule"}: needs an id of its own`);
    for (const t of typeof n.never === "string" ? [n.never] : n.never) {
      if (!canonicalEventType(t)) problems.push(`${n.id}: ${t} is not a known event type`);
    }
    if (n.after !== undefined && !flow.steps.some((s) => s.id === n.after)) {
      problems.push(`${n.id}: after ${n.after}, which is not a step`);
    }
    if (n.within !== undefined && !(n.within > 0))
      problems.push(`${n.id}: within must be a positive number of ms`);
    varsOk(n.where, problems, n.id);
    seen.add(n.id);
  }
  if (problems.length > 0) throw invalid(flow.name, problems);
}

const nameIndexCache = new WeakMap<
  readonly TimelineEntry[],
  { length: number; map: Map<string, TimelineEntry[]> }
>();

/** Events by EventType and requests by `request:Operation`, in seq order; once per (append-only) timeline length. */
function nameIndex(timeline: readonly TimelineEntry[]): Map<string, TimelineEntry[]> {
  const cached = nameIndexCache.get(timeline);
  if (cached && cached.length === timeline.length) return cached.map;
  const map = new Map<string, TimelineEntry[]>();
  for (const e of indexTimeline(timeline).entries) {
    const key =
      e.kind === "event"
        ? eventTypeOf(e)
        : e.kind === "request"
          ? `request:${operationOf(e) ?? ""}`
          : undefined;
    if (!key) continue;
    const list = map.get(key);
    if (list) list.push(e);
    else map.set(key, [e]);
  }
  nameIndexCache.set(timeline, { length: timeline.length, map });
  return map;
}

function entriesNamed(index: Map<string, TimelineEntry[]>, kind: "event" | "request", names: string[]) {
  const lists = names.map((n) => index.get(kind === "request" ? `request:${n}` : n) ?? []);
  return lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a.seq - b.seq);
}

function isVar(v: FlowValue): v is string {
  return typeof v === "string" && VAR.test(v);
}

/** `null` in a table matches an absent member as well as a nil one. */
function equalsConstant(got: unknown, want: FlowValue): boolean {
  return want === null ? got === null || got === undefined : sameValue(got, want);
}

function compile(flow: FlowExpectation, timeline: readonly TimelineEntry[], opts: MatchOptions): Compiled[] {
  const index = nameIndex(timeline);
  const ids = new Map(flow.steps.map((s, i) => [s.id, i]));
  let lastRequired = -1;
  return flow.steps.map((step, i) => {
    const { kind, raw } = stepNames(step);
    const names = raw.map((n) => (kind === "request" ? canonicalOperation(n) : canonicalEventType(n)) ?? n);
    const preds = step.after ? step.after.map((a) => ids.get(a)!) : lastRequired >= 0 ? [lastRequired] : [];
    if (!step.optional) lastRequired = i;
    const constants = Object.entries(step.where ?? {}).filter(([, v]) => !isVar(v));
    const sameType = entriesNamed(index, kind, names).filter(
      (e) => opts.session === undefined || e.session === opts.session,
    );
    const candidates = sameType.filter((e) => constants.every(([f, v]) => equalsConstant(fieldOf(e, f), v)));
    return { step, kind, names, preds, candidates, sameType };
  });
}

type Bindings = Record<string, FlowValue>;

/** Tries `e` against the step's fields under the bindings; the extended bindings, or why not. */
function tryFields(
  step: FlowStep | FlowNever,
  e: TimelineEntry,
  bindings: Bindings,
  crossSession: boolean,
  bind: boolean,
): Bindings | string {
  let out = bindings;
  const set = (k: string, v: FlowValue) => {
    if (out === bindings) out = { ...bindings };
    out[k] = v;
  };
  if (!crossSession) {
    const s = bindings[SESSION_VAR];
    if (s !== undefined && e.session !== s) return `session is ${e.session}, expected ${s}`;
    if (bind && s === undefined && e.session !== undefined) set(SESSION_VAR, e.session);
  }
  for (const [field, want] of Object.entries(step.where ?? {})) {
    const got = fieldOf(e, field);
    if (isVar(want)) {
      const name = want.slice(1);
      if (name in out) {
        if (!sameValue(got, out[name]))
          return `${field} is ${String(got)}, expected ${want}=${String(out[name])}`;
      } else if (bind) {
        if (got === undefined) return `${field} is absent`;
        set(name, got as FlowValue);
      }
    } else if (!equalsConstant(got, want)) {
      return `${field} is ${String(got)}, expected ${String(want)}`;
    }
  }
  if ("bind" in step && bind) {
    for (const [name, field] of Object.entries(step.bind ?? {})) {
      const got = fieldOf(e, field);
      if (name in out) {
        if (!sameValue(got, out[name]))
          return `${field} is ${String(got)}, expected ${name}=${String(out[name])}`;
      } else {
        if (got === undefined) return `${field} is absent`;
        set(name, got as FlowValue);
      }
    }
  }
  return out;
}

/** Index of the first entry with seq > after (entries in seq order). */
function firstAfter(entries: readonly TimelineEntry[], after: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].seq > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

class Exhausted extends Error {}

interface Progress {
  depth: number;
  assigned: (TimelineEntry | null)[];
  bindings: Bindings;
  lowSeq: number;
  lowMs?: number;
}

/** Matches a flow against a timeline. Throws CTIPSKIT_E_CONFIG_INVALID for an invalid flow. */
export function matchFlow(
  flow: FlowExpectation,
  timeline: readonly TimelineEntry[],
  opts: MatchOptions = {},
): FlowMatch {
  validateFlow(flow);
  const crossSession = flow.crossSession ?? false;
  const steps = compile(flow, timeline, opts);
  const index = nameIndex(timeline);
  const n = steps.length;
  const budget = opts.budget ?? 100_000;
  const assigned: (TimelineEntry | null)[] = new Array(n).fill(null);
  const anchorSeq: number[] = new Array(n).fill(Number.NEGATIVE_INFINITY);
  const anchorMs: (number | undefined)[] = new Array(n).fill(undefined);
  const used = new Set<number>();
  let bindings: Bindings = { ...(opts.bindings ?? {}) };
  if (opts.session !== undefined) bindings[SESSION_VAR] = opts.session;
  let tries = 0;
  let best: Progress = { depth: -1, assigned: [], bindings, lowSeq: Number.NEGATIVE_INFINITY };
  let violation:
    | { rule: FlowNever; entry: TimelineEntry; bindings: Bindings; assigned: (TimelineEntry | null)[] }
    | undefined;

  const low = (i: number) => {
    let seq = Number.NEGATIVE_INFINITY;
    let ms: number | undefined;
    for (const p of steps[i].preds) {
      if (anchorSeq[p] > seq) {
        seq = anchorSeq[p];
        ms = anchorMs[p];
      }
    }
    return { seq, ms };
  };

  const brokenRule = (): { rule: FlowNever; entry: TimelineEntry } | undefined => {
    for (const rule of flow.never ?? []) {
      const at = rule.after === undefined ? -1 : flow.steps.findIndex((s) => s.id === rule.after);
      const fromSeq = at < 0 ? Number.NEGATIVE_INFINITY : anchorSeq[at];
      const fromMs = at < 0 ? undefined : anchorMs[at];
      const names = (typeof rule.never === "string" ? [rule.never] : [...rule.never]).map(
        (t) => canonicalEventType(t) ?? t,
      );
      for (const e of entriesNamed(index, "event", names)) {
        if (e.seq <= fromSeq || used.has(e.seq)) continue;
        if (opts.session !== undefined && e.session !== opts.session) continue;
        if (rule.within !== undefined && fromMs !== undefined && msOf(e) - fromMs > rule.within) break;
        if (typeof tryFields(rule, e, bindings, crossSession, false) !== "string") return { rule, entry: e };
      }
    }
    return undefined;
  };

  const dfs = (i: number): boolean => {
    if (i > best.depth) {
      const l = i < n ? low(i) : { seq: Number.NEGATIVE_INFINITY, ms: undefined };
      best = { depth: i, assigned: assigned.slice(0, i), bindings, lowSeq: l.seq, lowMs: l.ms };
    }
    if (i === n) {
      const broken = brokenRule();
      if (!broken) return true;
      violation ??= { ...broken, bindings, assigned: assigned.slice() };
      return false;
    }
    const st = steps[i];
    const { seq: lowSeq, ms: lowMs } = low(i);
    const within = st.step.within;
    for (let k = firstAfter(st.candidates, lowSeq); k < st.candidates.length; k++) {
      if (++tries > budget) throw new Exhausted();
      const c = st.candidates[k];
      if (used.has(c.seq)) continue;
      if (within !== undefined && lowMs !== undefined && msOf(c) - lowMs > within) break;
      const next = tryFields(st.step, c, bindings, crossSession, true);
      if (typeof next === "string") continue;
      const saved = bindings;
      assigned[i] = c;
      anchorSeq[i] = c.seq;
      anchorMs[i] = msOf(c);
      used.add(c.seq);
      bindings = next;
      if (dfs(i + 1)) return true;
      used.delete(c.seq);
      bindings = saved;
      assigned[i] = null;
    }
    if (st.step.optional) {
      assigned[i] = null;
      anchorSeq[i] = lowSeq;
      anchorMs[i] = lowMs;
      if (dfs(i + 1)) return true;
    }
    return false;
  };

  let ok = false;
  let exhausted = false;
  try {
    ok = dfs(0);
  } catch (err) {
    if (!(err instanceof Exhausted)) throw err;
    exhausted = true;
  }
  return explain(flow, steps, timeline, opts, {
    ok,
    exhausted,
    progress: ok ? { depth: n, assigned: assigned.slice(), bindings, lowSeq: 0 } : best,
    violation: ok ? undefined : violation,
    crossSession,
  });
}

function publicBindings(b: Bindings): Record<string, FlowValue> {
  return Object.fromEntries(Object.entries(b).filter(([k]) => k !== SESSION_VAR));
}

/** `CallEstablished CallId=$c1(17) RequestId=$r1` */
function expectedText(c: Compiled | FlowNever, bindings: Bindings): string {
  const step = "step" in c ? c.step : c;
  const names =
    "step" in c
      ? `${c.kind === "request" ? "request " : ""}${stepNames(c.step).raw.join(" | ")}`
      : `never ${(typeof c.never === "string" ? [c.never] : [...c.never]).join(" | ")}`;
  const where = Object.entries(step.where ?? {}).map(([f, v]) => {
    if (!isVar(v)) return `${f}=${String(v)}`;
    const name = v.slice(1);
    return name in bindings ? `${f}=${v}(${String(bindings[name])})` : `${f}=${v}`;
  });
  const binds = "bind" in step ? Object.entries(step.bind ?? {}).map(([v, f]) => `${v}←${f}`) : [];
  const extras = [
    ...("optional" in step && step.optional ? ["optional"] : []),
    ...(step.within !== undefined ? [`within ${step.within} ms`] : []),
  ];
  return [names, ...where, ...binds, ...(extras.length ? [`(${extras.join(", ")})`] : [])].join(" ");
}

interface Outcome {
  ok: boolean;
  exhausted: boolean;
  progress: Progress;
  violation?: {
    rule: FlowNever;
    entry: TimelineEntry;
    bindings: Bindings;
    assigned: (TimelineEntry | null)[];
  };
  crossSession: boolean;
}

/**
 * Entries of the missing step's type that nearly matched, the most telling first: right
 * fields but wrong place or too late, then right place but wrong fields, then taken.
 */
function nearMisses(c: Compiled, p: Progress, used: Set<number>, crossSession: boolean): NearMiss[] {
  const ranked: (NearMiss & { rank: number })[] = [];
  for (const e of c.sameType) {
    const fields = tryFields(c.step, e, p.bindings, crossSession, true);
    const tooEarly = e.seq <= p.lowSeq;
    const late = c.step.within !== undefined && p.lowMs !== undefined ? msOf(e) - p.lowMs : undefined;
    const tooLate = late !== undefined && late > c.step.within!;
    let why: string;
    let rank: number;
    if (typeof fields === "string") {
      if (tooEarly || tooLate || used.has(e.seq)) continue;
      [why, rank] = [fields, 2];
    } else if (used.has(e.seq)) [why, rank] = ["already matched by another step", 3];
    else if (tooEarly) [why, rank] = [`comes before seq ${p.lowSeq}, the step it must follow`, 1];
    else if (tooLate) [why, rank] = [`arrives ${late!.toFixed(1)} ms after, limit ${c.step.within} ms`, 1];
    else continue;
    ranked.push({ seq: e.seq, entry: describe(e), why, rank });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.seq - b.seq)
    .slice(0, NEAR_MISSES_SHOWN)
    .map(({ rank: _, ...nm }) => nm);
}

/** The ids an entry is known by; an unmatched entry sharing one the flow bound is related to it. */
const IDENTITIES = ["CallId", "AgentId", "RequestId"] as const;

/** Values the flow bound for CallId, AgentId and RequestId (zero means "none" and is left out). */
function boundIdentities(flow: FlowExpectation, bindings: Bindings): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (field: string, name: string) => {
    if (!(IDENTITIES as readonly string[]).includes(field) || !(name in bindings)) return;
    const value = String(bindings[name]);
    if (value === "0") return;
    const set = out.get(field) ?? new Set<string>();
    set.add(value);
    out.set(field, set);
  };
  for (const s of flow.steps) {
    for (const [f, v] of Object.entries(s.where ?? {})) if (isVar(v)) add(f, v.slice(1));
    for (const [name, f] of Object.entries(s.bind ?? {})) add(f, name);
  }
  return out;
}

function explain(
  flow: FlowExpectation,
  steps: Compiled[],
  timeline: readonly TimelineEntry[],
  opts: MatchOptions,
  o: Outcome,
): FlowMatch {
  const assigned = o.violation?.assigned ?? o.progress.assigned;
  const bindings = o.violation?.bindings ?? o.progress.bindings;
  const depth = o.violation ? steps.length : o.progress.depth;
  const used = new Set(assigned.filter((e): e is TimelineEntry => e !== null).map((e) => e.seq));
  const reports: StepReport[] = steps.map((c, i) => {
    const expected = expectedText(c, bindings);
    const e = assigned[i];
    if (i < depth) {
      return e
        ? { id: c.step.id, expected, status: "matched", seq: e.seq, actual: describe(e) }
        : { id: c.step.id, expected, status: "skipped" };
    }
    return {
      id: c.step.id,
      expected,
      status: i === depth && !o.ok && !o.exhausted ? "missing" : "not reached",
    };
  });
  const evidence = assigned.filter((e): e is TimelineEntry => e !== null).map((e) => e.seq);
  let missing: FlowMatch["missing"];
  if (!o.ok && !o.exhausted && !o.violation && depth < steps.length) {
    const c = steps[depth];
    missing = {
      step: c.step.id,
      expected: expectedText(c, bindings),
      afterSeq: Number.isFinite(o.progress.lowSeq) ? o.progress.lowSeq : undefined,
      nearMisses: nearMisses(c, o.progress, used, o.crossSession),
    };
  }
  const violation = o.violation
    ? {
        rule: o.violation.rule.id,
        expected: expectedText(o.violation.rule, bindings),
        seq: o.violation.entry.seq,
        actual: describe(o.violation.entry),
      }
    : undefined;

  // Related entries in the span the match covered that no step took.
  const related = boundIdentities(flow, bindings);
  const session =
    opts.session ?? (o.crossSession ? undefined : (bindings[SESSION_VAR] as string | undefined));
  const from = evidence.length > 0 ? Math.min(...evidence) : Number.NEGATIVE_INFINITY;
  const to = o.ok && evidence.length > 0 ? Math.max(...evidence) : Number.POSITIVE_INFINITY;
  const unexpected: { seq: number; entry: string }[] = [];
  let unexpectedCount = 0;
  const entries = indexTimeline(timeline).entries;
  for (let k = firstAfter(entries, from - 1); k < entries.length && entries[k].seq <= to; k++) {
    const e = entries[k];
    if (e.kind !== "event" || used.has(e.seq)) continue;
    if (session !== undefined && e.session !== session) continue;
    if (related.size > 0 && ![...related].some(([f, ids]) => ids.has(String(fieldOf(e, f))))) continue;
    unexpectedCount++;
    if (unexpected.length < UNEXPECTED_SHOWN) unexpected.push({ seq: e.seq, entry: describe(e) });
  }
  const result: FlowMatch = {
    flow: flow.name,
    ok: o.ok,
    exhausted: o.exhausted,
    steps: reports,
    bindings: publicBindings(bindings),
    missing,
    violation,
    unexpected,
    unexpectedCount,
    evidence,
    text: "",
  };
  result.text = renderMatch(result);
  return result;
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + " ".repeat(width - s.length);
}

/** The human explanation: expected and actual side by side, with sequence numbers. */
export function renderMatch(m: FlowMatch): string {
  const head = m.ok
    ? `flow "${m.flow}": matched`
    : m.exhausted
      ? `flow "${m.flow}": undecided (the search budget ran out)`
      : m.violation
        ? `flow "${m.flow}": rule ${m.violation.rule} broken`
        : `flow "${m.flow}": step ${m.missing?.step} not found`;
  const idWidth = Math.max(4, ...m.steps.map((s) => s.id.length)) + 2;
  const expWidth = Math.min(70, Math.max(8, ...m.steps.map((s) => s.expected.length)));
  const mark = (s: StepReport) => (s.status === "missing" ? "✗ " : "  ");
  const lines = [head, `  ${pad("step", idWidth)}${pad("expected", expWidth)} │ actual`];
  for (const s of m.steps) {
    const actual =
      s.status === "matched"
        ? s.actual
        : s.status === "skipped"
          ? "— (optional, absent)"
          : s.status === "missing"
            ? `— not found${m.missing?.afterSeq !== undefined ? ` after seq ${m.missing.afterSeq}` : ""}`
            : "  (not reached)";
    lines.push(`${mark(s)}${pad(s.id, idWidth)}${pad(s.expected, expWidth)} │ ${actual}`);
    if (s.status === "missing") {
      for (const nm of m.missing?.nearMisses ?? []) {
        lines.push(`  ${pad("", idWidth)}${pad("", expWidth)} │   near miss: ${nm.entry}: ${nm.why}`);
      }
    }
  }
  if (m.violation) {
    lines.push(
      `✗ ${pad(m.violation.rule, idWidth)}${pad(m.violation.expected, expWidth)} │ ${m.violation.actual}`,
    );
  }
  if (m.unexpectedCount > 0) {
    lines.push(`  unexpected (related, unmatched): ${m.unexpectedCount}`);
    for (const u of m.unexpected) lines.push(`    ${u.entry}`);
    if (m.unexpectedCount > m.unexpected.length)
      lines.push(`    … ${m.unexpectedCount - m.unexpected.length} more`);
  }
  const b = Object.entries(m.bindings);
  if (b.length > 0) lines.push(`  bindings: ${b.map(([k, v]) => `${k}=${String(v)}`).join(", ")}`);
  return lines.join("\n");
}

export interface FlowCheckParams extends MatchOptions {
  flow: FlowExpectation;
}

/**
 * The timeline follows the flow: every required step found in order, within its deadlines,
 * no negative rule broken. The finding carries the side-by-side explanation. @see EDK E-1
 */
export function timelineFollowsFlow(
  timeline: readonly TimelineEntry[],
  params: FlowCheckParams,
): CheckResult {
  const missing = missingParams(params, ["flow"]);
  if (missing) return missing;
  const { flow, ...opts } = params;
  const inScope =
    opts.session === undefined ? timeline.length : timeline.filter((e) => e.session === opts.session).length;
  if (inScope === 0) {
    return [
      harnessFault(
        `nothing to check: no entries${opts.session ? ` in session ${opts.session}` : ""} to match flow "${flow.name}" against`,
      ),
    ];
  }
  const m = matchFlow(flow, timeline, opts);
  const { text, ...explanation } = m;
  const subject = opts.session !== undefined ? { session: opts.session } : undefined;
  if (m.exhausted) {
    return [
      harnessFault(
        `flow "${flow.name}" undecided: the search budget ran out (raise budget or bind variables)\n${text}`,
        { evidence: m.evidence, actual: explanation },
      ),
    ];
  }
  if (m.ok)
    return [
      pass(`flow "${flow.name}" matched\n${text}`, { evidence: m.evidence, actual: explanation, subject }),
    ];
  const expected = m.violation ? m.violation.expected : m.missing?.expected;
  const got = m.violation ? m.violation.actual : "not found";
  const extra = m.violation ? [m.violation.seq] : (m.missing?.nearMisses ?? []).map((x) => x.seq);
  return [
    fail(`flow "${flow.name}": expected ${expected}, got ${got}\n${text}`, {
      expected,
      actual: explanation,
      evidence: [...m.evidence, ...extra],
      subject,
    }),
  ];
}
