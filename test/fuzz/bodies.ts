/**
 * SOAP bodies for fuzzing the mock CTIPS, generated from the contract (schemas/) with
 * fast-check: every CTIPortalService operation with valid, boundary and wrong values, missing
 * and extra members, wrong namespaces, members out of order, broken envelopes and SOAPActions,
 * and byte-level mutations of valid envelopes (truncation, bad UTF-8, huge attributes, deep
 * nesting, DOCTYPEs and entity tricks, comments and CDATA in odd places).
 *
 * A case names what it started from and what was done to it, and whether the mock must
 * refuse it (`mustRefuse`: a fault or a 4xx; the state-invariance property sends only those).
 * Session ids and the callback URL are placeholders the harness fills in when it sends.
 */
import fc from "fast-check";
import {
  Codec,
  contract,
  DEFAULT_XML_LIMITS,
  encodeRequest,
  type MemberInfo,
  NS,
  type OperationInfo,
  soapActionFor,
  type WireType,
} from "../../src/contract/index.ts";
import { xmlSafe } from "../../src/contract/xml.ts";

/** Replaced by the SessionId the harness aims at (the victim, or the target of the invariance property). */
export const SESSION = "$SESSION$";
/** Replaced by the callback server's URL. */
export const CALLBACK = "$CALLBACK$";

const c = contract();
export const SERVER_OPS: readonly OperationInfo[] = [...c.operations.values()].filter(
  (o) => o.service === "server",
);
const CALLBACK_OPS = [...c.operations.values()].filter((o) => o.service === "callback");
const lenient = new Codec(undefined, { skipMissingRequired: true });

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
/** Depth of a member element in an envelope: Envelope, Body, the operation, args, the member. */
const MEMBER_DEPTH = 5;

export interface FuzzCase {
  /** What was done, in order: `valid`, `missing SessionId`, `truncate@120`, … */
  steps: string[];
  op: string;
  /** The SOAPAction header as sent (quotes included), or undefined for none. */
  soapAction: string | undefined;
  body: Buffer;
  /** Sent with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked: boolean;
  /** The mock must answer a fault or a 4xx (never a result). */
  mustRefuse: boolean;
}

// ------------------------------------------------------------------------------ printing

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });

/** A body as readable text: invalid UTF-8 as \xNN, control characters escaped, long runs counted. */
export function readableBody(body: Buffer): string {
  let text: string;
  try {
    text = fatalUtf8.decode(body);
  } catch {
    text = "";
    let from = 0;
    for (let i = 0; i <= body.length; i++) {
      const b = body[i];
      if (i < body.length && b < 0x80) continue;
      text += body.subarray(from, i).toString("latin1");
      if (i === body.length) break;
      // One valid multi-byte sequence at a time, else the byte as \xNN.
      const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      let seq: string | undefined;
      if (len > 1) {
        try {
          seq = fatalUtf8.decode(body.subarray(i, i + len));
        } catch {}
      }
      if (seq !== undefined) {
        text += seq;
        i += len - 1;
      } else text += `\\x${b.toString(16).padStart(2, "0")}`;
      from = i + 1;
    }
  }
  const escaped = text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: showing them is the point
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return escaped.replace(/([\s\S])\1{39,}/g, (run, ch: string) => `${ch.repeat(8)}…(${ch} ×${run.length})`);
}

/** A case as the failure report prints it: what was done, the SOAPAction and the readable body. */
export function describeCase(k: FuzzCase): string {
  return [
    `{ op: ${k.op}, steps: [${k.steps.join(" → ")}], mustRefuse: ${k.mustRefuse}, chunked: ${k.chunked},`,
    `  soapAction: ${k.soapAction === undefined ? "(none)" : k.soapAction},`,
    `  body (${k.body.length} bytes): ${readableBody(k.body)} }`,
  ].join("\n");
}

function makeCase(k: FuzzCase): FuzzCase {
  return Object.assign(k, { [fc.toStringMethod]: () => describeCase(k) });
}

/** A batch of cases, sent together; printed as the cases it still holds (nulls are shrunk away). */
export class Batch {
  constructor(readonly cases: readonly FuzzCase[]) {}
  [fc.toStringMethod](): string {
    return `Batch of ${this.cases.length}:\n${this.cases.map(describeCase).join("\n")}`;
  }
}

/**
 * `size` cases, each of which fast-check shrinks to nothing first: a failing batch shrinks
 * to the few cases that fail.
 */
export function batchOf(arb: fc.Arbitrary<FuzzCase>, size: number): fc.Arbitrary<Batch> {
  return fc
    .array(fc.option(arb, { nil: null, freq: 2 ** 30 }), { minLength: size, maxLength: size })
    .map((xs) => new Batch(xs.filter((x): x is FuzzCase => x !== null)));
}

