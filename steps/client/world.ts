/**
 * The World of the client certification (features/client/): the kit plays the CTIPS. It
 * reaches the run (the mocks, the shared timeline, the client's process) through the
 * registry, drives the simulated contact center, and judges the client with the client
 * checks of src/checks over the timeline. Step files only parse. @see docs/certify-client.md
 */
import { type IWorldOptions, World } from "@cucumber/cucumber";
import { messageClasses } from "../../src/checks/heartbeat.ts";
import {
  type Check,
  clientAnswersEventsWithin,
  clientAnswersHeartbeatsWithin,
  clientAnswersPresentedCallsWithin,
  clientDisposesInWrapWithin,
  clientDoesNotRouteRoutedCalls,
  clientLogsItsAgentsOut,
  clientReconnectsAfterHeartbeatsStop,
  clientRegistersBeforeOnLine,
  clientRequestIdsAreNonZero,
  clientRoutesEachRouteRequest,
  clientSendsOnlyOnLineOrCloseWhileOffline,
  clientSetsOnlyRestStates,
  clientShutsDownOffLineThenClose,
  clientTakesSnapshotAfterOnLine,
  entriesCarryNoToleratedDeviations,
  type Finding,
  openConnectionCarriesOneTenantId,
  requestIdsAreUniqueWithinSession,
  runCheck,
} from "../../src/checks/index.ts";
import { indexTimeline } from "../../src/checks/timeline-index.ts";
import type { MockCtips } from "../../src/mock-ctips/server.ts";
import type { ClientTimings, ClientWorldParameters } from "../../src/runner/client-params.ts";
import { type ClientRun, clientRun } from "../../src/runner/client-run.ts";
import { encodeNote, NOTE_MEDIA_TYPE, type Note } from "../../src/runner/notes.ts";
import { reading } from "../../src/runner/readings.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const payload = (e: TimelineEntry) => (e.payload ?? {}) as Record<string, unknown>;
const argsOf = (e: TimelineEntry) => (payload(e).args ?? {}) as Record<string, unknown>;

export class ClientWorld extends World<ClientWorldParameters> {
  readonly run: ClientRun;
  /** The timeline position when the scenario began. */
  readonly since: number;
  /** The client's session online when the scenario began ("the client under test is online"). */
  session: string | undefined;
  /** Calls the scenario made (and on which mock): hung up after it. */
  readonly calls: { mock: MockCtips; callId: number }[] = [];
  /** Fault ids this scenario added to a mock, removed after it. */
  readonly faults: { mock: MockCtips; id: string }[] = [];
  /** Links this scenario took down, brought up after it. */
  readonly linksDown = new Set<string>();
  /** The primary CTIPS died in this scenario: it comes back after it. */
  primaryStopped = false;

  constructor(options: IWorldOptions<ClientWorldParameters>) {
    super(options);
    this.run = clientRun(this.parameters.runId);
    this.since = this.run.timeline.length;
  }

  get timings(): ClientTimings {
    return this.parameters.timings;
  }

  get timeline(): readonly TimelineEntry[] {
    return this.run.timeline.entries;
  }

  /**
   * The timeline from the OpenConnection of the scenario's session on: that session's whole
   * history and what came after it, so checks see its OnLine and its subscriptions.
   */
  get sessionTimeline(): readonly TimelineEntry[] {
    return this.timelineFrom(this.session);
  }

  /** The timeline from session `id`'s OpenConnection on (from the scenario's start if unknown). */
  timelineFrom(id: string | undefined): readonly TimelineEntry[] {
    const opened = id ? indexTimeline(this.timeline).sessions.get(id)?.openRequest : undefined;
    if (!opened) return this.timeline.filter((e) => e.seq >= this.since);
    return this.timeline.filter((e) => e.seq >= opened.seq);
  }

  note(n: Note): void {
    this.attach(encodeNote(n), NOTE_MEDIA_TYPE);
  }

  readingNotHeld(id: string, message: string): void {
    const r = reading(id);
    if (this.parameters.strictReadings)
      throw new Error(`reading ${r.id} did not hold (--strict-readings): ${message}`);
    this.note({ kind: "reading", reading: r.id, message });
  }

  /** The mock the client's session is on now (the primary, or the secondary after a failover). */
  get mock(): MockCtips {
    return this.run.mockOf(this.run.onlineSession() ?? "") ?? this.run.current;
  }

