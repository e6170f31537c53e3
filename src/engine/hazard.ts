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
import type { RiskBasis } from "./model.ts";
import { PhiInv } from "./normal.ts";

/** A ladder's monthly roll and stay rates, rolls capped at 1 − stay as the engine caps them. */
export interface Ladder {
  roll: ArrayLike<number>;
  stay: ArrayLike<number>;
}

/** Months over which `pd` is measured. */
const YEAR = 12;

/** The monthly hazard whose chance of leaving within `months` months is q. */
export const perMonth = (q: number, months: number): number => -expm1(log1p(-q) / months);

/** The chance of leaving within `months` months at monthly hazard h: perMonth's inverse. */
const withinMonths = (h: number, months: number): number => -expm1(months * log1p(-h));

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
    let h = perMonth(pd, YEAR);
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
export function raisedHazard(h: number, s: Ladder & { basis: RiskBasis }, solver: HazardSolver, multiplier: number): number {
  if (multiplier === 1) return h;
  const annual = s.basis === "default" ? annualDefault(h, s) : withinMonths(h, YEAR);
  return Math.min(hazardOf(s.basis, solver, annual * multiplier), 1 - 1e-12);
}

/** The monthly first-miss hazard of an annual rate of the basis: solved through the ladder from a PD, or read off a miss rate. */
function hazardOf(basis: RiskBasis, solver: HazardSolver, annual: number): number {
  const rate = Math.min(annual, 1 - 1e-12);
  return basis === "default" ? solver.hazard(rate) : perMonth(rate, YEAR);
}

/** The latent threshold of the period's miss probability at monthly hazard h. */
export function thresholdOfHazard(h: number, periodMonths: number): number {
  // Held below 1 so the threshold stays finite: a miss every month rounds q to 1 when pm ≥ 3.
  return PhiInv(Math.min(withinMonths(Math.min(h, 1 - 1e-12), periodMonths), 1 - 1e-12));
}

/** Turns an annual rate of the given basis into the latent threshold of the period's miss probability. */
export function thresholdOf(basis: RiskBasis, solver: HazardSolver, annual: number, periodMonths: number): number {
  return thresholdOfHazard(hazardOf(basis, solver, annual), periodMonths);
}
