/**
 * Per-path values of a variant (`--samples`): every per-path metric of the book and of
 * each segment, and every per-period column, in path order, for those who take the
 * distributions further than the summary does. A rate whose base cannot carry it on a path
 * (engine/layout.ts rateBase) is null there, never 0 or NaN.
 */
import { NPM, PATH_METRICS, PM, periodColumns, periodWidth, rateBase, type Layout, type PathMetric, type VariantChunk } from "../engine/layout.ts";
import { isProvisioning, RATIOS } from "../engine/metrics.ts";
import type { Samples } from "./resultFile.ts";

/** The base each ratio is over (engine/metrics.ts): a path without it has no rate. */
const RATE_BASE: Partial<Record<PathMetric, PathMetric>> = Object.fromEntries(RATIOS.map((r) => [r.name, r.over]));

/** The metrics of one book or segment block: `data[(j·blocks + b)·NPM + m]` for path j. */
function metrics(data: Float64Array, n: number, blocks: number, b: number, provisioning: boolean): Record<PathMetric, (number | null)[]> {
  const at = (j: number, m: PathMetric) => data[(j * blocks + b) * NPM + PM[m]];
  return Object.fromEntries(
    PATH_METRICS.filter((m) => provisioning || !isProvisioning(m)).map((m) => {
      const base = RATE_BASE[m];
      return [m, Array.from({ length: n }, (_, j) => (base === undefined || rateBase(at(j, base)) ? at(j, m) : null))];
    }),
  ) as Record<PathMetric, (number | null)[]>;
}

export function pathSamples(v: VariantChunk, n: number, layout: Layout): Samples {
  const provisioning = layout.provisioning === true;
  const book = metrics(v.book, n, 1, 0, provisioning);
  const T = layout.periods;
  const W = periodWidth(layout);
  const periods = Object.fromEntries(
    periodColumns(layout).map((name, c) => [name, Array.from({ length: n }, (_, j) => Array.from({ length: T }, (_, t) => v.periods[(j * T + t) * W + c]))]),
  );
  return {
    // The four keys of version 2, as they were.
    defaultRate: book.defaultRate.map((x) => x ?? 0),
    ...(book.lossRate.some((x) => x !== null) ? { lossRate: book.lossRate } : {}),
    netLoss: book.netLoss as number[],
    profit: book.profit as number[],
    book,
    segments: Object.fromEntries(layout.segments.map((name, s) => [name, metrics(v.segments, n, layout.segments.length, s, provisioning)])),
    periods,
  };
}
