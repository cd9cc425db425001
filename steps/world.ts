/**
 * The Cucumber World: owns one scenario's recording client, sessions, variables and
 * triggers, and what the scenario changed on the target (undone in its teardown). Step
 * definitions parse Gherkin and call these methods; nothing here knows Gherkin
 * (style.md #8).
 *
 * Waiting is fail-fast: a wait for the events of a request ends at once when the target
 * refuses that request (a fault, or its failure event), naming the refusal. Readings (the
 * kit's choices where the guide is silent, docs/readings.md) that do not hold are noted
 * as warnings, or fail under --strict-readings.
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { type IWorldOptions, World } from "@cucumber/cucumber";
import {
  type FlowMatch,
  canonicalEventType,
  describeRefusal,
  FAILURE_EVENTS,
  flowReadings,
  matchFlow,
  parseFlowTable,
  type Refusal,
  refusalOf,
  withoutReadings,
} from "../src/checks/index.ts";
import { KitError } from "../src/contract/errors.ts";
import type { ClientSession, RecordingClient, SendOutcome } from "../src/mock-client/types.ts";
import { encodeNote, FLOW_MATCH_MEDIA_TYPE, NOTE_MEDIA_TYPE, type Note } from "../src/runner/notes.ts";
import type { AgentRole, SiteProfile, WorldParameters } from "../src/runner/params.ts";
import { reading } from "../src/runner/readings.ts";
import { restoreSite, siteFromEvents } from "../src/runner/site-state.ts";
import { clientFor } from "../src/runner/target-client.ts";
import {
  createTriggers,
  type TriggerName,
  type TriggerParams,
  type Triggers,
} from "../src/runner/triggers.ts";
import type { TimelineEntry } from "../src/timeline/entry.ts";
import { SessionRules, until } from "./world/session-rules.ts";

export type Value = string | number | boolean | null | Value[] | undefined;

/** The part of a Cucumber pickle step cannotRun reads. */
interface PickleStepLike {
  text: string;
  argument?: { dataTable?: { rows: readonly { cells: readonly { value: string }[] }[] } };
}

/** Thrown by a step whose trigger cannot run here: the scenario is skipped with the reason. */
export class SkipScenario extends Error {}

const CATEGORY: Record<string, string> = {
  agent: "EventCategoryAgent",
  call: "EventCategoryCall",
  route: "EventCategoryRoute",
  system: "EventCategorySystem",
};

/** Requests that change nothing on the site (a teardown is needed only after others). */
const SESSION_OPS = new Set([
  "OpenConnection",
  "CloseConnection",
  "OnLine",
  "OffLine",
  "AddMessageClass",
  "DeleteMessageClass",
  "AddFilter",
  "DeleteFilter",
  "Snapshot",
]);

/** Requests after which a session may no longer see every agent and call event. */
const NARROWING_OPS = new Set(["OffLine", "CloseConnection", "DeleteMessageClass", "AddFilter"]);

/** The entries whose arrival means the target is still answering (not heartbeats). */
const QUIET_KINDS = new Set(["event", "request", "response", "fault", "transportError"]);

/** Every failure event a CTIPS sends (wire and guide names). */
const FAILURE_TYPES = new Set(Object.values(FAILURE_EVENTS).flat());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One row of a field table: `| field | value |` or `| field | value | reading:<id> |`. */
export interface FieldRow {
  field: string;
  value: string;
  reading?: string;
}

export class CtipsWorld extends World<WorldParameters> {
  client: RecordingClient | undefined;
  readonly sessions = new Map<string, ClientSession>();
  readonly vars = new Map<string, Value>();
  last: SendOutcome | undefined;
  lastEvent: TimelineEntry | undefined;
  readonly triggers: Triggers;
  readonly workDir: string;
  /** What the scenario changed on the target, for its teardown. */
  readonly changes = {
    /** An agent, call or routing request was sent, or a trigger ran: the site may have changed. */
    touched: false,
    callIds: new Set<number>(),
    /** Service → the state to put back. */
    services: new Map<number, string>(),
    linksDown: new Set<string>(),
    passcodeOn: false,
    /** Sessions opened outside the recording client's bookkeeping (raw OpenConnection). */
    rawSessions: [] as string[],
    /** Fault ids added to the embedded mock (self-test). */
    faults: [] as string[],
    /** Timeline position of the first request or trigger that could change the site. */
    firstTouchSeq: undefined as number | undefined,
  };
  /** What each session subscribed to, for the teardown: which one saw every agent and call event. */
  private readonly subscriptions = new Map<
    ClientSession,
    { categories: string[]; filtered: boolean; since: number }
  >();

