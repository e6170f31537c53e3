/**
 * The per-path values of a result as one tidy long table (`--format csv`): a row a value,
 * columns variant, segment, metric, path, period, value. `segment` is empty for the book,
 * `period` is empty for a per-path total (else 1..T), `path` counts from 0, and a value a
 * path cannot have (a rate without its base) is empty. pandas reads it with one call,
 * `pd.read_csv(FILE)`, and R with `read.csv(FILE)`.
 */
import { csvFormatRows } from "d3";
import type { ResultFile } from "./resultFile.ts";

const HEADER = ["variant", "segment", "metric", "path", "period", "value"];

/** Shortest text that reads back as the same double; empty for null. */
const cell = (x: number | null): string => (x === null ? "" : String(x));

export function samplesCsv(result: ResultFile): string {
  const rows: string[][] = [HEADER];
  for (const v of result.variants) {
    const s = v.samples;
    // The caller asks the run for samples; a result without them has no rows to give.
    if (!s) throw new Error(`samplesCsv: variant ${v.name} has no samples`);
    const totals = (segment: string, metrics: Record<string, (number | null)[]>) => {
      for (const [metric, values] of Object.entries(metrics)) values.forEach((x, path) => rows.push([v.name, segment, metric, String(path), "", cell(x)]));
    };
    totals("", s.book);
    for (const [segment, metrics] of Object.entries(s.segments)) totals(segment, metrics);
    for (const [metric, byPath] of Object.entries(s.periods)) {
      byPath.forEach((values, path) => values.forEach((x, t) => rows.push([v.name, "", metric, String(path), String(t + 1), cell(x)])));
    }
  }
  return csvFormatRows(rows) + "\n";
}
