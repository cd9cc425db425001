/**
 * A mock CTIPS and the kit's recording client talking real SOAP over 127.0.0.1. The world is
 * driven only through the mock's HTTP control plane (`control`), the client side only
 * through SOAP requests of the recording client; what a real client sees is the client's
 * timeline (`events`).
 */
import { request } from "undici";
import type { Fault } from "../../src/mock-ctips/faults.ts";
import {
  defaultMockConfig,
  type MockConfig,
  type MockCtips,
  resolveMockConfig,
  startMockCtips,
} from "../../src/mock-ctips/index.ts";
import { fill } from "../../src/mock-ctips/simulator/events.ts";
import { contract } from "../../src/contract/index.ts";
import type {
  ClientSession,
  EventMatch,
  OpenSessionOptions,
  RecordingClient,
  SendOutcome,
} from "../../src/mock-client/index.ts";
import { createRecordingClient } from "../../src/mock-client/index.ts";
import type { TimelineEntry } from "../../src/timeline/index.ts";
import { Timeline } from "../../src/timeline/index.ts";

/** How long a test waits for one awaited event; generous for a loaded 2-core machine. */
export const WAIT_MS = 3_000;

/** Millisecond timings of the simulated world (docs/topology.md "Timings"). */
export const FAST_TIMINGS = { deliverMs: 1, distributeMs: 1, farEndAnswerMs: 1, passcodeMs: 1 };

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** The mock's HTTP control plane (docs/control-plane.md), over undici. */
export class ControlPlaneHttp {
  constructor(private readonly base: string) {}

  async call(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown> {
    const res = await request(`${this.base}/control/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    const value: unknown = text ? JSON.parse(text) : undefined;
    if (res.statusCode >= 300) throw new ControlError(res.statusCode, value, `${method} /control/${path}`);
    return value;
  }

  async createCall(serviceId: number, ani = "5551234", dnis = "8005550100"): Promise<number> {
    const { callId } = (await this.call("POST", "calls", { serviceId, ani, dnis })) as { callId: number };
    return callId;
  }

  async hangup(callId: number): Promise<void> {
    await this.call("POST", `calls/${callId}/hangup`);
  }

  async answer(loginName: string): Promise<void> {
    await this.call("POST", `agents/${encodeURIComponent(loginName)}/answer`);
  }

  addFault(input: {
    name: string;
    scope?: { operation?: string; session?: string; eventType?: string };
    params?: Record<string, unknown>;
    count?: number;
  }): Promise<Fault> {
    return this.call("POST", "faults", input) as Promise<Fault>;
  }

  async removeFault(id: string): Promise<void> {
    await this.call("DELETE", `faults/${id}`);
  }

  faults(): Promise<Fault[]> {
    return this.call("GET", "faults") as Promise<Fault[]>;
  }
}

export interface WireWorld {
  mock: MockCtips;
  client: RecordingClient;
  /** The client's first session: online, subscribed to all four categories. */
  session: ClientSession;
  control: ControlPlaneHttp;
  /** The client's timeline (recordRaw on). */
  timeline: Timeline;
  close(): Promise<void>;
}

export interface WorldOptions {
  config?: Partial<MockConfig>;
  session?: OpenSessionOptions;
}

export async function startWireWorld(o: WorldOptions = {}): Promise<WireWorld> {
  const { timings, topology, ...rest } = o.config ?? {};
  const config = resolveMockConfig({
    source: "test",
    value: {
      port: 0,
      heartbeatIntervalMs: 60_000,
      callbackTimeoutMs: 2_000,
      timings: { ...FAST_TIMINGS, ...timings },
      ...rest,
    },
  });
  const mock = await startMockCtips(topology ? { ...config, topology } : config);
  const timeline = new Timeline({ recorder: "client", recordRaw: true });
  const user = defaultMockConfig.users[0];
  const client = await createRecordingClient({
    target: mock.endpoint,
    credentials: { userName: user.userName, password: user.password },
    tenantId: config.tenantId,
    timeline,
    requestTimeoutMs: 5_000,
  });
  const session = await client.openSession(o.session);
  return {
    mock,
    client,
    session,
    control: new ControlPlaneHttp(mock.url),
    timeline,
    async close() {
      await client.close();
      await mock.close();
    },
  };
}

/**
 * Sends one agent/call/route request with every argument member given (defaults for those
 * `args` leaves out; SessionId, TenantId and RequestId are filled by the session) and
 * expects it accepted; returns its RequestId.
 */
export async function send(s: ClientSession, op: string, args: Record<string, unknown>): Promise<number> {
  const outcome = await sendOutcome(s, op, args);
  if (!outcome.ok)
    throw new Error(`${op} was refused: ${outcome.fault.detail?.ErrorCode} ${outcome.fault.detail?.Message}`);
  return outcome.requestId as number;
}

export function sendOutcome(
  s: ClientSession,
  op: string,
  args: Record<string, unknown>,
): Promise<SendOutcome> {
  const typeName = contract().operation(op).params[0].typeText;
  const { SessionId: _s, TenantId: _t, RequestId: _r, ...full } = fill(typeName, args);
  return s.send(op, full);
}

export function waitEvent(s: ClientSession, match: EventMatch, since = 0): Promise<TimelineEntry> {
  return s.waitForEvent(match, WAIT_MS, since);
}

/** The agent's AgentStateChange to `state` (at or after seq `since`). */
export function waitState(
  s: ClientSession,
  agentId: number,
  state: string,
  since = 0,
): Promise<TimelineEntry> {
  return waitEvent(
    s,
    { type: "AgentStateChange", where: (v) => v.AgentId === agentId && v.AgentState === state },
    since,
  );
}

/** LoginAgent at the agent's own station; resolves with the AgentId once the initial state is reported. */
export async function login(s: ClientSession, loginName: string, initState = "Idle"): Promise<number> {
  const rid = await send(s, "LoginAgent", { AgentLoginName: loginName, StationId: "", InitState: initState });
  const e = await waitEvent(s, { type: "AgentStateChange", requestId: rid });
  return e.agentId as number;
}

/**
 * Resolves once no event has reached the client for `quietMs`: the flow has settled and any
 * event it should not have produced would have arrived.
 */
export function quiet(timeline: Timeline, quietMs = 60): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(done, quietMs);
    const off = timeline.onAppend((e) => {
      if (e.kind !== "event") return;
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    function done() {
      off();
      resolve();
    }
  });
}

/** The client's events (of one session) at or after seq `since`. */
export function eventsSince(s: ClientSession, since: number): TimelineEntry[] {
  return s.events({ since });
}
