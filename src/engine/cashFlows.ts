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

/** The running sums of a period, by index. */
export const Cash = {
  interestCharged: 0,
  interestFees: 1,
  principal: 2,
  draws: 3,
  originations: 4,
  defaulted: 5,
  chargedOff: 6,
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
  PC.chargedOff,
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

  /** A path's start: its opening balance. */
  begin(openingBalance: number): void {
    this.sum.fill(0);
    this.opening = openingBalance;
    this.need = 0;
  }

  /** The period's end: its row (`balance` its closing balance), then the next period's sums from 0. */
  write(po: Float64Array, row: number, balance: number): void {
    const s = this.sum;
    for (let k = 0; k < WIDTH; k++) po[row + COLUMN[k]] = s[k];
    po[row + PC.openingBalance] = this.opening;
    this.settle(po, row);
    this.opening = balance;
    s.fill(0);
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
