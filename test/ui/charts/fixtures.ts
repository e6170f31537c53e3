/** Small hand-built result pieces for the chart helpers' tests. */
import type { BookResult, Fan, PeriodResult, Summary, VariantResult } from "../../../src/result/resultFile.ts";
import { QUANTILE_LEVELS } from "../../../src/result/resultFile.ts";
import { PATH_METRICS, PERIOD_FIXED } from "../../../src/engine/layout.ts";
import { SEGMENT_METRIC_NAMES } from "../../../src/engine/metrics.ts";

/** A summary whose quantiles run linearly from min to max, with intervals ±1% of the spread. */
export function summary(min: number, max: number, sd = (max - min) / 4): Summary {
  const at = (q: number) => min + (max - min) * q;
  return {
    mean: at(0.5),
    sd,
    stderr: sd / 30,
    min,
    max,
    quantiles: Object.fromEntries(QUANTILE_LEVELS.map((q) => [String(q), at(q)])),
    quantileCI95: Object.fromEntries(
      QUANTILE_LEVELS.map((q) => [String(q), [at(q) - (max - min) / 100, at(q) + (max - min) / 100]]),
    ),
  };
}

export function fan(mid: number, spread: number): Fan {
  return { mean: mid, p5: mid - 2 * spread, p25: mid - spread, p50: mid, p75: mid + spread, p95: mid + 2 * spread };
}

/** A metric the fixtures do not set is 0 on every path. */
const zeros = <M extends string>(metrics: readonly M[]) => Object.fromEntries(metrics.map((m) => [m, summary(0, 0, 0)])) as Record<M, Summary>;

export function book(): BookResult {
  const s = summary(0, 100);
  return {
    ...zeros(PATH_METRICS),
    accounts: summary(1000, 1000, 0),
    defaults: summary(10, 50),
    defaultRate: summary(0.01, 0.05),
    lossRate: summary(0.005, 0.03),
    netLoss: summary(1e5, 5e5),
    income: s,
    profit: summary(-1e5, 3e5),
    var: { "0.95": 4.8e5, "0.99": 4.96e5, "0.999": 4.996e5 },
    es: { "0.95": 4.9e5, "0.99": 4.98e5, "0.999": 4.998e5 },
    exposure: s,
    interestIncome: s,
    feeIncome: s,
    collectionCost: s,
    fundingCost: s,
    applicants: s,
    booked: s,
    varStderr: { "0.95": 1e3, "0.99": 2e3, "0.999": 5e3 },
    esStderr: { "0.95": 1.5e3, "0.99": 3e3, "0.999": 8e3 },
    varCI95: { "0.95": [4.7e5, 4.9e5], "0.99": [4.9e5, 5e5], "0.999": null },
    esCI95: { "0.95": [4.87e5, 4.93e5], "0.99": [4.92e5, 5.04e5], "0.999": null },
    chargeOffRate: summary(0.01, 0.06),
    balanceYears: s,
    insuranceRecovery: s,
    insurancePremium: s,
    retainedLoss: summary(1e5, 5e5),
    retainedVar: { "0.95": 4.8e5, "0.99": 4.96e5, "0.999": 4.996e5 },
    retainedEs: { "0.95": 4.9e5, "0.99": 4.98e5, "0.999": 4.998e5 },
    merchantFeeIncome: summary(0, 0, 0),
    instalmentFeeIncome: summary(0, 0, 0),
    operatingCost: summary(0, 0, 0),
    acquisitionCost: summary(0, 0, 0),
    lifetimeLoss: summary(0, 0, 0),
  };
}

export function periods(n: number, periodMonths: number, buckets = 2): PeriodResult[] {
  return Array.from({ length: n }, (_, t) => ({
    // The reporting views (days past due, five categories) at 0 unless set below.
    ...(Object.fromEntries(PERIOD_FIXED.map((m) => [m, fan(0, 0)])) as Record<(typeof PERIOD_FIXED)[number], Fan>),
    t: t + 1,
    month: (t + 1) * periodMonths,
    nplRatio: fan(0.02 + 0.001 * t, 0.002),
    defaults: fan(20 + t, 3),
    netLoss: fan(1e4, 2e3),
    delinquency: Object.fromEntries(Array.from({ length: buckets }, (_, k) => [`D${k + 1}`, fan(0.03 / (k + 1), 0.004)])),
    factors: { economy: fan(-0.1 * t, 0.5) },
    variables: { unemployment: fan(0.05 + 0.001 * t, 0.004) },
    balance: fan(1e7, 1e5),
    periodLossRate: fan(1e-3, 2e-4),
    lossRateToDate: fan(1e-3 * (t + 1), 2e-4),
  }));
}

export function variant(name: string, segments: Record<string, { el: number; es: number }>): VariantResult {
  const h = { edges: [0, 1, 2], counts: [3, 1] };
  return {
    name,
    book: book(),
    segments: Object.fromEntries(
      Object.entries(segments).map(([k, c]) => [
        k,
        {
          ...zeros(SEGMENT_METRIC_NAMES),
          accounts: summary(500, 500, 0),
          defaults: summary(5, 25),
          defaultRate: summary(0.01, 0.05),
          lossRate: summary(0.005, 0.03),
          netLoss: summary(5e4, 2.5e5),
          exposure: summary(1e6, 1e6, 0),
          lifetimeLoss: summary(0, 0, 0),
          income: summary(2e5, 1e4),
          profit: summary(1e5, 2e4),
          elContribution: c.el,
          esContribution: { "0.95": c.es * 0.9, "0.99": c.es, "0.999": c.es * 1.1 },
        },
      ]),
    ),
    periods: periods(24, 1),
    tranches: {},
    histograms: { defaultRate: h, lossRate: h, netLoss: h, profit: h },
    liquidity: { worstPeriod: 12, worstMonth: 12, fundingNeed99: 2e5, peakFundingNeed: summary(-1e5, 3e5) },
  };
}
