import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { randomNormal } from "d3-random";
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import erfcinv from "@stdlib/math-base-special-erfcinv";
import { quantileInterval, quantileIntervalRanks } from "../../src/stats/quantileInterval.ts";
import { sortAscending } from "../../src/stats/quantile.ts";

// P(l ≤ B ≤ u − 1) for B ~ Binomial(n, α): the coverage of [x_(l), x_(u)].
const coverage = (n: number, alpha: number, l: number, u: number) =>
  binomialCdf(u - 1, n, alpha) - binomialCdf(l - 1, n, alpha);

const normalQuantile = (p: number) => -Math.SQRT2 * erfcinv(2 * p);

describe("order-statistic interval for a quantile", () => {
  it("has exact binomial coverage ≥ 95% and no tighter equal-tailed ranks qualify", () => {
    for (const n of [10, 46, 50, 100, 200, 1000, 5000]) {
      for (const alpha of [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]) {
        const [l, u] = quantileIntervalRanks(n, alpha);
        // The equal-tailed ranks, each end meeting its one-sided 2.5% bound, by search here.
        let l0 = 1;
        while (l0 < n && binomialCdf(l0, n, alpha) <= 0.025) l0++;
        let u0 = n;
        while (u0 > 1 && binomialCdf(u0 - 2, n, alpha) >= 0.975) u0--;
        const inner = [coverage(n, alpha, l0 + 1, u0), coverage(n, alpha, l0, u0 - 1)];
        if (l0 > 1 && u0 < n && coverage(n, alpha, l0, u0) > 0.97 && Math.max(...inner) >= 0.95) {
          // Tightened by one rank at one end, still at least 95%, at most 97%.
          expect(u - l).toBe(u0 - l0 - 1);
          expect(l === l0 || u === u0).toBe(true);
          expect(coverage(n, alpha, l, u)).toBeGreaterThanOrEqual(0.95 - 1e-12);
          expect(coverage(n, alpha, l, u)).toBeLessThanOrEqual(0.97);
        } else {
          expect([l, u]).toEqual([l0, u0]);
          if (l > 1 && u < n) expect(coverage(n, alpha, l, u)).toBeGreaterThanOrEqual(0.95 - 1e-12);
        }
      }
    }
  });

  it("covers 95–97% exactly (continuous losses) wherever 20 paths lie beyond the level", () => {
    for (const n of [40, 46, 53, 85, 103, 137, 400, 999, 2000, 2109, 4000, 20_000, 60_000]) {
      for (const alpha of [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999]) {
        const r = Math.ceil(n * alpha - 1e-9);
        if (Math.min(r - 1, n - r) < 20) continue;
        const [l, u] = quantileIntervalRanks(n, alpha);
        const c = coverage(n, alpha, l, u);
        expect(c).toBeGreaterThanOrEqual(0.95 - 1e-12);
        expect(c).toBeLessThanOrEqual(0.97);
      }
    }
  });

  it("gives the textbook ranks 40 and 61 for the median of 100", () => {
    expect(quantileIntervalRanks(100, 0.5)).toEqual([40, 61]);
  });

  it("agrees with the normal approximation for a million paths, and stays finite at extreme levels", () => {
    const n = 1e6;
    for (const alpha of [0.001, 0.5, 0.999]) {
      const sd = Math.sqrt(n * alpha * (1 - alpha));
      const [l, u] = quantileIntervalRanks(n, alpha);
      expect(Math.abs(l - (n * alpha - 1.96 * sd))).toBeLessThan(3);
      expect(Math.abs(u - (n * alpha + 1.96 * sd))).toBeLessThan(3);
    }
  });

  it("is the whole sample for one or two values", () => {
    expect(quantileIntervalRanks(1, 0.5)).toEqual([1, 1]);
    expect(quantileIntervalRanks(2, 0.5)).toEqual([1, 2]);
    expect(quantileInterval(Float64Array.of(4), 0.99)).toEqual([4, 4]);
  });

  it("covers the true quantile of a normal about 95% of the time", () => {
    const draw = randomNormal.source(seedrandom("quantile-interval-coverage"))(0, 1);
    const reps = 400;
    const n = 200;
    for (const alpha of [0.1, 0.5, 0.9]) {
      const truth = normalQuantile(alpha);
      let hits = 0;
      for (let r = 0; r < reps; r++) {
        const [lo, hi] = quantileInterval(sortAscending(Float64Array.from({ length: n }, draw)), alpha);
        if (lo <= truth && truth <= hi) hits++;
      }
      const observed = hits / reps;
      expect(observed).toBeGreaterThanOrEqual(0.92);
      expect(observed).toBeLessThanOrEqual(0.98);
      // And it agrees with the exact coverage of the chosen ranks, within 3 binomial sds.
      const [l, u] = quantileIntervalRanks(n, alpha);
      const exact = coverage(n, alpha, l, u);
      expect(Math.abs(observed - exact)).toBeLessThan(3 * Math.sqrt((exact * (1 - exact)) / reps));
    }
  });

  it("rejects levels 0 and 1 and an empty sample", () => {
    expect(() => quantileIntervalRanks(10, 0)).toThrow();
    expect(() => quantileIntervalRanks(10, 1)).toThrow();
    expect(() => quantileIntervalRanks(0, 0.5)).toThrow();
  });
});
