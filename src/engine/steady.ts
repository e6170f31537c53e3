/**
 * The through-the-cycle steady-state mix of a segment's starting book (docs/model.md §4.4):
 * where a running book's accounts are, month-end by month-end, when the book has run long
 * enough that its mix no longer changes, each account that leaves (written off, closed,
 * repaid) replaced by a new current one. The monthly chain is §4's at the economy's average
 * rates: a current account misses with its through-the-cycle monthly hazard h, Dk rolls
 * with r_k and stays with s_k (the rest cure), and a default spends `chargeOffMonths`
 * month-ends in F. Attrition takes accounts from C and the replacement puts them back in
 * C, so it leaves the mix unchanged.
 *
 * Balance of flows at the stationary month-end masses (c in C, d_k in Dk, f a month into F):
 * d_1 = h·c + s_1·d_1, d_(k+1) = r_k·d_k + s_(k+1)·d_(k+1), f = r_m·d_m (f = h·c without a
 * ladder), F = chargeOffMonths·f, and c + Σd + F = 1.
 */
import type { SegmentModel } from "./model.ts";
import { factorPath, macroNormals, type MacroModel } from "./macro.ts";
import { perMonth } from "../math/ladderChain.ts";
import { Phi, Shift } from "../math/normal.ts";
import { macroRandom } from "./random.ts";
import { kept } from "../util/kept.ts";

export interface SteadyMix {
  /** Shares of the accounts in D1..Dm. */
  arrears: Float64Array;
  /** Share in F, spread evenly over the work-out's month-ends. */
  defaulted: number;
}

/** The steady mix of an account with monthly first-miss hazard h on the segment's ladder. */
export function steadyMix(h: number, s: Pick<SegmentModel, "roll" | "stay" | "chargeOffMonths">, out?: SteadyMix): SteadyMix {
  const m = s.roll.length;
  const mix = out ?? { arrears: new Float64Array(m), defaulted: 0 };
  // Masses relative to c = 1.
  let inflow = h;
  let total = 1;
  for (let k = 0; k < m; k++) {
    // A bucket nobody leaves (stay 1) holds every account in the long run.
    const d = s.stay[k] < 1 ? inflow / (1 - s.stay[k]) : inflow > 0 ? Infinity : 0;
    mix.arrears[k] = d;
    total += d;
    inflow = s.roll[k] * d;
  }
  const f = s.chargeOffMonths * inflow;
  total += f;
  if (!Number.isFinite(total)) {
    // Everyone ends in the first bucket that keeps them.
    const k = mix.arrears.findIndex((x) => x === Infinity);
    mix.arrears.fill(0);
    mix.arrears[k] = 1;
    mix.defaulted = 0;
    return mix;
  }
  for (let k = 0; k < m; k++) mix.arrears[k] /= total;
  mix.defaulted = f / total;
  return mix;
}

/** Factor paths the economy's average is taken over, and the months each runs before it is read. */
const ECONOMY_PATHS = 512;
const BURN_IN_MONTHS = 72;
/** Step of the lattice of thresholds on which an economy's mix is computed and interpolated. */
const LATTICE = 0.1;

/**
 * How many economies (a segment's factor paths, rolls and lattice of mixes) are kept between
 * books. Everything here depends on the model's content, never on a run's seed, so a model
 * compiled again (a slider moved in the page, the next cell, a variant) finds the average
 * it needs already made: a profile of the welcome notebook's first cell had three quarters
 * of its book's build in this file. Each holds 0.3 MB per bucket of its ladder (monthly periods).
 */
const KEPT = 16;

/** The numbers of a typed array as text: JavaScript's shortest round-trip form, so equal text is equal numbers. */
const text = (x: ArrayLike<number>): string => Array.from(x).join(",");

/**
 * The stationary economy's normals of each of the ECONOMY_PATHS paths, K factors over
 * `periods` periods. They come from a fixed key, not the scenario's seed (the starting mix
 * is a property of the model, not of one run), so every segment and every model with as
 * many factors and periods reads the same ones: drawn once (each path's generator and its
 * inverse-CDF normals were a sixth of an economy's cost).
 */
const calmNormals = new Map<string, Float64Array[]>();

