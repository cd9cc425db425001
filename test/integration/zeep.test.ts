/**
 * A SOAP peer we did not write understands the mock: Debian's python3-zeep (installed by
 * `.ci/run`) loads the mock's WSDL in both forms WCF serves (`?wsdl`, split into
 * `?wsdl=wsdl0` and `?xsd=xsdN`; and `?singleWsdl`), and calls OpenConnection (TenantIds
 * as ArrayOfint, UserCredentials) and AddMessageClass. StartSession goes to a recording
 * client's callback service.
 */
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contract } from "../../src/contract/index.ts";
import type { RecordingClient } from "../../src/mock-client/index.ts";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import { Peers, TENANT, USER } from "./peers.ts";

/** `python3` on PATH may be a pyenv build without zeep; Debian's lives in /usr/bin. */
const PYTHON = ["/usr/bin/python3", "python3"].find(
  (p) => spawnSync(p, ["-c", "import zeep"], { stdio: "ignore" }).status === 0,
);
if (!PYTHON) {
  console.warn(
    "zeep.test.ts skipped: no python3 can import zeep (install Debian's python3-zeep, as .ci/run does)",
  );
}

const SCRIPT = `
import json, sys, zeep
wsdl, callback, user, password, tenant = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
client = zeep.Client(wsdl)
opened = client.service.OpenConnection(args={
    "TenantIds": {"int": [tenant]},
    "UserCredentials": {"UserName": user, "Password": password},
    "ClientCallbackURL": callback,
})
added = client.service.AddMessageClass(args={
    "SessionId": opened.SessionId, "TenantId": tenant, "MessageClass": "EventCategoryAgent",
})
print(json.dumps({
    "operations": sorted(client.service._binding._operations),
    "sessionId": opened.SessionId,
    "response": opened.Response,
    "added": added,
}))
`;

interface ZeepRun {
  operations: string[];
  sessionId: string | null;
  response: string;
  added: number;
}

const peers = new Peers();
let mock: MockCtips;
let client: RecordingClient;

beforeAll(async () => {
  mock = await peers.mock();
  client = await peers.client(mock);
});
afterAll(() => peers.close());

async function zeep(wsdlUrl: string): Promise<ZeepRun> {
  const { stdout } = await promisify(execFile)(
    PYTHON as string,
    ["-c", SCRIPT, wsdlUrl, client.callbackUrl, USER.userName, USER.password, String(TENANT)],
    { timeout: 30_000 },
  );
  return JSON.parse(stdout) as ZeepRun;
}

describe.skipIf(!PYTHON)("python3-zeep against the mock", () => {
  for (const form of ["wsdl", "singleWsdl"]) {
    it(`loads ?${form}, opens a session and adds a message class, with no deviation on the mock's side`, async () => {
      const since = mock.timeline.length;
      const run = await zeep(`${mock.endpoint}?${form}`);

      const serverOps = [...contract().operations.values()].filter((o) => o.service === "server");
      expect(run.operations).toEqual(serverOps.map((o) => o.name).sort());
      expect(run.response).toBe("_success");
      expect(run.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(run.added).toBe(0);

      const entries = mock.timeline.entries.slice(since);
      const exchanges = entries.filter((e) => e.kind === "request" || e.kind === "response");
      expect(exchanges.map((e) => `${e.kind} ${e.name}`)).toEqual([
        "request OpenConnection",
        "response OpenConnection",
        "request AddMessageClass",
        "response AddMessageClass",
      ]);
      // zeep writes its own prefixes and a WS-Addressing header: tolerated without any deviation.
      expect(entries.filter((e) => e.deviations)).toEqual([]);
      expect(exchanges[0].payload).toMatchObject({
        args: { TenantIds: [TENANT], UserCredentials: { UserName: USER.userName } },
      });
      expect(mock.core.sessions.get(run.sessionId!)?.categories.has("EventCategoryAgent")).toBe(true);
      // The mock called StartSession on the callback URL zeep gave it.
      await client.timeline.waitFor((e) => e.kind === "startSession" && e.session === run.sessionId, 2_000);
    }, 40_000);
  }
});
