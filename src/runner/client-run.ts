/**
 * One client certification's world: the mock CTIPS the client under test talks to (the
 * primary, which the recovery scenarios restart or stop), a second mock it fails over to,
 * one timeline both record on, and the client's process when the kit starts it (`--run`).
 * Scenarios reach it through a registry (Cucumber's world parameters are plain data).
 * Prints nothing. @see docs/certify-client.md
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { KitError } from "../contract/errors.ts";
import { type Logger, nullLogger } from "../contract/logger.ts";
import { fastTimings, type MockConfig, resolveMockConfig, startMockCtips } from "../mock-ctips/index.ts";
import type { MockCtips } from "../mock-ctips/server.ts";
import type { ClientProfile } from "../mock-client/reference-client.ts";
import { indexTimeline } from "../checks/timeline-index.ts";
import { Timeline } from "../timeline/timeline.ts";

export interface ClientRunOptions {
  profile: ClientProfile;
  /** Where the primary mock listens; port 0 = an ephemeral port. */
  host: string;
  port: number;
  /** The secondary mock's port (failover); 0 = ephemeral. */
  secondaryPort: number;
  /** The client under test, started with `/bin/sh -c` and the CTIPS_* environment. */
  run?: string;
  runCwd?: string;
  /** The mock's heartbeat interval and the misses after which it disposes a session. */
  heartbeatIntervalMs: number;
  missedHeartbeats: number;
  /** RouteRequest's timeout before default routing, in ms. */
  routeTimeoutMs: number;
  /** How long the mock waits for the client to answer a callback (PublishCTIEvent, Heartbeat, StartSession), in ms. */
  callbackTimeoutMs: number;
  /** What the client is told: no heartbeat for this long means the CTIPS is gone. */
  clientHeartbeatTimeoutMs: number;
  /** Agent desktops: the agents the client logs in, and the DispositionId it disposes with. */
  agents: { loginName: string; station: string }[];
  dispositionId: number;
  logger?: Logger;
  /** Tells the operator what to do with a client the kit did not start (the CLI prints it). */
  onOperator?: (message: string) => void;
}

export interface ClientExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs by id, process-wide: Cucumber imports the step files with Node's own loader, which
 * may hold a second instance of this module beside the caller's (a test runner's).
 */
const REGISTRY = Symbol.for("ctips-kit.client-runs");
const global = globalThis as Record<symbol, Map<string, ClientRun> | undefined>;
global[REGISTRY] ??= new Map();
const runs: Map<string, ClientRun> = global[REGISTRY];

/** The run a scenario belongs to (its world parameters name it). */
export function clientRun(id: string): ClientRun {
  const run = runs.get(id);
  if (!run)
    throw new KitError("CTIPSKIT_E_CHECK_INPUT", `no client certification run '${id}' in this process`, {
      fix: "features/client run only under `ctips-kit certify client`",
    });
  return run;
}

export class ClientRun {
  readonly id = randomUUID();
  /** Every exchange of both mocks, in order: what the client did is judged from it. */
  readonly timeline = new Timeline({ recorder: "mock-ctips" });
  primary!: MockCtips;
  secondary!: MockCtips;
  private primaryUp = false;
  private child: ChildProcess | undefined;
  private exited: Promise<ClientExit> | undefined;
  exit: ClientExit | undefined;
  /** The client's stdout and stderr, last lines (for messages when it misbehaves or dies). */
  readonly output: string[] = [];
  private port = 0;
  /** The client was stopped (by the kit, or by the operator when asked). */
  stopped = false;

  private constructor(readonly o: ClientRunOptions) {}

  static async start(o: ClientRunOptions): Promise<ClientRun> {
    const run = new ClientRun(o);
    run.primary = await run.startMock(o.port);
    run.port = run.primary.port;
    run.primaryUp = true;
    run.secondary = await run.startMock(o.secondaryPort);
    runs.set(run.id, run);
    if (o.run) run.spawnClient(o.run);
    return run;
  }

  private get log(): Logger {
    return this.o.logger ?? nullLogger;
  }

  private async startMock(port: number): Promise<MockCtips> {
    const config: Partial<MockConfig> = {
      ...fastTimings,
      host: this.o.host,
      port,
      heartbeatIntervalMs: this.o.heartbeatIntervalMs,
      missedHeartbeats: this.o.missedHeartbeats,
      callbackTimeoutMs: this.o.callbackTimeoutMs,
      logLevel: "error",
      timelineRetain: Number.MAX_SAFE_INTEGER,
      timings: {
        deliverMs: 5,
        distributeMs: 5,
        farEndAnswerMs: 5,
        passcodeMs: 5,
        routeTimeoutMs: this.o.routeTimeoutMs,
      },
    };
    return startMockCtips(resolveMockConfig({ source: "certify client", value: config }), {
      logger: this.log,
      timeline: this.timeline,
    });
  }

  /** What the client is told (docs/certify-client.md, "The client's side of the contract"). */
  env(): Record<string, string> {
    const cfg = this.primary.core.config;
    const user = cfg.users[0];
    return {
      CTIPS_ENDPOINT: this.primary.endpoint,
      CTIPS_SECONDARY_ENDPOINT: this.secondary.endpoint,
      CTIPS_USER: user.userName,
      CTIPS_PASSWORD: user.password,
      CTIPS_TENANT: String(cfg.tenantId),
      CTIPS_PROFILE: this.o.profile,
      CTIPS_AGENTS: this.o.agents.map((a) => `${a.loginName}:${a.station}`).join(","),
      CTIPS_DISPOSITION_ID: String(this.o.dispositionId),
      CTIPS_CALLBACK_HOST: this.o.host,
      CTIPS_HEARTBEAT_MS: String(this.o.heartbeatIntervalMs),
      CTIPS_HEARTBEAT_TIMEOUT_MS: String(this.o.clientHeartbeatTimeoutMs),
    };
  }

