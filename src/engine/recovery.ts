/**
 * The workout of defaults (docs/model.md §6.1): when a default's recovery arrives, when its
 * balance is written off, and what is sold. A default in month d with exposure EAD and a
 * drawn loss given default LGD recovers, net of the workout's costs, R = EAD·(1 − LGD) in
 * all, the share c_k of it in month d + k (the segment's curve, Σ c_k = 1), so the Beta LGD
 * keeps its meaning as the undiscounted loss; the cash collected is R·c_k/(1 − costRate)
 * and the costs the difference. The balance is written off c = chargeOffMonths months after
 * default (F → W), for what is left of it, EAD − R·Σ_{k<c} c_k; what comes in after that
 * is a recovery of a charged-off balance. A default sold k months after default
 * (policy.nplSale.atMonthsInDefault) recovers along the curve truncated at k, then brings its
 * proceeds in month d + k: the write-off then if k < c (EAD − R·Σ_{j<k} c_j − proceeds), or a
 * recovery of the balance written off at c. Net charge-offs (the US convention of the
 * FFIEC's Uniform Retail Credit Classification and Account Management Policy, 2000) are the
 * month's write-offs less those recoveries, and over a cohort's whole workout they sum to
 * its loss at default, EAD − R.
 *
 * The workout is linear in the defaults of a month: the month's sums of EAD and of R over
 * its defaults, by segment, carry all that the curve needs, so no account is visited after
 * its default and a path's cost is one short convolution a segment a month (the curve's
 * length), whatever the number of defaults. Accounts in F keep their EAD as their balance
 * until written off (the reporting views and funding read it); the recoveries received in
 * F lower the amount written off, not that balance.
 *
 * Present values discount month m to the start by v^m, v = (1 + r)^(−1/12) with r the
 * policy's discountRate or the segment's APR: the loss at default's is the economic loss of
 * Basel's CRE36.83–36.85 and EBA GL/2017/16 (discounted recoveries net of workout costs).
 */
import { NPM, PM } from "./layout.ts";
import type { SegmentModel } from "./model.ts";
import { pow } from "../math/elementary.ts";

/** The names of a path's monthly flows, each a Float64Array over months 0..H (month 0 stays 0). */
export const FLOWS = ["recoveries", "workoutCost", "saleProceeds", "chargeOffs", "chargeOffRecoveries", "lossAtDefault", "netLoss", "defaultedEad"] as const;
export type FlowName = (typeof FLOWS)[number];
export type Flows = Record<FlowName, Float64Array>;

const flows = (H: number): Flows => Object.fromEntries(FLOWS.map((f) => [f, new Float64Array(H + 1)])) as Flows;

/** One segment's workout in a path: its cohorts' sums by month of default, and its monthly flows. */
class SegmentWorkout {
  /** EAD and net recovery R of the worked-out defaults of each month; EAD and proceeds of the sales. */
  readonly ead: Float64Array;
  readonly recovery: Float64Array;
  readonly soldEad: Float64Array;
  /** Defaults sold k = saleAt months after default: their EAD, net recovery R and proceeds, by month of default. */
  readonly laterEad: Float64Array;
  readonly laterRecovery: Float64Array;
  readonly laterProceeds: Float64Array;
  /** Σ_{j<k} c_j and Σ_{j<k} c_j v^j: the curve the seller keeps, undiscounted and at default's value; v^k. */
  readonly beforeSale: number;
  readonly beforeSaleValue: number;
  readonly vSale: number;
  readonly flows: Flows;
  /** The curve's share recovered before write-off, and its present value at default at the segment's rate. */
  readonly beforeWriteOff: number;
  readonly curveValue: number;
  /** v^m, m = 0..H. */
  readonly discount: Float64Array;

