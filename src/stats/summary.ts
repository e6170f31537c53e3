/**
 * The summary of one quantity across paths (INTERFACE.md `S`, MODEL.md section 9).
 */
import { moments, standardError } from "./moments.ts";
import { quantileSorted, sortAscending } from "./quantile.ts";
import { quantileInterval } from "./quantileInterval.ts";
import { hasMeanError, hasTailError } from "./errorBars.ts";

/** The levels of every summary's quantiles (INTERFACE.md `S`). */
export const QUANTILE_LEVELS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999] as const;

/** Summary of one quantity across paths (S). */
export interface Summary {
  mean: number;
  sd: number;
  /** sd/√n; null with fewer than 20 paths. */
  stderr: number | null;
  min: number;
  max: number;
  /** Keyed by level as written in QUANTILE_LEVELS ("0.01" … "0.999"). */
  quantiles: Record<string, number>;
  /**
   * Added key: a distribution-free 95% interval for each quantile from the order
   * statistics; null with fewer than 20 paths beyond the level.
   */
  quantileCI95: Record<string, [number, number] | null>;
}

/**
 * Mean, sd (n − 1 divisor), standard error sd/√n, min, max, the empirical quantiles
 * Q(α) = x_(⌈nα⌉) at QUANTILE_LEVELS keyed by String(α), and a distribution-free 95%
 * interval for each from the order statistics. Error bars follow errorBars.ts: the
 * stderr is null with fewer than 20 paths, a quantile's interval with fewer than 20 paths
 * beyond its level. With one value sd is 0.
 * Throws on an empty sample or a non-finite value (bugs upstream).
 *
 * `sorted` may be passed when the caller already holds the ascending copy.
 */
export function summarize(values: Float64Array, sorted: Float64Array = sortAscending(values)): Summary {
  const m = moments(values);
  const quantiles: Record<string, number> = {};
  const quantileCI95: Record<string, [number, number] | null> = {};
  for (const level of QUANTILE_LEVELS) {
    quantiles[String(level)] = quantileSorted(sorted, level);
    quantileCI95[String(level)] = hasTailError(m.n, level) ? quantileInterval(sorted, level) : null;
  }
  return {
    // The rounded mean of equal values can fall a last bit outside [min, max].
    mean: Math.min(sorted[sorted.length - 1], Math.max(sorted[0], m.mean)),
    sd: m.sd,
    stderr: hasMeanError(m.n) ? standardError(m) : null,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    quantiles,
    quantileCI95,
  };
}
