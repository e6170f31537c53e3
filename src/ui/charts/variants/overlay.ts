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

/** The histograms of named variants on one scale. */
export function overlay(named: readonly { name: string; histogram: Histogram }[]): Overlay {
  const hs = named.map((n) => n.histogram);
  const width = commonBinWidth(hs);
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