// ------------------------------------------------------------------------------ values

type Mode = "wild" | "plausible";

const boundaryInt = fc.constantFrom(0, 1, -1, INT_MIN, INT_MAX, INT_MIN + 1, INT_MAX - 1);
const anyInt = fc.oneof(boundaryInt, fc.integer({ min: INT_MIN, max: INT_MAX }));
const xmlChar = fc.oneof(
  { arbitrary: fc.constantFrom("a", "Z", "0", "9", " ", "-", "_", "."), weight: 6 },
  { arbitrary: fc.constantFrom("<", ">", "&", '"', "'", "\t", "\n", "\r", "]]>", "&amp;"), weight: 1 },
  { arbitrary: fc.constantFrom("é", "€", "日", "😀", "\u200b", "\ufffd", "\u0085"), weight: 1 },
);
const shortString = fc.string({ unit: xmlChar, maxLength: 16 });
/** Repeats of one character or short pattern, around and beyond the 64 KiB message limit. */
const hugeString = fc
  .tuple(fc.constantFrom("x", "é", "日", "😀", "<", "&", "ab "), fc.integer({ min: 1_000, max: 70_000 }))
  .map(([p, n]) => p.repeat(Math.ceil(n / p.length)));
const wildString = fc.oneof(
  { arbitrary: shortString, weight: 12 },
  { arbitrary: fc.constant(""), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 8 }).filter(xmlCarries), weight: 1 },
  { arbitrary: hugeString, weight: 1 },
);
const plausibleString = fc.string({ unit: fc.constantFrom("a", "b", "1", "2", " ", "-"), maxLength: 8 });

/** True when XML 1.0 can carry every character (the writer refuses the others). */
function xmlCarries(s: string): boolean {
  return xmlSafe(s) === s;
}

const AGENT_IDS = [1001, 1002, 1003, 1004];
const CALL_IDS = [70001, 70002, 1, 2]; // the simulator numbers calls from 70001
const SERVICE_IDS = [100, 200, 300, 400];
const LOGIN_NAMES = ["agent1", "agent2", "agent3", "agent4"];

/** Values by member name where the name says more than the type (ids the mock knows). */
function namedValue(name: string, mode: Mode): fc.Arbitrary<unknown> | undefined {
  const wild = <T>(known: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) =>
    mode === "plausible" ? known : fc.oneof({ arbitrary: known, weight: 4 }, { arbitrary: other, weight: 1 });
  switch (name) {
    case "SessionId":
      return wild(fc.constant(SESSION), fc.oneof(fc.uuid(), wildString));
    case "TenantId":
      return wild(fc.constant(1), anyInt);
    case "TenantIds":
      return wild(fc.constant([1]), fc.array(anyInt, { maxLength: 3 }));
    case "AgentIdx":
      return wild(fc.constantFrom(...AGENT_IDS), anyInt);
    case "CallId":
    case "ConsultationCallId":
      return wild(fc.constantFrom(...CALL_IDS), anyInt);
    case "ServiceId":
      return wild(fc.constantFrom(...SERVICE_IDS), anyInt);
    case "AgentLoginName":
      return wild(fc.constantFrom(...LOGIN_NAMES), wildString);
    case "StationId":
      return wild(fc.constantFrom("", "4001", "4002", "4003", "4004", "4005"), wildString);
    case "AgentLoginNameList":
      return wild(
        fc.array(fc.constantFrom(...LOGIN_NAMES), { maxLength: 2 }),
        fc.array(wildString, { maxLength: 3 }),
      );
    case "ClientCallbackURL":
      return wild(
        fc.constantFrom(CALLBACK, `${CALLBACK}/other`),
        fc.oneof(
          fc.constantFrom(
            "http://127.0.0.1:1/cb",
            "ftp://127.0.0.1/",
            "",
            "not a url",
            "http://",
            "http:// x/",
          ),
          wildString,
        ),
      );
    case "UserCredentials":
      return wild(
        fc.constant({ UserName: "ctiuser", Password: "ctipass" }),
        fc.record({
          UserName: fc.option(wildString, { nil: null }),
          Password: fc.option(wildString, { nil: null }),
        }),
      );
    case "DestinationAddress":
      return wild(fc.constantFrom("agent2", "100", "5551234"), wildString);
    case "FieldValue":
      return wild(fc.constantFrom("1", "100", "1001", "agent1"), wildString);
    case "DtmfDigits":
      return wild(fc.constantFrom("1", "123#", "*9"), wildString);
    case "UserData":
      return wild(fc.constant(["k=v"]), fc.array(wildString, { maxLength: 3 }));
  }
  return undefined;
}

