/**
 * The monthly first-miss hazard h of a current account from its annual probability of
 * default (MODEL.md version 2, section 3): h is the value for which the monthly Markov chain
 * of section 4 (miss h from C; from Dk roll r_k to D(k+1), or to F from Dm, stay s_k, else
 * cure to C; no attrition, no policy, the economy at its long-run value) absorbs a current
 * account in F within 12 months with probability PD. With `roll: []` this is
 * h = 1 − (1 − PD)^(1/12).
 *
 * The 12-month absorption A(h) is a polynomial in h, increasing from A(0) = 0, so a PD has
 * one h; a safeguarded Newton iteration finds it, the derivative carried forward with the
 * distribution (forward-mode differentiation of the 12 steps).
 */
import { expm1, log1p } from "./math.ts";

/** A ladder's monthly roll and stay rates, rolls capped at 1 − stay as the engine caps them. */
export interface Ladder {
  roll: ArrayLike<number>;
  stay: ArrayLike<number>;
}

/** Months over which `pd` is measured. */
const YEAR = 12;

/**
 * A(h) and dA/dh: the probability that a current account is in F after 12 months, when it
 * misses with monthly hazard h. `work` holds 2·(m + 2) numbers.
 */
function absorption(h: number, ladder: Ladder, work: Float64Array): [number, number] {
  const m = ladder.roll.length;
  // p[0] = C, p[1..m] = D1..Dm, p[m+1] = F; d[] their derivatives in h.
  const n = m + 2;
  const p = work.subarray(0, n).fill(0);
  const d = work.subarray(n, 2 * n).fill(0);
  p[0] = 1;
  for (let month = 0; month < YEAR; month++) {
    let c = p[0] * (1 - h);
    let dc = d[0] * (1 - h) - p[0];
    let into = p[0] * h; // missing from C: D1, or F when m = 0
    let dInto = d[0] * h + p[0];
    let f = p[n - 1];
    let df = d[n - 1];
    for (let k = 1; k <= m; k++) {
      const stay = ladder.stay[k - 1];
      const roll = Math.min(ladder.roll[k - 1], 1 - stay);
      const cure = 1 - roll - stay;
      const pk = p[k];
      const dk = d[k];
      p[k] = into + pk * stay;
      d[k] = dInto + dk * stay;
      c += pk * cure;
      dc += dk * cure;
      into = pk * roll;
      dInto = dk * roll;
    }
    f += into;
    df += dInto;
    p[0] = c;
    d[0] = dc;
    p[n - 1] = f;
    d[n - 1] = df;
  }
  return [p[n - 1], d[n - 1]];
}

/** The largest 12-month default probability a ladder allows: A(1), an account that misses every month. */
export function maxAnnualDefault(ladder: Ladder): number {
  return absorption(1, ladder, new Float64Array(2 * (ladder.roll.length + 2)))[0];
}

/** The 12-month default probability of a current account with monthly first-miss hazard h. */
export function annualDefault(h: number, ladder: Ladder): number {
  return absorption(h, ladder, new Float64Array(2 * (ladder.roll.length + 2)))[0];
}

/**
 * Solves monthly first-miss hazards for one ladder, reusing its work space. A PD at or
 * above what the ladder allows gives h = 1 (the validator refuses such a segment `pd`;
 * a scorecard's riskiest scores are held at the ladder's ceiling).
 */
export class HazardSolver {
  private readonly work: Float64Array;
  readonly max: number;

  constructor(private readonly ladder: Ladder) {
    this.work = new Float64Array(2 * (ladder.roll.length + 2));
    this.max = absorption(1, ladder, this.work)[0];
  }

  /** The monthly hazard h with A(h) = pd, to a relative 1e-13. */
  hazard(pd: number): number {
    if (!(pd > 0)) return 0;
    if (pd >= this.max) return 1;
    // Start from the hazard with no ladder, which every ladder's absorption lags.
    let h = -expm1(log1p(-pd) / YEAR);
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 100; i++) {
      const [a, da] = absorption(h, this.ladder, this.work);
      const gap = a - pd;
      if (Math.abs(gap) <= 1e-13 * pd) return h;
      if (gap > 0) hi = h;
      else lo = h;
      const next = da > 0 ? h - gap / da : NaN;
      h = next > lo && next < hi ? next : (lo + hi) / 2;
    }
    return h;
  }
}

/**
 * The monthly hazard of an account whose annual rate is `multiplier` × that of hazard h,
 * re-solved through the ladder (a default pd) or directly (a miss rate): forbearance's
 * re-default multiplier.
 */
export function raisedHazard(h: number, s: Ladder & { basis: "default" | "miss" }, solver: HazardSolver, multiplier: number): number {
  if (multiplier === 1) return h;
  const annual = s.basis === "default" ? annualDefault(h, s) : -expm1(12 * log1p(-h));
  const raised = Math.min(annual * multiplier, 1 - 1e-12);
  return Math.min(s.basis === "default" ? solver.hazard(raised) : -expm1(log1p(-raised) / 12), 1 - 1e-12);
}
