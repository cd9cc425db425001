/**
 * The kit's ZIP writer, read back by tools the kit did not write: Info-ZIP's `unzip` when it
 * is installed, and Python's zipfile (which checks every CRC-32) when python3 is.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { crc32, zip } from "../../src/runner/zip.ts";

const dir = mkdtempSync(join(tmpdir(), "ctips-zip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const has = (cmd: string, arg: string) => spawnSync(cmd, [arg]).status === 0;
const UNZIP = has("unzip", "-v");
const PYTHON = has("python3", "--version");

function write(name: string, data: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** Each member's name, method and content as Python's zipfile reads them (testzip() checks the CRCs). */
function pythonRead(file: string): {
  bad: string | null;
  members: { name: string; method: number; text: string }[];
} {
  const script = [
    "import json, sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "print(json.dumps({'bad': z.testzip(), 'members': [{'name': i.filename, 'method': i.compress_type, 'text': z.read(i).decode('utf-8')} for i in z.infolist()]}))",
  ].join("\n");
  const r = spawnSync("python3", ["-c", script, file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 zipfile could not read ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const repetitive = `${"PublishCTIEvent CallDelivered 101\n".repeat(400)}`;
const files = [
  { name: "manifest.json", data: '{"kit":"ctips-kit"}\n' },
  { name: "capture.jsonl", data: repetitive },
  { name: "reports/check-junit.xml", data: '<?xml version="1.0"?><testsuites/>' },
  { name: "empty.txt", data: "" },
  { name: "ünïcode-名前.txt", data: "Grüße\n" },
];

describe("crc32", () => {
  it("computes the standard check value of '123456789' and of nothing", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it("continues a running CRC across chunks", () => {
    const whole = crc32(Buffer.from("hello, world"));
    expect(crc32(Buffer.from(", world"), crc32(Buffer.from("hello")))).toBe(whole);
  });
});

describe("zip", () => {
  it.skipIf(!PYTHON)("writes an archive Python's zipfile reads back whole, every CRC right", () => {
    const file = write("auto.zip", zip(files));
    const read = pythonRead(file);
    expect(read.bad).toBeNull();
    expect(read.members.map((m) => m.name)).toEqual(files.map((f) => f.name));
    for (const f of files) expect(read.members.find((m) => m.name === f.name)?.text).toBe(f.data);
  });

  it.skipIf(!PYTHON)("deflates what shrinks and stores what does not; `store` stores everything", () => {
    const auto = pythonRead(write("methods.zip", zip(files))).members;
    expect(auto.find((m) => m.name === "capture.jsonl")?.method).toBe(8);
    expect(auto.find((m) => m.name === "empty.txt")?.method).toBe(0);
    const stored = pythonRead(write("stored.zip", zip(files, { method: "store" }))).members;
    expect(stored.every((m) => m.method === 0)).toBe(true);
    expect(stored.find((m) => m.name === "capture.jsonl")?.text).toBe(repetitive);
    expect(zip(files, { method: "store" }).length).toBeGreaterThan(zip(files).length + 10_000);
  });

  it.skipIf(!UNZIP)("lists and extracts with Info-ZIP's unzip (names, sizes, contents, UTF-8 names)", () => {
    const file = write("unzip.zip", zip(files, { mtime: new Date(2024, 4, 17, 13, 45, 30) }));
    const test = spawnSync("unzip", ["-t", file], { encoding: "utf8" });
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toContain("No errors detected");
    const list = spawnSync("unzip", ["-l", file], { encoding: "utf8" });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${repetitive.length}\\s+2024-05-17 13:45\\s+capture\\.jsonl`));
    expect(list.stdout).toContain("ünïcode-名前.txt");
    expect(list.stdout).toMatch(/\s5 files/);
    const one = spawnSync("unzip", ["-p", file, "reports/check-junit.xml"], { encoding: "utf8" });
    expect(one.stdout).toBe(files[2].data);
  });

  it("refuses a name that would escape the directory it is extracted to, or one given twice", () => {
    expect(() => zip([{ name: "../evil", data: "x" }])).toThrow(/CTIPSKIT_E_BUNDLE|not a relative path/);
    expect(() => zip([{ name: "/etc/passwd", data: "x" }])).toThrow(/not a relative path/);
    expect(() =>
      zip([
        { name: "a.txt", data: "1" },
        { name: "a.txt", data: "2" },
      ]),
    ).toThrow(/twice/);
  });

  it("writes an empty archive as the 22-byte end record alone", () => {
    const empty = zip([]);
    expect(empty.length).toBe(22);
    expect(empty.readUInt32LE(0)).toBe(0x06054b50);
  });
});
