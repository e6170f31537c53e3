/**
 * The one adapter from a path's period rows to the pool flows the waterfall reads
 * (waterfall.ts `PoolFlows`), so that the waterfall never reads the engine's columns itself
 * (docs/model.md §9.3). From the book's cash by period (cashFlows.ts, docs/model.md §8.6):
 * - the pool's balance: `openingBalance` of period 1 at the start, `balance` at each period's end;
 * - finance charge collections: `cashInterestFees` + `cashMerchantFees` (interchange is a
 *   card trust's finance charge collection);
 * - principal collections: `cashPrincipal`, gross of the new draws and replacements that
 *   the seller adds to the trust;
 * - charge-offs: the period's `netLoss`, the net charge-offs (balance written off less the
 *   recoveries after write-off, docs/model.md §6.1), so recoveries are netted there and not
 *   counted again as finance charges.
 */
import { PC } from "../layout.ts";
import type { PoolFlows } from "./waterfall.ts";

/** The pool flows of the T period rows of width W in `po` (one path's). */
export function poolFlows(po: Float64Array, W: number, T: number, into?: PoolFlows): PoolFlows {
  const f = into ?? { balance: new Float64Array(T + 1), finance: new Float64Array(T), principal: new Float64Array(T), defaults: new Float64Array(T), recoveries: new Float64Array(T) };
  f.balance[0] = po[PC.openingBalance];
  for (let t = 1; t <= T; t++) {
    const row = (t - 1) * W;
    f.balance[t] = po[row + PC.balance];
    f.finance[t - 1] = po[row + PC.cashInterestFees] + po[row + PC.cashMerchantFees];
    f.principal[t - 1] = po[row + PC.cashPrincipal];
    f.defaults[t - 1] = po[row + PC.netLoss];
    f.recoveries[t - 1] = 0;
  }
  return f;
}
