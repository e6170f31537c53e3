/**
 * The summary table of a variant: mean, standard deviation, quantiles, VaR and ES of
 * the book's loss, loss rate, default rate and profit, each with its Monte Carlo error
 * (the standard error, or the 95% order-statistic interval of a quantile).
 */
import { QUANTILE_LEVELS, TAIL_LEVELS, type BookResult, type Summary } from "../../../result/resultFile.ts";
import { formatPercent, type ValueKind } from "../frame/chartNumbers.ts";
import { metricKind, metricLabel } from "../frame/metricLabels.ts";
import type { TableData } from "../frame/table.ts";
import { missingErrorReason } from "../../../result/facts.ts";

export type SummaryKey = "netLoss" | "lossRate" | "defaultRate" | "profit";

export interface SummaryQuantity {
  key: SummaryKey;
  label: string;
  kind: ValueKind;
}

const SUMMARY_KEYS: readonly SummaryKey[] = ["netLoss", "lossRate", "defaultRate", "profit"];

export const SUMMARY_QUANTITIES: readonly SummaryQuantity[] = SUMMARY_KEYS.map((key) => ({ key, label: metricLabel(key), kind: metricKind(key) }));

/**
 * A Monte Carlo error: a standard error, a 95% interval, or "n/a" where the file has none,
 * with the reason (too few paths beyond the level for an interval that covers:
 * src/result/facts.ts).
 */
export type McError = { kind: "stderr"; value: number } | { kind: "na"; reason: string } | { kind: "ci"; lo: number; hi: number } | null;

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

/** A quantity the file leaves out (a loss rate without exposure) gives empty cells. */
const perQuantity = (f: (s: Summary, key: SummaryKey) => SummaryCell) => (book: BookResult) =>
  SUMMARY_QUANTITIES.map((q) => {
    const s = book[q.key];
    return s ? f(s, q.key) : { value: null, error: null };
  });

/** An error bar the file gives as null reads "n/a", with the one rule's reason (src/result/facts.ts). */
const na = (paths: number, level?: string): McError => ({
  kind: "na",
  reason: missingErrorReason(paths, level === undefined ? undefined : Number(level)) ?? "no error estimate",
});
const standardError = (value: number | null, paths: number): McError => (value === null ? na(paths) : { kind: "stderr", value });
const interval = (ci: [number, number] | null, paths: number, level: string): McError =>
  ci === null ? na(paths, level) : { kind: "ci", lo: ci[0], hi: ci[1] };

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
      cells: perQuantity((s) => ({ value: s.mean, error: standardError(s.stderr, paths) }))(book),
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
        return { value: s.quantiles[level] ?? null, error: ci === undefined ? null : interval(ci, paths, level) };
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
      cells: lossOnly(() => ({ value: book.var[level] ?? null, error: ci === undefined ? null : interval(ci, paths, level) }))(level),
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

/** The Monte Carlo error of ES at `level` over `paths` paths: a standard error, or "n/a" and why. */
export function esError(book: BookResult, level: string, paths: number): McError {
  const se = book.esStderr[level];
  if (se === undefined) return null;
  return se === null ? na(paths, level) : { kind: "stderr", value: se };
}

/** An error as words: "± 1.2k", "95%: 1.1k to 1.4k", "n/a: fewer than 20 paths beyond the 99.9% level". */
export function errorText(e: McError, f: (x: number) => string): string {
  if (e === null) return "";
  switch (e.kind) {
    case "stderr":
      return `± ${f(e.value)}`;
    case "ci":
      return `95%: ${f(e.lo)} to ${f(e.hi)}`;
    case "na":
      return `n/a: ${e.reason}`;
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
        c.error?.kind === "stderr" ? c.error.value : null,
        c.error?.kind === "ci" ? c.error.lo : null,
        c.error?.kind === "ci" ? c.error.hi : null,
      ]),
    ]),
  };
}
