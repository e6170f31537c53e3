/**
 * A distribution-free confidence interval for a quantile from the order statistics
 * (David and Nagaraja, "Order Statistics", 3rd ed., 2003, section 7.1).
 *
 * If B counts the sample values at or below the true α-quantile ξ, then B ~ Binomial(n, α)
 * for a continuous distribution, and [x_(l), x_(u)] covers ξ with probability
 * P(l ≤ B < u). We take the tightest equal-tailed ranks:
 *     l = the largest rank with P(B ≤ l − 1) ≤ 2.5%,
 *     u = the smallest rank with P(B ≤ u − 1) ≥ 97.5%,
 * so the coverage is at least 95%. The binomial probabilities are computed exactly.
 * Ranks are clamped to [1, n]: with few paths and an extreme level the interval is the
 * sample range and covers less than 95% (no interval from the sample can do better).
 */

const TAIL = 0.025;
// Binomial terms below this fraction of the mode's term are dropped: they add up to
// far less than a double's precision.
const NEGLIGIBLE = 1e-20;

/**
 * Exact Binomial(n, α) CDF over the range of ranks that carries the mass, computed with
 * the ratio of neighbouring terms outward from the mode. This costs O(√n) per call and
 * never forms (1 − α)^n, which underflows for extreme levels and many paths.
 */
function binomialCdfWindow(n: number, alpha: number): { from: number; cdf: Float64Array } {
  const mode = Math.min(n, Math.floor((n + 1) * alpha));
  const odds = alpha / (1 - alpha);
  // Terms relative to the term at the mode, below and above it.
  const below: number[] = [];
  for (let k = mode, w = 1; k > 0; k--) {
    w *= (k / (n - k + 1)) / odds; // term(k − 1) / term(k)
    if (w < NEGLIGIBLE) break;
    below.push(w);
  }
  const above: number[] = [];
  for (let k = mode, w = 1; k < n; k++) {
    w *= ((n - k) / (k + 1)) * odds; // term(k + 1) / term(k)
    if (w < NEGLIGIBLE) break;
    above.push(w);
  }
  const from = mode - below.length;
  const terms = [...below.reverse(), 1, ...above];
  const total = terms.reduce((s, w) => s + w, 0);
  const cdf = new Float64Array(terms.length);
  let acc = 0;
  for (let i = 0; i < terms.length; i++) cdf[i] = (acc += terms[i]) / total;
  return { from, cdf };
}

/**
 * The 1-based ranks [l, u] of the 95% order-statistic interval for the α-quantile of a
 * sample of n, clamped to [1, n]. α must lie strictly between 0 and 1.
 */
export function quantileIntervalRanks(n: number, alpha: number): [number, number] {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`quantileIntervalRanks: level ${alpha} is outside (0, 1)`);
  if (n < 1) throw new Error("quantileIntervalRanks: empty sample");
  const { from, cdf } = binomialCdfWindow(n, alpha);
  // P(B ≤ from + i) = cdf[i]; below the window it is ~0, above it ~1.
  let l = from; // P(B ≤ from − 1) ≈ 0 ≤ TAIL
  while (l - from < cdf.length && cdf[l - from] <= TAIL) l++;
  let u = from + 1; // smallest u with P(B ≤ u − 1) ≥ 1 − TAIL
  while (u - 1 - from < cdf.length - 1 && cdf[u - 1 - from] < 1 - TAIL) u++;
  return [Math.max(1, l), Math.min(n, u)];
}

/** The 95% order-statistic interval [x_(l), x_(u)] for the α-quantile of an ascending sample. */
export function quantileInterval(sorted: ArrayLike<number>, alpha: number): [number, number] {
  const [l, u] = quantileIntervalRanks(sorted.length, alpha);
  return [sorted[l - 1], sorted[u - 1]];
}
