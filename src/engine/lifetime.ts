/**
 * What lies past the horizon (docs/model.md §8.2): the probability that an account still on
 * the book at the horizon enters F within its remaining life, under the segment's
 * through-the-cycle monthly chain (its unshifted hazard and rolls, the average over
 * economies, not the conditional rates at Z = 0). With n months of life left
 * (payments left for a loan, `remainingLifeMonths` for a line), first misses can happen in
 * those n months only, and an account in arrears goes on until it defaults or cures:
 *     V_C(n)  = h·V_D1(n−1) + (1−h)(1−α)·V_C(n−1),       V_C(0) = 0,
 *     V_Dk(n) = roll_k·V_Dk+1(n−1) + stay_k·V_Dk(n−1) + cure_k·V_C(n−1),
 *     V_Dk(0) = Π_{j ≥ k} roll_j/(1 − stay_j),             V_Dm+1 = V_F = 1,
 * h the monthly miss hazard, α attrition (a competing exit: h + α(1 − h) leave a month).
 * With no ladder V_C(n) = h(1 − Sⁿ)/(1 − S), S = (1 − h)(1 − α).
 */
import type { AccountColumns as BookColumns, SegmentRange } from "./bookColumns.ts";
import { HazardSolver } from "./hazard.ts";
import { perMonth } from "../math/ladderChain.ts";
import { calibratedRaise, type Calibration } from "./burdenChain.ts";
import type { PolicyModel, SegmentModel } from "./model.ts";
import { Phi } from "../math/normal.ts";
import { collectedRoll } from "./levers/collections.ts";
import { redefaultMultiplier } from "./levers/forbearance.ts";
import { lgdPastHorizon } from "./levers/nplSale.ts";

/** Longest remaining life the tables hold; a longer one is read at this length. */
export const LIFE_MONTHS = 600;

export interface Chain {
  /** Monthly first-miss hazard of a current account. */
  hazard: number;
  attrition: number;
  /** Monthly roll and stay probabilities of D1..Dm at Z = 0, after collections. */
  roll: ArrayLike<number>;
  stay: ArrayLike<number>;
}

/**
 * V_C(n) and V_Dk(n) for n = 0..LIFE_MONTHS: current[n], arrears[k·(LIFE_MONTHS + 1) + n]
 * for bucket D(k+1).
 */
export interface LifetimeTable {
  current: Float64Array;
  arrears: Float64Array;
}

export function lifetimeTable(chain: Chain): LifetimeTable {
  const N = LIFE_MONTHS + 1;
  const m = chain.roll.length;
  const { hazard: h, attrition: a } = chain;
  const current = new Float64Array(N);
  const arrears = new Float64Array(m * N);
  // V_Dk(0): absorbed in F before a cure, the account's life over.
  let reach = 1;
  for (let k = m - 1; k >= 0; k--) {
    const out = 1 - chain.stay[k];
    reach = out > 0 ? (chain.roll[k] / out) * reach : 0;
    arrears[k * N] = reach;
  }
  const keep = (1 - h) * (1 - a);
  for (let n = 1; n < N; n++) {
    current[n] = h * (m === 0 ? 1 : arrears[n - 1]) + keep * current[n - 1];
    for (let k = 0; k < m; k++) {
      const roll = chain.roll[k];
      const stay = chain.stay[k];
      const next = k + 1 === m ? 1 : arrears[(k + 1) * N + n - 1];
      arrears[k * N + n] = roll * next + stay * arrears[k * N + n - 1] + (1 - roll - stay) * current[n - 1];
    }
  }
  return { current, arrears };
}

/** The table's entry for n months left, n clamped to 0..LIFE_MONTHS. */
export const lifeIndex = (n: number): number => (n <= 0 ? 0 : n >= LIFE_MONTHS ? LIFE_MONTHS : n);

/** A segment of a variant, on its book's columns: what its lifetime view is computed from. */
interface SegmentLifetimeOptions {
  s: SegmentModel;
  c: BookColumns;
  range: SegmentRange;
  /** The segment's index in the book (its grid in c.grids). */
  si: number;
  periodMonths: number;
  policy: PolicyModel;
  /** The base variant's calibrated chain of the segment (burdenChain.ts). */
  calibration: Calibration;
}

/**
 * A segment's chains for the lifetime view of one variant: at its through-the-cycle rates,
 * the mean monthly hazard of its accounts (one rate, or the mean over scores and tape rows,
 * applicants the variant books included) with collections' roll reduction, and at the
 * hazard of its pd × redefaultMultiplier for accounts back from forbearance; and the LGD of
 * a default past the horizon, its mean or 1 − the sale price.
 */
export function segmentLifetime({ s, c, range, si, periodMonths, policy: pol, calibration: cal }: SegmentLifetimeOptions): {
  life: LifetimeTable;
  lifeRaised: LifetimeTable;
  lifeLgd: number;
} {
  let sum = 0;
  let n = 0;
  // A one-rate segment's accounts all sit on its one grid point.
  if (c.grids[si].length === 1) {
    sum = perMonth(Phi(c.grids[si][0]), periodMonths);
    n = 1;
  } else {
    for (let i = range.start; i < range.end; i++) {
      if (c.bookAt[i] < 0) continue;
      sum += perMonth(Phi(c.a[i]), periodMonths);
      n++;
    }
  }
  const h = n > 0 ? sum / n : 0;
  // On the base's calibrated chain (burdenChain.ts): its burden-averaged rolls, and the
  // hazard × the miss multiplier, so that the view defaults as the book does.
  const m = cal.missMultiplier;
  const roll = Array.from(cal.ladder.roll, (x, k) => collectedRoll(pol, x, s.stay[k]));
  const chain = { attrition: s.attrition, roll, stay: s.stay };
  const raised = calibratedRaise(h, s, new HazardSolver(cal.ladder), cal, redefaultMultiplier(pol));
  return {
    life: lifetimeTable({ ...chain, hazard: Math.min(h * m, 1) }),
    lifeRaised: lifetimeTable({ ...chain, hazard: Math.min(raised * m, 1) }),
    lifeLgd: lgdPastHorizon(pol, s.lgd.mean),
  };
}
