/**
 * `pd` with a payment burden (docs/model.md §3.2, §4.8): the default rate of the book as
 * given, under the base variant's burden, charges and card behaviour. With ε > 0 the chain
 * the engine runs is not the ladder's: a current stepped account misses at h·B^ε, B its
 * payment due against the one it took on, and an account in arrears rolls at
 * roll_k·((P₁ + charges)/P₁)^ε. The hazard solver (hazard.ts) knows bucket-by-bucket ladders
 * only, so the burden is handed to it as an **effective chain**:
 *
 * 1. kinds of account (burdenKinds.ts): the segment's balances at equal-probability quantiles of its size
 *    distribution (a tape's rows), and for stepped credit lines who starts revolving and a
 *    fixed set of behaviour histories (switches, conversions) over the first year. Each kind
 *    has its miss multiplier M_t = B_t^ε by month and its arrears multiplier by the month of
 *    its first miss and the number of charges so far, as the engine computes them;
 * 2. the expanded chain C → (first-miss month, bucket, charges) → F, one forward pass of 12
 *    months per kind, gives the exact 12-month default probability A*(h) of the mix at
 *    ρ = 0; h* solves A*(h*) = pd (Illinois regula falsi on the monotone A*);
 * 3. the effective ladder: bucket k's roll rate averaged over the chain's occupancy of
 *    bucket k during the year at h*, stays as given;
 * 4. the miss multiplier m = h_eff / h*, h_eff the solver's hazard of pd on the effective
 *    ladder: the mean B^ε of current accounts and what the averaging in 3 leaves, so that
 *    h = h_eff / m gives pd exactly at ρ = 0 (for a scorecard, at its mean PD).
 *
 * The calibration is the base variant's: every variant keeps the base's hazards, and a
 * variant that charges more (or less) defaults more (or less) than `pd`.
 *
 * Then what an account's annual rate becomes on the calibrated chain: its latent threshold
 * (`calibratedThresholds`, book.ts) and forbearance's raised hazard (`calibratedRaise`), and
 * the same on a plain ladder (`thresholdOf`, `raisedHazard`; from hazard.ts, which solves
 * hazards and knows no risk basis).
 */
import { pow } from "../math/elementary.ts";
import { perMonth, withinMonths, YEAR, type CycleLadder, type Ladder } from "../math/ladderChain.ts";
import { HazardSolver, thresholdOfHazard } from "./hazard.ts";
import { kindsOf, nodes, SIZE_NODES, type Kind } from "./burdenKinds.ts";
import type { Model, PolicyModel, RiskBasis, SegmentModel } from "./model.ts";
import { scorePd } from "./segmentInputs.ts";

/** The chain a segment's hazard is solved on, and the factor from its solved hazard to the account's own. */
export interface Calibration {
  /** The effective ladder with the segment's economy (its loadings, persistence and period), for the through-the-cycle solver. */
  ladder: CycleLadder;
  /** h_eff / h: the solver's hazard on `ladder` over the hazard an account misses at before its burden. */
  missMultiplier: number;
}

/**
 * The mix's 12-month default probability at hazard h, and (when `occupancy` is given) the
 * bucket occupancy and rolled mass summed over the year: occupancy[k], occupancy[m + k].
 */
