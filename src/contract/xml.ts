/**
 * A small, namespace-aware XML reader for SOAP messages, safe by construction: it refuses
 * any DOCTYPE (so no DTD, no entity expansion, no external entities), knows only the five
 * predefined entities and character references, refuses characters XML 1.0 does not allow
 * (written or referenced), and enforces limits on size, depth, element count, attribute
 * length and namespace declarations before doing any work proportional to them.
 * @see docs/decisions/003-own-soap-codec.md
 */
import { KitError } from "./errors.ts";

export interface XmlElement {
  /** Namespace URI ('' when none). */
  ns: string;
  local: string;
  prefix: string;
  /**
   * Attributes by their qualified name as written (`i:type`); shared and frozen when empty.
   * Namespace declarations (`xmlns`, `xmlns:a`) are not here but in `scope`.
   */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data of a leaf element (text between child elements is dropped). */
  text: string;
  /**
   * In-scope namespace bindings, as alternating prefix and URI, newest last (for QName
   * attribute values such as xsi:type); read it with `lookupPrefix`. Shared with the parent
   * unless the element declares a namespace.
   */
  scope: readonly string[];
}

export interface XmlLimits {
  /** Largest document accepted, in UTF-16 code units (≈ bytes for SOAP's ASCII-heavy XML). */
  maxChars: number;
  /** Deepest element nesting accepted (the Envelope is depth 1). */
  maxDepth: number;
  maxElements: number;
  /** Longest attribute value accepted, in UTF-16 code units as written; absent = the default. */
  maxAttributeChars?: number;
  /**
   * Most namespace declarations in scope at any element; absent = the default. Bounds the
   * work of resolving each prefix (a 64 KiB message declaring 2,000 prefixes took 40–60 ms).
   */
  maxNamespaces?: number;
}

export const DEFAULT_XML_LIMITS: Required<XmlLimits> = {
  maxChars: 4 * 1024 * 1024, // 4 MiB; the HTTP layers apply the smaller message limit first
  maxDepth: 64, // elements; a CTIPS message nests fewer than 10
  maxElements: 100_000,
  maxAttributeChars: 8_192, // WCF's default reader quota for string content (MaxStringContentLength)
  maxNamespaces: 64, // declarations in scope; a WCF message has 3 to 6
};

/**
 * Characters XML 1.0 does not allow anywhere in a document (§2.2 Char): the C0 controls but
 * TAB, LF and CR, and U+FFFE/U+FFFF. (Lone surrogates cannot come from UTF-8 decoding.)
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** True for a code point XML 1.0 allows in a character reference (§2.2 Char, WFC: Legal Character). */
function isXmlChar(cp: number): boolean {
  return cp >= 0x20
    ? cp <= 0xd7ff || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
    : cp === 0x9 || cp === 0xa || cp === 0xd;
}

function limitError(limit: keyof XmlLimits, message: string, max: number, value?: number): KitError {
  return new KitError("CTIPSKIT_E_XML_LIMIT", message, {
    details: value === undefined ? { limit, max } : { limit, value, max },
    fix:
      limit === "maxDepth"
        ? "send a flatter message or raise the configured limit"
        : limit === "maxNamespaces"
          ? "declare fewer namespaces or raise the configured limit"
          : "send a smaller message or raise the configured limit",
  });
}

const XML_NS = "http://www.w3.org/XML/1998/namespace";
const ROOT_SCOPE: readonly string[] = Object.freeze(["xml", XML_NS, "", ""]);

/**
 * The contract's namespace URIs, one string each: a declaration of a known URI binds that
 * very string, so the decoder's namespace comparisons are identity checks. Only the kit
 * registers URIs (a peer's unknown ones are not kept, nor the documents they were cut from).
 */
const NAMESPACE_LIST: string[] = [];

/** Registers a namespace URI and returns the one string the parser will bind for it. */
export function registerNamespace(uri: string): string {
  const i = NAMESPACE_LIST.indexOf(uri);
  if (i >= 0) return NAMESPACE_LIST[i];
  NAMESPACE_LIST.push(uri);
  return uri;
}

/** The registered URI written at src[from, to), if it is one (compared in place). */
function knownNamespaceAt(src: string, from: number, to: number): string | undefined {
  const n = to - from;
  let written: string | undefined;
  for (let k = 0; k < NAMESPACE_LIST.length; k++) {
    const uri = NAMESPACE_LIST[k];
    if (uri.length !== n) continue;
    // A slice of a URI's length is a view, not a copy; V8 compares it natively.
    written ??= src.slice(from, to);
    if (written === uri) return uri;
  }
  return undefined;
}