  constructor(options: IWorldOptions<WorldParameters>) {
    super(options);
    this.triggers = createTriggers(this.parameters.triggers);
    this.workDir = mkdtempSync(join(this.parameters.workDir, "scenario-"));
    // Values features name without knowing the target (EDK 3-1: one tenant per CTIPS).
    const tenant = this.parameters.target.tenantId;
    this.vars.set("$tenant", tenant);
    this.vars.set("$otherTenant", tenant + 1);
    this.vars.set("$disposition", this.site.dispositionId);
  }

  get site(): SiteProfile {
    return this.parameters.site;
  }

  get timeline(): readonly TimelineEntry[] {
    return this.client?.timeline.entries ?? [];
  }

  // ---------------------------------------------------------------- notes and readings

  note(n: Note): void {
    this.attach(encodeNote(n), NOTE_MEDIA_TYPE);
  }

  /**
   * A reading of the kit did not hold (its normative part did): a warning naming it, or a
   * failure under --strict-readings.
   */
  readingNotHeld(id: string, message: string): void {
    const r = reading(id);
    if (this.parameters.strictReadings)
      throw new Error(
        `reading ${r.id} did not hold (--strict-readings): ${message}\n  the reading: ${r.title}`,
      );
    this.note({ kind: "reading", reading: r.id, message });
  }

  // ---------------------------------------------------------------- client and sessions

  async ensureClient(): Promise<RecordingClient> {
    this.client ??= await clientFor(this.parameters);
    return this.client;
  }

  /** `agent, call` or `all` → CTIMessageClass names. */
  categories(text: string): string[] {
    if (text.trim() === "all events" || text.trim() === "all") return Object.values(CATEGORY);
    return text
      .split(/\s*(?:,|and)\s*/)
      .filter(Boolean)
      .map((c) => CATEGORY[c.toLowerCase().replace(/ events?$/, "")] ?? c);
  }

  async openSession(
    name: string,
    o: { categories?: string[]; filters?: { fieldType: string; value: string }[]; online?: boolean } = {},
  ): Promise<ClientSession> {
    const client = await this.ensureClient();
    const since = client.timeline.length;
    const s = await client.openSession({
      categories: o.categories ?? [],
      filters: o.filters,
      online: o.online,
    });
    this.sessions.set(name, s);
    this.subscriptions.set(s, {
      categories: o.categories ?? [],
      filtered: (o.filters ?? []).length > 0,
      since,
    });
    this.vars.set(name === "default" ? "$session" : `$session${name}`, s.sessionId);
    return s;
  }

  session(name = "default"): ClientSession {
    const s = this.sessions.get(name);
    if (!s) {
      throw new KitError("CTIPSKIT_E_CHECK_INPUT", `the scenario has no session '${name}'`, {
        fix: "open it first with a 'Given a session …' step",
      });
    }
    return s;
  }

  /** Sends through a session: SessionId, TenantId and RequestId are filled in when absent. */
  async send(op: string, args: Record<string, Value>, sessionName = "default"): Promise<SendOutcome> {
    const clean = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    if (!SESSION_OPS.has(op)) this.touch();
    this.last = await this.session(sessionName).send(op, clean);
    this.remember(op);
    return this.last;
  }

  /** Sends exactly these args, nothing filled in (negative tests). */
  async sendRaw(op: string, args: Record<string, Value>, o?: { rawXml?: string }): Promise<SendOutcome> {
    const client = await this.ensureClient();
    const clean = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    if (!SESSION_OPS.has(op)) this.touch();
    this.last = await client.sendRaw(op, clean, o);
    this.remember(op);
    return this.last;
  }

