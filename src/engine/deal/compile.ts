/** The scenario's `securitization` as the waterfall reads it (waterfall.ts `DealSpec`). */
import type { Securitization } from "../../scenario/schema.ts";
import type { DealSpec } from "./waterfall.ts";

/** A master trust revolves 12 months unless told otherwise; an amortizing deal never does. */
const DEFAULT_REVOLVING_MONTHS = 12;

export function compileDeal(s: Securitization, periodMonths: number): DealSpec {
  const months = s.kind === "amortizing" ? 0 : (s.revolvingMonths ?? DEFAULT_REVOLVING_MONTHS);
  return {
    kind: s.kind,
    investedShare: s.investedShare,
    revolvingPeriods: months / periodMonths,
    principal: s.principal,
    servicingFee: s.servicingFee,
    notes: s.notes.map((n) => ({ name: n.name, size: n.size, coupon: n.coupon })),
    reserve: { initial: s.reserve.initial, target: s.reserve.target },
    triggers: { excessSpread: s.triggers.excessSpread ?? null, cumulativeDefaults: s.triggers.cumulativeDefaults ?? null },
    periodMonths,
  };
}
