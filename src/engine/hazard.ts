/**
 * The monthly first-miss hazard h of a current account from its annual probability of
 * default, through the cycle (MODEL.md version 3, section 3; docs/model.md §3): h is the
 * value for which the monthly Markov chain of section 4 (miss from C; from Dk roll r_k to
 * D(k+1), or to F from Dm, stay s_k, else cure to C; no attrition, no policy, no shocks)
 * absorbs a current account in F within 12 months with probability PD *averaged over the
 * stationary economy*. In a path whose segment factor is x_t in period t, the chain misses
 * in each month of period t with h_t = 1 − (1 − q_t)^(1/pm), q_t = Φ((Φ⁻¹(q) − √ρ·x_t)/√(1−ρ)),
 * q = 1 − (1 − h)^pm the period's miss probability, and rolls with
 * r_k,t = min(Φ((Φ⁻¹(r_k) − √ρ_roll·x_t)/√(1−ρ_roll)), 1 − s_k): exactly the engine's shifts
 * (survival.ts, simulate.ts). The year is periods 1..12/pm of a stationary AR(1) factor with
 * per-period persistence φ, aligned at period boundaries (pm divides 12).
 *
 * The average is a fixed quadrature, no random numbers and no paths (`factorGrid`): the
 * year's factor is a Markov chain on GH_NODES Gauss–Hermite nodes of its stationary law
 * (Tauchen–Hussey with Flodén's stationary weights), and the mass of (node, account state)
 * is carried month by month. One value a year (pm = 12) is plain Gauss–Hermite over it,
 * persistence 0 the product Gauss–Hermite rule; with ρ = ρ_roll = 0 the chain is not shifted
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
import { exp, expm1, ln, log1p, pow } from "./math.ts";
import type { RiskBasis } from "./model.ts";
import { Phi, PhiInv } from "./normal.ts";

/** A ladder's monthly roll and stay rates, rolls capped at 1 − stay as the engine caps them. */
export interface Ladder {
  roll: ArrayLike<number>;
  stay: ArrayLike<number>;
}

/**
 * The economy a ladder runs in, as the engine reads it: ρ the per-period loading of the
 * miss, ρ_roll the loading of the monthly roll rates, φ the per-period persistence of the
 * segment's factor, pm the period's months. Missing fields: an unshifted chain.
 */
export interface CycleLadder extends Ladder {
  rho?: number;
  rhoRoll?: number;
  persistence?: number;
  periodMonths?: number;
}

/** Months over which `pd` is measured. */
const YEAR = 12;
const GH_NODES = 32;
const QMC_PATHS = 2048;
const TABLE_NODES = 192;

/** The monthly hazard whose chance of leaving within `months` months is q. */
export const perMonth = (q: number, months: number): number => -expm1(log1p(-q) / months);

/** The chance of leaving within `months` months at monthly hazard h: perMonth's inverse. */
const withinMonths = (h: number, months: number): number => -expm1(months * log1p(-h));

const density = (x: number): number => exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/**
 * Gauss–Hermite nodes and weights for E f(Z), Z standard normal (Numerical Recipes §4.6,
 * gauher, for weight e^(−t²); then x = √2·t, w/√π). Cached by size.
 */
const hermiteCache = new Map<number, { x: Float64Array; w: Float64Array }>();
export function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  const hit = hermiteCache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const m = (n + 1) >> 1;
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = Math.PI ** -0.25;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i];
  }
  const out = { x: x.map((t) => t * Math.SQRT2), w: w.map((v) => v / Math.sqrt(Math.PI)) };
  hermiteCache.set(n, out);
  return out;
}

/**
 * The year's factor as a Markov chain on G Gauss–Hermite nodes of its stationary law N(0, 1)
 * (Tauchen and Hussey 1991, with Flodén's 2008 choice of the stationary density as the
 * weighting function): from node i the next period's factor is node j with probability
 *     P_ij ∝ w_j · f(x_j | x_i) / f(x_j),   f(·|x) = N(φx, 1 − φ²), f = N(0, 1),
 * rows normalized. φ = 0 gives P_ij = w_j (the product Gauss–Hermite rule, exact for
 * independent periods); one period (pm = 12) needs no transition.
 */
