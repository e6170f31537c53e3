import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { randomNormal } from "d3-random";
import { pairedComparison } from "../../src/stats/paired.ts";

describe("paired differences", () => {
  it("matches a hand computation", () => {
    const c = pairedComparison(Float64Array.of(3, 5, 7), Float64Array.of(1, 2, 3));
    // Differences 2, 3, 4: mean 3, sd 1. Variances of the samples: 4 and 1.
    expect(c.paired.mean).toBe(3);
    expect(c.paired.stderr).toBeCloseTo(1 / Math.sqrt(3), 14);
    expect(c.paired.ci95[0]).toBeCloseTo(3 - 1.96 / Math.sqrt(3), 14);
    expect(c.paired.ci95[1]).toBeCloseTo(3 + 1.96 / Math.sqrt(3), 14);
    expect(c.unpairedStderr).toBeCloseTo(Math.sqrt(5 / 3), 14);
  });

  it("has exactly zero stderr for identical variants", () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => Math.exp(Math.sin(i)));
    const c = pairedComparison(x, Float64Array.from(x));
    expect(c.paired).toEqual({ mean: 0, stderr: 0, ci95: [0, 0] });
    expect(c.unpairedStderr).toBeGreaterThan(0);
  });

  it("is narrower than the unpaired interval for positively correlated variants", () => {
    const draw = randomNormal.source(seedrandom("paired"))(0, 1);
    const base = Float64Array.from({ length: 500 }, () => 100 + 10 * draw());
    const variant = Float64Array.from(base, (b) => 0.9 * b + 2 * draw());
    const c = pairedComparison(variant, base);
    expect(c.paired.stderr).toBeLessThan(c.unpairedStderr / 3);
  });

  it("gives 0, not NaN, for one path and rejects samples of different lengths", () => {
    expect(pairedComparison(Float64Array.of(2), Float64Array.of(1)).paired).toEqual({ mean: 1, stderr: 0, ci95: [1, 1] });
    expect(() => pairedComparison(Float64Array.of(1, 2), Float64Array.of(1))).toThrow();
  });
});
