import { describe, expect, it } from "vitest";
import { absorption } from "../../src/fit/chain.ts";
import { wilson } from "../../src/fit/interval.ts";
import { truthPd } from "./panel.ts";

describe("Wilson interval", () => {
  it("matches its closed form at the edges and is symmetric", () => {
    // k = 0: the upper end is z²/(n + z²) (Wilson 1927), 0.2775 for n = 10.
    const z2 = 1.959963984540054 ** 2;
    expect(wilson(0, 10).high).toBeCloseTo(z2 / (10 + z2), 12);
    expect(wilson(0, 10).low).toBe(0);
    // Exactly 0 below no event and 1 above all, at any n (49 gave 6.9e-18 as the low end).
    for (let n = 1; n <= 2000; n++) {
      expect(wilson(0, n).low).toBe(0);
      expect(wilson(n, n).high).toBe(1);
    }
    const a = wilson(3, 20);
    const b = wilson(17, 20);
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
    // n = 20, k = 3 by hand: centre (0.15 + z²/40)/(1 + z²/20) = 0.2064, half-width 0.1540.
    expect(a.low).toBeCloseTo(0.0524, 3);
    expect(a.high).toBeCloseTo(0.3604, 3);
  });
});

describe("the fitted chain", () => {
  it.each([
    [{ miss: 0.01, attrition: 0, roll: [], stay: [] }],
    [{ miss: 0.03, attrition: 0, roll: [0.4, 0.6], stay: [0.1, 0.2] }],
    [{ miss: 0.05, attrition: 0, roll: [0.2, 0.5, 0.9], stay: [0.3, 0, 0.05] }],
  ])("12-month absorption equals plain matrix powers: %j", (truth) => {
    expect(absorption(truth)).toBeCloseTo(truthPd(truth), 12);
  });
});
