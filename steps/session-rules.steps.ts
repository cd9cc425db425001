/**
 * Steps of the session features (features/session/: heartbeats, the session cap, tenant,
 * credentials, message classes, filters, offline gating, snapshots, link status) and the
 * flow features' helpers (features/flows/: variables bound from the site profile, an agent
 * accepting the call presented to them). Thin: they drive the recording client and the
 * World, and judge with the kit's checks (src/checks) bound to the target's configuration.
 * @see EDK 1-3, 3-1 … 3-6, 4-1, 5-1 … 5-6
 */
import { type DataTable, Given, Then, When } from "@cucumber/cucumber";
import {
  CATALOGUE,
  type Check,
  heartbeatsKeepTheConfiguredInterval,
  runCatalogue,
  runCheck,
  type SnapshotStateParams,
  sessionCountNeverExceedsCap,
  sessionDisposedAfterExactlyNMissedHeartbeats,
  snapshotAgreesWithTheState,
  snapshotEndsWithCompletionFlagPerEntityType,
} from "../src/checks/index.ts";
import type { CallbackBehaviour, SendOutcome } from "../src/mock-client/types.ts";
import type { TimelineEntry } from "../src/timeline/entry.ts";
import { step } from "./support.ts";
import type { CtipsWorld, Value } from "./world.ts";

// ------------------------------------------------------------------ helpers

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value or `timeoutMs` passes (then throws `what`). */
async function until<T>(probe: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what()} within ${timeoutMs} ms`);
    await sleep(10);
  }
}

function intervalMs(world: CtipsWorld): number {
  return world.parameters.target.heartbeatIntervalMs;
}

function entries(world: CtipsWorld): readonly TimelineEntry[] {
  return world.client?.timeline.entries ?? [];
}

function describeFault(o: SendOutcome): string {
  return o.ok
    ? `the result ${JSON.stringify(o.result)}`
    : `${o.fault.detail?.ErrorCode ?? o.fault.faultcode}: ${o.fault.detail?.Message ?? o.fault.faultstring}`;
}

/** Role names the World does not know: the target's tenant (and another), the site's disposition id. */
function resolve(world: CtipsWorld, text: string): Value {
  const t = text.trim();
  if (t === "the target's tenant") return world.parameters.target.tenantId;
  if (t === "another tenant") return world.parameters.target.tenantId + 1;
  if (t === "the site's disposition id") return world.site.dispositionId;
  return world.value(t);
}

/**
 * Runs one check over the scenario's recording with the target's configuration and
 * requires it to pass: a harness fault (nothing to judge) fails the scenario's set-up.
 */
function mustPass<P>(world: CtipsWorld, check: Check<P>, clause: string, params: P): void {
  const findings = runCheck(
    check as Check<unknown>,
    { severity: "failure", clause },
    world.timeline,
    params as unknown,
  );
  const bad = findings.filter((f) => f.outcome !== "pass");
  world.attach(
    findings.map((f) => `${f.check} [${f.clause}] ${f.outcome}: ${f.message}`).join("\n"),
    "text/plain",
  );
  if (bad.length)
    throw new Error(
      bad
        .map(
          (f) => `${f.check} [${f.clause}] ${f.outcome}: ${f.message} (evidence #${f.evidence.join(", #")})`,
        )
        .join("\n"),
    );
}

/** Per-scenario state of these steps (the World stays free of it). */
interface RuleState {
  /** Timeline length when the client's heartbeat behaviour last changed. */
  heartbeatSince: number;
  /** Sessions opened to reach the cap, by name. */
  capSessions: string[];
}
const states = new WeakMap<CtipsWorld, RuleState>();
function state(world: CtipsWorld): RuleState {
  let s = states.get(world);
  if (!s) {
    s = { heartbeatSince: 0, capSessions: [] };
    states.set(world, s);
  }
  return s;
}

// ------------------------------------------------------------------ variables

/** A role's value bound to a variable for tables and flow tables (`"the second service"` → $second). */
Given(
  "{string} is bound to {word}",
  step(function (this: CtipsWorld, role: string, name: string) {
    this.vars.set(name, resolve(this, role));
  }),
);

/** The same as text: DestinationAddress and FieldValue are strings even when they name a service. */
Given(
  "{string} is bound to {word} as text",
  step(function (this: CtipsWorld, role: string, name: string) {
    this.vars.set(name, String(resolve(this, role)));
  }),
);

// ------------------------------------------------------------------ calls in flows

