/**
 * The XML Schemas of a CTIPS service as WCF's XsdDataContractExporter writes them: one schema
 * per target namespace, data contracts as sequences in wire order, enums as string
 * restrictions, arrays as `ArrayOf{Item}`, a nillable global element per type, and the
 * document/literal wrapper elements of the operations in the contract's namespace.
 * Everything comes from the registry; see docs/wsdl.md for the choices made.
 */
import type { Profile } from "./codec.ts";
import { KitError } from "./errors.ts";
import { type Contract, NS, type ParamInfo, type PrimitiveName, type WireType } from "./schemas.ts";
import { type XNode, x } from "./wsdl-xml.ts";

/** An operation as one profile publishes it. */
export interface OperationView {
  /** Operation, wrapper element and `{name}Response`/`{name}Result` base name. */
  name: string;
  params: readonly ParamInfo[];
  result: WireType;
  action: string;
  /** Data contract names of the declared faults (the detail element carries the same name). */
  faults: readonly string[];
}

export interface SchemaDoc {
  namespace: string;
  items: XNode[];
  /** Namespaces whose QNames this schema uses, so it must import them. */
  imports: Set<string>;
  /** The Serialization schema qualifies its global attributes (FactoryType, Id, Ref). */
  qualifiedAttributes?: boolean;
}

const XS = "xs";

/**
 * The standard schema WCF publishes for http://schemas.microsoft.com/2003/10/Serialization/:
 * a nillable element per XML Schema primitive, the char/duration/guid simple types and the
 * reference attributes. It is Microsoft's fixed text, not part of the CTIPS contract.
 */
function serializationSchema(): SchemaDoc {
  const primitives = [
    "anyType",
    "anyURI",
    "base64Binary",
    "boolean",
    "byte",
    "dateTime",
    "decimal",
    "double",
    "float",
    "int",
    "long",
    "QName",
    "short",
    "string",
    "unsignedByte",
    "unsignedInt",
    "unsignedLong",
    "unsignedShort",
  ];
  const restriction = (base: string, facets: [string, string][] = []): XNode =>
    x(
      `${XS}:restriction`,
      { base },
      facets.map(([f, value]) => x(`${XS}:${f}`, { value })),
    );
  const simple = (name: string, r: XNode): XNode[] => [
    x(`${XS}:element`, { name, nillable: "true", type: `tns:${name}` }),
    x(`${XS}:simpleType`, { name }, [r]),
  ];
  return {
    namespace: NS.serialization,
    qualifiedAttributes: true,
    imports: new Set(),
    items: [
      ...primitives.map((p) => x(`${XS}:element`, { name: p, nillable: "true", type: `${XS}:${p}` })),
      ...simple("char", restriction(`${XS}:int`)),
      ...simple(
        "duration",
        restriction(`${XS}:duration`, [
          ["pattern", "\\-?P(\\d*D)?(T(\\d*H)?(\\d*M)?(\\d*(\\.\\d*)?S)?)?"],
          ["minInclusive", "-P10675199DT2H48M5.4775808S"],
          ["maxInclusive", "P10675199DT2H48M5.4775807S"],
        ]),
      ),
      ...simple(
        "guid",
        restriction(`${XS}:string`, [
          ["pattern", "[\\da-fA-F]{8}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{12}"],
        ]),
      ),
      x(`${XS}:attribute`, { name: "FactoryType", type: `${XS}:QName` }),
      x(`${XS}:attribute`, { name: "Id", type: `${XS}:ID` }),
      x(`${XS}:attribute`, { name: "Ref", type: `${XS}:IDREF` }),
    ],
  };
}

/** XML Schema local names of the wire primitives, from schemas/primitives.schema.json (`ctips.xsd`). */
function primitiveXsdNames(c: Contract): Record<PrimitiveName, string> {
  const prim = c.schemas.find((s) => s.ctips?.kind === "primitives");
  const defs = (prim?.$defs ?? {}) as Record<string, { ctips?: { xsd?: string } }>;
  const out: Partial<Record<PrimitiveName, string>> = {};
  for (const name of ["int", "long", "bool", "string"] as const) {
    const xsd = defs[name]?.ctips?.xsd;
    if (!xsd) {
      throw new KitError(
        "CTIPSKIT_E_SCHEMA_INVALID",
        `primitive ${name} has no ctips.xsd in primitives.schema.json`,
        {
          fix: `add "xsd": "xs:…" to $defs.${name}.ctips`,
        },
      );
    }
    out[name] = xsd.replace(/^xs:/, "");
  }
  return out as Record<PrimitiveName, string>;
}

