/**
 * What a histogram chart says in words: the read-out of a bin and the table of all bins.
 */
import { formatCount, formatPercent, formatterFor, type ValueKind } from "../frame/chartNumbers.ts";
import type { Bin } from "./histogramBars.ts";
import type { TableData } from "../frame/table.ts";

/** Read-out lines of one bin: its range, its paths, and the share at or below it. */
export function binReadout(b: Bin, kind: ValueKind): string[] {
  const f = formatterFor(kind);
  const range = b.x1 > b.x0 ? `${f(b.x0)} to ${f(b.x1)}` : f(b.x0);
  return [
    range,
    `${formatCount(b.count)} path${b.count === 1 ? "" : "s"} (${formatPercent(b.share)})`,
    `${formatPercent(b.cumulative)} of paths at or below ${f(b.x1)}`,
  ];
}

/** One row per bin: its edges in the value's unit, the paths in it and their shares. */
export function histogramTable(bins: readonly Bin[], kind: ValueKind, quantity: string): TableData {
  return {
    columns: [
      { label: `${quantity}: from`, kind },
      { label: "to", kind },
      { label: "Paths", kind: "count" },
      { label: "Share of paths", kind: "percent" },
      { label: "Share at or below", kind: "percent" },
    ],
    rows: bins.map((b) => [b.x0, b.x1, b.count, b.share, b.cumulative]),
  };
}

/**
 * The read-out line of a partial result's bar: its height is an estimate, the bin's share
 * per the complete run's bin width (histogramBars.ts partialHeights), not the bin's share,
 * which the lines above give.
 */
export function partialBarLine(height: number, per: number, kind: ValueKind): string {
  return `bar: ${formatPercent(height)} per ${formatterFor(kind)(per)}, the complete run's bin width`;
}
