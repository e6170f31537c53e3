/**
 * `creditlab fit --macro` and `--series`: the macro link fitted per segment of a
 * performance file (its monthly miss counts beside the macro file's months), or to a rate
 * series; and the report of it. Pure: read files in, plain data and text out.
 */
import { periodLabel, type MacroSeries } from "../data/macroSeries.ts";
import { monthLabel } from "../data/performance.ts";
import { err, ok, type Result } from "../util/result.ts";
import type { Fit } from "./fitPerformance.ts";
import type { Ladder } from "./chain.ts";
import { fitPanelLink, fitSeriesLink, type LinkFit } from "./macroLink.ts";
import { termLabel, termReach, termValues, variableMeans, type Term } from "./linkTerms.ts";
import type { LinkedSegment } from "./linkScenario.ts";

/** The scenario format's default ladder (schema.ts `delinquency`), the one a series' segment runs with. */
export const DEFAULT_LADDER: Ladder = { miss: 0, roll: [0.4, 0.6], stay: [0, 0] };

/**
 * The link of each fitted segment: its months' current accounts and misses against the
 * terms' values in those months. `series` is monthly (spreadToMonths). A segment whose
 * months the macro file does not cover, with the terms' lags and changes, is an error line
 * naming the macro file; one with too few months or no miss is left unlinked with a note.
 */
export function fitPerformanceLink(fit: Fit, series: MacroSeries, terms: Term[], macroFile: string): Result<{ linked: LinkedSegment[]; notes: string[] }, string[]> {
  if (fit.monthFormat !== "yyyy-mm") {
    return err([`${macroFile}:1:month: the performance file's months are whole numbers, which no calendar month matches; allowed: a performance file with YYYY-MM months`]);
  }
  const reach = Math.max(0, ...terms.map((t) => termReach(t, 1)));
  const linked: LinkedSegment[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  for (const s of fit.segments) {
    const c = s.counts;
    const from = c.firstMonth - series.start[0];
    const x = termValues(series, terms, from, c.months);
    if (x === null) {
      const first = monthLabel(c.firstMonth - reach, "yyyy-mm");
      const last = monthLabel(c.firstMonth + c.months - 1, "yyyy-mm");
      problems.push(
        `${macroFile}:2:month: the file covers ${periodLabel(series.start[0], "month")}…${periodLabel(series.start[series.start.length - 1], "month")}, not segment ${JSON.stringify(s.name)}'s months; allowed: rows from ${first} (its first month${reach > 0 ? `, less the terms' ${reach} months of lag and change` : ""}) to ${last}`,
      );
      continue;
    }
    const events: number[] = [];
    const trials: number[] = [];
    for (const month of c.byMonth) {
      const row = month[0];
      trials.push(row.reduce((a, v) => a + v, 0));
      events.push(row.slice(1, c.buckets + 2).reduce((a, v) => a + v, 0));
    }
    const means = variableMeans(series);
    const design = { names: terms.map(termLabel), neutral: terms.map((t) => (t.change > 0 ? 0 : means[series.names.indexOf(t.variable)])), x };
    const link = fitPanelLink(design, events, trials);
    if (link === null) {
      notes.push(`segment ${JSON.stringify(s.name)}: the link is not fitted (fewer than 12 months with current accounts, or no miss); it keeps its correlation`);
      continue;
    }
    linked.push({ name: s.name, fit: link, ladder: s.ladder, pd: s.pd.value });
  }
  return problems.length > 0 ? err(problems) : ok({ linked, notes });
}

/** The link of a rate series: the rows from the first at which every term is defined. */
export function fitRateSeries(series: MacroSeries, terms: Term[], file: string): Result<{ fit: LinkFit; first: number }, string[]> {
  const reach = Math.max(0, ...terms.map((t) => termReach(t, series.periodMonths)));
  const rows = series.start.length - reach;
  const x = rows > 0 ? termValues(series, terms, reach, rows) : null;
  const allowed = `at least ${Math.max(8, terms.length + 4)} ${series.frequency}s after the first ${reach} the terms' lags and changes need`;
  if (x === null || series.rate === null) return err([`${file}:2:${series.frequency}: the file has ${series.start.length} rows; allowed: ${allowed}`]);
  const means = variableMeans(series);
  const design = { names: terms.map(termLabel), neutral: terms.map((t) => (t.change > 0 ? 0 : means[series.names.indexOf(t.variable)])), x };
  const fit = fitSeriesLink(design, Array.from(series.rate.subarray(reach)), series.periodMonths);
  if (fit === null) return err([`${file}:2:${series.frequency}: ${rows} usable rows are too few for ${terms.length} terms; allowed: ${allowed}`]);
  return ok({ fit, first: reach });
}

const r4 = (x: number) => Number(x.toPrecision(4)).toString();

/** The report's lines for one fitted link. */
export function linkLines(title: string, fit: LinkFit, unit: string): string[] {
  const lines = [
    `${title}: ${fit.observations} ${unit}; βs on the probit of the monthly probability, per unit of each variable, with 95% intervals`,
    `  residual ρ (monthly loading)  ${r4(fit.rho.value)}  [${r4(fit.rho.low)}, ${r4(fit.rho.high)}]  profile likelihood`,
    `  monthly rate, neutral economy ${r4(fit.hazard.value)}  [${r4(fit.hazard.low)}, ${r4(fit.hazard.high)}]`,
  ];
  if (fit.persistence > 0) lines.push(`  residual persistence (monthly) ${r4(fit.persistence)}`);
  const width = Math.max(...fit.betas.map((b) => b.name.length));
  for (const b of fit.betas) lines.push(`  β ${b.name.padEnd(width)}  ${r4(b.value)}  [${r4(b.low)}, ${r4(b.high)}]${b.neutral !== 0 ? `  (neutral ${r4(b.neutral)})` : ""}`);
  if (fit.note) lines.push(`  note: ${fit.note}`);
  return lines;
}

/** The report of a rate-series fit. */
export function seriesReport(fit: LinkFit, series: MacroSeries, first: number, file: string): string {
  const span = `${periodLabel(series.start[first], series.frequency)}…${periodLabel(series.start[series.start.length - 1], series.frequency)}`;
  return linkLines(`creditlab fit ${file} --series: the rate's link, ${span}`, fit, `${series.frequency}s`).join("\n") + "\n";
}
