/**
 * What lies past the horizon (docs/model.md §8.2, Provisions): the expected loss, per unit of
 * exposure at the horizon, of an account still on the book then, over its remaining life, by
 * the machinery of the expected credit loss (ecl/chain.ts), so that the two cannot disagree.
 * A path's economy continues from its own state: the segment's factor at the horizon x (its
 * shift taken off) goes on as an AR(1), N(φ^j·x + s, 1 − φ^(2j)) j periods later, s the last
 * period's shift held (ecl/economy.ts), each month's rates integrated over that law. With n
 * months of life left (payments left for a loan, `remainingLifeMonths` for a line), misses
 * can happen in those n months only, and an account in arrears goes on until it defaults or
 * cures. A loan's EAD amortizes on its schedule (a miss in month t carries its balance after
 * t − 1 more payments); a line's is its balance + CCF·undrawn at the horizon. The loss is
 * discounted only when the scenario's `provisioning.discount` asks (at the segment's APR or
 * the stated rate).
 *
 * The chain is the segment's, as the book runs it: the mean monthly hazard of its accounts
 * on the base's calibrated chain (burdenChain.ts) times the miss multiplier, collections'
 * roll reduction, and the hazard of its pd × redefaultMultiplier for accounts back from
 * forbearance; the LGD its mean (with lgd.macro at the month's law), or 1 − the sale price.
 */
import type { AccountColumns as BookColumns, SegmentRange } from "./bookColumns.ts";
import { HazardSolver } from "./hazard.ts";
import { perMonth } from "../math/ladderChain.ts";
import { calibratedRaise, type Calibration } from "./burdenChain.ts";
import type { Model, PolicyModel, SegmentModel } from "./model.ts";
import { Phi } from "../math/normal.ts";
import { redefaultMultiplier } from "./levers/forbearance.ts";
import { PRODUCT } from "./product.ts";
import type { MacroModel } from "./macro.ts";
import { CurrentMass, episodeValues, unitTable, type MonthlyRates } from "./ecl/chain.ts";
import { fillHazard, horizonLaw, reportingLaw, segmentRates, thresholdOfMonthly, type FactorLaw } from "./ecl/economy.ts";

/** Longest remaining life the tables hold; a longer one is read at this length. */
export const LIFE_MONTHS = 600;

/** Months of rates past the longest remaining life, for arrears to resolve before the closed-form tail. */
const TAIL_MONTHS = 60;

/**
 * Expected loss per unit EAD at the horizon by months left n = 0..LIFE_MONTHS: current[n],
 * arrears[k·(LIFE_MONTHS + 1) + n] for bucket D(k+1); entries past the segment's longest life
 * hold its value.
 */
export interface LifetimeTable {
  current: Float64Array;
  arrears: Float64Array;
}

/** The table's entry for n months left, n clamped to 0..LIFE_MONTHS. */
export const lifeIndex = (n: number): number => (n <= 0 ? 0 : n >= LIFE_MONTHS ? LIFE_MONTHS : n);

/** A segment of a variant, on its book's columns: what its lifetime view is computed from. */
interface SegmentLifetimeOptions {
  model: Model;
  macro: MacroModel;
  s: SegmentModel;
  c: BookColumns;
  range: SegmentRange;
  /** The segment's index in the book (its grid in c.grids). */
  si: number;
  policy: PolicyModel;
  /** The base variant's calibrated chain of the segment (burdenChain.ts). */
  calibration: Calibration;
}

/** The loss tables of one segment, refilled for each path from its factor at the horizon. */
export interface SegmentLifetime {
  life: LifetimeTable;
  lifeRaised: LifetimeTable;
  /** Fills both tables for a path whose segment factor in the last period is x (its shift included). */
  atHorizon(x: number): void;
}

/** The discount a month the scenario asks for past the horizon: none without provisioning. */
function lifeDiscount(model: Model, s: SegmentModel): number {
  const d = model.provisioning?.discount;
  if (d === undefined || d === "none") return 0;
  return d === "apr" ? s.aprMonthly : d.rate / 12;
}

