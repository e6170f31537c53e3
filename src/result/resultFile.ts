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

/** The shapes of S, F, D and a histogram are declared where they are computed, in src/stats. */
export { QUANTILE_LEVELS, type Summary, type Fan, type Difference, type Histogram };

export const TAIL_LEVELS = [0.95, 0.99, 0.999] as const;

export interface BookResult {
  accounts: Summary;
  defaults: Summary;
  defaultRate: Summary;
  /** Net loss over exposure, over the paths with exposure > 0; absent when no path has any. */
  lossRate?: Summary;
  netLoss: Summary;
  income: Summary;
  profit: Summary;
  var: Record<string, number>;
  es: Record<string, number>;
  /** Added keys. */
  exposure: Summary;
  interestIncome: Summary;
  feeIncome: Summary;
  collectionCost: Summary;
  fundingCost: Summary;
  applicants: Summary;
  booked: Summary;
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
  /**
   * Net loss a year over the average drawn balance, over the paths with balance-years > 0
   * (MODEL.md section 8); absent when no path has any.
   */
  chargeOffRate?: Summary;
  /** Average balance not written off times years: the base of funding and premium. */
  balanceYears: Summary;
  /** Credit insurance (policy.insurance): what the insurer pays, the premium, the loss kept. */
  insuranceRecovery: Summary;
  insurancePremium: Summary;
  retainedLoss: Summary;
  retainedVar: Record<string, number>;
  retainedEs: Record<string, number>;
  /**
   * Added keys (MODEL.md section 8, docs/model.md): merchant (interchange) fees on
   * purchases and the fees of instalment plans, both part of `income`; the operating cost of
   * the accounts on the book each month and the acquisition cost of booked accounts, both
   * subtracted in `profit`. Each is 0 on every path where the scenario has none.
   */
  merchantFeeIncome: Summary;
  instalmentFeeIncome: Summary;
  operatingCost: Summary;
  acquisitionCost: Summary;
  /**
   * Added key: the expected loss past the horizon of the accounts still on the book at its
   * end (current, in arrears or on a payment holiday), under the segment's through-the-cycle
   * chain. Not part of `netLoss`, VaR or ES, which stop at the horizon.
   */
  lifetimeLoss: Summary;
}

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

export interface SegmentResult {
  accounts: Summary;
  defaults: Summary;
  defaultRate: Summary;
  /** Over the segment's paths with exposure > 0; absent when it never has any. */
  lossRate?: Summary;
  netLoss: Summary;
  /** Added keys, as in BookResult. */
  exposure: Summary;
  chargeOffRate?: Summary;
  /** Added key, as in BookResult: expected loss past the horizon of the segment's accounts on the book. */
  lifetimeLoss: Summary;
  /**
   * Added keys, as in BookResult: the segment's income and profit, its own costs and its
   * share of insurance (recovery by loss, premium by balance-years) included.
   */
  income: Summary;
  profit: Summary;
  /** E[L_s]: the segment's share of expected loss. Contributions add up to the book's EL. */
  elContribution: number;
  /** E[L_s | L ≥ VaR_α]: contributions add up to ES_α. */
  esContribution: Record<string, number>;
}

export interface PeriodResult {
  t: number;
  month: number;
  nplRatio: Fan;
  defaults: Fan;
  netLoss: Fan;
  delinquency: Record<string, Fan>;
  factors: Record<string, Fan>;
  variables: Record<string, Fan>;
  /** Added key: balance of active accounts. */
  balance: Fan;
  /**
   * Added key: the share of the current revolving accounts of segments with `revolvers` that
   * revolve at the period's end; present only when some segment has `revolvers`.
   */
  revolverShare?: Fan;
}

/** Per-path values (`--samples`), one entry a path in path order. */
export interface Samples {
  defaultRate: number[];
  /** One entry a path, null on a path with no exposure; absent when no path has any. */
  lossRate?: (number | null)[];
  netLoss: number[];
  profit: number[];
  /** Added key: every per-path metric of the book (engine/layout.ts PATH_METRICS); a rate is null on a path without its base. */
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
  /** Added key: histograms of the per-path book values. */
  /** lossRate over the paths with exposure > 0, absent when none has any. */
  histograms: { defaultRate: Histogram; lossRate?: Histogram; netLoss: Histogram; profit: Histogram };
  samples?: Samples;
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
}

/** The quantities compared path by path in DifferenceResult, in the order written. */
export const DIFFERENCE_KEYS = ["defaultRate", "netLoss", "profit", "lifetimeLoss", "lossWithLifetime"] as const;
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
}
