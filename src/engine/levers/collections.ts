/**
 * Collections effort (docs/model.md §7): every roll rate reduced by `rollReduction`, in the
 * path's period set-up and in the lifetime view's chain alike, and a cost for each
 * account-month in D1..Dm (pathRun.ts month-end sums).
 */
import { lever } from "./lever.ts";

export const collections = lever({
  compile: (p) => ({
    rollReduction: p.collections?.rollReduction ?? 0,
    /** Collection cost of one account in D1..Dm for one month. */
    collectionCostMonthly: p.collections?.costPerAccountMonth ?? 0,
  }),
  stages: { rollReduction: "events", collectionCostMonthly: "outputs" },
});

/** A monthly roll rate after collections, capped at 1 − stay (MODEL.md 4, 7). */
export function collectedRoll(pol: { rollReduction: number }, roll: number, stay: number): number {
  return Math.min(roll * (1 - pol.rollReduction), 1 - stay);
}
