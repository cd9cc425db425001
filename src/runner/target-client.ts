/** The recording client a certification run uses towards its target (scenarios, preflight, teardown). */
import { createRecordingClient } from "../mock-client/index.ts";
import type { RecordingClient } from "../mock-client/types.ts";
import type { WorldParameters } from "./params.ts";

export function clientFor(p: WorldParameters): Promise<RecordingClient> {
  return createRecordingClient({
    target: p.target.endpoint,
    wsdl: p.target.wsdl,
    profile: p.target.profile,
    credentials: p.target.credentials,
    tenantId: p.target.tenantId,
    tls: p.target.tls,
    callback: {
      host: p.callback.host,
      port: p.callback.port,
      path: p.callback.path,
      publicUrl: p.callback.publicUrl,
    },
    requestTimeoutMs: p.eventTimeoutMs * 2,
  });
}
