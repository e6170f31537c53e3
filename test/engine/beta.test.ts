/** The LGD sampler against the Beta law: moments in closed form and a KS test on stdlib's Beta CDF. */
import { describe, expect, it } from "vitest";
import betaCdf from "@stdlib/stats-base-dists-beta-cdf";
import fc from "fast-check";
import erfcinv from "@stdlib/math-base-special-erfcinv";
import { KeyedBeta, normalOfBits } from "../../src/engine/beta.ts";

const N = 20_000;
const keyed = new KeyedBeta();

/** One draw for each of N accounts of a stream. */
const draws = (a: number, b: number): Float64Array => Float64Array.from({ length: N }, (_, i) => keyed.draw(0x1234, 0x5678, i, a, b));

describe("the Beta LGD sampler", () => {
  it.each([
    [0.5, 0.5],
    [2, 5],
    [8.5, 1.5],
    [40, 60],
  ])("Beta(%f, %f) passes Kolmogorov–Smirnov against the Beta CDF", (a, b) => {
    const x = draws(a, b).sort();
    let d = 0;
    for (let i = 0; i < N; i++) {
      const F = betaCdf(x[i], a, b);
      d = Math.max(d, Math.abs(F - i / N), Math.abs((i + 1) / N - F));
    }
    expect(d).toBeLessThan(1.628 / Math.sqrt(N)); // 1% critical value
  });

  it("with both shapes tiny (an LGD sd at its limit) draws near 1 with probability the mean, not 0 every time", () => {
    // Beta(a, b) with a, b → 0 tends to a coin on {0, 1} with P(1) = a / (a + b); here
    // a = 2.4e-7, b = 2.4e-5 (a mean of 0.0099, an sd 0.1 just inside √(μ(1−μ))). Among
    // N draws the share above 1/2 is binomial: 6 standard errors from the mean is a
    // false alarm rate below 1e-8.
    const a = 2.4e-7;
    const b = 2.4e-5;
    const x = draws(a, b);
    const p = a / (a + b);
    const high = x.filter((v) => v > 0.5).length / N;
    expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Math.abs(high - p)).toBeLessThan(6 * Math.sqrt((p * (1 - p)) / N));
    expect(high).toBeGreaterThan(0);
  });

  it("normalOfBits gives −√2·erfcinv(2u) of stdlib, bit for bit, for every kind of keyed uniform", () => {
    const out = new Float64Array(1);
    // stdlib's value for the word's uniform (random.ts keyedUniform: (word + 0.5)·2⁻³²).
    const same = (word: number): boolean => {
      normalOfBits(word, out);
      return Object.is(out[0], -Math.SQRT2 * erfcinv(2 * (((word >>> 0) + 0.5) * 2 ** -32)));
    };
    // The far tails (Boost's intervals √(−ln q) in [3, 4.8)), words about its other
    // interval ends (2u at 0.25, 0.5, 1, 1.5, 1.75, and √(−ln q) at 2.125 and 3 and 4), and any word.
    const U32 = 2 ** 32;
    const ends = [0, 2 ** 29, 2 ** 30, 2 ** 31, 3 * 2 ** 30, 7 * 2 ** 29, U32];
    for (const t of [2.125, 3, 4]) ends.push(Math.exp(-t * t) * 2 ** 31, U32 - Math.exp(-t * t) * 2 ** 31);
    const near = fc.tuple(fc.constantFrom(...ends), fc.integer({ min: -4096, max: 4096 })).map(([e, d]) => Math.min(U32 - 1, Math.max(0, Math.round(e) + d)));
    const tail = fc.oneof(fc.integer({ min: 0, max: 2 ** 20 }), fc.integer({ min: U32 - 2 ** 20, max: U32 - 1 }));
    const any = fc.integer({ min: 0, max: U32 - 1 });
    fc.assert(
      fc.property(fc.oneof(near, tail, any), fc.boolean(), (word, signed) => same(signed ? word | 0 : word)),
      { numRuns: 200_000, seed: 11 },
    );
    for (let w = 0; w < 65536; w++) expect(same(w) && same(U32 - 1 - w)).toBe(true);
  });

  it.each([
    [0.5, 0.5],
    [2, 5],
    [40, 60],
  ])("Beta(%f, %f) has mean a/(a + b) and variance ab/((a + b)²(a + b + 1))", (a, b) => {
    const x = draws(a, b);
    const m = x.reduce((s, y) => s + y, 0) / N;
    const v = x.reduce((s, y) => s + (y - m) ** 2, 0) / (N - 1);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    // A 5-standard-error band for the mean (false alarm below 1e-6); 10% on the variance (N = 20,000).
    expect(Math.abs(m - a / (a + b))).toBeLessThan(5 * Math.sqrt(variance / N));
    expect(Math.abs(v / variance - 1)).toBeLessThan(0.1);
  });
});