/**
 * The agent takes the newest call presented to them (CallConnected) that they have not
 * answered: AcceptCall when ResponseRequired, else at the phone. $r is AcceptCall's RequestId.
 * @see EDK 2-1, EDK 3-12
 */
When(
  "agent {word} accepts the call presented to them",
  step(async function (this: CtipsWorld, role: string) {
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
    if (p.ResponseRequired) {
      const o = await this.send("AcceptCall", {
        AgentIdx: agentId,
        CallId: p.CallId,
        AcceptCall: true,
        RejectReasonCode: 0,
      });
      if (!o.ok) throw new Error(`AcceptCall was refused: ${describeFault(o)}`);
    } else {
      await this.trigger("answer", { loginName: this.agent(role).loginName });
    }
    await this.waitForEvent("CallEstablished", { CallId: p.CallId, AgentId: agentId });
  }),
);

/**
 * One branch of a flow the guide lets a CTIPS take either way (E-9: reroute or fail the
 * transfer): the table is required only when the session received the event that opens
 * this branch with the request's RequestId; otherwise the step says so and passes, the
 * other branch's table judging. Matching as "the session receives, in order:" does.
 */
Then(
  "if the session received {word} with RequestId {word}, it receives, in order:",
  step(async function (this: CtipsWorld, type: string, rid: string, table: DataTable) {
    const requestId = this.value(rid);
    const taken = this.session()
      .events({ type })
      .some((e) => e.requestId === requestId);
    if (!taken) {
      this.attach(`not this branch: no ${type} with RequestId ${String(requestId)}`, "text/plain");
      return;
    }
    await this.awaitFlow(`branch after ${type}`, table.raw());
  }),
);

// ------------------------------------------------------------------ named sessions

/** OffLine, OnLine or CloseConnection for a named session; a refusal fails the step. */
When(
  "session {word} goes {word}",
  step(async function (this: CtipsWorld, name: string, what: string) {
    const s = this.session(name);
    const go = { offline: () => s.offline(), online: () => s.online(), closed: () => s.close() }[what];
    if (!go) throw new Error(`a session goes offline, online or closed, not '${what}'`);
    const o = await go();
    this.last = o;
    if (!o.ok) throw new Error(`session ${name} could not go ${what}: ${describeFault(o)}`);
  }),
);

function eventsOf(world: CtipsWorld, name: string): TimelineEntry[] {
  return world.session(name).events();
}

function list(es: readonly TimelineEntry[]): string {
  return es
    .slice(0, 10)
    .map(
      (e) =>
        `#${e.seq} ${e.name}${e.agentId ? ` agent ${e.agentId}` : ""}${e.callId ? ` call ${e.callId}` : ""}`,
    )
    .join(", ");
}

/** Nothing reached the session since it was opened, after letting deliveries in flight land. */
Then(
  "session {word} has received no events",
  step(async function (this: CtipsWorld, name: string) {
    await sleep(this.parameters.quietMs);
    const got = eventsOf(this, name);
    if (got.length)
      throw new Error(`expected session ${name} to have received no event, got ${got.length}: ${list(got)}`);
  }),
);

/** Every event the session received is of this category (agent, call, route, system), and there was one. @see EDK 3-4 */
Then(
  "session {word} has received only {word} events",
  step(async function (this: CtipsWorld, name: string, category: string) {
    await sleep(this.parameters.quietMs);
    const [wanted] = this.categories(category);
    const all = eventsOf(this, name);
    if (!all.length) throw new Error(`session ${name} received no event at all; expected ${wanted} events`);
    const strays = all.filter((e) => (e.payload as { EventCategory?: string }).EventCategory !== wanted);
    if (strays.length)
      throw new Error(
        `session ${name} subscribed to ${wanted} received ${strays.length} other events: ${list(strays)}`,
      );
  }),
);

/** No event reached the session between OffLine's answer and the next OnLine request. @see EDK 5-3 */
Then(
  "session {word} received no events while offline",
  step(async function (this: CtipsWorld, name: string) {
    await sleep(this.parameters.quietMs);
    const s = this.session(name);
    const mine = entries(this).filter((e) => e.session === s.sessionId);
    const strays: TimelineEntry[] = [];
    let offlineFrom: number | undefined;
    let windows = 0;
    for (const e of mine) {
      if (e.kind === "response" && e.name === "OffLine") {
        offlineFrom = e.seq;
        windows++;
      } else if (e.kind === "request" && e.name === "OnLine") offlineFrom = undefined;
      else if (e.kind === "event" && offlineFrom !== undefined) strays.push(e);
    }
    if (!windows) throw new Error(`session ${name} never went offline`);
    if (strays.length)
      throw new Error(`session ${name} received ${strays.length} events while offline: ${list(strays)}`);
  }),
);

