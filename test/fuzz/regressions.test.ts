/**
 * What the fuzzing found, each with the exact input that showed it (shrunk by fast-check,
 * `$SESSION$` / `$CALLBACK$` filled in as the harness does), and what the mock answered before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeMessage, encodeFault, encodePlainFault, parseXml } from "../../src/contract/index.ts";
import { xmlSafe } from "../../src/contract/xml.ts";
import { type FuzzCase, SESSION } from "./bodies.ts";
import { FuzzWorld, isReply, judge } from "./harness.ts";

const API = "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08";
const ENV = "http://schemas.xmlsoap.org/soap/envelope/";
const action = (contract: string, op: string) => `"${API}/${contract}/${op}"`;

let w: FuzzWorld;
beforeAll(async () => {
  w = await FuzzWorld.start({ aim: "victim" });
});
afterAll(() => w?.close());

function fuzzCase(op: string, soapAction: string, body: string, mustRefuse: boolean): FuzzCase {
  return { steps: ["regression"], op, soapAction, body: Buffer.from(body), chunked: false, mustRefuse };
}

/** Sends a case as the fuzzer does; the judge's verdict (undefined = sound), the status and the decoded answer. */
async function send(k: FuzzCase) {
  const { sent, outcome } = await w.send(k);
  if (!isReply(outcome)) throw new Error(outcome.error);
  return {
    problem: judge(k, sent, outcome, w.maxMessageBytes),
    status: outcome.status,
    answer: decodeMessage(outcome.body.toString("utf8")),
  };
}

describe("fuzzing regressions", () => {
  it("answers a control character in a value with a 400 fault, not a JSON 500 (U+0000 in SessionId)", async () => {
    // Was: HTTP 500 application/json {"error":{"code":"CTIPSKIT_E_ENCODE_INVALID_VALUE", …}}: the
    // InvalidSessionId fault echoed the id, and the fault writer refused the character.
    const k = fuzzCase(
      "GetAgentState",
      action("AgentCallService", "GetAgentState"),
      `<Envelope xmlns="${ENV}"><Body><GetAgentState xmlns="${API}"><args><SessionId>${SESSION}\u0000</SessionId><RequestId>0</RequestId><TenantId>0</TenantId><AgentIdx>1001</AgentIdx></args></GetAgentState></Body></Envelope>`,
      true,
    );
    const r = await send(k);
    expect(r.problem).toBeUndefined();
    expect(r.status).toBe(400);
    expect(r.answer).toMatchObject({ kind: "fault", faultcode: "s:Client" });
    expect(r.answer.kind === "fault" && r.answer.faultstring).toMatch(
      /character U\+0000 is not allowed in XML/,
    );
    expect(w.errors).toEqual([]);
  });

  it("does not open a session whose ClientCallbackURL ends in U+0000", async () => {
    // Was: HTTP 200 with a SessionObject: the session opened, its callback URL holding a NUL.
    const before = w.mock.core.openSessions.length;
    const k = fuzzCase(
      "OpenConnection",
      action("RegistrationService", "OpenConnection"),
      `<Envelope xmlns="${ENV}"><Body><OpenConnection xmlns="${API}"><args><TenantIds><int xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays">1</int></TenantIds><UserCredentials><UserName xmlns="http://www.aspect.com/unifiedip/edk/commondata/2009/08">ctiuser</UserName><Password xmlns="http://www.aspect.com/unifiedip/edk/commondata/2009/08">ctipass</Password></UserCredentials><ClientCallbackURL>$CALLBACK$\u0000</ClientCallbackURL></args></OpenConnection></Body></Envelope>`,
      true,
    );
    const r = await send(k);
    expect(r.problem).toBeUndefined();
    expect(r.status).toBe(400);
    expect(w.mock.core.openSessions.length).toBe(before);
  });

  it("refuses RequestId '-1285903064\\u000c' instead of reading -1285903064", async () => {
    // Was: HTTP 200 (String.prototype.trim took the form feed for white space).
    const k = fuzzCase(
      "RetrieveCall",
      action("AgentCallService", "RetrieveCall"),
      `<Envelope xmlns="${ENV}"><Body><RetrieveCall xmlns="${API}"><args><SessionId>${SESSION}</SessionId><RequestId>-1285903064\u000c</RequestId><TenantId>1</TenantId><AgentIdx>1001</AgentIdx><CallId>2</CallId></args></RetrieveCall></Body></Envelope>`,
      true,
    );
    const r = await send(k);
    expect(r.problem).toBeUndefined();
    expect(r.status).toBe(400);
  });

  it.each([
    ["a byte-order mark", "\ufeff1"],
    ["a no-break space", "1\u00a0"],
    ["an em space", "\u20031"],
  ])("refuses TenantId padded with %s (not XML white space) as InvalidParameter", async (_what, tenant) => {
    // Was: TenantId read as 1 and the request served (OnLine took the session online).
    const k = fuzzCase(
      "OnLine",
      action("RegistrationService", "OnLine"),
      `<Envelope xmlns="${ENV}"><Body><OnLine xmlns="${API}"><args><SessionId>${SESSION}</SessionId><TenantId>${tenant}</TenantId></args></OnLine></Body></Envelope>`,
      true,
    );
    const r = await send(k);
    expect(r.problem).toBeUndefined();
    expect(r.answer).toMatchObject({ kind: "fault", detail: { ErrorCode: "InvalidParameter" } });
    expect(r.answer.kind === "fault" && r.answer.detail?.Message).toBe(
      `OnLine: TenantId: '${tenant}' is not a valid int`,
    );
  });

  it("still reads a value with XML white space around it (space, TAB, CR, LF)", async () => {
    const k = fuzzCase(
      "OnLine",
      action("RegistrationService", "OnLine"),
      `<Envelope xmlns="${ENV}"><Body><OnLine xmlns="${API}"><args><SessionId>${SESSION}</SessionId><TenantId> \t\r\n1\n </TenantId></args></OnLine></Body></Envelope>`,
      false,
    );
    const r = await send(k);
    expect(r.problem).toBeUndefined();
    expect(r.answer).toMatchObject({ kind: "response", result: 0 });
  });

  it("answers a malformed message whose broken tag holds U+0014 with a well-formed fault", async () => {
    // Was: a 400 fault whose faultstring quoted the tag, U+0014 and all: not well-formed XML.
    const k = fuzzCase(
      "OpenConnection",
      action("RegistrationService", "OpenConnection"),
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><OpenConnection xmlns="http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08"><args xmlns:a="http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><a:TenantId xmlns:b="http://schemas.microspjoft.com/2003/10/Serialization/Arrays"/><a:UserInfo xmlns:b="htt/www.aspect.com/unifiedip/edk/commondata/2009/08"><b:UserName>a-aa</b:UserName><b:Password>&gt;9a-a 9</b:Password></a:UserInfo><a:ClientCallbackURL>$CALLBACK$</a:ClientCallbackU\u0014L></args></OpenConnection></s:Body></s:Envelope>',
      true,
    );
    const r = await send(k);
    expect(r.problem).toBeUndefined();
    expect(r.status).toBe(400);
  });

  it("writes a fault whose message holds characters XML cannot carry, as U+FFFD", () => {
    const typed = encodeFault({
      ErrorCode: "InvalidSessionId",
      Message: "session 'x\u0000\u0014\uffff\ud800' is not open",
    });
    const plain = encodePlainFault("Client", "bad tag </a\u0014b>");
    for (const xml of [typed, plain]) expect(xmlSafe(xml)).toBe(xml);
    expect(decodeMessage(typed)).toMatchObject({
      detail: { Message: "session 'x\ufffd\ufffd\ufffd\ufffd' is not open" },
    });
    expect(decodeMessage(plain)).toMatchObject({ faultstring: "bad tag </a\ufffdb>" });
  });
});

