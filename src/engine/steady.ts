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
import { Phi, shifted } from "../math/normal.ts";
import { macroRandom } from "./random.ts";

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

/** x_t = w·Z_t of each factor path, period by period, for a segment's loadings. */
type SegmentFactor = Float64Array;

const factorCache = new WeakMap<MacroModel, Map<string, SegmentFactor>>();

/**
 * The segment's factor x = w·Z over ECONOMY_PATHS fixed paths of the stationary economy
 * without shocks, `periods` periods each (path-major). The paths come from a fixed key, not
 * the scenario's seed: the starting mix is a property of the model, not of one run.
 */
function segmentFactor(macro: MacroModel, loadings: Float64Array, periods: number): SegmentFactor {
  let byLoadings = factorCache.get(macro);
  if (!byLoadings) factorCache.set(macro, (byLoadings = new Map()));
  const key = `${periods}:${Array.from(loadings).join(",")}`;
  const cached = byLoadings.get(key);
  if (cached) return cached;
  const K = macro.factors.length;
  // The stationary economy, whatever the run holds fixed or sets to 0 (`macro.residual`).
  const calm: MacroModel = { ...macro, shift: new Float64Array(K * periods), noise: true };
  const Z = new Float64Array(K * periods);
  const x = new Float64Array(ECONOMY_PATHS * periods);
  for (let q = 0; q < ECONOMY_PATHS; q++) {
    factorPath(calm, macroNormals(macroRandom("creditlab:steady-start", q), K, periods), periods, Z);
    for (let t = 0; t < periods; t++) {
      let v = 0;
      for (let k = 0; k < K; k++) v += loadings[k] * Z[t * K + k];
      x[q * periods + t] = v;
    }
  }
  byLoadings.set(key, x);
  return x;
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
  private readonly lattice = new Map<number, SteadyMix>();
  private readonly x: SegmentFactor | null;
  private readonly periods: number;

  constructor(
    private readonly s: Pick<SegmentModel, "roll" | "stay" | "chargeOffMonths" | "rho" | "rhoRoll" | "loadings">,
    macro: MacroModel,
    private readonly pm: number,
  ) {
    this.periods = Math.ceil(BURN_IN_MONTHS / pm);
    const still = s.rho === 0 && (s.rhoRoll === 0 || s.roll.length === 0);
    this.x = still ? null : segmentFactor(macro, s.loadings, this.periods);
  }

  /** The mix of an account with threshold a (its period's first-miss probability Φ(a)), into `out`. */
  of(a: number, out: SteadyMix): SteadyMix {
    if (this.x === null) return steadyMix(perMonth(Phi(a), this.pm), this.s, out);
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
    let mix = this.lattice.get(g);
    if (!mix) {
      mix = this.average(g * LATTICE);
      this.lattice.set(g, mix);
    }
    return mix;
  }

  private average(a: number): SteadyMix {
    const { s, pm, periods } = this;
    const x = this.x!;
    const m = s.roll.length;
    const c0 = s.chargeOffMonths;
    const start = steadyMix(perMonth(Phi(a), pm), s);
    // Masses: [C, D1..Dm, F at month-ends 1..c0].
    const n = 1 + m + c0;
    const sum = new Float64Array(n);
    const v = new Float64Array(n);
    const next = new Float64Array(n);
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
        const xt = x[q * periods + t];
        const h = perMonth(Phi((a - sqrtRho * xt) * scale), pm);
        for (let k = 0; k < m; k++) rolls[k] = Math.min(shifted(s.roll[k], s.rhoRoll, xt), 1 - s.stay[k]);
        for (let month = 0; month < pm; month++) {
          next.fill(0);
          const miss = v[0] * h;
          next[0] += v[0] - miss;
          let exits = 0;
          let entering = m === 0 ? miss : 0;
          if (m > 0) next[1] += miss;
          for (let k = 0; k < m; k++) {
            const d = v[1 + k];
            const roll = d * rolls[k];
            if (k + 1 < m) next[2 + k] += roll;
            else entering += roll;
            next[1 + k] += d * s.stay[k];
            next[0] += d * (1 - rolls[k] - s.stay[k]);
          }
          if (c0 > 0) next[1 + m] += entering;
          else exits += entering;
          for (let j = 0; j < c0; j++) {
            if (j + 1 < c0) next[2 + m + j] += v[1 + m + j];
            else exits += v[1 + m + j];
          }
          // Attrition leaves C and its replacement enters C: only write-offs are replaced here.
          next[0] += exits;
          v.set(next);
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