// ------------------------------------------------------------------ tenant and credentials

/**
 * OpenConnection sent raw (the recording client's openSession would throw on a refusal),
 * its outcome kept as the last request's. A session it unexpectedly opens is closed again
 * at once, without replacing that outcome.
 */
async function openConnection(
  world: CtipsWorld,
  o: { tenantIds?: number[]; userName?: string; password?: string },
): Promise<void> {
  const client = await world.ensureClient();
  const { credentials, tenantId } = world.parameters.target;
  const outcome = await client.sendRaw("OpenConnection", {
    TenantIds: o.tenantIds ?? [tenantId],
    UserCredentials: {
      UserName: o.userName ?? credentials.userName,
      Password: o.password ?? credentials.password,
    },
    // A path of the client's callback service no session holds: a stray callback is recorded, not attributed.
    ClientCallbackURL: `${client.callbackUrl}/unattributed`,
  });
  world.last = outcome;
  const granted = outcome.ok ? (outcome.result as { SessionId?: unknown } | null)?.SessionId : undefined;
  if (typeof granted === "string" && granted !== "")
    await client.sendRaw("CloseConnection", { SessionId: granted }).catch(() => undefined);
}

/** `its own, another` → [tenant, another tenant]; numbers as given; "" → []. @see EDK 3-1 */
When(
  "the client opens a connection naming the tenants {string}",
  step(async function (this: CtipsWorld, text: string) {
    const own = this.parameters.target.tenantId;
    const tenantIds = text
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => (t === "its own" ? own : t === "another" ? own + 1 : Number(t)));
    await openConnection(this, { tenantIds });
  }),
);

When(
  "the client opens a connection with the password {string}",
  step(async function (this: CtipsWorld, password: string) {
    await openConnection(this, { password });
  }),
);

When(
  "the client opens a connection as the user {string}",
  step(async function (this: CtipsWorld, userName: string) {
    await openConnection(this, { userName });
  }),
);

/** The guide's form of a refused OpenConnection: no SessionId, a status other than success. @see EDK 3-2 */
Then(
  "the connection is refused with the status {word} and no SessionId",
  step(function (this: CtipsWorld, status: string) {
    const o = this.last;
    if (!o) throw new Error("no request was sent");
    if (!o.ok)
      throw new Error(
        `expected a SessionObject with the status ${status}, got the fault ${describeFault(o)}`,
      );
    const r = (o.result ?? {}) as { SessionId?: unknown; Response?: unknown };
    if (r.SessionId !== null && r.SessionId !== undefined && r.SessionId !== "")
      throw new Error(`expected no SessionId, got ${JSON.stringify(r.SessionId)}`);
    if (r.Response !== status)
      throw new Error(`expected the status ${status}, got ${JSON.stringify(r.Response)}`);
  }),
);

// ------------------------------------------------------------------ the session cap

/** Opens sessions (no message class, not online) until the target's cap is reached. @see EDK 1-3 */
Given(
  "the target's maximum number of sessions are open",
  step(async function (this: CtipsWorld) {
    const { maxSessions } = this.parameters.target;
    const open = () => [...this.sessions.values()].filter((s) => s.state !== "closed").length;
    for (let n = 1; open() < maxSessions; n++) {
      const name = `cap${n}`;
      await this.openSession(name, { categories: [], online: false });
      state(this).capSessions.push(name);
    }
  }),
);

When(
  "one more session is opened",
  step(async function (this: CtipsWorld) {
    await openConnection(this, {});
  }),
);

When(
  "one of the sessions at the cap is closed",
  step(async function (this: CtipsWorld) {
    const name = state(this).capSessions.shift();
    if (!name) throw new Error("no session was opened to reach the cap");
    const o = await this.session(name).close();
    if (!o.ok) throw new Error(`CloseConnection was refused: ${describeFault(o)}`);
  }),
);

Then(
  "the recording keeps to the target's session cap",
  step(function (this: CtipsWorld) {
    mustPass(this, sessionCountNeverExceedsCap, "EDK 1-3", {
      maxSessions: this.parameters.target.maxSessions,
    });
  }),
);

// ------------------------------------------------------------------ heartbeats

