/**
 * A fit as the notebook shows it: the scenario text, the report, and per segment the
 * back-test's monthly default rates (observed, fitted, band) as plain arrays, ready to cross
 * a worker boundary. `fitText` reads a performance file's text, or its chunks, and fits it.
 */
import { monthLabel, PerformanceReader } from "../data/performance.ts";
import { fitPerformance, skippedLine } from "./fitPerformance.ts";
import { fitReport } from "./fitReport.ts";
import { fitScenarioText } from "./fitScenario.ts";

export interface BacktestSeries {
  segment: string;
  months: string[];
  observed: number[];
  fitted: number[];
  low: number[];
  high: number[];
  chi2: number;
  df: number;
  pValue: number;
  outside: number;
}

export type FitView =
  | { kind: "fitted"; scenario: string; report: string; notes: string[]; backtests: BacktestSeries[] }
  | { kind: "errors"; lines: string[] };

/** What the fit worker offers the page (workers/fit.worker.ts; src/ui/fit/fitClient.ts starts it). */
export interface FitWorkerApi {
  /** Reads and fits a performance file, streamed in the worker. */
  fit(file: File): Promise<FitView>;
}

/** Fits the performance file whose text arrives in `chunks`; `file` names it in messages. */
export async function fitChunks(chunks: AsyncIterable<string> | Iterable<string>, file: string): Promise<FitView> {
  const reader = new PerformanceReader(file);
  let first = true;
  for await (const chunk of chunks) {
    reader.push(first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk);
    first = false;
  }
  const read = reader.end();
  if (!read.ok) return { kind: "errors", lines: read.error.lines };
  const fit = fitPerformance(read.value.performance);
  if (fit.segments.length === 0) return { kind: "errors", lines: fit.skipped.map((s) => skippedLine(file, s)) };
  return {
    kind: "fitted",
    scenario: fitScenarioText(fit, file),
    report: fitReport(fit, file),
    notes: [...read.value.notes, ...fit.skipped.map((s) => skippedLine(file, s))],
    backtests: fit.segments.map((s) => {
      const ms = s.backtest.months;
      return {
        segment: s.name,
        months: ms.map((m) => monthLabel(m.month, fit.monthFormat)),
        observed: ms.map((m) => m.defaults.observed),
        fitted: ms.map((m) => m.defaults.fitted),
        low: ms.map((m) => m.defaults.low),
        high: ms.map((m) => m.defaults.high),
        chi2: s.backtest.chi2,
        df: s.backtest.df,
        pValue: s.backtest.pValue,
        outside: s.backtest.outside.filter((o) => o.what === "default rate").length,
      };
    }),
  };
}
