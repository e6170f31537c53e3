/**
 * `creditlab reverse FILE --vary KEY --metric NAME [--quantile Q] --reach VALUE [--json]`:
 * the value of a scenario key at which a book metric's mean (or its quantile Q) reaches a
 * level, found on common random numbers (src/run/reverse.ts), with a 95% interval from the
 * paths. Every evaluation is a run of the same paths with the key set as `--set` sets it.
 */
import type { ReverseOptions as ReverseFlags } from "./args.ts";
import { complain, errorLines, EXIT, write } from "./io.ts";
import { inputLabel, readScenarioFile, reportReadFailure } from "./readScenarioFile.ts";
import { parseWithTapes } from "./readTapes.ts";
import { chooseSource, placeErrors, scenarioSources } from "./scenarioSources.ts";
import { startRun } from "./startRun.ts";
import { keptNodeRuns } from "../run/node.ts";
import { withSettings, type Setting } from "./settings.ts";
import { selectVariant } from "./variants.ts";
import { formatScenarioError } from "../scenario/errors.ts";
import { applyOverrides } from "../scenario/parse.ts";
import { keyValue } from "../scenario/setKeys.ts";
import { loadYaml } from "../scenario/loadYaml.ts";
import { reverseStress, type Reading, type ReverseAnswer } from "../run/reverse.ts";
import { readStatistic, type Statistic } from "../stats/statistic.ts";
import { err, ok, type Result } from "../util/result.ts";
import { grouped } from "./terminalNumbers.ts";

export async function reverseCommand(options: ReverseFlags): Promise<number> {
  const text = await readScenarioFile(options.file);
  if (!text.ok) return reportReadFailure(text.error);
  const sources = scenarioSources(text.value, inputLabel(options.file));
  const chosen = sources.ok ? chooseSource(sources.value, options.cell) : sources;
  if (!chosen.ok) {
    await complain(chosen.error);
    return EXIT.usage;
  }
  const reach = options.tapesAnywhere ? "anywhere" : "folder";
  // The file as written (with the other --set keys) must be a valid scenario first: its
  // errors are placed in the file, and the key's own value is the search's start.
  const first = await withSettings(chosen.value, options.file, options.set, reach);
  if (!first.ok) {
    await errorLines(first.error.lines);
    return first.error.exitCode;
  }
  const { source, read } = first.value;
  if (!read.parsed.ok) {
    await errorLines(placeErrors(read.parsed.error, source).map(formatScenarioError));
    return EXIT.usage;
  }
  const variantName = options.variant ?? "base";
  const selected = selectVariant(applyOverrides(read.parsed.value, options), options.variant);
  if (!selected.ok) {
    await complain(selected.error);
    return EXIT.usage;
  }
  const start = startValue(source.text, source.file, selected.value.variants[0].scenario, options.vary);
  if (!start.ok && options.between === undefined) {
    await complain(`--vary ${options.vary}: ${start.error}`);
    return EXIT.usage;
  }
  const stat: Statistic = options.quantile === undefined ? { kind: "mean" } : { kind: "quantile", level: options.quantile };
  let failure: string | null = null;
  const runs = keptNodeRuns();
  const evaluate = async (value: number): Promise<Result<Reading, string>> => {
    const settings: Setting[] = [...options.set, { raw: `${options.vary}=${value}`, key: options.vary, value }];
    const set = await withSettings(chosen.value, options.file, settings, reach);
    // A value the key does not allow is the edge of the search, not a failure.
    if (!set.ok) return err(set.error.lines.join("; ").replace(/^creditlab: /, ""));
    const parsed = set.value.read.parsed;
    if (!parsed.ok) return err(parsed.error.map((e) => `${e.path}: ${e.message}`).join("; "));
    const handle = startRun(
      { text: set.value.source.text, file: set.value.source.file, parsed: parsed.value, paths: options.paths, seed: options.seed, workers: options.workers, samples: true, tapes: set.value.read.tapes, tapeDigests: set.value.read.digests },
      options.variant,
      {},
      runs.run,
    );
    const outcome = await handle.outcome;
    if (outcome.kind !== "done") {
      failure = outcome.kind === "failed" ? outcome.message : outcome.kind === "invalid" ? outcome.errors.map((e) => e.message).join("; ") : "cancelled";
      return err(failure);
    }
    const variant = outcome.result.variants.find((v) => v.name === variantName)!;
    const column = variant.samples!.book[options.metric];
    const values = Float64Array.from(column.filter((x): x is number => x !== null));
    const reading = readStatistic(values, stat);
    if (!reading.ok) failure = `${options.metric} at ${options.vary} = ${value}: ${reading.error}`;
    if (options.progress) {
      await write(process.stderr, `creditlab: ${options.vary} = ${value}: ${reading.ok ? reading.value.statistic : reading.error}\n`);
    }
    return reading;
  };
  const solved = await reverseStress({ evaluate, reach: options.reach, start: start.ok ? start.value : undefined, between: options.between }).finally(() => runs.close());
  if (failure !== null && !solved.ok) {
    await complain(failure);
    return EXIT.failed;
  }
  if (!solved.ok) {
    await complain(`reverse ${options.vary}: ${solved.error}`);
    return EXIT.failed;
  }
  const paths = options.paths ?? selected.value.variants[0].scenario.simulation.paths;
  const answer = reverseJson(options, stat, solved.value, paths);
  await write(process.stdout, options.json ? JSON.stringify(answer, null, 2) + "\n" : reverseText(options, stat, solved.value, paths));
  return EXIT.ok;
}

