/**
 * The fitted correlation as a scenario states it. `creditlab fit` estimates ρ as the monthly
 * loading of the miss rates' common factor (with its monthly persistence φ); a scenario's
 * `correlation` is the one-year asset correlation R (docs/model.md §2), from which the
 * engine derives its monthly loading by matching Vasicek's second moment of the one-year
 * default rate (src/engine/calibrate.ts). The inverse: the second moment of the fitted chain
 * at loading ρ (rolls moving with the same loading) is Vasicek's at exactly one R, found by
 * bisection on Vasicek's closed form, so the scenario gives the engine back the loading
 * that was fitted (at the segment's pd).
 */
import { HazardSolver } from "../engine/hazard.ts";
import type { Ladder } from "../math/ladderChain.ts";
import { vasicekSecondMoment } from "../engine/calibrate.ts";

/** Largest R written: the schema's bound on `correlation` is below 1. */
const MAX_R = 0.99;

export function oneYearCorrelation(monthly: number, persistence: number, ladder: Ladder, pd: number): number {
  if (!(monthly > 0) || !(pd > 0 && pd < 1)) return 0;
  const solver = new HazardSolver({ ...ladder, rho: monthly, rhoRoll: monthly, persistence, periodMonths: 1 });
  if (!(pd < solver.max)) return Math.min(monthly, MAX_R);
  const target = solver.secondMoment(solver.hazard(pd));
  let lo = 0;
  let hi = MAX_R;
  if (vasicekSecondMoment(pd, hi) <= target) return MAX_R;
  // Vasicek's E[D²] increases with R from pd² at R = 0.
  for (let i = 0; i < 60 && hi - lo > 1e-7; i++) {
    const mid = (lo + hi) / 2;
    if (vasicekSecondMoment(pd, mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
