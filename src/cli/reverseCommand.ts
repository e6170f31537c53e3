/**
 * `creditlab reverse FILE --vary KEY --metric NAME [--quantile Q] --reach VALUE [--json]`:
 * the value of a scenario key at which a book metric's mean (or its quantile Q) reaches a
 * level, found on common random numbers (src/run/reverse.ts), with a 95% interval from the
 * paths. Every evaluation is a run of the same paths with the key set as `--set` sets it.
 */
import type { ReverseOptions as ReverseFlags } from "./args.ts";
import { complain, EXIT, write } from "./io.ts";
import { prepareKeyRuns } from "./keyRuns.ts";
import { keyValue } from "../scenario/setKeys.ts";
import { loadYaml } from "../scenario/loadYaml.ts";
import { reverseStress, type Reading, type ReverseAnswer } from "../run/reverse.ts";
import { readStatistic, type Statistic } from "../stats/statistic.ts";
import { err, ok, type Result } from "../util/result.ts";
import { grouped } from "./terminalNumbers.ts";

export async function reverseCommand(options: ReverseFlags): Promise<number> {
  const prepared = await prepareKeyRuns(options);
  if (!prepared.ok) return prepared.error;
  const runs = prepared.value;
  try {
    const start = startValue(runs.source.text, runs.source.file, runs.scenario, options.vary);
    if (!start.ok && options.between === undefined) {
      await complain(`--vary ${options.vary}: ${start.error}`);
      return EXIT.usage;
    }
    const stat: Statistic = options.quantile === undefined ? { kind: "mean" } : { kind: "quantile", level: options.quantile };
    let failure: string | null = null;
    const evaluate = async (value: number): Promise<Result<Reading, string>> => {
      const values = await runs.values([{ raw: `${options.vary}=${value}`, key: options.vary, value }], [options.metric]);
      if (!values.ok) {
        if (values.error.failed) failure = values.error.message;
        return err(values.error.message);
      }
      const reading = readStatistic(values.value[0].filter((x) => !Number.isNaN(x)), stat);
      if (!reading.ok) failure = `${options.metric} at ${options.vary} = ${value}: ${reading.error}`;
      if (options.progress) {
        await write(process.stderr, `creditlab: ${options.vary} = ${value}: ${reading.ok ? reading.value.statistic : reading.error}\n`);
      }
      return reading;
    };
    const solved = await reverseStress({ evaluate, reach: options.reach, start: start.ok ? start.value : undefined, between: options.between });
    if (!solved.ok) {
      await complain(failure ?? `reverse ${options.vary}: ${solved.error}`);
      return EXIT.failed;
    }
    const paths = options.paths ?? runs.scenario.simulation.paths;
    await write(process.stdout, options.json ? JSON.stringify(reverseJson(options, stat, solved.value, paths), null, 2) + "\n" : reverseText(options, stat, solved.value, paths));
    return EXIT.ok;
  } finally {
    await runs.close();
  }
}

/** The key's number in the file as written, else in the scenario as checked (defaults filled in). */
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
  const clip = (end: "low" | "high") => (a.clipped[end] ? " (the key's allowed range ends here)" : "");
  return [
    `${options.metric} (${statName(stat)}) reaches ${options.reach} at ${options.vary} = ${num(a.value)}`,
    `  95% interval of ${options.vary}: ${num(a.ci95[0])}${clip("low")} to ${num(a.ci95[1])}${clip("high")}`,
    `  ${statName(stat)} there: ${num(a.reading.statistic)} (95% interval ${num(a.reading.lower)} to ${num(a.reading.upper)}); it ${a.increasing ? "rises" : "falls"} with the key`,
    `  ${a.evaluations} runs of ${grouped(paths)} paths on the same random numbers, searched between ${num(a.bracket[0])} and ${num(a.bracket[1])}`,
    "",
  ].join("\n");
}
