import { describe, expect, it } from "vitest";
import { fan } from "../../src/stats/fan.ts";

describe("fan", () => {
  it("gives the mean and the 5..95% order statistics of 1..100", () => {
    const f = fan(Float64Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(f).toEqual({ mean: 50.5, p5: 5, p25: 25, p50: 50, p75: 75, p95: 95 });
  });

  it("uses x_(⌈nα⌉), not interpolation, on an uneven sample", () => {
    // n = 7: ranks ⌈0.35⌉=1, ⌈1.75⌉=2, ⌈3.5⌉=4, ⌈5.25⌉=6, ⌈6.65⌉=7.
    const f = fan(Float64Array.of(70, 10, 60, 20, 50, 30, 40));
    expect(f).toEqual({ mean: 40, p5: 10, p25: 20, p50: 40, p75: 60, p95: 70 });
  });

  it("collapses to the value for one path and throws for none", () => {
    expect(fan(Float64Array.of(-1.5))).toEqual({ mean: -1.5, p5: -1.5, p25: -1.5, p50: -1.5, p75: -1.5, p95: -1.5 });
    expect(() => fan(new Float64Array(0))).toThrow();
  });
});
