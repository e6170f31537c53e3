import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { axisTicks, labelWidth, linear, padDomain, thinTicks, tickCount } from "../../../../src/ui/charts/frame/ticks.ts";

describe("tick thinning by width", () => {
  it.each([
    [1280, 80, 16],
    [375, 80, 4],
    [100, 80, 2],
    [0, 40, 2],
  ])("%i px at %i px a tick asks for %i ticks", (length, spacing, n) => {
    expect(tickCount(length, spacing)).toBe(n);
  });

  it.each([
    [1280, 1280 / 56 + 1],
    [600, 600 / 56 + 1],
    [335, 335 / 56 + 1],
  ])("a money axis %i px wide has at most %i labels", (width, most) => {
    const ticks = axisTicks(linear([0, 2.4e6], [0, width]), "money", true);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThanOrEqual(most);
  });

  it("never lets two horizontal labels overlap, whatever the domain and width", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.integer({ min: 120, max: 1600 }),
        fc.constantFrom("money", "percent", "count", "value", "points") as fc.Arbitrary<"money">,
        (lo, span, width, kind) => {
          const ticks = axisTicks(linear([lo, lo + span], [0, width]), kind, true);
          expect(ticks.length).toBeGreaterThanOrEqual(1);
          for (let i = 1; i < ticks.length; i++) {
            const room = ticks[i].at - ticks[i - 1].at;
            expect(room).toBeGreaterThanOrEqual(56);
            expect(room).toBeGreaterThanOrEqual((labelWidth(ticks[i].label) + labelWidth(ticks[i - 1].label)) / 2);
          }
        },
      ),
    );
  });

  it("thins more on a phone than on a desktop", () => {
    const at = (w: number) => axisTicks(linear([0, 0.08], [0, w]), "percent", true).length;
    expect(at(335)).toBeLessThan(at(1200));
    expect(at(335)).toBeGreaterThanOrEqual(3);
  });

  it("keeps every k-th tick, the first always", () => {
    const ticks = [0, 1, 2, 3, 4, 5].map((v) => ({ value: v, label: "100k", at: v * 30 }));
    // "100k" is about 26 px: 30 px apart leaves 4, under the 10 asked; 60 apart leaves 34.
    expect(thinTicks(ticks, 10, true).map((t) => t.value)).toEqual([0, 2, 4]);
    expect(thinTicks(ticks, 2, true).map((t) => t.value)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it.each([
    [5, 1, [4.75, 5.25]],
    [0, 0.01, [0, 0.01]],
    [-2, 1, [-2.1, -1.9]],
  ])("a domain around the single value %s", (v, zeroPad, domain) => {
    const [a, b] = padDomain(v, zeroPad);
    expect(a).toBeCloseTo(domain[0], 12);
    expect(b).toBeCloseTo(domain[1], 12);
  });
});

describe("nice domains", () => {
  it("cover the data and reach at most one step of five past it, on short axes too", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 40, max: 1200 }), (lo, width, pixels) => {
        const hi = lo + width;
        const [d0, d1] = linear([lo, hi], [pixels, 0]).domain();
        // Within rounding: d3 rounds ends to the step's multiples in floating point.
        const slack = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
        expect(d0).toBeLessThanOrEqual(lo + slack);
        expect(d1).toBeGreaterThanOrEqual(hi - slack);
        // A step is at most half the width (five ticks of 1, 2 or 5 × 10^k), one at each end.
        expect(d1 - d0).toBeLessThanOrEqual(2 * width * (1 + 1e-9));
      }),
    );
  });

  it("keeps an economy fan of −4.3…1.7 on a 120 px axis within −5…2", () => {
    expect(linear([-4.3, 1.7], [120, 0]).domain()).toEqual([-5, 2]);
  });
});
