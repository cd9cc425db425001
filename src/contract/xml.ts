/**
 * A small, namespace-aware XML reader for SOAP messages, safe by construction: it refuses
 * any DOCTYPE (so no DTD, no entity expansion, no external entities), knows only the five
 * predefined entities and character references, and enforces limits on size, depth and
 * element count before doing any work proportional to them.
 * @see docs/decisions/003-own-soap-codec.md
 */
import { KitError } from "./errors.ts";

export interface XmlElement {
  /** Namespace URI ('' when none). */
  ns: string;
  local: string;
  prefix: string;
  /** Attributes by their qualified name as written (`i:type`, `xmlns:a`). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
  /** In-scope prefix → namespace bindings (for QName attribute values such as xsi:type). */
  scope: Record<string, string>;
}

export interface XmlLimits {
  /** Largest document accepted, in UTF-16 code units (≈ bytes for SOAP's ASCII-heavy XML). */
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxChars: 4 * 1024 * 1024, // 4 MiB; the HTTP layers apply the smaller message limit first
  maxDepth: 64,
  maxElements: 100_000,
};

const XML_NS = "http://www.w3.org/XML/1998/namespace";
const ROOT_SCOPE: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  xml: XML_NS,
  "": "",
});

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

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(src: string, raw: string, at: number): string {
  // XML 1.0 §2.11: literal line ends read as \n; an escaped &#xD; survives.
  if (raw.indexOf("\r") >= 0) raw = raw.replace(/\r\n?/g, "\n");
  if (raw.indexOf("&") < 0) return raw;
  return raw.replace(/&([^;&\s]{0,12});?/g, (m, name: string) => {
    if (!m.endsWith(";")) fail(src, at, "an '&' not starting an entity reference");
    if (name.startsWith("#x") || name.startsWith("#X")) {
      const cp = Number.parseInt(name.slice(2), 16);
      if (!Number.isFinite(cp) || cp > 0x10ffff) fail(src, at, `bad character reference &${name};`);
      return String.fromCodePoint(cp);
    }
    if (name.startsWith("#")) {
      const cp = Number.parseInt(name.slice(1), 10);
      if (!Number.isFinite(cp) || cp > 0x10ffff) fail(src, at, `bad character reference &${name};`);
      return String.fromCodePoint(cp);
    }
    const v = NAMED_ENTITIES[name];
    if (v === undefined)
      fail(src, at, `undefined entity &${name}; (only the five predefined entities are allowed)`);
    return v;
  });
}

const NAME_END = /[\s/>=]/;

