/** A credit line's limit arithmetic, shared by the closed form, the stepped accounts and the lifetime view. */
import type { SegmentModel } from "./model.ts";
import { PRODUCT } from "./product.ts";

/** EAD of an account (MODEL.md 5, 8): B + CCF·(L − B) for a credit line, B for a loan; the exposure basis at the start or at booking. */
export function exposureOf(s: Pick<SegmentModel, "product" | "ccf">, balance: number, limit: number): number {
  return s.product === PRODUCT.revolving ? balance + s.ccf * Math.max(0, limit - balance) : balance;
}

/** The limit left when `cut` of the undrawn part of `limit` above `drawn` is taken away (the trigger, early warning). */
export function cutUndrawn(limit: number, drawn: number, cut: number): number {
  return drawn + (1 - cut) * Math.max(0, limit - drawn);
}
