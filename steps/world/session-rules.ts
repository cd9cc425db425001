/**
 * The World's part for the session features (EDK 1-3, 3-1 … 3-6, 4-1, 5-1 … 5-6):
 * heartbeats and disposal, the session cap, OpenConnection with other credentials or
 * tenants, what sessions received, and snapshots. Each method is one step's behaviour;
 * the step files only parse. Judgements go through the kit's checks (src/checks) bound to
 * the target's configuration, or through timeline queries (src/timeline/queries.ts).
 */
import {
  type Check,
  heartbeatsKeepTheConfiguredInterval,
  runCheck,
  type SnapshotStateParams,
  sessionCountNeverExceedsCap,
  sessionDisposedAfterExactlyNMissedHeartbeats,
  snapshotAgreesWithTheState,
  snapshotEndsWithCompletionFlagPerEntityType,
} from "../../src/checks/index.ts";
import type { CallbackBehaviour } from "../../src/mock-client/types.ts";
import {
  briefList,
  eventsWhileOffline,
  heartbeatsOf,
  type SnapshotView,
  snapshotOf,
  unansweredHeartbeats,
} from "../../src/timeline/queries.ts";
import type { CtipsWorld } from "../world.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value or `timeoutMs` passes (then throws `what`). */
export async function until<T>(
  probe: () => T | undefined,
  timeoutMs: number,
  what: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what()} within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export class SessionRules {
  /** Timeline length when the client's heartbeat behaviour last changed. */
  private heartbeatSince = 0;
  /** Sessions opened to reach the cap, by name. */
  private readonly capSessions: string[] = [];

  constructor(private readonly w: CtipsWorld) {}

  private get intervalMs(): number {
    return this.w.parameters.target.heartbeatIntervalMs;
  }

  private get entries() {
    return this.w.timeline;
  }

  /**
   * Runs one check over the scenario's recording with the target's configuration and
   * requires it to pass: a harness fault (nothing to judge) fails the scenario's set-up.
   */
  mustPass<P>(check: Check<P>, clause: string, params: P): void {
    const findings = runCheck<unknown>(
      check as Check<unknown>,
      { severity: "failure", clause },
      this.w.timeline,
      params as unknown,
    );
    const bad = findings.filter((f) => f.outcome !== "pass");
    this.w.attach(
      findings.map((f) => `${f.check} [${f.clause}] ${f.outcome}: ${f.message}`).join("\n"),
      "text/plain",
    );
    if (bad.length)
      throw new Error(
        bad
          .map(
            (f) =>
              `${f.check} [${f.clause}] ${f.outcome}: ${f.message} (evidence #${f.evidence.join(", #")})`,
          )
          .join("\n"),
      );
  }

  // -------------------------------------------------------------- what sessions received

  /** Nothing reached the session since it was opened, after letting deliveries in flight land. */
  async receivedNothing(name: string): Promise<void> {
    await sleep(this.w.parameters.quietMs);
    const got = this.w.session(name).events();
    if (got.length)
      throw new Error(
        `expected session ${name} to have received no event, got ${got.length}: ${briefList(got)}`,
      );
  }

  /** Every event the session received is of this category, and there was one. @see EDK 3-4 */
  async receivedOnly(name: string, category: string): Promise<void> {
    await sleep(this.w.parameters.quietMs);
    const [wanted] = this.w.categories(category);
    const all = this.w.session(name).events();
    if (!all.length) throw new Error(`session ${name} received no event at all; expected ${wanted} events`);
    const strays = all.filter((e) => (e.payload as { EventCategory?: string }).EventCategory !== wanted);
    if (strays.length)
      throw new Error(
        `session ${name} subscribed to ${wanted} received ${strays.length} other events: ${briefList(strays)}`,
      );
  }

  /** No event reached the session between OffLine's answer and the next OnLine request. @see EDK 5-3 */
  async receivedNothingWhileOffline(name: string): Promise<void> {
    await sleep(this.w.parameters.quietMs);
    const { stretches, events } = eventsWhileOffline(this.entries, this.w.session(name).sessionId);
    if (!stretches) throw new Error(`session ${name} never went offline`);
    if (events.length)
      throw new Error(`session ${name} received ${events.length} events while offline: ${briefList(events)}`);
  }

  // -------------------------------------------------------------- OpenConnection

  /**
   * OpenConnection sent raw (the recording client's openSession would throw on a refusal),
   * its outcome kept as the last request's. A session it unexpectedly opens is closed again
   * at once, without replacing that outcome.
   */
  async openConnection(o: { tenants?: string; userName?: string; password?: string } = {}): Promise<void> {
    const client = await this.w.ensureClient();
    const { credentials, tenantId } = this.w.parameters.target;
    // `its own, another` → [tenant, another tenant]; numbers as given; "" → []. @see EDK 3-1
    const tenantIds =
      o.tenants === undefined
        ? [tenantId]
        : o.tenants
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean)
            .map((t) => (t === "its own" ? tenantId : t === "another" ? tenantId + 1 : Number(t)));
    const outcome = await client.sendRaw("OpenConnection", {
      TenantIds: tenantIds,
      UserCredentials: {
        UserName: o.userName ?? credentials.userName,
        Password: o.password ?? credentials.password,
      },
      // A path of the client's callback service no session holds: a stray callback is recorded, not attributed.
      ClientCallbackURL: `${client.callbackUrl}/unattributed`,
    });
    this.w.last = outcome;
    const granted = outcome.ok ? (outcome.result as { SessionId?: unknown } | null)?.SessionId : undefined;
    if (typeof granted === "string" && granted !== "")
      await client.sendRaw("CloseConnection", { SessionId: granted }).catch(() => undefined);
  }

  /** The guide's form of a refused OpenConnection: no SessionId, a status other than success. @see EDK 3-2 */
  refusedWithStatus(status: string): void {
    const o = this.w.last;
    if (!o) throw new Error("no request was sent");
    if (!o.ok)
      throw new Error(
        `expected a SessionObject with the status ${status}, got the fault ${o.fault.detail?.ErrorCode ?? o.fault.faultcode}: ${o.fault.detail?.Message ?? o.fault.faultstring}`,
      );
    const r = (o.result ?? {}) as { SessionId?: unknown; Response?: unknown };
    if (r.SessionId !== null && r.SessionId !== undefined && r.SessionId !== "")
      throw new Error(`expected no SessionId, got ${JSON.stringify(r.SessionId)}`);
    if (r.Response !== status)
      throw new Error(`expected the status ${status}, got ${JSON.stringify(r.Response)}`);
  }

  // -------------------------------------------------------------- the session cap

  /** Opens sessions (no message class, not online) until the target's cap is reached. @see EDK 1-3 */
  async fillToCap(): Promise<void> {
    const { maxSessions } = this.w.parameters.target;
    const open = () => [...this.w.sessions.values()].filter((s) => s.state !== "closed").length;
    for (let n = 1; open() < maxSessions; n++) {
      const name = `cap${n}`;
      await this.w.openSession(name, { categories: [], online: false });
      this.capSessions.push(name);
    }
  }

  async closeOneAtCap(): Promise<void> {
    const name = this.capSessions.shift();
    if (!name) throw new Error("no session was opened to reach the cap");
    const o = await this.w.session(name).close();
    if (!o.ok)
      throw new Error(`CloseConnection was refused: ${o.fault.detail?.ErrorCode ?? o.fault.faultcode}`);
  }

  keptToCap(): void {
    this.mustPass(sessionCountNeverExceedsCap, "EDK 1-3", {
      maxSessions: this.w.parameters.target.maxSessions,
    });
  }

  // -------------------------------------------------------------- heartbeats

  /** What the client's callback service does with heartbeats from now on. */
  behave(heartbeat: CallbackBehaviour["heartbeat"]): void {
    if (!this.w.client) throw new Error("no client: open a session first");
    this.w.client.behaviour.heartbeat = heartbeat;
    this.w.client.behaviour.heartbeatDelayMs = 0;
    this.heartbeatSince = this.w.client.timeline.length;
  }

  private missed(sessionId: string, since = this.heartbeatSince) {
    return unansweredHeartbeats(this.entries, sessionId, since);
  }

  /** Faults exactly `n` heartbeats in a row, then answers again. */
  async faultNext(n: number): Promise<void> {
    const id = this.w.session().sessionId;
    this.behave("fault");
    await until(
      () => (this.missed(id).length >= n ? true : undefined),
      (n + 2) * this.intervalMs * 2 + this.w.parameters.eventTimeoutMs,
      () => `expected ${n} heartbeats to fault`,
    );
    this.behave("answer");
  }

  /** Waits for `n` heartbeats from now (a real CTIPS at 30 s takes minutes: such scenarios are @slow). */
  async awaitBeats(n: number): Promise<void> {
    const id = this.w.session().sessionId;
    const since = this.entries.length;
    await until(
      () => (heartbeatsOf(this.entries, id, since).length >= n ? true : undefined),
      n * this.intervalMs * 2 + this.w.parameters.eventTimeoutMs,
      () => `expected ${n} heartbeats for session ${id}, got ${heartbeatsOf(this.entries, id, since).length}`,
    );
  }

  async noBeatFor(intervals: number): Promise<void> {
    const id = this.w.session().sessionId;
    const since = this.entries.length;
    await sleep(intervals * this.intervalMs);
    const got = heartbeatsOf(this.entries, id, since);
    if (got.length)
      throw new Error(
        `expected no heartbeat for ${intervals} intervals, got ${got.length}: ${briefList(got)}`,
      );
  }

  /**
   * Heartbeats keep the configured interval. Tolerances: the check's defaults relative to
   * the interval (mean ±10 %, p95 jitter 20 %, longest silence 1.5×), with absolute floors
   * for the embedded mock's millisecond intervals: there a loaded 2-core machine stalls the
   * event loop by a whole interval now and then (a fixed-rate server then skips a beat), so
   * the rhythm is judged by the mean (±25 ms) and the longest silence (interval + 250 ms).
   * A server at 1.5× or 0.5× the interval still fails. @see EDK 5-2
   */
  keepInterval(): void {
    const ms = this.intervalMs;
    this.mustPass(heartbeatsKeepTheConfiguredInterval, "EDK 5-2", {
      intervalMs: ms,
      meanToleranceMs: Math.max(ms * 0.1, 25),
      p95JitterMs: Math.max(ms * 0.2, 100),
      maxGapMs: Math.max(ms * 1.5, ms + 250),
    });
  }

  /** A request naming the disposed session is refused (EDK 4-1); InvalidSessionId is the kit's reading of the code. */
  private async disposedSessionIsRefused(): Promise<void> {
    this.w.last = await this.w.session().send("OnLine");
    await this.w.awaitRefusal("InvalidSessionId");
  }

  /**
   * The configured number N of heartbeats went unanswered in a row since the behaviour
   * changed; then no more heartbeats come, a request naming the session is refused, and
   * sessionDisposedAfterExactlyNMissedHeartbeats holds (not one heartbeat after the Nth
   * miss). @see EDK 4-1, EDK 5-2, EDK 1-4
   */
  async disposedAfterConfiguredMisses(): Promise<void> {
    const { missedHeartbeats: n } = this.w.parameters.target;
    const id = this.w.session().sessionId;
    await until(
      () => (this.missed(id).length >= n ? true : undefined),
      (n + 2) * this.intervalMs * 2 + this.w.parameters.eventTimeoutMs,
      () => `expected ${n} missed heartbeats, got ${this.missed(id).length}`,
    );
    // Two intervals of silence: a heartbeat still due would have come.
    await sleep(2 * this.intervalMs + this.w.parameters.quietMs);
    await this.disposedSessionIsRefused();
    this.mustPass(sessionDisposedAfterExactlyNMissedHeartbeats, "EDK 4-1", { missedLimit: n });
  }

  /**
   * For a client that stays silent the server learns of the Nth miss only when its answer
   * timeout runs out, which may be when the next heartbeat is due: one heartbeat sent at
   * that moment is tolerated (within 1.5 intervals of the Nth unanswered one), none after.
   */
  async disposedAfterConfiguredTimeouts(): Promise<void> {
    const { missedHeartbeats: n } = this.w.parameters.target;
    const ms = this.intervalMs;
    const id = this.w.session().sessionId;
    const missed = await until(
      () => {
        const m = this.missed(id);
        return m.length >= n ? m : undefined;
      },
      (n + 2) * ms * 2 + this.w.parameters.eventTimeoutMs,
      () => `expected ${n} unanswered heartbeats, got ${this.missed(id).length}`,
    );
    const nth = missed[n - 1];
    await sleep(3 * ms + this.w.parameters.quietMs);
    const after = heartbeatsOf(this.entries, id, nth.seq + 1);
    const nthMs = nth.monoNs / 1e6;
    const late = after.filter((h, i) => i > 0 || h.monoNs / 1e6 - nthMs > 1.5 * ms);
    if (late.length)
      throw new Error(
        `expected heartbeats to stop after the ${n}th unanswered one (#${nth.seq}), got ${after.length} more: ${briefList(after)}`,
      );
    await this.disposedSessionIsRefused();
  }

  // -------------------------------------------------------------- snapshots

  private snapshot(): SnapshotView {
    const s = this.w.session();
    const view = snapshotOf(this.entries, s.sessionId, s.events());
    if (!view) throw new Error("the session sent no Snapshot");
    return view;
  }

  /**
   * Waits for the completion flag of every entity type the last Snapshot asked for, then
   * judges the updates with snapshotEndsWithCompletionFlagPerEntityType (the kit's reading
   * snapshot-completion-per-type: a warning when it does not hold). @see EDK 4-27, EDK 5-3
   */
  async deliveredToCompletion(): Promise<void> {
    // Every requested type completed, or updates came and then stopped: whether each type
    // ends with its own flag (and a type with no entity has one) is the reading.
    const quiet = this.w.quietness();
    await until(
      () => {
        const v = this.snapshot();
        return v.types.every((t) => v.complete(t)) || (v.updates.length > 0 && quiet()) ? true : undefined;
      },
      this.w.parameters.eventTimeoutMs,
      () => `expected SnapShotUpdates answering the Snapshot (${this.snapshot().types.join(", ")})`,
    );
    await sleep(this.w.parameters.quietMs);
    const findings = runCheck<unknown>(
      snapshotEndsWithCompletionFlagPerEntityType as Check<unknown>,
      { severity: "failure", clause: "EDK 4-27" },
      this.w.timeline,
      undefined,
    );
    for (const f of findings.filter((x) => x.outcome !== "pass"))
      if (f.outcome === "fail") this.w.readingNotHeld("snapshot-completion-per-type", f.message);
      else throw new Error(`${f.check}: ${f.message}`);
  }

  listsAgent(role: string, state: string): void {
    const agents = this.snapshot().agents;
    const id = this.w.agentId(role);
    if (!agents.has(id))
      throw new Error(
        `agent ${role} (${id}) is not in the snapshot; it lists ${[...agents.keys()].join(", ") || "no agent"}`,
      );
    if (agents.get(id) !== state)
      throw new Error(`agent ${role} is listed as ${agents.get(id)}, expected ${state}`);
  }

  doesNotListAgent(role: string): void {
    const id = this.w.agentId(role);
    if (this.snapshot().agents.has(id))
      throw new Error(`agent ${role} (${id}) is logged out but listed in the snapshot`);
  }

  listsServices(roles: string[]): void {
    const services = this.snapshot().services;
    const missing = roles.filter((role) => !services.has(Number(this.w.value(role))));
    if (missing.length)
      throw new Error(
        `the snapshot lacks ${missing.join(", ")}; it lists the services ${[...services.keys()].join(", ") || "none"}`,
      );
  }

  listsCall(call: string): void {
    const callId = Number(this.w.value(call));
    const calls = this.snapshot().calls;
    if (!calls.includes(callId))
      throw new Error(
        `the snapshot does not list call ${callId}; it lists the calls ${calls.join(", ") || "none"}`,
      );
  }

  /** snapshotAgreesWithTheState against what the session's own events said. @see EDK 3-6 */
  agreesWithEvents(): void {
    this.mustPass(snapshotAgreesWithTheState, "EDK 3-6", {});
  }

  /** Exactly these agents, in these states, and no other (a target whose whole world the scenario knows). */
  listsExactly(rows: [role: string, state: string][]): void {
    const expected: SnapshotStateParams["expected"] = {
      agents: rows.map(([role, st]) => ({ AgentId: this.w.agentId(role), AgentState: st })),
    };
    this.mustPass(snapshotAgreesWithTheState, "EDK 3-6", { expected });
  }
}
