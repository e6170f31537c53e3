/**
 * The published loss rates a note's expected loss is read against (docs/model.md §9.3).
 *
 * Source: Moody's Investors Service, Special Comment "Default & Loss Rates of Structured
 * Finance Securities: 1993-2005" (April 2006), Summary: "Five-year loss rates as a percent of
 * original balances have averaged 0.017% for Aaa-rated, 0.7% for Aa-rated, 1.8% for
 * single-A-rated, 5.8% for Baa-rated, and 11.7% for speculative-grade-rated securities."
 * Copy read at https://fdocuments.net/document/default-loss-rates-of-structured-finance-securities-comment-default-loss-rates.html,
 * retrieved 2026-12-07.
 *
 * These are realized average losses of rated structured finance securities, not Moody's
 * idealized expected-loss table (the rating targets by tenor), which was not available to
 * cite; a band read from them says which rating's historical loss the note's expected loss
 * matches, not what an agency would assign. Assumed: the five-year rates pro rata in time
 * for other horizons (rate × years / 5).
 */

/** Five-year loss rates as shares of the original balance, best rating first. */
export const SF_FIVE_YEAR_LOSS: readonly { band: string; loss: number }[] = [
  { band: "Aaa", loss: 0.00017 },
  { band: "Aa", loss: 0.007 },
  { band: "A", loss: 0.018 },
  { band: "Baa", loss: 0.058 },
  { band: "Ba or below", loss: 0.117 },
];

/** What a note beyond the speculative-grade average is called. */
export const BEYOND_TABLE = "beyond Ba or below";

/**
 * The best band whose historical loss over `years` (its five-year rate × years / 5) is at
 * least the note's expected loss (a share of its original balance).
 */
export function ratingBand(expectedLoss: number, years: number): string {
  for (const { band, loss } of SF_FIVE_YEAR_LOSS) if (expectedLoss <= (loss * years) / 5) return band;
  return BEYOND_TABLE;
}