  /** Waits until the client has a session online; fails naming what it saw otherwise. */
  async clientOnline(withinMs = this.timings.reconnectWithinMs): Promise<string> {
    const id = await this.run.awaitOnline(withinMs);
    if (!id) {
      const exit = this.run.exit ? ` (the client exited: ${JSON.stringify(this.run.exit)})` : "";
      const output = this.run.output.slice(-5).join(" | ");
      throw new Error(
        `expected the client online within ${withinMs} ms, got no session online${exit}${output ? `; its last output: ${output}` : ""}`,
      );
    }
    this.session = id;
    // A slow client may still be working through events of the scenario before: let it
    // finish, so this scenario's events are not graded by that backlog.
    await this.until(() => this.run.pendingEvents(id) === 0, this.drainMs);
    return id;
  }

  /** How long the client may take to work through a backlog of events. */
  get drainMs(): number {
    return Math.max(10_000, 10 * this.timings.callbackTimeoutMs);
  }

  /**
   * Runs a client check with the clause the scenario names over `timeline` (default: the
   * whole run); its failures fail the step. A check with nothing to judge fails too (the
   * scenario did not produce what it grades), unless `emptyPasses` says that nothing is
   * the client doing no wrong (no SetAgentState at all asks for no illegal state).
   */
  judge<P>(
    check: Check<P>,
    clause: string,
    params: P,
    o: { timeline?: readonly TimelineEntry[]; emptyPasses?: boolean; warnOnly?: boolean } = {},
  ): Finding[] {
    const findings = runCheck<unknown>(
      check as Check<unknown>,
      { severity: o.warnOnly ? "warning" : "failure", clause },
      o.timeline ?? this.timeline,
      params as unknown,
    );
    const line = (f: Finding) =>
      `${f.check} [${f.clause}]: ${f.message} (evidence #${f.evidence.join(", #")})`;
    this.attach(findings.map((f) => `${f.outcome}: ${line(f)}`).join("\n"), "text/plain");
    const failed = findings.filter((f) => f.outcome === "fail");
    const empty = findings.filter((f) => f.outcome === "harness-fault");
    if (failed.length && !o.warnOnly) throw new Error(failed.map(line).join("\n"));
    if (empty.length && !o.emptyPasses) throw new Error(`nothing to judge: ${empty.map(line).join("\n")}`);
    return findings;
  }

