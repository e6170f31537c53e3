import { describe, expect, it } from "vitest";
import { hasTailError, pathsBeyond } from "../../src/result/facts.ts";
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