function normalsOf(K: number, periods: number): Float64Array[] {
  return kept(calmNormals, `${K}:${periods}`, KEPT, () =>
    Array.from({ length: ECONOMY_PATHS }, (_, q) => macroNormals(macroRandom("creditlab:steady-start", q), K, periods)),
  );
}

/** x_t = w·Z_t of each factor path, period by period, for a segment's loadings. */
type SegmentFactor = Float64Array;

const factorCache = new Map<string, SegmentFactor>();

/**
 * The segment's factor x = w·Z over ECONOMY_PATHS fixed paths of the stationary economy
 * without shocks, `periods` periods each (path-major). The calm economy's paths read only
 * the factors' persistence and correlation (macro.ts `factorPath`): shocks, fixed paths and
 * `macro.residual` leave them unchanged, so they are kept by those alone.
 */
function segmentFactor(macro: MacroModel, loadings: Float64Array, periods: number): SegmentFactor {
  const K = macro.factors.length;
  const key = `${K}:${periods}:${text(macro.persistence)}:${text(macro.cholesky)}:${text(loadings)}`;
  return kept(factorCache, key, KEPT, () => {
    // The stationary economy, whatever the run holds fixed or sets to 0 (`macro.residual`).
    const calm: MacroModel = { ...macro, shift: new Float64Array(K * periods), noise: true };
    const normals = normalsOf(K, periods);
    const Z = new Float64Array(K * periods);
    const x = new Float64Array(ECONOMY_PATHS * periods);
    for (let q = 0; q < ECONOMY_PATHS; q++) {
      factorPath(calm, normals[q], periods, Z);
      for (let t = 0; t < periods; t++) {
        let v = 0;
        for (let k = 0; k < K; k++) v += loadings[k] * Z[t * K + k];
        x[q * periods + t] = v;
      }
    }
    return x;
  });
}

/** The parts of a segment an economy's mixes depend on. */
type Ladder = Pick<SegmentModel, "roll" | "stay" | "chargeOffMonths" | "rho" | "rhoRoll" | "loadings">;

/**
 * One segment's economy: its factor paths, its roll rates on them, and the mixes of the
 * lattice's thresholds made so far. The rolls do not depend on the threshold, so they are
 * shifted once for every lattice point (they were a quarter of each point's cost, with Φ⁻¹
 * of the same roll taken at every step), and kept with the points.
 */
interface Economy {
  x: SegmentFactor;
  /** min(shifted roll, 1 − stay) of bucket k in period t of path q, at [(q·periods + t)·m + k]. */
  rolls: Float64Array;
  lattice: Map<number, SteadyMix>;
}

const economies = new Map<string, Economy>();

function economyOf(s: Ladder, macro: MacroModel, pm: number, periods: number): Economy {
  const key = `${pm}:${text(s.roll)}:${text(s.stay)}:${s.chargeOffMonths}:${s.rho}:${s.rhoRoll}:${macro.factors.length}:${text(macro.persistence)}:${text(macro.cholesky)}:${text(s.loadings)}`;
  return kept(economies, key, KEPT, () => {
    const x = segmentFactor(macro, s.loadings, periods);
    const m = s.roll.length;
    const rolls = new Float64Array(x.length * m);
    for (let k = 0; k < m; k++) {
      const shift = new Shift(s.roll[k], s.rhoRoll);
      const most = 1 - s.stay[k];
      for (let i = 0; i < x.length; i++) rolls[i * m + k] = Math.min(shift.at(x[i]), most);
    }
    return { x, rolls, lattice: new Map() };
  });
}

/**
 * The steady mix averaged over the economy (docs/model.md §4.4): the book of `steadyMix`
 * run BURN_IN_MONTHS months under each of ECONOMY_PATHS stationary factor paths, with the
 * engine's shifted hazard and roll rates and its exits replaced, and its month-end masses
 * averaged over the paths. With a persistent factor, misses and rolls rise together in bad
 * months, so this mix holds more accounts in arrears than the chain of average rates.
 * Without correlation it is `steadyMix` exactly.
 */
export class EconomyMix {
  private readonly economy: Economy | null;
  private readonly periods: number;

