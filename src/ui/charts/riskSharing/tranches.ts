/**
 * Tranches of a variant's loss (the scenario's `tranches`): each layer [attach, detach]
 * of the book's exposure takes the net loss between its two points, so its loss as a share
 * of its size runs from 0 to 1. Rows come from the first loss up, the order in which the
 * layers are reached.
 */
import type { VariantResult } from "../../../result/resultFile.ts";
import { formatPercent } from "../frame/chartNumbers.ts";
import type { TableData } from "../frame/table.ts";

export interface TrancheRow {
  name: string;
  /** Where the layer starts and ends, as shares of the book's exposure. */
  attach: number;
  detach: number;
  /** Mean loss of the layer (currency units). */
  el: number;
  /** Mean loss as a share of the layer's size. */
  elRate: number;
  /** 99% quantile of the loss as a share of the layer's size. */
  q99Rate: number;
  /** Expected shortfall 99% of the layer's loss (currency units). */
  es99: number;
  /** Share of paths on which the layer loses anything. */
  probability: number;
}

/** A layer in words, the unit written once: "0–2%", "2.5–100%". */
export function layerLabel(attach: number, detach: number): string {
  return `${formatPercent(attach).replace(/%$/, "")}–${formatPercent(detach)}`;
}

/** A tranche's name with its layer, "equity 0–2%", the name cut to `maxChars` with an ellipsis. */
export function trancheLabel(row: Pick<TrancheRow, "name" | "attach" | "detach">, maxChars = Infinity): string {
  const name = row.name.length > maxChars ? row.name.slice(0, Math.max(1, maxChars - 1)) + "…" : row.name;
  return `${name} ${layerLabel(row.attach, row.detach)}`;
}

/** One row per tranche of `v`, by attach point, then detach point. */
export function trancheRows(v: VariantResult): TrancheRow[] {
  return Object.entries(v.tranches)
    .map(([name, t]) => ({
      name,
      attach: t.attach,
      detach: t.detach,
      el: t.loss.mean,
      elRate: t.lossRate.mean,
      q99Rate: t.lossRate.quantiles["0.99"] ?? t.lossRate.max,
      es99: t.es99,
      probability: t.probabilityOfLoss,
    }))
    .sort((a, b) => a.attach - b.attach || a.detach - b.detach);
}

/** The tranches as the table view and CSV show them. */
export function trancheTable(rows: readonly TrancheRow[]): TableData {
  return {
    columns: [
      { label: "Tranche" },
      { label: "Attach (% of exposure)", kind: "percent" },
      { label: "Detach (% of exposure)", kind: "percent" },
      { label: "EL (currency units)", kind: "money" },
      { label: "EL (% of tranche)", kind: "percent" },
      { label: "99% quantile (% of tranche)", kind: "percent" },
      { label: "P(loss) (% of paths)", kind: "percent" },
      { label: "ES 99% (currency units)", kind: "money" },
    ],
    rows: rows.map((r) => [r.name, r.attach, r.detach, r.el, r.elRate, r.q99Rate, r.probability, r.es99]),
  };
}
