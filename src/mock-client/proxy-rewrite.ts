/**
 * The only two changes the recording proxy makes to what passes through it, each as small
 * as it can be: the text of OpenConnection's ClientCallbackURL (so the CTIPS calls the
 * proxy back), and the addresses a WSDL or XSD gives (so a tool that loads the WSDL
 * through the proxy keeps talking to the proxy). Every other byte stays as it was.
 */
import { decodeMessage } from "../contract/soap.ts";
import { escapeText } from "../contract/xml.ts";

/** The start tag of ClientCallbackURL, any prefix, any attributes (its name is the same in both profiles). */
const CALLBACK_START = /<((?:[A-Za-z_][\w.-]*:)?)ClientCallbackURL\b([^>]*)>/;

/**
 * The OpenConnection envelope `xml` with the text of its ClientCallbackURL replaced by
 * `url`; undefined when there is no such element with text to replace, or when the result
 * would not read back as that URL (the caller then forwards the envelope unchanged).
 */
export function rewriteCallbackUrl(xml: string, url: string): string | undefined {
  const start = CALLBACK_START.exec(xml);
  if (!start || start[2].trimEnd().endsWith("/")) return undefined;
  const from = start.index + start[0].length;
  const endTag = `</${start[1]}ClientCallbackURL`;
  let to = xml.indexOf(endTag, from);
  while (to >= 0 && !/[\s>]/.test(xml.charAt(to + endTag.length))) to = xml.indexOf(endTag, to + 1);
  if (to < 0) return undefined;
  const rewritten = `${xml.slice(0, from)}${escapeText(url)}${xml.slice(to)}`;
  try {
    const msg = decodeMessage(rewritten);
    const args =
      msg.kind === "request" ? (msg.params.args as Record<string, unknown> | undefined) : undefined;
    return args?.ClientCallbackURL === url ? rewritten : undefined;
  } catch {
    return undefined;
  }
}

/** `location="…"` and `schemaLocation="…"` attributes holding an absolute http(s) URL. */
const ADDRESS_ATTR = /\b((?:schemaL|l)ocation\s*=\s*)(["'])(https?:\/\/[^/"'?#]+)([^"']*)\2/g;

/**
 * A WSDL or XSD document with every address under the target's path (`soap:address`,
 * `wsdl:import`, `xsd:import`, whatever host name the target gave itself) moved to
 * `proxyOrigin` (`http://host:port`). The proxy serves the target's path, so only the
 * scheme, host and port change.
 */
export function rewriteWsdlAddresses(doc: string, targetPath: string, proxyOrigin: string): string {
  const path = targetPath.toLowerCase();
  return doc.replace(ADDRESS_ATTR, (all, attr: string, quote: string, _origin: string, rest: string) => {
    const lower = rest.toLowerCase();
    const under =
      path === "" || lower === path || lower.startsWith(`${path}/`) || lower.startsWith(`${path}?`);
    return under ? `${attr}${quote}${proxyOrigin}${rest}${quote}` : all;
  });
}
