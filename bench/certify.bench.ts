/**
 * How long a whole certification takes against a slow target: the embedded mock as it is
 * (the baseline, measured in the same run), the embedded mock answering every request
 * 100 ms late (a fault switch: what a CTIPS on Mono's WCF does, docs/benchmarks.md), and —
 * with Mono installed — the WCF fixture itself (test/interop/wcf). Target: a full run
 * against a target that answers everything ~100 ms late in well under 10 minutes. And the
 * cost of the report's pictures: the embedded mock without them, the same run with them
 * (target: < 10 % more).
 *
 *   npx tsx bench/certify.bench.ts   # BENCH_DELAY_MS (default 100), BENCH_TAGS (default: all), BENCH_WCF=0 (no fixture),
 *                                    # BENCH_SLOW=0 (no slow target), BENCH_ROUNDS (pairs without/with pictures, default 1)
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CertifyResult, certifyServer } from "../src/runner/certify.ts";
import { certifyOptionsFrom, expandEnv } from "../src/runner/certify-config.ts";
import { startWcfFixture, WCF_DIR, wcfUnavailable } from "../test/support/processes.ts";
import YAML from "yaml";

const delayMs = Number(process.env.BENCH_DELAY_MS ?? 100);
const tags = process.env.BENCH_TAGS;
const reports = () => mkdtempSync(join(tmpdir(), "ctips-bench-certify-"));

function line(name: string, r: CertifyResult, baseline?: CertifyResult): string {
  const s = r.durationMs / 1000;
  const t = r.totals;
  return `${name.padEnd(44)} ${s.toFixed(1).padStart(7)} s  ${String(t.total).padStart(4)} scenarios  ${(r.durationMs / Math.max(1, t.total)).toFixed(0).padStart(5)} ms each${baseline ? `  ${(r.durationMs / baseline.durationMs).toFixed(1).padStart(5)}× the mock` : ""}  (passed ${t.passed}, failed ${t.failed}, warned ${t.reading}, skipped ${t.skipped}, harness ${t.harness}, waived ${t.waived})`;
}

// The pictures' cost: runs without and with them, in alternating order (BENCH_ROUNDS pairs),
// so a slow minute of the machine falls on both; the median of the pairs' ratios.
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
// Warm-up: loading the step definitions and compiling the hot paths is no one's cost.
await certifyServer({ tags: "@request:OnLine", reportsDir: reports() });
const ratios: number[] = [];
let bare: CertifyResult | undefined;
let baseline: CertifyResult | undefined;
for (let i = 0; i < rounds; i++) {
  const without = () => certifyServer({ tags, reportsDir: reports(), pictures: false });
  const withPictures = () => certifyServer({ tags, reportsDir: reports() });
  const [a, b] = i % 2 ? [await withPictures(), await without()] : [await without(), await withPictures()];
  const [off, on] = i % 2 ? [b, a] : [a, b];
  console.log(line(`embedded mock, no pictures (pair ${i + 1})`, off));
  console.log(line(`embedded mock, with pictures (pair ${i + 1})`, on, off));
  ratios.push(on.durationMs / off.durationMs);
  bare = off;
  baseline = on;
}
ratios.sort((x, y) => x - y);
const cost = ratios[Math.floor(ratios.length / 2)] - 1;
console.log(
  `  → pictures add ${(cost * 100).toFixed(1)} % (median of ${rounds} pair(s): ${ratios.map((r) => `${((r - 1) * 100).toFixed(1)} %`).join(", ")}; < 10 %: ${cost < 0.1 ? "target met" : "target NOT met"})`,
);
if (!bare || !baseline) throw new Error("no run");

if (process.env.BENCH_SLOW === "0") console.log("slow target: skipped (BENCH_SLOW=0)");
else {
  const slow = await certifyServer({
    tags,
    reportsDir: reports(),
    injectFaults: [{ name: "delay-response", params: { ms: delayMs } }],
  });
  console.log(line(`embedded mock, every answer ${delayMs} ms late`, slow, baseline));
  const verdict = slow.durationMs < 10 * 60_000 ? "target met" : "target NOT met";
  console.log(`  → ${(slow.durationMs / 60_000).toFixed(1)} min (< 10 min: ${verdict})`);
}

const why = process.env.BENCH_WCF === "0" ? "BENCH_WCF=0" : wcfUnavailable();
if (why) console.log(`WCF fixture: skipped (${why})`);
else {
  const fixture = await startWcfFixture(["--heartbeat-ms", "500"]);
  try {
    process.env.CTIPS_FIXTURE_PORT = String(fixture.port);
    process.env.CTIPS_FIXTURE_CONTROL = fixture.control;
    const file = join(WCF_DIR, "certify.yaml");
    const raw = YAML.parse(readFileSync(file, "utf8"));
    const options = certifyOptionsFrom(expandEnv(raw, file), file, WCF_DIR);
    const wcf = await certifyServer({ ...options, tags, reportsDir: reports() });
    console.log(line("WCF fixture (Mono System.ServiceModel)", wcf, baseline));
  } finally {
    await fixture.stop();
  }
}