  /** Why this scenario cannot run against this target (a trigger or a site role it needs is missing), or undefined. */
  cannotRun(pickle: {
    tags: readonly { name: string }[];
    steps: readonly PickleStepLike[];
  }): string | undefined {
    for (const t of pickle.tags) {
      const m = /^@trigger:(.+)$/.exec(t.name);
      const why = m && this.triggers.unavailable(m[1] as TriggerName);
      if (why) return `trigger '${m?.[1]}' unavailable: ${why}`;
    }
    const text = pickle.steps
      .flatMap((st) => [
        st.text,
        ...(st.argument?.dataTable?.rows.flatMap((r) => r.cells.map((c) => c.value)) ?? []),
      ])
      .join("\n");
    for (const [, role] of text.matchAll(/\bthe (inbound|second|unmanned|routed) service\b/g))
      if (this.site.services[role as keyof SiteProfile["services"]] === undefined)
        return `the site profile names no ${role} service (site.services.${role})`;
    for (const [, role] of text.matchAll(/\bagent ([ABC])\b/g))
      if (!this.site.agents[role as "A" | "B" | "C"])
        return `the site profile names no agent ${role} (site.agents.${role})`;
    return undefined;
  }

  /** Something that may change the site is about to happen: the teardown will have work. */
  private touch(): void {
    this.changes.touched = true;
    this.changes.firstTouchSeq ??= this.client?.timeline.length ?? 0;
  }

  /**
   * A session that saw every agent and call event since before the scenario first touched
   * the site, and still does: online, subscribed to both categories without filters, never
   * offline or ended since. Its events account for everything the scenario changed.
   */
  private observer(): ClientSession | undefined {
    const first = this.changes.firstTouchSeq ?? 0;
    for (const [s, sub] of this.subscriptions) {
      if (s.state !== "online" || sub.filtered || sub.since > first) continue;
      if (!sub.categories.includes(CATEGORY.agent) || !sub.categories.includes(CATEGORY.call)) continue;
      const interrupted = this.timeline.some(
        (e) =>
          e.seq > sub.since &&
          e.session === s.sessionId &&
          ((e.kind === "request" && NARROWING_OPS.has(e.name ?? "")) ||
            (e.kind === "note" && e.code === "session-disposed") ||
            e.kind === "transportError"),
      );
      if (!interrupted) return s;
    }
    return undefined;
  }

  private remember(op: string): void {
    const rid = this.last?.requestId;
    if (rid !== undefined) {
      this.vars.set("$r", rid);
      this.vars.set(`$r:${op}`, rid);
    }
  }

  // ---------------------------------------------------------------- values and roles

  /** A cell of a Gherkin table as a value: `$var`, `(absent)`, JSON arrays, numbers, booleans, text. */
  value(text: string): Value {
    const t = text.trim();
    if (t === "(absent)") return undefined;
    if (t === "(empty)") return "";
    if (t === "(nil)" || t === "null") return null;
    if (t.startsWith("$")) {
      if (!this.vars.has(t)) {
        throw new KitError("CTIPSKIT_E_CHECK_INPUT", `variable ${t} is not bound in this scenario`, {
          fix: `bound so far: ${[...this.vars.keys()].join(", ") || "none"}`,
        });
      }
      return this.vars.get(t);
    }
    if (t.startsWith("["))
      return (JSON.parse(t) as Value[]).map((v) => (typeof v === "string" ? this.value(v) : v));
    if (/^-?\d+$/.test(t)) return Number(t);
    if (t === "true" || t === "false") return t === "true";
    if (t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1);
    return this.roleValue(t) ?? t;
  }

