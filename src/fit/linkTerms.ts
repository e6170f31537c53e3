/**
 * The terms of a macro link, as `--terms` writes them, and their values over a macro file.
 *
 * A term is a variable's level or change, lagged, the scenario's `link.terms[]` entry
 * (variable, lag, change; months): u_t = v(t − lag) − v(t − lag − change) for a change,
 * v(t − lag) − neutral for a level, the neutral value being the variable's mean over the
 * whole macro file (the scenario writes that mean as the variable's `mean`, the engine's
 * neutral value). `--terms` lists them with commas: `unemployment` (a level), and
 * `unemployment:lag3:change12` (the 12-month change, 3 months back). Without `--terms`,
 * every column of the macro file is one level term.
 */
import type { MacroSeries } from "../data/macroSeries.ts";
import { err, ok, type Result } from "../util/result.ts";

export interface Term {
  variable: string;
  /** Months back. */
  lag: number;
  /** Months of the change, 0 for the level. */
  change: number;
}

/** How a term is named in a report: `unemployment`, `unemployment (change 12, lag 3)`. */
export function termLabel(t: Term): string {
  const parts = [...(t.change > 0 ? [`change ${t.change}`] : []), ...(t.lag > 0 ? [`lag ${t.lag}`] : [])];
  return parts.length > 0 ? `${t.variable} (${parts.join(", ")})` : t.variable;
}

const TERM = /^([^:]+?)((?::(?:lag|change)\d{1,3})*)$/;

/** Parses `--terms`; the variables must be columns of the file, lags and changes whole periods of it. */
export function parseTerms(spec: string | undefined, series: MacroSeries, file: string): Result<Term[], string> {
  if (spec === undefined) return ok(series.names.map((variable) => ({ variable, lag: 0, change: 0 })));
  const terms: Term[] = [];
  const allowed = `terms separated by commas, each a column of ${file} (${series.names.join(", ")}) with optional :lagN and :changeN in months, multiples of ${series.periodMonths}`;
  for (const raw of spec.split(",")) {
    const text = raw.trim();
    const m = TERM.exec(text);
    if (!m) return err(`--terms: ${JSON.stringify(text)} is not a term; allowed: ${allowed}`);
    const variable = m[1].trim();
    if (!series.names.includes(variable)) return err(`--terms: ${JSON.stringify(variable)} is not a column of ${file}; allowed: ${allowed}`);
    const lag = Number(/:lag(\d+)/.exec(m[2])?.[1] ?? 0);
    const change = Number(/:change(\d+)/.exec(m[2])?.[1] ?? 0);
    if (lag % series.periodMonths !== 0 || change % series.periodMonths !== 0) {
      return err(`--terms: ${JSON.stringify(text)} does not lag or change by whole ${series.frequency}s; allowed: ${allowed}`);
    }
    terms.push({ variable, lag, change });
  }
  if (terms.length === 0) return err(`--terms is empty; allowed: ${allowed}`);
  return ok(terms);
}

/** Each variable's mean over the file: the neutral value of its level terms. */
export function variableMeans(series: MacroSeries): number[] {
  return series.values.map((v) => v.reduce((s, x) => s + x, 0) / v.length);
}

/** Months (or periods) of history a term needs before the first one it is read at. */
export const termReach = (t: Term, periodMonths: number): number => (t.lag + t.change) / periodMonths;

/**
 * The terms' values at periods `from`…`from + count − 1` of the file's own rows (period
 * index, 0 = the file's first row): x̃[t][j]. Null when a term reaches before the file's first row or past its last.
 */
export function termValues(series: MacroSeries, terms: Term[], from: number, count: number): number[][] | null {
  const means = variableMeans(series);
  const k = series.periodMonths;
  const rows = series.start.length;
  const out: number[][] = [];
  for (let t = from; t < from + count; t++) {
    const row: number[] = [];
    for (const term of terms) {
      const v = series.values[series.names.indexOf(term.variable)];
      const at = t - term.lag / k;
      const back = at - term.change / k;
      if (back < 0 || at >= rows) return null;
      row.push(term.change > 0 ? v[at] - v[back] : v[at] - means[series.names.indexOf(term.variable)]);
    }
    out.push(row);
  }
  return out;
}

/**
 * The variables as the scenario's economy: each variable's mean, sd (its `sensitivity`,
 * negative so that a factor below 0 is a high value: a bad economy for unemployment, a good
 * one for house prices; the correlations carry the sign), its factor's monthly persistence
 * (the lag-one autocorrelation of the file's rows, to the power 1/periodMonths for a
 * quarterly file), and the factors' correlations (of the variables' levels: exact for
 * factors of equal persistence, an approximation of the innovations' otherwise).
 */
export function macroEconomy(series: MacroSeries): { mean: number; sd: number; persistence: number }[] & { correlation: number[][] } {
  const means = variableMeans(series);
  const n = series.start.length;
  const sds = series.values.map((v, j) => Math.sqrt(v.reduce((s, x) => s + (x - means[j]) ** 2, 0) / Math.max(1, n - 1)));
  const stats = series.values.map((v, j) => {
    let c0 = 0;
    let c1 = 0;
    for (let t = 0; t < n; t++) {
      c0 += (v[t] - means[j]) ** 2;
      if (t > 0) c1 += (v[t] - means[j]) * (v[t - 1] - means[j]);
    }
    const r = c0 > 0 ? Math.max(0, c1 / c0) : 0;
    return { mean: means[j], sd: sds[j], persistence: Math.min(0.995, Math.pow(r, 1 / series.periodMonths)) };
  });
  const correlation = series.values.map((a, i) =>
    series.values.map((b, j) => {
      if (i === j) return 1;
      let c = 0;
      for (let t = 0; t < n; t++) c += (a[t] - means[i]) * (b[t] - means[j]);
      return sds[i] > 0 && sds[j] > 0 ? c / ((n - 1) * sds[i] * sds[j]) : 0;
    }),
  );
  return Object.assign(stats, { correlation });
}
