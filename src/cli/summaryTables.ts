/**
 * The tables of a run's summary, one function a table, each returning lines of text:
 * a variant's book across paths, its tail risk, its segments, its NPL path, and the
 * paired differences between variants.
 */
import { METRICS, TABLE_METRICS, type MetricName, type MetricUnit } from "../engine/metrics.ts";
import type { BookResult, DifferenceKey, DifferenceResult, VariantResult } from "../result/resultFile.ts";
import { TAIL_LEVELS } from "../result/resultFile.ts";
import { insured, nonZero } from "../result/facts.ts";
import { count, money, percent, percentInWords, points, sparkline } from "./terminalNumbers.ts";
import { renderTable, type Column } from "./table.ts";

const INDENT = "  ";
type Format = (x: number) => string;

/** What the result file gives as null or leaves out (too few paths, no exposure) reads "n/a". */
const NA = "n/a";
const orNa = (x: number | null | undefined, format: Format) => (x === null || x === undefined ? NA : format(x));

/** "0.999" → "99.9%". */
const levelLabel = (level: string) => percentInWords(Number(level), 6);

/** How a figure of each unit reads in a table. */
const FORMATS: Record<MetricUnit, Format> = {
  currency: (x) => money(x),
  count,
  share: (x) => percent(x),
  sharePerYear: (x) => percent(x),
  currencyYears: (x) => money(x),
};
const format = (m: MetricName): Format => FORMATS[METRICS[m].unit];

/** A figure of metric `m` as the summary's tables show it (money, percentage or count). */
export const formatMetricValue = (m: MetricName, x: number): string => format(m)(x);

/**
 * The optional book rows (declared `when: "nonZero"`, src/engine/metrics.ts) that are
 * non-zero on some path of some variant: fees and costs a scenario may not charge, the loss
 * past the horizon of a book with nothing left on it. A run shows one set of rows for all
 * its variants.
 */
export function bookRowsShown(books: readonly BookResult[]): Set<string> {
  return new Set(TABLE_METRICS.filter((r) => r.when === "nonZero" && books.some((b) => nonZero(b[r.key]))).map((r) => r.key));
}

const QUANTILES = ["0.05", "0.5", "0.95", "0.99"] as const;

/**
 * Mean (± its standard error), sd and quantiles of each book quantity across paths. The
 * optional rows appear when named in `shown` (by default, those this book has).
 */
export function bookTable(book: BookResult, shown: ReadonlySet<string> = bookRowsShown([book])): string[] {
  const columns: Column[] = [
    { header: "", align: "left" },
    { header: "mean" },
    { header: "± se" },
    { header: "sd" },
    ...QUANTILES.map((q) => ({ header: levelLabel(q) })),
  ];
  const rows = TABLE_METRICS.filter((r) => r.when === "always" || (r.when === "nonZero" ? shown.has(r.key) : insured(book))).map(({ key }) => {
    const label = METRICS[key].short;
    const f = format(key);
    const s = book[key];
    if (!s) return [label, NA, NA, NA, ...QUANTILES.map(() => NA)];
    return [label, f(s.mean), orNa(s.stderr, f), f(s.sd), ...QUANTILES.map((q) => f(s.quantiles[q]))];
  });
  return renderTable(columns, rows, INDENT);
}

/**
 * VaR and ES of net loss at each tail level, each with its Monte Carlo standard error
 * ("n/a" with too few tail paths); with insurance, also of the loss the book keeps.
 */
export function tailTable(book: BookResult): string[] {
  const levels = TAIL_LEVELS.map(String);
  const columns: Column[] = [
    { header: "net loss", align: "left" },
    ...levels.map((l) => ({ header: levelLabel(l) })),
  ];
  const cell = (value: number, se: number | null | undefined) => `${money(value)} ± ${orNa(se, money)}`;
  const rows = [
    ["VaR", ...levels.map((l) => cell(book.var[l], book.varStderr[l]))],
    ["ES", ...levels.map((l) => cell(book.es[l], book.esStderr[l]))],
    ...(insured(book)
      ? [
          ["retained VaR", ...levels.map((l) => money(book.retainedVar[l]))],
          ["retained ES", ...levels.map((l) => money(book.retainedEs[l]))],
        ]
      : []),
  ];
  return renderTable(columns, rows, INDENT);
}

/**
 * Each segment's mean rates, its expected-loss contribution and its share of ES 99%, its
 * mean profit; with `lifetime`, also its mean loss past the horizon.
 */
