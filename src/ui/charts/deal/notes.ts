/**
 * The notes of a variant's securitization (the scenario's `securitization`, docs/model.md
 * §9.3), senior first as the deal lists them: what each was, what it was paid, how often and
 * how much it lost, how long it lived, and the band of the published loss rates its expected
 * loss falls in; and the deal's state at the horizon.
 */
import type { VariantResult } from "../../../result/resultFile.ts";
import type { TableData } from "../frame/table.ts";

export interface NoteRow {
  name: string;
  size: number;
  interest: number;
  principal: number;
  probability: number;
  expectedLoss: number;
  wal: number;
  band: string;
}

/** One row a note, in the deal's order (senior first); none without a securitization. */
export function noteRows(v: VariantResult): NoteRow[] {
  return Object.entries(v.notes ?? {}).map(([name, n]) => ({
    name,
    size: n.size,
    interest: n.interestPaid.mean,
    principal: n.principalPaid.mean,
    probability: n.probabilityOfLoss,
    expectedLoss: n.expectedLoss,
    wal: n.wal.mean,
    band: n.rating,
  }));
}

/** The notes as the table view and CSV show them. */
export function noteTable(rows: readonly NoteRow[]): TableData {
  return {
    columns: [
      { label: "Note" },
      { label: "Balance at closing (currency units)", kind: "money" },
      { label: "Interest paid, mean (currency units)", kind: "money" },
      { label: "Principal paid, mean (currency units)", kind: "money" },
      { label: "P(loss) (% of paths)", kind: "percent" },
      { label: "Expected loss (% of the note)", kind: "percent" },
      { label: "WAL, mean (years)", kind: "value" },
      { label: "Band" },
    ],
    rows: rows.map((r) => [r.name, r.size, r.interest, r.principal, r.probability, r.expectedLoss, r.wal, r.band]),
  };
}

/** The deal at the horizon's last period: the share of paths whose trigger hit, and the mean reserve. */
export function dealAtHorizon(v: VariantResult): { triggered: number; reserve: number; excessSpread: number } | null {
  const last = v.periods[v.periods.length - 1]?.deal;
  return last ? { triggered: last.triggered.mean, reserve: last.reserve.mean, excessSpread: last.excessSpread.mean } : null;
}
