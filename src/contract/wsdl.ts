/**
 * The WSDL and XSD documents of both CTIPS services, generated from the contract registry
 * the way WCF publishes a BasicHttpBinding endpoint: `?singleWsdl` (one document), and the
 * split form `?wsdl` (service, binding, port) → `?wsdl=wsdl0` (types, messages, portType)
 * → `?xsd=xsdN` (one schema per namespace). Naming and layout choices: docs/wsdl.md.
 * @see /work/shared/spec/wire-contract.md "Server: service contracts and SOAPActions", "Client callback service"
 */
import { basename } from "node:path";
import type { Profile } from "./codec.ts";
import { KitError } from "./errors.ts";
import { type Contract, contract, NS, type OperationInfo } from "./schemas.ts";
import { soapActionFor } from "./soap.ts";
import { type XNode, renderDocument, x } from "./wsdl-xml.ts";
import { buildSchemas, type OperationView, type SchemaDoc, schemaNode } from "./wsdl-xsd.ts";

export interface WsdlBundle {
  /** `?singleWsdl`: one self-contained WSDL, every schema inline. */
  single: string;
  /** `?wsdl=wsdl0`: types (imports of the xsds), messages and portType, in the contract's namespace. */
  wsdl0: string;
  /** `?wsdl`: imports wsdl0; binding, service and port. */
  root: string;
  /** `?xsd=xsdN` is `xsd[N]`. */
  xsd: string[];
}

export interface WsdlOptions {
  /** The endpoint address (soap:address) and base of the `?wsdl=…`/`?xsd=…` locations. */
  location: string;
  /** `wire` (default): the real UIP 7.2 contract; `guide`: the EDK guide's spellings. */
  profile?: Profile;
}

const WSDL = "http://schemas.xmlsoap.org/wsdl/";
const SOAP_BINDING = "http://schemas.xmlsoap.org/wsdl/soap/";
const SOAP_HTTP_TRANSPORT = "http://schemas.xmlsoap.org/soap/http";
const WSAW = "http://www.w3.org/2006/05/addressing/wsdl";
/** WCF's default service namespace (ServiceBehavior.Namespace): the `?wsdl` root document's. */
const TEMPURI = "http://tempuri.org/";

interface ServiceMeta {
  /** The contract published as portType (AgentCallService, CTIEventService). */
  portType: string;
  namespace: string;
  binding: string;
  /** wsdl:service name: the service schema's file name (CTIPortalService, CTIEventService). */
  serviceName: string;
  operations: OperationView[];
}

function serviceMeta(c: Contract, role: "server" | "callback", profile: Profile): ServiceMeta {
  const schema = c.schemas.find((s) => s.ctips?.kind === "service" && s.ctips.role === role);
  if (!schema?.ctips) {
    throw new KitError(
      "CTIPSKIT_E_SCHEMA_INVALID",
      `no service schema with role ${role} in schemas/operations`,
      {
        fix: 'add a schema whose ctips.kind is "service" and ctips.role is the role',
      },
    );
  }
  const meta = schema.ctips as {
    name: string;
    namespace: string;
    binding: string;
    operations: RawOperation[];
  };
  // OperationInfo has no `faults`; they are read from the service schema's operation entries.
  const faultsOf = new Map(meta.operations.map((o) => [o.name, o.faults ?? []]));
  const ops = [...c.operations.values()].filter((o) => o.service === role);
  return {
    portType: meta.name,
    namespace: meta.namespace,
    binding: `${meta.binding}_${meta.name}`,
    serviceName: basename(schema.$id, ".schema.json"),
    operations: ops.map((o) => operationView(o, faultsOf.get(o.name) ?? [], profile)),
  };
}

interface RawOperation {
  name: string;
  faults?: string[];
}

/**
 * The guide profile renames an operation (PanicLogout, HeartbeatMessage) and takes its guide
 * parameter list; the SOAPAction is the one the codec uses for that profile.
 */
function operationView(op: OperationInfo, faults: string[], profile: Profile): OperationView {
  const guide = profile === "guide";
  return {
    name: guide ? (op.guideName ?? op.name) : op.name,
    params: guide ? (op.guideParams ?? op.params) : op.params,
    result: op.result,
    action: soapActionFor(op, profile),
    faults,
  };
}

