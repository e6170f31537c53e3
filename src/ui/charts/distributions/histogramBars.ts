/**
 * From a result file's histogram (edges and counts) to what a chart draws: bins with
 * their share of paths, bar rectangles in pixels, and step outlines that put histograms
 * with different bin widths on one scale.
 */
import type { ScaleLinear } from "d3";
import type { Histogram } from "../../../result/resultFile.ts";
import { histogram, HISTOGRAM_BINS } from "../../../stats/histogram.ts";

export interface Bin {
  x0: number;
  x1: number;
  count: number;
  /** count / paths. */
  share: number;
  /** Share of paths at or below x1. */
  cumulative: number;
}

export interface BarRect {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Paths counted in a histogram. */
export const histogramTotal = (h: Histogram): number => h.counts.reduce((s, c) => s + c, 0);

/** The bins of `h` with their shares of the paths. */
export function histogramBins(h: Histogram): Bin[] {
  const n = histogramTotal(h);
  let running = 0;
  return h.counts.map((count, i) => {
    running += count;
    return {
      x0: h.edges[i],
      x1: h.edges[i + 1],
      count,
      share: n > 0 ? count / n : 0,
      cumulative: n > 0 ? running / n : 0,
    };
  });
}

/** Smallest and largest edge over several histograms. */
export function histogramExtent(hs: readonly Histogram[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of hs) {
    lo = Math.min(lo, h.edges[0]);
    hi = Math.max(hi, h.edges[h.edges.length - 1]);
  }
  return [lo, hi];
}

/**
 * Bars in pixels, one per bin, of height `values[i]` on `y`. A bin narrower than
 * `minWidth` pixels (a sample where every path had the same value has a zero-wide bin)
 * is drawn `minWidth` wide around its centre; wide bars leave a 1 px gap between them.
 */
export function barRects(
  bins: readonly Bin[],
  values: readonly number[],
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  minWidth = 3,
): BarRect[] {
  const base = y(0);
  return bins.map((b, index) => {
    let left = x(b.x0);
    let width = x(b.x1) - left;
    if (width < minWidth) {
      left = left + width / 2 - minWidth / 2;
      width = minWidth;
    } else if (width > 4) {
      left += 0.5;
      width -= 1;
    }
    const top = y(values[index]);
    return { index, x: left, y: Math.min(top, base), width, height: Math.abs(base - top) };
  });
}

/**
 * The smallest bin width among histograms, zero-wide bins aside; 0 when there is none.
 * Engine histograms have nice widths (1, 2 or 5 times a power of ten), so this one is
 * nice too and reads well in an axis label ("share of paths per 50k"). The end bins of a
 * histogram of three or more are left out: merged ones (`coarsen`) may be cut short there.
 */
export function commonBinWidth(hs: readonly Histogram[]): number {
  let w = Infinity;
  for (const h of hs) {
    const ends = h.counts.length >= 3 ? 1 : 0;
    for (let i = ends; i + 1 + ends < h.edges.length; i++) {
      const d = h.edges[i + 1] - h.edges[i];
      if (d > 0 && d < w) w = d;
    }
  }
  return Number.isFinite(w) ? w : 0;
}

/**
 * Share of paths per `width` units of the value in each bin: share / binWidth · width.
 * Histograms with different bins become comparable. A zero-wide bin holds its share
 * in less than any width, so it reads as that share.
 */
export function sharePer(bins: readonly Bin[], width: number): number[] {
  return bins.map((b) => {
    const w = b.x1 - b.x0;
    return w > 0 && width > 0 ? (b.share / w) * width : b.share;
  });
}

/** The outline of a histogram as points: up at each bin's left edge, along, down at the end. */
export function stepOutline(bins: readonly Bin[], values: readonly number[]): [number, number][] {
  if (bins.length === 0) return [];
  const pts: [number, number][] = [[bins[0].x0, 0]];
  bins.forEach((b, i) => {
    pts.push([b.x0, values[i]], [b.x1, values[i]]);
  });
  pts.push([bins[bins.length - 1].x1, 0]);
  return pts;
}

/** The bin holding `v`: [x0, x1), the last one closed; values outside clamp to the ends. */
export function binAt(bins: readonly Bin[], v: number): number {
  if (bins.length === 0) return -1;
  if (v < bins[0].x0) return 0;
  for (let i = 0; i < bins.length; i++) if (v < bins[i].x1) return i;
  return bins.length - 1;
}

/**
 * How many bins `n` paths are drawn in: ⌈√n⌉, at most the engine's HISTOGRAM_BINS.
 *
 * Why √n: a chart redraws as the first 4, 12, 28 … paths of a run finish, and their
 * histogram should read as a coarse distribution (2, 4, 6 bins), not as 40 bins of which
 * a handful hold one path each. √n depends on n alone, so the bins refine steadily as paths
 * come in; Freedman–Diaconis (2·IQR·n^(−1/3)) would widen and narrow them with each
 * partial's spread. Sturges (1 + log₂ n) grows too slowly past a few hundred paths: 500
 * paths in 11 bins hide the tail's shape (Hyndman 1995, "The problem with Sturges' rule
 * for constructing histograms"); √n gives them 23, and from 1,600 paths on the engine's
 * 40, as before.
 */
export function binsFor(n: number): number {
  return Math.max(1, Math.min(HISTOGRAM_BINS, Math.ceil(Math.sqrt(Math.max(0, n)))));
}

/** `h` in the bins its own paths are drawn in (binsFor, coarsen): every chart that bins paths draws this. */
export function drawnBins(h: Histogram): Histogram {
  return coarsen(h, binsFor(histogramTotal(h)));
}

/** Bins merged k at a time, k = 1, 2, 5, 10, 20, 50 …: consecutive counts differ by at most 2.5 times. */
const MERGES = [1, 2, 5];

/**
 * `h` with adjacent bins merged k at a time (k = 1, 2, 5, 10 …) into about `target` bins
 * (closest in ratio, fewer on a tie). An engine histogram's bins are equal and its edges
 * multiples of their width w, so grouping bin i with the others of ⌊(lo/w + i)/k⌋ puts
 * every merged edge on one of its edges: the counts stay exact, the widths k·w stay round
 * (w is 1, 2 or 5 × 10^j), and histograms of one quantity line up. The outer edges stay
 * `h`'s, so the end bins may be narrower. A histogram of one bin, or of unequal bins, or within
 * `target` already, comes back as it is.
 */
export function coarsen(h: Histogram, target: number): Histogram {
  const m = h.counts.length;
  if (m <= Math.max(1, target)) return h;
  const lo = h.edges[0];
  const w = (h.edges[m] - lo) / m;
  if (!(w > 0)) return h;
  const first = Math.round(lo / w);
  // Engine histograms have equal bins on multiples of w; anything else is left alone.
  for (let i = 0; i <= m; i++) if (Math.abs(h.edges[i] / w - (first + i)) > 1e-6) return h;
  let best = { k: 1, bins: m, misfit: Math.abs(Math.log(m / target)) };
  // Coarser and coarser, until one bin holds them all or, across a multiple of k·w (zero), two do.
  for (let scale = 1, bins = m; bins > 1 && scale < 2 * m; scale *= 10) {
    for (const mult of MERGES) {
      const k = mult * scale;
      if (k === 1) continue;
      bins = Math.floor((first + m - 1) / k) - Math.floor(first / k) + 1;
      const misfit = Math.abs(Math.log(bins / target));
      if (misfit < best.misfit || (misfit === best.misfit && bins < best.bins)) best = { k, bins, misfit };
      if (bins === 1) break;
    }
  }
  if (best.k === 1) return h;
  const { k } = best;
  // The width from the edges' own spacing, rounded to its 1, 2 or 5 × 10^j: no drift of w's division.
  const unit = 10 ** Math.floor(Math.log10(w) + 1e-9);
  const width = k * Math.round(w / unit) * unit;
  const g0 = Math.floor(first / k);
  const counts = new Array<number>(best.bins).fill(0);
  h.counts.forEach((c, i) => (counts[Math.floor((first + i) / k) - g0] += c));
  const edges = counts.map((_, j) => (g0 + j) * width);
  edges.push((g0 + counts.length) * width);
  // The outer edges stay the fine ones: the chart's range is the paths', whatever the bins
  // (a coarse first bin from 0 would stretch the axis of a partial, and move it once refined).
  edges[0] = lo;
  edges[edges.length - 1] = h.edges[m];
  return { edges, counts };
}

/**
 * The bin width a complete run of `total` paths spanning `domain` is drawn in: the
 * engine's bins on that range (stats/histogram.ts, from its two ends), in the bins its
 * paths call for (drawnBins); 0 for a range of one value.
 */
export function completeBinWidth(domain: readonly [number, number], total: number): number {
  const [lo, hi] = domain;
  if (!(hi > lo) || !(total > 0)) return 0;
  return commonBinWidth([coarsen(histogram(Float64Array.of(lo, hi)), binsFor(total))]);
}

/**
 * The bar heights of a partial result's histogram `h` (drawn bins), as estimates of the
 * complete run's chart: each bin's share of paths per `width`, the width of the complete
 * run's bins (completeBinWidth). A partial's few paths are drawn in few, wide bins
 * (drawnBins), and a wide bin holds a larger share: drawn as they are, 12 paths' bars
 * reach 40% where the complete run's reach 12%, and the y axis jumps as the bins refine.
 * Per complete-run bin, a bar of 12 paths estimates the height the complete chart will
 * give that stretch of values, so bars and axis hold while paths come in. Every bar of `h`
 * is scaled by one factor, `width` over `h`'s bin width: its interior bins' (coarsen may cut
 * its end bins short, and the complete chart draws its own cut end bins at their share
 * too; a density per bin would make a spike of one path in a sliver), or with two bins
 * the wider one's. The table and read-out still give each drawn bin's own count and share.
 */
export function partialHeights(h: Histogram, width: number): number[] {
  const shares = histogramBins(h).map((b) => b.share);
  const widths = h.counts.map((_, i) => h.edges[i + 1] - h.edges[i]);
  const drawn = h.counts.length >= 3 ? commonBinWidth([h]) : Math.max(...widths);
  if (!(drawn > 0) || !(width > 0)) return shares;
  return shares.map((s) => (s / drawn) * width);
}

export interface DrawnHeights {
  /** One bar height a bin of the drawn histogram, as a share of paths. */
  heights: number[];
  /** The width the heights are per (the complete run's bins) while the result is partial; null when they are the bins' own shares. */
  per: number | null;
}

/**
 * The bar heights a histogram chart draws of `h` (drawn bins) on `xDomain`: each bin's
 * share of paths for a complete result (`total` null), its share per the complete run's
 * bin width on that domain for a partial one of a run of `total` paths (partialHeights).
 */
export function drawnHeights(h: Histogram, xDomain: readonly [number, number], total: number | null): DrawnHeights {
  if (total === null) return { heights: histogramBins(h).map((b) => b.share), per: null };
  const per = completeBinWidth(xDomain, total);
  return { heights: partialHeights(h, per), per: per > 0 ? per : null };
}
