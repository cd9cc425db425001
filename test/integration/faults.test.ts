/**
 * Every FaultErrorCode the mock produces, each provoked through the recording client by a
 * request that deserves it, and seen on both timelines (docs/sessions.md, docs/flows.md).
 *
 * Codes the mock never produces, and why:
 * - UnknownRequest: an operation the service lacks never reaches the service code; the mock
 *   answers it as WCF does, with a plain `ActionNotSupported` SOAP fault (tested below).
 * - NullReference: the real server's wrapper for a .NET NullReferenceException; the mock
 *   checks every argument first, so an absent member is MissingArg and a nil or wrong value
 *   InvalidParameter.
 * - SendRequestFailed: the real CTIPS failing to pass a request on to the Unified IP
 *   system; the mock's simulator runs in-process, and a down CenterCord link answers
 *   RequestFailed instead (docs/flows.md).
 * All three can still be sent with the `fault-response` fault injection (docs/fault-injection.md).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contract, encodeRequest } from "../../src/contract/index.ts";
import type { ClientSession, RecordingClient, SendOutcome } from "../../src/mock-client/index.ts";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import { envelopeMissing, expectFault, Peers, sleep, TENANT, USER } from "./peers.ts";

const NEVER_PRODUCED = ["UnknownRequest", "NullReference", "SendRequestFailed"];

const peers = new Peers();
let mock: MockCtips;
let client: RecordingClient;
let s: ClientSession;

beforeEach(async () => {
  mock = await peers.mock();
  client = await peers.client(mock);
  s = await client.openSession({ categories: ["EventCategoryAgent", "EventCategoryCall"] });
});
afterEach(() => peers.close());

interface Case {
  operation: string;
  /** The request that deserves the fault. */
  send(): Promise<SendOutcome>;
}

/** FaultErrorCode → the requests that deserve it. */
const CASES: Record<string, Case[]> = {
  MissingArg: [
    {
      operation: "OnLine",
      send: () =>
        client.sendRaw("OnLine", {}, { rawXml: envelopeMissing("OnLine", { SessionId: s.sessionId }) }),
    },
  ],
  InvalidParameter: [
    {
      operation: "AddMessageClass",
      send: () => s.send("AddMessageClass", { MessageClass: "INVALID" }),
    },
    {
      operation: "OnLine",
      // An int member whose text is not a number: the bytes only sendRaw can write.
      send: () => {
        const xml = encodeRequest(contract().operation("OnLine"), {
          args: { SessionId: s.sessionId, TenantId: TENANT },
        }).replace(/(TenantId>)1(<)/, "$1one$2");
        expect(xml).toContain(">one<");
        return client.sendRaw("OnLine", {}, { rawXml: xml });
      },
    },
    {
      operation: "SetAgentState",
      send: () => s.send("SetAgentState", { AgentIdx: 1001, NewState: "INVALID" }),
    },
  ],
  InvalidSessionId: [
    {
      operation: "OnLine",
      send: () =>
        client.sendRaw("OnLine", { SessionId: "00000000-0000-0000-0000-000000000000", TenantId: TENANT }),
    },
    {
      operation: "OnLine",
      send: async () => {
        expect((await s.close()).ok).toBe(true);
        return s.online();
      },
    },
  ],
  InvalidTenantId: [
    {
      operation: "OpenConnection",
      send: () =>
        client.sendRaw("OpenConnection", {
          TenantIds: [TENANT + 1],
          UserCredentials: { UserName: USER.userName, Password: USER.password },
          ClientCallbackURL: client.callbackUrl,
        }),
    },
    {
      operation: "GetAgentState",
      send: () => s.send("GetAgentState", { TenantId: TENANT + 1, AgentIdx: 1001 }),
    },
  ],
  InvalidRequest: [
    {
      operation: "GetAgentState",
      send: async () => {
        expect((await s.offline()).ok).toBe(true);
        return s.send("GetAgentState", { AgentIdx: 1001 });
      },
    },
  ],
  RequestFailed: [
    {
      operation: "GetAgentState",
      send: () => {
        mock.control.setLink("CenterCord", "down");
        return s.send("GetAgentState", { AgentIdx: 1001 });
      },
    },
  ],
  InvalidCallId: [
    {
      operation: "ClearCall",
      send: () => s.send("ClearCall", { AgentIdx: 1001, CallId: 0 }),
    },
    {
      operation: "RouteSelect",
      send: () =>
        s.send("RouteSelect", {
          CallId: -5,
          DestinationAddress: "100",
          RouteActionType: "RouteToService",
          UserData: null,
        }),
    },
  ],
  InvalidDestination: [
    {
      operation: "MakeCall",
      send: () =>
        s.send("MakeCall", {
          AgentIdx: 1001,
          CallId: -1,
          ServiceId: 0,
          DestinationType: "External",
          DestinationAddress: "call my mother",
          WrapState: false,
        }),
    },
  ],
  InvalidRouteType: [
    {
      operation: "RouteSelect",
      send: () =>
        s.send("RouteSelect", {
          CallId: 70001,
          DestinationAddress: "100",
          RouteActionType: "Ivr",
          UserData: null,
        }),
    },
  ],
  GeneralError: [
    {
      // No request deserves it from a healthy mock: only an internal failure or an injected fault.
      operation: "GetAgentState",
      send: () => {
        mock.control.addFault({ name: "fault-response", scope: { operation: "GetAgentState" }, count: 1 });
        return s.send("GetAgentState", { AgentIdx: 1001 });
      },
    },
  ],
};