export function segmentTable(variant: VariantResult, lifetime = false): string[] {
  const es99 = variant.book.es["0.99"];
  const columns: Column[] = [
    { header: "segment", align: "left" },
    { header: METRICS.accounts.short },
    { header: METRICS.defaultRate.short },
    { header: METRICS.lossRate.short },
    { header: "EL contrib." },
    { header: "ES99 contrib." },
    { header: "share of ES99" },
    { header: METRICS.profit.short },
    ...(lifetime ? [{ header: "lifetime loss" }] : []),
  ];
  const rows = Object.entries(variant.segments).map(([name, s]) => {
    const es = s.esContribution["0.99"];
    return [
      name,
      count(s.accounts.mean),
      percent(s.defaultRate.mean),
      orNa(s.lossRate?.mean, percent),
      money(s.elContribution),
      money(es),
      es99 > 0 ? percent(es / es99) : "-",
      // Absent in result files written before segments had it.
      orNa(s.profit?.mean, money),
      ...(lifetime ? [orNa(s.lifetimeLoss?.mean, money)] : []),
    ];
  });
  return renderTable(columns, rows, INDENT);
}

/**
 * The stress test's quarters (docs/model.md §8.5), shown when the periods are quarters: each
 * quarter's loss rate on its average balance (mean, and the 95th percentile across paths),
 * the cumulative rate to date, the quarter's average balance (the rate's base; the quarter-end
 * balance in a result file written before it existed); then the horizon's cumulative loss rate and
 * pre-provision net revenue. Nine rows at 27 months, DFAST's nine quarters.
 */
export function quarterTable(variant: VariantResult): string[] {
  const periods = variant.periods;
  // Absent in result files written before these columns existed.
  if (periods.length === 0 || periods[0].periodLossRate === undefined) return [];
  // The allowance build, when the run has provisioning: the provision charge less the write-offs it covers (docs/model.md §8.4).
  const build = periods.map((p) => allowanceBuild(p));
  const withBuild = build.every((b) => b !== undefined);
  const average = periods.every((p) => p.periodAverageBalance !== undefined);
  const columns: Column[] = [
    { header: "quarter", align: "left" },
    { header: "loss rate" },
    { header: "95th pct" },
    { header: "to date" },
    { header: "95th pct" },
    { header: average ? METRICS.periodAverageBalance.short : `${METRICS.balance.short} at end` },
    ...(withBuild ? [{ header: "allowance build" }] : []),
  ];
  const rows = periods.map((p, k) => [
    `Q${p.t}`,
    percent(p.periodLossRate.mean),
    percent(p.periodLossRate.p95),
    percent(p.lossRateToDate.mean),
    percent(p.lossRateToDate.p95),
    money(average ? p.periodAverageBalance.mean : p.balance.mean),
    ...(withBuild ? [money(build[k]!, true)] : []),
  ]);
  const book = variant.book;
  const total = book.cumulativeLossRate;
  const lines = [
    `${INDENT}Quarters: losses over average balances, not annualized (the stress-test convention)`,
    ...renderTable(columns, rows, INDENT),
    `${INDENT}${METRICS.cumulativeLossRate.short} over ${periods.length} quarters ${orNa(total?.mean, percent)} (95th pct ${orNa(total?.quantiles["0.95"], percent)}), ` +
      `${METRICS.ppnr.short} ${orNa(book.ppnr?.mean, money)}`,
  ];
  return lines;
}

/**
 * Hook for the provisioning metrics (`provisionCharge`, `writeOffs` per period, present only
 * when a scenario has provisioning): the mean allowance build of a period, Δallowance =
 * provisionCharge − writeOffs; undefined in a run without them.
 */
function allowanceBuild(p: VariantResult["periods"][number]): number | undefined {
  const fans = p as unknown as Record<string, { mean: number } | undefined>;
  const charge = fans.provisionCharge;
  const writeOffs = fans.writeOffs;
  return charge !== undefined && writeOffs !== undefined ? charge.mean - writeOffs.mean : undefined;
}

/** Each tranche's layer, mean loss, mean loss rate, ES 99% and chance of any loss. */
export function trancheTable(variant: VariantResult): string[] {
  const columns: Column[] = [
    { header: "tranche", align: "left" },
    { header: "layer" },
    { header: "mean loss" },
    { header: "loss rate" },
    { header: "ES99" },
    { header: "P(loss)" },
  ];
  const rows = Object.entries(variant.tranches).map(([name, t]) => [
    name,
    `${percent(t.attach)}-${percent(t.detach)}`,
    money(t.loss.mean),
    percent(t.lossRate.mean),
    money(t.es99),
    percent(t.probabilityOfLoss),
  ]);
  return renderTable(columns, rows, INDENT);
}

/**
 * Each note of the securitization: its original balance, mean interest and principal paid,
 * its chance of any loss, expected loss as a share of its balance, mean WAL in years, and
 * the band of the published structured-finance loss rates (result/ratingBands.ts).
 */
export function noteTable(variant: VariantResult): string[] {
  const columns: Column[] = [
    { header: "note", align: "left" },
    { header: "balance" },
    { header: "interest" },
    { header: "principal" },
    { header: "P(loss)" },
    { header: "exp. loss" },
    { header: "WAL (y)" },
    { header: "band", align: "left" },
  ];
  const rows = Object.entries(variant.notes ?? {}).map(([name, n]) => [
    name,
    money(n.size),
    money(n.interestPaid.mean),
    money(n.principalPaid.mean),
    percent(n.probabilityOfLoss),
    percent(n.expectedLoss),
    n.wal.mean.toFixed(2),
    n.rating,
  ]);
  return renderTable(columns, rows, INDENT);
}