function heartbeatsOf(world: CtipsWorld, sessionId: string, since: number): TimelineEntry[] {
  return entries(world).filter((e) => e.seq >= since && e.kind === "heartbeat" && e.session === sessionId);
}

/** Heartbeats the client did not answer with a result (fault, silence, hang-up), from `since`. */
function missedSince(world: CtipsWorld, sessionId: string, since: number): TimelineEntry[] {
  const beats = new Map(heartbeatsOf(world, sessionId, since).map((h) => [h.seq, h]));
  return entries(world)
    .filter((e) => e.replyTo !== undefined && beats.has(e.replyTo) && e.kind !== "callbackResponse")
    .map((e) => beats.get(e.replyTo!)!);
}

function behave(world: CtipsWorld, heartbeat: CallbackBehaviour["heartbeat"]): void {
  if (!world.client) throw new Error("no client: open a session first");
  world.client.behaviour.heartbeat = heartbeat;
  world.client.behaviour.heartbeatDelayMs = 0;
  state(world).heartbeatSince = world.client.timeline.length;
}

const HEARTBEAT_BEHAVIOURS: [string, CallbackBehaviour["heartbeat"]][] = [
  ["the client stops answering heartbeats", "ignore"],
  ["the client answers heartbeats with a SOAP fault", "fault"],
  ["the client drops the connection of every heartbeat", "close"],
  ["the client answers heartbeats again", "answer"],
];
for (const [text, heartbeat] of HEARTBEAT_BEHAVIOURS) {
  When(
    text,
    step(function (this: CtipsWorld) {
      behave(this, heartbeat);
    }),
  );
}

/** Faults exactly `n` heartbeats in a row, then answers again. */
When(
  "the client answers the next {int} heartbeat(s) with a SOAP fault",
  step(async function (this: CtipsWorld, n: number) {
    const id = this.session().sessionId;
    behave(this, "fault");
    const since = state(this).heartbeatSince;
    await until(
      () => (missedSince(this, id, since).length >= n ? true : undefined),
      (n + 2) * intervalMs(this) * 2 + this.parameters.eventTimeoutMs,
      () => `expected ${n} heartbeats to fault`,
    );
    behave(this, "answer");
  }),
);

/** Waits for `n` heartbeats from now (a real CTIPS at 30 s takes minutes: such scenarios are @slow). */
async function awaitHeartbeats(world: CtipsWorld, n: number): Promise<void> {
  const id = world.session().sessionId;
  const since = world.client!.timeline.length;
  await until(
    () => (heartbeatsOf(world, id, since).length >= n ? true : undefined),
    n * intervalMs(world) * 2 + world.parameters.eventTimeoutMs,
    () => `expected ${n} heartbeats for session ${id}, got ${heartbeatsOf(world, id, since).length}`,
  );
}

When(
  "the session stays online for {int} heartbeats",
  { timeout: 30 * 60_000 },
  step(async function (this: CtipsWorld, n: number) {
    await awaitHeartbeats(this, n);
  }),
);

Then(
  "the target sends the session {int} more heartbeat(s)",
  { timeout: 30 * 60_000 },
  step(async function (this: CtipsWorld, n: number) {
    await awaitHeartbeats(this, n);
  }),
);

Then(
  "the target sends the session no heartbeat for {int} heartbeat intervals",
  { timeout: 30 * 60_000 },
  step(async function (this: CtipsWorld, n: number) {
    const id = this.session().sessionId;
    const since = this.client!.timeline.length;
    await sleep(n * intervalMs(this));
    const got = heartbeatsOf(this, id, since);
    if (got.length)
      throw new Error(`expected no heartbeat for ${n} intervals, got ${got.length}: ${list(got)}`);
  }),
);

/**
 * Heartbeats keep the configured interval. Tolerances: the check's defaults relative to
 * the interval (mean ±10 %, p95 jitter 20 %, longest silence 1.5×), with absolute floors
 * for the embedded mock's millisecond intervals: there a loaded 2-core machine stalls the
 * event loop by a whole interval now and then (a fixed-rate server then skips a beat), so
 * the rhythm is judged by the mean (±25 ms) and the longest silence (interval + 250 ms).
 * A server at 1.5× or 0.5× the interval still fails. @see EDK 5-2
 */
Then(
  "the heartbeats keep the target's configured interval",
  step(function (this: CtipsWorld) {
    const ms = intervalMs(this);
    mustPass(this, heartbeatsKeepTheConfiguredInterval, "EDK 5-2", {
      intervalMs: ms,
      meanToleranceMs: Math.max(ms * 0.1, 25),
      p95JitterMs: Math.max(ms * 0.2, 100),
      maxGapMs: Math.max(ms * 1.5, ms + 250),
    });
  }),
);

