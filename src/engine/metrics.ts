/**
 * Every output of a path, declared once (MODEL.md section 8, docs/model.md §8), as the
 * scenario's inputs are in src/scenario/schema.ts. The engine's index order, the rates and
 * profit recomputed from sums, the result file's summaries, the samples, the profit
 * waterfall, the command line's book table and the page's labels all read this.
 *
 * The order of the per-path metrics is the order of the numbers in a chunk's typed arrays
 * and in a chunk file, which a merge checks: a new metric goes at the end.
 */

/** What a metric counts or measures; a reader's unit and the format of its figures follow. */
export type MetricUnit =
  /** An amount of money over the horizon (or the period). */
  | "currency"
  /** Accounts or applicants. */
  | "count"
  /** A ratio of two metrics, shown as a percentage. */
  | "share"
  /** A ratio a year, shown as a percentage. */
  | "sharePerYear"
  /** A balance times years: the base of rates a year. */
  | "currencyYears";

/**
 * How a book's value comes from its segments' and a segment's from its months:
 * - "sum": summed (and a segment's is summed over its months by the engine);
 * - a ratio `of` over `over` (two per-path metrics), recomputed from the summed metrics; on a path whose base is
 *   empty the ratio is 0 and, with `without: "absent"`, the path is left out of the
 *   summary (and the key out of the result when no path has a base);
 * - "income": the sum of the metrics that enter profit with sign +1, in profit's order;
 * - "profit": income less the metrics that enter profit with sign −1, in profit's order;
 * - "engine": a per-period ratio the engine computes for the book from sums it does not
 *   report (the NPL balance over the balance).
 */
export type Aggregate = "sum" | "income" | "profit" | "engine" | { of: string; over: string; without: "zero" | "absent" };

/** Where a metric enters profit: its sign, and its step in profit's order (which is also the waterfall's). */
export interface ProfitEntry {
  sign: 1 | -1;
  step: number;
}

/** A row of the command line's book table: its place, and when it shows. */
export interface TableRow {
  row: number;
  /** "nonZero": when other than 0 on some path of some variant; "insured": when the book carries credit insurance. */
  when: "always" | "nonZero" | "insured";
}

export interface MetricSpec {
  /** A reader's name, sentence case, without its unit: "Net credit loss". */
  label: string;
  /** The name in plain-text tables, lower case: "net loss". */
  short: string;
  unit: MetricUnit;
  /** Reported for each path (book and segments), for each period, or both. */
  per: "path" | "period" | "both";
  aggregate: Aggregate;
  /** Present on a metric profit is made of. */
  profit?: ProfitEntry;
  /** Summarized for each segment too (SegmentResult), not only for the book. */
  segment?: true;
  /** Shown in the command line's book table. */
  table?: TableRow;
  /** One line: what it is, with its formula. */
  description: string;
}

const declare = <const T extends Record<string, MetricSpec>>(metrics: T): T => metrics;

