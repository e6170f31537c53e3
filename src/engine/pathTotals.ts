/**
 * A path's totals once its months are done: credit insurance on the book's loss, the rates
 * and profit recomputed from the sums, and the book as the sum of its segments.
 */
import { NPM, PM, rateBase } from "./layout.ts";
import type { PolicyModel } from "./model.ts";
import { PROFIT_PARTS, RATIOS } from "./metrics.ts";

/** Book totals of path j from its segments, with the rates recomputed from the sums. */
export function bookTotals(seg: Float64Array, bookOut: Float64Array, j: number, S: number): void {
  const b = j * NPM;
  for (let s = 0; s < S; s++) for (let m = 0; m < NPM; m++) bookOut[b + m] += seg[(j * S + s) * NPM + m];
  finishRates(bookOut, b);
  // pvProfit is the book's: its first segment's slot carried Σ_m (1 − v^m)·π_m (pathRun.ts), profit less it (exactly profit at a rate of 0).
  bookOut[b + PM.pvProfit] = bookOut[b + PM.profit] - bookOut[b + PM.pvProfit];
  for (let s = 0; s < S; s++) seg[(j * S + s) * NPM + PM.pvProfit] = 0;
}

/** Where each part of income and of profit's costs sits, in profit's order (metrics.ts). */
const INCOME_AT = PROFIT_PARTS.filter((p) => p.sign > 0).map((p) => PM[p.key]);
const COST_AT = PROFIT_PARTS.filter((p) => p.sign < 0).map((p) => PM[p.key]);
/** The ratios, as offsets: numerator, denominator, and whether an empty base is any positive one (a count) or below rateBase. */
const RATIO_AT = RATIOS.map((r) => ({ at: PM[r.name], of: PM[r.of], over: PM[r.over], counted: r.without === "zero" }));

/**
 * A path's totals from its sums, as metrics.ts declares them: income as the sum of the
 * incomes, profit as income less each cost, in profit's order (the order the sums are
 * added in is part of the result, to the last bit), and each ratio from its numerator and
 * denominator.
 */
export function finishRates(o: Float64Array, b: number): void {
  let income = o[b + INCOME_AT[0]];
  for (let k = 1; k < INCOME_AT.length; k++) income += o[b + INCOME_AT[k]];
  o[b + PM.income] = income;
  let profit = income;
  for (const at of COST_AT) profit -= o[b + at];
  o[b + PM.profit] = profit;
  // Pre-provision net revenue: income less funding and costs, before credit losses and insurance.
  o[b + PM.ppnr] = income - o[b + PM.fundingCost] - o[b + PM.collectionCost] - o[b + PM.operatingCost] - o[b + PM.acquisitionCost];
  // A path without a base has no rate: 0 here; a ratio declared `without: "absent"` leaves
  // such paths out of its summary (summarizeRun.ts). A count base carries a rate when
  // positive, a money base when rateBase says so.
  for (const r of RATIO_AT) {
    const base = o[b + r.over];
    o[b + r.at] = (r.counted ? base > 0 : rateBase(base)) ? o[b + r.of] / base : 0;
  }
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
