/**
 * `creditlab fit PERFORMANCE.csv [--out scenario.yaml] [--json]`: reads the performance
 * file as a stream, fits it (`src/fit/`), prints the report, and writes the fitted scenario
 * to --out, or after the report on stdout with the report as `#` comments, so that stdout
 * alone is a scenario. Errors in the file: one line each on stderr, exit 2.
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

export interface FitOptions {
  file: string;
  out?: string;
  json: boolean;
}

export async function fitCommand(options: FitOptions): Promise<number> {
  if (options.out !== undefined) {
    const unwritable = await checkOutputPath("--out", options.out);
    if (unwritable) {
      await complain(unwritable);
      return EXIT.usage;
    }
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
