/**
 * A path's totals once its months are done: credit insurance on the book's loss, the rates
 * and profit recomputed from the sums, and the book as the sum of its segments.
 */
import { NPM, PM, rateBase } from "./layout.ts";
import type { PolicyModel } from "./model.ts";

/** Book totals of path j from its segments, with the rates recomputed from the sums. */
export function bookTotals(seg: Float64Array, bookOut: Float64Array, j: number, S: number): void {
  const b = j * NPM;
  for (let s = 0; s < S; s++) for (let m = 0; m < NPM; m++) bookOut[b + m] += seg[(j * S + s) * NPM + m];
  finishRates(bookOut, b);
}

export function finishRates(o: Float64Array, b: number): void {
  o[b + PM.defaultRate] = o[b + PM.accounts] > 0 ? o[b + PM.defaults] / o[b + PM.accounts] : 0;
  // Loss over exposure (EAD basis); a path with no exposure has no loss rate: 0 here, left
  // out of the summary.
  o[b + PM.lossRate] = rateBase(o[b + PM.exposure]) ? o[b + PM.netLoss] / o[b + PM.exposure] : 0;
  // Net loss a year over the average drawn balance: Σ loss / Σ balance·years (MODEL.md 8).
  o[b + PM.chargeOffRate] = rateBase(o[b + PM.balanceYears]) ? o[b + PM.netLoss] / o[b + PM.balanceYears] : 0;
  o[b + PM.income] = o[b + PM.interestIncome] + o[b + PM.feeIncome] + o[b + PM.merchantFeeIncome] + o[b + PM.instalmentFeeIncome];
  o[b + PM.profit] =
    o[b + PM.income] -
    o[b + PM.fundingCost] -
    o[b + PM.collectionCost] -
    o[b + PM.retainedLoss] -
    o[b + PM.insurancePremium] -
    o[b + PM.operatingCost] -
    o[b + PM.acquisitionCost];
}

/**
 * Credit insurance on the book's net loss over the horizon: the insurer pays `coverage` of
 * the loss above `deductible` × exposure, for an annual premium on balances. Recovery is
 * shared among segments by their losses and the premium by their balance-years, so the
 * segments still add up to the book.
 */
export function insure(so: Float64Array, S: number, pol: PolicyModel): void {
  let loss = 0;
  let exposure = 0;
  for (let s = 0; s < S; s++) {
    loss += so[s * NPM + PM.netLoss];
    exposure += so[s * NPM + PM.exposure];
  }
  const cover = pol.insurance;
  const recovery = cover ? cover.coverage * Math.max(0, loss - cover.deductible * exposure) : 0;
  for (let s = 0; s < S; s++) {
    const o = s * NPM;
    so[o + PM.insuranceRecovery] = loss > 0 ? (recovery * so[o + PM.netLoss]) / loss : 0;
    so[o + PM.insurancePremium] = cover ? cover.premium * so[o + PM.balanceYears] : 0;
    so[o + PM.retainedLoss] = so[o + PM.netLoss] - so[o + PM.insuranceRecovery];
  }
}
