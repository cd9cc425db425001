/**
 * The mock's callbacks reach an HTTP server we did not write: Python's standard
 * `http.server`, as an HTTP/1.0 server (a connection per call, closed after the answer) and
 * as an HTTP/1.1 keep-alive one. It answers StartSession, Heartbeat and PublishCTIEvent
 * with the canonical result and reports the LinkStatus states it received, in order.
 * (The mock's HTTP client is its own: docs/decisions/005-callback-transport.md.)
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contract, encodeResponse } from "../../src/contract/index.ts";
import type { RecordingClient } from "../../src/mock-client/index.ts";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { Peers, TENANT, USER } from "./peers.ts";

const PYTHON = ["python3", "/usr/bin/python3"].find(
  (p) => spawnSync(p, ["-c", "import http.server"], { stdio: "ignore" }).status === 0,
);
if (!PYTHON) console.warn("python-callbacks.test.ts skipped: no python3 on PATH");

const SERVER = `
import http.server, json, re, sys
protocol, answers = sys.argv[1], json.loads(sys.argv[2])
states = []
class Callback(http.server.BaseHTTPRequestHandler):
    protocol_version = protocol
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        action = self.headers.get("SOAPAction", "")
        op = next(k for k in answers if action.endswith("/" + k + '"'))
        if op == "PublishCTIEvent":
            m = re.search(r"ComponentState>(\\w+)<", body)
            states.append(m.group(1) if m else "?")
        out = answers[op].encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    def do_GET(self):
        out = json.dumps(states).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Callback)
print(server.server_address[1], flush=True)
server.serve_forever()
`;

const peers = new Peers();
let mock: MockCtips;
let client: RecordingClient;
const started: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  mock = await peers.mock({ heartbeatIntervalMs: 100 });
  client = await peers.client(mock);
});
afterAll(async () => {
  for (const p of started) if (p.exitCode === null) p.kill();
  await peers.close();
});

async function pythonServer(protocol: "HTTP/1.0" | "HTTP/1.1"): Promise<string> {
  const c = contract();
  const answers = Object.fromEntries(
    ["StartSession", "Heartbeat", "PublishCTIEvent"].map((op) => [op, encodeResponse(c.operation(op), 0)]),
  );
  const p = spawn(PYTHON as string, ["-c", SERVER, protocol, JSON.stringify(answers)]);
  started.push(p);
  const [line] = (await once(p.stdout, "data")) as [Buffer];
  return `http://127.0.0.1:${line.toString().trim()}`;
}

const isAnswerTo = (session: string, op: string) => (e: TimelineEntry) =>
  e.session === session && e.name === op && e.direction === "in";

describe.skipIf(!PYTHON)("the mock's callbacks to Python's http.server", () => {
  for (const protocol of ["HTTP/1.0", "HTTP/1.1"] as const) {
    it(`${protocol}: StartSession, heartbeats and 40 events in order, every one answered`, async () => {
      const base = await pythonServer(protocol);
      const opened = await client.sendRaw("OpenConnection", {
        TenantIds: [TENANT],
        UserCredentials: { UserName: USER.userName, Password: USER.password },
        ClientCallbackURL: `${base}/www.aspect.com/PublishEvents`,
      });
      const session = opened.ok ? (opened.result as { SessionId: string }).SessionId : "";
      expect(session).not.toBe("");
      await client.sendRaw("AddMessageClass", {
        SessionId: session,
        TenantId: TENANT,
        MessageClass: "EventCategorySystem",
      });
      await client.sendRaw("OnLine", { SessionId: session, TenantId: TENANT });
      const since = mock.timeline.length;
      for (let i = 0; i < 40; i++) mock.control.setLink("Gateway", i % 2 === 0 ? "down" : "up");

      const answers: TimelineEntry[] = [];
      const done = new Promise<void>((resolve) => {
        const off = mock.timeline.onAppend((e) => {
          if (isAnswerTo(session, "PublishCTIEvent")(e) && answers.push(e) === 40) {
            off();
            resolve();
          }
        });
      });
      await done;
      await mock.timeline.waitFor(isAnswerTo(session, "Heartbeat"), 2_000, { since });

      const startSession = mock.timeline.find(isAnswerTo(session, "StartSession"));
      expect(startSession?.kind).toBe("callbackResponse");
      expect(answers.filter((e) => e.kind !== "callbackResponse")).toEqual([]);
      expect(answers.every((e) => e.deviations === undefined)).toBe(true);
      const res = await fetch(base);
      expect(await res.json()).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? "Down" : "Up")));
    }, 20_000);
  }
});
