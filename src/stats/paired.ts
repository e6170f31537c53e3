/**
 * Paired differences between two variants, path by path. Variants run on common random
 * numbers (MODEL.md section 10), so their per-path values move together and the variance
 * of the difference is far below the sum of the variances.
 */
import { moments, standardError } from "./moments.ts";
import { hasMeanError } from "./errorBars.ts";
import { studentT975 } from "./studentT.ts";

/** A paired difference, path by path, against the first variant (D). */
export interface Difference {
  mean: number;
  /** Null, as is ci95, with fewer than 20 paths. */
  stderr: number | null;
  /** mean ± t_{n−1, 0.975}·stderr. */
  ci95: [number, number] | null;
}

export interface PairedComparison {
  /** Mean of (variant − base) per path, its standard error and 95% interval. */
  paired: Difference;
  /** Standard error of the same difference of means had the samples been independent; null with < 20 paths. */
  unpairedStderr: number | null;
}

/**
 * Compares `variant` with `base`, two samples over the same paths in the same order.
 * The interval is mean ± t_{n−1, 0.975}·stderr, Student's interval for a mean. The
 * unpaired standard error is √(var_v/n + var_0/n). With fewer than 20 paths the standard
 * errors and the interval are null (errorBars.ts).
 */
export function pairedComparison(variant: Float64Array, base: Float64Array): PairedComparison {
  const n = variant.length;
  if (n !== base.length) throw new Error(`pairedComparison: ${n} paths against ${base.length}`);
  const diff = new Float64Array(n);
  for (let i = 0; i < n; i++) diff[i] = variant[i] - base[i];
  const d = moments(diff);
  if (!hasMeanError(n)) return { paired: { mean: d.mean, stderr: null, ci95: null }, unpairedStderr: null };
  const stderr = standardError(d);
  const half = studentT975(n - 1) * stderr;
  const v = moments(variant);
  const b = moments(base);
  return {
    paired: { mean: d.mean, stderr, ci95: [d.mean - half, d.mean + half] },
    unpairedStderr: Math.sqrt((v.sd * v.sd + b.sd * b.sd) / n),
  };
}
