import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTimeline, readTimeline, Timeline } from "../../src/timeline/index.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "ctips-timeline-"));

describe("the timeline", () => {
  it("numbers entries in order and stamps monotonic and wall times", () => {
    let t = 0n;
    const tl = new Timeline({ recorder: "test", monoNs: () => (t += 1000n) });
    const a = tl.append({ direction: "in", kind: "request", name: "OnLine" });
    const b = tl.append({ direction: "out", kind: "response", name: "OnLine", replyTo: a.seq });
    expect([a.seq, b.seq]).toEqual([0, 1]);
    expect(b.monoNs - a.monoNs).toBe(1000);
    expect(Date.parse(a.wall)).not.toBeNaN();
    expect(a.recorder).toBe("test");
  });

  it("has an entry on disk when append returns", () => {
    const file = join(tmp(), "t.jsonl");
    const tl = new Timeline({ recorder: "test", file });
    tl.append({
      direction: "in",
      kind: "event",
      name: "CallHeld",
      callId: 5,
      payload: { CallSequenceId: "9223372036854775807" },
    });
    const onDisk = readFileSync(file, "utf8").trim().split("\n");
    expect(onDisk).toHaveLength(1);
    expect(JSON.parse(onDisk[0])).toMatchObject({
      seq: 0,
      name: "CallHeld",
      payload: { CallSequenceId: "9223372036854775807" },
    });
    tl.close();
    expect(readTimeline(file)).toEqual(tl.entries);
  });

  it("drops raw XML unless asked to keep it", () => {
    const plain = new Timeline({ recorder: "t" }).append({ direction: "in", kind: "request", raw: "<x/>" });
    const raw = new Timeline({ recorder: "t", recordRaw: true }).append({
      direction: "in",
      kind: "request",
      raw: "<x/>",
    });
    expect(plain.raw).toBeUndefined();
    expect(raw.raw).toBe("<x/>");
  });

  it("resolves waitFor with an entry already there or one that arrives later", async () => {
    const tl = new Timeline({ recorder: "t" });
    tl.append({ direction: "in", kind: "heartbeat", session: "S" });
    await expect(tl.waitFor((e) => e.kind === "heartbeat", 10)).resolves.toMatchObject({ seq: 0 });
    const later = tl.waitFor((e) => e.kind === "event", 1000, { since: 1 });
    setTimeout(() => tl.append({ direction: "in", kind: "event", name: "CallStarted" }), 5);
    await expect(later).resolves.toMatchObject({ seq: 1, name: "CallStarted" });
  });

  it("rejects waitFor with a clear timeout naming what was awaited", async () => {
    const tl = new Timeline({ recorder: "t" });
    await expect(
      tl.waitFor((e) => e.kind === "event", 20, { what: "CallEnd for call 5" }),
    ).rejects.toMatchObject({
      code: "CTIPSKIT_E_WAIT_TIMEOUT",
      message: expect.stringContaining("CallEnd for call 5 did not arrive within 20 ms"),
    });
  });

  it("names the line of a corrupt timeline file", () => {
    const file = join(tmp(), "bad.jsonl");
    writeFileSync(file, `${JSON.stringify({ seq: 0, kind: "note", monoNs: 0 })}\n{oops\n`);
    expect(() => readTimeline(file)).toThrow(/bad\.jsonl:2/);
    expect(() => parseTimeline(`{"seq":0}\n`)).toThrow(
      expect.objectContaining({ code: "CTIPSKIT_E_TIMELINE_PARSE" }),
    );
  });

  it("reports an unwritable file as a timeline I/O error", () => {
    expect(() => new Timeline({ recorder: "t", file: "/nonexistent-dir/x.jsonl" })).toThrow(
      expect.objectContaining({ code: "CTIPSKIT_E_TIMELINE_IO" }),
    );
  });

  it("queries by predicate from a given sequence number", () => {
    const tl = new Timeline({ recorder: "t" });
    for (const n of ["A", "B", "A"]) tl.append({ direction: "in", kind: "event", name: n });
    expect(tl.query((e) => e.name === "A").map((e) => e.seq)).toEqual([0, 2]);
    expect(tl.query((e) => e.name === "A", 1).map((e) => e.seq)).toEqual([2]);
  });
});

describe("a timeline that retains only recent entries", () => {
  it("keeps numbering and the file whole while memory holds at most `retain` entries", () => {
    const file = join(tmp(), "r.jsonl");
    const tl = new Timeline({ recorder: "t", file, retain: 100 });
    for (let i = 0; i < 1000; i++) tl.append({ direction: "out", kind: "event", name: `E${i}` });
    tl.close();
    expect(tl.length).toBe(1000);
    expect(tl.entries.length).toBeLessThanOrEqual(100);
    expect(tl.entries.at(-1)).toMatchObject({ seq: 999, name: "E999" });
    expect(tl.query((e) => e.name === "E995", 990).map((e) => e.seq)).toEqual([995]);
    expect(tl.find((e) => e.name === "E5")).toBeUndefined();
    expect(readTimeline(file)).toHaveLength(1000);
  });
});

describe("credentials on the timeline", () => {
  it("keeps no password in payloads or raw XML, whatever prefix and attributes the sender used", () => {
    const tl = new Timeline({ recorder: "t", recordRaw: true });
    const e = tl.append({
      direction: "in",
      kind: "request",
      name: "OpenConnection",
      payload: { args: { UserCredentials: { UserName: "u", Password: "hunter2" } } },
      raw: '<a:UserCredentials><b:Password>hunter2</b:Password><ns3:Password xmlns:ns3="urn:x">hunter2</ns3:Password><Password>hunter2</Password></a:UserCredentials>',
    });
    expect(JSON.stringify(e)).not.toContain("hunter2");
    expect(e.raw).toContain('<ns3:Password xmlns:ns3="urn:x">***</ns3:Password>');
  });

  it("keeps no password in the raw text of any entry: a malformed OpenConnection, a body cut short, CDATA", () => {
    const tl = new Timeline({ recorder: "t", recordRaw: true });
    const bodies = [
      "<s:Envelope><s:Body><OpenConnection><UserCredentials><Password>hunter2</Password><UserName>u</UserName></UserCredentials><<<",
      "<OpenConnection><UserCredentials><a:Password>hunter2",
      "<a:Password><![CDATA[hunter2<x>]]></a:Password>",
      "<a:Password><![CDATA[hunter2",
      "<faultstring>cannot read &lt;a:Password&gt;hunter2&lt;/a:Password&gt;</faultstring>",
      "<faultstring>&lt;Password xmlns=&quot;urn:x&quot;&gt;hun&amp;ter2",
    ];
    for (const raw of bodies) {
      const e = tl.append({ direction: "in", kind: "transportError", name: "?", message: "not XML", raw });
      expect(e.raw, raw).not.toMatch(/hunter2|ter2/);
      expect(e.raw, raw).toMatch(/Password[^<]*?(>|&gt;)\*\*\*/);
    }
    // Nothing else is touched: an empty element, a member whose name only starts with Password.
    const kept = "<a:Password/><PasswordHint>h</PasswordHint>&lt;a:Password/&gt;x<UserName>u</UserName>";
    expect(tl.append({ direction: "in", kind: "transportError", name: "?", raw: kept }).raw).toBe(kept);
  });
});