function expandedAbsorption(h: number, kinds: readonly Kind[], ladder: Ladder, occupancy: Float64Array | null): number {
  const m = ladder.roll.length;
  const size = YEAR * m * YEAR; // (first-miss month, bucket, charges)
  let p = new Float64Array(size);
  let next = new Float64Array(size);
  let total = 0;
  let weights = 0;
  for (const kind of kinds) {
    p.fill(0);
    let c = 1;
    let f = 0;
    for (let t = 1; t <= YEAR; t++) {
      next.fill(0);
      let cured = 0;
      for (let t0 = 1; t0 < t; t0++) {
        for (let k = 0; k < m; k++) {
          const stay = ladder.stay[k];
          const cap = 1 - stay;
          for (let n = 1; n <= t - t0; n++) {
            const at = ((t0 - 1) * m + k) * YEAR + n - 1;
            const q = p[at];
            if (q === 0) continue;
            const roll = Math.min(ladder.roll[k] * kind.arrears[(t0 - 1) * YEAR + n - 1], cap);
            const n1 = Math.min(n + 1, YEAR);
            if (k + 1 === m) f += q * roll;
            else next[((t0 - 1) * m + k + 1) * YEAR + n1 - 1] += q * roll;
            next[((t0 - 1) * m + k) * YEAR + n1 - 1] += q * stay;
            cured += q * (1 - roll - stay);
            if (occupancy) {
              occupancy[k] += kind.weight * q;
              occupancy[m + k] += kind.weight * q * roll;
            }
          }
        }
      }
      const miss = Math.min(1, h * kind.current[t - 1]);
      if (m === 0) f += c * miss;
      else next[(t - 1) * m * YEAR] += c * miss;
      c = c * (1 - miss) + cured;
      [p, next] = [next, p];
    }
    total += kind.weight * f;
    weights += kind.weight;
  }
  return total / weights;
}

/** h with A*(h) = pd by the Illinois variant of regula falsi on [0, 1], or NaN when pd is out of reach. */
function solveExpanded(pd: number, kinds: readonly Kind[], ladder: Ladder): number {
  let lo = 0;
  let hi = 1;
  let flo = -pd;
  let fhi = expandedAbsorption(1, kinds, ladder, null) - pd;
  if (!(fhi > 0)) return NaN;
  let side = 0;
  for (let i = 0; i < 200; i++) {
    const h = (lo * fhi - hi * flo) / (fhi - flo);
    const fh = expandedAbsorption(h, kinds, ladder, null) - pd;
    if (Math.abs(fh) <= 1e-12 * pd || hi - lo <= 1e-15) return h;
    if (fh > 0) {
      hi = h;
      fhi = fh;
      if (side === 1) flo /= 2;
      side = 1;
    } else {
      lo = h;
      flo = fh;
      if (side === -1) fhi /= 2;
      side = -1;
    }
  }
  return (lo + hi) / 2;
}

/** The annual rate a segment's calibration is made at: its pd, or the mean scorecard PD of its scores (or applicants'). */
function representativePd(s: SegmentModel): number {
  if (s.risk.kind === "rate" && s.basis === "default") return s.risk.annual;
  const dist = s.risk.kind === "score" ? s.risk : s.applicantScore;
  if (dist === null || s.scorecard === null) return s.risk.kind === "rate" ? s.risk.annual : NaN;
  const zs = nodes(SIZE_NODES);
  return zs.reduce((sum, z) => sum + scorePd(dist.mean + dist.sd * z, s.scorecard!), 0) / zs.length;
}

/**
 * The calibration of segment `s` under policy `pol` (see the file header). With ε = 0 it is
 * the segment's own ladder and multiplier 1, so every hazard is the plain solver's.
 */
export function burdenCalibration(s: SegmentModel, pol: PolicyModel): Calibration {
  const economy = { rho: s.rho, rhoRoll: s.rhoRoll, persistence: s.persistence, periodMonths: s.periodMonths };
  const plain: Calibration = { ladder: { roll: s.roll, stay: s.stay, ...economy }, missMultiplier: 1 };
  const pd = representativePd(s);
  if (s.burden === 0 || !(pd > 0 && pd < 1)) return plain;
  const kinds = kindsOf(s, pol);
  if (kinds.length === 0) return plain;
  // The burden's chain is exact at ρ = 0; the economy is added to the effective ladder it gives.
  const h = solveExpanded(pd, kinds, plain.ladder);
  if (!(h > 0 && h < 1)) return plain;
  const m = s.roll.length;
  const occupancy = new Float64Array(2 * m);
  expandedAbsorption(h, kinds, plain.ladder, occupancy);
  const roll = Float64Array.from(s.roll, (x, k) => (occupancy[k] > 0 ? occupancy[m + k] / occupancy[k] : Math.min(x, 1 - s.stay[k])));
  const solver = new HazardSolver({ roll, stay: s.stay });
  if (pd >= solver.max) return plain;
  return { ladder: { roll, stay: s.stay, ...economy }, missMultiplier: solver.hazard(pd) / h };
}