/** The metrics, per-path ones in the order a chunk stores them. */
export const METRICS = declare({
  nplRatio: {
    label: "NPL ratio", short: "NPL ratio",
    unit: "share", per: "period", aggregate: "engine",
    description: "balance in the last delinquency bucket or in default over the balance of accounts not written off or closed",
  },
  accounts: {
    label: "Accounts", short: "accounts",
    unit: "count", per: "path", aggregate: "sum",
    segment: true, table: { row: 1, when: "always" },
    description: "accounts at the start (not those starting in default) plus booked applicants",
  },
  defaults: {
    label: "Defaults", short: "defaults",
    unit: "count", per: "both", aggregate: "sum",
    segment: true, table: { row: 2, when: "always" },
    description: "entries into default (or sales at default) within the horizon or the period",
  },
  defaultRate: {
    label: "Default rate", short: "default rate",
    unit: "share", per: "path", aggregate: { of: "defaults", over: "accounts", without: "zero" },
    segment: true, table: { row: 3, when: "always" },
    description: "defaults / accounts; 0 with no accounts",
  },
  exposure: {
    label: "Exposure", short: "exposure",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true,
    description: "Σ EAD at the start or at booking: B + CCF·max(0, L − B) revolving, B instalment",
  },
  netLoss: {
    label: "Net credit loss", short: "net loss",
    unit: "currency", per: "both", aggregate: "sum",
    segment: true, table: { row: 6, when: "always" },
    description: "Σ over defaults of EAD·LGD (or EAD·(1 − salePrice)), before credit insurance",
  },
  balance: {
    label: "Balance", short: "balance",
    unit: "currency", per: "period", aggregate: "sum",
    description: "month-end balance of the accounts not written off or closed",
  },
  lossRate: {
    label: "Loss rate", short: "loss rate",
    unit: "share", per: "path", aggregate: { of: "netLoss", over: "exposure", without: "absent" },
    segment: true, table: { row: 4, when: "always" },
    description: "netLoss / exposure; none on a path without exposure",
  },
  interestIncome: {
    label: "Interest income", short: "interest income",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: 1, step: 1 },
    description: "interest on balances (docs/model.md §5.3)",
  },
  feeIncome: {
    label: "Fees and penalty interest", short: "fees",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: 1, step: 2 },
    description: "late and over-limit fees and penalty interest (docs/model.md §5.3)",
  },
  income: {
    label: "Income", short: "income",
    unit: "currency", per: "path", aggregate: "income",
    segment: true, table: { row: 8, when: "always" },
    description: "the incomes that enter profit: interest + fees + merchant fees + plan fees",
  },
  collectionCost: {
    label: "Collection cost", short: "collection cost",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 6 },
    description: "Σ over months of costPerAccountMonth × accounts in arrears at month-end",
  },
  fundingCost: {
    label: "Funding cost", short: "funding cost",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 5 },
    description: "fundingRate × balanceYears",
  },
  profit: {
    label: "Profit", short: "profit",
    unit: "currency", per: "path", aggregate: "profit",
    segment: true, table: { row: 13, when: "always" },
    description: "income − fundingCost − collectionCost − retainedLoss − insurancePremium − operatingCost − acquisitionCost",
  },
  applicants: {
    label: "Applicants", short: "applicants",
    unit: "count", per: "path", aggregate: "sum",
    description: "applicants over the horizon: perMonth × months",
  },
  booked: {
    label: "Booked applicants", short: "booked",
    unit: "count", per: "path", aggregate: "sum",
    description: "approved applicants booked",
  },
  balanceYears: {
    label: "Balance-years", short: "balance-years",
    unit: "currencyYears", per: "path", aggregate: "sum",
    description: "Σ over months of the month-end balance of accounts not written off or closed / 12",
  },
  insuranceRecovery: {
    label: "Insurance recovery", short: "insurance recovery",
    unit: "currency", per: "path", aggregate: "sum",
    table: { row: 21, when: "insured" },
    description: "what the insurer pays: coverage × max(0, netLoss − deductible × exposure), shared among segments by loss",
  },
  insurancePremium: {
    label: "Insurance premium", short: "insurance premium",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 8 }, table: { row: 22, when: "insured" },
    description: "premium × balanceYears",
  },
  retainedLoss: {
    label: "Retained loss after insurance", short: "retained loss",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 7 }, table: { row: 23, when: "insured" },
    description: "the credit loss the book keeps: netLoss − insuranceRecovery",
  },
  chargeOffRate: {
    label: "Charge-off rate", short: "charge-off rate",
    unit: "sharePerYear", per: "path", aggregate: { of: "netLoss", over: "balanceYears", without: "absent" },
    segment: true, table: { row: 5, when: "always" },
    description: "netLoss / balanceYears: net loss a year over the average drawn balance",
  },
  merchantFeeIncome: {
    label: "Merchant fees", short: "merchant fees",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: 1, step: 3 }, table: { row: 9, when: "nonZero" },
    description: "interchange on purchases",
  },
  instalmentFeeIncome: {
    label: "Instalment plan fees", short: "instalment fees",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: 1, step: 4 }, table: { row: 10, when: "nonZero" },
    description: "fees of instalment plans, A·feeRate a month of each plan",
  },
  operatingCost: {
    label: "Operating cost", short: "operating cost",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 9 }, table: { row: 11, when: "nonZero" },
    description: "Σ over months of the accounts on the book at month-end × costs.perAccountMonth",
  },
  acquisitionCost: {
    label: "Acquisition cost", short: "acquisition cost",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 10 }, table: { row: 12, when: "nonZero" },
    description: "booked × costs.perBooked",
  },
  lifetimeLoss: {
    label: "Lifetime loss past the horizon", short: "lifetime loss past horizon",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true, table: { row: 7, when: "nonZero" },
    description: "expected loss past the horizon of the accounts still on the book; not part of netLoss",
  },
  averageBalance: {
    label: "Average balance", short: "average balance",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true,
    description: "the month-end balance of accounts not written off or closed, averaged over the horizon's months: balanceYears × 12 / horizonMonths",
  },
  cumulativeLossRate: {
    label: "Cumulative loss rate", short: "cumulative loss rate",
    unit: "share", per: "path", aggregate: { of: "netLoss", over: "averageBalance", without: "absent" },
    segment: true,
    description: "netLoss / averageBalance, not annualized: over 27 months, the nine-quarter loss rate of the Federal Reserve's stress test",
  },
  ppnr: {
    label: "Pre-provision net revenue", short: "PPNR",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true,
    description: "income − fundingCost − collectionCost − operatingCost − acquisitionCost: profit before credit losses and insurance",
  },
  periodLossRate: {
    label: "Loss rate in the period", short: "period loss rate",
    unit: "share", per: "period", aggregate: "engine",
    description: "the period's netLoss over its months' average month-end balance, not annualized (a quarter's with quarterly periods)",
  },
  lossRateToDate: {
    label: "Cumulative loss rate to date", short: "loss rate to date",
    unit: "share", per: "period", aggregate: "engine",
    description: "netLoss from month 1 to the period's end over the average month-end balance of those months",
  },
});