  /** `agent A` → its login name, `agent A's id` → its AgentId, `the inbound service` → its id, … */
  roleValue(t: string): Value | undefined {
    const agent = /^agent ([ABC])(?:'s (id|station))?$/.exec(t);
    if (agent) {
      const role = this.agent(agent[1]);
      if (agent[2] === "id") return this.agentId(agent[1]);
      return agent[2] === "station" ? role.station : role.loginName;
    }
    const service = /^the (inbound|second|unmanned|routed) service$/.exec(t);
    if (service) {
      const id = this.site.services[service[1] as keyof SiteProfile["services"]];
      if (id === undefined)
        throw new SkipScenario(
          `the site profile names no ${service[1]} service (site.services.${service[1]})`,
        );
      return id;
    }
    const unknown = /^an unknown (loginName|agentId|callId|serviceId)$/.exec(t);
    if (unknown) return this.site.unknown[unknown[1] as keyof SiteProfile["unknown"]];
    return undefined;
  }

  agent(role: string): AgentRole {
    if (!["A", "B", "C"].includes(role))
      throw new KitError("CTIPSKIT_E_CHECK_INPUT", `no agent role '${role}': the roles are A, B and C`);
    const a = this.site.agents[role as "A" | "B" | "C"];
    if (!a) throw new SkipScenario(`the site profile names no agent ${role} (site.agents.${role})`);
    return a;
  }

  /** The agent's id: from the site profile, else learned from its AgentLoginStateChange. */
  agentId(role: string): number {
    const learned = this.vars.get(`$agent${role}`);
    if (typeof learned === "number") return learned;
    const a = this.agent(role);
    if (a.agentId !== undefined) return a.agentId;
    throw new KitError("CTIPSKIT_E_CHECK_INPUT", `agent ${role}'s id is not known yet`, {
      fix: "log the agent in first",
    });
  }

  /** Rows `| field | value |` → args, values resolved. */
  args(rows: string[][]): Record<string, Value> {
    return Object.fromEntries(rows.map(([k, v]) => [k.trim(), this.value(v)]));
  }

  // ---------------------------------------------------------------- agents

  /**
   * Sends LoginAgent for the role's agent at its station; a refusal throws, naming it.
   * Returns the timeline position before the request (to wait for its events from).
   */
  async sendLogin(role: string, initState: string): Promise<{ since: number; requestId?: number }> {
    const a = this.agent(role);
    const since = this.client?.timeline.length ?? 0;
    const o = await this.send("LoginAgent", {
      AgentLoginName: a.loginName,
      StationId: a.station,
      InitState: initState,
      MultiLine: 0,
    });
    if (!o.ok)
      throw new Error(
        `agent ${role} (${a.loginName}) could not be logged in: LoginAgent was refused with ${describeOutcome(o)}`,
      );
    return { since, requestId: o.requestId };
  }

  /** Waits for the agent's AgentLoginStateChange (AgentLoggedIn) since `since`; learns and returns its AgentId. */
  async awaitLoggedIn(role: string, login: { since: number; requestId?: number }): Promise<number> {
    const ls = await this.waitForEvent(
      "AgentLoginStateChange",
      { AgentLoginName: this.agent(role).loginName, LoginState: "AgentLoggedIn" },
      "default",
      login.since,
      { requestId: login.requestId, what: `agent ${role} (${this.agent(role).loginName}) to be logged in` },
    );
    const id = (ls.payload as { AgentId: number }).AgentId;
    this.vars.set(`$agent${role}`, id);
    return id;
  }

  // ---------------------------------------------------------------- waiting for events

  /**
   * Waits for an event of `type` on a session whose fields match `where` (values already
   * resolved). Ends at once when the request it waits for (`where.RequestId`, or
   * `o.requestId`) is refused: a fault, or its failure event when `type` is not one.
   */
  waitForEvent(
    type: string,
    where: Record<string, Value> = {},
    sessionName = "default",
    since = 0,
    o: { requestId?: number; what?: string } = {},
  ): Promise<TimelineEntry> {
    return this.pollEvent(type, where, sessionName, since, o, (events) =>
      events.find((e) => matchesAll(e, where)),
    );
  }

  /**
   * Polls the session's events of `type` from `since` until `decide` picks one, the
   * awaited request is refused, or the event timeout passes.
   */
  private async pollEvent(
    type: string,
    where: Record<string, Value>,
    sessionName: string,
    since: number,
    o: { requestId?: number; what?: string },
    decide: (events: TimelineEntry[], final: boolean) => TimelineEntry | undefined,
  ): Promise<TimelineEntry> {
    const session = this.session(sessionName);
    const what = o.what ?? `${type}${Object.keys(where).length ? ` with ${JSON.stringify(where)}` : ""}`;
    const rid =
      o.requestId ??
      (typeof where.RequestId === "number" && where.RequestId !== 0 ? where.RequestId : undefined);
    let deadline = Date.now() + this.parameters.eventTimeoutMs;
    const routed = type === "RouteUsed" || type === "CTIRouteUsed";
    for (;;) {
      // Default routing comes after the route timeout the CTIPS announced in RouteRequest
      // (EDK 4-23, 4-24; seconds, a site's setting): wait that long, then the event timeout.
      if (routed) deadline = Math.max(deadline, this.routeTimeoutDeadline(session, since, where.CallId));
      const final = Date.now() > deadline;
      const found = decide(
        session.events({ since }).filter((e) => e.name === type || e.eventType === type),
        final,
      );
      if (found) {
        this.lastEvent = found;
        return found;
      }
      const refused = rid === undefined ? undefined : this.refusalOfRequestId(session, rid, type);
      if (refused)
        throw new Error(
          `expected ${what}; the target refused the request (RequestId ${rid}) with ${describeRefusal(refused)}`,
        );
      if (final) {
        const seen = session.events({ since }).map(brief);
        throw new Error(
          `expected ${what} within ${this.parameters.eventTimeoutMs} ms; the session received: ${seen.join(", ") || "nothing"}`,
        );
      }
      await sleep(5);
    }
  }

  /** When a RouteUsed for `callId` is overdue: its RouteRequest's time + RouteTimeout + the event timeout (0 without one). */
  private routeTimeoutDeadline(session: ClientSession, since: number, callId: Value): number {
    const rq = session
      .events({ since })
      .find((e) => e.name === "RouteRequest" && (typeof callId !== "number" || e.callId === callId));
    const seconds = (rq?.payload as { RouteTimeout?: unknown } | undefined)?.RouteTimeout;
    if (!rq || typeof seconds !== "number") return 0;
    return Date.parse(rq.wall) + seconds * 1000 + this.parameters.eventTimeoutMs;
  }

  /** How the session's request with this RequestId was refused, if it was (and `awaited` is not its failure event). */
  private refusalOfRequestId(session: ClientSession, rid: number, awaited: string): Refusal | undefined {
    if (FAILURE_TYPES.has(awaited)) return undefined;
    const request = this.timeline.find(
      (e) => e.kind === "request" && e.requestId === rid && e.session === session.sessionId,
    );
    if (!request) return undefined;
    const st = refusalOf(this.timeline, request.seq);
    return st.state === "refused" ? st.refusal : undefined;
  }

  /**
   * A field table's event: `| field | value |` rows are normative, rows with a third cell
   * `reading:<id>` are the kit's readings. Waits for an event matching every row; one
   * matching the normative rows only, with the timeline quiet for the quiet time after it,
   * passes with a warning for each reading it breaks.
   */
  async awaitEvent(
    type: string,
    rows: FieldRow[],
    sessionName = "default",
    since = 0,
  ): Promise<TimelineEntry> {
    const normative = Object.fromEntries(
      rows.filter((r) => !r.reading).map((r) => [r.field, this.value(r.value)]),
    );
    const readings = rows.filter((r) => r.reading);
    if (!readings.length) return this.waitForEvent(type, normative, sessionName, since);
    for (const r of readings) reading(r.reading!);
    const wanted = readings.map((r) => ({ ...r, want: this.value(r.value) }));
    const all = { ...normative, ...Object.fromEntries(wanted.map((r) => [r.field, r.want])) };
    const quiet = this.quietness();
    const event = await this.pollEvent(type, normative, sessionName, since, {}, (events, final) => {
      const full = events.find((e) => matchesAll(e, all));
      if (full) return full;
      const near = events.find((e) => matchesAll(e, normative));
      return near && (quiet() || final) ? near : undefined;
    });
    const p = event.payload as Record<string, unknown>;
    for (const r of wanted)
      if (!sameValue(p[r.field], r.want))
        this.readingNotHeld(
          r.reading!,
          `${type} #${event.seq}: ${r.field} is ${JSON.stringify(p[r.field])}, the kit expects ${JSON.stringify(r.want)}`,
        );
    return event;
  }

  /**
   * A probe that says whether the scenario's exchanges have been still for the quiet time
   * (heartbeats do not count: they never stop while a session is online).
   */
  quietness(): () => boolean {
    const lastSeq = () => {
      const t = this.timeline;
      for (let i = t.length - 1; i >= 0; i--) if (QUIET_KINDS.has(t[i].kind)) return t[i].seq;
      return -1;
    };
    let seen = lastSeq();
    let changed = Date.now();
    return () => {
      const now = lastSeq();
      if (now !== seen) {
        seen = now;
        changed = Date.now();
      }
      return Date.now() - changed >= this.parameters.quietMs;
    };
  }

  /**
   * Waits, up to the event timeout, until the default session's events follow the flow
   * table (docs/checks.md), binding the variables it names ($call, $r); else throws the
   * matcher's explanation. Rows marked as readings: when only the normative part holds
   * (and the timeline is quiet), a warning per reading. Ends at once when a request of the
   * scenario is refused by a failure event the table does not expect.
   */
  async awaitFlow(name: string, rows: string[][]): Promise<void> {
    const flow = parseFlowTable(name, rows);
    const readings = flowReadings(flow);
    for (const id of readings) reading(id);
    const normative = readings.length ? withoutReadings(flow) : undefined;
    const expected = new Set(
      flow.steps
        .flatMap((s) => [...(s.alternatives ?? []), ...(s.event ? [s.event] : [])])
        .map((n) => canonicalEventType(n) ?? n),
    );
    const bindings: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of this.vars)
      if (typeof v !== "object" && v !== undefined) bindings[k.slice(1)] = v as string | number | boolean;
    const session = this.session().sessionId;
    const quiet = this.quietness();
    const deadline = Date.now() + this.parameters.eventTimeoutMs;
    // The match the step ends with goes to the report: the sequence diagram overlays it.
    const keep = (x: FlowMatch) => this.attach(JSON.stringify(x), FLOW_MATCH_MEDIA_TYPE);
    for (;;) {
      const m = matchFlow(flow, this.timeline, { bindings, session });
      if (m.ok) {
        keep(m);
        this.bind(m.bindings);
        return;
      }
      const n = normative && matchFlow(normative, this.timeline, { bindings, session });
      if (n?.ok && quiet()) {
        keep(m);
        this.bind(n.bindings);
        for (const id of readings) this.readingNotHeld(id, `flow "${name}": ${m.text}`);
        return;
      }
      const stray = this.unexpectedFailure(session, expected);
      if (stray) {
        keep(n || m);
        throw new Error(`${stray}\n${(n || m).text}`);
      }
      if (Date.now() > deadline) {
        keep(n || m);
        throw new Error((n || m).text);
      }
      await sleep(25);
    }
  }

