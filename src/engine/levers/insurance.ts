/**
 * Credit insurance on the book's net loss over the horizon (docs/model.md §7): the premium
 * is annual, on balance-years; the recovery and premium are shared among segments once a
 * path's months are done (pathTotals.ts `insure`).
 */
import { lever } from "./lever.ts";

export const insurance = lever({
  compile: (p) => ({ insurance: p.insurance ? { ...p.insurance } : null }),
  stages: { insurance: "outputs" },
});
