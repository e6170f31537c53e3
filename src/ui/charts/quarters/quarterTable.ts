/**
 * The stress test's quarters as a table (docs/model.md §8.5): the page's counterpart of the
 * command line's quarter table (src/cli/summaryTables.ts). One row a quarter: its loss rate
 * on the quarter's average balance and the cumulative rate to date on the average balance
 * of the months so far (losses over average balances, not annualized: the convention of the
 * Federal Reserve's stress test), each as the mean and the 5–95% band across paths; the
 * mean of the quarter's average balance, the base of its loss rate (the quarter-end balance
 * in a result file written before `periodAverageBalance` existed); and, with provisioning,
 * the allowance build (provisionCharge − writeOffs, the allowance's change over the quarter).
 */
import type { PeriodResult, VariantResult } from "../../../result/resultFile.ts";
import type { Summary } from "../../../stats/summary.ts";
import type { TableData } from "../frame/table.ts";

/** A horizon figure with its Monte Carlo error (null with fewer than 20 paths). */
export interface HorizonFigure {
  mean: number;
  stderr: number | null;
}

export interface QuarterView {
  table: TableData;
  /** The horizon's cumulative loss rate: netLoss over the average balance, per path, summarized. */
  cumulativeLossRate: HorizonFigure | null;
  /** Pre-provision net revenue over the horizon. */
  ppnr: HorizonFigure | null;
  /** The mean average balance over the horizon. */
  averageBalance: HorizonFigure | null;
  quarters: number;
}

const figure = (s: Summary | undefined): HorizonFigure | null => (s === undefined ? null : { mean: s.mean, stderr: s.stderr });

/**
 * The mean allowance build of a quarter: provisionCharge − writeOffs (the charge is the
 * allowance's change plus the write-offs, engine/metrics.ts); undefined without provisioning.
 */
function allowanceBuild(p: PeriodResult): number | undefined {
  return p.provisionCharge !== undefined && p.writeOffs !== undefined ? p.provisionCharge.mean - p.writeOffs.mean : undefined;
}

/**
 * The quarter view of a variant, or null when the run's periods are not quarters or the
 * result file predates the per-period loss rates.
 */
export function quarterView(variant: VariantResult, periodMonths: number): QuarterView | null {
  const periods = variant.periods;
  if (periodMonths !== 3 || periods.length === 0 || periods.some((p) => p.periodLossRate === undefined || p.lossRateToDate === undefined)) return null;
  const build = periods.map(allowanceBuild);
  const withBuild = build.every((b) => b !== undefined);
  // Absent in result files written before the per-period average balance existed: the quarter's end then.
  const average = periods.every((p) => p.periodAverageBalance !== undefined);
  const table: TableData = {
    columns: [
      { label: "Quarter" },
      { label: "Loss rate: mean", kind: "percent" },
      { label: "Loss rate: 5%", kind: "percent" },
      { label: "Loss rate: 95%", kind: "percent" },
      { label: "To date: mean", kind: "percent" },
      { label: "To date: 5%", kind: "percent" },
      { label: "To date: 95%", kind: "percent" },
      { label: average ? "Average balance" : "Balance at end", kind: "money" },
      ...(withBuild ? [{ label: "Allowance build", kind: "money" as const }] : []),
    ],
    rows: periods.map((p, k) => [
      `Q${p.t}`,
      p.periodLossRate.mean,
      p.periodLossRate.p5,
      p.periodLossRate.p95,
      p.lossRateToDate.mean,
      p.lossRateToDate.p5,
      p.lossRateToDate.p95,
      average ? p.periodAverageBalance.mean : p.balance.mean,
      ...(withBuild ? [build[k]!] : []),
    ]),
  };
  const book = variant.book;
  return {
    table,
    cumulativeLossRate: figure(book.cumulativeLossRate),
    ppnr: figure(book.ppnr),
    averageBalance: figure(book.averageBalance),
    quarters: periods.length,
  };
}
