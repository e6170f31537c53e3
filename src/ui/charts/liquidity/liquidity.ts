/**
 * The liquidity view of a variant (docs/model.md §8.6): the funding need's fan over time
 * (the money the lender has put in since the start, across paths), each period's mean net
 * cash, and the worst month at 99% from the result file's `liquidity`.
 */
import type { VariantResult } from "../../../result/resultFile.ts";
import type { FanPoint } from "../fans/fanBands.ts";

export interface LiquidityView {
  /** The funding need at each period's end, across paths. */
  need: FanPoint[];
  /** Each period's net cash (inflows − outflows), across paths. */
  net: FanPoint[];
  /** The period whose 99% quantile of the funding need is highest: its month and that quantile. */
  worst: { month: number; need99: number };
  /** Each path's highest funding need over the horizon: its mean and 99% quantile across paths. */
  peak: { mean: number; q99: number };
}

/** The view of a variant, or null when it has no periods or no cash columns (a result file of an earlier version). */
export function liquidityView(v: VariantResult): LiquidityView | null {
  if (v.periods.length === 0 || v.liquidity === undefined || v.periods[0].fundingNeed === undefined) return null;
  const { liquidity } = v;
  return {
    need: v.periods.map((p) => ({ month: p.month, ...p.fundingNeed })),
    net: v.periods.map((p) => ({ month: p.month, ...p.netCash })),
    worst: { month: liquidity.worstMonth, need99: liquidity.fundingNeed99 },
    peak: { mean: liquidity.peakFundingNeed.mean, q99: liquidity.peakFundingNeed.quantiles["0.99"] },
  };
}
