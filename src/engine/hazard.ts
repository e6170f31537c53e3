/**
 * The monthly first-miss hazard h of a current account from its annual probability of
 * default, through the cycle (MODEL.md version 3, section 3; docs/model.md §3): h is the
 * value for which the monthly Markov chain of section 4 (src/math/ladderChain.ts: miss from
 * C; from Dk roll r_k to D(k+1), or to F from Dm, stay s_k, else cure to C; no attrition,
 * no policy, no shocks) absorbs a current account in F within 12 months with probability PD *averaged over the
 * stationary economy*. In a path whose segment factor is x_t in period t, the chain misses
 * in each month of period t with h_t = 1 − (1 − q_t)^(1/pm), q_t = Φ((Φ⁻¹(q) − √ρ·x_t)/√(1−ρ)),
 * q = 1 − (1 − h)^pm the period's miss probability, and rolls with
 * r_k,t = min(Φ((Φ⁻¹(r_k) − √ρ_roll·x_t)/√(1−ρ_roll)), 1 − s_k): exactly the engine's shifts
 * (survival.ts, pathRun.ts). The year is periods 1..12/pm of a stationary AR(1) factor with
 * per-period persistence φ, aligned at period boundaries (pm divides 12).
 *
 * The average is a fixed quadrature, no random numbers and no paths: the year's factor is
 * a Markov chain on 32 Gauss–Hermite nodes of its stationary law (Tauchen–Hussey with
 * Flodén's stationary weights; src/math/factorGrid.ts), and the mass of (node, account
 * state) is carried month by month. One value a year (pm = 12) is plain Gauss–Hermite
 * over it, persistence 0 the product Gauss–Hermite rule; with ρ = ρ_roll = 0 the chain is not shifted
 * (one node, the version 2 solve); with no ladder and one value a year or independent
 * periods the mean is 1 − (1 − h)^12 in closed form. Integration error, measured against an
 * independent 400,000-year Monte Carlo and against a 160-node grid (docs/model.md §3.2): the
 * mean agrees with the Monte Carlo within its standard error (≈ 0.3%); against the finer
 * grid its relative error is below 1e-5 at a monthly persistence ≤ 0.9 and 2e-3 at 0.95;
 * E[D²] (calibrate.ts) below 5e-5 and 1.1%. The profile's lesson: the factor's step is a
 * dense G × G product, and a scorecard's table and the one-year loading make hundreds of
 * solves per segment, so 64 nodes (errors below 1e-10) cost a scorecard book 0.3–0.5 s of
 * start-up in every worker; 32 nodes a quarter of that.
 *
 * The mean absorption A(h) increases with h from A(0) = 0 (every node's chain does), so a
 * PD has one h; a safeguarded Newton iteration finds it, the derivative carried forward
 * with the distribution (forward-mode differentiation of the 12 steps): about 5 passes.
 *
 * Many PDs (a scorecard's or a tape's accounts) go through `lookup`: a monotone (Fritsch–
 * Carlson) cubic of logit h in logit A through TABLE_NODES hazards from 1e-10 to 1 − 1e-5,
 * built once per ladder and economy. Relative error in h below 3e-5 (tested: 5e-5) for PDs
 * up to half the ladder's ceiling, and the PD the interpolated h gives within 2e-5 (tested:
 * 3e-5) of the one asked, within 1e-3 in the last stretch below the ceiling; PDs under about
 * 1e-9 extrapolate (2% at 1e-12). test/engine/throughTheCycle.test.ts.
 */
import { exp, ln, log1p } from "../math/elementary.ts";
import type { FactorGrid } from "../math/factorGrid.ts";
import { CycleChain, perMonth, withinMonths, YEAR, type CycleLadder } from "../math/ladderChain.ts";
import { PhiInv } from "../math/normal.ts";

/** Hazards of the look-up table, even in logit h. */
const TABLE_NODES = 192;

/**
 * Solves monthly first-miss hazards for one ladder in one economy (see the file's comment).
 * A PD at or above what the ladder allows gives h = 1 (the validator refuses such a segment
 * `pd`; a scorecard's riskiest scores are held at the ladder's ceiling).
 */
export class HazardSolver {
  private readonly chain: CycleChain;
  readonly max: number;
  private table: Table | null = null;
  /** The economy and ladder, naming the table in the cache that every solver of one segment shares. */
  private readonly key: string;

  /**
   * No ladder, and one factor value a year or independent periods: the mean of
   * 1 − Π_t (1 − q_t)^(pm) is 1 − (1 − h)^12 in closed form (E[q_t] = q, the periods
   * independent), so h = 1 − (1 − pd)^(1/12) exactly, as in Vasicek's one-period book.
   */
  private readonly closed: boolean;

  constructor(ladder: CycleLadder, grid?: FactorGrid) {
    this.chain = new CycleChain(ladder, grid);
    const g = this.chain.grid;
    this.closed = ladder.roll.length === 0 && (g.P.length === 0 || g.w.length === 1 || (ladder.persistence ?? 0) === 0);
    this.key = JSON.stringify([Array.from(ladder.roll), Array.from(ladder.stay), ladder.rho, ladder.rhoRoll, ladder.persistence, ladder.periodMonths, g.w.length, g.x[0]]);
    this.max = this.chain.run(1)[0];
  }

  /** The 12-month default probability through the cycle at monthly first-miss hazard h. */
  annual(h: number): number {
    if (this.closed) return withinMonths(Math.min(Math.max(h, 0), 1), YEAR);
    return h <= 0 ? 0 : this.chain.run(Math.min(h, 1))[0];
  }

  /** E[D²] at hazard h, D the year's default rate of a large book given the factor's path. */
  secondMoment(h: number): number {
    return this.chain.pairs(h);
  }

