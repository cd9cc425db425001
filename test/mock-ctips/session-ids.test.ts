/**
 * SessionIds cannot be guessed: version-4 UUIDs (122 random bits), no repeats over 100,000,
 * every random hex digit uniform. The uniformity tests fail only below p = 1e-6, so a sound
 * generator fails them once in a million runs, not now and then.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSessionId } from "../../src/mock-ctips/core.ts";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import { CREDS, call, type FakeClient, startFakeClient, startTestMock } from "./fake-client.ts";

const N = 100_000;
const FAIL_BELOW_P = 1e-6;
/** RFC 4122 §4.4: version nibble 4, variant bits 10 (the digit 8, 9, a or b). */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Positions of the 30 hex digits that are wholly random (not the version digit, not the variant digit). */
const RANDOM_DIGITS = [...Array(36).keys()].filter((i) => ![8, 13, 14, 18, 19, 23].includes(i));

/** ln Γ(x), Lanczos (g = 7, n = 9): good to ~1e-15 for x > 0. */
function lnGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = g[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Q(a, x), the regularised upper incomplete gamma function (series below a + 1, continued fraction above). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - front * sum;
  }
  // Lentz's method for the continued fraction of Γ(a, x).
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return front * h;
}

/** The chi-square statistic of observed counts against equal expected counts, and its p-value. */
function chiSquareUniform(counts: readonly number[]): { chi2: number; p: number } {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  const chi2 = counts.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
  return { chi2, p: gammaQ((counts.length - 1) / 2, chi2 / 2) };
}

describe("the chi-square p-value the SessionId tests rely on", () => {
  it("matches published critical values", () => {
    // scipy.stats.chi2.isf(1e-6, 15) = 56.4934…, chi2.isf(1e-6, 3) = 30.6648…, chi2.isf(0.05, 15) = 24.9958…
    expect(gammaQ(15 / 2, 56.49344249977338 / 2)).toBeCloseTo(1e-6, 10);
    expect(gammaQ(3 / 2, 30.664849706213598 / 2)).toBeCloseTo(1e-6, 10);
    expect(gammaQ(15 / 2, 24.995790139 / 2)).toBeCloseTo(0.05, 8);
  });

  it("tells a skewed distribution from a uniform one", () => {
    expect(chiSquareUniform([1000, 1000, 1000, 1000]).p).toBeCloseTo(1, 10);
    expect(chiSquareUniform([1150, 1000, 1000, 850]).p).toBeLessThan(FAIL_BELOW_P);
  });
});

describe("SessionIds", () => {
  const ids: string[] = [];
  beforeAll(() => {
    for (let i = 0; i < N; i++) ids.push(newSessionId());
  });

  it("are version-4 UUIDs: 122 random bits", () => {
    const bad = ids.filter((id) => !UUID_V4.test(id));
    expect(bad.slice(0, 5)).toEqual([]);
    // 30 random hex digits × 4 bits + the variant digit's 2 random bits.
    expect(RANDOM_DIGITS.length * 4 + 2).toBe(122);
  });

  it("never repeat over 100,000", () => {
    expect(new Set(ids).size).toBe(N);
  });

  it("have every random hex digit uniform over 0-f, pooled and at each position", () => {
    const pooled = new Array<number>(16).fill(0);
    const byPosition = RANDOM_DIGITS.map(() => new Array<number>(16).fill(0));
    for (const id of ids)
      RANDOM_DIGITS.forEach((pos, k) => {
        const v = Number.parseInt(id[pos], 16);
        pooled[v]++;
        byPosition[k][v]++;
      });
    const all = chiSquareUniform(pooled);
    expect(all.p, `pooled: chi2 ${all.chi2.toFixed(1)}, counts ${pooled.join(" ")}`).toBeGreaterThan(
      FAIL_BELOW_P,
    );
    for (const [k, counts] of byPosition.entries()) {
      const r = chiSquareUniform(counts);
      expect(r.p, `digit ${RANDOM_DIGITS[k]}: chi2 ${r.chi2.toFixed(1)}`).toBeGreaterThan(FAIL_BELOW_P);
    }
  });

  it("have the variant digit uniform over 8, 9, a, b", () => {
    const counts = [0, 0, 0, 0];
    for (const id of ids) counts[Number.parseInt(id[19], 16) - 8]++;
    const r = chiSquareUniform(counts);
    expect(r.p, `chi2 ${r.chi2.toFixed(1)}, counts ${counts.join(" ")}`).toBeGreaterThan(FAIL_BELOW_P);
  });
});

describe("the SessionIds OpenConnection grants", () => {
  let mock: MockCtips;
  let client: FakeClient;
  beforeAll(async () => {
    mock = await startTestMock({ maxSessions: 50, startSession: false });
    client = await startFakeClient();
  });
  afterAll(async () => {
    await mock.close();
    await client.close();
  });

  it("are the generator's version-4 UUIDs, a new one each time", async () => {
    const granted: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await call(mock, "OpenConnection", {
        TenantIds: [1],
        UserCredentials: CREDS,
        ClientCallbackURL: client.url,
      });
      expect(r.ok).toBe(true);
      granted.push((r as { result: { SessionId: string } }).result.SessionId);
    }
    expect(granted.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(granted).size).toBe(50);
  });
});