describe("found reading the reader while fuzzing it", () => {
  it("reads attributes named after Object.prototype's members as attributes, not duplicates", () => {
    // Was: "duplicate attribute toString" for a well-formed element; __proto__ was lost.
    const el = parseXml(`<a b="1" toString="2" constructor="3" __proto__="4"/>`);
    expect(Object.entries(el.attrs)).toEqual([
      ["b", "1"],
      ["toString", "2"],
      ["constructor", "3"],
      ["__proto__", "4"],
    ]);
    expect(() => parseXml(`<a toString="1" toString="2"/>`)).toThrow(/duplicate attribute toString/);
  });

  it("refuses a 64 KiB message declaring 2,000 namespaces before resolving any prefix", () => {
    // Was: accepted, 40–60 ms to parse (each element's prefix looked up through every declaration).
    const decls = Array.from({ length: 2000 }, (_, i) => ` xmlns:p${i}="u${i}"`).join("");
    const doc = `<s:Envelope xmlns:s="${ENV}"${decls}><s:Body>${"<s:a/>".repeat(5000)}</s:Body></s:Envelope>`;
    expect(() => parseXml(doc)).toThrow(
      expect.objectContaining({ code: "CTIPSKIT_E_XML_LIMIT", details: { limit: "maxNamespaces", max: 64 } }),
    );
  });

  it("refuses a character reference to a character XML does not allow", () => {
    for (const ref of ["&#0;", "&#x1F;", "&#xD800;", "&#xFFFE;", "&#xFFFF;"])
      expect(() => parseXml(`<a>${ref}</a>`), ref).toThrow(/names a character XML 1.0 does not allow/);
    expect(parseXml("<a>&#9;&#x1F600;&#xFFFD;</a>").text).toBe("\t😀\ufffd");
  });
});
