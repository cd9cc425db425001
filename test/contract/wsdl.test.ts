/**
 * The generated WSDL/XSD documents: well-formed, complete against the registry, shaped as WCF
 * publishes them, and loadable by real SOAP stacks (node-soap always; Debian's python3-zeep
 * when installed) in both the single-file and the split form served over HTTP.
 */
import { execFile, spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import soap from "soap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/errors.ts";
import { contract, NS, type WireType } from "../../src/contract/schemas.ts";
import type { Profile } from "../../src/contract/codec.ts";
import { buildWsdl, type WsdlBundle } from "../../src/contract/wsdl.ts";
import { parseXml, resolveQName, type XmlElement } from "../../src/contract/xml.ts";

const c = contract();
const LOCATION = "http://ctips.example:8170/Aspect.UnifiedIP.EDK.CTIPortalService";
const SERVICES = { server: 27, callback: 3 } as const;
type Service = keyof typeof SERVICES;

// ------------------------------------------------------------------ helpers

const childrenNamed = (el: XmlElement, local: string, ns: string = NS.xsd) =>
  el.children.filter((ch) => ch.local === local && ch.ns === ns);
const child = (el: XmlElement, local: string, ns: string = NS.xsd): XmlElement => {
  const found = childrenNamed(el, local, ns);
  if (found.length !== 1)
    throw new Error(`expected one ${local} in <${el.local} name=${el.attrs.name}>, found ${found.length}`);
  return found[0];
};
const walk = (el: XmlElement, visit: (e: XmlElement) => void): void => {
  visit(el);
  for (const ch of el.children) walk(ch, visit);
};
const qn = (el: XmlElement, attr: string) => {
  const r = resolveQName(el, el.attrs[attr]);
  if (!r) throw new Error(`unbound prefix in ${attr}="${el.attrs[attr]}"`);
  return `{${r.ns}}${r.local}`;
};

/** Every xs:schema of a bundle's split form, keyed by target namespace. */
const splitSchemas = (b: WsdlBundle) =>
  new Map(b.xsd.map((s) => parseXml(s)).map((s) => [s.attrs.targetNamespace, s]));
/** Every inline xs:schema of `?singleWsdl`, keyed by target namespace. */
const singleSchemas = (b: WsdlBundle) =>
  new Map(
    childrenNamed(child(parseXml(b.single), "types", WSDL), "schema").map((s) => [
      s.attrs.targetNamespace,
      s,
    ]),
  );

const WSDL = "http://schemas.xmlsoap.org/wsdl/";
const SOAP_BINDING = "http://schemas.xmlsoap.org/wsdl/soap/";

/** The named complexType or simpleType `name` in namespace `ns`. */
const typeDef = (
  schemas: Map<string, XmlElement>,
  ns: string,
  kind: "complexType" | "simpleType",
  name: string,
) => {
  const s = schemas.get(ns);
  const def = s && childrenNamed(s, kind).find((t) => t.attrs.name === name);
  if (!def) throw new Error(`no ${kind} ${name} in ${ns}`);
  return def;
};
/** The sequence of a type's own members, under complexContent/extension for a derived type. */
const ownSequence = (complexType: XmlElement) => {
  const content = childrenNamed(complexType, "complexContent");
  return content.length ? child(child(content[0], "extension"), "sequence") : child(complexType, "sequence");
};
const isReference = (t: WireType) =>
  (t.kind === "primitive" && t.name === "string") || t.kind === "array" || t.kind === "data";

// ------------------------------------------------------------------ documents

describe("the generated documents", () => {
  const bundles = {
    server: buildWsdl("server", { location: LOCATION }),
    callback: buildWsdl("callback", { location: LOCATION }),
  };

  it("are well-formed, namespace-correct XML in both forms, both services and both profiles", () => {
    for (const service of ["server", "callback"] as const) {
      for (const profile of ["wire", "guide"] as const) {
        const b = buildWsdl(service, { location: LOCATION, profile });
        for (const doc of [b.single, b.root, b.wsdl0, ...b.xsd]) {
          const root = parseXml(doc);
          walk(root, (el) => {
            for (const attr of ["type", "base", "element", "message", "binding"])
              if (el.attrs[attr]) qn(el, attr);
          });
        }
        expect(b.xsd).toHaveLength(5);
      }
    }
    // The parser used above does reject a broken document.
    expect(() => parseXml(bundles.server.single.slice(0, -30))).toThrow(/malformed/);
  });

  it("declares one complexType per registry type, in the split xsds and in the single WSDL", () => {
    const expected = [...c.types.keys()].sort();
    for (const service of ["server", "callback"] as const) {
      for (const schemas of [splitSchemas(bundles[service]), singleSchemas(bundles[service])]) {
        const declared = [...schemas.values()]
          .flatMap((s) => childrenNamed(s, "complexType").map((t) => t.attrs.name))
          .filter((name) => !name.startsWith("ArrayOf"))
          .sort();
        expect(declared.length).toBe(c.types.size);
        expect(declared).toEqual(expected);
      }
    }
  });

  it("puts each type and enum, with its nillable global element, in the registry's namespace", () => {
    const schemas = splitSchemas(bundles.server);
    for (const t of c.types.values()) {
      typeDef(schemas, t.namespace, "complexType", t.name);
      const global = childrenNamed(schemas.get(t.namespace)!, "element").find((e) => e.attrs.name === t.name);
      expect(global?.attrs.nillable, t.name).toBe("true");
      expect(qn(global!, "type")).toBe(`{${t.namespace}}${t.name}`);
    }
    for (const e of c.enums.values()) typeDef(schemas, e.namespace, "simpleType", e.name);
    expect(() => typeDef(schemas, NS.commondata, "complexType", "CTIEvent")).toThrow(/no complexType/);
  });

  it("writes each type's own members in wire order, with minOccurs=0 unless required and nillable on reference types", () => {
    const schemas = splitSchemas(bundles.callback);
    for (const t of c.types.values()) {
      const def = typeDef(schemas, t.namespace, "complexType", t.name);
      if (t.base) {
        const ext = child(child(def, "complexContent"), "extension");
        expect(qn(ext, "base"), t.name).toBe(`{${c.type(t.base).namespace}}${t.base}`);
      }
      const elements = childrenNamed(ownSequence(def), "element");
      expect(
        elements.map((e) => e.attrs.name),
        t.name,
      ).toEqual(t.ownMembers.map((m) => m.name));
      t.ownMembers.forEach((m, i) => {
        expect(elements[i].attrs.minOccurs, `${t.name}.${m.name}`).toBe(m.required ? undefined : "0");
        expect(elements[i].attrs.nillable, `${t.name}.${m.name}`).toBe(
          isReference(m.type) ? "true" : undefined,
        );
      });
    }
    const callEnd = childrenNamed(
      ownSequence(typeDef(schemas, NS.clientpublishapi, "complexType", "CTICallEnd")),
      "element",
    );
    expect(callEnd.map((e) => [e.attrs.name, qn(e, "type")])).toEqual([
      ["CallId", `{${NS.xsd}}int`],
      ["CallSequenceId", `{${NS.xsd}}long`],
      ["CallOriginatingSiteId", `{${NS.xsd}}int`],
      ["AgentDisposition", `{${NS.xsd}}int`],
      ["CallData", `{${NS.commondata}}ArrayOfCTICallDataItem`],
    ]);
  });

  it("lists enum names in order and annotates EnumerationValue only where the value differs from the position", () => {
    const schemas = splitSchemas(bundles.server);
    const annotation = (facet: XmlElement) => {
      const info = childrenNamed(facet, "annotation").flatMap((a) => childrenNamed(a, "appinfo"));
      return info
        .flatMap((i) => childrenNamed(i, "EnumerationValue", NS.serialization))
        .map((v) => Number(v.text));
    };
    for (const e of c.enums.values()) {
      const facets = childrenNamed(
        child(typeDef(schemas, e.namespace, "simpleType", e.name), "restriction"),
        "enumeration",
      );
      expect(facets.map((f) => f.attrs.value)).toEqual(e.names);
      facets.forEach((f, position) => {
        const value = e.values[f.attrs.value];
        expect(annotation(f), `${e.name}.${f.attrs.value}`).toEqual(value === position ? [] : [value]);
      });
    }
    const responseCode = childrenNamed(
      child(typeDef(schemas, NS.ctipsapi, "simpleType", "ResponseCode"), "restriction"),
      "enumeration",
    );
    expect(annotation(responseCode.find((f) => f.attrs.value === "_success")!)).toEqual([]);
    expect(annotation(responseCode.find((f) => f.attrs.value === "success")!)).toEqual([101]);
    const fieldType = childrenNamed(
      child(typeDef(schemas, NS.commondata, "simpleType", "CTIFieldType"), "restriction"),
      "enumeration",
    );
    expect(annotation(fieldType.find((f) => f.attrs.value === "FT_AGENT_ID")!)).toEqual([20]);
  });

  it("declares ArrayOfint/ArrayOfstring in the Arrays namespace and ArrayOf{Type} in the item type's namespace", () => {
    const schemas = splitSchemas(bundles.server);
    const item = (ns: string, name: string) =>
      child(child(typeDef(schemas, ns, "complexType", name), "sequence"), "element");
    expect(item(NS.arrays, "ArrayOfint").attrs).toMatchObject({
      minOccurs: "0",
      maxOccurs: "unbounded",
      name: "int",
      type: "xs:int",
    });
    expect(item(NS.arrays, "ArrayOfint").attrs.nillable).toBeUndefined();
    expect(item(NS.arrays, "ArrayOfstring").attrs).toMatchObject({
      name: "string",
      nillable: "true",
      type: "xs:string",
    });
    expect(qn(item(NS.commondata, "ArrayOfCTICallDataItem"), "type")).toBe(
      `{${NS.commondata}}CTICallDataItem`,
    );
    expect(item(NS.commondata, "ArrayOfCTIAgentCapabilities").attrs.nillable).toBeUndefined();
    expect(qn(item(NS.clientpublishapi, "ArrayOfCTIServiceInfo"), "type")).toBe(
      `{${NS.clientpublishapi}}CTIServiceInfo`,
    );
    expect(() => item(NS.arrays, "ArrayOfCTICallDataItem")).toThrow(/no complexType/);
  });

  it("imports, at ?xsd=xsdN, every namespace each schema refers to", () => {
    for (const service of ["server", "callback"] as const) {
      const xsds = bundles[service].xsd.map((s) => parseXml(s));
      const indexOf = new Map(xsds.map((s, i) => [s.attrs.targetNamespace, i]));
      expect([...indexOf.keys()]).toEqual(
        expect.arrayContaining([
          NS.ctipsapi,
          NS.clientpublishapi,
          NS.commondata,
          NS.serialization,
          NS.arrays,
        ]),
      );
      for (const s of xsds) {
        const imports = childrenNamed(s, "import");
        for (const imp of imports) {
          expect(imp.attrs.schemaLocation).toBe(`${LOCATION}?xsd=xsd${indexOf.get(imp.attrs.namespace)}`);
        }
        const imported = new Set([s.attrs.targetNamespace, NS.xsd, ...imports.map((i) => i.attrs.namespace)]);
        walk(s, (el) => {
          for (const attr of ["type", "base"]) {
            if (el.attrs[attr])
              expect(imported, `${s.attrs.targetNamespace}: ${el.attrs[attr]}`).toContain(
                resolveQName(el, el.attrs[attr])?.ns,
              );
          }
        });
      }
      // The contract's own namespace is xsd0 and the Serialization schema xsd1, as WCF numbers them.
      expect(xsds[0].attrs.targetNamespace).toBe(service === "server" ? NS.ctipsapi : NS.clientpublishapi);
      expect(childrenNamed(xsds[1], "element").map((e) => e.attrs.name)).toEqual(
        expect.arrayContaining(["anyType", "int", "long", "string", "guid", "duration", "char"]),
      );
    }
  });

  it("wraps each server operation's args in {Op}, answers {Op}Response/{Op}Result and declares CTIPortalServiceFault", () => {
    const schemas = splitSchemas(bundles.server);
    const wrapper = (name: string) => {
      const el = childrenNamed(schemas.get(NS.ctipsapi)!, "element").find((e) => e.attrs.name === name);
      if (!el) throw new Error(`no wrapper element ${name}`);
      return childrenNamed(child(child(el, "complexType"), "sequence"), "element");
    };
    const wsdl0 = parseXml(bundles.server.wsdl0);
    const portType = child(wsdl0, "portType", WSDL);
    expect(portType.attrs.name).toBe("AgentCallService");
    const messages = new Map(
      childrenNamed(wsdl0, "message", WSDL).map((m) => [m.attrs.name, child(m, "part", WSDL)]),
    );
    for (const op of [...c.operations.values()].filter((o) => o.service === "server")) {
      const [args] = wrapper(op.name);
      expect(args.attrs).toMatchObject({ minOccurs: "0", name: "args", nillable: "true" });
      expect(qn(args, "type")).toBe(`{${c.type(op.params[0].typeText).namespace}}${op.params[0].typeText}`);
      const [result] = wrapper(`${op.name}Response`);
      expect(result.attrs.name).toBe(`${op.name}Result`);
      expect(result.attrs.nillable).toBe(op.resultText === "int" ? undefined : "true");
      const operation = childrenNamed(portType, "operation", WSDL).find((o) => o.attrs.name === op.name)!;
      const fault = child(operation, "fault", WSDL);
      expect(fault.attrs.name).toBe("CTIPortalServiceFaultFault");
      expect(qn(messages.get(fault.attrs.message.replace(/^tns:/, ""))!, "element")).toBe(
        `{${NS.ctipsapi}}CTIPortalServiceFault`,
      );
      expect(child(operation, "input", WSDL).attrs["wsaw:Action"]).toBe(op.action);
    }
    expect(childrenNamed(portType, "operation", WSDL)).toHaveLength(27);
    expect(qn(wrapper("OpenConnectionResponse")[0], "type")).toBe(`{${NS.ctipsapi}}SessionObject`);
    expect(wrapper("CloseConnectionResponse")[0].attrs.type).toBe("xs:int");
  });

  it("publishes the callback's PublishCTIEvent(ctiEvent), Heartbeat(sessionId) and StartSession(userinfo, sessionId)", () => {
    const own = splitSchemas(bundles.callback).get(NS.clientpublishapi)!;
    const params = (name: string) => {
      const el = childrenNamed(own, "element").find((e) => e.attrs.name === name)!;
      return childrenNamed(child(child(el, "complexType"), "sequence"), "element").map((e) => [
        e.attrs.name,
        qn(e, "type"),
      ]);
    };
    expect(params("PublishCTIEvent")).toEqual([["ctiEvent", `{${NS.clientpublishapi}}CTIEvent`]]);
    expect(params("Heartbeat")).toEqual([["sessionId", `{${NS.xsd}}string`]]);
    expect(params("StartSession")).toEqual([
      ["userinfo", `{${NS.commondata}}UserCredentials`],
      ["sessionId", `{${NS.xsd}}string`],
    ]);
    for (const op of ["PublishCTIEvent", "Heartbeat", "StartSession"]) {
      expect(params(`${op}Response`)).toEqual([[`${op}Result`, `{${NS.xsd}}int`]]);
    }
    const wsdl0 = parseXml(bundles.callback.wsdl0);
    expect(child(wsdl0, "portType", WSDL).attrs.name).toBe("CTIEventService");
    expect(
      childrenNamed(child(wsdl0, "portType", WSDL), "operation", WSDL).flatMap((o) =>
        childrenNamed(o, "fault", WSDL),
      ),
    ).toEqual([]);
  });

  it("splits as WCF does: ?wsdl imports ?wsdl=wsdl0 and holds the binding and the service's port", () => {
    for (const [service, binding] of [
      ["server", "BasicHttpBinding_AgentCallService"],
      ["callback", "BasicHttpBinding_CTIEventService"],
    ] as const) {
      const root = parseXml(bundles[service].root);
      const ns = service === "server" ? NS.ctipsapi : NS.clientpublishapi;
      expect(child(root, "import", WSDL).attrs).toEqual({
        namespace: ns,
        location: `${LOCATION}?wsdl=wsdl0`,
      });
      expect(childrenNamed(root, "portType", WSDL)).toEqual([]);
      const b = child(root, "binding", WSDL);
      expect(b.attrs.name).toBe(binding);
      expect(child(b, "binding", SOAP_BINDING).attrs.transport).toBe("http://schemas.xmlsoap.org/soap/http");
      const port = child(child(root, "service", WSDL), "port", WSDL);
      expect(qn(port, "binding")).toBe(`{${root.attrs.targetNamespace}}${binding}`);
      expect(child(port, "address", SOAP_BINDING).attrs.location).toBe(LOCATION);
      const wsdl0 = parseXml(bundles[service].wsdl0);
      expect(wsdl0.attrs.targetNamespace).toBe(ns);
      expect(childrenNamed(wsdl0, "binding", WSDL)).toEqual([]);
      const single = parseXml(bundles[service].single);
      expect(single.attrs.targetNamespace).toBe(ns);
      expect(childrenNamed(single, "import", WSDL)).toEqual([]);
      walk(single, (el) => expect(el.attrs.schemaLocation).toBeUndefined());
    }
    expect(child(child(parseXml(bundles.server.root), "service", WSDL), "port", WSDL).attrs.name).toBe(
      "BasicHttpBinding_AgentCallService",
    );
  });

  it("refuses a location that already carries a query", () => {
    try {
      buildWsdl("server", { location: `${LOCATION}?wsdl` });
      expect.unreachable("a location with a query must be refused");
    } catch (err) {
      expect(isKitError(err, "CTIPSKIT_E_CONFIG_INVALID")).toBe(true);
    }
  });
});

// ------------------------------------------------------------------ guide profile

describe("the guide profile", () => {
  const wire = {
    server: buildWsdl("server", { location: LOCATION }),
    callback: buildWsdl("callback", { location: LOCATION }),
  };
  const guide = {
    server: buildWsdl("server", { location: LOCATION, profile: "guide" }),
    callback: buildWsdl("callback", { location: LOCATION, profile: "guide" }),
  };
  const operations = (b: WsdlBundle) =>
    new Map(
      childrenNamed(child(parseXml(b.root), "binding", WSDL), "operation", WSDL).map((o) => [
        o.attrs.name,
        child(o, "operation", SOAP_BINDING).attrs.soapAction,
      ]),
    );

  it("names PanicLogoutAgent PanicLogout, with the SOAPAction following the name", () => {
    const ops = operations(guide.server);
    expect(ops.has("PanicLogoutAgent")).toBe(false);
    expect(ops.get("PanicLogout")).toBe(
      "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08/AgentCallService/PanicLogout",
    );
    expect(operations(wire.server).has("PanicLogout")).toBe(false);
    expect(ops.size).toBe(27);
  });

  it("publishes Heartbeat as HeartbeatMessage with no parameter", () => {
    const own = splitSchemas(guide.callback).get(NS.clientpublishapi)!;
    const wrapper = childrenNamed(own, "element").find((e) => e.attrs.name === "HeartbeatMessage")!;
    expect(childrenNamed(child(child(wrapper, "complexType"), "sequence"), "element")).toEqual([]);
    expect(childrenNamed(own, "element").some((e) => e.attrs.name === "Heartbeat")).toBe(false);
    expect(operations(guide.callback).get("HeartbeatMessage")).toBe(
      "http://www.aspect.com/unifiedip/edk/clientpublishapi/2009/08/CTIEventService/HeartbeatMessage",
    );
  });

  it("spells members by their guideName where the registry has one, keeping the wire's position", () => {
    const annotated = [...c.types.values()].flatMap((t) =>
      t.ownMembers.filter((m) => m.guideName).map((m) => ({ t, m })),
    );
    expect(
      annotated.length,
      "the registry carries guide spellings (OpenConnectionArgs.TenantIds → TenantId, …)",
    ).toBeGreaterThan(0);
    const guideSchemas = splitSchemas(guide.server);
    const wireSchemas = splitSchemas(wire.server);
    const names = (schemas: Map<string, XmlElement>, name: string, ns: string) =>
      childrenNamed(ownSequence(typeDef(schemas, ns, "complexType", name)), "element").map(
        (e) => e.attrs.name,
      );
    for (const { t, m } of annotated) {
      const at = t.ownMembers.indexOf(m);
      expect(names(guideSchemas, t.name, t.namespace)[at], `${t.name}.${m.name}`).toBe(m.guideName);
      expect(names(wireSchemas, t.name, t.namespace)[at], `${t.name}.${m.name}`).toBe(m.name);
    }
  });

  it("spells enum values by their guide names where the registry has one", () => {
    const annotated = [...c.enums.values()].flatMap((e) =>
      Object.entries(e.guideNames).map(([w, g]) => ({ e, w, g })),
    );
    const schemas = splitSchemas(guide.server);
    for (const { e, w, g } of annotated) {
      const values = childrenNamed(
        child(typeDef(schemas, e.namespace, "simpleType", e.name), "restriction"),
        "enumeration",
      ).map((f) => f.attrs.value);
      expect(values[e.names.indexOf(w)], `${e.name}.${w}`).toBe(g);
      expect(values).not.toContain(w);
    }
  });
});

// ------------------------------------------------------------------ served over HTTP

interface Served {
  base: string;
  close(): Promise<void>;
}

/** Serves a bundle as WCF does: ?wsdl, ?singleWsdl, ?wsdl=wsdl0 and ?xsd=xsdN under one path. */
async function serve(service: Service, profile: Profile = "wire"): Promise<Served> {
  let bundle: WsdlBundle | undefined;
  const server: Server = createServer((req, res) => {
    const q = new URL(req.url ?? "/", "http://127.0.0.1").searchParams;
    const xsd = /^xsd(\d+)$/.exec(q.get("xsd") ?? "");
    const body =
      q.get("wsdl") === ""
        ? bundle?.root
        : q.get("wsdl") === "wsdl0"
          ? bundle?.wsdl0
          : q.has("singleWsdl")
            ? bundle?.single
            : xsd
              ? bundle?.xsd[Number(xsd[1])]
              : undefined;
    res.writeHead(body ? 200 : 404, { "content-type": "text/xml; charset=utf-8" }).end(body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${service}`;
  bundle = buildWsdl(service, { location: base, profile });
  return { base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const served: Partial<Record<Service, Served>> = {};
beforeAll(async () => {
  served.server = await serve("server");
  served.callback = await serve("callback");
});
afterAll(async () => {
  await Promise.all(Object.values(served).map((s) => s.close()));
});

const registryActions = (service: Service) =>
  Object.fromEntries(
    [...c.operations.values()].filter((o) => o.service === service).map((o) => [o.name, o.action]),
  );

describe("node-soap", () => {
  const load = async (url: string) => {
    // Its module-level cache is keyed by URL; every load here must read the documents afresh.
    const client = await soap.createClientAsync(url, { disableCache: true });
    const described = client.describe() as Record<string, Record<string, Record<string, unknown>>>;
    const bindings = client.wsdl.definitions.bindings;
    const actions: Record<string, string> = {};
    for (const b of Object.values(bindings))
      for (const [op, m] of Object.entries(b.methods)) actions[op] = m.soapAction;
    return { described, actions };
  };

  for (const service of ["server", "callback"] as const) {
    for (const form of ["?singleWsdl", "?wsdl"]) {
      it(`loads the ${service} WSDL from ${form} and lists its ${SERVICES[service]} operations with the registry's SOAPActions`, async () => {
        const { described, actions } = await load(`${served[service]!.base}${form}`);
        const ports = Object.values(described).flatMap((s) => Object.values(s));
        expect(ports).toHaveLength(1);
        expect(Object.keys(ports[0]).sort()).toEqual(Object.keys(registryActions(service)).sort());
        expect(Object.keys(ports[0])).toHaveLength(SERVICES[service]);
        expect(actions).toEqual(registryActions(service));
      });
    }
  }

  it("uses the SOAPActions wire-contract.md gives, named after the declaring contract", async () => {
    const server = (await load(`${served.server!.base}?wsdl`)).actions;
    const callback = (await load(`${served.callback!.base}?wsdl`)).actions;
    expect(server.OpenConnection).toBe(
      "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08/RegistrationService/OpenConnection",
    );
    expect(server.RouteSelect).toBe(
      "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08/RoutingService/RouteSelect",
    );
    expect(server.LoginAgent).toBe(
      "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08/AgentCallService/LoginAgent",
    );
    expect(callback.PublishCTIEvent).toBe(
      "http://www.aspect.com/unifiedip/edk/clientpublishapi/2009/08/CTIEventService/PublishCTIEvent",
    );
    expect(server.OpenConnection).not.toBe(
      "http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08/AgentCallService/OpenConnection",
    );
  });

  it("describes OpenConnection's args with the wire member names, in order", async () => {
    const { described } = await load(`${served.server!.base}?singleWsdl`);
    const input = described.CTIPortalService.BasicHttpBinding_AgentCallService.OpenConnection as {
      input: { args: Record<string, unknown> };
    };
    expect(Object.keys(input.input.args).filter((k) => !k.startsWith("target"))).toEqual([
      "TenantIds",
      "UserCredentials",
      "ClientCallbackURL",
    ]);
  });
});