function valueArb(type: WireType, mode: Mode, depth = 0): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "primitive":
      if (type.name === "int") return mode === "plausible" ? fc.integer({ min: 0, max: 1000 }) : anyInt;
      if (type.name === "long") return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
      if (type.name === "bool") return fc.boolean();
      return mode === "plausible" ? plausibleString : wildString;
    case "enum":
      return fc.constantFrom(...c.enumInfo(type.name).names);
    case "array":
      return fc.array(valueArb(type.item, mode, depth + 1), { maxLength: depth > 0 ? 1 : 3 });
    case "data": {
      const t = c.type(type.name);
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const m of t.members) rec[m.name] = memberValue(m, mode, depth + 1);
      return fc.record(rec);
    }
  }
}

function memberValue(m: MemberInfo, mode: Mode, depth = 0): fc.Arbitrary<unknown> {
  return namedValue(m.name, mode) ?? valueArb(m.type, mode, depth);
}

function argsOf(op: OperationInfo, mode: Mode): fc.Arbitrary<Record<string, unknown>> {
  const t = argsType(op);
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const m of t.members) rec[m.name] = memberValue(m, mode);
  return fc.record(rec);
}

function argsType(op: OperationInfo) {
  const p = op.params[0];
  if (p.type.kind !== "data") throw new Error(`${op.name}: args is not a data contract`);
  return c.type(p.type.name);
}

const quoted = (action: string) => `"${action}"`;

// ------------------------------------------------------------------------------ valid envelopes

interface Valid {
  op: OperationInfo;
  profile: "wire" | "guide";
  args: Record<string, unknown>;
  xml: string;
}

function validEnvelope(mode: Mode, ops: readonly OperationInfo[] = SERVER_OPS): fc.Arbitrary<Valid> {
  return fc
    .constantFrom(...ops)
    .chain((op) =>
      fc.tuple(
        fc.constant(op),
        argsOf(op, mode),
        mode === "plausible"
          ? fc.constant("wire" as const)
          : fc.constantFrom("wire" as const, "wire", "wire", "guide"),
      ),
    )
    .map(([op, args, profile]) => ({
      op,
      profile,
      args,
      xml: encodeRequest(op, { args }, profile, lenient),
    }));
}

function validCase(v: Valid): FuzzCase {
  return makeCase({
    steps: [v.profile === "guide" ? "valid (guide spellings)" : "valid"],
    op: v.op.name,
    soapAction: quoted(soapActionFor(v.op, v.profile)),
    body: Buffer.from(v.xml),
    chunked: false,
    mustRefuse: false,
  });
}

// ------------------------------------------------------------------------------ structure

