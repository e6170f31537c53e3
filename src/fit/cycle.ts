/**
 * The miss rate through the cycle, with an interval that knows the months share one economy.
 *
 * Account-months are not independent: in the model being fitted (MODEL.md §3) every current
 * account of a month misses with the same q_t = Φ((Φ⁻¹(h) − √ρ X_t)/√(1−ρ)), X_t a persistent
 * AR(1) economy, and h, the through-the-cycle hazard, is the mean of q_t over the
 * stationary economy. A window of T months sees one stretch of that economy, so its pooled
 * rate misses h by the window's average of X as well as by binomial noise, and a binomial
 * (Wilson) interval that counts account-months as independent covers h far less often than
 * it says (31 times in 100 panels of 1,500 accounts × 30 months with ρ = 0.06 and
 * persistence 0.6).
 *
 * The model: y_t = Φ⁻¹ of month t's miss rate = μ + b X_t + e_t with b² = ρ/(1−ρ), e_t the
 * binomial noise (`monthlyProbits`), X stationary with persistence φ; then Φ⁻¹(h) = θ =
 * μ√(1−ρ). It is the random-effects (probit-normal) model of the months, with the effects
 * autocorrelated. The interval of θ is the 2.5% and 97.5% quantiles of its posterior with a
 * flat prior on μ and a uniform prior on a (√ρ, φ) grid (every other point of
 * `correlation.ts`'s, ρ ≤ 0.3, φ ≤ 0.98): given (ρ, φ), μ's posterior is normal with mean
 * y1/oneOne and variance 1/oneOne from the Kalman sums, and each grid point weighs by its
 * likelihood with μ integrated out, the restricted likelihood (−½ log oneOne added; Harville
 * 1974). Integrating over ρ and φ rather than plugging in their estimates matters: a window
 * of 24–36 months holds only about T(1−φ)/(1+φ) independent economies, the maximum-likelihood
 * φ is biased low, and the profile-likelihood interval then covered 85–87% when φ was
 * 0.8–0.9, against 93–96% for this one (docs/model.md §13). ρ ≤ 0.3 is a prior bound: monthly
 * miss-rate correlations of consumer books lie well below it. The point estimate is the
 * posterior median.
 *
 * The window's economy (`windowEconomy`): at the estimates, the posterior mean of X over the window
 * and its posterior sd (μ's uncertainty included). A single segment's window cannot separate
 * its mean economy from μ, so that mean is near 0 with an sd near the prior sd of an
 * average of T AR(1) months; the fit says so (see `fitPerformance.ts`).
 */
import { Phi, PhiInv } from "../math/normal.ts";
import { kalmanSums, monthlyProbits, PHI_GRID, RHO_GRID } from "./correlation.ts";
import { absorptionThroughCycle, rouwenhorst, type Ladder } from "./chain.ts";
import type { Estimate } from "./interval.ts";

/**
 * The prior's grid: every other point of the correlation fit's grids (uniform in √ρ, and in
 * φ), ρ up to 0.3 (see the file's comment); the posterior is smooth on it.
 */
const PRIOR_RHO = RHO_GRID.filter((rho, i) => i % 2 === 0 && rho <= 0.3);
const PRIOR_PHI = PHI_GRID.filter((_, i) => i % 2 === 0 || i === PHI_GRID.length - 1);

export interface CycleMiss {
  /** The through-the-cycle monthly miss hazard h with its 95% interval. */
  miss: Estimate;
  /** Usable months (with current accounts). */
  months: number;
  /** The posterior of (ρ, φ, θ): grid points with weights (summing to 1) and θ's normal given each. */
  posterior: { rho: number; phi: number; w: number; mean: number; sd: number }[];
  /** The window's pooled miss rate. */
  pooled: number;
}

