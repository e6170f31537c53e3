/**
 * Paired differences between two variants, path by path. Variants run on common random
 * numbers (MODEL.md section 10), so their per-path values move together and the variance
 * of the difference is far below the sum of the variances.
 */
import type { Difference } from "../result/resultFile.ts";
import { moments, standardError } from "./moments.ts";

export interface PairedComparison {
  /** Mean of (variant − base) per path, its standard error and 95% interval. */
  paired: Difference;
  /** Standard error of the same difference of means had the samples been independent. */
  unpairedStderr: number;
}

/**
 * Compares `variant` with `base`, two samples over the same paths in the same order.
 * The interval is mean ± 1.96·stderr, the normal approximation to the sampling
 * distribution of the mean. The unpaired standard error is √(var_v/n + var_0/n).
 */
export function pairedComparison(variant: Float64Array, base: Float64Array): PairedComparison {
  const n = variant.length;
  if (n !== base.length) throw new Error(`pairedComparison: ${n} paths against ${base.length}`);
  const diff = new Float64Array(n);
  for (let i = 0; i < n; i++) diff[i] = variant[i] - base[i];
  const d = moments(diff);
  const stderr = standardError(d);
  const v = moments(variant);
  const b = moments(base);
  return {
    paired: { mean: d.mean, stderr, ci95: [d.mean - 1.96 * stderr, d.mean + 1.96 * stderr] },
    unpairedStderr: Math.sqrt((v.sd * v.sd + b.sd * b.sd) / n),
  };
}