/** Messages and portType, named as WCF names them (`{PortType}_{Op}_InputMessage`, …). */
function contractParts(m: ServiceMeta): XNode[] {
  const messages: XNode[] = [];
  const operations: XNode[] = [];
  for (const op of m.operations) {
    const base = `${m.portType}_${op.name}`;
    const message = (name: string, part: string, element: string) =>
      x("wsdl:message", { name }, [x("wsdl:part", { name: part, element: `tns:${element}` })]);
    messages.push(message(`${base}_InputMessage`, "parameters", op.name));
    messages.push(message(`${base}_OutputMessage`, "parameters", `${op.name}Response`));
    for (const f of op.faults) messages.push(message(`${base}_${f}Fault_FaultMessage`, "detail", f));
    operations.push(
      x("wsdl:operation", { name: op.name }, [
        x("wsdl:input", { "wsaw:Action": op.action, message: `tns:${base}_InputMessage` }),
        x("wsdl:output", { "wsaw:Action": `${op.action}Response`, message: `tns:${base}_OutputMessage` }),
        // The fault action is the fault's name, as the wire contract states for CTIPortalServiceFault.
        ...op.faults.map((f) =>
          x("wsdl:fault", {
            "wsaw:Action": f,
            name: `${f}Fault`,
            message: `tns:${base}_${f}Fault_FaultMessage`,
          }),
        ),
      ]),
    );
  }
  return [...messages, x("wsdl:portType", { name: m.portType }, operations)];
}

/** SOAP 1.1 document/literal binding and the service with its one port. */
function endpointParts(m: ServiceMeta, portTypeRef: string, bindingRef: string, location: string): XNode[] {
  const literal = [x("soap:body", { use: "literal" })];
  const binding = x("wsdl:binding", { name: m.binding, type: portTypeRef }, [
    x("soap:binding", { transport: SOAP_HTTP_TRANSPORT }),
    ...m.operations.map((op) =>
      x("wsdl:operation", { name: op.name }, [
        x("soap:operation", { soapAction: op.action, style: "document" }),
        x("wsdl:input", {}, literal),
        x("wsdl:output", {}, literal),
        ...op.faults.map((f) =>
          x("wsdl:fault", { name: `${f}Fault` }, [
            x("soap:fault", { use: "literal", name: `${f}Fault`, namespace: "" }),
          ]),
        ),
      ]),
    ),
  ]);
  const service = x("wsdl:service", { name: m.serviceName }, [
    x("wsdl:port", { name: m.binding, binding: bindingRef }, [x("soap:address", { location })]),
  ]);
  return [binding, service];
}

function definitions(attrs: Record<string, string | undefined>, children: XNode[]): string {
  return renderDocument(
    x(
      "wsdl:definitions",
      { "xmlns:wsdl": WSDL, "xmlns:soap": SOAP_BINDING, "xmlns:xsd": NS.xsd, "xmlns:wsaw": WSAW, ...attrs },
      children,
    ),
  );
}

/**
 * Builds the WSDL and XSD documents of the CTIPS server (`AgentCallService`, 27 operations)
 * or of the client callback service (`CTIEventService`, 3 operations).
 */
export function buildWsdl(service: "server" | "callback", opts: WsdlOptions): WsdlBundle {
  if (/[?#]/.test(opts.location)) {
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `WSDL location ${opts.location} has a query or fragment`,
      {
        fix: "give the bare endpoint address; ?wsdl, ?singleWsdl, ?wsdl=wsdl0 and ?xsd=xsdN are appended to it",
      },
    );
  }
  const c = contract();
  const profile = opts.profile ?? "wire";
  const m = serviceMeta(c, service, profile);
  const schemas: SchemaDoc[] = buildSchemas(c, m.namespace, m.operations, profile);
  const xsdLocation = (index: number) => `${opts.location}?xsd=xsd${index}`;

  const xsd = schemas.map((d) => renderDocument(schemaNode(d, schemas, xsdLocation)));

  // WCF's wsdl0 imports every schema through an `{ns}/Imports` schema in wsdl:types.
  const imports = x(
    "xsd:schema",
    { targetNamespace: `${m.namespace}/Imports` },
    schemas.map((d, index) =>
      x("xsd:import", { schemaLocation: xsdLocation(index), namespace: d.namespace }),
    ),
  );
  const wsdl0 = definitions({ "xmlns:tns": m.namespace, targetNamespace: m.namespace }, [
    x("wsdl:types", {}, [imports]),
    ...contractParts(m),
  ]);

  const root = definitions(
    { "xmlns:tns": TEMPURI, "xmlns:i0": m.namespace, name: m.serviceName, targetNamespace: TEMPURI },
    [
      x("wsdl:import", { namespace: m.namespace, location: `${opts.location}?wsdl=wsdl0` }),
      x("wsdl:types"),
      ...endpointParts(m, `i0:${m.portType}`, `tns:${m.binding}`, opts.location),
    ],
  );

  // ?singleWsdl merges everything into the contract's namespace, as WCF's single-WSDL flattening does.
  const single = definitions(
    { "xmlns:tns": m.namespace, name: m.serviceName, targetNamespace: m.namespace },
    [
      x(
        "wsdl:types",
        {},
        schemas.map((d) => schemaNode(d, schemas)),
      ),
      ...contractParts(m),
      ...endpointParts(m, `tns:${m.portType}`, `tns:${m.binding}`, opts.location),
    ],
  );

  return { single, wsdl0, root, xsd };
}
