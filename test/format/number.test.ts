import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { count, exact, grouped, money, percent, percentInWords, points } from "../../src/format/number.ts";

const UNIT: Record<string, number> = { "": 1, k: 1e3, M: 1e6, bn: 1e9, T: 1e12 };

describe("one number format", () => {
  it("writes a column of money to one precision and one case of unit", () => {
    expect([1e6, 1.63e6, 1.8e7].map((x) => money(x))).toEqual(["1.00M", "1.63M", "18.0M"]);
    expect(money(92_500)).toBe("92.5k");
  });

  it("groups the bounds of an error message by thousands", () => {
    expect(`from ${exact(0)} to ${exact(20_000_000)}`).toBe("from 0 to 20,000,000");
    expect(exact(0.025)).toBe("0.025");
  });

  it("keeps three significant digits of money, and reads back within rounding", () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 9e14, noNaN: true }), fc.boolean(), (x, negative) => {
        const v = negative ? -x : x;
        const m = /^(-?)(\d+(?:\.\d+)?)(k|M|bn|T)?$/.exec(money(v));
        expect(m).not.toBeNull();
        const digits = m![2].replace(".", "").replace(/^0+/, "");
        expect(digits).toHaveLength(3);
        const back = (m![1] ? -1 : 1) * Number(m![2]) * UNIT[m![3] ?? ""];
        // Three significant digits: within half a unit in the third digit.
        expect(Math.abs(back - v)).toBeLessThanOrEqual(Math.abs(v) * 0.005 + 1e-9);
      }),
    );
  });

  it("writes rates with three significant digits, and parameters in words without trailing zeros", () => {
    expect([0.5, 0.0153, 0.1].map((x) => percent(x))).toEqual(["50.0%", "1.53%", "10.0%"]);
    expect([0.5, 0.025, 0.8].map((x) => percentInWords(x))).toEqual(["50%", "2.5%", "80%"]);
    expect(points(0.0042)).toBe("+0.420pp");
    expect(points(-0.0042, false)).toBe("-0.420pp");
  });

  it("writes counts grouped, never a negative zero, and non-numbers as a dash", () => {
    expect([1496.3, 12.34, 20_000_000].map(count)).toEqual(["1,496", "12.3", "20,000,000"]);
    expect(grouped(-0.0001, 2)).toBe("0.00");
    expect([money(Number.NaN), percent(Infinity), count(Number.NaN)]).toEqual(["—", "—", "—"]);
  });
});