describe("faults over real HTTP, one deserving request per FaultErrorCode", () => {
  it("covers every FaultErrorCode of the contract: produced here, or listed as never produced", () => {
    const all = Object.keys(contract().enumInfo("FaultErrorCode").values).sort();
    const covered = [...Object.keys(CASES), "MaxNumberClientConnections", ...NEVER_PRODUCED].sort();
    expect(covered).toEqual(all);
  });

  for (const [code, cases] of Object.entries(CASES)) {
    cases.forEach((c, i) => {
      it(`answers ${c.operation} with ${code}${cases.length > 1 ? ` (case ${i + 1})` : ""}`, async () => {
        const { outcome } = await expectFault(mock, c.send, code, c.operation);
        // A fault changes nothing and is followed by no event (docs/flows.md).
        if (outcome.requestId !== undefined) {
          await sleep(30);
          expect(s.byRequestId(outcome.requestId).events).toEqual([]);
        }
      });
    });
  }

  it("answers the 11th OpenConnection with MaxNumberClientConnections, and opens one again once one closes", async () => {
    for (let i = 2; i <= 10; i++) await client.openSession({ categories: [], online: false });
    expect(mock.core.openSessions).toHaveLength(10);
    const { mockFault } = await expectFault(
      mock,
      () =>
        client.sendRaw("OpenConnection", {
          TenantIds: [TENANT],
          UserCredentials: { UserName: USER.userName, Password: USER.password },
          ClientCallbackURL: client.callbackUrl,
        }),
      "MaxNumberClientConnections",
      "OpenConnection",
    );
    expect(mockFault.message).toContain("(10)");
    expect(mock.core.openSessions).toHaveLength(10);
    // A closed session frees its place.
    await s.close();
    await expect(client.openSession({ categories: [], online: false })).resolves.toBeDefined();
  });

  it("answers an operation the service lacks with WCF's ActionNotSupported, never UnknownRequest", async () => {
    const since = mock.timeline.length;
    const action = "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08/AgentCallService/DialTone";
    const outcome = await client.sendRaw(
      "OnLine",
      { SessionId: s.sessionId, TenantId: TENANT },
      {
        soapAction: action,
      },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.fault.detail).toBeUndefined();
    expect(outcome.fault.faultcode).toMatch(/ActionNotSupported$/);
    expect(outcome.response).toMatchObject({ kind: "fault", faultCode: outcome.fault.faultcode });
    expect(mock.timeline.query((e) => e.kind === "fault", since)).toEqual([]);
    expect(mock.timeline.query((e) => e.kind === "transportError", since)).toMatchObject([
      { code: "action-not-supported" },
    ]);
  });
});
