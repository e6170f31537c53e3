/**
 * The result file of INTERFACE.md, version 2. Names here are a public contract: a key may
 * be added, none renamed or removed without a new version number.
 *
 * Error bars (MODEL.md section 9, src/stats/errorBars.ts): every standard error and
 * interval here covers the truth 93–97% of the time as a 95% interval, and is `null`
 * where it cannot be estimated so: a mean's with fewer than 20 paths, a quantile's, VaR's
 * or ES's with fewer than 20 paths beyond its level. Never 0 for "unknown".
 */

import { QUANTILE_LEVELS, type Summary } from "../stats/summary.ts";
import type { Fan } from "../stats/fan.ts";
import type { Difference } from "../stats/paired.ts";
import type { Histogram } from "../stats/histogram.ts";
import type { VarianceParts } from "../stats/varianceParts.ts";
import type { MetricName, OptionalMetric, PathMetricName, PeriodMetricName, ProvisioningMetric, SegmentMetricName } from "../engine/metrics.ts";

/** The shapes of S, F, D and a histogram are declared where they are computed, in src/stats. */
export { QUANTILE_LEVELS, type Summary, type Fan, type Difference, type Histogram };

export const TAIL_LEVELS = [0.95, 0.99, 0.999] as const;

/**
 * One Summary for each metric of a kind, as src/engine/metrics.ts declares them; a ratio
 * declared `without: "absent"` (lossRate, chargeOffRate) is summarized over the paths with
 * a base, and left out when no path has one.
 */
type MetricSummaries<M extends MetricName> = { [K in Exclude<M, OptionalMetric>]: Summary } & { [K in Extract<M, OptionalMetric>]?: Summary };

/**
 * The book across paths: a Summary of every per-path metric (src/engine/metrics.ts says what
 * each is), and the tail risk of its net loss and of the loss it keeps after insurance.
 */
export interface BookResult extends MetricSummaries<PathMetricName> {
  var: Record<string, number>;
  es: Record<string, number>;
  /**
   * Monte Carlo standard error of VaR and ES, by level, from sectioning over blocks of
   * paths and scaled so that ± 1.96 of it is a 95% interval (src/stats/sectioning.ts).
   */
  varStderr: Record<string, number | null>;
  esStderr: Record<string, number | null>;
  /**
   * Added key: 95% interval of VaR by level, VaR ± 1.96·varStderr. (netLoss.quantileCI95
   * holds the order-statistic interval of the same quantile.)
   */
  varCI95: Record<string, [number, number] | null>;
  /** Added key: 95% interval of ES by level, ES ± 1.96·esStderr. */
  esCI95: Record<string, [number, number] | null>;
  /** VaR and ES of retainedLoss, the loss kept after credit insurance. */
  retainedVar: Record<string, number>;
  retainedEs: Record<string, number>;
}

/**
 * The keys of a book in the order the file writes them, as version 2 wrote them: a metric
 * declared after these follows them, in its declared order.
 */
export const BOOK_KEY_ORDER = [
  "accounts", "defaults", "defaultRate", "lossRate", "chargeOffRate", "netLoss", "income", "profit", "var", "es",
  "exposure", "interestIncome", "feeIncome", "collectionCost", "fundingCost", "applicants", "booked",
  "varStderr", "esStderr", "varCI95", "esCI95", "balanceYears",
  "insuranceRecovery", "insurancePremium", "retainedLoss", "retainedVar", "retainedEs",
  "merchantFeeIncome", "instalmentFeeIncome", "operatingCost", "acquisitionCost", "lifetimeLoss",
] as const satisfies readonly (keyof BookResult)[];

/** A layer [attach, detach] of the book's net loss, as shares of its exposure. */
export interface TrancheResult {
  attach: number;
  detach: number;
  /** Loss absorbed by the tranche. */
  loss: Summary;
  /** Loss as a share of the tranche's size. */
  lossRate: Summary;
  es99: number;
  /** Share of paths on which the tranche loses anything. */
  probabilityOfLoss: number;
}

/**
 * A note of the scenario's `securitization` across paths (docs/model.md §9.3): what it was
 * paid, what it lost (principal written down and not reinstated by the horizon), its
 * weighted average life, and the band of the published structured-finance loss rates its
 * expected loss falls in (ratingBands.ts).
 */
export interface NoteResult {
  /** Mean original balance (the note's share of the investor interest at the start). */
  size: number;
  interestPaid: Summary;
  principalPaid: Summary;
  /** Principal written down net of reinstatements, at the horizon. */
  loss: Summary;
  /** Loss as a share of the note's original balance. */
  lossRate: Summary;
  /** Weighted average life in years (the balance left at the horizon counted as paid then). */
  wal: Summary;
  /** Share of paths on which the note loses anything. */
  probabilityOfLoss: number;
  /** Mean loss rate: the expected loss as a share of the note's balance. */
  expectedLoss: number;
  /** The best band of ratingBands.ts whose historical loss over the horizon is at least expectedLoss. */
  rating: string;
}

/** A period of the securitization across paths: the deal's state and each note's balance. */
export interface DealPeriod {
  excessSpread: Fan;
  reserve: Fan;
  /** 1 while the notes amortize: its mean is the share of paths amortizing. */
  amortizing: Fan;
  /** 1 once a trigger has hit: its mean is the share of paths in early amortization. */
  triggered: Fan;
  /** Each note's balance at the period's end. */
  notes: Record<string, Fan>;
}

/**
 * A segment across paths: a Summary of each metric declared `segment` (its income and
 * profit include its own costs and its share of insurance: recovery by loss, premium by
 * balance-years), and its contributions to the book's tail.
 */
