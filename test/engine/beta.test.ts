/** The LGD sampler against the Beta law: moments in closed form and a KS test on stdlib's Beta CDF. */
import { describe, expect, it } from "vitest";
import betaCdf from "@stdlib/stats-base-dists-beta-cdf";
import fc from "fast-check";
import erfcinv from "@stdlib/math-base-special-erfcinv";
import { beta, gamma, KeyedBeta, normalOfBits } from "../../src/engine/beta.ts";
import { KeyedStream } from "../../src/engine/random.ts";

const N = 20_000;
const stream = new KeyedStream();

function draws(f: (source: () => number) => number): Float64Array {
  return Float64Array.from({ length: N }, (_, i) => f(stream.reset(0x1234, 0x5678, i).next));
}

describe("the Beta LGD sampler", () => {
  it.each([
    [0.5, 0.5],
    [2, 5],
    [8.5, 1.5],
    [40, 60],
  ])("Beta(%f, %f) passes Kolmogorov–Smirnov against the Beta CDF", (a, b) => {
    const x = draws((s) => beta(s, a, b)).sort();
    let d = 0;
    for (let i = 0; i < N; i++) {
      const F = betaCdf(x[i], a, b);
      d = Math.max(d, Math.abs(F - i / N), Math.abs((i + 1) / N - F));
    }
    expect(d).toBeLessThan(1.628 / Math.sqrt(N)); // 1% critical value
  });

  it("draws from an account's keyed uniforms exactly what beta draws from its KeyedStream", () => {
    const keyed = new KeyedBeta();
    const word = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    const shape = fc.double({ min: 0.05, max: 80, noNaN: true });
    fc.assert(
      fc.property(word, word, fc.nat({ max: 2_000_000 }), shape, shape, (k1, k2, account, a, b) => {
        expect(Object.is(keyed.draw(k1, k2, account, a, b), beta(new KeyedStream().reset(k1, k2, account).next, a, b))).toBe(true);
      }),
      { numRuns: 2000, seed: 7 },
    );
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

  it.each([0.3, 1, 4.2])("Gamma(%f) has mean and variance k", (k) => {
    const x = draws((s) => gamma(s, k));
    const m = x.reduce((a, b) => a + b, 0) / N;
    const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1);
    expect(Math.abs(m - k)).toBeLessThan(5 * Math.sqrt(k / N));
    expect(Math.abs(v / k - 1)).toBeLessThan(0.1);
  });
});