const calibrations = new WeakMap<Model, Map<string, Calibration>>();

/**
 * The calibration of segment si of variant vi: the base variant's burden, charges, balances,
 * behaviour and line policy, with the variant's own ladder and risk (a variant that moves
 * them moves its hazard as before). Computed once per model and key.
 */
export function calibrationOf(model: Model, vi: number, si: number): Calibration {
  let byKey = calibrations.get(model);
  if (!byKey) calibrations.set(model, (byKey = new Map()));
  const base = model.variants[0].segments[si];
  const own = model.variants[vi].segments[si];
  // The variant's own ladder, risk and economy (a variant that moves its correlation or
  // persistence keeps pd through its own cycle); the base's burden, charges and behaviour.
  const key = JSON.stringify([si, Array.from(own.roll), Array.from(own.stay), own.risk, own.basis, own.scorecard, own.applicantScore, own.rho, own.rhoRoll, own.persistence, own.periodMonths]);
  let c = byKey.get(key);
  if (!c) {
    const s: SegmentModel = {
      ...base,
      roll: own.roll,
      stay: own.stay,
      risk: own.risk,
      basis: own.basis,
      scorecard: own.scorecard,
      applicantScore: own.applicantScore,
      rho: own.rho,
      rhoRoll: own.rhoRoll,
      correlation: own.correlation,
      persistence: own.persistence,
      periodMonths: own.periodMonths,
    };
    c = burdenCalibration(s, model.variants[0].policy);
    byKey.set(key, c);
  }
  return c;
}

/** What turns a segment's annual rates into its accounts' thresholds: its solver on the calibrated chain, the calibration, the period's months. */
export interface ThresholdChain {
  solver: HazardSolver;
  cal: Calibration;
  periodMonths: number;
}

/**
 * The latent threshold of an account's annual rate on the calibrated chain (hazard.ts
 * `thresholdOfHazard`): a default pd solved on the effective chain, its hazard then divided
 * by the miss multiplier (held below 1); a miss rate as it is. `many`: one of many
 * accounts' own rates (a scorecard's, a tape's), read off the solver's table.
 */
export function calibratedThresholds({ solver, cal, periodMonths }: ThresholdChain): (basis: RiskBasis, annual: number, many?: boolean) => number {
  return (basis, annual, many = false) => {
    const rate = Math.min(annual, 1 - 1e-12);
    let h: number;
    if (basis !== "default") h = perMonth(rate, YEAR);
    else {
      const own = many ? solver.lookup(rate) : solver.hazard(rate);
      h = cal.missMultiplier === 1 ? own : Math.min(own / cal.missMultiplier, 1 - 1e-12);
    }
    return thresholdOfHazard(h, periodMonths);
  };
}

/**
 * Forbearance's raised hazard (`raisedHazard` below) of an account at hazard h: its
 * annual default on the effective chain × the multiplier, solved back on it.
 */
export function calibratedRaise(h: number, s: SegmentModel, solver: HazardSolver, cal: Calibration, multiplier: number): number {
  if (cal.missMultiplier === 1 || s.basis !== "default") return raisedHazard(h, { ...cal.ladder, basis: s.basis }, solver, multiplier);
  const m = cal.missMultiplier;
  return Math.min(raisedHazard(Math.min(h * m, 1), { ...cal.ladder, basis: s.basis }, solver, multiplier) / m, 1 - 1e-12);
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

/** Turns an annual rate of the given basis into the latent threshold of the period's miss probability on the solver's own chain (no burden). */
export function thresholdOf(basis: RiskBasis, solver: HazardSolver, annual: number, periodMonths: number): number {
  return thresholdOfHazard(hazardOf(basis, solver, annual, false), periodMonths);
}
