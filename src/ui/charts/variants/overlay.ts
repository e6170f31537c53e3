/**
 * Several variants' distributions on one scale. Their histograms may have different
 * bins, so each is read as a share of paths per common width (the finest bin width),
 * and the read-out walks a grid of cells of that width.
 */
import type { Histogram } from "../../../result/resultFile.ts";
import { binAt, commonBinWidth, histogramBins, histogramExtent, sharePer, type Bin } from "../distributions/histogramBars.ts";

export interface OverlaySeries {
  name: string;
  bins: Bin[];
  /** Share of paths per `width` units, one value per bin. */
  values: number[];
}

export interface Overlay {
  width: number;
  extent: [number, number];
  series: OverlaySeries[];
  /** Cells of the read-out grid: [x0, x1) of `width` each, covering the extent. */
  cells: [number, number][];
}

/**
 * The histograms of named variants on one scale: share of paths per `per`, by default their
 * finest bin width (a partial result's chart passes the complete run's: histogramBars.ts
 * partialHeights says why).
 */
export function overlay(named: readonly { name: string; histogram: Histogram }[], per?: number): Overlay {
  const hs = named.map((n) => n.histogram);
  const width = per !== undefined && per > 0 ? per : commonBinWidth(hs);
  const extent = histogramExtent(hs);
  const series = named.map((n) => {
    const bins = histogramBins(n.histogram);
    return { name: n.name, bins, values: sharePer(bins, width) };
  });
  const count = width > 0 ? Math.max(1, Math.round((extent[1] - extent[0]) / width)) : 1;
  const step = width > 0 ? width : extent[1] - extent[0];
  const cells = Array.from({ length: count }, (_, i): [number, number] => [extent[0] + i * step, extent[0] + (i + 1) * step]);
  return { width, extent, series, cells };
}

/** Each series' value at `x`: its bin's share per width, 0 outside its histogram. */
export function valuesAt(o: Overlay, x: number): number[] {
  return o.series.map((s) => {
    const first = s.bins[0];
    const last = s.bins[s.bins.length - 1];
    if (!first || x < first.x0 || x > last.x1) return 0;
    return s.values[binAt(s.bins, x)];
  });
}

/**
 * A histogram as its cumulative share of paths: at each bin edge, the share of paths at or
 * below it (paths spread evenly within a bin, so the points join by straight lines). Unlike
 * densities on one bin width, this reads the same for a narrow and a heavy-tailed
 * distribution: a heavier tail is a line that reaches 100% further right.
 */
export function cumulative(h: Histogram): [number, number][] {
  const total = h.counts.reduce((s, c) => s + c, 0);
  if (total === 0 || h.edges.length === 0) return [];
  let seen = 0;
  return h.edges.map((x, i): [number, number] => {
    if (i > 0) seen += h.counts[i - 1];
    return [x, seen / total];
  });
}

/** The share of paths at or below `x` on a cumulative line: 0 left of it, 1 right of it, straight between its points. */
export function cumulativeAt(points: readonly [number, number][], x: number): number {
  if (points.length === 0 || x < points[0][0]) return 0;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    if (x <= x1) return x1 > x0 ? y0 + ((y1 - y0) * (x - x0)) / (x1 - x0) : y1;
  }
  return 1;
}
