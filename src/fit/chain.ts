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
import { Phi, PhiInv } from "../math/normal.ts";
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

/** The economy the through-the-cycle pd integrates over: a monthly AR(1) factor, stationary N(0, 1). */
export interface Economy {
  /** Asset correlation of the miss hazard, and of the roll rates (the scenario's default is the same). */
  rho: number;
  rollRho: number;
  /** Monthly persistence φ of the factor. */
  persistence: number;
}

/** Nodes of the discretized economy: the pd within 0.1% of its value on 801 nodes at ρ ≤ 0.3 (docs/model.md §13). */
const NODES = 101;

/**
 * The AR(1) factor on `n` nodes by Rouwenhorst's method (Kopecky & Suen 2010, "Finite
 * state Markov-chain approximations to highly persistent processes", Review of Economic
 * Dynamics 13(3)): nodes equally spaced on ±√(n−1), a binomial stationary law, and a
 * transition matrix whose mean, variance and autocorrelation equal the process's exactly
 * at any φ < 1, the reason it is used rather than Tauchen's grid, which fails at the
 * persistence (0.6–0.98) economies have.
 */
export function rouwenhorst(n: number, phi: number): { nodes: number[]; weights: number[]; transition: number[][] } {
  const p = (1 + phi) / 2;
  let P = [[1]];
  for (let m = 2; m <= n; m++) {
    const next = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    for (let i = 0; i < m - 1; i++) {
      for (let j = 0; j < m - 1; j++) {
        const x = P[i][j];
        next[i][j] += p * x;
        next[i][j + 1] += (1 - p) * x;
        next[i + 1][j] += (1 - p) * x;
        next[i + 1][j + 1] += p * x;
      }
    }
    for (let i = 1; i < m - 1; i++) for (let j = 0; j < m; j++) next[i][j] /= 2;
    P = next;
  }
  const psi = Math.sqrt(n - 1);
  const nodes = Array.from({ length: n }, (_, i) => -psi + (2 * psi * i) / (n - 1));
  // Binomial(n − 1, ½) stationary law, built by its recurrence to stay exact for large n.
  const weights = new Array<number>(n);
  weights[0] = 2 ** -(n - 1);
  for (let i = 1; i < n; i++) weights[i] = (weights[i - 1] * (n - i)) / i;
  return { nodes, weights, transition: P };
}

/**
 * The 12-month default probability of the chain through the cycle: the mean over the
 * stationary economy of the probability that an account current in month 1 is in F after
 * `months` months, when in each month the miss hazard and the roll rates are shifted by
 * that month's factor as the engine shifts them (docs/model.md §3.1, §4.2): h(x) =
 * Φ((Φ⁻¹h − √ρ x)/√(1−ρ)), r_k(x) the same with the roll correlation, capped at 1 − s_k,
 * stays unshifted. `ladder` holds the through-the-cycle rates (each the stationary mean of
 * its shifted rate). Exact for the discretized factor: the joint law of (state, factor node)
 * is carried month by month. `grid` (default: 101 nodes at the economy's persistence) lets a
 * caller that evaluates many ladders build the economy's grid once.
 */
export function absorptionThroughCycle(
  ladder: Ladder,
  economy: Economy,
  { months = 12, grid }: { months?: number; grid?: ReturnType<typeof rouwenhorst> } = {},
): number {
  if (!(economy.rho > 0) && !(economy.rollRho > 0)) return absorption(ladder, months);
  grid ??= rouwenhorst(NODES, Math.min(economy.persistence, 0.999));
  const { weights, transition } = grid;
  const n = grid.nodes.length;
  const shift = (p: number, rho: number, x: number) => (rho > 0 && p > 0 && p < 1 ? Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho)) : p);
  const m = ladder.roll.length;
  const width = m + 2;
  // Per node: the miss hazard and each bucket's roll (flat arrays: this runs in the pd interval's draws).
  const miss = new Float64Array(n);
  const roll = new Float64Array(n * Math.max(1, m));
  grid.nodes.forEach((x, i) => {
    miss[i] = shift(ladder.miss, economy.rho, x);
    for (let k = 0; k < m; k++) roll[i * m + k] = Math.min(shift(ladder.roll[k], economy.rollRho, x), 1 - ladder.stay[k]);
  });
  // joint[i·width + s]: the probability of being at node i this month and in state s (C, D1..Dm, F).
  let joint = new Float64Array(n * width);
  for (let i = 0; i < n; i++) joint[i * width] = weights[i];
  const moved = new Float64Array(n * width);
  for (let t = 0; t < months; t++) {
    moved.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * width;
      const h = miss[i];
      moved[o + m + 1] += joint[o + m + 1];
      moved[o + (m === 0 ? m + 1 : 1)] += joint[o] * h;
      moved[o] += joint[o] * (1 - h);
      for (let k = 1; k <= m; k++) {
        const r = roll[i * m + k - 1];
        const st = ladder.stay[k - 1];
        moved[o + (k + 1 > m ? m + 1 : k + 1)] += joint[o + k] * r;
        moved[o + k] += joint[o + k] * st;
        moved[o] += joint[o + k] * (1 - r - st);
      }
    }
    if (t + 1 === months) break;
    const next = new Float64Array(n * width);
    for (let i = 0; i < n; i++) {
      const row = transition[i];
      for (let j = 0; j < n; j++) {
        const w = row[j];
        if (w === 0) continue;
        for (let s = 0; s < width; s++) next[j * width + s] += w * moved[i * width + s];
      }
    }
    joint = next;
  }
  let absorbed = 0;
  for (let i = 0; i < n; i++) absorbed += moved[i * width + m + 1];
  return absorbed;
}
