import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { quantileRank, quantileSorted, sortAscending } from "../../src/stats/quantile.ts";
import { QUANTILE_LEVELS } from "../../src/result/resultFile.ts";

// The definition, read literally: the smallest sample value whose empirical CDF is ≥ α.
function bruteForceQuantile(values: number[], alpha: number): number {
  const n = values.length;
  const candidates = values.filter((x) => values.filter((y) => y <= x).length / n >= alpha);
  return Math.min(...candidates);
}

describe("empirical quantile Q(α) = x_(⌈nα⌉)", () => {
  it("matches the smallest value with empirical CDF ≥ α on small samples", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...QUANTILE_LEVELS, 0.3, 0.07, 1 / 3),
        (xs, alpha) => {
          const sorted = sortAscending(Float64Array.from(xs));
          expect(quantileSorted(sorted, alpha)).toBe(bruteForceQuantile(xs, alpha));
        },
      ),
    );
  });

  it("gives the known order statistics of 1..100 and 1..1000", () => {
    const s100 = sortAscending(Float64Array.from({ length: 100 }, (_, i) => 100 - i));
    const expected100: [number, number][] = [
      [0.01, 1], [0.05, 5], [0.07, 7], [0.1, 10], [0.25, 25], [0.5, 50], [0.75, 75],
      [0.9, 90], [0.95, 95], [0.99, 99], [0.995, 100], [0.999, 100],
    ];
    for (const [a, q] of expected100) expect(quantileSorted(s100, a)).toBe(q);
    const s1000 = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
    for (const [a, q] of [[0.001, 1], [0.1, 100], [0.995, 995], [0.999, 999]]) {
      expect(quantileSorted(s1000, a)).toBe(q);
    }
  });

  it("does not let floating-point rounding of nα move the rank", () => {
    expect(100 * 0.07).toBeGreaterThan(7); // 7.000000000000001 in doubles
    expect(quantileRank(100, 0.07)).toBe(7);
    expect(quantileRank(10, 0.3)).toBe(3);
  });

  it("clamps the rank to [1, n] and rejects levels outside [0, 1]", () => {
    expect(quantileRank(5, 0)).toBe(1);
    expect(quantileRank(5, 1)).toBe(5);
    expect(quantileRank(1, 0.999)).toBe(1);
    expect(() => quantileRank(5, 1.5)).toThrow();
    expect(() => quantileRank(5, Number.NaN)).toThrow();
    expect(() => quantileRank(0, 0.5)).toThrow();
  });

  it("sorts numerically, not as strings", () => {
    expect(Array.from(sortAscending([10, 9, -1, 100]))).toEqual([-1, 9, 10, 100]);
  });
});
