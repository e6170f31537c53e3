import { describe, expect, it } from "vitest";
import { FEW_TAIL_PATHS, tailPaths, thinTails } from "../../src/result/facts.ts";
import { tailRisk } from "../../src/stats/tail.ts";
import { sortAscending } from "../../src/stats/quantile.ts";

describe("tail paths", () => {
  it.each([
    // n − ⌈nα⌉ + 1, worked by hand.
    [500, 0.999, 1],
    [500, 0.99, 6],
    [1000, 0.99, 11],
    [1000, 0.999, 2],
    [9000, 0.999, 10],
    [100_000, 0.999, 101],
  ])("%i paths hold %s's tail set of %i", (n, a, k) => {
    expect(tailPaths(n, a)).toBe(k);
  });

  it("counts the set ES averages, on distinct losses", () => {
    for (const n of [1, 7, 300, 999, 1000, 9000]) {
      const loss = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n);
      const sorted = sortAscending(loss);
      for (const a of [0.95, 0.99, 0.999]) expect(tailRisk(loss, sorted, a).tail.length).toBe(tailPaths(n, a));
    }
  });

  it("finds thin tails at 8,000 and 100 paths and none at 9,000, for the command line and the page alike", () => {
    expect(thinTails(9000)).toEqual([]);
    expect(thinTails(8000)).toEqual([{ level: 0.999, paths: 9 }]);
    expect(thinTails(100)).toEqual([
      { level: 0.95, paths: 6 },
      { level: 0.99, paths: 2 },
      { level: 0.999, paths: 1 },
    ]);
    expect(FEW_TAIL_PATHS).toBe(10);
  });
});
