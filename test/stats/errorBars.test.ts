import { describe, expect, it } from "vitest";
import { hasMeanError, hasTailError, missingErrorReason, pathsBeyond } from "../../src/stats/errorBars.ts";
import { sectionCount, sectionRange } from "../../src/stats/sectioning.ts";

describe("when a figure carries an error bar", () => {
  it.each([
    // n, α, paths beyond x_(⌈nα⌉) on the far side
    [2000, 0.99, 20],
    [1999, 0.99, 19],
    [1000, 0.999, 1],
    [50, 0.99, 0],
    [400, 0.95, 20],
    [2100, 0.01, 20],
    [100, 0.5, 49],
    [1, 0.5, 0],
  ])("%i paths at %s leave %i beyond", (n, alpha, k) => {
    expect(pathsBeyond(n, alpha)).toBe(k);
    expect(hasTailError(n, alpha)).toBe(k >= 20);
  });

  it("needs 20 paths for a mean", () => {
    expect(hasMeanError(19)).toBe(false);
    expect(hasMeanError(20)).toBe(true);
  });

  it("says why not, once per figure, in words", () => {
    expect(missingErrorReason(1000, 0.999)).toBe("fewer than 20 paths beyond the 99.9% level");
    expect(missingErrorReason(100, 0.01)).toBe("fewer than 20 paths below the 1% level");
    expect(missingErrorReason(10)).toBe("fewer than 20 paths");
    expect(missingErrorReason(2000, 0.99)).toBeUndefined();
    expect(missingErrorReason(20)).toBeUndefined();
  });
});

describe("sections of paths", () => {
  it("uses 4 to 10 blocks, about 10 tail paths each", () => {
    expect([20, 39, 40, 50, 99, 100, 5000].map(sectionCount)).toEqual([4, 4, 4, 5, 9, 10, 10]);
  });

  it("tiles the paths in order with blocks differing by at most one path", () => {
    for (const [n, b] of [[400, 4], [2001, 10], [23, 4]]) {
      const ranges = Array.from({ length: b }, (_, i) => sectionRange(n, b, i));
      expect(ranges[0][0]).toBe(0);
      expect(ranges[b - 1][1]).toBe(n);
      for (let i = 1; i < b; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1]);
      const sizes = ranges.map(([from, to]) => to - from);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});