  /** The monthly hazard h with mean A(h) = pd, to a relative 1e-13. */
  hazard(pd: number): number {
    if (!(pd > 0)) return 0;
    if (pd >= this.max) return 1;
    if (this.closed) return perMonth(pd, YEAR);
    // Start from the hazard with no ladder, which every ladder's absorption lags.
    let h = Math.min(perMonth(pd, YEAR), 0.5);
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 200; i++) {
      const [a, da] = this.chain.run(h);
      const gap = a - pd;
      if (Math.abs(gap) <= 1e-13 * pd) return h;
      if (gap > 0) hi = h;
      else lo = h;
      if (hi - lo <= 1e-16 * hi) return h;
      const next = da > 0 ? h - gap / da : NaN;
      h = next > lo && next < hi ? next : (lo + hi) / 2;
    }
    return h;
  }

  /**
   * The hazard of a PD from a table (many accounts): exact when the chain is not shifted
   * (one node, as cheap as a look-up), else a monotone interpolation of logit h in logit A.
   */
  lookup(pd: number): number {
    if (this.closed || this.chain.grid.w.length === 1) return this.hazard(pd);
    if (!(pd > 0)) return 0;
    if (pd >= this.max) return 1;
    const t = (this.table ??= tableCache.get(this.key) ?? this.buildTable());
    tableCache.set(this.key, t);
    const x = logit(pd);
    const { lp, lh, slope } = t;
    const last = lp.length - 1;
    // Below the table A(h) ≈ A'(0)·h: logit h continues with the first node's slope (≈ 1).
    if (x < lp[0]) return 1 / (1 + exp(-(lh[0] + (x - lp[0]) * slope[0])));
    // Above it (the last hundred-thousandth below the ladder's ceiling): the exact solve,
    // held at or above the table's last hazard so that the order of PDs is kept.
    if (x > lp[last]) return Math.max(this.hazard(pd), 1 / (1 + exp(-lh[last])));
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (lp[mid] <= x) lo = mid;
      else hi = mid;
    }
    const dx = lp[hi] - lp[lo];
    const s = (x - lp[lo]) / dx;
    // Cubic Hermite with Fritsch–Carlson slopes: monotone between monotone nodes.
    const h00 = (1 + 2 * s) * (1 - s) * (1 - s);
    const h10 = s * (1 - s) * (1 - s);
    const h01 = s * s * (3 - 2 * s);
    const h11 = s * s * (s - 1);
    const y = h00 * lh[lo] + h10 * dx * slope[lo] + h01 * lh[hi] + h11 * dx * slope[hi];
    return 1 / (1 + exp(-y));
  }

  private buildTable(): Table {
    // Hazards from 1e-10 to 1 − 1e-5, even in logit h; their through-the-cycle PDs.
    const lo = logit(1e-10);
    const hi = logit(1 - 1e-5);
    const lp: number[] = [];
    const lh: number[] = [];
    for (let i = 0; i < TABLE_NODES; i++) {
      const y = lo + ((hi - lo) * i) / (TABLE_NODES - 1);
      const a = this.chain.run(1 / (1 + exp(-y)))[0];
      const x = logit(a);
      // Keep strictly increasing nodes (the PD saturates near the ladder's ceiling).
      if (!Number.isFinite(x) || (lp.length > 0 && !(x > lp[lp.length - 1]))) break;
      lp.push(x);
      lh.push(y);
    }
    return { lp: Float64Array.from(lp), lh: Float64Array.from(lh), slope: monotoneSlopes(lp, lh) };
  }
}

interface Table {
  lp: Float64Array;
  lh: Float64Array;
  slope: Float64Array;
}

const tableCache = new Map<string, Table>();

const logit = (p: number): number => ln(p / (1 - p));

/** Fritsch–Carlson slopes of a monotone cubic through (x_i, y_i), x and y increasing. */
function monotoneSlopes(x: number[], y: number[]): Float64Array {
  const n = x.length;
  const m = new Float64Array(n);
  if (n < 2) return m;
  const delta = Array.from({ length: n - 1 }, (_, i) => (y[i + 1] - y[i]) / (x[i + 1] - x[i]));
  m[0] = delta[0];
  m[n - 1] = delta[n - 2];
  for (let i = 1; i < n - 1; i++) m[i] = delta[i - 1] * delta[i] <= 0 ? 0 : (delta[i - 1] + delta[i]) / 2;
  for (let i = 0; i < n - 1; i++) {
    if (delta[i] === 0) {
      m[i] = 0;
      m[i + 1] = 0;
      continue;
    }
    const a = m[i] / delta[i];
    const b = m[i + 1] / delta[i];
    const r = a * a + b * b;
    if (r > 9) {
      const tau = 3 / Math.sqrt(r);
      m[i] = tau * a * delta[i];
      m[i + 1] = tau * b * delta[i];
    }
  }
  return m;
}

/**
 * The latent threshold of the period's miss probability at monthly hazard h. Where that
 * probability q rounds to 1 (a monthly hazard above 0.9 makes q = 1 − 10⁻¹² at pm = 12), the
 * threshold comes from the survival side, Φ⁻¹(q) = −Φ⁻¹((1 − h)^pm), which is exact there;
 * the smallest kept is 10⁻³⁰⁰, so that a miss every month gives a finite threshold (37.5).
 * Capping q itself read a hazard of 0.99 or 1 back as 0.9 at pm = 12.
 */
export function thresholdOfHazard(h: number, periodMonths: number): number {
  const q = withinMonths(Math.min(h, 1 - 1e-12), periodMonths);
  if (q <= 1 - 1e-12) return PhiInv(q);
  return -PhiInv(Math.max(exp(periodMonths * log1p(-Math.min(h, 1))), 1e-300));
}