/** A small element tree of the request, written without prefixes (each element declares its namespace). */
interface El {
  name: string;
  ns: string;
  attrs: [string, string][];
  text?: string;
  /** Text written as is (entity tricks, comments, CDATA), not escaped. */
  raw?: string;
  children?: El[];
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
const escAttr = (s: string) => esc(s).replace(/"/g, "&quot;");

function write(el: El, parentNs: string): string {
  let out = `<${el.name}`;
  if (el.ns !== parentNs) out += ` xmlns="${escAttr(el.ns)}"`;
  for (const [k, v] of el.attrs) out += ` ${k}="${escAttr(v)}"`;
  if (el.children) return `${out}>${el.children.map((ch) => write(ch, el.ns)).join("")}</${el.name}>`;
  if (el.raw !== undefined) return `${out}>${el.raw}</${el.name}>`;
  if (el.text !== undefined) return `${out}>${esc(el.text)}</${el.name}>`;
  return `${out}/>`;
}

function scalarText(v: unknown): string {
  return typeof v === "boolean" ? (v ? "true" : "false") : String(v);
}

/** The name and namespace of an array item element, as WCF writes them (`<b:int>`, `<a:CTIEntityType>`). */
function itemElement(item: WireType): [string, string] {
  switch (item.kind) {
    case "primitive":
      return [item.name === "bool" ? "boolean" : item.name, NS.arrays];
    case "enum":
      return [item.name, c.enumInfo(item.name).namespace];
    case "data":
      return [item.name, c.type(item.name).namespace];
    case "array":
      return ["anyType", NS.arrays];
  }
}

function treeOf(name: string, ns: string, type: WireType, v: unknown): El {
  if (v === null || v === undefined)
    return {
      name,
      ns,
      attrs: [
        ["xmlns:i", NS.xsi],
        ["i:nil", "true"],
      ],
    };
  if (type.kind === "primitive" || type.kind === "enum") return { name, ns, attrs: [], text: scalarText(v) };
  if (type.kind === "array") {
    const item = type.item;
    const [itemName, itemNs] = itemElement(item);
    return { name, ns, attrs: [], children: (v as unknown[]).map((x) => treeOf(itemName, itemNs, item, x)) };
  }
  const t = c.type(type.name);
  const obj = v as Record<string, unknown>;
  return {
    name,
    ns,
    attrs: [],
    children: t.members
      .filter((m) => obj[m.name] !== undefined)
      .map((m) => treeOf(m.name, m.namespace, m.type, obj[m.name])),
  };
}

/** The whole request as a tree: Envelope > Body > {Op} > args > members. */
function requestTree(op: OperationInfo, args: Record<string, unknown>): El {
  const argsEl = treeOf("args", op.namespace, op.params[0].type, args);
  return {
    name: "Envelope",
    ns: NS.soap,
    attrs: [],
    children: [
      {
        name: "Body",
        ns: NS.soap,
        attrs: [],
        children: [{ name: op.name, ns: op.namespace, attrs: [], children: [argsEl] }],
      },
    ],
  };
}

const bodyOf = (env: El) => env.children![0];
/** The operation element, or undefined once a defect emptied the Body. */
const wrapperOf = (env: El): El | undefined => bodyOf(env).children?.[0];
const argsElOf = (env: El) => wrapperOf(env)?.children?.[0];

/** A member written as plain text (not nil, no children, no raw text another defect wrote). */
const scalar = (e: El) => e.text !== undefined && e.raw === undefined && e.children === undefined;

const isValueType = (t: WireType) => (t.kind === "primitive" && t.name !== "string") || t.kind === "enum";

const BAD_TEXT: Record<string, string[]> = {
  // White space other than XML's (NBSP, EM SPACE, BOM, NEL) is no white space to a WCF peer.
  int: [
    "abc",
    "",
    "1.5",
    "2147483648",
    "-2147483649",
    "99999999999",
    "0x1F",
    "1e3",
    "１２",
    "--1",
    "1 2",
    "NaN",
    "\u00a012",
    "7\u2003",
    "\ufeff1",
    "1\u0085",
  ],
  long: ["abc", "", "9223372036854775808", "1.0"],
  bool: ["yes", "TRUE", "", "2", "on", "falsey", "true\u00a0", "\u20280"],
  enum: ["Bogus", "", "1.5", "INVALID_", "_", "-", "Idle\u00a0", "\ufeffIdle"],
};

/** Kinds of structural defect; `hard` ones make a request the mock must refuse. */
export const STRUCTURAL = [
  "missing-member",
  "wrong-type",
  "nil-value",
  "object-as-text",
  "wrong-tenant",
  "extra-member",
  "duplicate-member",
  "wrong-namespace",
  "out-of-order",
  "elements-in-scalar",
  "attributes",
  "deep-nesting",
  "entity-trick",
  "comment-cdata",
  "control-char",
  "bad-envelope",
  "bad-body",
  "soap-action",
] as const;
type Structural = (typeof STRUCTURAL)[number];

const HARD_STRUCTURAL: readonly Structural[] = [
  "missing-member",
  "wrong-type",
  "nil-value",
  "object-as-text",
  "wrong-tenant",
  "deep-nesting",
  "entity-trick",
  "control-char",
  "bad-envelope",
  "bad-body",
  "soap-action",
];

interface Defect {
  kind: Structural;
  /** Choices, reduced modulo what the request offers. */
  a: number;
  b: number;
  size: number;
}

const defectOf = (kinds: readonly Structural[]) =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    a: fc.nat(),
    b: fc.nat(),
    size: fc.nat({ max: 120 }),
  });

const ODD_NAMES = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "SessionIdx",
  "sessionid",
  "x",
  "a:b",
  "Args",
];
const ENTITY_TRICKS: [string, boolean][] = [
  ["&#0;", true],
  ["&#x0;", true],
  ["&#xD800;", true],
  ["&#xDFFF;", true],
  ["&#xFFFE;", true],
  ["&#x110000;", true],
  ["&#1114112;", true],
  ["&#;", true],
  ["&#x;", true],
  ["&#-1;", true],
  ["&#x1F;", true],
  ["&unknown;", true],
  ["&lol9;", true],
  ["&amp", true],
  ["& ", true],
  ["&#65;&#x42;", false],
  ["&lt;&gt;&amp;&quot;&apos;", false],
  ["&#x1F600;", false],
  ["&#9;&#xA;&#xD;", false],
];
const COMMENTS_CDATA = [
  "<!---->",
  "<!-- c -->",
  "<!-- -- -->",
  "<![CDATA[]]>",
  "<![CDATA[<a:x/>&amp;]]>",
  "<![CDATA[]]]]><![CDATA[>]]>",
  "<?pi x?>",
  '<?xml version="1.0"?>',
];
const CONTROL_CHARS = ["\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u001f", "\ufffe", "\uffff"];

