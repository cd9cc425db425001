/**
 * `ctips-kit check CAPTURE --bundle out.zip` as a user runs it (a child process): the zip
 * holds the capture, the findings, the JUnit file, the HTML pages and a manifest whose
 * hashes are the files'; and no file of it holds a password or a `--redact` text, wherever
 * the capture had them: a malformed OpenConnection's raw XML (kept as a transportError, any
 * namespace prefix), payloads written by a recorder that did not redact, a call's data.
 * The bundle is read back with Info-ZIP's unzip, or Python's zipfile.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaptureReport } from "../../src/runner/check-capture.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { readTimeline } from "../../src/timeline/index.ts";
import { Peers } from "../integration/peers.ts";
import { ROOT, runKit } from "../support/processes.ts";

const dir = mkdtempSync(join(tmpdir(), "ctips-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = "S3cret-Pa55word!";
const FOREIGN_PASSWORD = "An0ther-Pa55";
const CUSTOMER = "ACME-Corp-4711";
const SECRETS = [PASSWORD, FOREIGN_PASSWORD, CUSTOMER];
const BUNDLE_FILES = [
  "manifest.json",
  "capture.jsonl",
  "check.json",
  "check-junit.xml",
  "check.html",
  "clauses.html",
];

const UNZIP = spawnSync("unzip", ["-v"]).status === 0;

/** Extracts `zip` into a new directory with unzip (else Python's zipfile); its files by name. */
function extract(zip: string): Map<string, Buffer> {
  const to = mkdtempSync(join(dir, "x-"));
  const r = UNZIP
    ? spawnSync("unzip", ["-q", zip, "-d", to], { encoding: "utf8" })
    : spawnSync(
        "python3",
        ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip, to],
        {
          encoding: "utf8",
        },
      );
  if (r.status !== 0) throw new Error(`cannot extract ${zip}: ${r.stdout}${r.stderr}`);
  return new Map(readdirSync(to).map((f) => [f, readFileSync(join(to, f))]));
}

let capture = "";
let malformed = "";

/**
 * A mock recording (raw XML kept) of a desktop session with a call whose data names the
 * customer, then an OpenConnection that is not well-formed, then three lines a recorder that
 * does not redact would have written (the kit's own recorders never write a password): an
 * OpenConnection and a StartSession with their passwords in the payload, and the malformed
 * OpenConnection's raw XML as it came, its password in it.
 */
