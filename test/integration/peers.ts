/**
 * The two peers the kit ships, started against each other over real HTTP on 127.0.0.1:
 * the mock CTIPS and the recording client. Shared by the integration tests, which judge
 * both timelines (the mock's, recorder `mock-ctips`, and the client's, recorder `client`).
 */
import { expect } from "vitest";
import { Codec, contract, encodeRequest } from "../../src/contract/index.ts";
import {
  createRecordingClient,
  type RecordingClient,
  type RecordingClientOptions,
  type SendOutcome,
} from "../../src/mock-client/index.ts";
import {
  defaultMockConfig,
  type MockConfig,
  type MockCtips,
  resolveMockConfig,
  startMockCtips,
} from "../../src/mock-ctips/index.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";

export const USER = defaultMockConfig.users[0];
export const TENANT = defaultMockConfig.tenantId;

/**
 * Starts mocks and recording clients aimed at them, and closes whatever a test started,
 * clients first (they send CloseConnection to the mock).
 */
export class Peers {
  private readonly clients: RecordingClient[] = [];
  private readonly mocks: MockCtips[] = [];

  /** A mock with millisecond simulator timings and heartbeats far apart (heartbeat tests set their own). */
  async mock(overrides: Partial<MockConfig> = {}): Promise<MockCtips> {
    const config = resolveMockConfig({
      source: "integration test",
      value: {
        port: 0,
        heartbeatIntervalMs: 60_000,
        callbackTimeoutMs: 2_000,
        timings: { deliverMs: 1, distributeMs: 1, farEndAnswerMs: 1, passcodeMs: 1 },
        ...overrides,
      },
    });
    const m = await startMockCtips(config);
    this.mocks.push(m);
    return m;
  }

  /** A recording client aimed at `mock`, with the mock's user and tenant. */
  async client(mock: MockCtips, options: Partial<RecordingClientOptions> = {}): Promise<RecordingClient> {
    const c = await createRecordingClient({
      target: mock.endpoint,
      credentials: { userName: USER.userName, password: USER.password },
      tenantId: TENANT,
      ...options,
    });
    this.clients.push(c);
    return c;
  }

  async close(): Promise<void> {
    for (const c of this.clients.splice(0)) await c.close();
    for (const m of this.mocks.splice(0)) await m.close();
  }
}

/** Writes a request whose arguments may lack required members (for MissingArg). */
const lenient = new Codec(undefined, { skipMissingRequired: true });
export function envelopeMissing(operation: string, args: Record<string, unknown>): string {
  return encodeRequest(contract().operation(operation), { args }, "wire", lenient);
}

/**
 * Sends with `send` and asserts that the answer is a CTIPortalServiceFault with `code`,
 * recorded on both sides: the client's `fault` entry answers its request, and the mock
 * recorded exactly one request of `operation` and one `fault` with `code` answering it.
 */
export async function expectFault(
  mock: MockCtips,
  send: () => Promise<SendOutcome>,
  code: string,
  operation: string,
): Promise<{ outcome: SendOutcome; mockFault: TimelineEntry }> {
  const since = mock.timeline.length;
  const outcome = await send();
  expect(outcome.ok ? outcome.result : outcome.fault.detail?.ErrorCode).toBe(code);
  expect(outcome.request).toMatchObject({ recorder: "client", kind: "request", name: operation });
  expect(outcome.response).toMatchObject({
    recorder: "client",
    kind: "fault",
    direction: "in",
    faultCode: code,
    name: operation,
    replyTo: outcome.request.seq,
    httpStatus: 500,
  });
  const requests = mock.timeline.query((e) => e.kind === "request" && e.name === operation, since);
  const faults = mock.timeline.query((e) => e.kind === "fault", since);
  expect(requests).toHaveLength(1);
  expect(faults).toHaveLength(1);
  expect(faults[0]).toMatchObject({
    recorder: "mock-ctips",
    direction: "out",
    name: operation,
    faultCode: code,
    replyTo: requests[0].seq,
  });
  return { outcome, mockFault: faults[0] };
}

/** Resolves once `n` entries matching `pred` have been appended (counting those already there). */
export function countReached(
  timeline: RecordingClient["timeline"],
  pred: (e: TimelineEntry) => boolean,
  n: number,
  timeoutMs: number,
): Promise<void> {
  let seen = timeline.query(pred).length;
  if (seen >= n) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`saw ${seen} of ${n} awaited entries within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = timeline.onAppend((e) => {
      if (pred(e) && ++seen >= n) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

/**
 * Counts, from now on, the entries appended that match `pred`, keeping those `keep` selects.
 * Counting on append sees every entry, also those a timeline with `retain` drops from memory.
 */
export function tally(
  timeline: RecordingClient["timeline"],
  pred: (e: TimelineEntry) => boolean,
  keep: (e: TimelineEntry) => boolean = () => false,
) {
  let count = 0;
  const kept: TimelineEntry[] = [];
  let wake: (() => void) | undefined;
  const stop = timeline.onAppend((e) => {
    if (!pred(e)) return;
    count++;
    if (keep(e)) kept.push(e);
    wake?.();
  });
  return {
    get count() {
      return count;
    },
    kept,
    stop,
    /** Resolves when `n` have been counted; rejects after `timeoutMs` naming how many were. */
    reached(n: number, timeoutMs: number): Promise<void> {
      if (count >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          wake = undefined;
          reject(new Error(`counted ${count} of ${n} entries within ${timeoutMs} ms`));
        }, timeoutMs);
        wake = () => {
          if (count < n) return;
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
      });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