/** Applies one defect; returns its step text and whether it makes the request one the mock must refuse. */
function applyDefect(
  env: El,
  op: OperationInfo,
  d: Defect,
  action: { value: string | undefined },
): { step: string; hard: boolean } {
  const args = argsElOf(env);
  const members = args?.children ?? [];
  const t = argsType(op);
  const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length];
  switch (d.kind) {
    case "missing-member": {
      const present = t.members.filter((m) => m.required && members.some((e) => e.name === m.name));
      if (!args || present.length === 0) {
        const wrapper = wrapperOf(env);
        if (wrapper) wrapper.children = [];
        return { step: wrapper ? "missing args" : "empty Body", hard: true };
      }
      const m = pick(present, d.a);
      args.children = members.filter((e) => e.name !== m.name);
      return { step: `missing ${m.name}`, hard: true };
    }
    case "wrong-type": {
      const cands = t.members.filter((m) => {
        const e = members.find((x) => x.name === m.name);
        if (!e) return false;
        if (m.type.kind === "array") return isValueType(m.type.item) && e.children !== undefined;
        return isValueType(m.type) && scalar(e);
      });
      if (cands.length === 0) return applyDefect(env, op, { ...d, kind: "missing-member" }, action);
      const m = pick(cands, d.a);
      const item = m.type.kind === "array" ? m.type.item : m.type;
      const bad = pick(BAD_TEXT[item.kind === "primitive" ? item.name : "enum"], d.b);
      // Every copy of the member (a duplicate's value would otherwise win).
      for (const el of members.filter((e) => e.name === m.name)) {
        if (m.type.kind === "array") {
          const [itemName, itemNs] = itemElement(item);
          Object.assign(el, { text: undefined, raw: undefined, attrs: [] });
          el.children = [...(el.children ?? []), { name: itemName, ns: itemNs, attrs: [], text: bad }];
        } else Object.assign(el, { text: bad, raw: undefined, children: undefined, attrs: [] });
      }
      return { step: `${m.name} = ${JSON.stringify(bad)}`, hard: true };
    }
    case "nil-value": {
      const cands = t.members.filter(
        (m) =>
          m.type.kind === "primitive" && m.type.name !== "string" && members.some((e) => e.name === m.name),
      );
      if (cands.length === 0) return applyDefect(env, op, { ...d, kind: "missing-member" }, action);
      const m = pick(cands, d.a);
      for (const el of members.filter((e) => e.name === m.name))
        Object.assign(el, {
          text: undefined,
          raw: undefined,
          children: undefined,
          attrs: [
            ["xmlns:i", NS.xsi],
            ["i:nil", "true"],
          ],
        });
      return { step: `${m.name} nil`, hard: true };
    }
    case "object-as-text": {
      const cands = members.filter(
        (e) => e.children && t.members.some((m) => m.name === e.name && m.type.kind === "data"),
      );
      if (cands.length === 0) return applyDefect(env, op, { ...d, kind: "missing-member" }, action);
      const name = pick(cands, d.a).name;
      for (const el of members.filter((e) => e.name === name))
        Object.assign(el, { children: undefined, raw: undefined, text: "ctiuser" });
      return { step: `${name} as text`, hard: true };
    }
    case "wrong-tenant": {
      const tenants = members.filter((e) => e.name === "TenantId" || e.name === "TenantIds");
      if (tenants.length === 0) return applyDefect(env, op, { ...d, kind: "missing-member" }, action);
      const value = pick([0, 2, -1, INT_MAX, INT_MIN], d.a);
      for (const tenant of tenants) {
        Object.assign(tenant, { raw: undefined, children: undefined, text: undefined, attrs: [] });
        if (tenant.name === "TenantIds")
          tenant.children = [{ name: "int", ns: NS.arrays, attrs: [], text: String(value) }];
        else tenant.text = String(value);
      }
      return { step: `${tenants[0].name} = ${value}`, hard: true };
    }
    case "extra-member": {
      if (!args) return { step: "no args for an extra member", hard: false };
      const name = pick(ODD_NAMES, d.a);
      const el: El = {
        name: name.includes(":") ? "b" : name,
        ns: pick([op.namespace, NS.commondata, "urn:x"], d.b),
        attrs: [],
        text: "extra",
      };
      args.children = [...members];
      args.children.splice(d.b % (members.length + 1), 0, el);
      return { step: `extra member ${el.name}`, hard: false };
    }
    case "duplicate-member": {
      if (members.length === 0) return { step: "no member to duplicate", hard: false };
      const el = pick(members, d.a);
      args!.children = [...members, structuredClone(el)];
      return { step: `duplicate ${el.name}`, hard: false };
    }
    case "wrong-namespace": {
      const wrapper = wrapperOf(env);
      const targets = [...members, ...(args ? [args] : []), ...(wrapper ? [wrapper] : [])];
      if (targets.length === 0) return { step: "nothing to put in another namespace", hard: false };
      const el = pick(targets, d.a);
      el.ns = pick([NS.commondata, NS.clientpublishapi, "", "urn:x", NS.soap, `${op.namespace}/`], d.b);
      return { step: `${el.name} in '${el.ns}'`, hard: false };
    }
    case "out-of-order": {
      if (members.length < 2) return { step: "too few members to reorder", hard: false };
      const i = d.a % members.length;
      const j = (i + 1 + (d.b % (members.length - 1))) % members.length;
      const copy = [...members];
      [copy[i], copy[j]] = [copy[j], copy[i]];
      args!.children = copy;
      return { step: `swap ${copy[j].name} and ${copy[i].name}`, hard: false };
    }
    case "elements-in-scalar": {
      const cands = members.filter(scalar);
      if (cands.length === 0) return { step: "no scalar member", hard: false };
      const el = pick(cands, d.a);
      el.children = [{ name: "x", ns: el.ns, attrs: [], text: el.text }];
      el.text = undefined;
      return { step: `elements in ${el.name}`, hard: false };
    }
    case "attributes": {
      const wrapper = wrapperOf(env);
      const targets = [env, bodyOf(env), ...(wrapper ? [wrapper] : []), ...(args ? [args] : []), ...members];
      const el = pick(targets, d.a);
      // Sizes around the attribute limit, and beyond (the message limit may come first).
      const limit = DEFAULT_XML_LIMITS.maxAttributeChars ?? 8192;
      const sizes = [0, 1, 100, limit - 1, limit, limit + 1, 4 * limit];
      const len = pick(sizes, d.size);
      const name = pick(
        ODD_NAMES.filter((n) => !n.includes(":")),
        d.b,
      );
      const others = el.attrs.filter(([k]) => k !== name && k !== "a");
      el.attrs = [...others, ["a", "1"], [name, "v".repeat(len)]];
      return { step: `attribute ${name} of ${len} chars on ${el.name}`, hard: len > limit };
    }
    case "deep-nesting": {
      const cands = members.filter(scalar);
      if (cands.length === 0) return { step: "no scalar member to nest in", hard: false };
      const el = pick(cands, d.a);
      const deepest = MEMBER_DEPTH + d.size;
      let inner: El = { name: "d", ns: el.ns, attrs: [], text: el.text };
      for (let k = 1; k < d.size; k++) inner = { name: "d", ns: el.ns, attrs: [], children: [inner] };
      el.children = d.size > 0 ? [inner] : undefined;
      if (d.size > 0) el.text = undefined;
      // Over the depth limit the whole message is refused; below it, a value type's text is gone.
      const tooDeep = deepest > DEFAULT_XML_LIMITS.maxDepth;
      const m = t.members.find((x) => x.name === el.name);
      return {
        step: `${d.size} levels in ${el.name} (depth ${deepest})`,
        hard: tooDeep || (d.size > 0 && !!m && isValueType(m.type)),
      };
    }
    case "entity-trick": {
      const cands = members.filter(scalar);
      if (cands.length === 0) return { step: "no scalar member for an entity", hard: false };
      const el = pick(cands, d.a);
      const [trick, bad] = pick(ENTITY_TRICKS, d.b);
      el.raw = esc(el.text ?? "") + trick;
      return { step: `${el.name} += ${trick}`, hard: bad };
    }
    case "comment-cdata": {
      const cands = members.filter(scalar);
      if (cands.length === 0) return { step: "no scalar member", hard: false };
      const el = pick(cands, d.a);
      const text = esc(el.text ?? "");
      const at = d.size % (text.length + 1);
      const snippet = pick(COMMENTS_CDATA, d.b);
      el.raw = text.slice(0, at) + snippet + text.slice(at);
      return { step: `${el.name}: ${snippet} at ${at}`, hard: false };
    }
    case "control-char": {
      const cands = members.filter(scalar);
      if (cands.length === 0) return applyDefect(env, op, { ...d, kind: "bad-envelope" }, action);
      const el = pick(cands, d.a);
      const ch = pick(CONTROL_CHARS, d.b);
      el.raw = esc(el.text ?? "") + ch;
      return { step: `${el.name} += U+${ch.charCodeAt(0).toString(16).padStart(4, "0")}`, hard: true };
    }
    case "bad-envelope": {
      const how = d.a % 4;
      if (how === 0) env.ns = "http://www.w3.org/2003/05/soap-envelope";
      else if (how === 1) env.ns = "";
      else if (how === 2) env.name = "Envelop";
      else bodyOf(env).name = "Bdy";
      return {
        step: ["SOAP 1.2 envelope", "envelope in no namespace", "<Envelop>", "<Bdy>"][how],
        hard: true,
      };
    }
    case "bad-body": {
      const body = bodyOf(env);
      const wrapper = wrapperOf(env);
      const how = wrapper ? d.a % 5 : 4;
      if (how === 0) body.children = [];
      else if (how === 1) wrapper!.name = `${op.name}Response`;
      else if (how === 2) wrapper!.name = pick(["Frobnicate", "OpenConnectionX", "CTIPortalService"], d.b);
      else if (how === 3) {
        const cb = pick(CALLBACK_OPS, d.b);
        wrapper!.name = cb.name;
        wrapper!.ns = cb.namespace;
        action.value = quoted(cb.action);
      } else body.name = "Header";
      return {
        step: [
          "empty Body",
          "a response in the Body",
          `<${wrapper?.name}> in the Body`,
          "a callback operation",
          "Header instead of Body",
        ][how],
        hard: true,
      };
    }
    case "soap-action": {
      const how = d.a % 6;
      if (how === 0) {
        const other = pick(
          SERVER_OPS.filter((o) => o !== op),
          d.b,
        );
        action.value = quoted(other.action);
        return { step: `SOAPAction of ${other.name}`, hard: false };
      }
      if (how === 1) {
        action.value = quoted(`${op.action}X`);
        return { step: "unknown SOAPAction", hard: false };
      }
      if (how === 2) {
        action.value = undefined;
        return { step: "no SOAPAction", hard: false };
      }
      if (how === 3) {
        action.value = op.action;
        return { step: "SOAPAction unquoted", hard: false };
      }
      if (how === 4) {
        action.value = '""';
        return { step: "empty SOAPAction", hard: false };
      }
      action.value = quoted(pick(["urn:x", "\u00e9", " ", "\\", "a\tb"], d.b));
      // Whether the SOAPAction makes the request one to refuse is decided by the last one set.
      return { step: `SOAPAction ${action.value}`, hard: false };
    }
  }
}

