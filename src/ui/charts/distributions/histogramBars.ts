/**
 * From a result file's histogram (edges and counts) to what a chart draws: bins with
 * their share of paths, bar rectangles in pixels, and step outlines that put histograms
 * with different bin widths on one scale.
 */
import type { ScaleLinear } from "d3";
import type { Histogram } from "../../../result/resultFile.ts";

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
 * nice too and reads well in an axis label ("share of paths per 50k").
 */
export function commonBinWidth(hs: readonly Histogram[]): number {
  let w = Infinity;
  for (const h of hs) {
    for (let i = 0; i + 1 < h.edges.length; i++) {
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
