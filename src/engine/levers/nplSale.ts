/**
 * The sale of defaulted balances (docs/model.md §6): an account entering F is sold at once
 * and written off; it still counts as a default. Its price, as a share of EAD, is either
 * `salePrice` moved by the cycle, Φ(Φ⁻¹(salePrice) + cycle·x) with x the segment's factor in
 * the period (the price falls in a bad economy, x < 0), or the buyer's present value of the
 * expected workout, (1 − μ_t)·Σ_k c_k·v_b^k with μ_t the period's mean LGD, c the segment's
 * recovery curve and v_b the buyer's monthly discount factor. The seller's loss given
 * default is 1 − the price, in the path and past the horizon (the lifetime view).
 */
import { lever } from "./lever.ts";
import { Phi, PhiInv } from "../../math/normal.ts";
import { pow } from "../../math/elementary.ts";

export const nplSale = lever({
  compile: (p) => ({
    salePrice: p.nplSale?.salePrice ?? null,
    saleCycle: p.nplSale?.cycle ?? 0,
    buyerRate: p.nplSale?.buyerRate ?? null,
  }),
  stages: { salePrice: "events", saleCycle: "events", buyerRate: "events" },
});

type SalePolicy = { salePrice: number | null; saleCycle: number; buyerRate: number | null };

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
 * The loss given default of a balance sold at a fixed price, past the horizon (the lifetime
 * view, at the through-the-cycle price, x = 0), or `mean` (a segment's LGD) otherwise; a
 * buyer's price follows the LGD's law there (ecl/economy.ts).
 */
export function lgdPastHorizon(pol: SalePolicy, mean: number): number {
  return pol.salePrice !== null ? 1 - pol.salePrice : mean;
}

/** The sale's hook at a default: whether the balance is sold (its price by period is the segment's, segmentPath.ts `salePrice`). */
export class NplSale {
  readonly sells: boolean;

  constructor(pol: SalePolicy) {
    this.sells = pol.salePrice !== null || pol.buyerRate !== null;
  }
}