  constructor(
    readonly s: SegmentModel,
    H: number,
    annual: number,
    readonly saleAt: number,
  ) {
    this.ead = new Float64Array(H + 1);
    this.recovery = new Float64Array(H + 1);
    this.soldEad = new Float64Array(H + 1);
    const L = saleAt > 0 ? H + 1 : 0;
    this.laterEad = new Float64Array(L);
    this.laterRecovery = new Float64Array(L);
    this.laterProceeds = new Float64Array(L);
    this.flows = flows(H);
    const c = s.recovery.curve;
    let before = 0;
    for (let k = 0; k < Math.min(s.chargeOffMonths, c.length); k++) before += c[k];
    this.beforeWriteOff = before;
    const v = pow(1 + annual, -1 / 12);
    this.discount = new Float64Array(H + 1);
    let f = 1;
    for (let m = 0; m <= H; m++) {
      this.discount[m] = f;
      f *= v;
    }
    let a = 0;
    f = 1;
    for (let k = 0; k < c.length; k++) {
      a += c[k] * f;
      f *= v;
    }
    this.curveValue = a;
    let b = 0;
    let bv = 0;
    f = 1;
    for (let k = 0; k < Math.min(saleAt, c.length); k++) {
      b += c[k];
      bv += c[k] * f;
      f *= v;
    }
    this.beforeSale = b;
    this.beforeSaleValue = bv;
    this.vSale = pow(1 + annual, -saleAt / 12);
  }

  clear(): void {
    this.ead.fill(0);
    this.recovery.fill(0);
    this.soldEad.fill(0);
    this.laterEad.fill(0);
    this.laterRecovery.fill(0);
    this.laterProceeds.fill(0);
    for (const f of FLOWS) this.flows[f].fill(0);
  }
}

/**
 * The workouts of a path's segments. Arrears books each default (`workedOut`, `sold`); the
 * path's month-end closes the month (`month`), writing the month's flows into the path's
 * outputs and the book's monthly arrays `book` (the cash view reads them).
 */
export class Workout {
  readonly seg: SegmentWorkout[];
  /** The book's monthly flows, summed over segments: final for month mo once `month(·, mo)` has run for every segment. */
  readonly book: Flows;
  /** The period's sums of the book's net loss and loss at default, for its row. */
  periodNetLoss = 0;

  constructor(
    segments: readonly SegmentModel[],
    readonly H: number,
    discountRate: number | null,
    saleAt: readonly number[] = [],
  ) {
    // "apr": the segment's own rate, APR = 12 × the monthly rate.
    this.seg = segments.map((s, si) => new SegmentWorkout(s, H, discountRate ?? s.aprMonthly * 12, saleAt[si] ?? 0));
    this.book = flows(H);
  }

  beginPath(): void {
    for (const g of this.seg) g.clear();
    for (const f of FLOWS) this.book[f].fill(0);
    this.periodNetLoss = 0;
  }

  /** A default of segment si in month mo worked out: its EAD and its net recovery EAD·(1 − LGD). */
  workedOut(si: number, mo: number, ead: number, recovery: number): void {
    const g = this.seg[si];
    g.ead[mo] += ead;
    g.recovery[mo] += recovery;
  }

  /** A default of segment si sold in month mo for `proceeds`: written off at once for EAD − proceeds. */
  sold(si: number, mo: number, ead: number, proceeds: number): void {
    const g = this.seg[si];
    const f = g.flows;
    g.soldEad[mo] += ead;
    f.saleProceeds[mo] += proceeds;
    f.chargeOffs[mo] += ead - proceeds;
    f.netLoss[mo] += ead - proceeds;
  }

  /**
   * A default of segment si in month mo worked out until its sale k = saleAt months later:
   * its EAD, its net recovery EAD·(1 − LGD) (the curve's shares before k are the seller's)
   * and the sale's proceeds, booked in month mo + k.
   */
  soldLater(si: number, mo: number, ead: number, recovery: number, proceeds: number): void {
    const g = this.seg[si];
    g.laterEad[mo] += ead;
    g.laterRecovery[mo] += recovery;
    g.laterProceeds[mo] += proceeds;
  }