  constructor(
    private readonly s: Ladder,
    macro: MacroModel,
    private readonly pm: number,
  ) {
    this.periods = Math.ceil(BURN_IN_MONTHS / pm);
    const still = s.rho === 0 && (s.rhoRoll === 0 || s.roll.length === 0);
    this.economy = still ? null : economyOf(s, macro, pm, this.periods);
  }

  /** The mix of an account with threshold a (its period's first-miss probability Φ(a)), into `out`. */
  of(a: number, out: SteadyMix): SteadyMix {
    if (this.economy === null) return steadyMix(perMonth(Phi(a), this.pm), this.s, out);
    // Linear between the lattice points around a.
    const g = Math.floor(a / LATTICE);
    const w = a / LATTICE - g;
    const lo = this.at(g);
    const hi = this.at(g + 1);
    for (let k = 0; k < out.arrears.length; k++) out.arrears[k] = (1 - w) * lo.arrears[k] + w * hi.arrears[k];
    out.defaulted = (1 - w) * lo.defaulted + w * hi.defaulted;
    return out;
  }

  private at(g: number): SteadyMix {
    const lattice = this.economy!.lattice;
    let mix = lattice.get(g);
    if (!mix) {
      mix = this.average(g * LATTICE);
      lattice.set(g, mix);
    }
    return mix;
  }

  private average(a: number): SteadyMix {
    const { s, pm, periods } = this;
    const { x, rolls: shiftedRolls } = this.economy!;
    const m = s.roll.length;
    const c0 = s.chargeOffMonths;
    const start = steadyMix(perMonth(Phi(a), pm), s);
    // Masses: [C, D1..Dm, F at month-ends 1..c0].
    const n = 1 + m + c0;
    const sum = new Float64Array(n);
    let v = new Float64Array(n);
    let next = new Float64Array(n);
    const stay = s.stay;
    const rolls = new Float64Array(m);
    const sqrtRho = Math.sqrt(s.rho);
    const scale = 1 / Math.sqrt(1 - s.rho);
    for (let q = 0; q < ECONOMY_PATHS; q++) {
      let F = 0;
      for (let k = 0; k < m; k++) v[1 + k] = start.arrears[k];
      for (let j = 0; j < c0; j++) v[1 + m + j] = start.defaulted / c0;
      for (let k = 0; k < m; k++) F += start.arrears[k];
      v[0] = 1 - F - start.defaulted;
      for (let t = 0; t < periods; t++) {
        const i = q * periods + t;
        const xt = x[i];
        const h = perMonth(Phi((a - sqrtRho * xt) * scale), pm);
        for (let k = 0; k < m; k++) rolls[k] = shiftedRolls[i * m + k];
        for (let month = 0; month < pm; month++) {
          // Each mass is summed in the order of the chain's flows, from 0 (`0 + x` keeps
          // that order's zero: x may be −0), into the other array, which then becomes v. The
          // chain's own steps, with the masses cleared and copied every month, were a third
          // of each lattice point in a profile.
          const c = v[0];
          const miss = c * h;
          let current = 0 + (c - miss);
          let entering = m === 0 ? miss : 0;
          // What reaches D(k+1) from the bucket below (from C for D1) this month.
          let arriving = miss;
          for (let k = 0; k < m; k++) {
            const d = v[1 + k];
            const roll = d * rolls[k];
            next[1 + k] = 0 + arriving + d * stay[k];
            if (k + 1 < m) arriving = roll;
            else entering += roll;
            current += d * (1 - rolls[k] - stay[k]);
          }
          let exits = 0;
          if (c0 > 0) next[1 + m] = 0 + entering;
          else exits += entering;
          for (let j = 0; j < c0; j++) {
            if (j + 1 < c0) next[2 + m + j] = 0 + v[1 + m + j];
            else exits += v[1 + m + j];
          }
          // Attrition leaves C and its replacement enters C: only write-offs are replaced here.
          next[0] = current + exits;
          const was = v;
          v = next;
          next = was;
        }
      }
      for (let i = 0; i < n; i++) sum[i] += v[i];
    }
    const mix: SteadyMix = { arrears: new Float64Array(m), defaulted: 0 };
    for (let k = 0; k < m; k++) mix.arrears[k] = sum[1 + k] / ECONOMY_PATHS;
    for (let j = 0; j < c0; j++) mix.defaulted += sum[1 + m + j] / ECONOMY_PATHS;
    return mix;
  }
}
