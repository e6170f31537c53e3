/**
 * Histograms of per-path values, on the nice thresholds of d3-array (`nice`, `ticks`).
 */
import { bin, nice, ticks } from "d3";

/** The counts of per-path values between edges (the result file's `histograms`). */
export interface Histogram {
  /** Bin edges, one more than counts. */
  edges: number[];
  counts: number[];
}

/** About this many bins; d3 rounds the count to nice thresholds. */
export const HISTOGRAM_BINS = 40;

// A spread this small against the values' size is rounding noise: tick arithmetic would
// give repeated edges, so such a sample counts as all-equal. The floor keeps subnormal
// spreads, where the relative test underflows, on the same side.
const EQUAL_SPREAD = 1e-9;
const SIZE_FLOOR = 1e-290;

/**
 * Counts of `values` in bins [edge_i, edge_i+1), the last one closed, with nice edges
 * (multiples of 1, 2 or 5 times a power of ten) covering the sample, about `bins` of
 * them; `edges` has one more entry than `counts`. When every value is the same number
 * (up to rounding), the answer is one bin [min, max] holding all of them, zero-wide when
 * they are exactly equal: a chart draws it with a minimal width. Throws on an empty sample.
 */
export function histogram(values: Float64Array, bins: number = HISTOGRAM_BINS): Histogram {
  const n = values.length;
  if (n === 0) throw new Error("histogram: empty sample");
  let min = values[0];
  let max = values[0];
  for (let i = 1; i < n; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  if (max - min <= EQUAL_SPREAD * Math.max(Math.abs(min), Math.abs(max), SIZE_FLOOR)) {
    return { edges: [min, max], counts: [n] };
  }
  const [lo, hi] = nice(min, max, bins);
  // Explicit thresholds make d3 place values by bisection, exactly against the edges
  // (with a count it quantizes, which can round a value into a neighbouring bin).
  const thresholds = ticks(lo, hi, bins).filter((t) => t > lo && t < hi);
  const binned = bin().domain([lo, hi]).thresholds(thresholds)(values);
  return {
    edges: [...binned.map((b) => b.x0 as number), binned[binned.length - 1].x1 as number],
    counts: binned.map((b) => b.length),
  };
}
