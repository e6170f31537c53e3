/**
 * The economy trigger of line management (docs/model.md §7): at the start of each period in
 * which its factor is below its level, the undrawn limit of every current credit line is
 * cut, once per episode (a run of such periods). A closed-form account is not visited at a
 * period's start, so its cuts are applied when they matter: as it misses, for the periods
 * it began current (`cutAccount` up to that month), and at the horizon for the lifetime view
 * (`horizonLimit`: up to T); a stepped account is cut at each period's start (`cutAccount`
 * of one period). The rule is written once, in `cutPeriods`; `undrawnKept` is its closed form over the whole
 * horizon for the starting accounts that never leave C.
 */
import { lever } from "./lever.ts";

export const trigger = lever({
  compile: (p, factors) => {
    const rule = p.lineManagement?.trigger;
    return { trigger: rule ? { factor: factors.indexOf(rule.factor), below: rule.below, cut: rule.cut } : null };
  },
  // The starting accounts that close at the start carry their undrawn limit at the horizon, the trigger's.
  stages: { trigger: "start" },
});

export type TriggerRule = ReturnType<typeof trigger.compile>["trigger"];
