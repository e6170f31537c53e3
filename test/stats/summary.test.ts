import { describe, expect, it } from "vitest";
import { summarize } from "../../src/stats/summary.ts";
import { QUANTILE_LEVELS } from "../../src/result/resultFile.ts";

describe("summarize", () => {
  it("gives the known moments and order statistics of 1..100", () => {
    const s = summarize(Float64Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s.mean).toBe(50.5);
    // Σ(i − 50.5)² over 1..100 = 100·(100² − 1)/12 = 83325; / 99 = 841.666…
    expect(s.sd).toBeCloseTo(Math.sqrt(83325 / 99), 12);
    expect(s.stderr).toBeCloseTo(Math.sqrt(83325 / 99) / 10, 12);
    expect(s.min).toBe(1);
    expect(s.max).toBe(100);
    expect(s.quantiles).toEqual({
      "0.01": 1, "0.05": 5, "0.1": 10, "0.25": 25, "0.5": 50, "0.75": 75,
      "0.9": 90, "0.95": 95, "0.99": 99, "0.995": 100, "0.999": 100,
    });
    // Ranks 40 and 61 for the median of 100 (the classic table value).
    expect(s.quantileCI95["0.5"]).toEqual([40, 61]);
  });

  it("keys quantiles and their intervals by String(level), each interval holding its quantile", () => {
    const s = summarize(Float64Array.from({ length: 437 }, (_, i) => Math.sin(i) * 10));
    expect(Object.keys(s.quantiles)).toEqual(QUANTILE_LEVELS.map(String));
    expect(Object.keys(s.quantileCI95)).toEqual(QUANTILE_LEVELS.map(String));
    for (const k of Object.keys(s.quantiles)) {
      const ci = s.quantileCI95[k];
      if (ci === null) continue;
      expect(ci[0]).toBeLessThanOrEqual(s.quantiles[k]);
      expect(ci[1]).toBeGreaterThanOrEqual(s.quantiles[k]);
    }
  });

  it("gives a quantile an interval only with 20 paths beyond its level, on its far side", () => {
    // 437 paths: ranks ⌈437α⌉; paths beyond: above for α ≥ 0.5, below for α < 0.5.
    // 0.01 → rank 5 (4 below), 0.05 → 22 (21 below), 0.95 → 416 (21 above), 0.99 → 433 (4 above).
    const s = summarize(Float64Array.from({ length: 437 }, (_, i) => i));
    const withInterval = Object.entries(s.quantileCI95).filter(([, ci]) => ci !== null).map(([k]) => k);
    expect(withInterval).toEqual(["0.05", "0.1", "0.25", "0.5", "0.75", "0.9", "0.95"]);
  });

  it("gives sd 0 and no error bars, never 0 or NaN, for one path", () => {
    const s = summarize(Float64Array.of(3.25));
    expect(s).toMatchObject({ mean: 3.25, sd: 0, stderr: null, min: 3.25, max: 3.25 });
    expect(Object.values(s.quantiles).every((q) => q === 3.25)).toBe(true);
    expect(Object.values(s.quantileCI95).every((ci) => ci === null)).toBe(true);
  });

  it("gives the mean a standard error from 20 paths on", () => {
    expect(summarize(Float64Array.from({ length: 19 }, (_, i) => i)).stderr).toBeNull();
    // 0..19: sample variance 20·21/12 = 35.
    expect(summarize(Float64Array.from({ length: 20 }, (_, i) => i)).stderr).toBeCloseTo(Math.sqrt(35 / 20), 14);
  });

  it("keeps the mean of equal values inside [min, max]", () => {
    const s = summarize(new Float64Array(7).fill(0.1));
    expect(s.mean).toBe(0.1);
  });

  it("keeps the variance accurate when the mean dwarfs the spread", () => {
    const s = summarize(Float64Array.of(1e9 + 1, 1e9 + 2, 1e9 + 3));
    expect(s.sd).toBe(1);
  });

  it("gives a finite sd when the squared deviations would overflow", () => {
    // Deviations 0, −2e200, +2e200: variance 8e400 / 2, sd 2e200.
    const s = summarize(Float64Array.of(1e200, -1e200, 3e200));
    expect(s.sd / 2e200).toBeCloseTo(1, 12);
  });

  it("throws on an empty sample and on a non-finite value", () => {
    expect(() => summarize(new Float64Array(0))).toThrow();
    expect(() => summarize(Float64Array.of(1, Number.NaN))).toThrow();
    expect(() => summarize(Float64Array.of(1, Infinity))).toThrow();
  });
});
