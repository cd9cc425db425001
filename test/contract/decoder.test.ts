/** The tolerant reader accepts what peers really send and reports every deviation. */
import { describe, expect, it } from "vitest";
import { contract, type DecodedMessage, decodeMessage, encodeRequest } from "../../src/contract/index.ts";
import { unquoteSoapAction } from "../../src/contract/soap.ts";

const c = contract();
const API = "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08";
const CPA = "http://www.aspect.com/unifiedip/edk/clientpublishapi/2009/08";
const CD = "http://www.aspect.com/unifiedip/edk/commondata/2009/08";
const env = (body: string) =>
  `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${body}</s:Body></s:Envelope>`;
const kinds = (m: DecodedMessage) => m.deviations.map((d) => d.kind);

describe("the decoder", () => {
  it("reads members in any order and reports the order once", () => {
    const xml = env(
      `<LoginAgent xmlns="${API}"><args xmlns:a="${API}"><a:TenantId>1</a:TenantId><a:RequestId>2</a:RequestId><a:SessionId>S</a:SessionId>` +
        `<a:StationId>4001</a:StationId><a:AgentLoginName>agent1</a:AgentLoginName><a:InitState>Idle</a:InitState></args></LoginAgent>`,
    );
    const m = decodeMessage(xml);
    expect(m).toMatchObject({
      kind: "request",
      params: {
        args: {
          SessionId: "S",
          RequestId: 2,
          TenantId: 1,
          AgentLoginName: "agent1",
          StationId: "4001",
          InitState: "Idle",
        },
      },
    });
    expect(kinds(m)).toEqual(["member-order"]);
  });

  it("infers an event's type from EventType when xsi:type is missing, and says so", () => {
    const xml = env(
      `<PublishCTIEvent xmlns="${CPA}"><ctiEvent><EventCategory>EventCategoryCall</EventCategory><EventType>CallHeld</EventType>` +
        `<SiteId>1</SiteId><TenantId>1</TenantId><RequestId>9</RequestId><SwitchId>1</SwitchId><ServiceId>100</ServiceId><AgentId>1001</AgentId>` +
        `<CallId>5</CallId><CallSequenceId>1</CallSequenceId><CallOriginatingSiteId>1</CallOriginatingSiteId></ctiEvent></PublishCTIEvent>`,
    );
    const m = decodeMessage(xml);
    expect(m).toMatchObject({
      kind: "request",
      params: { ctiEvent: { type: "CTICallHeld", value: { CallId: 5, RequestId: 9 } } },
    });
    expect(kinds(m)).toEqual(["missing-xsi-type"]);
  });

  it("maps RouteReject (the EventType) to the CTIRouteRejected wire type", () => {
    const ev = c.eventInfo("RouteReject");
    expect(ev?.name).toBe("CTIRouteRejected");
  });

  it("reads the guide's OpenConnection spellings TenantId and UserInfo", () => {
    const xml = env(
      `<OpenConnection xmlns="${API}"><args xmlns:a="${API}" xmlns:b="${CD}"><a:TenantId><int xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays">1</int></a:TenantId>` +
        `<a:UserInfo><b:UserName>u</b:UserName><b:Password>p</b:Password></a:UserInfo><a:ClientCallbackURL>http://x/</a:ClientCallbackURL></args></OpenConnection>`,
    );
    const m = decodeMessage(xml);
    expect(m).toMatchObject({
      kind: "request",
      params: { args: { TenantIds: [1], UserCredentials: { UserName: "u", Password: "p" } } },
    });
    expect(kinds(m)).toEqual(["guide-spelling", "guide-spelling"]);
  });

  it("reads the guide's PanicLogout and AgentId", () => {
    const xml = env(
      `<PanicLogout xmlns="${API}"><args xmlns:a="${API}"><a:SessionId>S</a:SessionId><a:RequestId>3</a:RequestId><a:TenantId>1</a:TenantId>` +
        `<a:AgentId>1001</a:AgentId><a:AgentLoginNameList/><a:LogoutAllAgents>true</a:LogoutAllAgents></args></PanicLogout>`,
    );
    const m = decodeMessage(xml);
    expect(m).toMatchObject({
      kind: "request",
      operation: { name: "PanicLogoutAgent" },
      guideForm: true,
      params: { args: { AgentIdx: 1001, LogoutAllAgents: true } },
    });
    expect(kinds(m)).toEqual(["guide-spelling", "guide-spelling"]);
  });

  it("reads the guide's HeartbeatMessage() with no parameter", () => {
    const m = decodeMessage(env(`<HeartbeatMessage xmlns="${CPA}"/>`));
    expect(m).toMatchObject({
      kind: "request",
      operation: { name: "Heartbeat" },
      guideForm: true,
      params: {},
    });
    expect(kinds(m)).toEqual(["guide-spelling"]);
  });

  it("reports a member in the wrong namespace", () => {
    const xml = env(
      `<CloseConnection xmlns="${API}"><args><SessionId xmlns="${CD}">S</SessionId></args></CloseConnection>`,
    );
    const m = decodeMessage(xml);
    expect(m).toMatchObject({ params: { args: { SessionId: "S" } } });
    expect(kinds(m)).toEqual(["namespace"]);
  });

  it("reports a missing required member and an unknown one", () => {
    const xml = env(
      `<CloseConnection xmlns="${API}"><args xmlns:a="${API}"><a:Bogus>1</a:Bogus></args></CloseConnection>`,
    );
    expect(kinds(decodeMessage(xml))).toEqual(["unknown-member", "missing-required"]);
  });

  it("reports text that is not of the member's type and drops the member", () => {
    const xml = env(
      `<OnLine xmlns="${API}"><args xmlns:a="${API}"><a:SessionId>S</a:SessionId><a:TenantId>one</a:TenantId></args></OnLine>`,
    );
    const m = decodeMessage(xml);
    expect(m).toMatchObject({ params: { args: { SessionId: "S" } } });
    expect(m.kind === "request" && "TenantId" in (m.params.args as object)).toBe(false);
    expect(kinds(m)).toEqual(["bad-type"]);
  });

  it("reports an int outside the 32-bit range as a bad type", () => {
    const xml = env(
      `<OnLine xmlns="${API}"><args xmlns:a="${API}"><a:SessionId>S</a:SessionId><a:TenantId>2147483648</a:TenantId></args></OnLine>`,
    );
    expect(kinds(decodeMessage(xml))).toEqual(["bad-type"]);
  });

  it.each([
    ["0", 0],
    ["007", 7],
    ["999999999", 999_999_999],
    ["2147483647", 2_147_483_647],
    ["-2147483648", -2_147_483_648],
    ["+12", 12],
    [" 42\n", 42],
    ["1a", undefined],
    ["", undefined],
    ["１", undefined], // a full-width digit is not an XML Schema digit
  ])("reads the int '%s' as %s", (text, value) => {
    const xml = env(
      `<OnLine xmlns="${API}"><args xmlns:a="${API}"><a:SessionId>S</a:SessionId><a:TenantId>${text}</a:TenantId></args></OnLine>`,
    );
    const m = decodeMessage(xml);
    expect(m.kind === "request" && (m.params.args as { TenantId?: number }).TenantId).toBe(value);
    expect(kinds(m)).toEqual(value === undefined ? ["bad-type"] : []);
  });

  it("finds members sent out of WCF's order by name, reporting the order once", () => {
    const xml = env(
      `<OnLine xmlns="${API}"><args xmlns:a="${API}"><a:TenantId>3</a:TenantId><a:SessionId>S</a:SessionId></args></OnLine>`,
    );
    const m = decodeMessage(xml);
    expect(m).toMatchObject({ params: { args: { SessionId: "S", TenantId: 3 } } });
    expect(kinds(m)).toEqual(["member-order"]);
  });

  it.each([
    ['"urn:x/Op"', "urn:x/Op"],
    [' "urn:x/Op" ', "urn:x/Op"],
    ["urn:x/Op", "urn:x/Op"],
    ['""', ""],
  ])("reads the SOAPAction header %j as %j", (header, action) => {
    expect(unquoteSoapAction(header)).toBe(action);
  });

  it("takes the SOAPAction's operation as a hint only: the body element decides", () => {
    const onLine = contract().operation("OnLine");
    const offLine = contract().operation("OffLine");
    const xml = env(
      `<OnLine xmlns="${API}"><args xmlns:a="${API}"><a:SessionId>S</a:SessionId><a:TenantId>1</a:TenantId></args></OnLine>`,
    );
    expect(decodeMessage(xml, { operation: onLine })).toMatchObject({ kind: "request", operation: onLine });
    expect(decodeMessage(xml, { operation: offLine })).toMatchObject({ kind: "request", operation: onLine });
  });

  it("reads an enum sent as a number and one the contract does not know", () => {
    const num = env(
      `<AddMessageClass xmlns="${API}"><args xmlns:a="${API}"><a:SessionId>S</a:SessionId><a:TenantId>1</a:TenantId><a:MessageClass>2</a:MessageClass></args></AddMessageClass>`,
    );
    expect(decodeMessage(num)).toMatchObject({
      params: { args: { MessageClass: "EventCategoryCall" } },
      deviations: [{ kind: "enum-as-number" }],
    });
    const unknown = num.replace(">2<", ">EventCategoryBogus<");
    expect(decodeMessage(unknown)).toMatchObject({
      params: { args: { MessageClass: "EventCategoryBogus" } },
      deviations: [{ kind: "unknown-enum" }],
    });
  });

  it("reads the guide's DefaultRouteUsed spelling where the schema records it", () => {
    const info = c.enumInfo("CTIRouteStatusType");
    const guide = info.guideNames.RouteDefaultUsed;
    if (!guide)
      throw new Error("schemas/enums/CTIRouteStatusType.schema.json lacks ctips.guideNames.RouteDefaultUsed");
    const ev = {
      type: "CTIRouteUsed",
      value: {
        EventCategory: "EventCategoryRoute",
        EventType: "RouteUsed",
        SiteId: 1,
        TenantId: 1,
        RequestId: 0,
        SwitchId: 1,
        ServiceId: 400,
        AgentId: 0,
        CallId: 1,
        RouteStatus: "RouteDefaultUsed",
        RouteType: "RouteToDefault",
        RouteDestination: "100",
      },
    };
    const guideXml = encodeRequest(c.operation("PublishCTIEvent"), { ctiEvent: ev }, "guide");
    expect(guideXml).toContain(`>${guide}<`);
    const m = decodeMessage(guideXml);
    expect(m).toMatchObject({ params: { ctiEvent: { value: { RouteStatus: "RouteDefaultUsed" } } } });
    expect(kinds(m)).toContain("guide-spelling");
  });

  it("checks the SOAPAction header against the body when given", () => {
    const xml = encodeRequest(c.operation("OnLine"), { args: { SessionId: "S", TenantId: 1 } });
    expect(decodeMessage(xml, { soapAction: `"${c.operation("OnLine").action}"` }).deviations).toEqual([]);
    expect(kinds(decodeMessage(xml, { soapAction: `${API}/AgentCallService/OnLine` }))).toEqual([
      "soap-action",
    ]);
  });

  it("reads WCF's ActionNotSupported fault", () => {
    const xml = env(
      `<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:ActionNotSupported</faultcode><faultstring>x</faultstring></s:Fault>`,
    );
    expect(decodeMessage(xml)).toMatchObject({ kind: "fault", actionNotSupported: true });
  });

  it("refuses a body that is no CTIPS operation, with the element named", () => {
    expect(() => decodeMessage(env(`<Frobnicate xmlns="${API}"/>`))).toThrow(/Frobnicate/);
  });

  it("refuses a document that is not a SOAP 1.1 envelope", () => {
    expect(() =>
      decodeMessage(`<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body/></Envelope>`),
    ).toThrow(expect.objectContaining({ code: "CTIPSKIT_E_SOAP_NOT_ENVELOPE" }));
  });
});
