/**
 * Contract values ⇄ XML, the way WCF's DataContractSerializer writes them (exact writer)
 * and any peer might send them (tolerant reader that reports what it tolerated).
 *
 * Writer rules (wire profile): members in flattened order, base type's first; each member
 * element in its declaring type's namespace, prefixed; a value element declares the prefix
 * for its contract namespace (`a`, then `b`, … — the first letter not bound in scope) and
 * `i` for XML Schema instance; null → `i:nil="true"`; enums as names; `long` as exact
 * decimal text; arrays of primitives as `<b:int>` items in the Serialization/Arrays
 * namespace; arrays of contracts as `ArrayOf{Type}` with `{Type}` items in the type's
 * namespace; a derived event declares its type with `i:type="a:CTICallDelivered"`.
 * @see docs/decisions/003-own-soap-codec.md
 */
import type { Deviation } from "./deviations.ts";
import { KitError } from "./errors.ts";
import {
  type Contract,
  contract as loadShared,
  type MemberInfo,
  NS,
  type TypeInfo,
  type WireType,
} from "./schemas.ts";
import { attrNS, escapeChecked, resolveQName, type XmlElement } from "./xml.ts";
import { mapFor } from "./memo.ts";

export type Profile = "wire" | "guide";

/** An event in the value model: the concrete wire type and its members. */
export interface EventValue {
  type: string;
  value: Record<string, unknown>;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const PREFIXES = "abcdefghjklmnopqrstuvwxyz";

/** Prefix bindings in scope while writing (namespace → prefix); tiny, copied on write. */
type Scope = Readonly<Record<string, string>>;

function nextPrefix(scope: Scope): string {
  const used = new Set(Object.values(scope));
  for (const p of PREFIXES) if (!used.has(p)) return p;
  throw new KitError("CTIPSKIT_E_ENCODE_INVALID_VALUE", "value nests too many namespaces to prefix");
}

function qualify(prefix: string, local: string): string {
  return prefix ? `${prefix}:${local}` : local;
}

// Scopes never change once built, so the writer derives each one once and reuses it, with
// the qualified member names it implies.
const EMPTY_SCOPE: Scope = Object.freeze({});
const derivedScopes = new WeakMap<Scope, Map<string, Scope>>();
const qualifiedNames = new WeakMap<Scope, Map<string, readonly string[]>>();

/** `scope` with `ns` bound to the first free prefix. */
function bind(scope: Scope, ns: string): Scope {
  const byNs = mapFor(derivedScopes, scope);
  let inner = byNs.get(ns);
  if (!inner) {
    inner = Object.freeze({ ...scope, [ns]: nextPrefix(scope) });
    byNs.set(ns, inner);
  }
  return inner;
}

/** The qualified element names of `members` (in their order) under `scope`. */
function memberQNames(
  scope: Scope,
  key: string,
  members: readonly MemberInfo[],
  profile: Profile,
): readonly string[] {
  const byType = mapFor(qualifiedNames, scope);
  let names = byType.get(key);
  if (!names) {
    names = members.map((m) =>
      qualify(scope[m.namespace], profile === "guide" ? (m.guideName ?? m.name) : m.name),
    );
    byType.set(key, names);
  }
  return names;
}

/**
 * A copy of `s` that does not keep the document it was cut from alive. V8 represents a
 * slice of 13 or more characters as a view into its parent string, so a decoded value kept
 * on a timeline would otherwise hold the whole message in memory.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** One to nine ASCII digits as their number (always an int), else undefined: ints without a regex. */
function digits9(t: string): number | undefined {
  const len = t.length;
  if (len === 0 || len > 9) return undefined;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

/** XML white space (§2.3 S): space, TAB, LF, CR. */
function isXmlSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * `s` without leading and trailing XML white space, as XmlConvert reads a number, bool or
 * enum name. `String.prototype.trim` would also strip NBSP, U+2003, U+FEFF and others that
 * a WCF peer refuses in a value.
 */
export function trimXmlSpace(s: string): string {
  let from = 0;
  let to = s.length;
  while (from < to && isXmlSpace(s.charCodeAt(from))) from++;
  while (to > from && isXmlSpace(s.charCodeAt(to - 1))) to--;
  return from === 0 && to === s.length ? s : s.slice(from, to);
}

/** A value as a message quotes it: long ones cut (the deviation keeps the whole value). */
export function quoteValue(s: string): string {
  return s.length <= 80 ? `'${s}'` : `'${s.slice(0, 64)}…' (${s.length} characters)`;
}

/** Records a scalar that is not a valid value of its type (kept out of the decoder's hot path). */
function badScalar(devs: Deviation[], path: string, actual: string, expected: string): undefined {
  devs.push({
    kind: "bad-type",
    path,
    message: `${quoteValue(actual)} is not a valid ${expected}`,
    expected,
    actual,
  });
  return undefined;
}

function encodeError(path: string, what: string): KitError {
  return new KitError("CTIPSKIT_E_ENCODE_INVALID_VALUE", `cannot encode ${path}: ${what}`, {
    details: { path },
    fix: "pass a value of the contract type (see schemas/)",
  });
}

/**
 * Writer options that make a *non-conforming* writer, for fault injection only: a codec
 * built with them proves the kit's checks can fail.
 */
export interface CodecOptions {
  /** Leave out absent required members instead of refusing the value. */
  skipMissingRequired?: boolean;
  /** Write data-contract members in reverse order (breaks WCF's DataContractSerializer order). */
  reverseMembers?: boolean;
}

export class Codec {
  readonly contract: Contract;
  private readonly options: CodecOptions;
  private readonly guideMemberIndex = new Map<string, Map<string, string>>();
  private readonly namespaceCache = new Map<string, string[]>();
  private readonly memberIndexCache = new Map<string, Map<string, number>>();
  private readonly enumNames = new Map<string, Map<string, string>>();

  constructor(c: Contract = loadShared(), options: CodecOptions = {}) {
    this.contract = c;
    this.options = options;
  }

  // ---------------------------------------------------------------- writer

  /** Text of a primitive or enum value. */
  private scalarText(type: WireType, v: unknown, path: string, profile: Profile): string {
    if (type.kind === "enum") {
      const e = this.contract.enumInfo(type.name);
      if (typeof v !== "string" || !(v in e.values))
        throw encodeError(path, `${String(v)} is not a ${type.name} name`);
      return profile === "guide" ? (e.guideNames[v] ?? v) : v;
    }
    if (type.kind !== "primitive") throw encodeError(path, "not a scalar type");
    switch (type.name) {
      case "int":
        if (typeof v !== "number" || !Number.isInteger(v) || v < INT_MIN || v > INT_MAX) {
          throw encodeError(path, `${String(v)} is not an int`);
        }
        return String(v);
      case "long": {
        let b: bigint;
        try {
          if (typeof v === "bigint") b = v;
          else if (typeof v === "string" && /^-?\d+$/.test(v)) b = BigInt(v);
          else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
          else throw new Error();
        } catch {
          throw encodeError(path, `${String(v)} is not a long (use a decimal string or bigint)`);
        }
        if (b < LONG_MIN || b > LONG_MAX) throw encodeError(path, `${String(v)} is out of the long range`);
        return b.toString();
      }
      case "bool":
        if (typeof v !== "boolean") throw encodeError(path, `${String(v)} is not a bool`);
        return v ? "true" : "false";
      case "string":
        if (typeof v !== "string") throw encodeError(path, `${String(v)} is not a string`);
        {
          const text = escapeChecked(v);
          if (text === undefined)
            throw encodeError(path, "the string contains a character XML 1.0 cannot carry");
          return text;
        }
    }
  }

  /**
   * Writes one element `<{qname}{attrs}>content</{qname}>` for a value of `type`.
   * `qname` is the element's qualified name as already decided by the caller; `extra` are
   * attributes (namespace declarations) the caller adds; `scope` the bindings in force.
   */
  private writeElement(
    qname: string,
    type: WireType,
    v: unknown,
    scope: Scope,
    extra: string,
    path: string,
    profile: Profile,
    nilPrefix: string,
  ): string {
    if (v === null || v === undefined) {
      if (type.kind === "primitive" && type.name !== "string")
        throw encodeError(path, "a value type cannot be null");
      if (type.kind === "enum") throw encodeError(path, "an enum cannot be null");
      return `<${qname}${extra} ${nilPrefix}:nil="true"/>`;
    }
    if (type.kind === "primitive" || type.kind === "enum") {
      return `<${qname}${extra}>${this.scalarText(type, v, path, profile)}</${qname}>`;
    }
    if (type.kind === "array") {
      if (!Array.isArray(v)) throw encodeError(path, "expected an array");
      const item = type.item;
      const itemNs = item.kind === "primitive" ? NS.arrays : this.namespaceOf(item);
      const itemLocal =
        item.kind === "primitive"
          ? item.name === "bool"
            ? "boolean"
            : item.name
          : item.kind === "enum" || item.kind === "data"
            ? item.name
            : "anyType";
      let p = scope[itemNs];
      let decl = "";
      let inner = scope;
      if (p === undefined) {
        inner = bind(scope, itemNs);
        p = inner[itemNs];
        decl = ` xmlns:${p}="${itemNs}"`;
      }
      if (v.length === 0) return `<${qname}${extra}${decl}/>`;
      let xml = `<${qname}${extra}${decl}>`;
      const itemQ = qualify(p, itemLocal);
      for (let i = 0; i < v.length; i++)
        xml += this.writeElement(itemQ, item, v[i], inner, "", path, profile, nilPrefix);
      return `${xml}</${qname}>`;
    }
    // data contract
    if (typeof v !== "object") throw encodeError(path, `expected an object of type ${type.name}`);
    const t = this.contract.type(type.name);
    return this.writeObject(qname, t, v as Record<string, unknown>, scope, extra, path, profile, nilPrefix);
  }

  private writeObject(
    qname: string,
    t: TypeInfo,
    obj: Record<string, unknown>,
    scope: Scope,
    extra: string,
    path: string,
    profile: Profile,
    nilPrefix: string,
  ): string {
    let decl = "";
    let inner = scope;
    for (const ns of this.memberNamespaces(t)) {
      if (!(ns in inner)) {
        inner = bind(inner, ns);
        decl += ` xmlns:${inner[ns]}="${ns}"`;
      }
    }
    let xml = `<${qname}${decl}${extra}>`;
    const reverse = this.options.reverseMembers === true;
    const members = reverse ? [...t.members].reverse() : t.members;
    const qnames = memberQNames(
      inner,
      reverse ? `${t.name} ${profile} reversed` : `${t.name} ${profile}`,
      members,
      profile,
    );
    for (let k = 0; k < members.length; k++) {
      const m = members[k];
      const mv = obj[m.name];
      if (mv === undefined) {
        if (m.required && !this.options.skipMissingRequired) {
          throw encodeError(`${path}/${m.name}`, "required member is missing");
        }
        continue;
      }
      // `path` grows only on error (encodeError), so the hot path builds no path strings.
      xml += this.writeElement(qnames[k], m.type, mv, inner, "", m.name, profile, nilPrefix);
    }
    return `${xml}</${qname}>`;
  }

  /** The contract's own string for an enum name (so a decoded value holds no part of the message). */
  private enumName(enumType: string, text: string): string | undefined {
    let names = this.enumNames.get(enumType);
    if (!names) {
      names = new Map(this.contract.enumInfo(enumType).names.map((n) => [n, n]));
      this.enumNames.set(enumType, names);
    }
    return names.get(text);
  }

  private memberIndex(t: TypeInfo): Map<string, number> {
    let idx = this.memberIndexCache.get(t.name);
    if (!idx) {
      idx = new Map(t.members.map((m, i) => [m.name, i]));
      this.memberIndexCache.set(t.name, idx);
    }
    return idx;
  }

  private memberNamespaces(t: TypeInfo): string[] {
    let list = this.namespaceCache.get(t.name);
    if (!list) {
      list = [...new Set(t.members.map((m) => m.namespace))];
      this.namespaceCache.set(t.name, list);
    }
    return list;
  }

  private namespaceOf(type: WireType): string {
    if (type.kind === "enum") return this.contract.enumInfo(type.name).namespace;
    if (type.kind === "data") return this.contract.type(type.name).namespace;
    return NS.arrays;
  }

  /**
   * Writes a parameter or result element (`<args>`, `<OpenConnectionResult>`, `<ctiEvent>`)
   * in the wrapper's default namespace, as WCF's operation formatter does: the element is
   * unprefixed, declares `i` and the prefixes its members need.
   * For events pass an EventValue and the declared type `CTIEvent`.
   */
  encodePart(name: string, typeText: WireType, value: unknown, profile: Profile = "wire"): string {
    const scope = EMPTY_SCOPE;
    const iDecl = ` xmlns:i="${NS.xsi}"`;
    if (typeText.kind === "data" && typeText.name === "CTIEvent") {
      const ev = value as EventValue;
      if (!ev || typeof ev !== "object" || typeof ev.type !== "string" || !ev.value) {
        throw encodeError(name, "an event must be { type, value }");
      }
      const t = this.contract.eventInfo(ev.type);
      if (!t || t.abstract) throw encodeError(name, `${ev.type} is not a concrete event type`);
      const inner = bind(scope, t.namespace);
      const p = inner[t.namespace];
      const extra = ` i:type="${p}:${t.name}" xmlns:${p}="${t.namespace}"${iDecl}`;
      return this.writeObject(name, t, ev.value, inner, extra, name, profile, "i");
    }
    if (typeText.kind === "data" || typeText.kind === "array") {
      return this.writeElement(name, typeText, value, scope, iDecl, name, profile, "i");
    }
    if (value === null && typeText.kind === "primitive" && typeText.name === "string") {
      return `<${name}${iDecl} i:nil="true"/>`;
    }
    return this.writeElement(name, typeText, value, scope, "", name, profile, "i");
  }

  /**
   * Writes a data contract as a root object in its own namespace (the fault detail form):
   * `<CTIPortalServiceFault xmlns="…ctipsapi…" xmlns:i="…"><ErrorCode>…`.
   */
  encodeRoot(typeName: string, value: Record<string, unknown>, profile: Profile = "wire"): string {
    const t = this.contract.type(typeName);
    let xml = `<${t.name} xmlns="${t.namespace}" xmlns:i="${NS.xsi}">`;
    for (const m of t.members) {
      const mv = value[m.name];
      if (mv === undefined) {
        if (m.required) throw encodeError(`${typeName}/${m.name}`, "required member is missing");
        continue;
      }
      // Members share the root's default namespace; a member in another namespace would need a prefix.
      xml += this.writeElement(
        m.name,
        m.type,
        mv,
        { [t.namespace]: "" },
        "",
        `${typeName}/${m.name}`,
        profile,
        "i",
      );
    }
    return `${xml}</${t.name}>`;
  }

  // ---------------------------------------------------------------- reader

  /** Reads an element as a value of `type`, appending what it tolerated to `devs`. */
  decodeElement(el: XmlElement, type: WireType, path: string, devs: Deviation[]): unknown {
    if (attrNS(el, NS.xsi, "nil") === "true") {
      if (type.kind === "primitive" && type.name !== "string") {
        devs.push({
          kind: "bad-type",
          path,
          message: `nil for a ${type.name} value`,
          expected: type.name,
          actual: "nil",
        });
      }
      return null;
    }
    if (type.kind === "primitive" || type.kind === "enum")
      return this.decodeScalar(el.text, type, path, devs);
    if (type.kind === "array") {
      const out: unknown[] = [];
      el.children.forEach((c, i) => {
        const v = this.decodeElement(c, type.item, `${path}[${i}]`, devs);
        if (v !== undefined) out.push(v);
      });
      return out;
    }
    return this.decodeObject(el, this.contract.type(type.name), path, devs);
  }

  private decodeScalar(text: string, type: WireType, path: string, devs: Deviation[]): unknown {
    const t = trimXmlSpace(text);
    if (type.kind === "enum") {
      const e = this.contract.enumInfo(type.name);
      const name = this.enumName(type.name, t);
      if (name !== undefined) return name;
      for (const [wire, guide] of Object.entries(e.guideNames)) {
        if (guide === t) {
          devs.push({
            kind: "guide-spelling",
            path,
            message: `guide spelling '${t}' for ${type.name}.${wire}`,
            expected: wire,
            actual: t,
          });
          return wire;
        }
      }
      if (/^-?\d+$/.test(t)) {
        const n = Number(t);
        const name = Object.keys(e.values).find((k) => e.values[k] === n);
        if (name) {
          devs.push({
            kind: "enum-as-number",
            path,
            message: `${type.name} sent as number ${t}, not as its name ${name}`,
            expected: name,
            actual: t,
          });
          return name;
        }
      }
      devs.push({
        kind: "unknown-enum",
        path,
        message: `${quoteValue(t)} is not a ${type.name} value`,
        expected: type.name,
        actual: t,
      });
      return t;
    }
    if (type.kind !== "primitive") return badScalar(devs, path, t, "scalar");
    switch (type.name) {
      case "int": {
        const small = digits9(t);
        if (small !== undefined) return small;
        if (!/^[+-]?\d{1,11}$/.test(t)) return badScalar(devs, path, t, "int");
        const n = Number(t);
        return n < INT_MIN || n > INT_MAX ? badScalar(devs, path, t, "int") : n;
      }
      case "long": {
        if (!/^[+-]?\d{1,20}$/.test(t)) return badScalar(devs, path, t, "long");
        const b = BigInt(t);
        return b < LONG_MIN || b > LONG_MAX ? badScalar(devs, path, t, "long") : b.toString();
      }
      case "bool":
        if (t === "true" || t === "1") return true;
        if (t === "false" || t === "0") return false;
        return badScalar(devs, path, t, "bool");
      case "string":
        return detach(text);
    }
  }

  private guideIndex(t: TypeInfo): Map<string, string> {
    let idx = this.guideMemberIndex.get(t.name);
    if (!idx) {
      idx = new Map();
      for (const m of t.members) if (m.guideName) idx.set(m.guideName, m.name);
      this.guideMemberIndex.set(t.name, idx);
    }
    return idx;
  }

  /** Reads a data contract object: any member order, guide spellings, unknown members dropped. */
  decodeObject(el: XmlElement, t: TypeInfo, path: string, devs: Deviation[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const members = t.members;
    const index = this.memberIndex(t);
    let lastIndex = -1;
    let orderReported = false;
    for (const child of el.children) {
      // Members usually come in WCF's order: try the next one before the index (a Map lookup
      // hashes the freshly parsed name).
      const next = lastIndex + 1;
      let idx =
        next < members.length && members[next].name === child.local ? next : (index.get(child.local) ?? -1);
      const cpath = `${path}/${child.local}`;
      if (idx < 0) {
        const wireName = this.guideIndex(t).get(child.local);
        if (wireName) {
          idx = members.findIndex((m) => m.name === wireName);
          devs.push({
            kind: "guide-spelling",
            path: cpath,
            message: `guide spelling '${child.local}' for ${t.name}.${wireName}`,
            expected: wireName,
            actual: child.local,
          });
        } else {
          devs.push({
            kind: "unknown-member",
            path: cpath,
            message: `${t.name} has no member '${child.local}'`,
            actual: child.local,
          });
          continue;
        }
      }
      const m = members[idx];
      if (child.ns !== m.namespace) {
        devs.push({
          kind: "namespace",
          path: cpath,
          message: `${m.name} should be in ${m.namespace}`,
          expected: m.namespace,
          actual: child.ns,
        });
      }
      if (idx < lastIndex && !orderReported) {
        orderReported = true;
        devs.push({
          kind: "member-order",
          path: cpath,
          message: `${m.name} comes after ${members[lastIndex].name}; WCF's order is ${members.map((x) => x.name).join(", ")}`,
          expected: members.map((x) => x.name).join(","),
          actual: el.children.map((c) => c.local).join(","),
        });
      }
      if (idx > lastIndex) lastIndex = idx;
      if (m.name in out) {
        devs.push({
          kind: "duplicate-member",
          path: cpath,
          message: `${m.name} appears more than once; the last one is kept`,
        });
      }
      const v = this.decodeElement(child, m.type, cpath, devs);
      if (v !== undefined) out[m.name] = v;
    }
    for (const m of members) {
      if (
        m.required &&
        !(m.name in out) &&
        !devs.some((d) => d.kind === "bad-type" && d.path === `${path}/${m.name}`)
      ) {
        devs.push({
          kind: "missing-required",
          path: `${path}/${m.name}`,
          message: `required member ${t.name}.${m.name} is missing`,
          expected: m.name,
        });
      }
    }
    return out;
  }

  /**
   * Reads a `ctiEvent` element: the concrete type from `i:type`, or, where a peer left it
   * out, from the EventType member (reported as a deviation).
   */
  decodeEvent(el: XmlElement, path: string, devs: Deviation[]): EventValue {
    const xsiType = attrNS(el, NS.xsi, "type");
    let t: TypeInfo | undefined;
    if (xsiType) {
      const q = resolveQName(el, xsiType);
      t = q ? this.contract.eventInfo(q.local) : undefined;
      if (q && t && q.ns !== t.namespace) {
        devs.push({
          kind: "namespace",
          path,
          message: `xsi:type ${xsiType} names ${q.ns}`,
          expected: t.namespace,
          actual: q.ns,
        });
      }
      if (!t)
        devs.push({
          kind: "unknown-member",
          path,
          message: `xsi:type ${xsiType} is not a known event type`,
          actual: xsiType,
        });
    }
    if (!t) {
      const etEl = el.children.find((c) => c.local === "EventType");
      const et = etEl?.text.trim();
      t = et ? this.contract.eventInfo(et) : undefined;
      if (!xsiType) {
        devs.push({
          kind: "missing-xsi-type",
          path,
          message: `event without xsi:type; type taken from EventType '${et ?? ""}'`,
          actual: et,
        });
      }
      t ??= this.contract.type("CTIEvent");
    }
    return { type: t.name, value: this.decodeObject(el, t, path, devs) };
  }
}

let sharedCodec: Codec | undefined;
export function codec(): Codec {
  sharedCodec ??= new Codec();
  return sharedCodec;
}