/**
 * Scopes already derived from a parent scope, as declarations, scope, declarations, scope …
 * Peers write the same declarations on every message (`xmlns:s`, `xmlns:a`, `xmlns:i`), so
 * each document's scopes are usually ones an earlier document built; they are frozen and
 * shared. Only declarations of registered URIs with short prefixes are kept (so nothing a
 * peer invents is held, and no string keeps a document alive), at most 16 per parent scope
 * and 512 in all.
 */
const derivedScopes = new WeakMap<readonly string[], (readonly string[])[]>();
const MAX_DERIVED = 32;
/** All the shared scopes there may ever be (they live as long as the root scope). */
const MAX_SHARED_SCOPES = 512;
let sharedScopes = 0;

function sameDecls(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The parent's bindings, then the element's own declarations; shared when `cacheable`. */
function extendScope(
  parent: readonly string[],
  decls: readonly string[],
  cacheable: boolean,
): readonly string[] {
  let known: (readonly string[])[] | undefined;
  if (cacheable) {
    known = derivedScopes.get(parent);
    if (known) for (let k = 0; k < known.length; k += 2) if (sameDecls(known[k], decls)) return known[k + 1];
  }
  const out = new Array<string>(parent.length + decls.length);
  for (let k = 0; k < parent.length; k++) out[k] = parent[k];
  for (let k = 0; k < decls.length; k++) out[parent.length + k] = decls[k];
  if (cacheable) {
    if (!known) {
      known = [];
      derivedScopes.set(parent, known);
    }
    if (known.length < MAX_DERIVED && sharedScopes < MAX_SHARED_SCOPES) {
      sharedScopes++;
      Object.freeze(out);
      known.push(Object.freeze(decls.slice()), out);
    }
  }
  return out;
}

/** After the root element only white space, comments and processing instructions may follow. */
function checkEpilogue(src: string, from: number): void {
  let i = from;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c <= 32) i++;
    else if (src.startsWith("<!--", i)) {
      const end = src.indexOf("-->", i + 4);
      if (end < 0) fail(src, i, "unterminated comment");
      i = end + 3;
    } else if (src.startsWith("<?", i)) {
      const end = src.indexOf("?>", i + 2);
      if (end < 0) fail(src, i, "unterminated processing instruction");
      i = end + 2;
    } else fail(src, i, "content after the root element");
  }
}

/** The namespace URI bound to `prefix` in a scope ('' for the default), or undefined. */
function lookup(scope: readonly string[], prefix: string): string | undefined {
  for (let i = scope.length - 2; i >= 0; i -= 2) if (scope[i] === prefix) return scope[i + 1];
  return undefined;
}

/** The namespace URI bound to `prefix` where `el` is ('' for the default), or undefined. */
export function lookupPrefix(el: XmlElement, prefix: string): string | undefined {
  return lookup(el.scope, prefix);
}

function fail(src: string, pos: number, what: string): never {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < src.length; i++) {
    if (src.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  throw new KitError("CTIPSKIT_E_XML_MALFORMED", `malformed XML at line ${line}, column ${col}: ${what}`, {
    details: { line, column: col },
    fix: "send a well-formed XML document",
  });
}

function decodeEntity(src: string, name: string, at: number): string {
  if (name.charCodeAt(0) === 35 /* # */) {
    const hex = name[1] === "x" || name[1] === "X";
    const digits = name.slice(hex ? 2 : 1);
    const cp = digits && /^[0-9a-fA-F]+$/.test(digits) ? Number.parseInt(digits, hex ? 16 : 10) : Number.NaN;
    if (!(cp >= 0 && cp <= 0x10ffff) || (!hex && !/^[0-9]+$/.test(digits)))
      fail(src, at, `bad character reference &${name};`);
    // &#0; or &#xD800; would smuggle in what the document itself may not contain.
    if (!isXmlChar(cp))
      fail(src, at, `character reference &${name}; names a character XML 1.0 does not allow`);
    return String.fromCodePoint(cp);
  }
  switch (name) {
    case "lt":
      return "<";
    case "gt":
      return ">";
    case "amp":
      return "&";
    case "quot":
      return '"';
    case "apos":
      return "'";
  }
  fail(src, at, `undefined entity &${name}; (only the five predefined entities are allowed)`);
}

function decodeEntities(src: string, raw: string, at: number): string {
  // XML 1.0 §2.11: literal line ends read as \n; an escaped &#xD; survives.
  if (raw.indexOf("\r") >= 0) raw = raw.replace(/\r\n?/g, "\n");
  let amp = raw.indexOf("&");
  if (amp < 0) return raw;
  let out = "";
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(";", amp + 1);
    if (semi < 0 || semi - amp > 12) fail(src, at, "an '&' not starting an entity reference");
    out += raw.slice(from, amp) + decodeEntity(src, raw.slice(amp + 1, semi), at);
    from = semi + 1;
    amp = raw.indexOf("&", from);
  }
  return out + raw.slice(from);
}

