import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { randomNormal } from "d3-random";
import { pairedComparison } from "../../src/stats/paired.ts";

describe("paired differences", () => {
  it("matches a hand computation, with Student's t for 19 degrees of freedom", () => {
    // 20 paths: base i, variant 3i + 1 + (−1)^i. Differences 2i + 1 + (−1)^i.
    const base = Float64Array.from({ length: 20 }, (_, i) => i);
    const variant = Float64Array.from(base, (i) => 3 * i + 1 + (-1) ** i);
    const c = pairedComparison(variant, base);
    const d = Array.from(base, (i) => 2 * i + 1 + (-1) ** i);
    const mean = d.reduce((s, x) => s + x, 0) / 20;
    const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / 19);
    expect(c.paired.mean).toBeCloseTo(mean, 13);
    expect(c.paired.stderr).toBeCloseTo(sd / Math.sqrt(20), 13);
    // t_{0.975, 19} = 2.093024 (standard tables).
    expect(c.paired.ci95?.[0]).toBeCloseTo(mean - (2.093024 * sd) / Math.sqrt(20), 5);
    expect(c.paired.ci95?.[1]).toBeCloseTo(mean + (2.093024 * sd) / Math.sqrt(20), 5);
    // Variances: base 20·21/12 = 35; variant 9·35 + 1·(20/19) + 2·3·cov, computed plainly here.
    const vm = variant.reduce((s, x) => s + x, 0) / 20;
    const vv = variant.reduce((s, x) => s + (x - vm) ** 2, 0) / 19;
    expect(c.unpairedStderr).toBeCloseTo(Math.sqrt((vv + 35) / 20), 12);
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
    expect(c.paired.stderr).toBeLessThan((c.unpairedStderr ?? 0) / 3);
  });

  it("gives no error, not 0 or NaN, for fewer than 20 paths and rejects samples of different lengths", () => {
    expect(pairedComparison(Float64Array.of(2), Float64Array.of(1))).toEqual({ paired: { mean: 1, stderr: null, ci95: null }, unpairedStderr: null });
    const x = Float64Array.from({ length: 19 }, (_, i) => i);
    expect(pairedComparison(x, x.map((v) => v / 2)).paired.ci95).toBeNull();
    expect(() => pairedComparison(Float64Array.of(1, 2), Float64Array.of(1))).toThrow();
  });
});
