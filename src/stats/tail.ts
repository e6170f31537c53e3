/**
 * Value at risk, expected shortfall and their contributions (MODEL.md section 9):
 *     VaR_α = Q(α) = x_(⌈nα⌉) of the loss,
 *     ES_α  = the mean of the losses at or above VaR_α,
 *     ES contribution of a part s = E[L_s | L ≥ VaR_α] over exactly the same tail set,
 * so the contributions of parts that add up to L add up to ES_α.
 * The tail set always holds the path at rank ⌈nα⌉ itself, so it is never empty.
 */
import { moments } from "./moments.ts";
import { quantileSorted } from "./quantile.ts";
import { quantileInterval } from "./quantileInterval.ts";

export interface TailRisk {
  var: number;
  es: number;
  /** Width of the 95% order-statistic interval of VaR over 2·1.96: its normal-theory standard error. */
  varStderr: number;
  /** Asymptotic standard error of the ES estimate (Manistre and Hancock, see below). */
  esStderr: number;
  /** Indexes of the paths in the tail set, L ≥ VaR_α, in path order. */
  tail: Uint32Array;
}

/** Indexes of the paths with loss at or above `threshold`, in path order. */
export function tailSet(loss: Float64Array, threshold: number): Uint32Array {
  let count = 0;
  for (let i = 0; i < loss.length; i++) if (loss[i] >= threshold) count++;
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < loss.length; i++) if (loss[i] >= threshold) out[k++] = i;
  return out;
}

/** The mean of `column` over the paths in `tail`; 0 for an empty tail. */
export function tailMean(column: Float64Array, tail: Uint32Array): number {
  if (tail.length === 0) return 0;
  let sum = 0;
  for (let k = 0; k < tail.length; k++) sum += column[tail[k]];
  return sum / tail.length;
}

/**
 * VaR and ES of `loss` at level α with their Monte Carlo standard errors; `sorted` is the
 * ascending copy of `loss`.
 *
 * The ES standard error is the asymptotic one of Manistre and Hancock, "Variance of the
 * CTE estimator", North American Actuarial Journal 9(2), 2005:
 *     Var(ES) ≈ (s²_tail + α·(ES − VaR)²) / k,
 * with s²_tail the sample variance of the k tail losses. The plain sd/√k of the tail
 * losses drops the second term, which carries the randomness of VaR itself; on heavy
 * tails it understates the error by a quarter to a third.
 */
export function tailRisk(loss: Float64Array, sorted: Float64Array, alpha: number): TailRisk {
  const v = quantileSorted(sorted, alpha);
  const tail = tailSet(loss, v);
  const tailLosses = Float64Array.from(tail, (i) => loss[i]);
  const { mean, sd } = moments(tailLosses);
  // Every tail loss is ≥ VaR, so their mean is too; rounding the sum of equal losses
  // can take the last bit off.
  const es = Math.max(mean, v);
  const [lo, hi] = quantileInterval(sorted, alpha);
  const k = tail.length;
  return {
    var: v,
    es,
    varStderr: (hi - lo) / (2 * 1.96),
    esStderr: Math.sqrt((sd * sd + alpha * (es - v) ** 2) / k),
    tail,
  };
}
