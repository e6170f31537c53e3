/**
 * What every reader derives from a result file, computed once for the command line and
 * the page alike: whether a book carried credit insurance, whether a figure has an error
 * bar, and which fees and costs a run has and how they make up profit.
 */
import { metricSpec, PROFIT_PARTS, type ProfitPart } from "../engine/metrics.ts";
import type { BookResult, Summary } from "./resultFile.ts";

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

/**
 * Whether a quantity is other than 0 on some path. Rows for fees and costs a scenario does
 * not have stay out of the summaries, as insurance rows do on a book without cover.
 */
export const nonZero = (s: Summary | undefined): boolean => s !== undefined && (s.min !== 0 || s.max !== 0);

/**
 * The parts of profit in the order they are read, each with the sign it enters profit with
 * (MODEL.md section 8, declared in src/engine/metrics.ts): profit = Σ sign × part, on every
 * path and so in the mean.
 */
export { PROFIT_PARTS, type ProfitPart };

/**
 * The parts of profit a scenario may not have (declared to show when non-zero: merchant and
 * plan fees, operating and acquisition costs), unlike interest, fees, funding, collections
 * and loss, which every book has.
 */
const OPTIONAL_PROFIT_PARTS = PROFIT_PARTS.filter((p) => metricSpec(p.key).table?.when === "nonZero").map((p) => p.key);

/**
 * Whether profit is worth showing in its parts: the book earned or bore one of the optional
 * parts on some path.
 */
export const itemizedProfit = (book: BookResult): boolean => OPTIONAL_PROFIT_PARTS.some((k) => nonZero(book[k]));