/** A SOAPAction header naming something other than the operation (the mock answers ActionNotSupported). */
function foreignAction(header: string | undefined, op: OperationInfo): boolean {
  if (header === undefined) return false;
  const v = header.trim().replace(/^"|"$/g, "");
  return v !== "" && v !== op.action && v !== soapActionFor(op, "guide");
}

function structuralCase(mode: Mode, defects: fc.Arbitrary<Defect[]>) {
  return fc
    .tuple(
      fc.constantFrom(...SERVER_OPS).chain((op) => fc.tuple(fc.constant(op), argsOf(op, mode))),
      defects,
      fc.boolean(),
    )
    .map(([[op, args], defects, chunked]) => {
      const env = requestTree(op, args);
      const action = { value: quoted(op.action) as string | undefined };
      const steps: string[] = [];
      let hard = false;
      for (const d of defects) {
        const r = applyDefect(env, op, d, action);
        steps.push(r.step);
        hard ||= r.hard;
      }
      hard ||= foreignAction(action.value, op);
      return makeCase({
        steps,
        op: op.name,
        soapAction: action.value,
        body: Buffer.from(write(env, "")),
        chunked,
        mustRefuse: hard,
      });
    });
}

// ------------------------------------------------------------------------------ bytes

const INVALID_UTF8: number[][] = [
  [0xc3], // a lead byte alone
  [0xff],
  [0xfe],
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0xaf], // overlong
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
  [0x80], // a continuation byte alone
];