// ------------------------------------------------------------------ zeep (Debian python3-zeep)

/** The first python that can import zeep: PATH's python3 may be a pyenv build without Debian's packages. */
const zeepPython = ["python3", "/usr/bin/python3"].find(
  (py) => spawnSync(py, ["-c", "import zeep"], { stdio: "ignore" }).status === 0,
);
if (!zeepPython) {
  console.warn(
    "wsdl.test.ts: zeep is not importable by python3 or /usr/bin/python3; the zeep test is skipped (apt-get install python3-zeep)",
  );
}

const ZEEP_LIST = `
import json, sys, zeep
client = zeep.Client(sys.argv[1])
out = {}
for service in client.wsdl.services.values():
    for port in service.ports.values():
        out[service.name + "/" + port.name] = {name: op.soapaction for name, op in port.binding.all().items()}
print(json.dumps(out))
`;

describe("zeep", () => {
  it.skipIf(!zeepPython)(
    "loads the single and the split WSDL of both services and lists their operations and SOAPActions",
    async () => {
      const run = promisify(execFile);
      for (const [service, port] of [
        ["server", "CTIPortalService/BasicHttpBinding_AgentCallService"],
        ["callback", "CTIEventService/BasicHttpBinding_CTIEventService"],
      ] as const) {
        for (const form of ["?singleWsdl", "?wsdl"]) {
          // Asynchronous: zeep fetches the documents from this process's HTTP server.
          const { stdout } = await run(zeepPython!, ["-c", ZEEP_LIST, `${served[service]!.base}${form}`], {
            env: { ...process.env, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" },
          });
          const listed = JSON.parse(stdout) as Record<string, Record<string, string>>;
          expect(Object.keys(listed)).toEqual([port]);
          expect(listed[port]).toEqual(registryActions(service));
        }
      }
    },
  );
});
