/**
 * The reverse stress test's search (src/run/reverse.ts) on statistics written here: a
 * straight line with a band, where root and interval are solved by hand, a step function
 * (whole defaults), a key with an allowed range, and a level out of reach.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reverseStress, type Reading } from "../../src/run/reverse.ts";
import { err, ok, type Result } from "../../src/util/result.ts";

const line = (slope: number, intercept: number, band: number) => async (v: number): Promise<Result<Reading, string>> => {
  const s = slope * v + intercept;
  return ok({ statistic: s, lower: s - band, upper: s + band });
};

describe("reverseStress", () => {
  it("solves a line with a band: value (L − b)/a, interval (L ∓ band − b)/a, rising or falling, from any start", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.boolean(),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.1, max: 4, noNaN: true }),
        async (size, rising, intercept, band, target, start) => {
          const slope = rising ? size : -size;
          const reach = slope * target + intercept;
          const got = await reverseStress({ evaluate: line(slope, intercept, band), reach, start });
          expect(got.ok).toBe(true);
          if (!got.ok) return;
          const a = got.value;
          // A root stops within a hundredth of the band's half-width of the level (reverse.ts SETTLE).
          const settle = (0.01 * band) / size;
          const tol = 2e-3 * Math.max(1, Math.abs(a.bracket[1] - a.bracket[0])) + settle;
          expect(Math.abs(a.value - target)).toBeLessThanOrEqual(settle + 1e-9);
          const ends = [(reach - band - intercept) / slope, (reach + band - intercept) / slope].sort((x, y) => x - y);
          expect(Math.abs(a.ci95[0] - ends[0])).toBeLessThan(tol);
          expect(Math.abs(a.ci95[1] - ends[1])).toBeLessThan(tol);
          expect(a.increasing).toBe(rising);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("on a step function returns a key whose statistic is the level, the interval taking the steps' far edges", async () => {
    // 1,000 accounts: the default rate is a whole number of defaults, floor(1000·v)/1000.
    const step = async (v: number): Promise<Result<Reading, string>> => {
      // Whole defaults over 1,000, each figure one division, as a run's are (no rounding of sums).
      const d = Math.floor(1000 * v);
      return ok({ statistic: d / 1000, lower: (d - 10) / 1000, upper: (d + 10) / 1000 });
    };
    const got = await reverseStress({ evaluate: step, reach: 0.05, between: [0, 0.2] });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(Math.floor(1000 * got.value.value) / 1000).toBe(0.05);
    // upper(v) ≥ 0.05 from v = 0.04; lower(v) ≤ 0.05 up to v just below 0.061.
    expect(got.value.ci95[0]).toBeCloseTo(0.04, 3);
    expect(got.value.ci95[1]).toBeCloseTo(0.061, 3);
  });

  it("stops at the edge of the key's allowed range, and says when the level is out of reach", async () => {
    // A probability: allowed in (0, 1); the statistic rises to 0.5 at most.
    const bounded = async (v: number): Promise<Result<Reading, string>> =>
      v > 0 && v < 1 ? ok({ statistic: v / 2, lower: v / 2 - 0.01, upper: v / 2 + 0.01 }) : err("must lie in (0, 1)");
    const near = await reverseStress({ evaluate: bounded, reach: 0.45, start: 0.1 });
    expect(near.ok && near.value.value).toBeCloseTo(0.9, 4);
    const far = await reverseStress({ evaluate: bounded, reach: 0.7, start: 0.1 });
    expect(far.ok).toBe(false);
    if (!far.ok) expect(far.error).toMatch(/end of the key's allowed range/);
    const flat = await reverseStress({ evaluate: async () => ok({ statistic: 1, lower: 0.9, upper: 1.1 }), reach: 2, start: 1 });
    expect(!flat.ok && flat.error).toMatch(/does not move/);
  });
});
