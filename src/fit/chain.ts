/**
 * The fitted monthly chain (MODEL.md v2 §4, without policy): from C miss with h into D1
 * (into F when there are no buckets), from Dk roll with r_k one bucket on (Dm rolls into
 * F), stay with s_k, else cure to C. `pd` is the chain's probability of being absorbed in F
 * within 12 months from C, with no attrition (MODEL.md v2 §3, the definition the engine
 * solves h back from).
 *
 * Its interval is the delta method on the logit of pd: the gradient by central
 * differences, the covariance of the cohort rates the multinomial one (h apart from the
 * buckets; within bucket k, var r = r(1−r)/n, var s = s(1−s)/n, cov = −rs/n). The delta
 * method, not a bootstrap, because pd is a smooth function of a few rates each estimated
 * from thousands of account-months, where the linearization is accurate, and it costs a
 * dozen chain evaluations instead of a thousand refits. On the logit scale so the interval
 * stays inside (0, 1).
 */
import { Z95, type Estimate } from "./interval.ts";

export interface Ladder {
  miss: number;
  roll: number[];
  stay: number[];
}

/** Probability that the chain, started in C, is in F after `months` months. */
export function absorption(ladder: Ladder, months = 12, attrition = 0): number {
  const m = ladder.roll.length;
  // dist[0] = C, dist[k] = Dk, dist[m + 1] = F; P (attrited) is dropped.
  let dist: Float64Array = new Float64Array(m + 2);
  dist[0] = 1;
  for (let t = 0; t < months; t++) dist = step(dist, ladder, attrition);
  return dist[m + 1];
}

/** One month of the chain applied to a distribution over C, D1..Dm, F (P dropped). */
export function step(dist: ArrayLike<number>, ladder: Ladder, attrition = 0): Float64Array {
  const m = ladder.roll.length;
  const next = new Float64Array(m + 2);
  const h = ladder.miss;
  next[m + 1] += dist[m + 1];
  next[m === 0 ? m + 1 : 1] += dist[0] * h;
  next[0] += dist[0] * (1 - h) * (1 - attrition);
  for (let k = 1; k <= m; k++) {
    const r = ladder.roll[k - 1];
    const s = ladder.stay[k - 1];
    next[k + 1 > m ? m + 1 : k + 1] += dist[k] * r;
    next[k] += dist[k] * s;
    next[0] += dist[k] * (1 - r - s);
  }
  return next;
}

/** pd with its delta-method interval, from the rates and the account-months behind them. */
export function pdEstimate(ladder: Ladder, missTrials: number, bucketTrials: number[]): Estimate {
  const pd = absorption(ladder);
  const logit = (p: number) => Math.log(p / (1 - p));
  if (!(pd > 0 && pd < 1)) return { value: pd, low: pd, high: pd };
  const g = (l: Ladder) => logit(Math.min(1 - 1e-15, Math.max(1e-15, absorption(l))));
  const m = ladder.roll.length;
  const eps = 1e-6;
  const shifted = (which: "miss" | "roll" | "stay", k: number, d: number): Ladder => {
    const l = { miss: ladder.miss, roll: [...ladder.roll], stay: [...ladder.stay] };
    if (which === "miss") l.miss += d;
    else l[which][k] += d;
    return l;
  };
  const grad = (which: "miss" | "roll" | "stay", k: number) => (g(shifted(which, k, eps)) - g(shifted(which, k, -eps))) / (2 * eps);
  const h = ladder.miss;
  let variance = missTrials > 0 ? grad("miss", 0) ** 2 * ((h * (1 - h)) / missTrials) : 0;
  for (let k = 0; k < m; k++) {
    const n = bucketTrials[k];
    if (!(n > 0)) continue;
    const r = ladder.roll[k];
    const s = ladder.stay[k];
    const gr = grad("roll", k);
    const gs = grad("stay", k);
    variance += (gr * gr * r * (1 - r) + gs * gs * s * (1 - s) - 2 * gr * gs * r * s) / n;
  }
  const half = Z95 * Math.sqrt(variance);
  const inv = (x: number) => 1 / (1 + Math.exp(-x));
  return { value: pd, low: inv(logit(pd) - half), high: inv(logit(pd) + half) };
}