const BILLION_LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>';
const PROLOGUES: [string, boolean][] = [
  [BILLION_LAUGHS, true],
  ['<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', true],
  ["<!DOCTYPE s:Envelope>", true],
  ['<!doctype x SYSTEM "http://127.0.0.1:1/x.dtd">', true],
  ["\ufeff", false],
  ['<?xml version="1.0" encoding="utf-8"?>', false],
  ['<?xml version="1.0" encoding="UTF-16"?>', false],
  ["<!-- before -->", false],
  ["<?xml-stylesheet href='x'?>", false],
  ["\r\n\t ", false],
];

type ByteMutation =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; mask: number }
  | { kind: "insert"; at: number; bytes: number[] }
  | { kind: "delete"; at: number; len: number }
  | { kind: "invalid-utf8"; at: number; which: number }
  | { kind: "prologue"; which: number }
  | { kind: "epilogue"; text: string }
  | { kind: "duplicate-range"; at: number; len: number };

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant("invalid-utf8" as const), at: fc.nat(), which: fc.nat() }),
  fc.record({ kind: fc.constant("prologue" as const), which: fc.nat() }),
  fc.record({
    kind: fc.constant("epilogue" as const),
    text: fc.constantFrom("<x/>", "text", "<!-- c -->", "<?pi?>", "<![CDATA[x]]>", "</s:Envelope>"),
  }),
  fc.record({
    kind: fc.constant("duplicate-range" as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 64 }),
  }),
);