/** Posterior of θ = Φ⁻¹(h) as a mixture of normals over the (ρ, φ) grid; null when the pooled rate is 0 or 1. */
export function cycleMiss(events: number[], trials: number[]): CycleMiss | null {
  const probit = monthlyProbits(events, trials);
  if (probit === null || probit.usable < 2) return null;
  const { y, v } = probit;
  const parts: CycleMiss["posterior"] = [];
  let best = -Infinity;
  for (const rho of PRIOR_RHO) {
    const b = Math.sqrt(rho / (1 - rho));
    const k = Math.sqrt(1 - rho);
    for (const phi of PRIOR_PHI) {
      const s = kalmanSums(y, v, b, phi);
      const logW = -0.5 * (s.logF + s.yy - (s.y1 * s.y1) / s.oneOne) - 0.5 * Math.log(s.oneOne);
      parts.push({ rho, phi, w: logW, mean: (s.y1 / s.oneOne) * k, sd: k / Math.sqrt(s.oneOne) });
      if (logW > best) best = logW;
    }
  }
  // The grid points that carry all but 10⁻⁶ of the posterior weight: the rest cannot move a
  // quantile by more than that probability.
  for (const p of parts) p.w = Math.exp(p.w - best);
  parts.sort((a, b) => b.w - a.w);
  const all = parts.reduce((a, p) => a + p.w, 0);
  const kept: typeof parts = [];
  let total = 0;
  for (const p of parts) {
    if (total >= (1 - 1e-6) * all) break;
    kept.push(p);
    total += p.w;
  }
  // Each quantile by Newton's method on the mixture's CDF (its density is the mixture's),
  // kept inside a bisection bracket; 10⁻⁶ on the probit scale is far below what is reported.
  const cdfPdf = (x: number) => {
    let c = 0;
    let d = 0;
    for (const p of kept) {
      const z = (x - p.mean) / p.sd;
      c += p.w * Phi(z);
      d += (p.w * Math.exp(-0.5 * z * z)) / p.sd;
    }
    return [c / total, d / (total * Math.sqrt(2 * Math.PI))];
  };
  const mean = kept.reduce((a, p) => a + p.w * p.mean, 0) / total;
  const sd = Math.sqrt(kept.reduce((a, p) => a + p.w * (p.sd * p.sd + (p.mean - mean) ** 2), 0) / total);
  const quantile = (q: number) => {
    let lo = mean - 40 * sd;
    let hi = mean + 40 * sd;
    let x = mean + sd * PhiInv(q);
    for (let i = 0; i < 100; i++) {
      const [c, d] = cdfPdf(x);
      if (c < q) lo = x;
      else hi = x;
      let next = x - (c - q) / d;
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      if (Math.abs(next - x) < 1e-6) return next;
      x = next;
    }
    return x;
  };
  const miss = { value: Phi(quantile(0.5)), low: Phi(quantile(0.025)), high: Phi(quantile(0.975)) };
  return { miss, months: probit.usable, posterior: kept.map((p) => ({ ...p, w: p.w / total })), pooled: probit.p };
}

/**
 * The window's mean economy: the posterior mean and sd of (1/T)Σ X_t over the months with
 * trials, at given ρ > 0 and φ, with μ given a flat prior (so its uncertainty is in the sd).
 * Plain Gaussian conditioning on the T × T covariance, T being a few dozen months.
 */
export function windowEconomy(events: number[], trials: number[], rho: number, phi: number): { mean: number; sd: number } | null {
  const probit = monthlyProbits(events, trials);
  if (probit === null || !(rho > 0)) return null;
  const idx = probit.y.map((x, t) => (Number.isNaN(x) ? -1 : t)).filter((t) => t >= 0);
  const T = idx.length;
  if (T < 2) return null;
  const b = Math.sqrt(rho / (1 - rho));
  // X over the window: stationary AR(1), Cov(X_s, X_t) = φ^|s−t| (months apart in the calendar).
  const R = idx.map((s) => idx.map((t) => phi ** Math.abs(s - t)));
  const S = R.map((row, i) => row.map((r, j) => b * b * r + (i === j ? probit.v[idx[i]] : 0)));
  const y = idx.map((t) => probit.y[t]);
  const ones = idx.map(() => 1);
  const L = cholesky(S);
  const Sy = solve(L, y);
  const S1 = solve(L, ones);
  const oneOne = S1.reduce((a, x) => a + x, 0);
  const mu = Sy.reduce((a, x) => a + x, 0) / oneOne;
  // a = the window average; c = b·R·a is Cov(y, ā).
  const c = idx.map((_, i) => (b * R[i].reduce((s, r) => s + r, 0)) / T);
  const Sc = solve(L, c);
  const prior = R.reduce((s, row) => s + row.reduce((a, r) => a + r, 0), 0) / (T * T);
  const resid = y.map((x) => x - mu);
  const mean = Sc.reduce((s, x, i) => s + x * resid[i], 0);
  const c1 = Sc.reduce((s, x) => s + x, 0);
  const variance = prior - Sc.reduce((s, x, i) => s + x * c[i], 0) + (c1 * c1) / oneOne;
  return { mean, sd: Math.sqrt(Math.max(0, variance)) };
}