export interface FactorGrid {
  periods: number;
  x: Float64Array;
  w: Float64Array;
  /** P[i·G + j]; empty with one period. */
  P: Float64Array;
}

const gridCache = new Map<string, FactorGrid>();

/** The factor grid of a year of n periods with per-period persistence φ, on G nodes. */
export function factorGrid(n: number, phi: number, G = GH_NODES): FactorGrid {
  const key = `${n}:${phi}:${G}`;
  const hit = gridCache.get(key);
  if (hit) return hit;
  const { x, w } = gaussHermite(G);
  const P = new Float64Array(n > 1 ? G * G : 0);
  if (n > 1) {
    const v = 1 - phi * phi;
    const row = new Float64Array(G);
    for (let i = 0; i < G; i++) {
      let top = -Infinity;
      for (let j = 0; j < G; j++) {
        const d = x[j] - phi * x[i];
        row[j] = ln(w[j]) - (d * d) / (2 * v) + (x[j] * x[j]) / 2;
        top = Math.max(top, row[j]);
      }
      let sum = 0;
      for (let j = 0; j < G; j++) sum += row[j] = exp(row[j] - top);
      for (let j = 0; j < G; j++) P[i * G + j] = row[j] / sum;
    }
  }
  const out = { periods: n, x, w, P };
  gridCache.set(key, out);
  return out;
}

const shift = (p: number, rho: number, x: number): number =>
  p <= 0 || p >= 1 || rho === 0 ? p : Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));

/**
 * The ladder's chain jointly with the factor grid: the mass of (factor node, state) is
 * carried month by month, the account moving with the node's shifted rates and the factor
 * moving along P between periods. The shifted rolls of each node are computed once.
 */
class CycleChain {
  readonly m: number;
  readonly pm: number;
  readonly rho: number;
  readonly grid: FactorGrid;
  /** rolls[i·m + k] at node i, stays[k]. */
  private readonly rolls: Float64Array;
  private readonly stays: Float64Array;
  private readonly sx: Float64Array;
  /** Mass and its derivative in h: M[i·S + s], S = m + 1 live states (C, D1..Dm). */
  private M: Float64Array;
  private dM: Float64Array;
  private N: Float64Array;
  private dN: Float64Array;
  private readonly hz: Float64Array;
  private readonly dhz: Float64Array;

  constructor(e: CycleLadder, grid?: FactorGrid) {
    const rho = e.rho ?? 0;
    const rhoRoll = e.rhoRoll ?? 0;
    this.pm = e.periodMonths ?? 1;
    this.rho = rho;
    this.m = e.roll.length;
    const n = YEAR / this.pm;
    this.grid = grid ?? (rho === 0 && rhoRoll === 0 ? { periods: n, x: Float64Array.of(0), w: Float64Array.of(1), P: n > 1 ? Float64Array.of(1) : new Float64Array(0) } : factorGrid(n, e.persistence ?? 0));
    const G = this.grid.w.length;
    const m = this.m;
    this.stays = Float64Array.from(e.stay);
    this.rolls = new Float64Array(G * m);
    this.sx = new Float64Array(G);
    for (let i = 0; i < G; i++) {
      const x = this.grid.x[i];
      this.sx[i] = Math.sqrt(rho) * x;
      for (let k = 0; k < m; k++) this.rolls[i * m + k] = Math.min(shift(e.roll[k], rhoRoll, x), 1 - e.stay[k]);
    }
    const S = m + 1;
    this.M = new Float64Array(G * S);
    this.dM = new Float64Array(G * S);
    this.N = new Float64Array(G * S);
    this.dN = new Float64Array(G * S);
    this.hz = new Float64Array(G);
    this.dhz = new Float64Array(G);
  }

