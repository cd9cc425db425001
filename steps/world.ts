/**
 * The Cucumber World: owns one scenario's recording client, sessions, variables and
 * triggers. Step definitions parse Gherkin and call these methods; nothing here knows
 * Gherkin (style.md #8).
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { type IWorldOptions, World } from "@cucumber/cucumber";
import { matchFlow, parseFlowTable } from "../src/checks/index.ts";
import { KitError } from "../src/contract/errors.ts";
import type { TimelineEntry } from "../src/timeline/entry.ts";
import { createRecordingClient } from "../src/mock-client/index.ts";
import type { ClientSession, RecordingClient, SendOutcome } from "../src/mock-client/types.ts";
import type { AgentRole, SiteProfile, WorldParameters } from "../src/runner/params.ts";
import {
  createTriggers,
  type TriggerName,
  type TriggerParams,
  type Triggers,
} from "../src/runner/triggers.ts";

export type Value = string | number | boolean | null | Value[] | undefined;

/** Thrown by a step whose trigger cannot run here: the scenario is skipped with the reason. */
export class SkipScenario extends Error {}

const CATEGORY: Record<string, string> = {
  agent: "EventCategoryAgent",
  call: "EventCategoryCall",
  route: "EventCategoryRoute",
  system: "EventCategorySystem",
};

export class CtipsWorld extends World<WorldParameters> {
  client: RecordingClient | undefined;
  readonly sessions = new Map<string, ClientSession>();
  readonly vars = new Map<string, Value>();
  last: SendOutcome | undefined;
  lastError: KitError | undefined;
  lastEvent: TimelineEntry | undefined;
  readonly triggers: Triggers;
  readonly workDir: string;

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

  async ensureClient(): Promise<RecordingClient> {
    if (this.client) return this.client;
    const p = this.parameters;
    this.client = await createRecordingClient({
      target: p.target.endpoint,
      wsdl: p.target.wsdl,
      profile: p.target.profile,
      credentials: p.target.credentials,
      tenantId: p.target.tenantId,
      tls: p.target.tls,
      callback: {
        host: p.callback.host,
        port: p.callback.port,
        path: p.callback.path,
        publicUrl: p.callback.publicUrl,
      },
      requestTimeoutMs: p.eventTimeoutMs * 2,
    });
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
    const s = await client.openSession({
      categories: o.categories ?? [],
      filters: o.filters,
      online: o.online,
    });
    this.sessions.set(name, s);
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
    this.last = await this.session(sessionName).send(op, clean);
    this.remember(op);
    return this.last;
  }

  /** Sends exactly these args, nothing filled in (negative tests). */
  async sendRaw(op: string, args: Record<string, Value>): Promise<SendOutcome> {
    const client = await this.ensureClient();
    const clean = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    this.last = await client.sendRaw(op, clean);
    this.remember(op);
    return this.last;
  }

  private remember(op: string): void {
    const rid = this.last?.requestId;
    if (rid !== undefined) {
      this.vars.set("$r", rid);
      this.vars.set(`$r:${op}`, rid);
    }
  }

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
    if (service) return this.site.services[service[1] as keyof SiteProfile["services"]];
    const unknown = /^an unknown (loginName|agentId|callId|serviceId)$/.exec(t);
    if (unknown) return this.site.unknown[unknown[1] as keyof SiteProfile["unknown"]];
    return undefined;
  }

  agent(role: string): AgentRole {
    const a = this.site.agents[role as "A" | "B" | "C"];
    if (!a) throw new KitError("CTIPSKIT_E_CHECK_INPUT", `no agent role '${role}' in the site profile`);
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

  /**
   * Sends LoginAgent for the role's agent at its station; a refusal throws, naming the
   * fault. Returns the timeline position before the request (to wait for its events from).
   */
  async sendLogin(role: string, initState: string): Promise<number> {
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
        `LoginAgent for agent ${role} was refused: ${o.fault.detail?.ErrorCode ?? o.fault.faultcode}`,
      );
    return since;
  }

  /** Waits for the agent's AgentLoginStateChange (AgentLoggedIn) since `since`; learns and returns its AgentId. */
  async awaitLoggedIn(role: string, since: number): Promise<number> {
    const ls = await this.waitForEvent(
      "AgentLoginStateChange",
      { AgentLoginName: this.agent(role).loginName, LoginState: "AgentLoggedIn" },
      "default",
      since,
    );
    const id = (ls.payload as { AgentId: number }).AgentId;
    this.vars.set(`$agent${role}`, id);
    return id;
  }

  /** Rows `| field | value |` → args, values resolved. */
  args(rows: string[][]): Record<string, Value> {
    return Object.fromEntries(rows.map(([k, v]) => [k.trim(), this.value(v)]));
  }

  /** Waits for an event of `type` on a session whose fields match `where` (values already resolved). */
  async waitForEvent(
    type: string,
    where: Record<string, Value> = {},
    sessionName = "default",
    since = 0,
  ): Promise<TimelineEntry> {
    const match = (v: Record<string, unknown>) => Object.entries(where).every(([k, x]) => sameValue(v[k], x));
    try {
      const e = await this.session(sessionName).waitForEvent(
        { type, where: match },
        this.parameters.eventTimeoutMs,
        since,
      );
      this.lastEvent = e;
      return e;
    } catch (err) {
      const seen = this.session(sessionName)
        .events({ since })
        .map(
          (e) =>
            `#${e.seq} ${e.name}${e.callId ? ` call ${e.callId}` : ""}${e.requestId ? ` rid ${e.requestId}` : ""}`,
        );
      throw new Error(
        `expected ${type}${Object.keys(where).length ? ` with ${JSON.stringify(where)}` : ""} within ${this.parameters.eventTimeoutMs} ms; the session received: ${seen.join(", ") || "nothing"}`,
        { cause: err },
      );
    }
  }

  /** Runs a trigger, or skips the scenario with the reason it cannot run. */
  /**
   * Waits, up to the event timeout, until the default session's events follow the flow
   * table (docs/checks.md), binding the variables it names ($call, $r); else throws the
   * matcher's explanation. Variables already bound in the scenario are known to it.
   */
  async awaitFlow(name: string, rows: string[][]): Promise<void> {
    const flow = parseFlowTable(name, rows);
    const bindings: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of this.vars)
      if (typeof v !== "object" && v !== undefined) bindings[k.slice(1)] = v as string | number | boolean;
    const session = this.session().sessionId;
    const deadline = Date.now() + this.parameters.eventTimeoutMs;
    for (;;) {
      const m = matchFlow(flow, this.timeline, { bindings, session });
      if (m.ok) {
        for (const [k, v] of Object.entries(m.bindings)) if (!k.startsWith("__")) this.vars.set(`$${k}`, v);
        return;
      }
      if (Date.now() > deadline) throw new Error(m.text);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async trigger<N extends TriggerName>(name: N, params: TriggerParams[N]): Promise<{ callId?: number }> {
    const why = this.triggers.unavailable(name);
    if (why) throw new SkipScenario(`trigger '${name}' unavailable: ${why}`);
    return this.triggers.run(name, params);
  }

  async cleanup(): Promise<void> {
    await this.client?.close().catch(() => undefined);
  }
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
