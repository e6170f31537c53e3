import { describe, expect, it } from "vitest";
import { readPerformance } from "../../src/data/performance.ts";
import { chiSquareTail } from "../../src/fit/backtest.ts";
import { fitPerformance } from "../../src/fit/fitPerformance.ts";
import { makePanel, type Truth } from "./panel.ts";

const TRUTH: Truth = { miss: 0.03, attrition: 0.01, roll: [0.4, 0.6], stay: [0.1, 0.2] };

function backtestOf(text: string) {
  const read = readPerformance(text, "panel.csv");
  if (!read.ok) throw new Error(read.error.lines.join("\n"));
  return fitPerformance(read.value.performance).segments[0].backtest;
}

describe("back-test", () => {
  it("a book that follows the chain passes; one with a strong economy fails the χ²", () => {
    const calm = backtestOf(makePanel(TRUTH, 3000, 30, "calm"));
    // 29 months from C (3 moves: miss, close, stay), 28 from D1 and 27 from D2 (3 moves each):
    // (29 − 1)·2 + (28 − 1)·2 + (27 − 1)·2.
    expect(calm.df).toBe(162);
    expect(calm.pValue).toBeGreaterThan(0.001);
    const stormy = backtestOf(makePanel({ ...TRUTH, rho: 0.3, phi: 0.8 }, 3000, 30, "stormy"));
    expect(stormy.pValue).toBeLessThan(0.001);
    expect(stormy.outside.length).toBeGreaterThan(calm.outside.length);
  });

  it("the χ² tail matches known quantiles", () => {
    // Published χ² quantiles: 95% of χ²₁₀ is 18.307, 99% of χ²₃₀ is 50.892, 5% of χ²₂₀ is 10.851.
    expect(chiSquareTail(18.307, 10)).toBeCloseTo(0.05, 2);
    expect(chiSquareTail(50.892, 30)).toBeCloseTo(0.01, 2);
    expect(chiSquareTail(10.851, 20)).toBeCloseTo(0.95, 2);
  });

  it("fitted one-month-ahead default counts equal a plain computation from the month's states", () => {
    const text = makePanel(TRUTH, 500, 10, "plain");
    const read = readPerformance(text, "panel.csv");
    if (!read.ok) throw new Error("panel did not read");
    const s = fitPerformance(read.value.performance).segments[0];
    for (const month of s.backtest.months) {
      const t = month.month - s.counts.firstMonth;
      const inD2 = s.counts.byMonth[t][2].reduce((a, b) => a + b, 0);
      expect(month.defaults.fitted * month.accounts).toBeCloseTo(inD2 * s.ladder.roll[1], 9);
    }
  });
});
