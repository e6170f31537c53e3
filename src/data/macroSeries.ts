/**
 * Macro files (`creditlab fit … --macro MACRO.csv`) and rate series (`creditlab fit
 * --series SERIES.csv`): one row a period, a period column and named numeric columns.
 * - The period column is `month` (YYYY-MM) or `quarter` (YYYY-Qn), one form a file; rows
 *   ascend one period at a time, without gaps, so that a row's lag is the row above it.
 * - Every other column is a variable named as a scenario names one (letters, digits, space,
 *   `_ . -`); a field is a plain number, never empty: a missing value is not guessed.
 * - A rate series also has `rate` (a fraction in (0, 1)) or `ratePercent` (a percentage in
 *   (0, 100), as FRED publishes charge-off rates): the default or charge-off rate of the
 *   period, annualized.
 * Comment lines (`# …`) may come before the header: where the figures come from.
 *
 * A quarterly file used beside monthly performance is spread to months by `spreadToMonths`: each
 * month of a quarter takes the quarter's value (a quarterly average stands for each of its
 * months; no interpolation is invented). Errors: `FILE:ROW:COLUMN: what; allowed: …`, the
 * header being row 1 (csvProblems.ts).
 */
import { CsvProblems, parseNumber, shown } from "./csvProblems.ts";
import { CsvRecords, isBlank, isComment } from "./csvRows.ts";
import { err, ok, type Result } from "../util/result.ts";
import { NAME_ALLOWED, NAME_MAX, NAME_PATTERN } from "../scenario/schema.ts";

export type Frequency = "month" | "quarter";

export interface MacroSeries {
  frequency: Frequency;
  /** Months a period spans: 1 or 3. */
  periodMonths: number;
  /** The first month (year·12 + month − 1) of each row's period, ascending one period at a time. */
  start: number[];
  /** Variable names in file order, and each one's values by row. */
  names: string[];
  values: Float64Array[];
  /** The period's rate as a fraction (from `rate`, or `ratePercent` / 100), or null without such a column. */
  rate: Float64Array | null;
  /** The file row (1-based, header row 1 after any comments) of each data row. */
  rows: number[];
}

export interface MacroFailure {
  lines: string[];
  count: number;
}

/** Most rows a macro file may have: 1,200 months, a hundred years. */
export const MAX_MACRO_ROWS = 1200;
/** Most variables a macro file may have. */
export const MAX_MACRO_VARIABLES = 32;

const YEAR_MONTH = /^\s*(\d{4})-(\d{2})\s*$/;
const YEAR_QUARTER = /^\s*(\d{4})-Q([1-4])\s*$/;
const RATE_COLUMNS = ["rate", "ratePercent"] as const;

/** A month number as YYYY-MM, or YYYY-Qn for the first month of a quarter. */
export function periodLabel(month: number, frequency: Frequency): string {
  const year = Math.floor(month / 12);
  const m = month - year * 12;
  return frequency === "quarter" ? `${year}-Q${Math.floor(m / 3) + 1}` : `${year}-${String(m + 1).padStart(2, "0")}`;
}

