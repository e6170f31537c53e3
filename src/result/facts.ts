/**
 * What every reader derives from a result file, computed once for the command line and
 * the page alike: whether a book carried credit insurance, and whether a figure has an
 * error bar.
 */
import type { BookResult } from "./resultFile.ts";

/**
 * Whether the book carried credit insurance: a premium was paid (premiums are never
 * negative, so a positive mean is one paid on some path) or a claim was made on some path.
 */
export const insured = (book: BookResult): boolean => book.insurancePremium.mean > 0 || book.insuranceRecovery.max > 0;

/**
 * Whether a figure carries an error bar, and why not: one rule for the command line and the
 * page (src/stats/errorBars.ts, which the result file's nulls follow).
 */
export { hasMeanError, hasTailError, missingErrorReason, MIN_TAIL_PATHS, pathsBeyond } from "../stats/errorBars.ts";
