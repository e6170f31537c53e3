/**
 * The summary table of a variant: mean, standard deviation, quantiles, VaR and ES of
 * the book's loss, loss rate, default rate and profit, each with its Monte Carlo error
 * (the standard error, or the 95% order-statistic interval of a quantile).
 */
import { QUANTILE_LEVELS, TAIL_LEVELS, type BookResult, type Summary } from "../../../engine/resultFile.ts";
import { formatPercent, type ValueKind } from "../frame/format.ts";
import type { TableData } from "../frame/table.ts";

export type SummaryKey = "netLoss" | "lossRate" | "defaultRate" | "profit";

export interface SummaryQuantity {
  key: SummaryKey;
  label: string;
  kind: ValueKind;
}

export const SUMMARY_QUANTITIES: readonly SummaryQuantity[] = [
  { key: "netLoss", label: "Net credit loss (currency units)", kind: "money" },
  { key: "lossRate", label: "Loss rate (% of exposure)", kind: "percent" },
  { key: "defaultRate", label: "Default rate (% of accounts)", kind: "percent" },
  { key: "profit", label: "Profit (currency units)", kind: "money" },
];

/**
 * A Monte Carlo error: a standard error, a 95% interval, or for an ES resting on few
 * paths, how many (one path gives no error estimate at all).
 */
export type McError =
  | { kind: "stderr"; value: number }
  | { kind: "ci"; lo: number; hi: number }
  | { kind: "tail"; paths: number; value: number | null }
  | null;

/** Below this many paths in the tail an ES and its standard error are flagged as resting on few paths. */
export const FEW_TAIL_PATHS = 10;

/** Paths in the tail set of level α among n: those at or above the ⌈nα⌉-th smallest loss, at least. */
export const tailPaths = (n: number, alpha: number): number => Math.max(1, n - Math.ceil(n * alpha) + 1);

export interface SummaryCell {
  value: number | null;
  error: McError;
}

export interface SummaryRow {
  key: string;
  label: string;
  /** What the statistic means, for a title attribute and the table's caption. */
  help: string;
  cells: SummaryCell[];
}

const levelName = (level: string) => (level === "0.5" ? "Median" : `${formatPercent(Number(level))} quantile`);

const perQuantity = (f: (s: Summary, key: SummaryKey) => SummaryCell) => (book: BookResult) =>
  SUMMARY_QUANTITIES.map((q) => f(book[q.key], q.key));

/**
 * The rows of the summary table for one variant's book over `paths` paths, cells in
 * SUMMARY_QUANTITIES order.
 */
export function summaryRows(book: BookResult, paths: number): SummaryRow[] {
  const rows: SummaryRow[] = [
    {
      key: "mean",
      label: "Mean",
      help: "Average over paths; the mean net loss is the expected loss (EL).",
      cells: perQuantity((s) => ({ value: s.mean, error: { kind: "stderr", value: s.stderr } }))(book),
    },
    {
      key: "sd",
      label: "Standard deviation",
      help: "Spread of the values across paths.",
      cells: perQuantity((s) => ({ value: s.sd, error: null }))(book),
    },
  ];
  for (const level of QUANTILE_LEVELS.map(String)) {
    rows.push({
      key: `q${level}`,
      label: levelName(level),
      help: `${formatPercent(Number(level))} of paths end at or below this value.`,
      cells: perQuantity((s) => {
        const ci = s.quantileCI95[level];
        return { value: s.quantiles[level] ?? null, error: ci ? { kind: "ci", lo: ci[0], hi: ci[1] } : null };
      })(book),
    });
  }
  const lossOnly = (cell: (level: string) => SummaryCell) => (level: string) =>
    SUMMARY_QUANTITIES.map((q) => (q.key === "netLoss" ? cell(level) : { value: null, error: null }));
  for (const level of TAIL_LEVELS.map(String)) {
    const ci = book.netLoss.quantileCI95[level];
    rows.push({
      key: `var${level}`,
      label: `VaR ${formatPercent(Number(level))}`,
      help: `Value at risk: the net loss exceeded in ${formatPercent(1 - Number(level))} of paths.`,
      cells: lossOnly(() => ({ value: book.var[level] ?? null, error: ci ? { kind: "ci", lo: ci[0], hi: ci[1] } : null }))(level),
    });
  }
  for (const level of TAIL_LEVELS.map(String)) {
    rows.push({
      key: `es${level}`,
      label: `ES ${formatPercent(Number(level))}`,
      help: `Expected shortfall: the mean net loss of the paths at or above VaR ${formatPercent(Number(level))}.`,
      cells: lossOnly(() => ({ value: book.es[level] ?? null, error: esError(book, level, paths) }))(level),
    });
  }
  return rows;
}

/**
 * The Monte Carlo error of ES at `level`. A result file may give no standard error (null)
 * when the tail holds too few paths for one; the standard error of one loss is 0 by
 * arithmetic, not by certainty. Either way the error is not available, and says why.
 */
export function esError(book: BookResult, level: string, paths: number): McError {
  const se: number | null | undefined = book.esStderr[level];
  if (se === undefined) return null;
  const k = tailPaths(paths, Number(level));
  if (se === null || k < 2) return { kind: "tail", paths: k, value: null };
  if (k >= FEW_TAIL_PATHS) return { kind: "stderr", value: se };
  return { kind: "tail", paths: k, value: se };
}

/** An error as words: "± 1.2k", "95%: 1.1k to 1.4k", "n/a: one tail path, no error estimate". */
export function errorText(e: McError, f: (x: number) => string): string {
  if (e === null) return "";
  switch (e.kind) {
    case "stderr":
      return `± ${f(e.value)}`;
    case "ci":
      return `95%: ${f(e.lo)} to ${f(e.hi)}`;
    case "tail":
      if (e.value !== null) return `± ${f(e.value)} from only ${e.paths} paths`;
      return e.paths === 1 ? "n/a: one tail path, no error estimate" : `n/a: only ${e.paths} tail paths, too few for an error estimate`;
    default:
      return e satisfies never;
  }
}

/** The summary as a flat table for CSV: each quantity's value, standard error and interval. */
export function summaryTable(rows: readonly SummaryRow[]): TableData {
  const columns = [
    { label: "Statistic" },
    ...SUMMARY_QUANTITIES.flatMap((q) => [
      { label: q.label, kind: q.kind },
      { label: `${q.label}: standard error`, kind: q.kind },
      { label: `${q.label}: 95% interval low`, kind: q.kind },
      { label: `${q.label}: 95% interval high`, kind: q.kind },
    ]),
  ];
  return {
    columns,
    rows: rows.map((r) => [
      r.label,
      ...r.cells.flatMap((c) => [
        c.value,
        c.error?.kind === "stderr" || c.error?.kind === "tail" ? c.error.value : null,
        c.error?.kind === "ci" ? c.error.lo : null,
        c.error?.kind === "ci" ? c.error.hi : null,
      ]),
    ]),
  };
}
