/**
 * `creditlab sensitivity FILE [--range KEY=LO,HI …] [--metric NAME …] [--quantile Q]
 * [--json]`: which assumption matters most, from the flags or the scenario's `sensitivity:`
 * (a flag replaces that part of it). The runs are src/run/sensitivity.ts's. Each key is set to its low and its high value in
 * turn, the others as in the file, and every run takes the same paths on the same random
 * numbers (MODEL.md §10), so each key's effect on a metric is a paired difference against
 * the file's own run, path by path, with its 95% interval (src/stats/paired.ts). Keys are
 * listed by the width of their swing, widest first: the rows of a tornado chart.
 */
import type { SensitivityOptions } from "./args.ts";
import { complain, EXIT, write } from "./io.ts";
import { prepareKeyRuns } from "./keyRuns.ts";
import { renderTable } from "./table.ts";
import type { Difference } from "../stats/paired.ts";
import type { StatisticReading } from "../stats/statistic.ts";
import type { PathMetricName } from "../engine/metrics.ts";
import { formatMetricValue } from "./summaryTables.ts";
import { formatScenarioError } from "../scenario/errors.ts";
import { placeErrors } from "./scenarioSources.ts";
import { runSensitivity, scenarioSensitivity, type KeyEffect, type SensitivityPlan } from "../run/sensitivity.ts";
import { sweepProblems } from "../scenario/sensitivityRules.ts";
import { otherVariantKey } from "../scenario/numberKey.ts";
import { schemaAt } from "../scenario/allowed.ts";

export async function sensitivityCommand(options: SensitivityOptions): Promise<number> {
  const prepared = await prepareKeyRuns(options);
  if (!prepared.ok) return prepared.error;
  const runs = prepared.value;
  try {
    // The file's `sensitivity:`, each part replaced by the flags that give it.
    const written = scenarioSensitivity(runs.scenario, runs.source.text, runs.source.file);
    if (written && !written.ok) {
      await write(process.stderr, placeErrors(written.error, runs.source).map((e) => formatScenarioError(e) + "\n").join(""));
      return EXIT.usage;
    }
    const fromFile = written?.value;
    if (options.ranges.length === 0 && !fromFile) {
      await complain("sensitivity needs --range KEY=LO,HI (once for each key) or a sensitivity: key in the scenario: creditlab sensitivity FILE --range segments[0].pd=0.02,0.04");
      return EXIT.usage;
    }
    // As many keys and metrics as the file's sensitivity: takes (each key costs two runs).
    for (const [flag, given, path] of [["--range", options.ranges.length, ["sensitivity", "keys"]], ["--metric", options.metrics?.length ?? 0, ["sensitivity", "metrics"]]] as const) {
      const most = schemaAt(path)?.maxItems;
      if (typeof most === "number" && given > most) {
        await complain(`${flag} is given ${given} times; allowed: at most ${most}, as in the scenario's ${path.join(".")}`);
        return EXIT.usage;
      }
    }
    // The --range flags meet the rules the file's keys meet (src/scenario/sensitivityRules.ts).
    const flagged = sweepProblems(runs.base, options.ranges, (i) => `--range ${rangeText(options.ranges[i])}`);
    if (flagged.length > 0) {
      await write(process.stderr, flagged.map((p) => `creditlab: --range ${rangeText(options.ranges[p.index])}: ${p.message}\n`).join(""));
      return EXIT.usage;
    }
    const repeated = (options.metrics ?? []).find((m, i, all) => all.indexOf(m) !== i);
    if (repeated) {
      await complain(`--metric ${repeated} is given twice; allowed: each metric once`);
      return EXIT.usage;
    }
    const plan: SensitivityPlan = {
      ranges: options.ranges.length > 0 ? options.ranges : fromFile!.ranges,
      metrics: options.metrics ?? fromFile?.metrics ?? ["netLoss"],
      quantile: options.quantile ?? fromFile?.quantile,
    };
    // A key in another variant's overlay moves nothing the runs read.
    for (const r of plan.ranges) {
      const elsewhere = otherVariantKey(runs.base, r.key, options.variant, "the runs read");
      if (elsewhere) {
        await complain(`${options.ranges.length > 0 ? "--range" : "sensitivity:"} ${rangeText(r)}: ${elsewhere}`);
        return EXIT.usage;
      }
    }
    const solved = await runSensitivity(runs.values, plan);
    if (!solved.ok) {
      const { range, value, message, failed } = solved.error;
      const from = options.ranges.length > 0 ? "--range" : "sensitivity:";
      await complain(range ? `${from} ${range.key}=${range.low},${range.high}: at ${value}: ${message}` : message);
      return failed ? EXIT.failed : EXIT.usage;
    }
    const byMetric = solved.value;
    const paths = options.paths ?? runs.scenario.simulation.paths;
    if (options.json) {
      await write(process.stdout, JSON.stringify({ paths, quantile: plan.quantile ?? null, variant: options.variant ?? "base", metrics: byMetric }, null, 2) + "\n");
    } else {
      await write(process.stdout, byMetric.map((b) => sensitivityTable(b, plan.quantile, paths)).join("\n"));
    }
    return EXIT.ok;
  } finally {
    await runs.close();
  }
}

const rangeText = (r: { key: string; low: number; high: number }): string => `${r.key}=${r.low},${r.high}`;

function sensitivityTable(b: { metric: PathMetricName; base: { mean: number; quantile: StatisticReading | null }; keys: KeyEffect[] }, quantile: number | undefined, paths: number): string {
  const f = (x: number) => formatMetricValue(b.metric, x);
  const change = (d: Difference) => (d.ci95 ? `${d.mean >= 0 ? "+" : ""}${f(d.mean)} (${f(d.ci95[0])} to ${f(d.ci95[1])})` : `${f(d.mean)} (n/a)`);
  const q = (r: StatisticReading | null) => (r ? `${f(r.statistic)} (${f(r.lower)} to ${f(r.upper)})` : "n/a");
  const columns = [
    { header: "key", align: "left" as const },
    { header: "low" },
    { header: "change of the mean at low" },
    { header: "high" },
    { header: "change of the mean at high" },
    ...(quantile === undefined ? [] : [{ header: `Q${quantile} at low` }, { header: `Q${quantile} at high` }]),
  ];
  const rows = b.keys.map((e) => [
    e.key,
    String(e.low.value),
    change(e.low.change),
    String(e.high.value),
    change(e.high.change),
    ...(quantile === undefined ? [] : [q(e.low.quantile), q(e.high.quantile)]),
  ]);
  const head = `${b.metric}: mean ${f(b.base.mean)} in the file's run${b.base.quantile ? `, Q${quantile} ${q(b.base.quantile)}` : ""}; each key at its low and high value, the others as in the file`;
  const foot = `changes are paired, path by path, over ${paths} paths on the same random numbers, with 95% intervals; keys by the width of their swing`;
  return [head, ...renderTable(columns, rows, "  "), foot, ""].join("\n");
}
