/**
 * A delinquency ladder's monthly Markov chain jointly with the segment's factor (MODEL.md
 * version 3, sections 3–4; docs/model.md §3): miss from C at the first-miss hazard h; from
 * Dk roll r_k to D(k+1), or to F from Dm, stay s_k, else cure to C; no attrition, no policy,
 * no shocks. In a path whose segment factor is x_t in period t, the chain misses in each
 * month of period t with h_t = 1 − (1 − q_t)^(1/pm), q_t = Φ((Φ⁻¹(q) − √ρ·x_t)/√(1−ρ)),
 * q = 1 − (1 − h)^pm the period's miss probability, and rolls with
 * r_k,t = min(Φ((Φ⁻¹(r_k) − √ρ_roll·x_t)/√(1−ρ_roll)), 1 − s_k): exactly the engine's shifts
 * (engine/survival.ts, engine/simulate.ts). The year is periods 1..12/pm of a stationary
 * AR(1) factor with per-period persistence φ, aligned at period boundaries (pm divides 12).
 *
 * The mass of (factor node, account state) is carried month by month on the factor grid
 * (factorGrid.ts): `run` gives the mean 12-month absorption A(h) and its derivative in h
 * (forward-mode differentiation of the 12 steps, for the solver's Newton iteration,
 * engine/hazard.ts), `pairs` the second moment E[D²] (engine/calibrate.ts). With
 * ρ = ρ_roll = 0 the chain is not shifted (one node, the version 2 chain).
 *
 * Under the engine (src/math) because the scenario's rules ask the same chain how often a
 * ladder can default at most (`maxAnnualDefault`), and the scenario sits below the engine.
 * From engine/hazard.ts.
 */
import { exp, expm1, log1p, pow } from "./elementary.ts";
import { factorGrid, type FactorGrid } from "./factorGrid.ts";
import { Phi, PhiInv, shifted } from "./normal.ts";

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
export const YEAR = 12;

/** The monthly hazard whose chance of leaving within `months` months is q. */
export const perMonth = (q: number, months: number): number => -expm1(log1p(-q) / months);

/** The chance of leaving within `months` months at monthly hazard h: perMonth's inverse. */
export const withinMonths = (h: number, months: number): number => -expm1(months * log1p(-h));

const density = (x: number): number => exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);


/**
 * The ladder's chain jointly with the factor grid: the mass of (factor node, state) is
 * carried month by month, the account moving with the node's shifted rates and the factor
 * moving along P between periods. The shifted rolls of each node are computed once.
 */
export class CycleChain {
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
      for (let k = 0; k < m; k++) this.rolls[i * m + k] = Math.min(shifted(e.roll[k], rhoRoll, x), 1 - e.stay[k]);
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
