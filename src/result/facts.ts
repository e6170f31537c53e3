/**
 * What every reader derives from a result file, computed once for the command line and
 * the page alike: whether a book carried credit insurance, and how many paths an ES rests
 * on at each tail level.
 */
import { quantileRank } from "../stats/quantile.ts";
import { TAIL_LEVELS, type BookResult } from "./resultFile.ts";

/**
 * Whether the book carried credit insurance: a premium was paid (premiums are never
 * negative, so a positive mean is one paid on some path) or a claim was made on some path.
 */
export const insured = (book: BookResult): boolean => book.insurancePremium.mean > 0 || book.insuranceRecovery.max > 0;

/**
 * Paths in the tail set of level α among n: those at rank ⌈nα⌉ and above, the set ES_α
 * averages (src/stats/tail.ts); ties with VaR can only add to it. Never fewer than one.
 */
export const tailPaths = (n: number, alpha: number): number => n - quantileRank(n, alpha) + 1;

/** Below this many tail paths an ES and its standard error rest on few paths, and readers say so. */
export const FEW_TAIL_PATHS = 10;

/** The tail levels of the result file whose tail sets hold fewer than FEW_TAIL_PATHS of `paths` paths, with their counts. */
export function thinTails(paths: number): { level: number; paths: number }[] {
  return TAIL_LEVELS.map((level) => ({ level, paths: tailPaths(paths, level) })).filter((t) => t.paths < FEW_TAIL_PATHS);
}
