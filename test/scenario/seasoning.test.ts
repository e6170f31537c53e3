import { describe, expect, it } from "vitest";
import { seasonedAt, seasoningMultiplier, startMonthsOnBook } from "../../src/scenario/seasoning.ts";
import type { Seasoning } from "../../src/scenario/schema.ts";

describe("seasoning curve", () => {
  const curve: Seasoning = { multipliers: [1.8, 1.5, 1.2], bandMonths: 6, afterwards: 0.9 };

  it("gives each band's multiplier to its months on book and afterwards past the curve", () => {
    const expected = (m: number) => (m < 6 ? 1.8 : m < 12 ? 1.5 : m < 18 ? 1.2 : 0.9);
    for (let m = 0; m < 40; m++) expect(seasoningMultiplier(curve, m)).toBe(expected(m));
    expect(seasoningMultiplier(undefined, 0)).toBe(1);
  });

  it("starts accounts without an age seasoned unless the segment gives one", () => {
    expect(seasonedAt(curve)).toBe(18);
    expect(startMonthsOnBook(curve)).toBe(18);
    expect(seasoningMultiplier(curve, startMonthsOnBook(curve))).toBe(0.9);
    expect(startMonthsOnBook({ ...curve, monthsOnBook: 4 })).toBe(4);
  });
});
