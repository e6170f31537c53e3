/**
 * `creditlab sensitivity FILE --range KEY=LO,HI [--range …] [--metric NAME …] [--quantile Q]
 * [--json]`: which assumption matters most. Each key is set to its low and its high value in
 * turn, the others as in the file, and every run takes the same paths on the same random
 * numbers (MODEL.md §10), so each key's effect on a metric is a paired difference against
 * the file's own run, path by path, with its 95% interval (src/stats/paired.ts). Keys are
 * listed by the width of their swing, widest first: the rows of a tornado chart.
 */
import type { SensitivityOptions } from "./args.ts";
import { complain, EXIT, write } from "./io.ts";
import { prepareKeyRuns } from "./keyRuns.ts";
import { renderTable } from "./table.ts";
import { pairedComparison, type Difference } from "../stats/paired.ts";
import { readStatistic, type StatisticReading } from "../stats/statistic.ts";
import type { PathMetricName } from "../engine/metrics.ts";
import { formatMetricValue } from "./summaryTables.ts";

/** One end of a key's range: the metric's mean there, its paired change from the file's run, and its quantile. */
interface End {
  value: number;
  mean: number;
  change: Difference;
  quantile: StatisticReading | null;
}

interface KeyEffect {
  key: string;
  metric: PathMetricName;
  low: End;
  high: End;
  /** |mean at high − mean at low|: the bar's length in a tornado chart. */
  swing: number;
}

export async function sensitivityCommand(options: SensitivityOptions): Promise<number> {
  const prepared = await prepareKeyRuns(options);
  if (!prepared.ok) return prepared.error;
  const runs = prepared.value;
  try {
    const base = await runs.values([], options.metrics);
    if (!base.ok) {
      await complain(base.error.message);
      return base.error.failed ? EXIT.failed : EXIT.usage;
    }
    const effects: KeyEffect[] = [];
    for (const range of options.ranges) {
      const ends: Float64Array[][] = [];
      for (const value of [range.low, range.high]) {
        const got = await runs.values([{ raw: `${range.key}=${value}`, key: range.key, value }], options.metrics);
        if (!got.ok) {
          await complain(`--range ${range.key}=${range.low},${range.high}: at ${value}: ${got.error.message}`);
          return got.error.failed ? EXIT.failed : EXIT.usage;
        }
        ends.push(got.value);
      }
      options.metrics.forEach((metric, m) => {
        const [low, high] = ends.map((columns, e) => end([range.low, range.high][e], columns[m], base.value[m], options.quantile));
        effects.push({ key: range.key, metric, low, high, swing: Math.abs(high.mean - low.mean) });
      });
    }
    const byMetric = options.metrics.map((metric, m) => ({
      metric,
      base: { mean: mean(base.value[m]), quantile: options.quantile === undefined ? null : quantileOf(base.value[m], options.quantile) },
      keys: effects.filter((e) => e.metric === metric).sort((x, y) => y.swing - x.swing),
    }));
    const paths = options.paths ?? runs.scenario.simulation.paths;
    if (options.json) {
      await write(process.stdout, JSON.stringify({ paths, quantile: options.quantile ?? null, variant: options.variant ?? "base", metrics: byMetric }, null, 2) + "\n");
    } else {
      await write(process.stdout, byMetric.map((b) => sensitivityTable(b, options.quantile, paths)).join("\n"));
    }
    return EXIT.ok;
  } finally {
    await runs.close();
  }
}

/** Paths where both runs have the metric (a rate without its base is NaN). */
function paired(a: Float64Array, b: Float64Array): [Float64Array, Float64Array] {
  const keep: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) keep.push(i);
  return [Float64Array.from(keep, (i) => a[i]), Float64Array.from(keep, (i) => b[i])];
}

const present = (x: Float64Array): Float64Array => x.filter((v) => !Number.isNaN(v));

function mean(x: Float64Array): number {
  const v = present(x);
  let s = 0;
  for (const y of v) s += y;
  return v.length > 0 ? s / v.length : NaN;
}

function quantileOf(x: Float64Array, level: number): StatisticReading | null {
  const r = readStatistic(present(x), { kind: "quantile", level });
  return r.ok ? r.value : null;
}

function end(value: number, column: Float64Array, base: Float64Array, quantile: number | undefined): End {
  const [v, b] = paired(column, base);
  return {
    value,
    mean: mean(column),
    change: pairedComparison(v, b).paired,
    quantile: quantile === undefined ? null : quantileOf(column, quantile),
  };
}

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
