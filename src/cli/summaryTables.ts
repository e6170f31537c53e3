/**
 * The tables of a run's summary, one function a table, each returning lines of text:
 * a variant's book across paths, its tail risk, its segments, its NPL path, and the
 * paired differences between variants.
 */
import type { BookResult, DifferenceKey, DifferenceResult, Summary, VariantResult } from "../result/resultFile.ts";
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

interface BookRow {
  label: string;
  key: keyof BookResult & string;
  format: Format;
  /** Shown only when the run has it (see bookTable's `shown`); otherwise always. */
  optional?: true;
}

/**
 * The rows of the book table in order. The optional ones are quantities a scenario may not
 * have: fees and costs it does not charge, and the loss past the horizon of a book with
 * nothing left on it.
 */
const BOOK_ROWS: readonly BookRow[] = [
  { label: "accounts", key: "accounts", format: count },
  { label: "defaults", key: "defaults", format: count },
  { label: "default rate", key: "defaultRate", format: (x) => percent(x) },
  { label: "loss rate", key: "lossRate", format: (x) => percent(x) },
  { label: "charge-off rate", key: "chargeOffRate", format: (x) => percent(x) },
  { label: "net loss", key: "netLoss", format: (x) => money(x) },
  { label: "lifetime loss past horizon", key: "lifetimeLoss", format: (x) => money(x), optional: true },
  { label: "income", key: "income", format: (x) => money(x) },
  { label: "merchant fees", key: "merchantFeeIncome", format: (x) => money(x), optional: true },
  { label: "instalment fees", key: "instalmentFeeIncome", format: (x) => money(x), optional: true },
  { label: "operating cost", key: "operatingCost", format: (x) => money(x), optional: true },
  { label: "acquisition cost", key: "acquisitionCost", format: (x) => money(x), optional: true },
  { label: "profit", key: "profit", format: (x) => money(x) },
];

/** The optional book rows that are non-zero on some path of some variant: a run shows one set of rows for all its variants. */
export function bookRowsShown(books: readonly BookResult[]): Set<string> {
  return new Set(BOOK_ROWS.filter((r) => r.optional && books.some((b) => nonZero(b[r.key] as Summary | undefined))).map((r) => r.key));
}

const INSURANCE_ROWS: readonly BookRow[] = [
  { label: "insurance recovery", key: "insuranceRecovery", format: (x) => money(x) },
  { label: "insurance premium", key: "insurancePremium", format: (x) => money(x) },
  { label: "retained loss", key: "retainedLoss", format: (x) => money(x) },
];


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
  const rows = [...BOOK_ROWS.filter((r) => !r.optional || shown.has(r.key)), ...(insured(book) ? INSURANCE_ROWS : [])].map(({ label, key, format }) => {
    const s = book[key] as Summary | undefined;
    if (!s) return [label, NA, NA, NA, ...QUANTILES.map(() => NA)];
    return [label, format(s.mean), orNa(s.stderr, format), format(s.sd), ...QUANTILES.map((q) => format(s.quantiles[q]))];
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
    { header: "accounts" },
    { header: "default rate" },
    { header: "loss rate" },
    { header: "EL contrib." },
    { header: "ES99 contrib." },
    { header: "share of ES99" },
    { header: "profit" },
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

/** Most characters of the NPL sparkline; longer horizons are sampled evenly. */
const SPARK_WIDTH = 60;

/** One line: the mean NPL ratio over the horizon as a sparkline, with start, peak and end. */
export function nplLine(variant: VariantResult): string[] {
  const periods = variant.periods;
  if (periods.length === 0) return [];
  const means = periods.map((p) => p.nplRatio.mean);
  const step = Math.max(1, periods.length / SPARK_WIDTH);
  const shown = Array.from({ length: Math.min(periods.length, SPARK_WIDTH) }, (_, i) => means[Math.floor(i * step)]);
  let peak = 0;
  for (let i = 1; i < means.length; i++) if (means[i] > means[peak]) peak = i;
  const last = periods.length - 1;
  const at = (i: number) => `${percent(means[i])} (month ${periods[i].month})`;
  return [`${INDENT}NPL ratio, mean  ${sparkline(shown)}  start ${at(0)}, peak ${at(peak)}, end ${at(last)}`];
}

const DIFF_ROWS: readonly { label: string; key: DifferenceKey; format: Format }[] = [
  { label: "default rate", key: "defaultRate", format: points },
  { label: "net loss", key: "netLoss", format: (x) => money(x, true) },
  { label: "profit", key: "profit", format: (x) => money(x, true) },
  { label: "lifetime loss", key: "lifetimeLoss", format: (x) => money(x, true) },
  { label: "net + lifetime loss", key: "lossWithLifetime", format: (x) => money(x, true) },
];

/** The lifetime rows of the differences, shown when the run has a loss past the horizon. */
const LIFETIME_KEYS: readonly DifferenceKey[] = ["lifetimeLoss", "lossWithLifetime"];

/**
 * Paired differences (variant − first variant, path by path) with their 95% intervals;
 * with `lifetime`, also of the loss past the horizon and of net loss with it, so that a
 * policy that only delays defaults shows as one.
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
  const rows = differences.flatMap((d, i) => [
    ...(i > 0 ? (["gap"] as const) : []),
    ...DIFF_ROWS.filter((r) => lifetime || !LIFETIME_KEYS.includes(r.key)).map(({ label, key, format }, j) => {
      const x = d[key];
      if (x.ci95 === null || x.stderr === null) return [j === 0 ? d.variant : "", label, format(x.mean), NA, NA, NA];
      const [lo, hi] = x.ci95;
      const excludes = lo > 0 || hi < 0;
      return [j === 0 ? d.variant : "", label, format(x.mean), format(x.stderr).replace(/^\+/, ""), `[${format(lo)}, ${format(hi)}]`, excludes ? "yes" : "no"];
    }),
  ]);
  return renderTable(columns, rows, INDENT);
}