  private bind(b: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(b)) if (!k.startsWith("__")) this.vars.set(`$${k}`, v as Value);
  }

  /** A failure event answering one of this scenario's requests that `expected` does not name. */
  private unexpectedFailure(session: string, expected: Set<string>): string | undefined {
    const requests = new Map<number, string>();
    for (const e of this.timeline)
      if (e.kind === "request" && e.session === session && e.requestId)
        requests.set(e.requestId, e.name ?? "");
    const f = this.timeline.find(
      (e) =>
        e.kind === "event" &&
        e.session === session &&
        FAILURE_TYPES.has(e.name ?? "") &&
        !expected.has(canonicalEventType(e.name ?? "") ?? e.name ?? "") &&
        e.requestId !== undefined &&
        requests.has(e.requestId),
    );
    if (!f) return undefined;
    const p = f.payload as { FailureType?: string; FailureReason?: string };
    return `the target answered ${requests.get(f.requestId!)} (RequestId ${f.requestId}) with ${f.name} ${p.FailureType ?? ""}${p.FailureReason ? ` (${p.FailureReason})` : ""}`.trim();
  }

  // ---------------------------------------------------------------- refusals

  /**
   * The last request was refused (EDK 2-4): a fault of any kind, a refusing result, or its
   * failure event. `code` is the kit's reading of which FaultErrorCode (or FailureType)
   * the refusal names: a different one is a warning (reading fault-error-code).
   */
  async awaitRefusal(code?: string): Promise<Refusal> {
    const o = this.last;
    if (!o) throw new KitError("CTIPSKIT_E_CHECK_INPUT", "no request was sent before 'is refused'");
    const seq = o.request.seq;
    const what = `${o.request.name}${o.requestId ? ` (RequestId ${o.requestId})` : ""}`;
    const deadline = Date.now() + this.parameters.eventTimeoutMs;
    const quiet = this.quietness();
    for (;;) {
      const st = refusalOf(this.timeline, seq);
      if (st.state === "refused") {
        this.checkRefusalCode(st.refusal, code);
        return st.refusal;
      }
      if (st.state === "unanswered" && st.answer)
        throw new Error(
          `expected ${what} to be refused; it was not answered: ${st.answer.code ?? ""} ${st.answer.message ?? ""}`,
        );
      if (st.state === "carried-out" && (st.evidence.kind !== "event" || quiet()))
        throw new Error(
          st.evidence.kind === "event"
            ? `expected ${what} to be refused, but the target carried it out: #${st.evidence.seq} ${brief(st.evidence)} carries its RequestId`
            : `expected ${what} to be refused, but it was accepted (${JSON.stringify(st.evidence.payload)})`,
        );
      if (Date.now() > deadline)
        throw new Error(
          `expected ${what} to be refused, but it was accepted and no failure event carried its RequestId within ${this.parameters.eventTimeoutMs} ms`,
        );
      await sleep(5);
    }
  }

  private checkRefusalCode(r: Refusal, code?: string): void {
    if (!code) return;
    const named = r.how === "fault" ? r.errorCode : r.how === "failure-event" ? r.failureType : undefined;
    if (named === code) return;
    this.readingNotHeld(
      "fault-error-code",
      `expected the refusal to name ${code}; the target refused with ${describeRefusal(r)}`,
    );
  }

  // ---------------------------------------------------------------- calls and sessions in flows

  /**
   * The agent takes the newest call presented to them (CallConnected) that they have not
   * answered: AcceptCall when ResponseRequired, else at the phone (trigger answer). $r is
   * AcceptCall's RequestId. @see EDK 2-1, EDK 3-12
   */
  async acceptPresentedCall(role: string): Promise<void> {
    const agentId = this.agentId(role);
    const session = this.session();
    const presented = await until(
      () => {
        const established = new Set(
          session
            .events({ type: "CallEstablished" })
            .filter((e) => e.agentId === agentId || (e.payload as { AgentId?: number }).AgentId === agentId)
            .map((e) => (e.payload as { CallId: number }).CallId),
        );
        return session
          .events({ type: "CallConnected" })
          .filter((e) => (e.payload as { AgentId: number }).AgentId === agentId)
          .filter((e) => !established.has((e.payload as { CallId: number }).CallId))
          .at(-1);
      },
      this.parameters.eventTimeoutMs,
      () => `no call was presented to agent ${role} (CallConnected with AgentId ${agentId})`,
    );
    const p = presented.payload as { CallId: number; ResponseRequired: boolean };
    let requestId: number | undefined;
    if (p.ResponseRequired) {
      const o = await this.send("AcceptCall", {
        AgentIdx: agentId,
        CallId: p.CallId,
        AcceptCall: true,
        RejectReasonCode: 0,
      });
      if (!o.ok) throw new Error(`AcceptCall was refused with ${describeOutcome(o)}`);
      requestId = o.requestId;
    } else {
      await this.trigger("answer", { loginName: this.agent(role).loginName });
    }
    await this.waitForEvent("CallEstablished", { CallId: p.CallId, AgentId: agentId }, "default", 0, {
      requestId,
    });
  }

  /**
   * One branch of a flow the guide lets a CTIPS take either way (E-9: reroute or fail the
   * transfer): the table is required only when the session received the event that opens
   * this branch with the request's RequestId; otherwise the step says so and passes, the
   * other branch's table judging.
   */
  async awaitBranch(type: string, rid: string, rows: string[][]): Promise<void> {
    const requestId = this.value(rid);
    if (
      !this.session()
        .events({ type })
        .some((e) => e.requestId === requestId)
    ) {
      this.attach(`not this branch: no ${type} with RequestId ${String(requestId)}`, "text/plain");
      return;
    }
    await this.awaitFlow(`branch after ${type}`, rows);
  }

  /** OffLine, OnLine or CloseConnection for a named session; a refusal fails the step. */
  async sessionGoes(name: string, what: string): Promise<void> {
    const s = this.session(name);
    const go = { offline: () => s.offline(), online: () => s.online(), closed: () => s.close() }[what];
    if (!go) throw new Error(`a session goes offline, online or closed, not '${what}'`);
    const o = await go();
    this.last = o;
    if (!o.ok) throw new Error(`session ${name} could not go ${what}: ${describeOutcome(o)}`);
  }

  /** A role the World does not know as a value: the target's tenant (and another), the site's disposition id. */
  roleOrValue(text: string): Value {
    const t = text.trim();
    if (t === "the target's tenant") return this.parameters.target.tenantId;
    if (t === "another tenant") return this.parameters.target.tenantId + 1;
    if (t === "the site's disposition id") return this.site.dispositionId;
    return this.value(t);
  }

  /** The session features' behaviours: heartbeats, the cap, connections, snapshots. */
  get rules(): SessionRules {
    this.sessionRules ??= new SessionRules(this);
    return this.sessionRules;
  }
  private sessionRules: SessionRules | undefined;

  // ---------------------------------------------------------------- triggers

  /** Runs a trigger, or skips the scenario with the reason it cannot run; records what it changes. */
  async trigger<N extends TriggerName>(name: N, params: TriggerParams[N]): Promise<{ callId?: number }> {
    const why = this.triggers.unavailable(name);
    if (why) throw new SkipScenario(`trigger '${name}' unavailable: ${why}`);
    this.touch();
    const p = params as Record<string, unknown>;
    if (name === "service-state" && !this.changes.services.has(p.serviceId as number))
      this.changes.services.set(
        p.serviceId as number,
        this.parameters.startState?.services[String(p.serviceId)] ?? "Active",
      );
    if (name === "link") {
      if (p.state === "down") this.changes.linksDown.add(String(p.component));
      else this.changes.linksDown.delete(String(p.component));
    }
    if (name === "gateway-passcode") this.changes.passcodeOn = p.required === true;
    const r = await this.triggers.run(name, params);
    if (r.callId !== undefined) this.changes.callIds.add(r.callId);
    return r;
  }

  // ---------------------------------------------------------------- teardown

  /**
   * Leaves the target as the scenario found it, through the protocol and the triggers:
   * the scenario's sessions closed, then (when it changed anything) the site restored to
   * its known start state. Returns the note for the report; never throws.
   */
  async teardown(): Promise<Note & { kind: "teardown" }> {
    const actions: string[] = [];
    const client = this.client;
    if (!client) return { kind: "teardown", ok: true, message: "nothing to undo", actions };
    try {
      for (const id of this.changes.rawSessions) {
        const o = await client.sendRaw("CloseConnection", { SessionId: id }).catch((e: Error) => e);
        actions.push(
          `CloseConnection ${id}: ${o instanceof Error ? o.message : o.ok ? "closed" : describeOutcome(o)}`,
        );
      }
      // The session that saw everything restores the site; the others close first.
      const observer = this.changes.touched ? this.observer() : undefined;
      for (const s of client.sessions)
        if (s !== observer && s.state !== "closed") await s.close().catch(() => undefined);
      if (!this.changes.touched) return { kind: "teardown", ok: true, message: "sessions closed", actions };
      const report = await restoreSite({
        client,
        session: observer,
        site: this.site,
        triggers: this.triggers,
        waitMs: this.parameters.eventTimeoutMs,
        quietMs: this.parameters.quietMs,
        budgetMs: this.parameters.teardownTimeoutMs,
        observe: {
          state: () => siteFromEvents(client.timeline.entries, this.site),
          trust: observer !== undefined,
        },
        services: this.changes.services,
        linksDown: [...this.changes.linksDown],
        passcodeOn: this.changes.passcodeOn,
      });
      if (observer && observer.state !== "closed") await observer.close().catch(() => undefined);
      actions.push(...report.actions);
      return report.remaining.length
        ? {
            kind: "teardown",
            ok: false,
            message: `the target could not be brought back to its start state: ${report.remaining.join("; ")}`,
            actions,
          }
        : {
            kind: "teardown",
            ok: true,
            message: `site restored (${observer ? "from the scenario's events" : "by Snapshot"})`,
            actions,
          };
    } catch (err) {
      return {
        kind: "teardown",
        ok: false,
        message: `the teardown failed: ${(err as Error).message}`,
        actions,
      };
    } finally {
      await client.close().catch(() => undefined);
    }
  }
}

function matchesAll(e: TimelineEntry, where: Record<string, Value>): boolean {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  return Object.entries(where).every(([k, x]) => sameValue(p[k], x));
}

function brief(e: TimelineEntry): string {
  return `#${e.seq} ${e.name}${e.callId ? ` call ${e.callId}` : ""}${e.requestId ? ` rid ${e.requestId}` : ""}`;
}

export function describeOutcome(o: SendOutcome): string {
  return o.ok
    ? `the result ${JSON.stringify(o.result)}`
    : `${o.fault.detail?.ErrorCode ?? o.fault.faultcode}: ${o.fault.detail?.Message ?? o.fault.faultstring}`;
}

/** Loose equality for table values: numbers and numeric strings, enum names, arrays. */
export function sameValue(actual: unknown, expected: Value): boolean {
  if (expected === undefined) return actual === undefined;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((x, i) => sameValue(actual[i], x))
    );
  }
  if (typeof expected === "number" && typeof actual === "string") return actual === String(expected);
  return actual === expected;
}
