import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { scaleLinear } from "d3";
import { histogram } from "../../../../src/stats/histogram.ts";
import {
  barRects,
  binAt,
  commonBinWidth,
  histogramBins,
  histogramExtent,
  sharePer,
  stepOutline,
} from "../../../../src/ui/charts/distributions/histogramBars.ts";

const h = { edges: [0, 10, 20, 30], counts: [1, 6, 3] };

describe("bins to bars", () => {
  it("gives each bin its share and the running share", () => {
    const bins = histogramBins(h);
    expect(bins.map((b) => b.share)).toEqual([0.1, 0.6, 0.3]);
    expect(bins.map((b) => b.cumulative)).toEqual([0.1, 0.7, 1]);
    expect(bins[1]).toMatchObject({ x0: 10, x1: 20, count: 6 });
  });

  it("shares add up to 1 for any sample", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (xs) => {
        const bins = histogramBins(histogram(Float64Array.from(xs)));
        expect(bins.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 12);
        expect(bins[bins.length - 1].cumulative).toBeCloseTo(1, 12);
      }),
    );
  });

  it("draws bars between their edges, a zero-wide bin at a minimal width", () => {
    const x = scaleLinear().domain([0, 30]).range([0, 300]);
    const y = scaleLinear().domain([0, 1]).range([100, 0]);
    const bins = histogramBins(h);
    const rects = barRects(bins, bins.map((b) => b.share), x, y);
    expect(rects[1]).toEqual({ index: 1, x: 100.5, y: 40, width: 99, height: 60 });
    const one = histogramBins({ edges: [5, 5], counts: [7] });
    const [r] = barRects(one, [1], x, y, 4);
    expect(r.width).toBe(4);
    expect(r.x).toBe(48);
    expect(r.height).toBe(100);
  });

  it.each([
    [-5, 0],
    [0, 0],
    [9.99, 0],
    [10, 1],
    [29, 2],
    [30, 2],
    [99, 2],
  ])("value %s falls in bin %i", (v, i) => {
    expect(binAt(histogramBins(h), v)).toBe(i);
  });
});

describe("histograms with different bins on one scale", () => {
  it("finds the finest bin width, zero-wide bins aside", () => {
    expect(commonBinWidth([h, { edges: [0, 5, 10], counts: [1, 1] }, { edges: [3, 3], counts: [2] }])).toBe(5);
    expect(commonBinWidth([{ edges: [3, 3], counts: [2] }])).toBe(0);
    expect(histogramExtent([h, { edges: [-5, 5], counts: [1] }])).toEqual([-5, 30]);
  });

  it("reads the same share per unit from coarse and fine bins of one uniform sample", () => {
    const xs = Float64Array.from({ length: 10_000 }, (_, i) => (i + 0.5) / 100);
    const coarse = histogramBins(histogram(xs, 10));
    const fine = histogramBins(histogram(xs, 50));
    const width = commonBinWidth([histogram(xs, 10), histogram(xs, 50)]);
    const a = sharePer(coarse, width);
    const b = sharePer(fine, width);
    // Uniform on [0, 100): every bin holds `width`% of the paths per `width` units.
    for (const v of [...a, ...b]) expect(v).toBeCloseTo(width / 100, 9);
  });

  it("outlines a histogram from zero to zero", () => {
    const bins = histogramBins({ edges: [0, 1, 2], counts: [1, 3] });
    expect(stepOutline(bins, [0.25, 0.75])).toEqual([
      [0, 0],
      [0, 0.25],
      [1, 0.25],
      [1, 0.75],
      [2, 0.75],
      [2, 0],
    ]);
  });
});
