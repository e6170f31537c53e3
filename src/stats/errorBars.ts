/**
 * When a figure carries an error bar at all (MODEL.md section 9): its 95% interval must
 * cover the truth 93–97% of the time, which the methods here are shown to do (see the
 * coverage tests) once at least MIN_TAIL_PATHS paths lie beyond the level. Below that the
 * result file says `null` and the readers say "n/a", never ± 0.
 */
import { percentInWords } from "../format/number.ts";
import { quantileRank } from "./quantile.ts";

/** Fewest paths beyond a level (or in all, for a mean) for an error bar. */
export const MIN_TAIL_PATHS = 20;

/**
 * Paths beyond the α-quantile x_(⌈nα⌉) on its thinner side: the fewer of those ranked
 * above it (n − ⌈nα⌉, the tail for VaR and ES) and below it (⌈nα⌉ − 1). Counted by rank,
 * so ties do not change it.
 */
export function pathsBeyond(n: number, alpha: number): number {
  const r = quantileRank(n, alpha);
  return Math.min(n - r, r - 1);
}

/** Whether a quantile, VaR or ES at level α from n paths carries an error bar. */
export const hasTailError = (n: number, alpha: number): boolean => pathsBeyond(n, alpha) >= MIN_TAIL_PATHS;

/** Whether a mean (or a mean difference) over n paths carries an error bar. */
export const hasMeanError = (n: number): boolean => n >= MIN_TAIL_PATHS;

/** "0.999" or 0.999 → "99.9%". */
const percentLabel = (alpha: number) => percentInWords(alpha, 6);

/**
 * Why a figure at level α (or a mean, without α) has no error bar, for "n/a: …";
 * undefined when it has one.
 */
export function missingErrorReason(n: number, alpha?: number): string | undefined {
  if (alpha === undefined) return hasMeanError(n) ? undefined : `fewer than ${MIN_TAIL_PATHS} paths`;
  if (hasTailError(n, alpha)) return undefined;
  return `fewer than ${MIN_TAIL_PATHS} paths ${alpha >= 0.5 ? "beyond" : "below"} the ${percentLabel(alpha)} level`;
}
