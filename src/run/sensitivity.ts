/**
 * Which assumption matters most (docs/model.md §9.2): each key is set to its low and its
 * high value in turn, the others as in the scenario, and every run takes the same paths on
 * the same random numbers (MODEL.md §10), so each key's effect on a metric is a paired
 * difference against the scenario's own run, path by path, with its 95% interval
 * (src/stats/paired.ts). Keys are listed by the width of their swing, widest first: the
 * rows of a tornado chart. `creditlab sensitivity` and the page's tornado both run this,
 * on the same runs (keyRuns.ts), so they give the same numbers for the same file and seed.
 */
import { PATH_METRIC_NAMES, type PathMetricName } from "../engine/metrics.ts";
import { nearest } from "../scenario/messages.ts";
import { placeProblems } from "../scenario/parse.ts";
import type { ScenarioError } from "../scenario/errors.ts";
import type { Scenario } from "../scenario/schema.ts";
import { pairedComparison, type Difference } from "../stats/paired.ts";
import { readStatistic, type StatisticReading } from "../stats/statistic.ts";
import { err, ok, type Result } from "../util/result.ts";
import type { KeyValues } from "./keyRuns.ts";

/** A key with its low and high value. */
export interface SensitivityRange {
  key: string;
  low: number;
  high: number;
}

export interface SensitivityPlan {
  ranges: SensitivityRange[];
  metrics: PathMetricName[];
  quantile?: number;
}

/** One end of a key's range: the metric's mean there, its paired change from the scenario's run, and its quantile. */
export interface SensitivityEnd {
  value: number;
  mean: number;
  change: Difference;
  quantile: StatisticReading | null;
}

export interface KeyEffect {
  key: string;
  metric: PathMetricName;
  low: SensitivityEnd;
  high: SensitivityEnd;
  /** |mean at high − mean at low|: the bar's length in a tornado chart. */
  swing: number;
}

export interface MetricSensitivity {
  metric: PathMetricName;
  /** The scenario's own run: the metric's mean, and its quantile with a 95% interval. */
  base: { mean: number; quantile: StatisticReading | null };
  /** Widest swing first. */
  keys: KeyEffect[];
}

/** Why a sensitivity stopped: the key and value whose run could not be made, or the scenario's own run (key null). */
export interface SensitivityError {
  range: SensitivityRange | null;
  value: number | null;
  message: string;
  failed: boolean;
}

/** Runs made so far of the 1 + 2·keys a sensitivity takes. */
export type SensitivityProgress = (done: number, total: number) => void;

/** A per-path book metric, or a line naming the allowed ones. */
export function bookMetric(name: string): Result<PathMetricName, string> {
  if ((PATH_METRIC_NAMES as readonly string[]).includes(name)) return ok(name as PathMetricName);
  const near = nearest(name, PATH_METRIC_NAMES);
  return err(`${JSON.stringify(name)} is not a book metric${near ? `; did you mean ${near}?` : ""}; allowed: ${PATH_METRIC_NAMES.join(", ")}`);
}

/**
 * The scenario's `sensitivity:` as a plan, or its metrics that are no book metric, placed
 * in the text (file:line:col, key path, the allowed names). The schema checks the keys
 * (src/scenario/rules.ts); the metric names are the engine's, which the scenario's rules
 * do not import. Null when the scenario has no `sensitivity:`.
 */
export function scenarioSensitivity(scenario: Scenario, text: string, file: string): Result<SensitivityPlan, ScenarioError[]> | null {
  const s = scenario.sensitivity;
  if (!s) return null;
  const metrics: PathMetricName[] = [];
  const problems: { path: (string | number)[]; message: string }[] = [];
  s.metrics.forEach((name, i) => {
    const m = bookMetric(name);
    if (m.ok) metrics.push(m.value);
    else problems.push({ path: ["sensitivity", "metrics", i], message: m.error });
  });
  if (problems.length > 0) return err(placeProblems(text, file, problems));
  return ok({ ranges: s.keys.map((k) => ({ key: k.key, low: k.low, high: k.high })), metrics, quantile: s.quantile });
}

/** The sensitivity of each metric to each key, widest swing first; the runs go one after another. */
export async function runSensitivity(values: KeyValues, plan: SensitivityPlan, progress?: SensitivityProgress): Promise<Result<MetricSensitivity[], SensitivityError>> {
  const total = 1 + 2 * plan.ranges.length;
  let done = 0;
  progress?.(done, total);
  const base = await values([], plan.metrics);
  if (!base.ok) return err({ range: null, value: null, ...base.error });
  progress?.(++done, total);
  const effects: KeyEffect[] = [];
  for (const range of plan.ranges) {
    const ends: Float64Array[][] = [];
    for (const value of [range.low, range.high]) {
      const got = await values([{ raw: `${range.key}=${value}`, key: range.key, value }], plan.metrics);
      if (!got.ok) return err({ range, value, ...got.error });
      ends.push(got.value);
      progress?.(++done, total);
    }
    plan.metrics.forEach((metric, m) => {
      const [low, high] = ends.map((columns, e) => end([range.low, range.high][e], columns[m], base.value[m], plan.quantile));
      effects.push({ key: range.key, metric, low, high, swing: Math.abs(high.mean - low.mean) });
    });
  }
  return ok(
    plan.metrics.map((metric, m) => ({
      metric,
      base: { mean: mean(base.value[m]), quantile: plan.quantile === undefined ? null : quantileOf(base.value[m], plan.quantile) },
      keys: effects.filter((e) => e.metric === metric).sort((x, y) => y.swing - x.swing),
    })),
  );
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

function end(value: number, column: Float64Array, base: Float64Array, quantile: number | undefined): SensitivityEnd {
  const [v, b] = paired(column, base);
  return {
    value,
    mean: mean(column),
    change: pairedComparison(v, b).paired,
    quantile: quantile === undefined ? null : quantileOf(column, quantile),
  };
}