/** True for the characters that end a name in a tag: white space, '/', '>', '='. */
function endsName(c: number): boolean {
  return c <= 32 || c === 47 || c === 62 || c === 61;
}

const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

function addChild(parent: XmlElement, child: XmlElement): void {
  // Whitespace between child elements is not content in SOAP; drop it, keep leaf text only.
  if (parent.children === NO_CHILDREN) {
    parent.children = [];
    if (parent.text && !parent.text.trim()) parent.text = "";
  }
  parent.children.push(child);
}

/**
 * True when the end tag's name, src[from, end) less trailing white space, is `qname` as its
 * start tag wrote it: one native comparison of a slice (a loop of `charCodeAt` over both
 * strings, or `startsWith` with a position, cost twice as much).
 */
function endTagMatches(src: string, from: number, end: number, qname: string): boolean {
  let to = end;
  while (to > from && src.charCodeAt(to - 1) <= 32) to--;
  return to - from === qname.length && src.slice(from, to) === qname;
}

function tooManyNamespaces(max: number): KitError {
  return limitError("maxNamespaces", `document has more than ${max} namespace declarations in scope`, max);
}

/** Parses a document and returns its root element. Throws KitError with a CTIPSKIT_E_XML_* code. */
export function parseXml(src: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  if (src.length > limits.maxChars) {
    throw limitError(
      "maxChars",
      `document of ${src.length} characters exceeds the limit of ${limits.maxChars}`,
      limits.maxChars,
      src.length,
    );
  }
  // One native scan (about 0.5 ns a character): a strict peer (WCF) refuses these, and a
  // value carrying one could not be written back into any answer.
  if (NOT_XML_CHAR.test(src)) {
    const at = src.search(NOT_XML_CHAR);
    const code = src.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
    fail(src, at, `character U+${code} is not allowed in XML`);
  }
  const maxAttributeChars = limits.maxAttributeChars ?? DEFAULT_XML_LIMITS.maxAttributeChars;
  const maxNamespaces = limits.maxNamespaces ?? DEFAULT_XML_LIMITS.maxNamespaces;
  let pos = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
  /** The open elements' names as their start tags wrote them, for the end tags. */
  const qnames: string[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  const len = src.length;

  while (pos < len) {
    const lt = src.indexOf("<", pos);
    if (lt < 0) {
      if (stack.length) fail(src, len, `unclosed element <${stack[stack.length - 1].local}>`);
      if (src.slice(pos).trim()) fail(src, pos, "text after the root element");
      break;
    }
    if (lt > pos) {
      const top = stack.length ? stack[stack.length - 1] : undefined;
      if (top) {
        if (top.children === NO_CHILDREN) top.text += decodeEntities(src, src.slice(pos, lt), pos);
      } else if (src.slice(pos, lt).trim()) fail(src, pos, "text outside the root element");
    }
    const c1 = src.charCodeAt(lt + 1);
    if (c1 === 33 /* ! */) {
      if (src.startsWith("<!--", lt)) {
        const end = src.indexOf("-->", lt + 4);
        if (end < 0) fail(src, lt, "unterminated comment");
        pos = end + 3;
        continue;
      }
      if (src.startsWith("<![CDATA[", lt)) {
        const end = src.indexOf("]]>", lt + 9);
        if (end < 0) fail(src, lt, "unterminated CDATA section");
        if (!stack.length) fail(src, lt, "CDATA outside the root element");
        if (stack[stack.length - 1].children === NO_CHILDREN)
          stack[stack.length - 1].text += src.slice(lt + 9, end);
        pos = end + 3;
        continue;
      }
      if (src.startsWith("<!DOCTYPE", lt) || src.startsWith("<!doctype", lt)) {
        throw new KitError(
          "CTIPSKIT_E_XML_DTD_FORBIDDEN",
          "the document contains a DOCTYPE declaration; DTDs and entity declarations are refused (SOAP forbids them)",
          { fix: "remove the DOCTYPE; SOAP 1.1 messages must not contain a DTD" },
        );
      }
      fail(src, lt, "unexpected '<!'");
    }
    if (c1 === 63 /* ? */) {
      const end = src.indexOf("?>", lt + 2);
      if (end < 0) fail(src, lt, "unterminated processing instruction");
      pos = end + 2;
      continue;
    }
    if (c1 === 47 /* / */) {
      const end = src.indexOf(">", lt + 2);
      if (end < 0) fail(src, lt, "unterminated end tag");
      const open = stack.pop();
      if (!open) fail(src, lt, `end tag </${src.slice(lt + 2, end).trim()}> without a start tag`);
      const openQ = qnames.pop() as string;
      if (!endTagMatches(src, lt + 2, end, openQ))
        fail(src, lt, `end tag </${src.slice(lt + 2, end).trim()}> does not match <${openQ}>`);
      pos = end + 1;
      if (!stack.length) {
        checkEpilogue(src, pos);
        pos = len;
      }
      continue;
    }
    // start tag
    let i = lt + 1;
    let colon = -1;
    for (; i < len; i++) {
      const ch = src.charCodeAt(i);
      if (endsName(ch)) break;
      if (ch === 58 && colon < 0) colon = i;
    }
    if (i === lt + 1) fail(src, lt, "missing element name");
    const qname = src.slice(lt + 1, i);
    const prefix = colon < 0 ? "" : src.slice(lt + 1, colon);
    const local = colon < 0 ? qname : src.slice(colon + 1, i);
    let attrs = NO_ATTRS;
    let selfClosing = false;
    let decls: string[] | undefined;
    let sharedScope = true;
    for (;;) {
      while (i < len && src.charCodeAt(i) <= 32) i++;
      if (i >= len) fail(src, lt, `unterminated start tag <${src.slice(lt + 1, i)}>`);
      const ch = src[i];
      if (ch === ">") {
        i++;
        break;
      }
      if (ch === "/") {
        if (src[i + 1] !== ">") fail(src, i, "expected '/>'");
        selfClosing = true;
        i += 2;
        break;
      }
      const nameStart = i;
      while (i < len && !endsName(src.charCodeAt(i))) i++;
      const aname = src.slice(nameStart, i);
      while (i < len && src.charCodeAt(i) <= 32) i++;
      if (src[i] !== "=") fail(src, i, `attribute ${aname} without a value`);
      i++;
      while (i < len && src.charCodeAt(i) <= 32) i++;
      const q = src[i];
      if (q !== '"' && q !== "'") fail(src, i, "attribute value must be quoted");
      const vend = src.indexOf(q, i + 1);
      if (vend < 0) fail(src, i, "unterminated attribute value");
      if (vend - i - 1 > maxAttributeChars) {
        throw limitError(
          "maxAttributeChars",
          `attribute ${aname.slice(0, 64)} of ${vend - i - 1} characters exceeds the limit of ${maxAttributeChars}`,
          maxAttributeChars,
          vend - i - 1,
        );
      }
      const isDecl =
        aname.charCodeAt(0) === 120 /* x */ &&
        aname.charCodeAt(1) === 109 /* m */ &&
        aname.charCodeAt(2) === 108 /* l */ &&
        aname.charCodeAt(3) === 110 /* n */ &&
        aname.charCodeAt(4) === 115 /* s */ &&
        (aname.length === 5 || aname.charCodeAt(5) === 58); /* : */
      // A declaration of one of the contract's namespaces binds the registered string (no copy kept).
      let value = isDecl ? knownNamespaceAt(src, i + 1, vend) : undefined;
      if (isDecl && (value === undefined || aname.length > 18)) sharedScope = false;
      if (value === undefined) {
        const raw = src.slice(i + 1, vend);
        if (raw.indexOf("<") >= 0) fail(src, i, "'<' in an attribute value");
        value = decodeEntities(src, raw, i);
      }
      if (isDecl) {
        // A declaration binds a prefix in `scope`; it is not an attribute of the element.
        const declared = aname === "xmlns" ? "" : aname.slice(6);
        if (decls === undefined) decls = [declared, value];
        else {
          for (let k = 0; k < decls.length; k += 2)
            if (decls[k] === declared) fail(src, nameStart, `duplicate attribute ${aname}`);
          decls.push(declared, value);
          if (decls.length > 2 * maxNamespaces) throw tooManyNamespaces(maxNamespaces);
        }
      } else {
        if (attrs === NO_ATTRS) attrs = {};
        // Own properties only: `toString` or `constructor` is no duplicate of Object.prototype's.
        else if (Object.hasOwn(attrs, aname)) fail(src, nameStart, `duplicate attribute ${aname}`);
        if (aname === "__proto__")
          Object.defineProperty(attrs, aname, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else attrs[aname] = value;
      }
      i = vend + 1;
    }
    if (++elements > limits.maxElements)
      throw limitError(
        "maxElements",
        `document has more than ${limits.maxElements} elements`,
        limits.maxElements,
      );
    if (stack.length >= limits.maxDepth)
      throw limitError("maxDepth", `document nests deeper than ${limits.maxDepth} elements`, limits.maxDepth);
    const parentScope = stack.length ? stack[stack.length - 1].scope : ROOT_SCOPE;
    if (decls && parentScope.length + decls.length - ROOT_SCOPE.length > 2 * maxNamespaces)
      throw tooManyNamespaces(maxNamespaces);
    const scope = decls ? extendScope(parentScope, decls, sharedScope) : parentScope;
    const ns = lookup(scope, prefix);
    if (ns === undefined) fail(src, lt, `undeclared namespace prefix '${prefix}'`);
    const el: XmlElement = { ns, local, prefix, attrs, children: NO_CHILDREN, text: "", scope };
    if (stack.length) addChild(stack[stack.length - 1], el);
    else if (root) fail(src, lt, "more than one root element");
    else root = el;
    if (!selfClosing) {
      stack.push(el);
      qnames.push(qname);
    } else if (!stack.length) {
      checkEpilogue(src, i);
      i = len;
    }
    pos = i;
  }
  if (stack.length) fail(src, len, `unclosed element <${stack[stack.length - 1].local}>`);
  if (!root) fail(src, 0, "no root element");
  return root;
}

/** Resolves a QName attribute value (e.g. `b:CTICallDelivered`) against an element's scope. */
export function resolveQName(el: XmlElement, qname: string): { ns: string; local: string } | undefined {
  const colon = qname.indexOf(":");
  const prefix = colon >= 0 ? qname.slice(0, colon) : "";
  const ns = lookup(el.scope, prefix);
  if (ns === undefined) return undefined;
  return { ns, local: colon >= 0 ? qname.slice(colon + 1) : qname };
}

/** Attribute lookup by namespace URI and local name, whatever prefix the sender chose. */
export function attrNS(el: XmlElement, ns: string, local: string): string | undefined {
  if (el.attrs === NO_ATTRS) return undefined;
  for (const key in el.attrs) {
    const colon = key.indexOf(":");
    if (colon < 0) continue;
    if (key.slice(colon + 1) === local && lookup(el.scope, key.slice(0, colon)) === ns) return el.attrs[key];
  }
  return undefined;
}

const ESC_ATTR = /[&<>"\r\n\t]/g;
const HAS_TEXT_SPECIAL = /[&<>\r]/;
const HAS_ATTR_SPECIAL = /[&<>"\r\n\t]/;
const ESC_MAP: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\r": "&#xD;",
  "\n": "&#xA;",
  "\t": "&#x9;",
};

/** Characters no XML 1.0 document can carry, lone surrogates included (they cannot be encoded). */
const NOT_WRITABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `s` with every character XML 1.0 cannot carry replaced by U+FFFD: for text the writer must
 * write whatever it holds (a fault's message echoing what a peer sent), where refusing is no answer.
 */
export function xmlSafe(s: string): string {
  NOT_WRITABLE.lastIndex = 0;
  return NOT_WRITABLE.test(s) ? s.replace(NOT_WRITABLE, "\ufffd") : s;
}

/**
 * Character data as WCF writes it: `&`, `<`, `>` and CR escaped; a character XML 1.0 cannot
 * carry becomes U+FFFD (the document stays well-formed).
 */
export function escapeText(s: string): string {
  if (!HAS_TEXT_SPECIAL.test(s)) return xmlSafe(s);
  return escapeChecked(s) ?? xmlSafe(s).replace(/[&<>\r]/g, (c) => ESC_MAP[c]);
}

/**
 * `escapeText` in one pass that also refuses what XML 1.0 cannot carry: returns undefined
 * for a string with a control character other than TAB, LF and CR, or U+FFFE/U+FFFF.
 */
export function escapeChecked(s: string): string | undefined {
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c < 0x3c) {
      if (c === 0x26) rep = "&amp;";
      else if (c === 0x0d) rep = "&#xD;";
      else if (c < 0x20 && c !== 0x09 && c !== 0x0a) return undefined;
      else continue;
    } else if (c === 0x3c) rep = "&lt;";
    else if (c === 0x3e) rep = "&gt;";
    else if (c >= 0xfffe) return undefined;
    else continue;
    out += s.slice(from, i) + rep;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

export function escapeAttr(s: string): string {
  return HAS_ATTR_SPECIAL.test(s) ? s.replace(ESC_ATTR, (c) => ESC_MAP[c]) : s;
}