export type MetricName = keyof typeof METRICS;
type Spec<M extends MetricName> = (typeof METRICS)[M];

/** The metrics of each path, for the book and each segment, in the order a chunk stores them. */
export type PathMetricName = { [M in MetricName]: Spec<M>["per"] extends "period" ? never : M }[MetricName];
/** The metrics of each period, in the order of its columns. */
export type PeriodMetricName = { [M in MetricName]: Spec<M>["per"] extends "path" ? never : M }[MetricName];
/** The ratios whose summary leaves out the paths without a base, and is absent when no path has one. */
export type OptionalMetric = { [M in MetricName]: Spec<M>["aggregate"] extends { without: "absent" } ? M : never }[MetricName];
/** The metrics summarized for each segment. */
export type SegmentMetricName = { [M in MetricName]: Spec<M> extends { segment: true } ? M : never }[MetricName];
/** The metrics profit is made of. */
export type ProfitPart = { [M in MetricName]: Spec<M> extends { profit: ProfitEntry } ? M : never }[MetricName];

const names = Object.keys(METRICS) as MetricName[];
/** A metric's declaration, as the general shape (METRICS keeps each entry's literal type). */
export const metricSpec = (m: MetricName): MetricSpec => METRICS[m];
const spec = metricSpec;

export const PATH_METRIC_NAMES = names.filter((m) => spec(m).per !== "period") as PathMetricName[];
export const PERIOD_METRIC_NAMES = names.filter((m) => spec(m).per !== "path") as PeriodMetricName[];

/** A ratio metric's declaration: numerator, denominator, and what a path without a base gives. */
export interface Ratio {
  name: PathMetricName;
  of: PathMetricName;
  over: PathMetricName;
  without: "zero" | "absent";
}
const pathMetric = (m: string): PathMetricName => {
  if (!(PATH_METRIC_NAMES as string[]).includes(m)) throw new Error(`metrics: a ratio over ${m}, which is no per-path metric`);
  return m as PathMetricName;
};
export const RATIOS: readonly Ratio[] = PATH_METRIC_NAMES.flatMap((m) => {
  const a = spec(m).aggregate;
  return typeof a === "object" ? [{ name: m, of: pathMetric(a.of), over: pathMetric(a.over), without: a.without }] : [];
});

/** The parts of profit in profit's order, each with the sign it enters with: profit = Σ sign × part on every path. */
export const PROFIT_PARTS: readonly { key: ProfitPart; sign: 1 | -1 }[] = (names.filter((m) => spec(m).profit) as ProfitPart[])
  .sort((a, b) => spec(a).profit!.step - spec(b).profit!.step)
  .map((key) => ({ key, sign: spec(key).profit!.sign }));

/** The metrics summarized for each segment, in the declaration's order. */
export const SEGMENT_METRIC_NAMES = names.filter((m) => spec(m).segment) as SegmentMetricName[];

/** The rows of the command line's book table, in their order. */
export const TABLE_METRICS: readonly { key: PathMetricName; when: TableRow["when"] }[] = PATH_METRIC_NAMES.filter((m) => spec(m).table)
  .sort((a, b) => spec(a).table!.row - spec(b).table!.row)
  .map((key) => ({ key, when: spec(key).table!.when }));

/**
 * A metric's unit for a reader, as labels put it in parentheses: "currency units",
 * "% of exposure" (a ratio's base), "accounts".
 */
export function unitText(m: MetricName): string {
  const s = spec(m);
  const a = s.aggregate;
  switch (s.unit) {
    case "currency":
      return "currency units";
    case "count":
      return s.short;
    case "share":
      return typeof a === "object" ? `% of ${spec(pathMetric(a.over)).short}` : "%";
    case "sharePerYear":
      return typeof a === "object" ? `% of ${spec(pathMetric(a.over)).short} a year` : "% a year";
    case "currencyYears":
      return "currency units × years";
    default:
      return s.unit satisfies never;
  }
}

/** "Net credit loss (currency units)", "Loss rate (% of exposure)". */
export const labelWithUnit = (m: MetricName): string => `${spec(m).label} (${unitText(m)})`;
