import { describe, expect, it } from "vitest";
import { overlay, valuesAt } from "../../../../src/ui/charts/variants/overlay.ts";

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

  it("gives a sample of one value a single cell", () => {
    const one = overlay([{ name: "base", histogram: { edges: [3, 3], counts: [9] } }]);
    expect(one.width).toBe(0);
    expect(one.cells).toEqual([[3, 3]]);
    expect(valuesAt(one, 3)).toEqual([1]);
  });
});