/** Reads a macro file or rate series given as text; `needRate` says which of the two it must be. */
export function readMacroSeries(text: string, file: string, needRate: boolean): Result<MacroSeries, MacroFailure> {
  const p = new CsvProblems(file);
  let header: string[] | null = null;
  let periodColumn = -1;
  let frequency = "month" as Frequency;
  let rateColumn = -1;
  let percent = false;
  const variableColumns: number[] = [];
  const names: string[] = [];
  const values: number[][] = [];
  const rates: number[] = [];
  const start: number[] = [];
  const rows: number[] = [];
  let broken = false;
  const records = new CsvRecords((fields, row) => {
    if (header === null) {
      if (isComment(fields)) return;
      header = fields.map((f) => f.trim());
      const before = p.count;
      const seen = new Set<string>();
      header.forEach((name, i) => {
        if (seen.has(name)) p.add(1, name, "the column is named twice", "each column once");
        seen.add(name);
        if (name === "month" || name === "quarter") {
          if (periodColumn >= 0) p.add(1, name, "the file has a month and a quarter column", "one period column: month (YYYY-MM) or quarter (YYYY-Qn)");
          periodColumn = i;
          frequency = name;
        } else if ((RATE_COLUMNS as readonly string[]).includes(name)) {
          if (rateColumn >= 0) p.add(1, name, "the file has both rate and ratePercent", "one rate column");
          rateColumn = i;
          percent = name === "ratePercent";
        } else if (name === "" || name.length > NAME_MAX || !NAME_PATTERN.test(name)) {
          p.add(1, name === "" ? `#${i + 1}` : name, `${shown(name)} cannot name a variable`, NAME_ALLOWED);
        } else {
          variableColumns.push(i);
          names.push(name);
          values.push([]);
        }
      });
      if (periodColumn < 0) p.add(1, "month", "the period column is missing", "a column month (YYYY-MM) or quarter (YYYY-Qn)");
      if (needRate && rateColumn < 0) p.add(1, "rate", "the rate column is missing", "rate (a fraction, e.g. 0.042) or ratePercent (a percentage, e.g. 4.2)");
      if (!needRate && rateColumn >= 0) p.add(1, header[rateColumn], "a macro file holds no rate", "the period column and macro variables; a rate series goes to --series");
      if (variableColumns.length === 0) p.add(1, "-", "the file names no macro variable", "one or more columns of numbers besides the period");
      if (variableColumns.length > MAX_MACRO_VARIABLES) p.add(1, names[MAX_MACRO_VARIABLES], `more than ${MAX_MACRO_VARIABLES} variables`, `at most ${MAX_MACRO_VARIABLES}`);
      broken = p.count > before;
      return;
    }
    if (broken || isBlank(fields)) return;
    const h = header;
    if (fields.length !== h.length) {
      const column = fields.length > h.length ? `#${h.length + 1}` : h[fields.length] || `#${fields.length + 1}`;
      p.add(row, column, `the row has ${fields.length} fields, the header ${h.length}`, "one field per header column (quote a field that holds a comma)");
      return;
    }
    if (start.length === MAX_MACRO_ROWS) {
      p.add(row, "-", `the file has more than ${MAX_MACRO_ROWS} rows`, `at most ${MAX_MACRO_ROWS} periods`);
      broken = true;
      return;
    }
    const month = period(fields[periodColumn], h[periodColumn] as Frequency, row, p);
    if (month !== null && start.length > 0) {
      const expected = start[start.length - 1] + (frequency === "quarter" ? 3 : 1);
      if (month !== expected) {
        p.add(row, h[periodColumn], `${shown(fields[periodColumn])} does not follow ${periodLabel(start[start.length - 1], frequency)}`, `the next ${frequency}, ${periodLabel(expected, frequency)}: rows ascend one ${frequency} at a time, without gaps`);
      }
    }
    variableColumns.forEach((c, k) => {
      const v = parseNumber(fields[c]);
      if (!Number.isFinite(v)) p.add(row, h[c], fields[c].trim() === "" ? "is empty" : `${shown(fields[c])} is not a number`, "a plain number (a missing value is not filled in: leave the period out of the file)");
      values[k].push(v);
    });
    if (rateColumn >= 0) {
      const raw = parseNumber(fields[rateColumn]);
      const r = percent ? raw / 100 : raw;
      if (!(r > 0 && r < 1)) p.add(row, h[rateColumn], `${shown(fields[rateColumn])} is not a rate`, percent ? "a percentage above 0 and below 100" : "a fraction above 0 and below 1");
      rates.push(r);
    }
    start.push(month ?? NaN);
    rows.push(row);
  });
  records.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  records.end();
  const quote = records.unclosedQuoteRow;
  if (quote > 0) p.add(quote, "-", "a quoted field is never closed", "a closing quote; a quote inside a field is written twice");
  if (header === null) p.add(1, "-", "the file is empty", "a header row naming the columns, then one row a period");
  else if (!broken && start.length === 0 && p.count === 0) p.add(2, "-", "the file has no rows", "one row a period");
  if (p.count > 0) return err({ lines: p.report(), count: p.count });
  return ok({
    frequency,
    periodMonths: frequency === "quarter" ? 3 : 1,
    start,
    names,
    values: values.map((v) => Float64Array.from(v)),
    rate: rateColumn >= 0 ? Float64Array.from(rates) : null,
    rows,
  });
}

function period(text: string, frequency: Frequency, row: number, p: CsvProblems): number | null {
  if (frequency === "quarter") {
    const q = YEAR_QUARTER.exec(text);
    if (q) return Number(q[1]) * 12 + (Number(q[2]) - 1) * 3;
    p.add(row, "quarter", `${shown(text)} is not a quarter`, "YYYY-Qn, e.g. 2008-Q3");
    return null;
  }
  const m = YEAR_MONTH.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return Number(m[1]) * 12 + Number(m[2]) - 1;
  p.add(row, "month", `${shown(text)} is not a month`, "YYYY-MM, e.g. 2008-09");
  return null;
}

/**
 * A quarterly file as months: each month of a quarter takes the quarter's value (a step, not
 * an interpolation: a quarterly average stands for each of its months). A monthly file as it is.
 */
export function spreadToMonths(series: MacroSeries): MacroSeries {
  const k = series.periodMonths;
  if (k === 1) return series;
  const n = series.start.length * k;
  return {
    ...series,
    frequency: "month",
    periodMonths: 1,
    start: Array.from({ length: n }, (_, t) => series.start[0] + t),
    values: series.values.map((v) => Float64Array.from({ length: n }, (_, t) => v[Math.floor(t / k)])),
    rate: series.rate === null ? null : Float64Array.from({ length: n }, (_, t) => series.rate![Math.floor(t / k)]),
    rows: Array.from({ length: n }, (_, t) => series.rows[Math.floor(t / k)]),
  };
}
