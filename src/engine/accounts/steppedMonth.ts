/**
 * What the current accounts of a stepped segment share in one month (steppedAccounts.ts):
 * the segment's terms, the period's switching rates and hazards, and the bounds of each
 * grid cell's month that decide most accounts without their own hazard. Set once before
 * the segment's list is visited (`set`), so that an account's month reads plain fields
 * instead of a chain of look-ups per account. Its flags are read as `=== true` there: a
 * field's truth value alone compiled to a test for every kind of value (false, "", a
 * number, a bigint), a comparison with true to one instruction.
 */
import { NPM, PM } from "../layout.ts";
import { bitsBelow } from "../random.ts";
import type { SegmentModel } from "../model.ts";
import type { Ledger } from "../ledger.ts";
import type { PathLevers } from "../levers/pathLevers.ts";
import type { PathContext } from "./pathContext.ts";

/** Relative room around the grid's bounds for the rounding of Φ, log1p and expm1. */
export const MARGIN = 1e-9;

/** Numbers per grid cell in `SteppedMonth.bounds`, and their places. */
export const BOUNDS = 6;
export const MISS_BELOW = 0;
export const PAY_FROM = 1;
export const ATTRITION_FROM = 2;
export const ATTRITION_BELOW = 3;
export const PAY_FROM_MOST = 4;
export const HAZARD_MOST = 5;

/**
 * Bounds of the burden factor x^ε for 0 < ε ≤ 1 without the power: x^ε is concave in x, so
 * below its tangent at 1, and so is (1/x)^ε, which gives
 *     1/(1 + ε(1/x − 1)) ≤ x^ε ≤ 1 + ε(x − 1),
 * tighter than min(1, x) ≤ x^ε ≤ max(1, x). Computed, each is within 1e-12 of its exact
 * value (relative) for x within 10^±3, where they are used; outside, the looser pair.
 */
export function powerBelow(x: number, e: number): number {
  return x > 1e-3 && x < 1e3 ? 1 / (1 + e * (1 / x - 1)) : Math.min(1, x);
}

/** The upper bound of x^ε of `powerBelow`. */
export function powerAbove(x: number, e: number): number {
  return x > 1e-3 && x < 1e3 ? 1 + e * (x - 1) : Math.max(1, x);
}

export class SteppedMonth {
  si = 0;
  /** The segment's first account: streams are indexed from it. */
  start = 0;
  revolving = false;
  /** Whether the line has transactors and revolvers (else every balance revolves at the APR). */
  revolvers = false;
  minPayment = 0;
  /** What a revolver's balance keeps after its minimum payment's share: 1 − minPayment. */
  keepShare = 1;
  /** The segment's monthly APR (an account's own from a tape overrides it). */
  apr = 0;
  burden = 0;
  attrition = 0;
  seasoning: SegmentModel["seasoning"] = null;
  /** The trigger cuts the lines at this month (the first of a period). */
  cut = false;
  /**
   * The month's shifted chances that a transactor starts to revolve and a revolver pays in
   * full, and a revolver's of converting its balance (`balanceRate`), as thresholds of the
   * keyed bits (random.ts `bitsBelow`): the same decisions as the uniforms', without forming
   * them (a line's month: its uniforms were a sixth of `payLine` on the behaviour book).
   */
  revolveBelow = 0;
  transactBelow = 0;
  convertBelow = 0;
  /** A revolver's conversion and a purchase's share of the segment's instalment plans (0 without plans). */
  balanceRate = 0;
  purchaseShare = 0;
  /** A plan's months and fee a month on its principal (1 and 0 without plans). */
  term = 1;
  feeRate = 0;
  /** Whether the line's plans are paid in its month with transactors and revolvers (SteppedAccounts.payLine), not before it. */
  plansInLine = false;
  purchases = 0;
  interchange = 0;
  /**
   * In the ring of plan ends (workspace.ts `endPay`, a month's row of every account), where
   * the row this month pays off starts, and the row of a plan opened now: account i's place is
   * the row's start + i.
   */
  payFrom = 0;
  endFrom = 0;
  /** Places in the path's outputs of the segment's instalment fees and merchant fees. */
  instalmentFeeAt = 0;
  merchantFeeAt = 0;
  ledger: Ledger | null = null;
  /** The grid's hazards hz[g·T + t − 1] (survival.ts), periods T, last grid point. */
  hz: Float64Array = new Float64Array(0);
  T = 1;
  top = 0;
  /**
   * bounds[k·BOUNDS + …] of grid cell k in this month, with no burden or seasoning factor
   * (B = 1), computed as SteppedAccounts.event computes them per account: u below
   * MISS_BELOW misses; from PAY_FROM it pays; between ATTRITION_FROM and ATTRITION_BELOW it
   * attrites; PAY_FROM_MOST is the payment's bound for a burden ratio ≤ 1 (B ≤ 1), and
   * HAZARD_MOST the larger of the two hazards, which a ratio above 1 scales.
   */
  bounds: Float64Array = new Float64Array(0);

