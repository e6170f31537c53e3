import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { scaleLinear } from "d3";
import { histogram } from "../../../../src/stats/histogram.ts";
import {
  barRects,
  binAt,
  binsFor,
  coarsen,
  commonBinWidth,
  completeBinWidth,
  drawnBins,
  drawnHeights,
  histogramBins,
  histogramExtent,
  partialHeights,
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
    // A merged histogram's end bins, cut short at the paths' range, are not its width.
    expect(commonBinWidth([{ edges: [1.5, 5, 10, 15, 16], counts: [1, 2, 2, 1] }])).toBe(5);
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

describe("few paths in few bins", () => {
  it.each([
    [1, 1],
    [4, 2],
    [12, 4],
    [16, 4],
    [500, 23],
    [1600, 40],
    [100_000, 40],
  ])("%i paths get %i bins (⌈√n⌉, at most the engine's 40)", (n, bins) => {
    expect(binsFor(n)).toBe(bins);
  });

  /** The merged histogram's counts, recounted from the sample on its edges: [e_i, e_i+1), the last closed. */
  function recount(xs: readonly number[], edges: readonly number[]): number[] {
    const counts = new Array<number>(edges.length - 1).fill(0);
    for (const x of xs) {
      let i = 0;
      while (i < counts.length - 1 && x >= edges[i + 1]) i++;
      counts[i]++;
    }
    return counts;
  }

  it("merges an engine histogram into nice bins of whole fine ones, each path counted where it lies", () => {
    fc.assert(
      fc.property(
        // Per-path figures as the engine gives them: money to the cent, rates to 10⁻⁶, at any scale.
        fc.integer({ min: -6, max: 2 }),
        fc.array(fc.integer({ min: -5e7, max: 5e7 }), { minLength: 2, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (scale, ints, target) => {
          const xs = ints.map((i) => i * 10 ** scale);
          const fine = histogram(Float64Array.from(xs));
          const h = coarsen(fine, target);
          expect(h.counts.reduce((s, c) => s + c, 0)).toBe(xs.length);
          // About the target (2 bins at least when the sample straddles zero): merges step by at most 2.5.
          // Paths all at one value make a histogram of one bin, which no target splits.
          const ratio = h.counts.length / Math.min(target, fine.counts.length);
          expect(Math.max(ratio, 1 / ratio)).toBeLessThanOrEqual(2.5);
          if (h === fine) return;
          // Edges within rounding of a recount: a path on a shared edge may fall either side only by float noise.
          const again = recount(xs, h.edges);
          const moved = again.reduce((s, c, i) => s + Math.abs(c - h.counts[i]), 0);
          expect(moved).toBeLessThanOrEqual(2 * xs.filter((x) => h.edges.some((e) => Math.abs(x - e) <= 1e-9 * Math.abs(e))).length);
          // Inner edges on fine ones; inner bins of k fine ones each, k = 2, 5, 10, 20 ….
          const fw = fine.edges[1] - fine.edges[0];
          for (const e of h.edges.slice(1, -1)) expect(Math.abs(e / fw - Math.round(e / fw))).toBeLessThan(1e-6);
          const w = h.counts.length > 2 ? h.edges[2] - h.edges[1] : Infinity;
          if (h.counts.length > 2) {
            const k = w / fw;
            const mant = k / 10 ** Math.floor(Math.log10(k) + 1e-9);
            expect([1, 2, 5].some((m) => Math.abs(mant - m) < 1e-6)).toBe(true);
            for (let i = 2; i < h.edges.length - 1; i++) expect(h.edges[i] - h.edges[i - 1]).toBeCloseTo(w, 6);
          }
          // The ends are the fine histogram's, the end bins at most k fine ones wide.
          expect([h.edges[0], h.edges[h.edges.length - 1]]).toEqual([fine.edges[0], fine.edges[fine.edges.length - 1]]);
          expect(h.edges[1] - h.edges[0]).toBeLessThanOrEqual(w * (1 + 1e-9));
          expect(h.edges[h.edges.length - 1] - h.edges[h.edges.length - 2]).toBeLessThanOrEqual(w * (1 + 1e-9));
          expect(h.counts.length).toBeLessThan(fine.counts.length);
        },
      ),
    );
  });

  it("draws 12 paths of 3–14M in a handful of bins, 500 paths in about 23", () => {
    const twelve = [3.1, 4.6, 4.9, 5.3, 8.1, 8.3, 8.5, 9.1, 10.1, 10.2, 13.1, 13.9].map((x) => x * 1e6);
    const h12 = coarsen(histogram(Float64Array.from(twelve)), binsFor(12));
    expect(h12.counts.length).toBeGreaterThanOrEqual(2);
    expect(h12.counts.length).toBeLessThanOrEqual(6);
    // A sample spread evenly over 2–22M: fine bins of 0.5M, merged in twos.
    const spread = Float64Array.from({ length: 500 }, (_, i) => 2e6 + (i + 0.5) * 40_000);
    const h500 = coarsen(histogram(spread), binsFor(500));
    expect(h500.edges[1] - h500.edges[0]).toBe(1e6);
    expect(h500.counts).toEqual(new Array(20).fill(25));
  });
});

describe("a partial result's bars as estimates of the complete run's", () => {
  // Per-path figures as the engine gives them: money to the cent, at several scales.
  const sample = fc.tuple(fc.integer({ min: -2, max: 4 }), fc.array(fc.integer({ min: -5e6, max: 5e7 }), { minLength: 2, maxLength: 400 }));

  it("knows the bin width a complete run is drawn in from its range and its paths alone", () => {
    fc.assert(
      fc.property(sample, ([scale, ints]) => {
        const xs = Float64Array.from(ints, (i) => i * 10 ** scale);
        const h = histogram(xs);
        // The complete chart: the engine's histogram of every path, in the bins its paths call for.
        expect(completeBinWidth(histogramExtent([h]), xs.length)).toBe(commonBinWidth([drawnBins(h)]));
      }),
    );
  });

  it("draws each bar at its bin's share per the complete run's width: count ÷ paths ÷ the bins' width × that width", () => {
    // 12 paths of 3.5–14M in 2M-wide bins (the first cut short), the complete run's bins 0.5M wide.
    const h = { edges: [3.5e6, 4e6, 6e6, 8e6, 10e6, 12e6, 14e6], counts: [1, 2, 1, 4, 2, 2] };
    const plain = h.counts.map((c) => (c / 12 / 2e6) * 0.5e6);
    const got = partialHeights(h, 0.5e6);
    got.forEach((v, i) => expect(v).toBeCloseTo(plain[i], 15));
    // Two bins, both maybe cut short: the wider one's width; a sliver of one path stands no taller than its share says.
    const two = partialHeights({ edges: [0.0212, 0.022, 0.03], counts: [1, 3] }, 0.002);
    expect(two[0]).toBeCloseTo((1 / 4 / 0.008) * 0.002, 15);
    expect(two[1]).toBeCloseTo((3 / 4 / 0.008) * 0.002, 15);
    // No width, or a sample of one value: the bins' shares.
    expect(partialHeights(h, 0)).toEqual(h.counts.map((c) => c / 12));
    // A complete result (no paths to come) is drawn at its shares, whatever the domain.
    expect(drawnHeights(h, [0, 40e6], null)).toEqual({ heights: h.counts.map((c) => c / 12), per: null });
    const partial = drawnHeights(h, [2e6, 22e6], 500);
    expect(partial.per).toBe(completeBinWidth([2e6, 22e6], 500));
    expect(partial.heights).toEqual(partialHeights(h, partial.per!));
  });

  it("puts the first paths of an even spread on the complete chart's scale, where their own bins' shares stand up to ten times higher", () => {
    // 500 paths spread evenly over 2–22M in a shuffled order; the complete chart: 20 bins of 1M, 5% each.
    const all = Array.from({ length: 500 }, (_, i) => 2e6 + (i + 0.5) * 40_000);
    let seed = 7;
    for (let i = all.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const j = seed % (i + 1);
      [all[i], all[j]] = [all[j], all[i]];
    }
    const complete = drawnBins(histogram(Float64Array.from(all)));
    const top = Math.max(...histogramBins(complete).map((b) => b.share));
    expect(top).toBeCloseTo(0.05, 12);
    const tops = [12, 28, 60, 120, 250].map((n) => {
      const h = drawnBins(histogram(Float64Array.from(all.slice(0, n))));
      const own = Math.max(...histogramBins(h).map((b) => b.share));
      const drawn = Math.max(...drawnHeights(h, [2e6, 22e6], 500).heights);
      // Wide bins hold more: a bin's own share is at least its bar's height.
      expect(own).toBeGreaterThanOrEqual(drawn - 1e-15);
      return { own: own / top, drawn: drawn / top };
    });
    // The bins' own shares reach 10 times the complete chart's (12 paths in 5M-wide bins:
    // the axis would fall tenfold as they refine); the bars stay within the noise of so few
    // paths (6 of 12 in one 5M bin: twice the complete chart's 5% per 1M).
    expect(Math.max(...tops.map((t) => t.own))).toBeGreaterThan(9);
    for (const t of tops) {
      expect(t.drawn).toBeLessThanOrEqual(2 + 1e-9);
      expect(t.drawn).toBeGreaterThan(1);
    }
  });
});
