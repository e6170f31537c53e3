/** The LGD sampler against the Beta law: moments in closed form and a KS test on stdlib's Beta CDF. */
import { describe, expect, it } from "vitest";
import betaCdf from "@stdlib/stats-base-dists-beta-cdf";
import fc from "fast-check";
import { beta, gamma, KeyedBeta } from "../../src/engine/beta.ts";
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

  it.each([0.3, 1, 4.2])("Gamma(%f) has mean and variance k", (k) => {
    const x = draws((s) => gamma(s, k));
    const m = x.reduce((a, b) => a + b, 0) / N;
    const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1);
    expect(Math.abs(m - k)).toBeLessThan(5 * Math.sqrt(k / N));
    expect(Math.abs(v / k - 1)).toBeLessThan(0.1);
  });
});
