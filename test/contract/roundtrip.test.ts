import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Codec,
  codec,
  contract,
  type Deviation,
  decodeMessage,
  encodeRequest,
  encodeResponse,
  parseXml,
  resultPayload,
} from "../../src/contract/index.ts";
import { eventOf, objectOf } from "./arbitraries.ts";

const c = contract();
const dataTypes = [...c.types.values()].filter((t) => t.kind !== "event");
const eventTypes = [...c.types.values()].filter((t) => t.kind === "event" && !t.abstract);

describe("encode → decode is the identity", () => {
  it.each(dataTypes.map((t) => [t.name]))("for %s", (name) => {
    fc.assert(
      fc.property(objectOf(name), (value) => {
        const xml = codec().encodePart("x", { kind: "data", name }, value);
        const devs: Deviation[] = [];
        const back = codec().decodeElement(parseXml(xml), { kind: "data", name }, "x", devs);
        expect(devs).toEqual([]);
        expect(back).toEqual(value);
      }),
      { numRuns: 60 },
    );
  });

  it.each(eventTypes.map((t) => [t.name]))("for the event %s inside PublishCTIEvent", (name) => {
    fc.assert(
      fc.property(eventOf(name), (ev) => {
        const xml = encodeRequest(c.operation("PublishCTIEvent"), { ctiEvent: ev });
        const msg = decodeMessage(xml);
        expect(msg.kind).toBe("request");
        if (msg.kind !== "request") return;
        expect(msg.deviations).toEqual([]);
        expect(msg.params.ctiEvent).toEqual(ev);
      }),
      { numRuns: 40 },
    );
  });

  it.each([...c.operations.values()].filter((o) => o.service === "server").map((o) => [o.name]))(
    "for the %s request and its response",
    (name) => {
      const op = c.operation(name);
      const argsType = op.params[0].type;
      if (argsType.kind !== "data") throw new Error("server operations take one data contract");
      fc.assert(
        fc.property(objectOf(argsType.name), fc.integer(), (args, n) => {
          const req = decodeMessage(encodeRequest(op, { args }));
          expect(req).toMatchObject({ kind: "request", deviations: [], params: { args } });
          const result = op.resultText === "int" ? n | 0 : { SessionId: String(n), Response: "success" };
          const res = decodeMessage(encodeResponse(op, result));
          expect(res).toMatchObject({ kind: "response", deviations: [], result });
        }),
        { numRuns: 25 },
      );
    },
  );

  it("keeps long values above 2^53 exact", () => {
    const big = "9223372036854775807";
    const xml = codec().encodePart("x", { kind: "primitive", name: "long" }, big);
    expect(xml).toBe(`<x>${big}</x>`);
    expect(codec().decodeElement(parseXml(xml), { kind: "primitive", name: "long" }, "x", [])).toBe(big);
    expect(codec().encodePart("x", { kind: "primitive", name: "long" }, 2n ** 53n + 1n)).toBe(
      "<x>9007199254740993</x>",
    );
  });

  it("refuses to encode a long that would lose precision as a float", () => {
    expect(() => codec().encodePart("x", { kind: "primitive", name: "long" }, 2 ** 53 + 2)).toThrow(
      /not a long/,
    );
  });

  it("writes an int response once per operation, profile and value, identical to a fresh one", () => {
    const op = contract().operation("PanicLogoutAgent");
    const fresh = (r: number, profile: "wire" | "guide") => encodeResponse(op, r, profile, new Codec());
    for (const profile of ["wire", "guide"] as const)
      for (const r of [0, 7, 0, 7]) expect(encodeResponse(op, r, profile)).toBe(fresh(r, profile));
    expect(encodeResponse(op, 0, "guide")).not.toBe(encodeResponse(op, 0, "wire"));
    expect(decodeMessage(encodeResponse(op, 7))).toMatchObject({ kind: "response", result: 7 });
  });

  it("records response payloads as { <Op>Result: result }", () => {
    expect(resultPayload("GetAgentState", 3)).toEqual({ GetAgentStateResult: 3 });
    expect(resultPayload("GetAgentState", 0)).toEqual({ GetAgentStateResult: 0 });
    expect(resultPayload("OpenConnection", { SessionId: "s" })).toEqual({
      OpenConnectionResult: { SessionId: "s" },
    });
  });

  it("refuses to encode a string XML 1.0 cannot carry, naming the member", () => {
    const info = { ANI: "555\u0007", DNIS: "1" };
    expect(() => codec().encodePart("x", { kind: "data", name: "CTICallInfo" }, info)).toThrow(
      /ANI: the string contains a character XML 1.0 cannot carry/,
    );
  });

  it("writes the same bytes when a value is encoded again (reused scopes and names)", () => {
    const c = codec();
    const info = {
      ANI: "1",
      DNIS: "2",
      FirstName: "A&B",
      LastName: "L",
      PhoneNumber: "3",
      CallerId: "C",
      CallData: [{ key: "k", value: "v" }],
    };
    const first = c.encodePart("x", { kind: "data", name: "CTICallInfo" }, info);
    const guide = c.encodePart("x", { kind: "data", name: "CTICallInfo" }, info, "guide");
    expect(c.encodePart("x", { kind: "data", name: "CTICallInfo" }, info)).toBe(first);
    expect(c.encodePart("x", { kind: "data", name: "CTICallInfo" }, info, "guide")).toBe(guide);
  });
});