/** The key's number in the scenario as checked (defaults filled in), else as written. */
function startValue(text: string, file: string, scenario: unknown, key: string): Result<number, string> {
  const written = loadYaml(text, file);
  const fromFile = written.ok ? keyValue(written.value.data, key) : err("");
  const found = fromFile.ok ? fromFile : keyValue(scenario, key);
  if (!found.ok) return err(`${found.error}; give --between LO,HI`);
  if (typeof found.value !== "number") return err(`${key} is ${JSON.stringify(found.value)}, not a number; allowed: a key whose value is a number`);
  return ok(found.value);
}

const statName = (stat: Statistic): string => (stat.kind === "mean" ? "mean" : `${stat.level} quantile`);

function reverseJson(options: ReverseFlags, stat: Statistic, a: ReverseAnswer, paths: number) {
  return {
    vary: options.vary,
    value: a.value,
    ci95: a.ci95,
    metric: options.metric,
    quantile: stat.kind === "quantile" ? stat.level : null,
    reach: options.reach,
    variant: options.variant ?? "base",
    statistic: { value: a.reading.statistic, ci95: [a.reading.lower, a.reading.upper] },
    increasing: a.increasing,
    ci95Clipped: a.clipped,
    bracket: a.bracket,
    evaluations: a.evaluations,
    paths,
  };
}

function reverseText(options: ReverseFlags, stat: Statistic, a: ReverseAnswer, paths: number): string {
  const num = (x: number) => String(Number(x.toPrecision(6)));
  const clip = (end: "low" | "high") => (a.clipped[end] ? " (the bracket's end)" : "");
  return [
    `${options.metric} (${statName(stat)}) reaches ${options.reach} at ${options.vary} = ${num(a.value)}`,
    `  95% interval of ${options.vary}: ${num(a.ci95[0])}${clip("low")} to ${num(a.ci95[1])}${clip("high")}`,
    `  ${statName(stat)} there: ${num(a.reading.statistic)} (95% interval ${num(a.reading.lower)} to ${num(a.reading.upper)}); it ${a.increasing ? "rises" : "falls"} with the key`,
    `  ${a.evaluations} runs of ${grouped(paths)} paths on the same random numbers, searched between ${num(a.bracket[0])} and ${num(a.bracket[1])}`,
    "",
  ].join("\n");
}
