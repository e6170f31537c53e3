/** A credit line's limit arithmetic, shared by the closed form, the stepped accounts and the lifetime view. */
import type { SegmentModel } from "./model.ts";
import { PRODUCT } from "./product.ts";

/** EAD of an account (MODEL.md 5, 8): B + CCF·(L − B) for a credit line, B for a loan; the exposure basis at the start or at booking. */
export function exposureOf(s: Pick<SegmentModel, "product" | "ccf">, balance: number, limit: number): number {
  return s.product === PRODUCT.revolving ? balance + s.ccf * Math.max(0, limit - balance) : balance;
}

/**
 * The draw-down of a credit line that misses (docs/model.md §5.4): from its first miss it
 * draws D = CCF·max(0, L − B₀) over the m months to its earliest default, D/m in each month
 * it spends in arrears (the miss month included), and whatever is left at default; B₀ is
 * its balance at the first miss, L its limit after a cut on delinquency. So
 * EAD = B₀ + CCF·(L − B₀) + the episode's charges: Basel's 12-month CCF of the drawn
 * principal when the line was current at B₀ twelve months before default.
 * Returns the month's draw of an account that has drawn `drawn` so far.
 */
export function monthDraw(s: Pick<SegmentModel, "ccf" | "roll">, limit: number, base: number, drawn: number): number {
  const m = s.roll.length;
  if (m === 0) return 0;
  const total = s.ccf * Math.max(0, limit - base);
  return Math.max(0, Math.min(total / m, total - drawn));
}

/** What is left to draw at default: the draw-down's rest (all of it with no ladder). */
export function drawRest(s: Pick<SegmentModel, "ccf">, limit: number, base: number, drawn: number): number {
  return Math.max(0, s.ccf * Math.max(0, limit - base) - drawn);
}

/** The limit left when `cut` of the undrawn part of `limit` above `drawn` is taken away (the trigger, early warning). */
export function cutUndrawn(limit: number, drawn: number, cut: number): number {
  return drawn + (1 - cut) * Math.max(0, limit - drawn);
}
