/**
 * The SOAPAction of each server operation: from the contract registry ("bundled"), or from
 * the target's WSDL loaded with node-soap, which follows WCF's split form (`?wsdl` importing
 * `?wsdl=wsdl0`, which imports `?xsd=xsdN`). @see docs/decisions/003-own-soap-codec.md
 */
import { Agent as HttpsAgent } from "node:https";
import soap from "soap";
import type { Profile } from "../contract/codec.ts";
import { KitError } from "../contract/errors.ts";
import type { Logger } from "../contract/logger.ts";
import { contract, type OperationInfo } from "../contract/schemas.ts";
import { soapActionFor } from "../contract/soap.ts";
import type { TargetTls } from "./types.ts";

/** Wire operation name → SOAPAction. */
export type ActionTable = ReadonlyMap<string, string>;

function serverOperations(): OperationInfo[] {
  return [...contract().operations.values()].filter((o) => o.service === "server");
}

export function bundledActions(profile: Profile): ActionTable {
  return new Map(serverOperations().map((o) => [o.name, soapActionFor(o, profile)]));
}

/**
 * Loads a WSDL and reads each operation's soapAction from its binding. An operation may be
 * described under its wire or its guide name (PanicLogoutAgent / PanicLogout); the
 * profile's spelling wins when both are.
 */
export async function wsdlActions(
  url: string,
  o: { profile: Profile; tls?: TargetTls; timeoutMs: number; logger: Logger },
): Promise<ActionTable> {
  const wsdlOptions: Record<string, unknown> = { timeout: o.timeoutMs };
  if (o.tls && url.startsWith("https:")) {
    wsdlOptions.httpsAgent = new HttpsAgent({
      ca: o.tls.ca,
      cert: o.tls.cert,
      key: o.tls.key,
      rejectUnauthorized: o.tls.rejectUnauthorized ?? true,
    });
  }
  let described: Map<string, string>;
  try {
    // node-soap caches documents by URL for the process; a target's WSDL may change between runs.
    const client = await soap.createClientAsync(url, { disableCache: true, wsdl_options: wsdlOptions });
    described = new Map();
    for (const binding of Object.values(client.wsdl.definitions.bindings)) {
      for (const [name, method] of Object.entries(binding.methods)) described.set(name, method.soapAction);
    }
  } catch (err) {
    throw new KitError("CTIPSKIT_E_WSDL", `cannot load the WSDL at ${url}: ${(err as Error).message}`, {
      cause: err,
      details: { url },
      fix: "check the URL (a WCF service publishes it at {endpoint}?wsdl), TLS settings, or use wsdl: 'bundled'",
    });
  }
  const table = new Map<string, string>();
  const missing: string[] = [];
  for (const op of serverOperations()) {
    const names =
      o.profile === "guide" ? [op.guideName ?? op.name, op.name] : [op.name, op.guideName ?? op.name];
    const action = names.map((n) => described.get(n)).find((a) => a !== undefined);
    if (action === undefined) missing.push(op.name);
    else table.set(op.name, action);
  }
  if (missing.length > 0) {
    throw new KitError(
      "CTIPSKIT_E_WSDL",
      `the WSDL at ${url} does not describe ${missing.length} of the 27 CTIPS operations: ${missing.join(", ")}`,
      {
        details: { url, missing, described: [...described.keys()] },
        fix: "point wsdl at the CTIPortalService endpoint's WSDL, or use wsdl: 'bundled'",
      },
    );
  }
  o.logger.info("loaded the target's WSDL", { url, operations: described.size });
  return table;
}
