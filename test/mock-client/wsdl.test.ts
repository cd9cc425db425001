/**
 * SOAPActions from the target's WSDL: node-soap follows WCF's split form (`?wsdl` →
 * `?wsdl=wsdl0` → `?xsd=xsdN`), and a WSDL that lacks CTIPS operations is refused by name.
 */
import { afterEach, describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/errors.ts";
import { buildWsdl, type WsdlBundle } from "../../src/contract/wsdl.ts";
import { createRecordingClient, type RecordingClient } from "../../src/mock-client/index.ts";
import { type FakeCtips, startFakeCtips } from "./fake-ctips.ts";

const CUSTOM_ACTION = "urn:ctips-kit:test/LoginAgent";
let fake: FakeCtips | undefined;
let client: RecordingClient | undefined;

afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

/** Serves a bundle as WCF does; `edit` may change the `?wsdl` root document (binding, service). */
async function serveWsdl(service: "server" | "callback", edit: (root: string) => string = (r) => r) {
  let bundle: WsdlBundle | undefined;
  const f = await startFakeCtips({
    documents: (q) => {
      if (!bundle) return undefined;
      if (q === "wsdl") return edit(bundle.root);
      if (q === "wsdl=wsdl0") return bundle.wsdl0;
      const xsd = /^xsd=xsd(\d+)$/.exec(q);
      return xsd ? bundle.xsd[Number(xsd[1])] : undefined;
    },
  });
  bundle = buildWsdl(service, { location: f.url });
  fake = f;
  return f;
}

const create = (target: string, wsdl = "target") =>
  createRecordingClient({ target, wsdl, credentials: { userName: "u", password: "p" }, tenantId: 1 });

describe("wsdl: target", () => {
  it("reads SOAPActions from the target's split-form WSDL and sends them", async () => {
    const f = await serveWsdl("server", (root) =>
      root.replace(
        'soapAction="http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08/AgentCallService/LoginAgent"',
        `soapAction="${CUSTOM_ACTION}"`,
      ),
    );
    client = await create(f.url);
    expect(f.gets).toContain("wsdl");
    expect(f.gets).toContain("wsdl=wsdl0");
    expect(f.gets.filter((q) => q.startsWith("xsd=")).length).toBeGreaterThan(0);

    const s = await client.openSession({ categories: [], online: false });
    await s.send("LoginAgent", { AgentLoginName: "a1", StationId: "100", InitState: "NotReady" });
    expect(f.received.at(-1)).toMatchObject({ op: "LoginAgent", soapAction: `"${CUSTOM_ACTION}"` });
    expect(f.received[0].soapAction).toBe(
      '"http://www.aspect.com/unifiedip/edk/ctipsapi/2009/08/RegistrationService/OpenConnection"',
    );
  });

  it("accepts an explicit WSDL URL", async () => {
    const f = await serveWsdl("server");
    client = await create(f.url, `${f.url}?wsdl`);
    await client.sendRaw("OffLine", { SessionId: "S", TenantId: 1 });
    expect(f.received.at(-1)?.op).toBe("OffLine");
  });

  it("refuses a WSDL that lacks CTIPS operations, naming them", async () => {
    const f = await serveWsdl("callback");
    const err = await create(f.url).catch((e: unknown) => e);
    expect(isKitError(err, "CTIPSKIT_E_WSDL")).toBe(true);
    expect((err as Error).message).toContain("27 of the 27");
    expect((err as Error).message).toContain("OpenConnection");
    expect((err as Error).message).toContain("SendDTMFDigits");
  });

  it("fails with CTIPSKIT_E_WSDL when the WSDL cannot be fetched", async () => {
    const f = await startFakeCtips();
    fake = f;
    const err = await create(f.url).catch((e: unknown) => e);
    expect(isKitError(err, "CTIPSKIT_E_WSDL")).toBe(true);
    expect((err as Error).message).toContain(`${f.url}?wsdl`);
  });
});
