/**
 * 95% intervals for the fitted rates.
 *
 * Rates are Wilson score intervals (Wilson 1927; Brown, Cai & DasGupta 2001, "Interval
 * estimation for a binomial proportion", recommend it over the Wald interval, whose
 * coverage collapses near 0 and 1, where roll and cure rates of thin buckets live). Wilson
 * rather than an account-level bootstrap because under the model being fitted, a Markov
 * chain, an account's months are independent given their starting states: the likelihood
 * is a product over account-months, each bucket's next states are multinomial in the
 * bucket's count, and the binomial interval is the exact thing. A bootstrap over accounts
 * would only add width for dependence the chain does not have, at a thousand refits' cost.
 * What the chain does not have, months that move together (the economy), is measured apart,
 * by the correlation fit, and shows in the back-test's χ².
 */

export const Z95 = 1.959963984540054;

export interface Estimate {
  value: number;
  low: number;
  high: number;
  /** Events and trials behind a rate (absent for derived figures). */
  events?: number;
  trials?: number;
}

/** The share k/n with its Wilson score interval; n = 0 gives NaN with the interval [0, 1]. */
export function wilson(k: number, n: number, z = Z95): Estimate {
  if (n === 0) return { value: NaN, low: 0, high: 1, events: 0, trials: 0 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 the low end is 0 exactly (and at k = n the high end 1): centre − half leaves a rounding residue (6.9e-18).
  return { value: p, low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half), events: k, trials: n };
}

/** Mean of `xs` with a normal-theory 95% interval (and the sample sd), for LGD and CCF. */
export function meanInterval(xs: number[]): Estimate & { sd: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const half = n > 1 ? (Z95 * sd) / Math.sqrt(n) : Infinity;
  return { value: mean, low: mean - half, high: mean + half, sd, trials: n };
}
