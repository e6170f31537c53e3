/**
 * One statistic of a metric across paths, with its 95% interval, as the result file gives
 * it (MODEL.md §9): the mean ± 1.96 standard errors, or the quantile Q(α) = x_(⌈nα⌉) with its
 * distribution-free interval from the order statistics. Where the result file would say
 * `null` (fewer than 20 paths, or beyond the level), this says why instead.
 */
import { err, ok, type Result } from "../util/result.ts";
import { missingErrorReason } from "./errorBars.ts";
import { moments, standardError } from "./moments.ts";
import { quantileSorted, sortAscending } from "./quantile.ts";
import { quantileInterval } from "./quantileInterval.ts";

/** The mean, or the quantile at `level` (0 < level < 1). */
export type Statistic = { kind: "mean" } | { kind: "quantile"; level: number };

export interface StatisticReading {
  statistic: number;
  lower: number;
  upper: number;
}

/** A mean's 95% interval is ± 1.96 standard errors, as the result file's are. */
const Z975 = 1.96;

export function readStatistic(values: ArrayLike<number>, stat: Statistic): Result<StatisticReading, string> {
  const n = values.length;
  if (n === 0) return err("no path has a value of the metric");
  const level = stat.kind === "quantile" ? stat.level : undefined;
  const missing = missingErrorReason(n, level);
  if (missing) return err(`no 95% interval from ${n} paths: ${missing}; run more paths`);
  if (stat.kind === "mean") {
    const m = moments(values);
    const half = Z975 * standardError(m);
    return ok({ statistic: m.mean, lower: m.mean - half, upper: m.mean + half });
  }
  const sorted = sortAscending(values);
  const [lower, upper] = quantileInterval(sorted, stat.level);
  return ok({ statistic: quantileSorted(sorted, stat.level), lower, upper });
}
