/**
 * The asset correlation ρ from the month-to-month variation of the first-miss rate of
 * current accounts beyond the binomial, by maximum likelihood.
 *
 * The rate used is the miss rate, not the default rate, because that is where the model's
 * ρ acts (MODEL.md v2 §3): given the economy Z_t, a current account misses in month t with
 * q_t = Φ((Φ⁻¹(h) − √ρ Z_t)/√(1−ρ)), so y_t = Φ⁻¹(q_t) = μ + b·X_t with b² = ρ/(1−ρ) and
 * X_t the factor, an AR(1) with unit variance and monthly persistence φ (§2). A month's
 * default count is the sum of misses of earlier months carried down the ladder with their
 * own correlation, which blurs ρ over lags. The observed rate adds binomial noise: its probit
 * has variance p(1−p)/(n φ(Φ⁻¹ p)²) (delta method, p the pooled rate; counts get ½ added
 * so an empty month has a probit). So y_t = μ + b X_t + e_t is a linear Gaussian state-space
 * model; its likelihood comes from the Kalman filter in O(T), with μ profiled out by
 * filtering the constant alongside (the augmented filter of de Jong 1991). ρ and φ are
 * found on a grid; the 95% interval of ρ is the profile-likelihood one, {ρ : 2(ℓ̂ − ℓ_p(ρ)) ≤
 * 3.84}. φ matters: months of a persistent economy are not independent, and a method of
 * moments that treats them so would understate the variance (and the interval) of ρ.
 */
import { PhiInv } from "../math/normal.ts";

export interface CorrelationFit {
  rho: number;
  low: number;
  high: number;
  /** The monthly persistence of the factor at the estimate. */
  persistence: number;
  months: number;
  /** Why the data cannot pin ρ down, or null. */
  note: string | null;
}

export const MIN_MONTHS = 24;
const CHI2_95 = 3.841458820694124;

/** ρ grid: fine near 0, where consumer books live, coarser up to 0.6. */
export const RHO_GRID = Array.from({ length: 241 }, (_, i) => 0.6 * (i / 240) ** 2);
export const PHI_GRID = Array.from({ length: 50 }, (_, i) => i / 50);

/**
 * Each month's probit of its miss rate, y_t = Φ⁻¹((k_t + ½)/(n_t + 1)), and its binomial
 * variance v_t = p(1−p)/(n_t φ(Φ⁻¹ p)²) at the pooled rate p (NaN for a month with no
 * trials); null when the pooled rate is 0 or 1.
 */
export function monthlyProbits(events: number[], trials: number[]): { y: number[]; v: number[]; p: number; usable: number } | null {
  const y: number[] = [];
  const v: number[] = [];
  const totalEvents = events.reduce((s, x, t) => s + (trials[t] > 0 ? x : 0), 0);
  const totalTrials = trials.reduce((s, x) => s + x, 0);
  const p = totalEvents / totalTrials;
  if (!(p > 0 && p < 1)) return null;
  const density = Math.exp(-0.5 * PhiInv(p) ** 2) / Math.sqrt(2 * Math.PI);
  for (let t = 0; t < events.length; t++) {
    const n = trials[t];
    if (n <= 0) {
      y.push(NaN);
      v.push(NaN);
      continue;
    }
    y.push(PhiInv((events[t] + 0.5) / (n + 1)));
    v.push((p * (1 - p)) / (n * density * density));
  }
  return { y, v, p, usable: y.filter((x) => !Number.isNaN(x)).length };
}

/** Fits ρ and φ to monthly miss counts `events[t]` out of `trials[t]`; null under 24 usable months. */
export function fitCorrelation(events: number[], trials: number[]): CorrelationFit | null {
  const probit = monthlyProbits(events, trials);
  if (probit === null) return null;
  const { y, v, usable } = probit;
  if (usable < MIN_MONTHS) return null;
  let best = { ll: -Infinity, rho: 0, phi: 0 };
  const profile = RHO_GRID.map((rho) => {
    let top = -Infinity;
    for (const phi of PHI_GRID) {
      const ll = logLikelihood(y, v, Math.sqrt(rho / (1 - rho)), phi);
      if (ll > top) top = ll;
      if (ll > best.ll) best = { ll, rho, phi };
    }
    return top;
  });
  const inside = RHO_GRID.filter((_, i) => 2 * (best.ll - profile[i]) <= CHI2_95);
  const low = inside[0];
  const high = inside[inside.length - 1];
  const top = RHO_GRID[RHO_GRID.length - 1];
  const note =
    high >= top
      ? `the data cannot bound ρ: its interval reaches ${top}, the largest value tried`
      : low === 0
        ? `the data cannot tell ρ from 0: ${usable} months do not vary beyond the binomial enough`
        : null;
  return { rho: best.rho, low, high, persistence: best.phi, months: usable, note };
}

/**
 * The Kalman filter's sums for y_t = μ + b X_t + e_t with μ filtered alongside (de Jong
 * 1991): with F_t the innovation variances and eY_t, e1_t the innovations of y and of the
 * constant, the log-likelihood at a given μ is −½(logF + yy − 2μ·y1 + μ²·oneOne), up to a
 * constant; NaN months skipped.
 */
export interface KalmanSums {
  logF: number;
  yy: number;
  y1: number;
  oneOne: number;
}

export function kalmanSums(y: number[], v: number[], b: number, phi: number): KalmanSums {
  let aY = 0;
  let a1 = 0;
  let P = 1;
  let sLogF = 0;
  let sYY = 0;
  let sY1 = 0;
  let s11 = 0;
  for (let t = 0; t < y.length; t++) {
    if (!Number.isNaN(y[t])) {
      const F = b * b * P + v[t];
      const eY = y[t] - b * aY;
      const e1 = 1 - b * a1;
      const K = (P * b) / F;
      aY += K * eY;
      a1 += K * e1;
      P -= K * b * P;
      sLogF += Math.log(F);
      sYY += (eY * eY) / F;
      sY1 += (eY * e1) / F;
      s11 += (e1 * e1) / F;
    }
    aY *= phi;
    a1 *= phi;
    P = phi * phi * P + (1 - phi * phi);
  }
  return { logF: sLogF, yy: sYY, y1: sY1, oneOne: s11 };
}

/** Log-likelihood (up to a constant) of y_t = μ + b X_t + e_t, μ profiled out; NaN months skipped. */
function logLikelihood(y: number[], v: number[], b: number, phi: number): number {
  const s = kalmanSums(y, v, b, phi);
  return -0.5 * (s.logF + s.yy - (s.y1 * s.y1) / s.oneOne);
}