function cholesky(A: number[][]): number[][] {
  const n = A.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  return L;
}

/** A⁻¹x from A's Cholesky factor L (A = L Lᵀ). */
function solve(L: number[][], x: number[]): number[] {
  const n = L.length;
  const z = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * z[k];
    z[i] = s / L[i][i];
  }
  return z;
}

/**
 * pd through the cycle's 95% interval from `draws` stratified draws of the posterior of
 * (ρ, φ, θ): grid points in proportion to their weight, θ from its normal given the point
 * (a golden-ratio sequence for its quantile, so draws do not line up), each draw's pd by
 * `absorptionThroughCycle` on a coarser economy grid (21 nodes; within 0.6% of pd at ρ ≤ 0.3, far below
 * the interval's width). The roll rates move with the draw's economy as the scenario's do
 * (roll correlation ρ): the window's rates are read as rates at the window's mean factor
 * Z_w, the one at which the draw's hazard gives the window's pooled miss rate,
 * Φ⁻¹(p_w)√(1−ρ) = θ − √ρ Z_w, and each roll is carried from Z_w to the whole economy by
 * the same map, Φ⁻¹(r) = Φ⁻¹(r_w)√(1−ρ) + √ρ Z_w. Returns the draws' 2.5% and 97.5% quantiles.
 */
export function pdInterval(cycle: CycleMiss, ladder: Ladder, draws = 300): { low: number; high: number } {
  const cumulative: number[] = [];
  let c = 0;
  for (const p of cycle.posterior) cumulative.push((c += p.w));
  const pooled = PhiInv(cycle.pooled);
  const pds: number[] = [];
  const grids = new Map<number, ReturnType<typeof rouwenhorst>>();
  // Grid points by the inverse of their cumulative weight, in order of u; θ's quantile by the golden ratio.
  let j = 0;
  for (let i = 0; i < draws; i++) {
    const u = ((i + 0.5) / draws) * c;
    while (j < cumulative.length - 1 && cumulative[j] < u) j++;
    const g = cycle.posterior[j];
    const theta = g.mean + g.sd * PhiInv(((i + 1) * 0.6180339887498949) % 1);
    const k = Math.sqrt(1 - g.rho);
    const z = g.rho > 0 ? (theta - pooled * k) / Math.sqrt(g.rho) : 0;
    const move = (r: number) => (g.rho > 0 && r > 0 && r < 1 ? Phi(PhiInv(r) * k + Math.sqrt(g.rho) * z) : r);
    const drawn: Ladder = { miss: Phi(theta), roll: ladder.roll.map((r, n) => Math.min(move(r), 1 - ladder.stay[n])), stay: ladder.stay };
    let grid = grids.get(g.phi);
    if (grid === undefined) grids.set(g.phi, (grid = rouwenhorst(21, g.phi)));
    pds.push(absorptionThroughCycle(drawn, { rho: g.rho, rollRho: g.rho, persistence: g.phi }, { grid }));
  }
  pds.sort((a, b) => a - b);
  const at = (q: number) => {
    const x = q * (draws - 1);
    const lo = Math.floor(x);
    return pds[lo] + (pds[Math.min(lo + 1, draws - 1)] - pds[lo]) * (x - lo);
  };
  return { low: at(0.025), high: at(0.975) };
}