  /** The monthly miss hazard at every node for first-miss hazard h, and its derivative in h. */
  private hazards(h: number): void {
    const { pm, rho, sx, hz, dhz } = this;
    const q = withinMonths(h, pm);
    const a = PhiInv(q);
    // dq/dh · dΦ⁻¹(q)/dq
    const dadh = h < 1 ? (pm * pow(1 - h, pm - 1)) / density(a) : 0;
    const sd = Math.sqrt(1 - rho);
    for (let i = 0; i < hz.length; i++) {
      if (rho === 0 || h >= 1 || h <= 0) {
        hz[i] = h;
        dhz[i] = 1;
        continue;
      }
      const arg = (a - sx[i]) / sd;
      const qt = Phi(arg);
      const rest = pow(1 - qt, 1 / pm);
      hz[i] = pm === 1 ? qt : 1 - rest;
      // dh_i/dq_i · dq_i/dh
      const dq = (density(arg) / sd) * dadh;
      dhz[i] = pm === 1 ? dq : qt < 1 ? (rest / (pm * (1 - qt))) * dq : 0;
    }
  }

  /** The mean 12-month absorption at first-miss hazard h (h = 1: a miss every month) and its derivative in h. */
  run(h: number): [number, number] {
    const { m, pm, hz, dhz, rolls, stays } = this;
    const S = m + 1;
    const { w, P, periods: n } = this.grid;
    const G = w.length;
    this.hazards(h);
    let M = this.M.fill(0);
    let dM = this.dM.fill(0);
    for (let i = 0; i < G; i++) M[i * S] = w[i];
    let f = 0;
    let df = 0;
    for (let t = 0; t < n; t++) {
      if (t > 0) {
        // The factor moves: N_j = Σ_i M_i P_ij.
        const N = this.N.fill(0);
        const dN = this.dN.fill(0);
        for (let i = 0; i < G; i++) {
          for (let s = 0; s < S; s++) {
            const mi = M[i * S + s];
            const di = dM[i * S + s];
            if (mi === 0 && di === 0) continue;
            for (let j = 0; j < G; j++) {
              const pij = P[i * G + j];
              N[j * S + s] += mi * pij;
              dN[j * S + s] += di * pij;
            }
          }
        }
        this.N = M;
        this.dN = dM;
        M = this.M = N;
        dM = this.dM = dN;
      }
      for (let month = 0; month < pm; month++) {
        for (let i = 0; i < G; i++) {
          const o = i * S;
          const hm = hz[i];
          const dh = dhz[i];
          let c = M[o] * (1 - hm);
          let dc = dM[o] * (1 - hm) - M[o] * dh;
          let into = M[o] * hm; // missing from C: D1, or F when m = 0
          let dInto = dM[o] * hm + M[o] * dh;
          for (let k = 1; k <= m; k++) {
            const stay = stays[k - 1];
            const roll = rolls[i * m + k - 1];
            const cure = 1 - roll - stay;
            const pk = M[o + k];
            const dk = dM[o + k];
            M[o + k] = into + pk * stay;
            dM[o + k] = dInto + dk * stay;
            c += pk * cure;
            dc += dk * cure;
            into = pk * roll;
            dInto = dk * roll;
          }
          f += into;
          df += dInto;
          M[o] = c;
          dM[o] = dc;
        }
      }
    }
    return [f, df];
  }

