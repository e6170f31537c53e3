/**
 * What one simulated path reports, and where each number sits in the typed arrays a chunk
 * of paths returns (MODEL.md section 8). A path is a few numbers per segment and per
 * period, never anything the size of the book. What each number is: metrics.ts.
 */
import { dealColumns } from "./deal/columns.ts";
import { isProvisioning, PATH_METRIC_NAMES, PERIOD_METRIC_NAMES, type PathMetricName, type PeriodMetricName } from "./metrics.ts";

/** Per-path totals, for the book and for each segment, in this order (declared in metrics.ts). */
export const PATH_METRICS: readonly PathMetricName[] = PATH_METRIC_NAMES;
export type PathMetric = PathMetricName;

/**
 * Whether a path's exposure or balance-years can carry a rate: a base below a billionth of a
 * currency unit (a generated book drawing almost nothing) has none, and dividing by it would
 * give an infinite rate. The engine and the summary both ask this.
 */
export const rateBase = (base: number): boolean => base > 1e-9;
export const NPM = PATH_METRICS.length;
export const PM = Object.fromEntries(PATH_METRICS.map((m, i) => [m, i])) as Record<PathMetric, number>;

/** Shape of a run's per-period outputs: fixed metrics, then buckets, factors, variables. */
export interface Layout {
  segments: string[];
  periods: number;
  periodMonths: number;
  /** Largest delinquency ladder among segments: buckets D1..Dm. */
  buckets: number;
  factors: string[];
  variables: string[];
  /** Layers of the book's net loss reported as their own distributions, as shares of exposure. */
  tranches: { name: string; attach: number; detach: number }[];
  /** Whether a segment has transactors and revolvers: the per-period column revolverShare. */
  revolvers: boolean;
  /** Whether the scenario has `provisioning`: the allowance's per-period columns, last (absent: none). */
  provisioning?: boolean;
  /** The notes of the scenario's `securitization`, senior first: the deal's period columns, after every other (absent: none). */
  deal?: { notes: string[] };
}

/** The per-period metrics before the buckets, factors and variables (declared in metrics.ts); those of provisioning come last. */
export const PERIOD_FIXED: readonly PeriodMetricName[] = PERIOD_METRIC_NAMES.filter((m) => !isProvisioning(m));
/** The per-period metrics of provisioning, after every other column, only when the layout has `provisioning`. */
export const PERIOD_PROVISIONING: readonly PeriodMetricName[] = PERIOD_METRIC_NAMES.filter(isProvisioning);
/** Column of each per-period metric within a period's row (those of provisioning counted from `provisioningColumn`). */
export const PC = Object.fromEntries([...PERIOD_FIXED.map((m, i) => [m, i]), ...PERIOD_PROVISIONING.map((m, i) => [m, i])]) as Record<PeriodMetricName, number>;

/**
 * Names of the per-period columns: nplRatio, defaults, netLoss, balance, D1..Dm, factors,
 * variables, and revolverShare when a segment has revolvers.
 */
export function periodColumns(layout: Layout): string[] {
  return [
    ...PERIOD_FIXED,
    ...Array.from({ length: layout.buckets }, (_, k) => `D${k + 1}`),
    ...layout.factors.map((f) => `factor:${f}`),
    ...layout.variables.map((v) => `variable:${v}`),
    ...(layout.revolvers ? ["revolverShare"] : []),
    ...(layout.provisioning ? PERIOD_PROVISIONING : []),
    ...(layout.deal ? dealColumns(layout.deal.notes) : []),
  ];
}

/** The first column of the provisioning metrics in a period's row. */
export const provisioningColumn = (layout: Layout): number =>
  PERIOD_FIXED.length + layout.buckets + layout.factors.length + layout.variables.length + (layout.revolvers ? 1 : 0);

/** The first column of the securitization's columns in a period's row (deal/columns.ts). */
export const dealColumn = (layout: Layout): number => provisioningColumn(layout) + (layout.provisioning ? PERIOD_PROVISIONING.length : 0);

export const periodWidth = (layout: Layout): number => dealColumn(layout) + (layout.deal ? dealColumns(layout.deal.notes).length : 0);

/**
 * Results of paths [from, to) for every variant. For path j = p − from:
 * book[j·NPM + m], segments[(j·S + s)·NPM + m], periods[(j·T + t)·W + c]
 * with S segments, T periods, W = periodWidth(layout).
 */
export interface VariantChunk {
  book: Float64Array;
  segments: Float64Array;
  periods: Float64Array;
}

export interface ChunkResult {
  from: number;
  to: number;
  variants: VariantChunk[];
}

/** The buffers a chunk owns, for transfer across a worker boundary without copying. */
export function chunkBuffers(chunk: ChunkResult): ArrayBuffer[] {
  return chunk.variants.flatMap((v) => [v.book.buffer, v.segments.buffer, v.periods.buffer] as ArrayBuffer[]);
}
