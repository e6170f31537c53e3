/**
 * Forbearance (docs/model.md §7): an account entering bucket `offerAt` is offered it once
 * and accepts with the take-up probability. A holiday holds it in R for `holidayMonths`
 * (interest accrues unpaid) and it comes back current; a conversion turns its balance,
 * charges included, into an instalment plan and it is current at once. Either way it comes
 * back with its PD × `redefaultMultiplier`, its own threshold solved through the ladder.
 */
import { lever } from "./lever.ts";

export const forbearance = lever({
  compile: (p) => {
    const f = p.forbearance;
    if (!f) return { forbearance: null };
    return {
      forbearance: {
        kind: f.kind,
        offerAt: f.offerAt,
        takeUp: f.takeUp,
        /** 0 for a conversion. */
        holidayMonths: f.kind === "holiday" ? (f.holidayMonths ?? 0) : 0,
        /** 0 for a holiday. */
        termMonths: f.kind === "conversion" ? (f.termMonths ?? 0) : 0,
        feeRate: f.feeRate,
        redefaultMultiplier: f.redefaultMultiplier,
      },
    };
  },
  stages: { forbearance: "events" },
  // A conversion opens a plan: what a current account owes then depends on its history. So
  // does a holiday on a burdened line: it accrues interest on the balance, and the line back
  // from it owes more than its reference payment (B = (1 + r)^months > 1, docs/model.md §4.8).
  steps: (p, g) => p.forbearance?.kind === "conversion" || (p.forbearance?.kind === "holiday" && g.product === "revolving" && g.burden !== 0),
});

/** The multiplier of an account's rate back from forbearance (1: none), in the path and in the lifetime view. */
export function redefaultMultiplier(pol: { forbearance: { redefaultMultiplier: number } | null }): number {
  return pol.forbearance?.redefaultMultiplier ?? 1;
}