/** Applies one mutation; hard when the result is certainly refused whatever else happened. */
function mutate(body: Buffer, m: ByteMutation): { body: Buffer; step: string; hard: boolean } {
  const at = body.length
    ? m.kind === "prologue" || m.kind === "epilogue"
      ? 0
      : (m as { at: number }).at % body.length
    : 0;
  switch (m.kind) {
    case "truncate":
      return { body: body.subarray(0, at), step: `truncate@${at}`, hard: true };
    case "flip": {
      const out = Buffer.from(body);
      if (out.length) out[at] ^= m.mask;
      return { body: out, step: `flip@${at}^${m.mask}`, hard: false };
    }
    case "insert":
      return {
        body: Buffer.concat([body.subarray(0, at), Buffer.from(m.bytes), body.subarray(at)]),
        step: `insert@${at} [${m.bytes.join(",")}]`,
        hard: false,
      };
    case "delete":
      return {
        body: Buffer.concat([body.subarray(0, at), body.subarray(at + m.len)]),
        step: `delete@${at}+${m.len}`,
        hard: false,
      };
    case "invalid-utf8": {
      const seq = INVALID_UTF8[m.which % INVALID_UTF8.length];
      return {
        body: Buffer.concat([body.subarray(0, at), Buffer.from(seq), body.subarray(at)]),
        step: `bad UTF-8 [${seq.map((b) => b.toString(16)).join(" ")}]@${at}`,
        hard: false,
      };
    }
    case "prologue": {
      const [text, hard] = PROLOGUES[m.which % PROLOGUES.length];
      return {
        body: Buffer.concat([Buffer.from(text), body]),
        step: `prologue ${JSON.stringify(text.slice(0, 40))}`,
        hard,
      };
    }
    case "epilogue":
      return {
        body: Buffer.concat([body, Buffer.from(m.text)]),
        step: `epilogue ${m.text}`,
        hard: !/^<!--|^<\?/.test(m.text),
      };
    case "duplicate-range": {
      const piece = body.subarray(at, at + m.len);
      return {
        body: Buffer.concat([body.subarray(0, at), piece, body.subarray(at)]),
        step: `duplicate@${at}+${m.len}`,
        hard: false,
      };
    }
  }
}

function byteCase(mode: Mode, mutations: fc.Arbitrary<ByteMutation[]>) {
  return fc.tuple(validEnvelope(mode), mutations, fc.boolean()).map(([v, ms, chunked]) => {
    let body: Buffer = Buffer.from(v.xml);
    const steps = [v.profile === "guide" ? "valid (guide spellings)" : "valid"];
    let hard = false;
    for (const m of ms) {
      const r = mutate(body, m);
      body = r.body;
      steps.push(r.step);
      // A later mutation may undo what made an earlier one certain (append what a truncation cut).
      hard = r.hard && ms.length === 1;
    }
    return makeCase({
      steps,
      op: v.op.name,
      soapAction: quoted(soapActionFor(v.op, v.profile)),
      body,
      chunked,
      mustRefuse: hard,
    });
  });
}

// ------------------------------------------------------------------------------ the mixes

/** Everything: valid requests (which may change the aimed-at session), defects, mutations. */
export function anyCase(): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { arbitrary: validEnvelope("wild").map(validCase), weight: 3 },
    {
      arbitrary: structuralCase("wild", fc.array(defectOf(STRUCTURAL), { minLength: 1, maxLength: 3 })),
      weight: 5,
    },
    { arbitrary: byteCase("wild", fc.array(byteMutation, { minLength: 1, maxLength: 3 })), weight: 3 },
  );
}

/**
 * Requests the mock must refuse, written to change the aimed-at session if it did not: the
 * values are the session's own (its id, tenant 1, logged-in agents, live calls), with one
 * defect that makes them invalid (and possibly others that alone would not).
 */
export function refusedCase(): fc.Arbitrary<FuzzCase> {
  const hardTruncation = fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() });
  const hardPrologue = fc.record({ kind: fc.constant("prologue" as const), which: fc.nat({ max: 3 }) });
  const soft = STRUCTURAL.filter((k) => !HARD_STRUCTURAL.includes(k) && k !== "attributes");
  // One defect that makes the request invalid, then up to two that alone would not.
  const defects = fc
    .tuple(defectOf(HARD_STRUCTURAL), fc.array(defectOf(soft), { maxLength: 2 }))
    .map(([hard, more]) => [hard, ...more]);
  return fc
    .oneof(
      { arbitrary: structuralCase("plausible", defects), weight: 7 },
      {
        arbitrary: byteCase(
          "plausible",
          fc.oneof(hardTruncation, hardPrologue).map((m) => [m]),
        ),
        weight: 3,
      },
    )
    .filter((k) => k.mustRefuse);
}

/** The envelope of a valid request, for the harness's own traffic. */
export function envelope(op: string, args: Record<string, unknown>): { body: Buffer; soapAction: string } {
  const info = c.operation(op);
  return { body: Buffer.from(encodeRequest(info, { args })), soapAction: quoted(info.action) };
}
