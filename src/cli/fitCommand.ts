/**
 * `creditlab fit PERFORMANCE.csv [--macro MACRO.csv] [--out scenario.yaml] [--json]`: reads
 * the performance file as a stream, fits it (`src/fit/`), with --macro also the macro link of
 * each segment, prints the report, and writes the fitted scenario to --out, or after the
 * report on stdout with the report as `#` comments, so that stdout alone is a scenario.
 * `creditlab fit SERIES.csv --series`: the link of a rate series alone. Errors in a file:
 * one line each on stderr, exit 2.
 */
import { PerformanceReader } from "../data/performance.ts";
import { fitPerformance, skippedLine } from "../fit/fitPerformance.ts";
import { fitJson, fitReport } from "../fit/fitReport.ts";
import { fitScenarioText } from "../fit/fitScenario.ts";
import { formatScenarioError } from "../scenario/errors.ts";
import { parseScenario } from "../scenario/parse.ts";
import { complain, errorLines, EXIT, write } from "./io.ts";
import { checkOutputPath } from "./outputPath.ts";
import { STDIO, writeOutput } from "./writeOutput.ts";
import { streamCsvFile } from "./readCsvFile.ts";
import { readMacroSeries, spreadToMonths, type MacroSeries } from "../data/macroSeries.ts";
import { fitPerformanceLink, fitRateSeries, linkLines, seriesReport, DEFAULT_LADDER } from "../fit/fitLink.ts";
import { linkScenarioText } from "../fit/linkScenario.ts";
import { parseTerms } from "../fit/linkTerms.ts";
import type { Result } from "../util/result.ts";

export interface FitOptions {
  file: string;
  out?: string;
  json: boolean;
  macro?: string;
  series?: boolean;
  terms?: string;
}

/** Most bytes of a macro file or rate series: 16 MiB, far above 1,200 rows of 32 columns. */
const MAX_MACRO_BYTES = 16 * 2 ** 20;

/** Reads a macro file or rate series; its problems are printed here, and null returned with the exit code. */
async function readSeries(file: string, needRate: boolean): Promise<Result<MacroSeries, number>> {
  let text = "";
  const streamed = await streamCsvFile(file, { push: (c) => (text += c) }, MAX_MACRO_BYTES);
  if (!streamed.ok) {
    await complain(streamed.error.message);
    return { ok: false, error: streamed.error.exitCode };
  }
  const read = readMacroSeries(text, file, needRate);
  if (!read.ok) {
    await errorLines(read.error.lines);
    return { ok: false, error: EXIT.usage };
  }
  return read;
}

/** Writes the scenario and the report as `fit` does: --out, --json, or the report as comments before the scenario. */
async function deliver(options: FitOptions, scenario: string, report: string, json: () => unknown): Promise<number> {
  const check = parseScenario(scenario, options.out ?? "fitted scenario");
  if (!check.ok) throw new Error(`the fitted scenario does not validate: ${formatScenarioError(check.error[0])}`);
  if (options.out !== undefined) await writeOutput(options.out, scenario);
  if (options.json) {
    await write(process.stdout, JSON.stringify(json(), null, 2) + "\n");
    return EXIT.ok;
  }
  if (options.out === STDIO) await write(process.stderr, report + "\n");
  else if (options.out !== undefined) await write(process.stdout, report + `\nwrote ${options.out}\n`);
  else await write(process.stdout, report.replace(/^/gm, "# ").replace(/# $/gm, "#") + "\n" + scenario);
  return EXIT.ok;
}

/** `fit SERIES.csv --series`: the link of a rate series. */
async function fitSeriesCommand(options: FitOptions): Promise<number> {
  const read = await readSeries(options.file, true);
  if (!read.ok) return read.error;
  const series = read.value;
  const terms = parseTerms(options.terms, series, options.file);
  if (!terms.ok) {
    await complain(terms.error);
    return EXIT.usage;
  }
  const fitted = fitRateSeries(series, terms.value, options.file);
  if (!fitted.ok) {
    await errorLines(fitted.error);
    return EXIT.usage;
  }
  const { fit, first } = fitted.value;
  const scenario = linkScenarioText(null, [{ name: "book", fit, ladder: DEFAULT_LADDER }], series, terms.value, options.file);
  return deliver(options, scenario, seriesReport(fit, series, first, options.file), () => ({ link: fit, terms: terms.value, scenario }));
}

export async function fitCommand(options: FitOptions): Promise<number> {
  if (options.out !== undefined) {
    const unwritable = await checkOutputPath("--out", options.out);
    if (unwritable) {
      await complain(unwritable);
      return EXIT.usage;
    }
  }
  if (options.series) return fitSeriesCommand(options);
  let macro: MacroSeries | null = null;
  if (options.macro !== undefined) {
    const read = await readSeries(options.macro, false);
    if (!read.ok) return read.error;
    macro = read.value;
  }
  const terms = macro === null ? null : parseTerms(options.terms, macro, options.macro!);
  if (terms && !terms.ok) {
    await complain(terms.error);
    return EXIT.usage;
  }
  const reader = new PerformanceReader(options.file);
  const streamed = await streamCsvFile(options.file, reader);
  if (!streamed.ok) {
    await complain(streamed.error.message);
    return streamed.error.exitCode;
  }
  const read = reader.end();
  if (!read.ok) {
    await errorLines(read.error.lines);
    return EXIT.usage;
  }
  await errorLines(read.value.notes);
  const fit = fitPerformance(read.value.performance);
  if (fit.segments.length === 0) {
    await errorLines(fit.skipped.map((s) => skippedLine(options.file, s)));
    return EXIT.usage;
  }
  if (macro !== null && terms?.ok) {
    const monthly = spreadToMonths(macro);
    const linked = fitPerformanceLink(fit, monthly, terms.value, options.macro!);
    if (!linked.ok) {
      await errorLines(linked.error);
      return EXIT.usage;
    }
    const { linked: segments, notes } = linked.value;
    const scenario = linkScenarioText(fitScenarioText(fit, options.file), segments, monthly, terms.value, options.macro!);
    const report = [
      fitReport(fit, options.file).trimEnd(),
      ...segments.flatMap((s) => ["", ...linkLines(`macro link of segment ${s.name} (${options.macro})`, s.fit, "months")]),
      ...notes.map((n) => `note: ${n}`),
    ].join("\n") + "\n";
    return deliver(options, scenario, report, () => ({ ...(fitJson(fit, scenario) as object), link: segments.map((s) => ({ segment: s.name, ...s.fit })), terms: terms.value }));
  }
  const scenario = fitScenarioText(fit, options.file);
  const check = parseScenario(scenario, options.out ?? "fitted scenario");
  if (!check.ok) throw new Error(`the fitted scenario does not validate: ${formatScenarioError(check.error[0])}`);
  if (options.out !== undefined) {
    await writeOutput(options.out, scenario);
  }
  if (options.json) {
    await write(process.stdout, JSON.stringify(fitJson(fit, scenario), null, 2) + "\n");
    return EXIT.ok;
  }
  const report = fitReport(fit, options.file);
  if (options.out === STDIO) await write(process.stderr, report + "\n");
  else if (options.out !== undefined) await write(process.stdout, report + `\nwrote ${options.out}\n`);
  else await write(process.stdout, report.replace(/^/gm, "# ").replace(/# $/gm, "#") + "\n" + scenario);
  return EXIT.ok;
}
