/**
 * One path's deal: its pool flows (poolFlows.ts), the waterfall (waterfall.ts), and the
 * results written into the path's period rows at the deal's columns (columns.ts).
 */
import { DEAL_COLUMNS, NOTE_VALUES, noteOffset } from "./columns.ts";
import { poolFlows } from "./poolFlows.ts";
import { runWaterfall, type DealSpec } from "./waterfall.ts";

/** Writes the deal's values of every period t into po[(t − 1)·W + first + offset]. */
export function runDeal(deal: DealSpec, po: Float64Array, W: number, first: number): void {
  const T = po.length / W;
  const out = runWaterfall(deal, poolFlows(po, W, T));
  const per = [out.excessSpread, out.reserve, out.amortizing, out.triggered];
  for (let t = 0; t < T; t++) {
    const row = t * W + first;
    for (let c = 0; c < DEAL_COLUMNS.length; c++) po[row + c] = per[c][t];
    for (let k = 0; k < deal.notes.length; k++) {
      for (const what of NOTE_VALUES) po[row + noteOffset(k, what)] = out[what][k * T + t];
    }
  }
}