/**
 * The configured number N of heartbeats went unanswered in a row since the behaviour
 * changed; then no more heartbeats come, a request naming the session is refused with
 * InvalidSessionId, and sessionDisposedAfterExactlyNMissedHeartbeats holds (not one
 * heartbeat after the Nth miss). @see EDK 4-1, EDK 5-2, EDK 1-4
 */
Then(
  "the session is disposed after exactly the target's configured number of missed heartbeats",
  { timeout: 30 * 60_000 },
  step(async function (this: CtipsWorld) {
    const { missedHeartbeats: n } = this.parameters.target;
    const ms = intervalMs(this);
    const id = this.session().sessionId;
    const since = state(this).heartbeatSince;
    await until(
      () => (missedSince(this, id, since).length >= n ? true : undefined),
      (n + 2) * ms * 2 + this.parameters.eventTimeoutMs,
      () => `expected ${n} missed heartbeats, got ${missedSince(this, id, since).length}`,
    );
    // Two intervals of silence: a heartbeat still due would have come.
    await sleep(2 * ms + this.parameters.quietMs);
    const o = await this.session().send("OnLine");
    this.last = o;
    if (o.ok || (o.fault.detail?.ErrorCode ?? o.fault.faultcode) !== "InvalidSessionId")
      throw new Error(
        `expected the disposed session to be refused with InvalidSessionId, got ${describeFault(o)}`,
      );
    mustPass(this, sessionDisposedAfterExactlyNMissedHeartbeats, "EDK 4-1", { missedLimit: n });
  }),
);

/**
 * For a client that stays silent the server learns of the Nth miss only when its answer
 * timeout runs out, which may be when the next heartbeat is due: one heartbeat sent at
 * that moment is tolerated (within 1.5 intervals of the Nth unanswered one), none after.
 */
Then(
  "the session is disposed once the last of the target's configured number of unanswered heartbeats times out",
  { timeout: 30 * 60_000 },
  step(async function (this: CtipsWorld) {
    const { missedHeartbeats: n } = this.parameters.target;
    const ms = intervalMs(this);
    const id = this.session().sessionId;
    const since = state(this).heartbeatSince;
    const missed = await until(
      () => {
        const m = missedSince(this, id, since);
        return m.length >= n ? m : undefined;
      },
      (n + 2) * ms * 2 + this.parameters.eventTimeoutMs,
      () => `expected ${n} unanswered heartbeats, got ${missedSince(this, id, since).length}`,
    );
    const nth = missed[n - 1];
    await sleep(3 * ms + this.parameters.quietMs);
    const after = heartbeatsOf(this, id, nth.seq + 1);
    const nthMs = nth.monoNs / 1e6;
    const late = after.filter((h, i) => i > 0 || h.monoNs / 1e6 - nthMs > 1.5 * ms);
    if (late.length)
      throw new Error(
        `expected heartbeats to stop after the ${n}th unanswered one (#${nth.seq}), got ${after.length} more: ${list(after)}`,
      );
    const o = await this.session().send("OnLine");
    this.last = o;
    if (o.ok || (o.fault.detail?.ErrorCode ?? o.fault.faultcode) !== "InvalidSessionId")
      throw new Error(
        `expected the disposed session to be refused with InvalidSessionId, got ${describeFault(o)}`,
      );
  }),
);

// ------------------------------------------------------------------ snapshots

function lastSnapshot(world: CtipsWorld): { requestId: number; types: string[] } {
  const s = world.session();
  const r = entries(world)
    .filter((e) => e.kind === "request" && e.name === "Snapshot" && e.session === s.sessionId)
    .at(-1);
  if (!r || r.requestId === undefined) throw new Error("the session sent no Snapshot");
  const types = (r.payload as { args: { EntityType?: unknown } }).args.EntityType;
  return { requestId: r.requestId, types: Array.isArray(types) ? types.map(String) : [] };
}

function updatesOf(world: CtipsWorld, requestId: number): TimelineEntry[] {
  return world
    .session()
    .events({ type: "SnapShotUpdate" })
    .filter((e) => e.requestId === requestId);
}

const complete = (u: TimelineEntry) => {
  const p = u.payload as { SnapShotTypeComplete?: boolean; SnapShotComplete?: boolean };
  return p.SnapShotTypeComplete === true || p.SnapShotComplete === true;
};

