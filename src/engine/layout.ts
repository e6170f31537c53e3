/**
 * What one simulated path reports, and where each number sits in the typed arrays a chunk
 * of paths returns (MODEL.md section 8). A path is a few numbers per segment and per
 * period, never anything the size of the book.
 */

/** Per-path totals, for the book and for each segment, in this order. */
export const PATH_METRICS = [
  "accounts", // at start plus booked
  "defaults",
  "defaultRate", // defaults / accounts
  "exposure", // Σ EAD basis at the start or at booking: B + CCF·(L − B) revolving, B instalment
  "netLoss",
  "lossRate", // netLoss / exposure; 0 on a path with no exposure, which the summary leaves out
  "interestIncome",
  "feeIncome",
  "income", // interest + fees + merchant fees + instalment fees
  "collectionCost",
  "fundingCost",
  "profit", // income − funding − collection − retainedLoss − insurancePremium − operatingCost − acquisitionCost
  "applicants",
  "booked",
  "balanceYears", // Σ over periods of balances not written off × periodMonths/12
  "insuranceRecovery",
  "insurancePremium",
  "retainedLoss", // netLoss − insuranceRecovery
  "chargeOffRate", // netLoss / balanceYears: net loss a year over the average drawn balance (MODEL.md 8)
  "merchantFeeIncome", // interchange on purchases
  "instalmentFeeIncome", // fees of instalment plans
  "operatingCost", // accounts on the book each month × policy.costs.perAccountMonth
  "acquisitionCost", // booked × policy.costs.perBooked
  "lifetimeLoss", // expected loss past the horizon of the accounts still on the book (docs/model.md §8.2)
] as const;
export type PathMetric = (typeof PATH_METRICS)[number];

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
}

export const PERIOD_FIXED = ["nplRatio", "defaults", "netLoss", "balance"] as const;

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
  ];
}

export const periodWidth = (layout: Layout): number =>
  PERIOD_FIXED.length + layout.buckets + layout.factors.length + layout.variables.length + (layout.revolvers ? 1 : 0);

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