/** Most characters of the NPL sparkline; longer horizons are sampled evenly. */
const SPARK_WIDTH = 60;

/** One line: the mean NPL ratio over the horizon as a sparkline, with start, peak and end. */
export function nplLine(variant: VariantResult): string[] {
  const periods = variant.periods;
  if (periods.length === 0) return [];
  return [meanLine(variant, "NPL ratio, mean", periods.map((p) => p.nplRatio.mean), percent)];
}

/** With provisioning, one line: the mean allowance at each period's end, its build and release. */
export function allowanceLine(variant: VariantResult): string[] {
  const periods = variant.periods;
  if (periods.length === 0 || periods[0].allowance === undefined) return [];
  return [meanLine(variant, "allowance, mean", periods.map((p) => p.allowance?.mean ?? 0), (x) => money(x))];
}

/**
 * The funding need (the cash the lender has put in since the start): its mean path, and
 * its worst period at 99% across paths (result file `liquidity`).
 */
export function liquidityLine(variant: VariantResult): string[] {
  const periods = variant.periods;
  if (periods.length === 0) return [];
  const { fundingNeed99, worstMonth } = variant.liquidity;
  return [
    meanLine(variant, "funding need, mean", periods.map((p) => p.fundingNeed.mean), (x) => money(x, true)),
    `${INDENT}funding need at 99%, worst month: ${money(fundingNeed99, true)} (month ${worstMonth})`,
  ];
}

function meanLine(variant: VariantResult, label: string, means: number[], format: Format): string {
  const periods = variant.periods;
  const step = Math.max(1, periods.length / SPARK_WIDTH);
  const shown = Array.from({ length: Math.min(periods.length, SPARK_WIDTH) }, (_, i) => means[Math.floor(i * step)]);
  let peak = 0;
  for (let i = 1; i < means.length; i++) if (means[i] > means[peak]) peak = i;
  const last = periods.length - 1;
  const at = (i: number) => `${format(means[i])} (month ${periods[i].month})`;
  return `${INDENT}${label}  ${sparkline(shown)}  start ${at(0)}, peak ${at(peak)}, end ${at(last)}`;
}

const DIFF_ROWS: readonly { label: string; key: DifferenceKey; format: Format }[] = [
  { label: METRICS.defaultRate.short, key: "defaultRate", format: points },
  { label: METRICS.netLoss.short, key: "netLoss", format: (x) => money(x, true) },
  { label: METRICS.profit.short, key: "profit", format: (x) => money(x, true) },
  { label: "lifetime loss", key: "lifetimeLoss", format: (x) => money(x, true) },
  { label: "net + lifetime loss", key: "lossWithLifetime", format: (x) => money(x, true) },
  { label: "peak funding need", key: "peakFundingNeed", format: (x) => money(x, true) },
];

/** The lifetime rows of the differences, shown when the run has a loss past the horizon. */
const LIFETIME_KEYS: readonly DifferenceKey[] = ["lifetimeLoss", "lossWithLifetime"];

/**
 * Paired differences (variant − first variant, path by path) with their 95% intervals;
 * with `lifetime`, also of the loss past the horizon and of net loss with it, so that a
 * policy that only delays defaults shows as one; and of the peak funding need when some
 * variant moves it.
 */
export function differencesTable(differences: readonly DifferenceResult[], lifetime = true): string[] {
  const columns: Column[] = [
    { header: "variant", align: "left" },
    { header: "", align: "left" },
    { header: "mean diff." },
    { header: "± se" },
    { header: "95% CI", align: "left" },
    { header: "CI excludes 0", align: "left" },
  ];
  // The peak funding need's row when some variant moves it (a run without cash flows moving apart has nothing to say there).
  const funding = differences.some((d) => d.peakFundingNeed !== undefined && d.peakFundingNeed.mean !== 0);
  const shown = DIFF_ROWS.filter((r) => (lifetime || !LIFETIME_KEYS.includes(r.key)) && (funding || r.key !== "peakFundingNeed"));
  const rows = differences.flatMap((d, i) => [
    ...(i > 0 ? (["gap"] as const) : []),
    ...shown.map(({ label, key, format }, j) => {
      const x = d[key];
      if (x.ci95 === null || x.stderr === null) return [j === 0 ? d.variant : "", label, format(x.mean), NA, NA, NA];
      const [lo, hi] = x.ci95;
      const excludes = lo > 0 || hi < 0;
      return [j === 0 ? d.variant : "", label, format(x.mean), format(x.stderr).replace(/^\+/, ""), `[${format(lo)}, ${format(hi)}]`, excludes ? "yes" : "no"];
    }),
  ]);
  return renderTable(columns, rows, INDENT);
}