  private spawnClient(command: string): void {
    // Its own process group: stopping it reaches the client, not only the shell.
    // A simple command replaces the shell (exec), so its exit status is the client's own.
    const simple = !/[;&|\n()`$<>]/.test(command);
    const child = spawn("/bin/sh", ["-c", simple ? `exec ${command}` : command], {
      env: { ...process.env, ...this.env() },
      stdio: ["ignore", "pipe", "pipe"],
      cwd: this.o.runCwd,
      detached: true,
    });
    this.child = child;
    const keep = (d: Buffer) => {
      for (const line of String(d).split("\n").filter(Boolean)) {
        this.output.push(line);
        if (this.output.length > 200) this.output.shift();
      }
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      child.on("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      child.on("error", (err) => {
        this.output.push(`could not start the client: ${err.message}`);
        this.exit = { code: 127, signal: null };
        resolve(this.exit);
      });
    });
  }

  /** Whether the kit started the client (and so can stop it). */
  get startedClient(): boolean {
    return this.child !== undefined;
  }

  /**
   * The client's session that is online now (OnLine answered, not ended), the newest
   * first; undefined when there is none.
   */
  onlineSession(since = 0): string | undefined {
    const index = indexTimeline(this.timeline.entries);
    const online = [...index.sessions.values()].filter(
      (s) => !s.end && s.onlineWindows.some((w) => !w.to && w.from.seq >= since),
    );
    return online.at(-1)?.id;
  }

  /** Waits until the client has a session online (opened at or after `since`); undefined on timeout. */
  async awaitOnline(timeoutMs: number, since = 0): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.onlineSession(since);
      if (s) return s;
      if (this.exit || Date.now() > deadline) return undefined;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The mocks serving now: the primary (unless stopped) and the secondary. */
  get mocks(): MockCtips[] {
    return this.primaryUp ? [this.primary, this.secondary] : [this.secondary];
  }

  /** Where a client goes first: the primary while it is up, else the secondary. */
  get current(): MockCtips {
    return this.primaryUp ? this.primary : this.secondary;
  }

  /** The mock that holds the session. */
  mockOf(sessionId: string): MockCtips | undefined {
    return this.mocks.find((m) => m.core.openSessions.some((s) => s.id === sessionId));
  }

  /** Events the mock has for the session that the client has not answered yet (queued or in flight). */
  pendingEvents(sessionId: string): number {
    const s = this.mockOf(sessionId)?.core.openSessions.find((x) => x.id === sessionId);
    return s?.pending ?? 0;
  }

  /** Disposes the client's online session, as the CTIPS does after missed heartbeats (EDK 4-1). */
  disposeClientSession(): string {
    const id = this.onlineSession();
    const mock = id ? this.mockOf(id) : undefined;
    if (!id || !mock) throw new Error("the client has no session online to dispose");
    mock.control.disposeSession(id, "missed heartbeats (client certification)");
    return id;
  }

  /** Asks the operator to do something to a client the kit did not start. */
  askOperator(message: string): void {
    this.o.onOperator?.(message);
    this.log.warn(message);
  }

  markStopped(): void {
    this.stopped = true;
  }

  /** `mock` stops and starts again on the same address, knowing nothing (EDK 1-2: "stateless"). */
  async restart(mock: MockCtips): Promise<void> {
    if (mock === this.primary) {
      await this.stopPrimary();
      await this.startPrimary();
      return;
    }
    const port = this.secondary.port;
    await this.secondary.close();
    this.secondary = await this.startMock(port);
  }

  /** The primary CTIPS goes away: every session on it is lost, its port closed. */
  async stopPrimary(): Promise<void> {
    if (!this.primaryUp) return;
    this.primaryUp = false;
    await this.primary.close();
  }

  /** The primary CTIPS comes back on the same address, knowing nothing (EDK 1-2: "stateless"). */
  async startPrimary(): Promise<void> {
    if (this.primaryUp) return;
    this.primary = await this.startMock(this.port);
    this.primaryUp = true;
  }

  /**
   * Stops the client the kit started (SIGTERM, then SIGKILL after `timeoutMs`); resolves
   * with how it ended. Without `--run`, the operator stops it: wait for its CloseConnection.
   */
  async stopClient(timeoutMs: number): Promise<ClientExit | undefined> {
    if (!this.child || !this.exited) return undefined;
    this.stopped = true;
    const pid = this.child.pid;
    if (!pid) return this.exited;
    // The shell may exit before the client: wait for the whole group.
    const groupAlive = () => this.clientRunning;
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-pid, s);
      } catch {
        // already gone
      }
    };
    if (!this.exit || groupAlive()) signal("SIGTERM");
    const deadline = Date.now() + timeoutMs;
    while (groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (groupAlive()) {
      this.output.push(`the client did not stop within ${timeoutMs} ms of SIGTERM: killed`);
      signal("SIGKILL");
    }
    return this.exited;
  }

  /** Whether the client the kit started is still running (any process of its group). */
  get clientRunning(): boolean {
    const pid = this.child?.pid;
    if (!pid) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.stopClient(2_000).catch(() => undefined);
    if (this.primaryUp) await this.primary.close().catch(() => undefined);
    await this.secondary?.close().catch(() => undefined);
    runs.delete(this.id);
  }
}
