/**
 * The encoder's XML equals hand-written XML derived from wire-contract.md (member order,
 * namespaces, prefixes, xsi:type), whitespace between tags normalised; and the decoder
 * reads the hand-written XML back to the same value with no deviation.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  contract,
  decodeMessage,
  encodeFault,
  encodeRequest,
  encodeResponse,
} from "../../src/contract/index.ts";

const c = contract();
const golden = (name: string) => readFileSync(join(import.meta.dirname, "golden", `${name}.xml`), "utf8");
const normalise = (xml: string) => xml.replace(/>\s+</g, "><").trim();

const header = (type: string, category: string, requestId: number) => ({
  EventCategory: category,
  EventType: type,
  SiteId: 1,
  TenantId: 7,
  RequestId: requestId,
});
const filter = (serviceId: number, agentId: number) => ({
  SwitchId: 2,
  ServiceId: serviceId,
  AgentId: agentId,
});

const events: Record<string, { type: string; value: Record<string, unknown> }> = {
  CallDelivered: {
    type: "CTICallDelivered",
    value: {
      ...header("CallDelivered", "EventCategoryCall", 0),
      ...filter(100, 0),
      CallId: 5001,
      CallSequenceId: "9007199254740993",
      CallOriginatingSiteId: 1,
      CallType: "InboundAcd",
      ANI: "5551234",
      DNIS: "8005550100",
    },
  },
  CallConnected: {
    type: "CTICallConnected",
    value: {
      ...header("CallConnected", "EventCategoryCall", 0),
      ...filter(100, 1001),
      CallId: 5001,
      CallSequenceId: "42",
      CallOriginatingSiteId: 1,
      ResponseRequired: true,
      PlayAudioAlert: false,
      RejectReasonRequired: false,
      CallInfo: {
        ANI: "5551234",
        DNIS: "8005550100",
        FirstName: "Ada",
        LastName: "Lovelace & Co",
        PhoneNumber: null,
        CallerId: "ADA",
        CallData: [
          { key: "account", value: "A-17" },
          { key: "tier", value: "<gold>" },
        ],
      },
      CallType: "InboundAcd",
      OriginatingAgentId: 0,
      ResourceGroupId: 3,
      ChannelId: 12,
      CircuitId: 4,
    },
  },
  AgentLoginStateChange: {
    type: "CTIAgentLoginStateChange",
    value: {
      ...header("AgentLoginStateChange", "EventCategoryAgent", 17),
      ...filter(0, 1001),
      AgentLoginName: "agent1",
      LoginState: "AgentLoggedIn",
      AgentWorkGroupId: 10,
      AgentCapabilities: ["StandardAgent", "Director"],
      AgentStationAddress: "4001",
      AgentMailbox: "agent1@example.invalid",
      ResourceGroupId: 3,
      CircuitId: 4,
      ChannelId: 12,
      SipIpAddress: "127.0.0.1",
      SipPortNumber: 5060,
      ServiceState: [
        { ServiceId: 100, ServiceState: "Active" },
        { ServiceId: 200, ServiceState: "UnManned" },
      ],
      AgentCTIId: 77,
    },
  },
  AgentStateChange: {
    type: "CTIAgentStateChange",
    value: {
      ...header("AgentStateChange", "EventCategoryAgent", 18),
      ...filter(0, 1001),
      AgentState: "Idle",
      ServiceIds: [100, 200],
    },
  },
  RouteRequest: {
    type: "CTIRouteRequest",
    value: {
      ...header("RouteRequest", "EventCategoryRoute", 0),
      ...filter(400, 0),
      CallId: 5002,
      RouteTimeout: 5000,
      ResourceGroupId: 3,
      CircuitId: 4,
      ChannelId: 13,
      MediaType: "VoiceSip",
      SipIpAddress: "127.0.0.1",
      SipPortNumber: 5060,
      CallInfo: {
        ANI: "5551234",
        DNIS: "8005550400",
        FirstName: "",
        LastName: "",
        PhoneNumber: "5551234",
        CallerId: "5551234",
        CallData: [],
      },
    },
  },
  CallEnd: {
    type: "CTICallEnd",
    value: {
      ...header("CallEnd", "EventCategoryCall", 0),
      ...filter(100, 1001),
      CallId: 5001,
      CallSequenceId: "42",
      CallOriginatingSiteId: 1,
      AgentDisposition: 3,
      CallData: null,
    },
  },
  LinkStatus: {
    type: "CTILinkStatus",
    value: {
      ...header("LinkStatus", "EventCategorySystem", 0),
      ...filter(0, 0),
      ComponentType: "CenterCord",
      ComponentState: "Down",
    },
  },
  SnapShotUpdate: {
    type: "CTISnapShotUpdate",
    value: {
      ...header("SnapShotUpdate", "EventCategorySystem", 21),
      SnapShotType: "ServiceInfo",
      AgentData: null,
      CallData: null,
      ServiceData: { ServiceId: 100, ServiceState: "Active", ExternalRoutingEnabled: false },
      SnapShotTypeComplete: true,
    },
  },
  CallTransferred: {
    type: "CTICallTransferred",
    value: {
      ...header("CallTransferred", "EventCategoryCall", 31),
      ...filter(100, 1001),
      CallId: 5001,
      CallSequenceId: "-9223372036854775808",
      CallOriginatingSiteId: 1,
      ConsultingCallId: 5001,
      ConsultedCallId: 5003,
      ConsultationAgentId: 1002,
      TransferredCallId: 5001,
      TransferredCallSwitchId: 2,
    },
  },
};

const session = { SessionId: "S-1" };
const requests: Record<string, Record<string, unknown>> = {
  OpenConnection: {
    TenantIds: [7],
    UserCredentials: { UserName: "ctiuser", Password: "s3cret" },
    ClientCallbackURL: "http://127.0.0.1:8174/www.aspect.com/PublishEvents",
  },
  LoginAgent: {
    ...session,
    RequestId: 17,
    TenantId: 7,
    AgentLoginName: "agent1",
    StationId: "4001",
    InitState: "Idle",
    MultiLine: 0,
  },
  PanicLogoutAgent: {
    ...session,
    RequestId: 19,
    TenantId: 7,
    AgentIdx: 1001,
    AgentLoginNameList: ["agent1", "agent2"],
    LogoutAllAgents: false,
  },
  Snapshot: { ...session, RequestId: 21, TenantId: 7, EntityType: ["AgentInfo", "ServiceInfo"] },
  TransferCall: {
    ...session,
    RequestId: 31,
    TenantId: 7,
    AgentIdx: 1001,
    CallId: 5001,
    TransferType: "Blind",
    DestinationType: "Agent",
    DestinationAddress: "agent2",
    ConsultationCallId: 0,
    UserData: [],
    ServiceId: 0,
  },
  AddFilter: { ...session, TenantId: 7, FieldType: "FT_AGENT_ID", FieldValue: "agent1" },
};

describe("the encoder writes what WCF writes", () => {
  it.each(Object.keys(events))("for the %s event", (name) => {
    const ev = events[name];
    expect(c.validate(ev.type, ev.value)).toEqual([]);
    const xml = encodeRequest(c.operation("PublishCTIEvent"), { ctiEvent: ev });
    expect(normalise(xml)).toBe(normalise(golden(`event-${name}`)));
  });

  it.each(Object.keys(requests))("for the %s request", (name) => {
    const op = c.operation(name);
    expect(c.validate(name, { args: requests[name] })).toEqual([]);
    expect(normalise(encodeRequest(op, { args: requests[name] }))).toBe(normalise(golden(`request-${name}`)));
  });

  it("for SessionObject in the OpenConnection response", () => {
    const xml = encodeResponse(c.operation("OpenConnection"), { SessionId: "c0ffee", Response: "success" });
    expect(normalise(xml)).toBe(normalise(golden("response-OpenConnection")));
  });

  it("for the CTIPortalServiceFault", () => {
    const xml = encodeFault({ ErrorCode: "InvalidSessionId", Message: "Session 'nope' is not open" });
    expect(normalise(xml)).toBe(normalise(golden("fault-InvalidSessionId")));
  });

  it("notices a golden file that differs (the comparison can fail)", () => {
    const xml = encodeRequest(c.operation("PublishCTIEvent"), { ctiEvent: events.CallDelivered });
    expect(normalise(xml)).not.toBe(
      normalise(golden("event-CallDelivered").replace("<a:SiteId>1", "<a:SiteId>2")),
    );
  });
});

describe("the decoder reads the hand-written XML back", () => {
  it.each(Object.keys(events))("for the %s event, with no deviation", (name) => {
    const msg = decodeMessage(golden(`event-${name}`));
    expect(msg).toMatchObject({ kind: "request", deviations: [], params: { ctiEvent: events[name] } });
  });

  it.each(Object.keys(requests))("for the %s request, with no deviation", (name) => {
    expect(decodeMessage(golden(`request-${name}`))).toMatchObject({
      kind: "request",
      deviations: [],
      params: { args: requests[name] },
    });
  });

  it("for the fault", () => {
    expect(decodeMessage(golden("fault-InvalidSessionId"))).toMatchObject({
      kind: "fault",
      faultcode: "s:Client",
      detail: { ErrorCode: "InvalidSessionId" },
      deviations: [],
    });
  });
});
