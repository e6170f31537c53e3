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
 * With few paths the discreteness of B can push that coverage above 97% (up to 97.4% for
 * medians and quartiles of 40–110 paths with 20 beyond the level); then one end moves in by a rank when that brings the
 * coverage closer to 95% without going below it, so that the interval means what
 * MODEL.md section 9 says (93–97%).
 * Ranks are clamped to [1, n]: with few paths and an extreme level the interval is the
 * sample range and covers less than 95% (no interval from the sample can do better).
 */

const TAIL = 0.025;
/** Coverage above this is tightened by a rank where it can be (see above). */
const MOST = 0.97;
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
  l = Math.max(1, l);
  u = Math.min(n, u);
  // P(B ≤ r − 1) from the window, for the coverage P(l ≤ B ≤ u − 1).
  const below = (r: number) => (r - 1 < from ? 0 : r - 1 - from >= cdf.length ? 1 : cdf[r - 1 - from]);
  const coverage = (a: number, b: number) => below(b) - below(a);
  if (l > 1 && u < n && u - l > 1 && coverage(l, u) > MOST) {
    const inner = [[l + 1, u], [l, u - 1]].filter(([a, b]) => coverage(a, b) >= 1 - 2 * TAIL);
    inner.sort((x, y) => coverage(x[0], x[1]) - coverage(y[0], y[1]));
    if (inner.length > 0) [l, u] = inner[0];
  }
  return [l, u];
}

/** The 95% order-statistic interval [x_(l), x_(u)] for the α-quantile of an ascending sample. */
export function quantileInterval(sorted: ArrayLike<number>, alpha: number): [number, number] {
  const [l, u] = quantileIntervalRanks(sorted.length, alpha);
  return [sorted[l - 1], sorted[u - 1]];
}
