/**
 * A segment's seasoning curve (the `seasoning` key, docs/model.md §3.4): the multiplier of
 * an account's monthly first-miss hazard at each months on book. One definition, read by the
 * engine (the simulated hazards) and by the expected-credit-loss term structures, so the two
 * cannot disagree about an account's age.
 *
 * Months on book count whole months since origination: an account booked this month is at
 * 0, and in the month after its m-th month end it is at m. The multiplier of month on book m
 * is `multipliers[⌊m / bandMonths⌋]`, or `afterwards` past the last band.
 */
import type { Seasoning } from "./schema.ts";

/** The multiplier of the first-miss hazard of an account `monthsOnBook` months on book (1 without a curve). */
export function seasoningMultiplier(seasoning: Seasoning | undefined, monthsOnBook: number): number {
  if (seasoning === undefined) return 1;
  const band = Math.floor(monthsOnBook / seasoning.bandMonths);
  return band >= 0 && band < seasoning.multipliers.length ? seasoning.multipliers[band] : seasoning.afterwards;
}

/** Months on book at which the curve ends: every account this old or older is at `afterwards`. */
export function seasonedAt(seasoning: Seasoning): number {
  return seasoning.multipliers.length * seasoning.bandMonths;
}

/**
 * Months on book at the start of an account without its own: the segment's `monthsOnBook`,
 * else seasoned (past the curve), the reading of a book given by `accounts` and a pd
 * estimated on a seasoned book.
 */
export function startMonthsOnBook(seasoning: Seasoning): number {
  return seasoning.monthsOnBook ?? seasonedAt(seasoning);
}