/**
 * Waits for the completion flag of every entity type the last Snapshot asked for, then
 * judges the updates with snapshotEndsWithCompletionFlagPerEntityType. @see EDK 4-27, EDK 5-3
 */
Then(
  "the snapshot delivers every requested entity type up to its completion flag",
  step(async function (this: CtipsWorld) {
    const { requestId, types } = lastSnapshot(this);
    await until(
      () => {
        const updates = updatesOf(this, requestId);
        return types.every((t) =>
          updates.some((u) => (u.payload as { SnapShotType?: string }).SnapShotType === t && complete(u)),
        )
          ? true
          : undefined;
      },
      this.parameters.eventTimeoutMs,
      () => `expected SnapShotUpdates of ${types.join(", ")} each ending with the completion flag`,
    );
    await sleep(this.parameters.quietMs);
    mustPass(this, snapshotEndsWithCompletionFlagPerEntityType, "EDK 4-27", undefined);
  }),
);

function reported(world: CtipsWorld, kind: "AgentInfo" | "ServiceInfo"): Map<number, string> {
  const { requestId } = lastSnapshot(world);
  const [data, id, st] =
    kind === "AgentInfo"
      ? ["AgentData", "AgentId", "AgentState"]
      : ["ServiceData", "ServiceId", "ServiceState"];
  const out = new Map<number, string>();
  for (const u of updatesOf(world, requestId)) {
    const p = u.payload as Record<string, unknown>;
    const d = p[data] as Record<string, unknown> | null | undefined;
    if (p.SnapShotType === kind && d && typeof d[id] === "number") out.set(d[id] as number, String(d[st]));
  }
  return out;
}

Then(
  "the snapshot lists agent {word} as {word}",
  step(function (this: CtipsWorld, role: string, agentState: string) {
    const agents = reported(this, "AgentInfo");
    const id = this.agentId(role);
    if (!agents.has(id))
      throw new Error(
        `agent ${role} (${id}) is not in the snapshot; it lists ${[...agents.keys()].join(", ") || "no agent"}`,
      );
    if (agents.get(id) !== agentState)
      throw new Error(`agent ${role} is listed as ${agents.get(id)}, expected ${agentState}`);
  }),
);

Then(
  "the snapshot does not list agent {word}",
  step(function (this: CtipsWorld, role: string) {
    const id = this.agentId(role);
    if (reported(this, "AgentInfo").has(id))
      throw new Error(`agent ${role} (${id}) is logged out but listed in the snapshot`);
  }),
);

Then(
  "the snapshot lists these services:",
  step(function (this: CtipsWorld, table: DataTable) {
    const services = reported(this, "ServiceInfo");
    const missing = table
      .raw()
      .map(([role]) => role.trim())
      .filter((role) => role !== "service")
      .filter((role) => !services.has(Number(this.value(role))));
    if (missing.length)
      throw new Error(
        `the snapshot lacks ${missing.join(", ")}; it lists the services ${[...services.keys()].join(", ") || "none"}`,
      );
  }),
);

Then(
  "the snapshot lists the call {word}",
  step(function (this: CtipsWorld, call: string) {
    const { requestId } = lastSnapshot(this);
    const callId = Number(this.value(call));
    const calls = updatesOf(this, requestId)
      .map((u) => u.payload as { SnapShotType?: string; CallData?: { CallId?: number } | null })
      .filter((p) => p.SnapShotType === "CallInfo" && p.CallData)
      .map((p) => p.CallData!.CallId);
    if (!calls.includes(callId))
      throw new Error(
        `the snapshot does not list call ${callId}; it lists the calls ${calls.join(", ") || "none"}`,
      );
  }),
);

/** snapshotAgreesWithTheState against what the session's own events said. @see EDK 3-6 */
Then(
  "the snapshot agrees with the states the events reported",
  step(function (this: CtipsWorld) {
    mustPass(this, snapshotAgreesWithTheState, "EDK 3-6", {});
  }),
);

/** Exactly these agents, in these states, and no other (a target whose whole world the scenario knows). */
Then(
  "the snapshot lists exactly these agents:",
  step(function (this: CtipsWorld, table: DataTable) {
    const [, ...rows] = table.raw();
    const expected: SnapshotStateParams["expected"] = {
      agents: rows.map(([role, st]) => ({ AgentId: this.agentId(role.trim()), AgentState: st.trim() })),
    };
    mustPass(this, snapshotAgreesWithTheState, "EDK 3-6", { expected });
  }),
);