export interface SegmentResult extends MetricSummaries<SegmentMetricName> {
  /** E[L_s]: the segment's share of expected loss. Contributions add up to the book's EL. */
  elContribution: number;
  /** E[L_s | L ≥ VaR_α]: contributions add up to ES_α. */
  esContribution: Record<string, number>;
}

/** The keys of a segment in the order version 2 wrote them; later segment metrics follow. */
export const SEGMENT_KEY_ORDER = [
  "accounts", "defaults", "defaultRate", "lossRate", "chargeOffRate", "netLoss", "exposure", "lifetimeLoss", "income", "profit",
  "elContribution", "esContribution",
] as const satisfies readonly (keyof SegmentResult)[];

/** A period across paths: a Fan of each per-period metric (src/engine/metrics.ts), the buckets, factors and variables. */
type PeriodFans = { [K in Exclude<PeriodMetricName, ProvisioningMetric>]: Fan } & { [K in Extract<PeriodMetricName, ProvisioningMetric>]?: Fan };

/** A period across paths: the allowance's keys (metrics.ts `provisioning`) only when the scenario has `provisioning`. */
export interface PeriodResult extends PeriodFans {
  t: number;
  month: number;
  delinquency: Record<string, Fan>;
  factors: Record<string, Fan>;
  variables: Record<string, Fan>;
  /**
   * Added key: the share of the current revolving accounts of segments with `revolvers` that
   * revolve at the period's end; present only when some segment has `revolvers`.
   */
  revolverShare?: Fan;
  /** Added key: the securitization's state (only with `securitization`). */
  deal?: DealPeriod;
}

/** The keys of a period in the order version 2 wrote them; later per-period metrics follow. */
export const PERIOD_KEY_ORDER = [
  "t", "month", "nplRatio", "defaults", "netLoss", "delinquency", "factors", "variables", "balance", "revolverShare",
] as const satisfies readonly (keyof PeriodResult)[];

/** Per-path values (`--samples`), one entry a path in path order. */
export interface Samples {
  defaultRate: number[];
  /** One entry a path, null on a path with no exposure; absent when no path has any. */
  lossRate?: (number | null)[];
  netLoss: number[];
  profit: number[];
  /** Added key: every per-path metric of the book (engine/metrics.ts); a rate is null on a path without its base. */
  book: Record<string, (number | null)[]>;
  /** Added key: the same for each segment, by name. */
  segments: Record<string, Record<string, (number | null)[]>>;
  /** Added key: each per-period column (nplRatio, defaults, netLoss, balance, D1…, factor:…, variable:…), [path][period]. */
  periods: Record<string, number[][]>;
}

export interface VariantResult {
  name: string;
  book: BookResult;
  segments: Record<string, SegmentResult>;
  periods: PeriodResult[];
  /** Added key: the tranche views of the scenario's `tranches`, by name. */
  tranches: Record<string, TrancheResult>;
  /** Added key: the notes of the scenario's `securitization`, by name (only with one). */
  notes?: Record<string, NoteResult>;
  /** Added key: histograms of the per-path book values. */
  /** lossRate over the paths with exposure > 0, absent when none has any. */
  histograms: { defaultRate: Histogram; lossRate?: Histogram; netLoss: Histogram; profit: Histogram };
  /** Added key: the book's liquidity, from the per-period funding need (engine/metrics.ts `fundingNeed`). */
  liquidity: Liquidity;
  samples?: Samples;
}

/**
 * The funding need's worst month at 99%: the period whose 99% quantile of `fundingNeed`
 * across paths is highest, and that quantile; and each path's peak funding need (its
 * highest `fundingNeed` over the periods) summarized across paths.
 */
export interface Liquidity {
  worstPeriod: number;
  worstMonth: number;
  fundingNeed99: number;
  peakFundingNeed: Summary;
}

export interface DifferenceResult {
  variant: string;
  vs: string;
  defaultRate: Difference;
  netLoss: Difference;
  profit: Difference;
  /** Added key: the unpaired interval for comparison, showing what common random numbers save. */
  unpairedStderr: Record<DifferenceKey, number | null>;
  /** Added key: the difference in expected loss past the horizon (BookResult.lifetimeLoss). */
  lifetimeLoss: Difference;
  /**
   * Added key: the difference in netLoss + lifetimeLoss, path by path. A policy that only
   * moves defaults past the horizon lowers netLoss but not this.
   */
  lossWithLifetime: Difference;
  /** Added key: the difference in each path's peak funding need (Liquidity.peakFundingNeed), path by path. */
  peakFundingNeed: Difference;
}

/** The quantities compared path by path in DifferenceResult, in the order written. */
export const DIFFERENCE_KEYS = ["defaultRate", "netLoss", "profit", "lifetimeLoss", "lossWithLifetime", "peakFundingNeed"] as const;
export type DifferenceKey = (typeof DIFFERENCE_KEYS)[number];

export interface ResultFile {
  creditlab: 2;
  engine: string;
  scenario: { name: string; sha256: string };
  seed: string | number;
  paths: number;
  horizonMonths: number;
  periodMonths: number;
  /** Added key: true when a run was cancelled and holds only the paths finished. */
  partial?: boolean;
  variants: VariantResult[];
  differences: DifferenceResult[];
  /** Added key: with parameter uncertainty, the base's variance split (docs/model.md §9.4). */
  uncertainty?: UncertaintyResult;
}

/**
 * The variance of the base's book net loss and default rate split into the parts the
 * parameter draws, the economy and the accounts' own draws give, each with its standard
 * error, and the band of the expected value with and without the parameters' uncertainty
 * (src/stats/varianceParts.ts, docs/model.md §9.4).
 */
export interface UncertaintyResult {
  variant: string;
  paths: number;
  netLoss: VarianceParts;
  defaultRate: VarianceParts;
}
