/**
 * `correlation` is the one-year asset correlation R (MODEL.md version 3, §2–3; docs/model.md
 * §2): the loading the engine gives the factor in a period's conditional miss probability,
 * ρ_p, is set so that a neutral book's one-year default rate has Vasicek's first two
 * moments: mean pd (the hazard is solved through the cycle, hazard.ts) and
 *     E[D²] = ∫ Φ((Φ⁻¹(pd) − √R·z)/√(1−R))² φ(z) dz = Φ₂(Φ⁻¹(pd), Φ⁻¹(pd); R),
 * the probability that two accounts both default within the year: the pairwise one-year
 * default correlation is Vasicek's. The roll rates keep their ratio to the miss: the roll
 * correlation R_roll (`delinquency.correlation`, R by default) is on the same one-year scale
 * and its monthly loading is ρ_p·R_roll/R, so the two loadings move together and the pair
 * (ρ_p, ρ_roll) is solved as one scale k. With pm = 12 (or a factor constant over the year)
 * and no ladder, D is Vasicek's conditional rate itself and ρ_p = R exactly.
 *
 * Why the second moment and not a quantile: it is a smooth mean over the same quadrature as
 * the first, so it is exact to the quadrature's error and cheap; a quantile of a
 * 2048-path set is not. The quantiles that follow are within a few per cent of Vasicek's
 * (docs/model.md §2 gives the measured gaps; test/engine/oneYearCorrelation.test.ts checks
 * them against Monte Carlo).
 *
 * The conversion is compiled once per segment (model.ts) at one reference PD; accounts
 * with other PDs share the segment's loading.
 */
import { factorGrid, gaussHermite } from "../math/factorGrid.ts";
import type { Ladder } from "../math/ladderChain.ts";
import { HazardSolver } from "./hazard.ts";
import { Phi, PhiInv } from "../math/normal.ts";

/** What the conversion reads of a segment and its economy. */
export interface LoadingInput extends Ladder {
  /** One-year asset correlation R and the rolls' one-year correlation. */
  correlation: number;
  rollCorrelation: number;
  /** Per-period persistence of the segment's factor and the period's months. */
  persistence: number;
  periodMonths: number;
  /** The PD at which the moments are matched. */
  pd: number;
}

/** The largest loading the engine is given: Φ's argument divides by √(1 − ρ). */
export const MAX_LOADING = 0.995;

/** Vasicek's E[D²] at (pd, R), by 96-node Gauss–Hermite. */
export function vasicekSecondMoment(pd: number, R: number): number {
  const { x, w } = gaussHermite(96);
  const a = PhiInv(pd);
  let s = 0;
  for (let j = 0; j < x.length; j++) {
    const p = Phi((a - Math.sqrt(R) * x[j]) / Math.sqrt(1 - R));
    s += w[j] * p * p;
  }
  return s;
}

const cache = new Map<string, { rho: number; rhoRoll: number }>();

/** The per-period miss loading and the monthly roll loading that give the one-year correlation R (see the file's comment). */
export function periodLoadings(e: LoadingInput): { rho: number; rhoRoll: number } {
  const key = JSON.stringify([Array.from(e.roll), Array.from(e.stay), e.correlation, e.rollCorrelation, e.persistence, e.periodMonths, e.pd]);
  const hit = cache.get(key);
  if (hit) return hit;
  const out = solveLoadings(e);
  cache.set(key, out);
  return out;
}

function solveLoadings(e: LoadingInput): { rho: number; rhoRoll: number } {
  const R = e.correlation;
  const Rr = e.rollCorrelation;
  const n = 12 / e.periodMonths;
  const constant = n === 1 || e.persistence >= 1;
  if (R === 0 && Rr === 0) return { rho: 0, rhoRoll: 0 };
  if (constant && e.roll.length === 0) return { rho: R, rhoRoll: Rr };
  // Rolls correlated with a miss that is not: their scale is the one R_roll would have as R.
  if (R === 0) return { rho: 0, rhoRoll: Math.min(scale({ ...e, correlation: Rr }) * Rr, MAX_LOADING) };
  const k = scale(e);
  return { rho: Math.min(k * R, MAX_LOADING), rhoRoll: Math.min(k * Rr, MAX_LOADING) };
}

/** The scale k with E[D²](loadings k·R, k·R_roll) = Vasicek's, by the Illinois method on k. */
function scale(e: LoadingInput): number {
  const R = e.correlation;
  const Rr = e.rollCorrelation;
  const pd = Math.min(Math.max(e.pd, 1e-6), 0.5);
  const target = vasicekSecondMoment(pd, R);
  const grid = factorGrid(12 / e.periodMonths, e.persistence);
  const kMax = MAX_LOADING / Math.max(R, Rr);
  const gap = (k: number): number => {
    const solver = new HazardSolver({ ...e, rho: Math.min(k * R, MAX_LOADING), rhoRoll: Math.min(k * Rr, MAX_LOADING) }, grid);
    // A PD the ladder cannot reach at this scale: the scale is too high.
    if (pd >= solver.max) return 1;
    return solver.secondMoment(solver.hazard(pd)) - target;
  };
  let a = 0;
  let b = Math.min(1, kMax);
  let fa = gap(a);
  let fb = gap(b);
  while (fb < 0 && b < kMax) {
    a = b;
    fa = fb;
    b = Math.min(2 * b, kMax);
    fb = gap(b);
  }
  if (fb <= 0) return b;
  if (fa >= 0) return a;
  let side = 0;
  for (let i = 0; i < 60; i++) {
    const c = (a * fb - b * fa) / (fb - fa);
    const fc = gap(c);
    if (Math.abs(fc) <= 1e-9 * target || b - a <= 1e-8 * b) return c;
    if (fc > 0) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  return (a + b) / 2;
}