/**
 * A segment's lifetime view for one variant (see the file's comment): the mean monthly hazard
 * of its accounts (one rate, or the mean over scores and tape rows, applicants the variant
 * books included), and the raised one of accounts back from forbearance.
 */
export function segmentLifetime({ model, macro, s, c, range, si, policy: pol, calibration: cal }: SegmentLifetimeOptions): SegmentLifetime {
  const pm = model.layout.periodMonths;
  let sum = 0;
  let n = 0;
  let longest = s.termMonths;
  // A one-rate segment's accounts all sit on its one grid point.
  if (c.grids[si].length === 1) {
    sum = perMonth(Phi(c.grids[si][0]), pm);
    n = 1;
  }
  for (let i = range.start; i < range.end; i++) {
    if (c.bookAt[i] < 0) continue;
    if (c.term[i] > longest) longest = c.term[i];
    if (c.grids[si].length === 1) continue;
    sum += perMonth(Phi(c.a[i]), pm);
    n++;
  }
  const h = n > 0 ? sum / n : 0;
  const raised = calibratedRaise(h, s, new HazardSolver(cal.ladder), cal, redefaultMultiplier(pol));
  const revolving = s.product === PRODUCT.revolving;
  const maxN = Math.min(LIFE_MONTHS, revolving ? s.remainingLifeMonths : longest);
  const months = maxN + TAIL_MONTHS;
  const m = s.roll.length;
  const N = LIFE_MONTHS + 1;
  const life: LifetimeTable = { current: new Float64Array(N), arrears: new Float64Array(m * N) };
  const lifeRaised: LifetimeTable = { current: new Float64Array(N), arrears: new Float64Array(0) };
  // The last period's expected index (w·s, or a linked index on its variables' paths, §14.3):
  // held past the horizon, and taken off the path's index to give its state; the variance of
  // the index's random part scales the law (1 unlinked, 0 with the residual set to 0).
  const T = model.periods;
  const start = reportingLaw(macro, s, T, pm, T * pm);
  const shift = start.mu[T * pm - 1];
  const randomPart = start.sigma2[0];
  const discount = lifeDiscount(model, s);
  const scheduleRate = revolving ? null : s.aprMonthly;
  const law: FactorLaw = { months, mu: new Float64Array(months), sigma2: new Float64Array(months) };
  let rates: MonthlyRates | undefined;
  const mass = new CurrentMass();
  const threshold = thresholdOfMonthly(Math.min(h, 1 - 1e-12), pm);
  const raisedThreshold = thresholdOfMonthly(Math.min(raised, 1 - 1e-12), pm);
  const column = new Float64Array(maxN + 1);
  const hold = (into: Float64Array, offset: number) => {
    into.set(column, offset);
    into.fill(column[maxN], offset + maxN + 1, offset + N);
  };
  const fill = (x: number) => {
    horizonLaw(x - shift, shift, s.persistence, pm, months, law);
    if (randomPart !== 1) for (let j = 0; j < months; j++) law.sigma2[j] *= randomPart;
    rates = segmentRates({ s, cal, policy: pol, law }, rates);
    const values = episodeValues(rates, discount, Infinity);
    const hazard = { rho: s.rho, periodMonths: pm, missMultiplier: cal.missMultiplier };
    fillHazard(rates, law, { ...hazard, threshold: raisedThreshold });
    unitTable(rates, values, mass, { state: 0, window: Infinity, scheduleRate }, maxN, column);
    hold(lifeRaised.current, 0);
    fillHazard(rates, law, { ...hazard, threshold });
    unitTable(rates, values, mass, { state: 0, window: Infinity, scheduleRate }, maxN, column);
    hold(life.current, 0);
    for (let k = 0; k < m; k++) {
      unitTable(rates, values, mass, { state: k + 1, window: Infinity, scheduleRate }, maxN, column);
      hold(life.arrears, k * N);
    }
  };
  return { life, lifeRaised, atHorizon: fill };
}
