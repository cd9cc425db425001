/**
 * A timeline file whose recorder was killed mid-write ends in a torn line: the entries
 * before it are read, the torn line is reported, and only a bad line elsewhere is an error.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTimeline, readTimeline, type TornLine } from "../../src/timeline/timeline.ts";

const line = (seq: number) =>
  `${JSON.stringify({ seq, monoNs: seq * 1000, wall: "2026-01-01T00:00:00.000Z", recorder: "t", direction: "in", kind: "event", name: "CallStarted" })}\n`;
const whole = line(0) + line(1) + line(2);
const cut = line(3).slice(0, 40);

describe("a torn last line", () => {
  it("is left out and reported, with the entries before it read", () => {
    const torn: TornLine[] = [];
    const entries = parseTimeline(whole + cut, "t.jsonl", { onTorn: (t) => torn.push(t) });
    expect(entries.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(torn).toEqual([{ line: 4, bytes: 40, reason: expect.stringMatching(/JSON/) }]);
  });

  it("is tolerated by readTimeline as well, which reads a file a killed recorder left", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ctips-torn-")), "t.jsonl");
    writeFileSync(file, whole + cut);
    let reported: TornLine | undefined;
    expect(readTimeline(file, { onTorn: (t) => (reported = t) })).toHaveLength(3);
    expect(reported?.line).toBe(4);
    // Without a listener the torn line is still not fatal.
    expect(readTimeline(file)).toHaveLength(3);
  });

  it("is not reported when the last line is whole but lacks its newline", () => {
    const torn: TornLine[] = [];
    const entries = parseTimeline(whole + line(3).trimEnd(), "t.jsonl", { onTorn: (t) => torn.push(t) });
    expect(entries).toHaveLength(4);
    expect(torn).toEqual([]);
  });

  it("is a torn line only at the end: a bad line in the middle is an error naming it", () => {
    expect(() => parseTimeline(`${whole}${cut}\n${line(4)}`, "t.jsonl", { onTorn: () => {} })).toThrow(
      /t\.jsonl:4 is not valid JSON/,
    );
  });

  it("is a torn line only without its newline: a bad last line that was written whole is an error", () => {
    expect(() => parseTimeline(`${whole}${cut}\n`, "t.jsonl", { onTorn: () => {} })).toThrow(
      /t\.jsonl:4 is not valid JSON/,
    );
  });

  it("is only a line that is not JSON: a whole JSON line that is no entry is an error", () => {
    expect(() => parseTimeline(`${whole}{"seq":3}`, "t.jsonl", { onTorn: () => {} })).toThrow(
      /t\.jsonl:4 lacks seq, kind or monoNs/,
    );
  });
});
