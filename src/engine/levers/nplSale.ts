/**
 * The sale of defaulted balances (docs/model.md §6): an account in default is sold k months
 * after it entered F (k = atMonthsInDefault, 0 = at default) and leaves the book then; it
 * still counts as a default, and the workout's recoveries before the sale are the seller's
 * (the curve truncated at k, recovery.ts). Its price, as a share of EAD, is either a share
 * (`salePrice`, or `prices[k]` from a table by months in default) of the balance still owed
 * at the sale (EAD less the net recoveries received before it) moved by the cycle,
 * Φ(Φ⁻¹(p) + cycle·x) with x the segment's factor in the period of the sale (the price falls
 * in a bad economy, x < 0), or the buyer's present value of the expected workout left,
 * (1 − μ)·Σ_{j≥k} c_j·v_b^{j−k} with μ the mean LGD of the default's period, c the segment's
 * recovery curve and v_b the buyer's monthly discount factor. The seller's loss given
 * default is 1 − what it collects, in the path and past the horizon (the lifetime view).
 */
import { lever } from "./lever.ts";
import { Phi, PhiInv } from "../../math/normal.ts";
import { pow } from "../../math/elementary.ts";

export const nplSale = lever({
  compile: (p) => ({
    salePrice: p.nplSale?.salePrice ?? null,
    saleCycle: p.nplSale?.cycle ?? 0,
    buyerRate: p.nplSale?.buyerRate ?? null,
    salePrices: p.nplSale?.prices ?? null,
    saleAtMonths: p.nplSale?.atMonthsInDefault ?? 0,
    saleAtDays: p.nplSale?.atDaysPastDue ?? null,
  }),
  stages: { salePrice: "events", saleCycle: "events", buyerRate: "events", salePrices: "events", saleAtMonths: "events", saleAtDays: "events" },
});

type SalePolicy = { salePrice: number | null; saleCycle: number; buyerRate: number | null };
type SaleKeys = SalePolicy & { salePrices: readonly number[] | null; saleAtMonths: number; saleAtDays: number | null };

/** A segment's sale: its price policy (a table read at its age), the age k, the curve's share before k and the buyer's value of the rest. */
export interface SegmentSale extends SalePolicy {
  /** Months in default at the sale (0: at default). */
  at: number;
  /** Σ_{j<k} c_j: the share of the workout's recovery the seller collects before the sale. */
  before: number;
  /** Σ_{j≥k} c_j·v_b^{j−k}: the buyer's value at the sale of a unit of recovery (1 without a buyer's rate). */
  tail: number;
}

/**
 * The sale as segment s (its ladder length m, its recovery curve) sees it: atDaysPastDue maps
 * to months in default as chargeOffDays does, k = max(0, ceil(days/30) − m).
 */
export function segmentSale(pol: SaleKeys, m: number, curve: ArrayLike<number>): SegmentSale {
  const at = pol.saleAtDays !== null ? Math.max(0, Math.ceil(pol.saleAtDays / 30) - m) : pol.saleAtMonths;
  const table = pol.salePrices;
  const salePrice = table !== null ? table[Math.min(at, table.length - 1)] : pol.salePrice;
  let before = 0;
  for (let j = 0; j < Math.min(at, curve.length); j++) before += curve[j];
  const rest = Array.from(curve).slice(Math.min(at, curve.length));
  const tail = pol.buyerRate === null ? 1 : curveValue(rest, pol.buyerRate);
  return { salePrice, saleCycle: pol.saleCycle, buyerRate: pol.buyerRate, at, before, tail };
}

/** Σ_k curve_k·v^k with v = (1 + annual)^(−1/12): the present value at default of a unit recovered along the curve. */
export function curveValue(curve: ArrayLike<number>, annual: number): number {
  const v = pow(1 + annual, -1 / 12);
  let a = 0;
  let f = 1;
  for (let k = 0; k < curve.length; k++) {
    a += curve[k] * f;
    f *= v;
  }
  return a;
}

/**
 * The price of a defaulted balance as a share of its EAD, for a segment whose factor is x
 * and mean LGD mu in the period, with `value` its curve's curveValue at the buyer's rate;
 * NaN when nothing is sold.
 */
export function salePriceAt(pol: SalePolicy, x: number, mu: number, value: number): number {
  if (pol.buyerRate !== null) return (1 - mu) * value;
  if (pol.salePrice === null) return NaN;
  const p = pol.salePrice;
  if (pol.saleCycle === 0 || p <= 0 || p >= 1) return p;
  return Phi(PhiInv(p) + pol.saleCycle * x);
}

/**
 * The loss given default past the horizon (the lifetime view) of segment sale `sale` at a
 * mean LGD `mean`: a share price's at the through-the-cycle price (x = 0), what the
 * workout recovers before the sale and the price; a buyer's, the workout before the sale and
 * the buyer's value of the rest; without a sale, `mean`.
 */
export function lgdPastHorizon(sale: SegmentSale, sells: boolean, mean: number): number {
  if (!sells) return mean;
  if (sale.salePrice !== null) return (1 - (1 - mean) * sale.before) * (1 - sale.salePrice);
  return 1 - (1 - mean) * (sale.before + sale.tail);
}

/** The sale's hook at a default: whether the balance is sold (its price by period and its age are the segment's, segmentPath.ts `salePrice`, `sale`). */
export class NplSale {
  readonly sells: boolean;

  constructor(pol: SaleKeys) {
    this.sells = pol.salePrice !== null || pol.buyerRate !== null || pol.salePrices !== null;
  }
}