  /**
   * E[D²] at hazard h, D the year's default probability given the factor's path: the
   * chance that two accounts, independent given the factor, both default within the year.
   * The pair's states (s₁, s₂) ∈ {C, D1..Dm, F}² move together with the factor.
   */
  pairs(h: number): number {
    const { m, pm, hz, rolls, stays } = this;
    const S = m + 2;
    const SS = S * S;
    const { w, P, periods: n } = this.grid;
    const G = w.length;
    this.hazards(h);
    let M = new Float64Array(G * SS);
    let N = new Float64Array(G * SS);
    const T = new Float64Array(S * S);
    const tmp = new Float64Array(SS);
    for (let i = 0; i < G; i++) M[i * SS] = w[i];
    for (let t = 0; t < n; t++) {
      if (t > 0) {
        N.fill(0);
        for (let i = 0; i < G; i++) {
          for (let s = 0; s < SS; s++) {
            const mi = M[i * SS + s];
            if (mi === 0) continue;
            for (let j = 0; j < G; j++) N[j * SS + s] += mi * P[i * G + j];
          }
        }
        [M, N] = [N, M];
      }
      for (let i = 0; i < G; i++) {
        // One account's monthly transition matrix T[from·S + to] at node i.
        T.fill(0);
        T[0] = 1 - hz[i];
        T[m === 0 ? S - 1 : 1] += hz[i];
        for (let k = 1; k <= m; k++) {
          const roll = rolls[i * m + k - 1];
          T[k * S + k] += stays[k - 1];
          T[k * S + (k === m ? S - 1 : k + 1)] += roll;
          T[k * S] += 1 - roll - stays[k - 1];
        }
        T[(S - 1) * S + S - 1] = 1;
        const o = i * SS;
        for (let month = 0; month < pm; month++) {
          // X ← Tᵀ X T, X[s₁·S + s₂] the pair's mass.
          tmp.fill(0);
          for (let a = 0; a < S; a++) {
            for (let b = 0; b < S; b++) {
              const v = M[o + a * S + b];
              if (v === 0) continue;
              for (let c = 0; c < S; c++) tmp[c * S + b] += v * T[a * S + c];
            }
          }
          M.fill(0, o, o + SS);
          for (let c = 0; c < S; c++) {
            for (let b = 0; b < S; b++) {
              const v = tmp[c * S + b];
              if (v === 0) continue;
              for (let d = 0; d < S; d++) M[o + c * S + d] += v * T[b * S + d];
            }
          }
        }
      }
    }
    let both = 0;
    for (let i = 0; i < G; i++) both += M[i * SS + SS - 1];
    return both;
  }
}

/** The largest 12-month default probability a ladder allows: A(1), an account that misses every month, with the economy at its long-run value. */
export function maxAnnualDefault(ladder: Ladder): number {
  return new CycleChain(ladder).run(1)[0];
}

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
 * The monthly hazard of an account whose annual rate is `multiplier` × that of hazard h,
 * re-solved through the ladder (a default pd, through the cycle) or directly (a miss
 * rate): forbearance's re-default multiplier.
 */
export function raisedHazard(h: number, s: Ladder & { basis: RiskBasis }, solver: HazardSolver, multiplier: number): number {
  if (multiplier === 1) return h;
  const annual = s.basis === "default" ? solver.annual(h) : withinMonths(h, YEAR);
  return Math.min(hazardOf(s.basis, solver, annual * multiplier, false), 1 - 1e-12);
}

/** The monthly first-miss hazard of an annual rate of the basis: solved through the ladder from a PD (from the table for many accounts), or read off a miss rate. */
function hazardOf(basis: RiskBasis, solver: HazardSolver, annual: number, many: boolean): number {
  const rate = Math.min(annual, 1 - 1e-12);
  if (basis === "miss") return perMonth(rate, YEAR);
  return many ? solver.lookup(rate) : solver.hazard(rate);
}

/** The latent threshold of the period's miss probability at monthly hazard h. */
export function thresholdOfHazard(h: number, periodMonths: number): number {
  // Held below 1 so the threshold stays finite: a miss every month rounds q to 1 when pm ≥ 3.
  return PhiInv(Math.min(withinMonths(Math.min(h, 1 - 1e-12), periodMonths), 1 - 1e-12));
}

/**
 * Turns an annual rate of the given basis into the latent threshold of the period's miss
 * probability; `many`: one of many accounts' rates, solved through the table.
 */
export function thresholdOf(basis: RiskBasis, solver: HazardSolver, annual: number, periodMonths: number, many = false): number {
  return thresholdOfHazard(hazardOf(basis, solver, annual, many), periodMonths);
}