/** Parses a document and returns its root element. Throws KitError with a CTIPSKIT_E_XML_* code. */
export function parseXml(src: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  if (src.length > limits.maxChars) {
    throw new KitError(
      "CTIPSKIT_E_XML_LIMIT",
      `document of ${src.length} characters exceeds the limit of ${limits.maxChars}`,
      {
        details: { limit: "maxChars", value: src.length, max: limits.maxChars },
        fix: "send a smaller message or raise the configured limit",
      },
    );
  }
  let pos = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
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
      const raw = src.slice(pos, lt);
      if (stack.length) stack[stack.length - 1].text += decodeEntities(src, raw, pos);
      else if (raw.trim()) fail(src, pos, "text outside the root element");
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
      const qname = src.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open) fail(src, lt, `end tag </${qname}> without a start tag`);
      const openQ = open.prefix ? `${open.prefix}:${open.local}` : open.local;
      if (openQ !== qname) fail(src, lt, `end tag </${qname}> does not match <${openQ}>`);
      pos = end + 1;
      if (!stack.length) {
        if (
          src
            .slice(pos)
            .replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, "")
            .trim()
        )
          fail(src, pos, "content after the root element");
        pos = len;
      }
      continue;
    }
    // start tag
    let i = lt + 1;
    while (i < len && !NAME_END.test(src[i])) i++;
    const qname = src.slice(lt + 1, i);
    if (!qname) fail(src, lt, "missing element name");
    const attrs: Record<string, string> = {};
    let selfClosing = false;
    let decls: Record<string, string> | undefined;
    for (;;) {
      while (i < len && src.charCodeAt(i) <= 32) i++;
      if (i >= len) fail(src, lt, `unterminated start tag <${qname}>`);
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
      while (i < len && !NAME_END.test(src[i])) i++;
      const aname = src.slice(nameStart, i);
      while (i < len && src.charCodeAt(i) <= 32) i++;
      if (src[i] !== "=") fail(src, i, `attribute ${aname} without a value`);
      i++;
      while (i < len && src.charCodeAt(i) <= 32) i++;
      const q = src[i];
      if (q !== '"' && q !== "'") fail(src, i, "attribute value must be quoted");
      const vend = src.indexOf(q, i + 1);
      if (vend < 0) fail(src, i, "unterminated attribute value");
      const raw = src.slice(i + 1, vend);
      if (raw.indexOf("<") >= 0) fail(src, i, "'<' in an attribute value");
      const value = decodeEntities(src, raw, i);
      if (aname in attrs) fail(src, nameStart, `duplicate attribute ${aname}`);
      attrs[aname] = value;
      if (aname === "xmlns" || aname.startsWith("xmlns:")) {
        decls ??= {};
        decls[aname === "xmlns" ? "" : aname.slice(6)] = value;
      }
      i = vend + 1;
    }
    if (++elements > limits.maxElements) {
      throw new KitError("CTIPSKIT_E_XML_LIMIT", `document has more than ${limits.maxElements} elements`, {
        details: { limit: "maxElements", max: limits.maxElements },
        fix: "send a smaller message or raise the configured limit",
      });
    }
    if (stack.length >= limits.maxDepth) {
      throw new KitError("CTIPSKIT_E_XML_LIMIT", `document nests deeper than ${limits.maxDepth} elements`, {
        details: { limit: "maxDepth", max: limits.maxDepth },
        fix: "send a flatter message or raise the configured limit",
      });
    }
    const parentScope = stack.length ? stack[stack.length - 1].scope : ROOT_SCOPE;
    const scope = decls
      ? Object.assign(Object.create(parentScope) as Record<string, string>, decls)
      : parentScope;
    const colon = qname.indexOf(":");
    const prefix = colon >= 0 ? qname.slice(0, colon) : "";
    const local = colon >= 0 ? qname.slice(colon + 1) : qname;
    const ns = scope[prefix];
    if (ns === undefined) fail(src, lt, `undeclared namespace prefix '${prefix}'`);
    const el: XmlElement = { ns, local, prefix, attrs, children: [], text: "", scope };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) fail(src, lt, "more than one root element");
    else root = el;
    if (!selfClosing) stack.push(el);
    else if (!stack.length) {
      if (
        src
          .slice(i)
          .replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, "")
          .trim()
      )
        fail(src, i, "content after the root element");
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
  const ns = el.scope[prefix];
  if (ns === undefined) return undefined;
  return { ns, local: colon >= 0 ? qname.slice(colon + 1) : qname };
}

/** Attribute lookup by namespace URI and local name, whatever prefix the sender chose. */
export function attrNS(el: XmlElement, ns: string, local: string): string | undefined {
  for (const key in el.attrs) {
    const colon = key.indexOf(":");
    if (colon < 0) continue;
    if (key.slice(colon + 1) === local && el.scope[key.slice(0, colon)] === ns) return el.attrs[key];
  }
  return undefined;
}

const ESC_TEXT = /[&<>\r]/g;
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

export function escapeText(s: string): string {
  return HAS_TEXT_SPECIAL.test(s) ? s.replace(ESC_TEXT, (c) => ESC_MAP[c]) : s;
}

export function escapeAttr(s: string): string {
  return HAS_ATTR_SPECIAL.test(s) ? s.replace(ESC_ATTR, (c) => ESC_MAP[c]) : s;
}
