import { describe, expect, it } from "vitest";
import { hasTailError, itemizedProfit, nonZero, pathsBeyond } from "../../src/result/facts.ts";
import type { BookResult, Summary } from "../../src/result/resultFile.ts";
import { summarize } from "../../src/stats/summary.ts";
import { tailRisk } from "../../src/stats/tail.ts";
import { sortAscending } from "../../src/stats/quantile.ts";

describe("error bars", () => {
  it.each([
    // min(⌈nα⌉ − 1, n − ⌈nα⌉) paths beyond the α-quantile, worked by hand.
    [2000, 0.99, 20, true],
    [1999, 0.99, 19, false],
    [20_000, 0.999, 20, true],
    [9000, 0.999, 9, false],
    [40, 0.5, 19, false],
    [41, 0.5, 20, true],
  ])("%i paths hold %s's tail of %i paths beyond: error bar %s", (n, a, k, has) => {
    expect(pathsBeyond(n, a)).toBe(k);
    expect(hasTailError(n, a)).toBe(has);
  });

  it("counts the ES tail set less its VaR path, on distinct losses", () => {
    for (const n of [300, 999, 1000, 9000]) {
      const loss = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n);
      const sorted = sortAscending(loss);
      for (const a of [0.95, 0.99, 0.999]) expect(tailRisk(loss, sorted, a).tail.length - 1).toBe(pathsBeyond(n, a));
    }
  });
});

describe("fees and costs shown", () => {
  const of = (...xs: number[]): Summary => summarize(Float64Array.from(xs));
  it.each([
    [[0, 0, 0], false],
    [[0, 0, 3], true],
    [[-2, 0, 0], true],
  ])("a quantity %j across paths is non-zero: %s", (xs, shown) => {
    expect(nonZero(of(...xs))).toBe(shown);
  });

  it("itemizes profit when any path has merchant or plan fees or operating or acquisition costs", () => {
    const zero = of(0, 0);
    const book = { merchantFeeIncome: zero, instalmentFeeIncome: zero, operatingCost: zero, acquisitionCost: zero } as BookResult;
    expect(itemizedProfit(book)).toBe(false);
    expect(itemizedProfit({ ...book, acquisitionCost: of(0, 150) })).toBe(true);
    expect(itemizedProfit({ ...book, merchantFeeIncome: of(1, 2) })).toBe(true);
  });
});
