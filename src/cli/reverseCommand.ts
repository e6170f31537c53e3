/**
 * `creditlab reverse FILE --vary KEY --metric NAME [--quantile Q] --reach VALUE [--json]`:
 * the value of a scenario key at which a book metric's mean (or its quantile Q) reaches a
 * level, found on common random numbers (src/run/reverse.ts), with a 95% interval from the
 * paths. Every evaluation is a run of the same paths with the key set as `--set` sets it.
 */
import type { ReverseOptions as ReverseFlags } from "./args.ts";
import { complain, EXIT, write } from "./io.ts";
import { prepareKeyRuns } from "./keyRuns.ts";
import { reverseOnKey, type ReverseAnswer } from "../run/reverse.ts";
import type { Statistic } from "../stats/statistic.ts";
import { grouped } from "./terminalNumbers.ts";
import { otherVariantKey } from "../scenario/numberKey.ts";

export async function reverseCommand(options: ReverseFlags): Promise<number> {
  const prepared = await prepareKeyRuns(options);
  if (!prepared.ok) return prepared.error;
  const runs = prepared.value;
  try {
    // A key in another variant's overlay moves nothing the runs read.
    const elsewhere = otherVariantKey(runs.base, options.vary, options.variant, "the search reads");
    if (elsewhere) {
      await complain(elsewhere);
      return EXIT.usage;
    }
    const stat: Statistic = options.quantile === undefined ? { kind: "mean" } : { kind: "quantile", level: options.quantile };
    const solved = await reverseOnKey({
      values: runs.values,
      vary: options.vary,
      metric: options.metric,
      stat,
      reach: options.reach,
      between: options.between,
      text: runs.source.text,
      file: runs.source.file,
      scenario: runs.scenario,
      onEvaluation: options.progress
        ? (value, reading) => write(process.stderr, `creditlab: ${options.vary} = ${value}: ${reading.ok ? reading.value.statistic : reading.error}\n`)
        : undefined,
    });
    if (!solved.ok) {
      // A run that failed is a failure; a key, a bracket, a path count or a level the search cannot use is the user's to change.
      // The key is set in the base; a variant that sets it itself does not move with it.
      const variantHint = options.variant && /does not move/.test(solved.error.message) ? `; --variant ${options.variant} reads a variant, which does not move with ${options.vary} if it sets that key itself` : "";
      await complain(solved.error.message + variantHint);
      return solved.error.failed ? EXIT.failed : EXIT.usage;
    }
    const paths = options.paths ?? runs.scenario.simulation.paths;
    if (options.json && solved.value.reversal) {
      const r = solved.value.reversal;
      await complain(`warning: ${options.metric} is not monotone in ${options.vary} (${r.statistics[0]} at ${r.from}, ${r.statistics[1]} at ${r.to}): other values may reach ${options.reach} too ("monotone": false)`);
    }
    await write(process.stdout, options.json ? JSON.stringify(reverseJson(options, stat, solved.value, paths), null, 2) + "\n" : reverseText(options, stat, solved.value, paths));
    return EXIT.ok;
  } finally {
    await runs.close();
  }
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
    monotone: a.reversal === null,
    ci95Clipped: a.clipped,
    bracket: a.bracket,
    evaluations: a.evaluations,
    paths,
  };
}

function reverseText(options: ReverseFlags, stat: Statistic, a: ReverseAnswer, paths: number): string {
  const num = (x: number) => String(Number(x.toPrecision(6)));
  // A clipped end is where the search stopped: the end of --between when it is given, else of the key's allowed range.
  // A clipped end lies at the edge of the key's range: with the digits that tell it from an edge the key excludes (0.9999996, not 1).
  const end = (i: 0 | 1) => (a.clipped[i === 0 ? "low" : "high"] ? String(Number(a.ci95[i].toPrecision(12))) : num(a.ci95[i]));
  const clip = (end: "low" | "high") => (a.clipped[end] ? (options.between ? " (the end of --between)" : " (the key's allowed range ends here)") : "");
  return [
    `${options.metric} (${statName(stat)}) reaches ${options.reach} at ${options.vary} = ${num(a.value)}`,
    `  95% interval of ${options.vary}: ${end(0)}${clip("low")} to ${end(1)}${clip("high")}`,
    `  ${statName(stat)} there: ${num(a.reading.statistic)} (95% interval ${num(a.reading.lower)} to ${num(a.reading.upper)}); it ${a.increasing ? "rises" : "falls"} with the key`,
    `  ${a.evaluations} runs of ${grouped(paths)} paths on the same random numbers, searched between ${num(a.bracket[0])} and ${num(a.bracket[1])}`,
    ...(a.reversal === null
      ? []
      : [
          `  warning: ${options.metric} is not monotone in ${options.vary}: its ${statName(stat)} ${a.increasing ? "falls" : "rises"} from ${num(a.reversal.statistics[0])} at ${num(a.reversal.from)} to ${num(a.reversal.statistics[1])} at ${num(a.reversal.to)};`,
          `  other values of the key may reach ${options.reach} too, and the interval assumes a monotone statistic`,
        ]),
    "",
  ].join("\n");
}
