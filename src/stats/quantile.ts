/**
 * The empirical quantile used everywhere in creditlab (summaries, VaR, fan charts):
 *     Q(α) = x_(⌈nα⌉),
 * the smallest sample value whose empirical CDF is at least α (Hyndman and Fan, "Sample
 * quantiles in statistical packages", 1996, definition 1). It never interpolates, so every
 * reported quantile, and every VaR, is a loss that some path actually produced.
 */

/** A sorted copy of `values`, ascending. The typed-array sort is numeric. */
export function sortAscending(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

// nα is computed in floating point: 1000 · 0.995 may land a hair above 995 and ceil to
// 996. The levels have at most a few decimals, so nα is either an integer or at least
// 1e-3 from one, and shaving 1e-9 off only removes that rounding noise.
const RANK_SLACK = 1e-9;

/** The 1-based rank ⌈nα⌉ of the α-quantile, clamped to [1, n]. α must lie in [0, 1]. */
export function quantileRank(n: number, alpha: number): number {
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`quantileRank: level ${alpha} is outside [0, 1]`);
  if (n < 1) throw new Error("quantileRank: empty sample");
  return Math.min(n, Math.max(1, Math.ceil(n * alpha - RANK_SLACK)));
}

/** Q(α) = x_(⌈nα⌉) of an ascending sample (see the top of this file). */
export function quantileSorted(sorted: ArrayLike<number>, alpha: number): number {
  return sorted[quantileRank(sorted.length, alpha) - 1];
}