/** Prefix of a namespace in every generated document: its key in `NS` (`commondata:UserCredentials`). */
const PREFIXES = new Map<string, string>(Object.entries(NS).map(([key, uri]) => [uri, key]));
export function prefixOf(namespace: string): string {
  const p = PREFIXES.get(namespace);
  if (!p) {
    throw new KitError(
      "CTIPSKIT_E_SCHEMA_INVALID",
      `namespace ${namespace} is not one of the contract's namespaces`,
      {
        fix: "add the namespace to NS in src/contract/schemas.ts",
      },
    );
  }
  return p;
}

/**
 * All schemas of one service, ordered as WCF numbers them (`?xsd=xsd0`…): the contract's own
 * namespace, the Serialization namespace, the other data namespaces by name, Arrays last.
 */
export function buildSchemas(
  c: Contract,
  serviceNamespace: string,
  operations: readonly OperationView[],
  profile: Profile,
): SchemaDoc[] {
  const guide = profile === "guide";
  const xsdName = primitiveXsdNames(c);
  const docs = new Map<string, SchemaDoc>();
  const doc = (namespace: string): SchemaDoc => {
    let d = docs.get(namespace);
    if (!d) {
      d = { namespace, items: [], imports: new Set() };
      docs.set(namespace, d);
    }
    return d;
  };
  const pendingArrays: { namespace: string; name: string; item: WireType }[] = [];
  const seenArrays = new Set<string>();

  const localName = (t: WireType): string => {
    switch (t.kind) {
      case "primitive":
        return xsdName[t.name];
      case "array":
        return `ArrayOf${localName(t.item)}`;
      default:
        return t.name;
    }
  };
  /** Arrays live in their item's namespace; arrays of primitives in the Arrays namespace. */
  const namespaceOf = (t: WireType): string => {
    switch (t.kind) {
      case "primitive":
        return NS.xsd;
      case "enum":
        return c.enumInfo(t.name).namespace;
      case "data":
        return c.type(t.name).namespace;
      case "array":
        return t.item.kind === "primitive" ? NS.arrays : namespaceOf(t.item);
    }
  };
  const qname = (from: SchemaDoc, t: WireType): string => {
    const ns = namespaceOf(t);
    const local = localName(t);
    if (t.kind === "array" && !seenArrays.has(`${ns} ${local}`)) {
      seenArrays.add(`${ns} ${local}`);
      pendingArrays.push({ namespace: ns, name: local, item: t.item });
    }
    if (ns === NS.xsd) return `${XS}:${local}`;
    if (ns === from.namespace) return `tns:${local}`;
    from.imports.add(ns);
    return `${prefixOf(ns)}:${local}`;
  };
  /** Strings, arrays and data contracts are reference types: WCF marks their elements nillable. */
  const nillable = (t: WireType): string | undefined =>
    (t.kind === "primitive" && t.name === "string") || t.kind === "array" || t.kind === "data"
      ? "true"
      : undefined;
  const element = (
    from: SchemaDoc,
    name: string,
    t: WireType,
    minOccurs?: string,
    maxOccurs?: string,
  ): XNode => x(`${XS}:element`, { minOccurs, maxOccurs, name, nillable: nillable(t), type: qname(from, t) });
  const globalElement = (name: string, type: string): XNode =>
    x(`${XS}:element`, { name, nillable: "true", type });

  // Wrapper elements of document/literal wrapped operations: WCF writes every part with minOccurs=0.
  const own = doc(serviceNamespace);
  const wrapper = (name: string, parts: { name: string; type: WireType }[]): XNode =>
    x(`${XS}:element`, { name }, [
      x(`${XS}:complexType`, {}, [
        x(
          `${XS}:sequence`,
          {},
          parts.map((p) => element(own, p.name, p.type, "0")),
        ),
      ]),
    ]);
  for (const op of operations) {
    own.items.push(wrapper(op.name, [...op.params]));
    own.items.push(wrapper(`${op.name}Response`, [{ name: `${op.name}Result`, type: op.result }]));
  }
  // A fault detail element is named after its data contract, in the service contract's namespace.
  for (const fault of new Set(operations.flatMap((o) => o.faults))) {
    const t = c.type(fault);
    if (t.namespace !== serviceNamespace) {
      own.items.push(globalElement(fault, qname(own, { kind: "data", name: fault })));
    }
  }

  for (const t of c.types.values()) {
    const d = doc(t.namespace);
    const sequence = x(
      `${XS}:sequence`,
      {},
      t.ownMembers.map((m) =>
        element(d, guide ? (m.guideName ?? m.name) : m.name, m.type, m.required ? undefined : "0"),
      ),
    );
    const body = t.base
      ? x(`${XS}:complexContent`, { mixed: "false" }, [
          x(`${XS}:extension`, { base: qname(d, { kind: "data", name: t.base }) }, [sequence]),
        ])
      : sequence;
    d.items.push(x(`${XS}:complexType`, { name: t.name }, [body]));
    d.items.push(globalElement(t.name, `tns:${t.name}`));
  }

  for (const e of c.enums.values()) {
    const d = doc(e.namespace);
    // WCF annotates a value only where it differs from the member's position (its default value).
    const facets = e.names.map((name, position) =>
      x(
        `${XS}:enumeration`,
        { value: guide ? (e.guideNames[name] ?? name) : name },
        e.values[name] === position
          ? []
          : [
              x(`${XS}:annotation`, {}, [
                x(`${XS}:appinfo`, {}, [
                  x("EnumerationValue", { xmlns: NS.serialization }, String(e.values[name])),
                ]),
              ]),
            ],
      ),
    );
    d.items.push(
      x(`${XS}:simpleType`, { name: e.name }, [x(`${XS}:restriction`, { base: `${XS}:string` }, facets)]),
    );
    d.items.push(globalElement(e.name, `tns:${e.name}`));
  }

  // Arrays found above (and arrays of arrays found while writing these) go last in their namespace.
  for (let i = 0; i < pendingArrays.length; i++) {
    const a = pendingArrays[i];
    const d = doc(a.namespace);
    d.items.push(
      x(`${XS}:complexType`, { name: a.name }, [
        x(`${XS}:sequence`, {}, [element(d, localName(a.item), a.item, "0", "unbounded")]),
      ]),
    );
    d.items.push(globalElement(a.name, `tns:${a.name}`));
  }

  const others = [...docs.keys()].filter((ns) => ns !== serviceNamespace && ns !== NS.arrays).sort();
  return [
    own,
    serializationSchema(),
    ...others.map((ns) => doc(ns)),
    ...(docs.has(NS.arrays) ? [doc(NS.arrays)] : []),
  ];
}

