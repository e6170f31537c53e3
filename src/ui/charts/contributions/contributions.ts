/**
 * Segment contributions to expected loss and to expected shortfall (MODEL.md section 9):
 * E[L_s] adds up to EL and E[L_s | L ≥ VaR_α] adds up to ES_α, so each segment's share
 * of the book's risk is its contribution over the sum.
 */
import type { VariantResult } from "../../../result/resultFile.ts";
import type { TableData } from "../frame/table.ts";
import { formatPercent } from "../frame/chartNumbers.ts";

export interface ContributionRow {
  segment: string;
  el: number;
  /** el / Σ el; 0 when the book has no expected loss. */
  elShare: number;
  es: number;
  esShare: number;
}

const share = (x: number, total: number) => (total > 0 ? x / total : 0);

/** One row per segment, in the result's order, at ES level `level` ("0.99"). */
export function contributions(v: VariantResult, level = "0.99"): ContributionRow[] {
  const segs = Object.entries(v.segments);
  const elTotal = segs.reduce((s, [, r]) => s + r.elContribution, 0);
  const esTotal = segs.reduce((s, [, r]) => s + (r.esContribution[level] ?? 0), 0);
  return segs.map(([segment, r]) => {
    const es = r.esContribution[level] ?? 0;
    return { segment, el: r.elContribution, elShare: share(r.elContribution, elTotal), es, esShare: share(es, esTotal) };
  });
}

/** The contributions as a table, level written as a percentage in the headers. */
export function contributionTable(rows: readonly ContributionRow[], level = "0.99"): TableData {
  const pct = formatPercent(Number(level));
  return {
    columns: [
      { label: "Segment" },
      { label: "Contribution to EL (currency units)", kind: "money" },
      { label: "Share of EL", kind: "percent" },
      { label: `Contribution to ES ${pct} (currency units)`, kind: "money" },
      { label: `Share of ES ${pct}`, kind: "percent" },
    ],
    rows: rows.map((r) => [r.segment, r.el, r.elShare, r.es, r.esShare]),
  };
}
