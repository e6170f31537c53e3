/**
 * The sale of defaulted balances (docs/model.md §6): an account entering F is sold at once
 * for `salePrice` × EAD and written off, so its loss given default is 1 − the price, in the
 * path and past the horizon (the lifetime view).
 */
import { lever } from "./lever.ts";

export const nplSale = lever({
  compile: (p) => ({ salePrice: p.nplSale ? p.nplSale.salePrice : null }),
  stages: { salePrice: "events" },
});

/** The loss given default of a sold balance, or `mean` (a segment's LGD) when nothing is sold: the lifetime view's. */
export function lgdPastHorizon(pol: { salePrice: number | null }, mean: number): number {
  return pol.salePrice !== null ? 1 - pol.salePrice : mean;
}

/** The sale's hook at a default: whether the balance is sold, and its loss given default then. */
export class NplSale {
  readonly sells: boolean;
  readonly lgd: number;

  constructor(pol: { salePrice: number | null }) {
    this.sells = pol.salePrice !== null;
    this.lgd = pol.salePrice !== null ? 1 - pol.salePrice : NaN;
  }
}
