/**
 * A fan-chart band of one per-period quantity across paths (INTERFACE.md `F`).
 */
import { moments } from "./moments.ts";
import { quantileSorted, sortAscending } from "./quantile.ts";

/** A per-period fan across paths (F). */
export interface Fan {
  mean: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/**
 * The mean and the 5, 25, 50, 75 and 95% points of `values`. The percentiles use the
 * same empirical quantile as every summary, Q(α) = x_(⌈nα⌉) (see quantile.ts), so a
 * fan's p95 of a period's loss is read the same way as a VaR. Throws on an empty sample.
 */
export function fan(values: Float64Array): Fan {
  const { mean } = moments(values);
  const sorted = sortAscending(values);
  const q = (alpha: number) => quantileSorted(sorted, alpha);
  return {
    mean: Math.min(sorted[sorted.length - 1], Math.max(sorted[0], mean)),
    p5: q(0.05),
    p25: q(0.25),
    p50: q(0.5),
    p75: q(0.75),
    p95: q(0.95),
  };
}
