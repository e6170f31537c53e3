/**
 * The book's cash of one path, booked where it happens (docs/model.md §8.6): each event
 * that moves money between borrowers, the lender and third parties adds to the running
 * sums of the period, and the period's end writes them into its row (metrics.ts
 * openingBalance … fundingNeed) and starts afresh. The workout's recoveries, sale proceeds
 * and costs are booked by recovery.ts in the row's own columns, which net cash reads. Nothing here is solved back from the
 * balance: the balance's roll-forward
 *     balance(t) = openingBalance(t) + draws + originations + interest and fees charged
 *                  − interest and fees collected − principal collected − balance written off or sold
 * is what the conservation test checks against the balance the path reports.
 */
import { PC } from "./layout.ts";
import { pow } from "../math/elementary.ts";

/** The running sums of a period, by index. */
export const Cash = {
  interestCharged: 0,
  interestFees: 1,
  principal: 2,
  draws: 3,
  originations: 4,
  defaulted: 5,
  derecognizedBalance: 6,
  merchantFees: 7,
  insurance: 8,
  costs: 9,
  funding: 10,
} as const;
const WIDTH = 11;

/** Each running sum's column in a period's row. */
const COLUMN: readonly number[] = [
  PC.interestCharged,
  PC.cashInterestFees,
  PC.cashPrincipal,
  PC.cashDraws,
  PC.cashOriginations,
  PC.defaultedBalance,
  PC.derecognizedBalance,
  PC.cashMerchantFees,
  PC.cashInsurance,
  PC.cashCosts,
  PC.cashFundingCost,
];

export class PeriodCash {
  /** The period's sums so far, indexed by Cash. */
  readonly sum = new Float64Array(WIDTH);
  /** The balance at the period's start, and the money put in since the path's start. */
  private opening = 0;
  private need = 0;
  /** v^m, m = 0..H, at the book's discount rate (pvProfit); profit's parts of the period so far, and Σ_m (1 − v^m)·π_m. */
  private discount = Float64Array.of(1);
  private profitSoFar = 0;
  private pvGap = 0;

  /** The monthly discount factors of pvProfit: v = (1 + annual)^(−1/12). */
  discountAt(annual: number, H: number): void {
    this.discount = new Float64Array(H + 1);
    for (let m = 0; m <= H; m++) this.discount[m] = pow(1 + annual, -m / 12);
  }

  /** A path's start: its opening balance. */
  begin(openingBalance: number): void {
    this.sum.fill(0);
    this.opening = openingBalance;
    this.need = 0;
    this.profitSoFar = 0;
    this.pvGap = 0;
  }

  /**
   * Month mo's end, after its costs and its workout: profit's part of the month, π_m = the
   * interest and fees collected, merchant fees and insurance cash less costs and funding paid
   * (this month's share of the period's sums) less the month's net loss, adds (1 − v^m)·π_m
   * to what discounting takes off profit (`pvGap`). Over the horizon Σ_m π_m is profit (the
   * insurer's recovery at the end included, `recovered`).
   */
  month(mo: number, netLoss: number): void {
    const s = this.sum;
    const now = s[Cash.interestFees] + s[Cash.merchantFees] + s[Cash.insurance] - s[Cash.costs] - s[Cash.funding];
    this.pvGap += (1 - this.discount[mo]) * (now - this.profitSoFar - netLoss);
    this.profitSoFar = now;
  }

  /** The insurer's recovery, paid at the horizon H. */
  recovered(H: number, recovery: number): void {
    this.pvGap += (1 - this.discount[H]) * recovery;
  }

  /** Σ_m (1 − v^m)·π_m of the path: pvProfit = profit − this (pathTotals.ts), exactly profit when the rate is 0. */
  get discounting(): number {
    return this.pvGap;
  }

  /** The period's end: its row (`balance` its closing balance), then the next period's sums from 0. */
  write(po: Float64Array, row: number, balance: number): void {
    const s = this.sum;
    for (let k = 0; k < WIDTH; k++) po[row + COLUMN[k]] = s[k];
    po[row + PC.openingBalance] = this.opening;
    this.settle(po, row);
    this.opening = balance;
    s.fill(0);
    this.profitSoFar = 0;
  }

  /**
   * Net cash and funding need of the row from its columns; again after the last period's
   * row gains the insurer's recovery (pathRun.ts), which is known once the horizon's loss is.
   */
  settle(po: Float64Array, row: number, previousNeed = this.need): void {
    const net =
      po[row + PC.cashInterestFees] +
      po[row + PC.cashPrincipal] +
      po[row + PC.cashMerchantFees] +
      po[row + PC.cashInsurance] +
      po[row + PC.recoveries] +
      po[row + PC.saleProceeds] -
      po[row + PC.workoutCost] -
      po[row + PC.cashDraws] -
      po[row + PC.cashOriginations] -
      po[row + PC.cashCosts] -
      po[row + PC.cashFundingCost];
    po[row + PC.netCash] = net;
    this.need = previousNeed - net;
    po[row + PC.fundingNeed] = this.need;
  }

  /** The funding need before the last row was settled: what `settle` starts from when the row is settled again. */
  needBefore(po: Float64Array, row: number): number {
    return po[row + PC.fundingNeed] + po[row + PC.netCash];
  }
}
