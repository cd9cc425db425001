/**
 * The load run's memory chart: three series over time against the RSS after warm-up and the
 * growth limit; samples over the limit drawn red, so a leak is seen; the end of the load
 * window marked; well-formed and escaped whatever it is given.
 */
import { describe, expect, it } from "vitest";
import { type MemoryChartSample, memoryChart } from "../../src/report/memory.ts";
import { elements, expectGolden, groupsWithClass, parseSvg, textOf } from "./helpers.ts";

/** 2 minutes after a 30 s warm-up, sampled every 10 s; `leakMbPerSample` added to RSS each time. */
function run(leakMbPerSample: number): MemoryChartSample[] {
  return Array.from({ length: 13 }, (_, i) => ({
    t: 31 + i * 10,
    rssMb: 180 + (i % 3) * 4 + i * leakMbPerSample,
    heapMb: 40 + (i % 2) * 6,
    checkerHeapMb: 30 + (i % 4),
  }));
}

const dots = (svg: string, cls: string) =>
  groupsWithClass(parseSvg(svg), cls).flatMap((g) => elements(g).filter((e) => e.local === "circle"));

describe("memoryChart", () => {
  it("draws a flat run under the limit: three series, no sample red (golden)", () => {
    const svg = memoryChart(run(0), {
      baselineRssMb: 180,
      growthLimitMb: 50,
      loadEndS: 141,
      subtitle: "500 agents",
    });
    expectGolden("memory-flat", svg);
    for (const cls of ["series-rss", "series-heap", "series-checker"])
      expect(dots(svg, cls), cls).toHaveLength(13);
    expect(groupsWithClass(parseSvg(svg), "over-limit")).toHaveLength(0);
    expect(groupsWithClass(parseSvg(svg), "rss-limit")).toHaveLength(1);
    expect(groupsWithClass(parseSvg(svg), "load-end")).toHaveLength(1);
  });

  it("draws the samples of a leaking run that pass the limit red", () => {
    // +6 MB a sample: 180 + 72 (+ up to 8) by the last; the limit is 230.
    const samples = run(6);
    const over = samples.filter((s) => s.rssMb > 230).length;
    expect(over).toBeGreaterThan(0);
    const svg = memoryChart(samples, { baselineRssMb: 180, growthLimitMb: 50 });
    expect(groupsWithClass(parseSvg(svg), "over-limit")).toHaveLength(over);
    expect(textOf(parseSvg(svg))).toContain("limit: RSS after warm-up + 50 MB");
  });

  it("says there is nothing to draw with fewer than two samples, and escapes what it is given", () => {
    const none = memoryChart(run(0).slice(0, 1));
    expect(groupsWithClass(parseSvg(none), "nothing-recorded")).toHaveLength(1);
    const svg = memoryChart(run(0), { subtitle: "<script>alert(1)</script>" });
    parseSvg(svg);
    expect(svg).not.toContain("<script>");
    // Without a baseline there is no limit to draw, and nothing is red.
    expect(groupsWithClass(parseSvg(svg), "rss-limit")).toHaveLength(0);
    expect(groupsWithClass(parseSvg(svg), "over-limit")).toHaveLength(0);
  });
});
