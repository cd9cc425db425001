/** The XML reader is safe by construction: no DTD, no entities, bounded work. */
import { describe, expect, it } from "vitest";
import { decodeMessage, parseXml } from "../../src/contract/index.ts";
import { escapeChecked, escapeText, lookupPrefix } from "../../src/contract/xml.ts";

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x>&lol9;</x></s:Body></s:Envelope>`;

const xxe = `<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x>&xxe;</x></s:Body></s:Envelope>`;

describe("the XML reader", () => {
  it("refuses a billion-laughs document at its DOCTYPE, expanding nothing", () => {
    expect(() => decodeMessage(billionLaughs)).toThrow(
      expect.objectContaining({ code: "CTIPSKIT_E_XML_DTD_FORBIDDEN" }),
    );
  });

  it("refuses an XXE document at its DOCTYPE, reading no file", () => {
    expect(() => decodeMessage(xxe)).toThrow(
      expect.objectContaining({
        code: "CTIPSKIT_E_XML_DTD_FORBIDDEN",
        message: expect.stringMatching(/DOCTYPE/),
      }),
    );
  });

  it("refuses an entity it does not know even without a DTD", () => {
    expect(() => parseXml("<a>&xxe;</a>")).toThrow(
      expect.objectContaining({
        code: "CTIPSKIT_E_XML_MALFORMED",
        message: expect.stringMatching(/undefined entity &xxe;/),
      }),
    );
  });

  it("reads the five predefined entities and character references", () => {
    expect(parseXml("<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</a>").text).toBe(`<>&"'AB`);
  });

  it("refuses documents over the size limit before parsing", () => {
    expect(() =>
      parseXml(`<a>${"x".repeat(100)}</a>`, { maxChars: 50, maxDepth: 10, maxElements: 10 }),
    ).toThrow(
      expect.objectContaining({
        code: "CTIPSKIT_E_XML_LIMIT",
        details: expect.objectContaining({ limit: "maxChars" }),
      }),
    );
  });

  it("refuses documents nested deeper than the limit", () => {
    const deep = `${"<a>".repeat(20)}${"</a>".repeat(20)}`;
    expect(() => parseXml(deep, { maxChars: 1e6, maxDepth: 10, maxElements: 1000 })).toThrow(
      expect.objectContaining({
        code: "CTIPSKIT_E_XML_LIMIT",
        details: expect.objectContaining({ limit: "maxDepth" }),
      }),
    );
  });

  it("refuses documents with more elements than the limit", () => {
    const wide = `<a>${"<b/>".repeat(50)}</a>`;
    expect(() => parseXml(wide, { maxChars: 1e6, maxDepth: 10, maxElements: 20 })).toThrow(
      expect.objectContaining({
        code: "CTIPSKIT_E_XML_LIMIT",
        details: expect.objectContaining({ limit: "maxElements" }),
      }),
    );
  });

  it.each([
    ["an unclosed element", "<a><b></a>"],
    ["mismatched tags", "<a></b>"],
    ["two roots", "<a/><b/>"],
    ["an undeclared prefix", "<x:a/>"],
    ["an unquoted attribute", "<a b=c/>"],
    ["text after the root", "<a/>tail"],
    ["no root", "   "],
  ])("says where the document is malformed: %s", (_what, doc) => {
    expect(() => parseXml(doc)).toThrow(
      expect.objectContaining({
        code: "CTIPSKIT_E_XML_MALFORMED",
        message: expect.stringMatching(/line \d+, column \d+/),
      }),
    );
  });

  it("resolves namespaces through nested declarations", () => {
    const root = parseXml(`<a xmlns="urn:a" xmlns:p="urn:p"><p:b><c xmlns="urn:c"/></p:b></a>`);
    expect([root.ns, root.children[0].ns, root.children[0].children[0].ns]).toEqual([
      "urn:a",
      "urn:p",
      "urn:c",
    ]);
  });

  it("normalises literal line ends but keeps an escaped carriage return", () => {
    expect(parseXml("<a>x\r\ny&#xD;</a>").text).toBe("x\ny\r");
  });

  it("lets an inner declaration shadow a prefix and restores it outside", () => {
    const root = parseXml(`<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c/></p:b><p:d/></p:a>`);
    const [b, d] = root.children;
    expect([root.ns, b.ns, b.children[0].ns, d.ns]).toEqual(["urn:1", "urn:2", "urn:2", "urn:1"]);
    expect(lookupPrefix(b.children[0], "p")).toBe("urn:2");
    expect(lookupPrefix(d, "p")).toBe("urn:1");
    expect(lookupPrefix(d, "q")).toBeUndefined();
    expect(lookupPrefix(d, "xml")).toBe("http://www.w3.org/XML/1998/namespace");
  });

  it("keeps namespace declarations in the scope, not among the attributes", () => {
    const root = parseXml(`<a xmlns="urn:a" xmlns:i="urn:i" i:type="t" b="1"/>`);
    expect(root.attrs).toEqual({ "i:type": "t", b: "1" });
    expect([lookupPrefix(root, ""), lookupPrefix(root, "i")]).toEqual(["urn:a", "urn:i"]);
  });

  it("refuses a namespace declared twice on one element, as any duplicate attribute", () => {
    expect(() => parseXml(`<a xmlns:p="urn:1" xmlns:p="urn:2"/>`)).toThrow(/duplicate attribute xmlns:p/);
    expect(() => parseXml(`<a xmlns="urn:1" xmlns:q="urn:q" xmlns="urn:1"/>`)).toThrow(
      /duplicate attribute xmlns/,
    );
    expect(() => parseXml(`<a b="1" b="2"/>`)).toThrow(/duplicate attribute b/);
  });

  it("matches a known namespace in place only when the whole URI is equal", () => {
    const soap = "http://schemas.xmlsoap.org/soap/envelope/";
    const near = `${soap.slice(0, -2)}X/`; // same length, one character different
    expect(parseXml(`<s:a xmlns:s="${soap}"/>`).ns).toBe(soap);
    expect(parseXml(`<s:a xmlns:s="${near}"/>`).ns).toBe(near);
  });

  it("shares the scopes that known declarations build, frozen, and keeps each binding right", () => {
    const soap = "http://schemas.xmlsoap.org/soap/envelope/";
    const xsi = "http://www.w3.org/2001/XMLSchema-instance";
    const one = parseXml(`<s:a xmlns:s="${soap}"><s:b xmlns:i="${xsi}"/></s:a>`);
    const two = parseXml(`<s:a xmlns:s="${soap}"><s:b xmlns:i="${xsi}"/></s:a>`);
    expect(two.scope).toBe(one.scope);
    expect(two.children[0].scope).toBe(one.children[0].scope);
    expect(Object.isFrozen(one.children[0].scope)).toBe(true);
    // The same prefix bound to another known URI is another scope.
    const swapped = parseXml(`<s:a xmlns:s="${xsi}"><s:b xmlns:i="${soap}"/></s:a>`);
    expect(swapped.scope).not.toBe(one.scope);
    expect([swapped.ns, lookupPrefix(swapped.children[0], "i")]).toEqual([xsi, soap]);
    expect([one.ns, lookupPrefix(one.children[0], "i")]).toEqual([soap, xsi]);
  });

  it("does not share a scope that declares a URI the kit does not know", () => {
    const one = parseXml(`<p:a xmlns:p="urn:peer:own"/>`);
    const two = parseXml(`<p:a xmlns:p="urn:peer:own"/>`);
    expect(two.scope).not.toBe(one.scope);
    expect(two.ns).toBe("urn:peer:own");
  });

  it("matches end tags by the name their start tag wrote, white space before '>' allowed", () => {
    expect(parseXml(`<p:a xmlns:p="urn:1"><p:b></p:b ></p:a>`).children[0].local).toBe("b");
    expect(() => parseXml(`<p:a xmlns:p="urn:1" xmlns:q="urn:1"><p:b></q:b></p:a>`)).toThrow(
      /end tag <\/q:b> does not match <p:b>/,
    );
    expect(() => parseXml(`<a><bc></b></a>`)).toThrow(/does not match <bc>/);
    expect(() => parseXml(`<a><b></bc></a>`)).toThrow(/does not match <b>/);
    expect(() => parseXml(`<a><b></b x></a>`)).toThrow(/does not match <b>/);
  });

  it("refuses an undeclared prefix, naming it", () => {
    expect(() => parseXml(`<a xmlns:p="urn:1"><q:b/></a>`)).toThrow(/undeclared namespace prefix 'q'/);
  });
});

describe("the XML text escaper", () => {
  it("escapes &, <, > and CR in one pass and leaves everything else", () => {
    expect(escapeText("a&b<c>d\re\tf\ng\"h'")).toBe("a&amp;b&lt;c&gt;d&#xD;e\tf\ng\"h'");
    expect(escapeChecked("<&>")).toBe("&lt;&amp;&gt;");
    expect(escapeChecked("plain ünïcödé")).toBe("plain ünïcödé");
    expect(escapeChecked("")).toBe("");
  });

  it("refuses the characters XML 1.0 cannot carry", () => {
    for (const bad of ["\u0000", "a\u0001", "\u0008b", "\u000B", "\u000C", "x\u001Fy", "\uFFFE", "\uFFFF"])
      expect(escapeChecked(bad), JSON.stringify(bad)).toBeUndefined();
  });

  it("round-trips what it escapes through the reader", () => {
    const text = "a&b<c>d\re & <<>> &amp;";
    expect(parseXml(`<a>${escapeText(text)}</a>`).text).toBe(text);
  });
});
