/**
 * Mean and standard deviation of a sample, in two passes: the second pass sums squared
 * deviations from the mean, which keeps the variance accurate when the mean is large
 * against the spread (a textbook pitfall of the one-pass sum of squares; Chan, Golub and
 * LeVeque, "Algorithms for computing the sample variance", 1983).
 */

export interface Moments {
  n: number;
  mean: number;
  /** Sample standard deviation with the n − 1 divisor; 0 for a single value. */
  sd: number;
}

/**
 * Moments of `values`. Throws on an empty sample or a non-finite value: both are bugs
 * upstream, and a NaN must never reach a result file.
 */
export function moments(values: ArrayLike<number>): Moments {
  const n = values.length;
  if (n === 0) throw new Error("moments: empty sample");
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) throw new Error(`moments: value ${x} at index ${i} is not finite`);
    sum += x;
  }
  const mean = sum / n;
  if (n === 1) return { n, mean, sd: 0 };
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    ss += d * d;
  }
  if (Number.isFinite(ss)) return { n, mean, sd: Math.sqrt(ss / (n - 1)) };
  // Deviations beyond ~1e154 overflow when squared (a ratio over a near-zero base can
  // reach that): sum the squares of the deviations scaled by the largest one.
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(values[i] - mean));
  ss = 0;
  for (let i = 0; i < n; i++) ss += ((values[i] - mean) / scale) ** 2;
  return { n, mean, sd: scale * Math.sqrt(ss / (n - 1)) };
}

/** Standard error of the mean, sd/√n; 0 for a single value. */
export const standardError = (m: Moments): number => m.sd / Math.sqrt(m.n);