beforeAll(async () => {
  capture = join(dir, "capture.jsonl");
  const peers = new Peers();
  try {
    const mock = await peers.mock({
      recordFile: capture,
      recordRaw: true,
      users: [{ userName: "screenpop", password: PASSWORD }],
      heartbeatIntervalMs: 100,
    });
    const client = await peers.client(mock, { credentials: { userName: "screenpop", password: PASSWORD } });
    const s = await client.openSession();
    await s.send("Snapshot", { EntityType: ["AgentInfo", "ServiceInfo"] });
    const { callId } = mock.control.createCall({
      serviceId: 100,
      ani: "5551234",
      dnis: "8005550100",
      callData: [{ key: "customer", value: CUSTOMER }],
    });
    await s.waitForEvent({ type: "CallDelivered" }, 5_000);
    mock.control.hangup(callId);
    await new Promise((r) => setTimeout(r, 350));
    await s.offline();
    await s.close();
    malformed = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><OpenConnection xmlns="http://www.aspect.com/unifiedip/edk/ctiportalservice/2009/08"><args xmlns:d="http://www.aspect.com/unifiedip/edk/ctiportaldata/2009/08"><d:UserCredentials><d:Password>${PASSWORD}</d:Password><d:UserName>screenpop</d:UserName></d:UserCredentials></args>`;
    const r = await fetch(mock.endpoint, {
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8" },
      body: malformed,
    });
    expect(r.status).toBe(400);
  } finally {
    await peers.close();
  }
  const entries = readTimeline(capture);
  const last = entries[entries.length - 1];
  const foreign: Partial<TimelineEntry>[] = [
    {
      kind: "request",
      direction: "in",
      name: "OpenConnection",
      payload: {
        args: {
          TenantIds: [1],
          UserCredentials: { UserName: "other", Password: FOREIGN_PASSWORD },
          ClientCallbackURL: "http://127.0.0.1:1/cb",
        },
      },
    },
    {
      kind: "startSession",
      direction: "out",
      name: "StartSession",
      session: "x",
      payload: { userinfo: { UserName: "other", Password: FOREIGN_PASSWORD }, sessionId: "x" },
    },
    {
      kind: "transportError",
      direction: "in",
      name: "OpenConnection",
      message: "not well-formed",
      raw: malformed,
    },
  ];
  writeFileSync(
    capture,
    readFileSync(capture, "utf8") +
      foreign
        .map(
          (e, i) =>
            `${JSON.stringify({ seq: last.seq + 1 + i, monoNs: last.monoNs + 1 + i, wall: last.wall, recorder: "foreign", ...e })}\n`,
        )
        .join(""),
  );
}, 60_000);

describe("ctips-kit check --bundle", () => {
  it("starts from a capture that does hold the secrets, where a bundle must not", () => {
    const text = readFileSync(capture, "utf8");
    for (const s of SECRETS) expect(text).toContain(s);
    expect(text).toMatch(
      /"recorder":"foreign".*"kind":"transportError".*<d:Password>S3cret-Pa55word!<\/d:Password>/,
    );
    // The mock's own line for the same malformed body kept the body, not the password.
    const own = readTimeline(capture).filter((e) => e.kind === "transportError" && e.recorder !== "foreign");
    expect(own).toHaveLength(1);
    expect(own[0].raw).toContain("<d:Password>***");
    expect(own[0].raw).not.toContain(PASSWORD);
  });

  it("writes a zip of the capture, the findings, the reports and a manifest, with the hashes of what it holds", async () => {
    const out = join(dir, "bundle.zip");
    const reports = join(dir, "reports");
    const r = await runKit([
      "check",
      capture,
      "--role",
      "client",
      "--reports",
      reports,
      "--bundle",
      out,
      "--redact",
      CUSTOMER,
    ]);
    expect(r.stderr).toBe("");
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toMatch(
      /bundle: .*bundle\.zip — 6 files .*redacted 2 password\(s\) and 1 --redact text\(s\)/,
    );
    const files = extract(out);
    expect([...files.keys()].sort()).toEqual([...BUNDLE_FILES].sort());

    const manifest = JSON.parse(String(files.get("manifest.json")));
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(manifest.kit).toEqual({ name: "ctips-kit", version: pkg.version });
    const local = JSON.parse(readFileSync(join(reports, "check.json"), "utf8")) as CaptureReport;
    expect(manifest.check).toMatchObject({
      role: "client",
      mode: "strict",
      profile: "wire",
      exitCode: local.exitCode,
    });
    expect(manifest.check.parameters.map((p: { name: string }) => p.name)).toEqual(
      local.parameters.map((p) => p.name),
    );
    expect(
      manifest.check.checks.map((c: { check: string; status: string }) => `${c.check} ${c.status}`),
    ).toEqual(local.checks.map((c) => `${c.check} ${c.status}`));
    expect(manifest.check.checks.length).toBeGreaterThan(10);
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(
      BUNDLE_FILES.filter((f) => f !== "manifest.json"),
    );
    for (const f of manifest.files as { name: string; bytes: number; sha256: string }[]) {
      const data = files.get(f.name) as Buffer;
      expect(f.bytes).toBe(data.length);
      expect(f.sha256).toBe(createHash("sha256").update(data).digest("hex"));
    }
    expect(manifest.redaction).toMatchObject({ passwords: 2, given: 1 });

    // The findings are check's own, and the capture is the whole capture.
    const bundled = JSON.parse(String(files.get("check.json"))) as CaptureReport;
    expect(bundled.checks.map((c) => c.status)).toEqual(local.checks.map((c) => c.status));
    const lines = String(files.get("capture.jsonl"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as TimelineEntry);
    expect(lines.length).toBe(readTimeline(capture).length);
    const malformed = lines.find((e) => e.kind === "transportError" && e.raw?.includes("OpenConnection"));
    expect(malformed?.raw).toContain("<d:Password>***</d:Password>");
    expect(String(files.get("check-junit.xml"))).toMatch(/<testsuites name="ctips-kit check \(client\)"/);
    expect(String(files.get("check.html"))).toContain("ctips-kit check (client)");
    expect(String(files.get("check.html"))).toContain('href="clauses.html"');
  });

  it("leaves no password and no --redact text in any file of the bundle, in any escaping", async () => {
    const out = join(dir, "clean.zip");
    const r = await runKit([
      "check",
      capture,
      "--reports",
      join(dir, "r2"),
      "--bundle",
      out,
      "--redact",
      CUSTOMER,
    ]);
    expect([0, 1]).toContain(r.code);
    const files = extract(out);
    expect(files.size).toBe(6);
    for (const [name, data] of files) {
      const text = data.toString("utf8");
      for (const s of SECRETS) {
        expect(text.includes(s), `${s} in ${name}`).toBe(false);
        expect(text.includes(s.replace(/!/g, "\\u0021")), `${s} escaped in ${name}`).toBe(false);
      }
    }
    // The redaction replaced them, it did not drop the entries that held them.
    const bundled = String(files.get("capture.jsonl"));
    expect(bundled).toContain('"Password":"***"');
    expect(bundled).toContain('"value":"***"');
  });

  it("without --redact, redacts the passwords but keeps the call's data", async () => {
    const out = join(dir, "passwords-only.zip");
    const r = await runKit(["check", capture, "--reports", join(dir, "r3"), "--bundle", out]);
    expect([0, 1]).toContain(r.code);
    const text = String(extract(out).get("capture.jsonl"));
    expect(text).toContain(CUSTOMER);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(FOREIGN_PASSWORD);
  });

  it("refuses to write a bundle a --redact text would survive in (a number), and says where, not what", async () => {
    const out = join(dir, "leaky.zip");
    const callId = "70001"; // a CallId: a number in the events' members, a text in the raw XML
    expect(readFileSync(capture, "utf8")).toMatch(/"CallId":70001\b/);
    const r = await runKit([
      "check",
      capture,
      "--reports",
      join(dir, "r4"),
      "--bundle",
      out,
      "--redact",
      callId,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /CTIPSKIT_E_BUNDLE: a secret \(5 characters\) would remain in the bundle's capture\.jsonl at line \d+/,
    );
    expect(r.stderr).not.toContain(callId);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ["--redact without --bundle", ["--redact", "x"], /--redact applies to the bundle/],
    ["an empty --redact", ["--bundle", "b.zip", "--redact", ""], /--redact needs a text/],
  ])("refuses %s (exit 2)", async (_what, args, message) => {
    const r = await runKit(["check", capture, "--reports", join(dir, "r5"), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("cannot write into a directory that does not exist (exit 2, CTIPSKIT_E_BUNDLE)", async () => {
    const out = join(dir, "no", "such", "dir", "b.zip");
    const r = await runKit(["check", capture, "--reports", join(dir, "r6"), "--bundle", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CTIPSKIT_E_BUNDLE: cannot write the bundle/);
    mkdirSync(join(dir, "unused"), { recursive: true });
  });
});
