/**
 * Paired differences between each variant and the base (the first variant), read from
 * the result file's `differences`. The variants share their random numbers path by path,
 * so the paired standard error is usually far below the unpaired one; their ratio squared
 * is how many times more paths independent runs would need for the same precision.
 */
import type { DifferenceKey, DifferenceResult } from "../../../result/resultFile.ts";
import { formatCount, formatterFor, formatSigned, type ValueKind } from "../frame/chartNumbers.ts";
import type { TableData } from "../frame/table.ts";
import { METRICS } from "../../../engine/metrics.ts";
import { metricKind, metricLabel } from "../frame/metricLabels.ts";

export type { DifferenceKey };

export interface DifferenceMetric {
  key: DifferenceKey;
  label: string;
  /** The name on the chart's toggle, where the label is too long. */
  short?: string;
  kind: ValueKind;
}

export const DIFFERENCE_METRICS: readonly DifferenceMetric[] = [
  { key: "netLoss", label: metricLabel("netLoss"), kind: metricKind("netLoss") },
  // A difference of two rates is in percentage points.
  { key: "defaultRate", label: `${METRICS.defaultRate.label} (percentage points)`, kind: "points" },
  { key: "profit", label: metricLabel("profit"), kind: metricKind("profit") },
  { key: "lifetimeLoss", label: metricLabel("lifetimeLoss"), short: "Lifetime loss", kind: metricKind("lifetimeLoss") },
  { key: "lossWithLifetime", label: "Net loss + lifetime loss (currency units)", short: "Net + lifetime loss", kind: "money" },
];

/**
 * The metrics the differences carry: a result file written before lifetime loss existed
 * has none of it, and its comparison offers the rest.
 */
export function differenceMetrics(ds: readonly DifferenceResult[]): DifferenceMetric[] {
  return DIFFERENCE_METRICS.filter((m) => ds.every((d) => d[m.key] !== undefined));
}

export interface DifferenceRow {
  variant: string;
  vs: string;
  metric: DifferenceKey;
  mean: number;
  /** Null, as are lo, hi and unpairedStderr, when the file has no error for it (too few paths): shown "n/a". */
  stderr: number | null;
  lo: number | null;
  hi: number | null;
  unpairedStderr: number | null;
  /** (unpaired / paired stderr)²; null when the paired error is 0. */
  pathsSaved: number | null;
  /** The 95% interval leaves out 0. */
  clear: boolean;
}

/** A cell for an error the file gives as null. */
const NA = "n/a";

/** One row per variant for `metric`. */
export function differenceRows(ds: readonly DifferenceResult[], metric: DifferenceKey): DifferenceRow[] {
  return ds.map((d) => {
    const x = d[metric];
    const unpaired = d.unpairedStderr[metric] ?? null;
    return {
      variant: d.variant,
      vs: d.vs,
      metric,
      mean: x.mean,
      stderr: x.stderr,
      lo: x.ci95?.[0] ?? null,
      hi: x.ci95?.[1] ?? null,
      unpairedStderr: unpaired,
      pathsSaved: x.stderr !== null && unpaired !== null && x.stderr > 0 ? (unpaired / x.stderr) ** 2 : null,
      clear: x.ci95 !== null && (x.ci95[0] > 0 || x.ci95[1] < 0),
    };
  });
}

/** Every metric's rows as one table for the table view and CSV. */
export function differenceTable(ds: readonly DifferenceResult[]): TableData {
  return {
    columns: [
      { label: "Variant" },
      { label: "Compared with" },
      { label: "Quantity" },
      { label: "Mean difference" },
      { label: "Paired standard error" },
      { label: "95% interval low" },
      { label: "95% interval high" },
      { label: "Unpaired standard error" },
    ],
    rows: differenceMetrics(ds).flatMap((m) => {
      const f = formatterFor(m.kind);
      const signed = (value: number | null) => (value === null ? NA : { value, text: formatSigned(value, f) });
      const plain = (value: number | null) => (value === null ? NA : { value, text: f(value) });
      return differenceRows(ds, m.key).map((r) => [
        r.variant,
        r.vs,
        m.label,
        signed(r.mean),
        plain(r.stderr),
        signed(r.lo),
        signed(r.hi),
        plain(r.unpairedStderr),
      ]);
    }),
  };
}

/** The rows of one metric as the table beside the interval plot shows them. */
export function differenceMetricTable(rows: readonly DifferenceRow[], kind: ValueKind): TableData {
  const f = formatterFor(kind);
  const signed = (value: number) => ({ value, text: formatSigned(value, f) });
  return {
    columns: [
      { label: "Variant" },
      { label: "Difference" },
      { label: "95% interval" },
      { label: "Paired s.e." },
      { label: "Unpaired s.e." },
      { label: "Paths saved" },
    ],
    rows: rows.map((r) => [
      r.variant,
      signed(r.mean),
      sameOnEveryPath(r) ? "none: the same on every path" : r.lo === null || r.hi === null ? "n/a" : `${formatSigned(r.lo, f)} to ${formatSigned(r.hi, f)}`,
      r.stderr === null ? NA : { value: r.stderr, text: f(r.stderr) },
      r.unpairedStderr === null ? NA : { value: r.unpairedStderr, text: f(r.unpairedStderr) },
      r.pathsSaved === null ? null : { value: r.pathsSaved, text: `${formatCount(r.pathsSaved)}×` },
    ]),
  };
}

/** A difference of exactly 0 with an interval of exactly 0: the variant changes nothing of this figure, on any path. */
export const sameOnEveryPath = (r: { mean: number; lo: number | null; hi: number | null }): boolean => r.mean === 0 && r.lo === 0 && r.hi === 0;