/**
 * The `xs:schema` element of one namespace. `schemaLocation` gives each import's location
 * (`?xsd=xsdN` in the split form); without it imports name only the namespace, as in
 * `?singleWsdl` where every schema sits in the same `wsdl:types`.
 */
export function schemaNode(
  d: SchemaDoc,
  order: readonly SchemaDoc[],
  schemaLocation?: (index: number) => string,
): XNode {
  const imported = order.map((s, index) => ({ s, index })).filter(({ s }) => d.imports.has(s.namespace));
  const missing = [...d.imports].filter((ns) => !order.some((s) => s.namespace === ns));
  if (missing.length > 0) {
    throw new KitError(
      "CTIPSKIT_E_SCHEMA_INVALID",
      `schema ${d.namespace} imports ${missing.join(", ")}, which has no schema`,
    );
  }
  const attrs: Record<string, string | undefined> = {
    "xmlns:tns": d.namespace,
    attributeFormDefault: d.qualifiedAttributes ? "qualified" : undefined,
    elementFormDefault: "qualified",
    targetNamespace: d.namespace,
    [`xmlns:${XS}`]: NS.xsd,
  };
  for (const { s } of imported) attrs[`xmlns:${prefixOf(s.namespace)}`] = s.namespace;
  const imports = imported.map(({ s, index }) =>
    x(`${XS}:import`, { schemaLocation: schemaLocation?.(index), namespace: s.namespace }),
  );
  return x(`${XS}:schema`, attrs, [...imports, ...d.items]);
}
