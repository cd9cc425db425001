/**
 * The recording proxy's two rewrites change only what they must: the text of
 * OpenConnection's ClientCallbackURL (in either profile, any prefix), and the addresses of
 * a WSDL under the target's path.
 */
import { describe, expect, it } from "vitest";
import { contract, encodeRequest } from "../../src/contract/index.ts";
import { rewriteCallbackUrl, rewriteWsdlAddresses } from "../../src/mock-client/proxy-rewrite.ts";

const CLIENT = "http://10.0.0.7:8174/www.aspect.com/PublishEvents?x=1&y=2";
const PROXY = "http://proxy:9000/cb/3";

function openConnection(profile: "wire" | "guide"): string {
  return encodeRequest(
    contract().operation("OpenConnection"),
    {
      args: {
        TenantIds: [1],
        UserCredentials: { UserName: "u", Password: "p" },
        ClientCallbackURL: CLIENT,
      },
    },
    profile,
  );
}

describe("rewriteCallbackUrl", () => {
  it.each(["wire", "guide"] as const)(
    "replaces only the URL's text in the %s profile's envelope",
    (profile) => {
      const xml = openConnection(profile);
      const escaped = CLIENT.replace(/&/g, "&amp;");
      expect(xml).toContain(escaped);
      expect(rewriteCallbackUrl(xml, PROXY)).toBe(xml.replace(escaped, PROXY));
    },
  );

  it("keeps a peer's own prefixes, attributes and white space", () => {
    const xml =
      '<?xml version="1.0"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08">\n' +
      "  <soapenv:Body>\n    <ns:OpenConnection>\n      <ns:args>\n" +
      "        <ns:TenantIds><a:int xmlns:a='http://schemas.microsoft.com/2003/10/Serialization/Arrays'>1</a:int></ns:TenantIds>\n" +
      "        <ns:UserCredentials><b:UserName xmlns:b='http://www.aspect.com/unifiedip/edk/commondata/2009/08'>u</b:UserName><b:Password xmlns:b='http://www.aspect.com/unifiedip/edk/commondata/2009/08'>p</b:Password></ns:UserCredentials>\n" +
      `        <ns:ClientCallbackURL  data-x="1" ><![CDATA[${CLIENT}]]></ns:ClientCallbackURL >\n` +
      "      </ns:args>\n    </ns:OpenConnection>\n  </soapenv:Body>\n</soapenv:Envelope>\n";
    expect(rewriteCallbackUrl(xml, PROXY)).toBe(xml.replace(`<![CDATA[${CLIENT}]]>`, PROXY));
  });

  it("gives up, rather than guess, when there is no URL text to replace", () => {
    const xml = openConnection("wire");
    const empty = xml.replace(/<a:ClientCallbackURL>.*<\/a:ClientCallbackURL>/, "<a:ClientCallbackURL/>");
    expect(empty).not.toBe(xml);
    expect(rewriteCallbackUrl(empty, PROXY)).toBeUndefined();
    expect(rewriteCallbackUrl(xml.replace(/ClientCallbackURL/g, "Other"), PROXY)).toBeUndefined();
    expect(rewriteCallbackUrl("<not-xml", PROXY)).toBeUndefined();
  });
});

describe("rewriteWsdlAddresses", () => {
  const path = "/Aspect.UnifiedIP.EDK.CTIPortalService";

  it("moves every address under the target's path to the proxy, whatever host the target named", () => {
    const doc =
      `<wsdl:import location="http://CTIPS-01:8170${path}?wsdl=wsdl0"/>` +
      `<xsd:import schemaLocation='https://10.1.1.1${path.toLowerCase()}?xsd=xsd2'/>` +
      `<soap:address location="http://ctips:8170${path}"/>`;
    expect(rewriteWsdlAddresses(doc, path, "http://proxy:9000")).toBe(
      `<wsdl:import location="http://proxy:9000${path}?wsdl=wsdl0"/>` +
        `<xsd:import schemaLocation='http://proxy:9000${path.toLowerCase()}?xsd=xsd2'/>` +
        `<soap:address location="http://proxy:9000${path}"/>`,
    );
  });

  it("leaves other addresses alone", () => {
    const doc = `<import location="http://schemas.example/${"other"}.xsd"/><a location="http://ctips${path}Extra"/>`;
    expect(rewriteWsdlAddresses(doc, path, "http://proxy:9000")).toBe(doc);
  });
});