  /** Waits until `probe` holds, up to `ms`; returns whether it did. */
  async until(probe: () => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() <= deadline) {
      if (probe()) return true;
      await sleep(10);
    }
    return probe();
  }

  async sleep(ms: number): Promise<void> {
    await sleep(ms);
  }

  /** Requests of the client (operation `op`) recorded since the scenario began, on any session. */
  requestsSince(op: string, since = this.since): TimelineEntry[] {
    return this.timeline.filter((e) => e.seq >= since && e.kind === "request" && e.name === op);
  }

  /** Events the mock sent to the client since the scenario began. */
  eventsSince(name: string, where: (p: Record<string, unknown>) => boolean = () => true): TimelineEntry[] {
    return this.timeline.filter(
      (e) => e.seq >= this.since && e.kind === "event" && e.name === name && where(payload(e)),
    );
  }

  args(e: TimelineEntry): Record<string, unknown> {
    return argsOf(e);
  }

  payload(e: TimelineEntry): Record<string, unknown> {
    return payload(e);
  }

  /** The AgentId of the desktop's (first) agent. */
  get agent(): { loginName: string; agentId: number } {
    const a = this.parameters.agents[0];
    if (!a) throw new Error("the agent-desktop profile needs an agent (--agents)");
    return a;
  }

  /** The agent's state in the mock the client is on (null when logged out). */
  agentState(loginName = this.agent.loginName): { state: string | null; calls: { callId: number }[] } {
    const st = this.mock.control.state() as {
      agents: { loginName: string; state: string | null; calls: { callId: number }[] }[];
    };
    const a = st.agents.find((x) => x.loginName === loginName);
    return a ? { state: a.state, calls: a.calls } : { state: null, calls: [] };
  }

  /** A customer calls `serviceId`; the call is hung up after the scenario. */
  createCall(serviceId: number): number {
    const mock = this.mock;
    const { callId } = mock.control.createCall({
      serviceId,
      ani: `555${String(1000 + this.calls.length).slice(-4)}`,
      dnis: "8005550100",
    });
    this.calls.push({ mock, callId });
    return callId;
  }

  /** A fault switch on the mock the client is on, for this scenario only (docs/fault-injection.md). */
  addFault(input: { name: string; scope?: Record<string, string>; params?: Record<string, unknown> }): void {
    const mock = this.mock;
    const f = mock.control.addFault(input);
    this.faults.push({ mock, id: f.id });
  }

  setLink(component: string, state: "up" | "down"): void {
    this.mock.control.setLink(component, state);
    if (state === "down") this.linksDown.add(component);
    else this.linksDown.delete(component);
  }

  /** Leaves the mocks as the scenario found them: faults removed, links up, calls ended, the primary up. */
  async tidy(): Promise<void> {
    for (const { mock, id } of this.faults) {
      try {
        mock.control.removeFault(id);
      } catch {
        // the mock restarted: its faults went with it
      }
    }
    for (const c of this.linksDown) this.mock.control.setLink(c, "up");
    for (const { mock, callId } of this.calls) {
      try {
        mock.control.hangup(callId);
      } catch {
        // already ended, or its mock restarted
      }
    }
    if (this.primaryStopped) await this.run.startPrimary();
  }

  // ------------------------------------------------------------------ driving the world

  /** The scenario's timeline: what was recorded since it began. */
  get scenarioTimeline(): readonly TimelineEntry[] {
    return this.timeline.filter((e) => e.seq >= this.since);
  }

  private ms(): number {
    return this.run.timeline.now() / 1e6;
  }

  /** Waits until the desktop's agent is logged in and Idle (it may be finishing an earlier call's wrap). */
  async desktopAgentIdle(): Promise<void> {
    const ok = await this.until(() => this.agentState().state === "Idle", 2 * this.timings.reactWithinMs);
    const state = this.agentState().state;
    if (!ok)
      throw new Error(
        `expected ${this.agent.loginName} logged in and Idle, got ${state ?? "logged out"}${state === "Wrap" ? ": the desktop has not disposed its agent's last call (SetDisposition, EDK 2-1)" : ""}`,
      );
  }

  /** The events of the client's session carry one variation a client must tolerate (docs/fault-injection.md). */
  varyEvents(what: string): void {
    const name = {
      "with a member the contract lacks": "extra-member",
      "with an unprefixed xsi:type": "unprefixed-xsi-type",
      "without their optional members": "omit-optional",
    }[what];
    if (!name) throw new Error(`no event variation '${what}'`);
    this.addFault({ name, scope: { session: this.session ?? "" } });
  }

  /** The client's RouteSelect is refused: by a fault, or answered by RouteRejected or RouteRequestFailed. */
  refuseRouteSelect(how: string): void {
    const session = this.session ?? "";
    if (how === "a fault")
      this.addFault({
        name: "fault-response",
        scope: { operation: "RouteSelect", session },
        params: { code: "RequestFailed", message: "the route is refused (client certification)" },
      });
    else if (how === "RouteRejected" || how === "RouteRequestFailed")
      this.addFault({
        name: "refuse-route",
        scope: { session },
        params: { event: how === "RouteRejected" ? "RouteReject" : "RouteRequestFailed" },
      });
    else throw new Error(`no way to refuse a route '${how}'`);
  }

  /**
   * Customers call the inbound or the routed service; `profile`: the service the client
   * hears of, the routed one for a router (it subscribes to routing, not to calls).
   */
  customersCall(which: "inbound" | "routed" | "profile", n = 1): void {
    const service =
      which === "profile" ? (this.parameters.profile === "router" ? "routed" : "inbound") : which;
    for (let i = 0; i < n; i++) this.createCall(this.parameters.services[service]);
  }

  private get lastCall(): number {
    const c = this.calls.at(-1);
    if (!c) throw new Error("no customer called in this scenario");
    return c.callId;
  }

  /** The customer hangs up once the client has seen the call (an event of it reached the client's session). */
  async hangUpAfterPresented(): Promise<void> {
    const callId = this.lastCall;
    const seen = await this.until(
      () =>
        this.timeline.some(
          (e) =>
            e.seq >= this.since && e.kind === "event" && e.callId === callId && e.session === this.session,
        ),
      this.timings.reactWithinMs,
    );
    if (!seen) throw new Error(`expected the client to be told of call ${callId}, got no event of it`);
    this.hangUp();
  }

  hangUp(): void {
    const c = this.calls.at(-1);
    if (!c) throw new Error("no customer called in this scenario");
    c.mock.control.hangup(c.callId);
  }

  /**
   * Waits until the desktop's agent talks to the customer. A call still ringing after the
   * time allowed is answered at the phone (the agent picks up the handset): accepting is
   * graded by its own scenario, not here.
   */
  async agentTalking(): Promise<void> {
    const { loginName } = this.agent;
    const active = () => this.agentState().state === "Active";
    if (await this.until(active, this.timings.reactWithinMs)) return;
    if (this.agentState().state === "PendingActive") this.mock.control.answer(loginName);
    if (!(await this.until(active, this.timings.reactWithinMs)))
      throw new Error(
        `expected ${loginName} talking (Active), got ${this.agentState().state ?? "logged out"}`,
      );
  }

  disposeSession(): void {
    this.run.disposeClientSession();
  }

  /** The CTIPS the client is on stops and starts again on the same address, knowing nothing. */
  async restartCtips(): Promise<void> {
    await this.run.restart(this.mock);
  }

  async primaryDies(): Promise<void> {
    this.primaryStopped = true;
    await this.run.stopPrimary();
  }

  /**
   * Stops the client: the kit stops one it started (SIGTERM) and waits for it to exit; an
   * operator is asked to stop one the kit did not start, and the kit waits for its
   * CloseConnection.
   */
  async stopClient(): Promise<void> {
    if (this.run.stopped) return;
    const { stopWithinMs } = this.timings;
    if (this.run.startedClient) {
      const exit = await this.run.stopClient(stopWithinMs);
      this.attach(`the client exited: ${JSON.stringify(exit)}`, "text/plain");
      return;
    }
    this.run.askOperator("stop the client under test now (it should go offline and close its session)");
    const since = this.timeline.length;
    const closed = await this.until(
      () => this.requestsSince("CloseConnection", since).length > 0,
      stopWithinMs,
    );
    this.run.markStopped();
    if (!closed) throw new Error(`expected the client's CloseConnection within ${stopWithinMs} ms, got none`);
  }

  // ------------------------------------------------------------------ judging

  /** The message classes (and filters) the client's first session subscribed to: what every reconnection must restore. */
  private firstSubscriptions(): string[] {
    const index = indexTimeline(this.timeline);
    const first = [...index.sessions.values()].find((s) => s.onlineWindows.length > 0);
    if (!first) return [];
    const online = first.onlineWindows[0].from;
    return [...messageClasses(index, first, online.seq)];
  }

  registeredBeforeOnline(): void {
    this.judge(clientRegistersBeforeOnLine, "EDK 5-1", undefined);
  }

  namedOneTenant(): void {
    this.judge(openConnectionCarriesOneTenantId, "EDK 3-1", undefined);
  }

  /** Waits until the session has been online as long as a snapshot may take, then judges every session. */
  async tookSnapshots(): Promise<void> {
    const { snapshotWithinMs } = this.timings;
    const index = indexTimeline(this.timeline);
    const online = index.sessions.get(this.session ?? "")?.onlineWindows[0]?.from;
    if (online) {
      const left = online.monoNs / 1e6 + snapshotWithinMs - this.ms();
      if (left > 0) await this.sleep(left + 5);
    }
    this.judge(clientTakesSnapshotAfterOnLine, "EDK 3-6", { withinMs: snapshotWithinMs, nowMs: this.ms() });
  }

  onlyOnLineOrCloseWhileOffline(): void {
    // A client that never went offline sent nothing while offline: that is shut-down's failure.
    this.judge(clientSendsOnlyOnLineOrCloseWhileOffline, "EDK 5-3", undefined, { emptyPasses: true });
  }

  async heartbeatsAnswered(): Promise<void> {
    await this.sleep(this.timings.answerWithinMs);
    try {
      this.judge(
        clientAnswersHeartbeatsWithin,
        "EDK 4-1",
        { answerWithinMs: this.timings.answerWithinMs },
        {
          timeline: this.scenarioTimeline,
        },
      );
    } catch (err) {
      // A client that stops answering is disposed after the configured misses: say so.
      const disposals = this.timeline
        .filter((e) => e.kind === "note" && e.code === "session-disposed" && e.seq >= this.since)
        .map((e) => `the CTIPS disposed session ${e.session} (seq ${e.seq}): ${e.message ?? ""}`);
      throw new Error([(err as Error).message, ...disposals].join("\n"));
    }
  }

  /**
   * Every event of the scenario answered with a result: within the time allowed, or (for
   * tolerance) at all, before the mock gave up waiting.
   */
  async eventsAnswered(timed: boolean): Promise<void> {
    const { answerWithinMs, callbackTimeoutMs } = this.timings;
    const within = timed ? answerWithinMs : callbackTimeoutMs;
    const index = () => indexTimeline(this.scenarioTimeline);
    const pending = () => {
      const i = index();
      return this.scenarioTimeline.some((e) => e.kind === "event" && !i.answerOf.has(e.seq));
    };
    await this.sleep(Math.min(answerWithinMs, within));
    await this.until(() => !pending(), within);
    this.judge(
      clientAnswersEventsWithin,
      "EDK 4-1",
      { answerWithinMs: within },
      { timeline: this.scenarioTimeline },
    );
  }

  async presentedCallAnswered(): Promise<void> {
    const { reactWithinMs } = this.timings;
    const callId = this.lastCall;
    const connected = await this.until(
      () =>
        this.eventsSince("CallConnected", (p) => p.CallId === callId && p.ResponseRequired === true).length >
        0,
      reactWithinMs,
    );
    if (!connected)
      throw new Error(
        `expected call ${callId} presented to ${this.agent.loginName} (CallConnected), got none`,
      );
    await this.until(() => this.requestsSince("AcceptCall").length > 0, reactWithinMs);
    await this.sleep(20);
    this.judge(
      clientAnswersPresentedCallsWithin,
      "EDK 4-11",
      { agentIds: [this.agent.agentId], withinMs: reactWithinMs, nowMs: this.ms() },
      { timeline: this.scenarioTimeline },
    );
  }

  async wrapDisposed(): Promise<void> {
    const { reactWithinMs } = this.timings;
    const agentId = this.agent.agentId;
    const wrap = await this.until(
      () =>
        this.eventsSince("AgentStateChange", (p) => p.AgentId === agentId && p.AgentState === "Wrap").length >
        0,
      reactWithinMs,
    );
    if (!wrap)
      throw new Error(
        `expected ${this.agent.loginName} in Wrap after the call, got ${this.agentState().state}`,
      );
    await this.until(() => this.requestsSince("SetDisposition").length > 0, reactWithinMs);
    await this.sleep(20);
    this.judge(
      clientDisposesInWrapWithin,
      "EDK 2-1",
      { agentIds: [agentId], withinMs: reactWithinMs, nowMs: this.ms() },
      { timeline: this.scenarioTimeline },
    );
  }

  async agentAtRest(): Promise<void> {
    const rest = () => ["Idle", "NotReady"].includes(this.agentState().state ?? "");
    if (!(await this.until(rest, this.timings.reactWithinMs)))
      throw new Error(
        `expected ${this.agent.loginName} Idle or NotReady, got ${this.agentState().state ?? "logged out"}`,
      );
  }

  onlyRestStates(): void {
    this.judge(clientSetsOnlyRestStates, "EDK 3-10", undefined, { emptyPasses: true });
  }

  private routeUsed(callId: number, status?: string): TimelineEntry | undefined {
    return this.eventsSince(
      "RouteUsed",
      (p) => p.CallId === callId && (!status || p.RouteStatus === status),
    )[0];
  }

  async routedBeforeTimeout(): Promise<void> {
    const { routeTimeoutMs } = this.timings;
    const callId = this.lastCall;
    await this.until(
      () => this.routeUsed(callId) !== undefined,
      routeTimeoutMs + this.timings.answerWithinMs,
    );
    this.judge(
      clientRoutesEachRouteRequest,
      "EDK 4-23",
      { routeTimeoutMs, nowMs: this.ms() },
      { timeline: this.scenarioTimeline },
    );
  }

  callRouted(): void {
    const callId = this.lastCall;
    const used = this.routeUsed(callId);
    if (!used || this.payload(used).RouteStatus !== "RouteSuccess")
      throw new Error(
        `expected RouteUsed RouteSuccess for call ${callId}, got ${used ? String(this.payload(used).RouteStatus) : "no RouteUsed"}`,
      );
  }

  async routedByDefault(): Promise<void> {
    const callId = this.lastCall;
    const { routeTimeoutMs, answerWithinMs } = this.timings;
    await this.until(() => this.routeUsed(callId) !== undefined, routeTimeoutMs + 4 * answerWithinMs);
    const used = this.routeUsed(callId);
    if (!used || this.payload(used).RouteStatus !== "RouteDefaultUsed")
      throw new Error(
        `expected RouteUsed RouteDefaultUsed for call ${callId} after the route timeout (${routeTimeoutMs} ms), got ${used ? String(this.payload(used).RouteStatus) : "no RouteUsed"}`,
      );
  }

  async noRouteAfterRouted(): Promise<void> {
    // A late RouteSelect would come within the route timeout of its RouteRequest.
    await this.sleep(this.timings.routeTimeoutMs);
    this.judge(clientDoesNotRouteRoutedCalls, "EDK 4-24", undefined, { timeline: this.scenarioTimeline });
  }

  stillOnlineInSameSession(): void {
    const now = this.run.onlineSession();
    if (now !== this.session)
      throw new Error(
        `expected the client still online in session ${this.session}, got ${now ?? "no session online"}`,
      );
  }

  /**
   * Waits until the client is online again in a new session with its snapshot, then judges
   * the reconnection from the lost session's history on.
   */
  async reconnected(): Promise<void> {
    const lost = this.session;
    const { reconnectWithinMs, heartbeatIntervalMs } = this.timings;
    const since = this.timeline.length;
    const back = await this.until(() => {
      const now = this.run.onlineSession();
      return (
        now !== undefined &&
        now !== lost &&
        this.requestsSince("Snapshot", since).some((r) => r.session === now)
      );
    }, reconnectWithinMs + heartbeatIntervalMs);
    this.attach(`online again: ${back ? this.run.onlineSession() : "no"}`, "text/plain");
    // The check takes a session's heartbeats as stopped once 1.5 intervals have passed
    // without one; before that it has nothing to judge. A client that is back sooner (a fast
    // failover) is judged once that much time has passed since the lost session's last one.
    if (back) await this.sleep(Math.ceil(heartbeatIntervalMs * 1.5) + 50);
    this.judge(
      clientReconnectsAfterHeartbeatsStop,
      "EDK 1-2",
      {
        intervalMs: heartbeatIntervalMs,
        reconnectWithinMs,
        subscriptions: this.firstSubscriptions(),
        nowMs: this.ms(),
      },
      // From the lost session on: by now this.session may already name the new one.
      { timeline: this.timelineFrom(lost) },
    );
  }

  onSecondary(): void {
    const id = this.run.onlineSession();
    if (!id || this.run.mockOf(id) !== this.run.secondary)
      throw new Error(
        `expected the client online on the secondary CTIPS, got ${id ? "a session on the primary" : "no session online"}`,
      );
  }

  /** After LinkStatus Up reached the session, a Snapshot follows within the time a snapshot may take. */
  async snapshotAfterLinkUp(): Promise<void> {
    const session = this.session;
    const linkUp = () =>
      this.eventsSince("LinkStatus", (p) => p.ComponentState === "Up").find((e) => e.session === session);
    await this.until(() => linkUp() !== undefined, this.timings.reactWithinMs);
    const up = linkUp();
    if (!up) throw new Error(`expected LinkStatus Up delivered to session ${session}, got none`);
    const { snapshotWithinMs } = this.timings;
    const snap = () => this.requestsSince("Snapshot", up.seq).find((r) => r.session === session);
    await this.until(() => snap() !== undefined, snapshotWithinMs);
    const s = snap();
    if (!s || s.monoNs - up.monoNs > snapshotWithinMs * 1e6)
      throw new Error(
        `expected a Snapshot within ${snapshotWithinMs} ms of LinkStatus Up (seq ${up.seq}), got ${s ? `one after ${Math.round((s.monoNs - up.monoNs) / 1e6)} ms` : "none"}`,
      );
  }

  offLineThenClose(): void {
    this.judge(clientShutsDownOffLineThenClose, "EDK 5-1", undefined);
  }

  loggedAgentsOut(): void {
    this.judge(clientLogsItsAgentsOut, "EDK 3-8", { agentIds: this.parameters.agents.map((a) => a.agentId) });
  }

  requestIdsNonZero(): void {
    this.judge(clientRequestIdsAreNonZero, "EDK 3-7", undefined);
  }

  requestIdsUnique(): void {
    // A client whose every RequestId is 0 reused none: that is request-ids-non-zero's failure.
    this.judge(requestIdsAreUniqueWithinSession, "EDK 3-7", undefined, { emptyPasses: true });
  }

  /** Every request (and callback answer) of the client kept the wire contract; in compatible mode a deviation warns. */
  keptTheWireContract(): void {
    const findings = this.judge(
      entriesCarryNoToleratedDeviations,
      "WIRE data contracts",
      {},
      {
        warnOnly: this.parameters.mode === "compatible",
      },
    );
    if (this.parameters.mode === "compatible" && findings.some((f) => f.outcome === "fail"))
      this.attach("compatible mode: the deviations above warn", "text/plain");
  }
}
