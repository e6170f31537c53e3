import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cumulative, cumulativeAt, overlay, valuesAt } from "../../../../src/ui/charts/variants/overlay.ts";

describe("variants on one scale", () => {
  const o = overlay([
    { name: "base", histogram: { edges: [0, 10, 20], counts: [5, 5] } },
    { name: "tight", histogram: { edges: [10, 15, 20, 25, 30], counts: [1, 1, 1, 1] } },
  ]);

  it("reads every histogram per the finest bin width", () => {
    expect(o.width).toBe(5);
    expect(o.extent).toEqual([0, 30]);
    expect(o.series[0].values).toEqual([0.25, 0.25]);
    expect(o.series[1].values).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("walks a grid of cells of that width", () => {
    expect(o.cells.length).toBe(6);
    expect(o.cells[1]).toEqual([5, 10]);
  });

  it.each([
    [2.5, [0.25, 0]],
    [12.5, [0.25, 0.25]],
    [27.5, [0, 0.25]],
  ])("at %s the variants read %j", (x, values) => {
    expect(valuesAt(o, x)).toEqual(values);
  });

  it("reads a partial result per the complete run's bin width when given it", () => {
    const p = overlay(
      [
        { name: "base", histogram: { edges: [0, 10, 20], counts: [5, 5] } },
        { name: "tight", histogram: { edges: [10, 15, 20, 25, 30], counts: [1, 1, 1, 1] } },
      ],
      2,
    );
    expect(p.width).toBe(2);
    // Half the paths in 10 units, per 2 of them: 10%; a quarter in 5, per 2: 10%.
    expect(p.series[0].values).toEqual([0.1, 0.1]);
    expect(p.series[1].values).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(p.cells.length).toBe(15);
  });

  it("gives a sample of one value a single cell", () => {
    const one = overlay([{ name: "base", histogram: { edges: [3, 3], counts: [9] } }]);
    expect(one.width).toBe(0);
    expect(one.cells).toEqual([[3, 3]]);
    expect(valuesAt(one, 3)).toEqual([1]);
  });
});

describe("the cumulative view", () => {
  it("gives the share of paths at or below each edge", () => {
    expect(cumulative({ edges: [0, 10, 20, 40], counts: [1, 2, 1] })).toEqual([
      [0, 0],
      [10, 0.25],
      [20, 0.75],
      [40, 1],
    ]);
  });

  it("reads the share at any value as a plain count of the paths below it would, paths spread evenly in a bin", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 12 }), fc.double({ min: -5, max: 30, noNaN: true }), (counts, x) => {
        fc.pre(counts.some((c) => c > 0));
        const edges = counts.map((_, i) => i * 2).concat(counts.length * 2);
        const total = counts.reduce((s, c) => s + c, 0);
        // Each bin's paths at evenly spaced points inside it, counted plainly.
        let below = 0;
        counts.forEach((c, i) => {
          const share = Math.min(1, Math.max(0, (x - edges[i]) / 2));
          below += c * share;
        });
        expect(cumulativeAt(cumulative({ edges, counts }), x)).toBeCloseTo(below / total, 12);
      }),
    );
  });

  it("is 0 left of the histogram and 1 right of it, and empty for no paths", () => {
    const points = cumulative({ edges: [5, 6], counts: [3] });
    expect(cumulativeAt(points, 4)).toBe(0);
    expect(cumulativeAt(points, 7)).toBe(1);
    expect(cumulative({ edges: [5, 6], counts: [0] })).toEqual([]);
  });
});