  /**
   * Month mo of segment si, after its defaults: the recoveries of every cohort, the write-off
   * of the cohort of month mo − c, into the path's outputs `so` and the book's flows.
   */
  month(si: number, mo: number, so: Float64Array): void {
    const g = this.seg[si];
    const { curve, costRate } = g.s.recovery;
    const c = g.s.chargeOffMonths;
    const f = g.flows;
    const last = Math.min(curve.length - 1, mo - 1);
    let net = 0;
    let after = 0;
    for (let k = 0; k <= last; k++) {
      const r = g.recovery[mo - k] * curve[k];
      net += r;
      if (k >= c) after += r;
    }
    const d = mo - c;
    let writeOff = d >= 1 ? g.ead[d] - g.recovery[d] * g.beforeWriteOff : 0;
    let pvLater = 0;
    if (g.saleAt > 0) {
      // Cohorts sold at k months in default: the curve up to k, then the proceeds; written
      // off at the sale when it comes before chargeOffMonths, else at c and the proceeds are
      // a recovery of a charged-off balance.
      const K = g.saleAt;
      const upTo = Math.min(K - 1, curve.length - 1, mo - 1);
      for (let k = 0; k <= upTo; k++) {
        const r = g.laterRecovery[mo - k] * curve[k];
        net += r;
        if (k >= c) after += r;
      }
      const ds = mo - K;
      const proceeds = ds >= 1 ? g.laterProceeds[ds] : 0;
      f.saleProceeds[mo] += proceeds;
      if (K < c) {
        if (ds >= 1) writeOff += g.laterEad[ds] - g.laterRecovery[ds] * g.beforeSale - proceeds;
      } else {
        after += proceeds;
        if (d >= 1) writeOff += g.laterEad[d] - g.laterRecovery[d] * g.beforeWriteOff;
      }
      f.defaultedEad[mo] += g.laterEad[mo];
      // The cohort of month mo, whole: its EAD less the seller's recoveries and the proceeds, at default's value.
      pvLater = g.laterEad[mo] - g.laterRecovery[mo] * g.beforeSaleValue - g.laterProceeds[mo] * g.vSale;
    }
    const gross = costRate > 0 ? net / (1 - costRate) : net;
    f.recoveries[mo] = gross;
    f.workoutCost[mo] = gross - net;
    f.chargeOffs[mo] += writeOff;
    f.chargeOffRecoveries[mo] = after;
    f.netLoss[mo] += writeOff - after;
    f.defaultedEad[mo] += g.ead[mo] + g.soldEad[mo];
    const v = g.discount[mo];
    const o = si * NPM;
    so[o + PM.recoveries] += gross;
    so[o + PM.workoutCost] += gross - net;
    so[o + PM.saleProceeds] += f.saleProceeds[mo];
    so[o + PM.chargeOffs] += f.chargeOffs[mo];
    so[o + PM.chargeOffRecoveries] += after;
    so[o + PM.netLoss] += f.netLoss[mo];
    so[o + PM.pvRecoveries] += v * net;
    so[o + PM.pvNetLoss] += v * f.netLoss[mo];
    // The cohort of month mo, whole: its EAD less its recoveries at default's value, and the sales' loss.
    so[o + PM.pvLossAtDefault] += v * (g.ead[mo] - g.recovery[mo] * g.curveValue + f.chargeOffs[mo] - writeOff);
    if (g.saleAt > 0) so[o + PM.pvLossAtDefault] += v * pvLater;
    const b = this.book;
    for (const k of FLOWS) b[k][mo] += f[k][mo];
    this.periodNetLoss += f.netLoss[mo];
  }

  /** The loss at default of segment si's defaults in month mo (Arrears books it as it goes). */
  lossAtDefault(si: number, mo: number, loss: number): void {
    this.seg[si].flows.lossAtDefault[mo] += loss;
  }
}