  /** Segment si's month mo on the path. */
  set(p: PathContext, levers: PathLevers, si: number, mo: number): void {
    const g = p.segs[si];
    const s = g.s;
    const t = Math.ceil(mo / p.pm);
    this.si = si;
    this.start = g.start;
    this.revolving = g.revolving;
    const revolvers = s.revolvers;
    this.revolvers = revolvers !== null;
    this.minPayment = revolvers === null ? 0 : revolvers.minPayment;
    this.keepShare = revolvers === null ? 1 : 1 - revolvers.minPayment;
    this.apr = s.aprMonthly;
    this.burden = s.burden;
    this.attrition = s.attrition;
    this.seasoning = s.seasoning;
    this.cut = g.revolving && levers.trigger.rule !== null && (mo - 1) % p.pm === 0;
    this.revolveBelow = bitsBelow(g.toRevolve[t - 1]);
    this.transactBelow = bitsBelow(g.toTransact[t - 1]);
    const plans = s.instalments;
    this.balanceRate = plans === null ? 0 : plans.balanceRate;
    this.convertBelow = bitsBelow(this.balanceRate);
    this.purchaseShare = plans === null ? 0 : plans.purchaseShare;
    this.term = plans === null ? 1 : plans.termMonths;
    this.feeRate = plans === null ? 0 : plans.feeRate;
    this.plansInLine = g.revolving && revolvers !== null;
    this.purchases = s.purchases;
    this.interchange = s.interchange;
    const ring = p.ws.planRing;
    const paySlot = ring > 0 ? mo % ring : 0;
    const endSlot = ring > 0 && plans !== null ? (mo + plans.termMonths) % ring : 0;
    this.payFrom = paySlot * p.ws.plan.length;
    this.endFrom = endSlot * p.ws.plan.length;
    this.instalmentFeeAt = si * NPM + PM.instalmentFeeIncome;
    this.merchantFeeAt = si * NPM + PM.merchantFeeIncome;
    this.ledger = g.ledger;
    this.hz = p.ws.curves[si].hz;
    this.T = p.T;
    this.top = p.c.grids[si].length - 1;
    this.setBounds(t);
  }

  private setBounds(t: number): void {
    const { hz, T, top, attrition } = this;
    const G = top + 1;
    if (this.bounds.length < G * BOUNDS) this.bounds = new Float64Array(G * BOUNDS);
    const bounds = this.bounds;
    for (let k = 0; k < G; k++) {
      const h1 = hz[k * T + t - 1];
      const h2 = hz[Math.min(k + 1, top) * T + t - 1];
      const a = Math.min(1, h1);
      const b = Math.min(1, h2);
      const lo = Math.min(a, b) * (1 - MARGIN);
      const hi = Math.min(1, Math.max(a, b) * (1 + MARGIN));
      const most = Math.min(1, Math.max(h1, h2) * (1 + MARGIN));
      const at = k * BOUNDS;
      bounds[at + MISS_BELOW] = lo;
      bounds[at + PAY_FROM] = hi + attrition * (1 - hi);
      bounds[at + ATTRITION_FROM] = hi;
      bounds[at + ATTRITION_BELOW] = lo + attrition * (1 - lo);
      bounds[at + PAY_FROM_MOST] = most + attrition * (1 - most);
      bounds[at + HAZARD_MOST] = Math.max(h1, h2);
    }
  }
}
