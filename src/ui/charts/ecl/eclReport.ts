/**
 * What the expected-credit-loss view shows of the engine worker's ECL report: the blocks of
 * its stage table (the weighted whole, then each economic scenario), and the words around
 * them. The report is computed once a run of a scenario with `provisioning` is done.
 */
import type { EclReport } from "../../../run/workerApi.ts";
import type { Provisioning } from "../../../scenario/schema.ts";
import type { Result } from "../../../util/result.ts";
import { percentInWords } from "../../../format/number.ts";
import type { EclBlock } from "./eclTable.ts";

export type EclState =
  | { kind: "done"; blocks: EclBlock[]; subtitle: string; notes: string[]; byScenario: Record<string, number> }
  | { kind: "computing" }
  | { kind: "absent"; message: string }
  | { kind: "failed"; message: string };

/**
 * The weighted whole first, then each scenario in the order the report gives them; a
 * single scenario (weight 1) is the whole, and is not repeated.
 */
export function eclBlocks(report: EclReport): EclBlock[] {
  const whole: EclBlock = { name: "Weighted", weight: null, stages: report.stages, ecl: report.ecl };
  if (report.scenarios.length <= 1) return [whole];
  return [whole, ...report.scenarios.map((s) => ({ name: s.name, weight: s.weight, stages: s.stages, ecl: s.ecl }))];
}

/** One sentence on what was computed: the standard, its horizons, the discounting. */
export function eclSubtitle(p: Provisioning): string {
  const horizon =
    p.standard === "cecl"
      ? "CECL: lifetime loss on every account"
      : `IFRS 9: 12 months for stage 1, the remaining life for stages 2 and 3`;
  const discount = p.discount === "apr" ? "discounted at each account's APR" : p.discount === "none" ? "undiscounted" : `discounted at ${percentInWords(p.discount.rate)} a year`;
  return `The book at the start. ${horizon}; ${discount}. Stage 2 from ${p.stage2.daysPastDue} days past due, stage 3 from ${p.stage3.daysPastDue}.`;
}

/**
 * The view's state: the report when the run that shows its result computed one, a message
 * while it runs or when it could not.
 */
export function eclState(ecl: Result<EclReport, string> | null, provisioning: Provisioning, running: boolean): EclState {
  if (ecl === null) {
    return running ? { kind: "computing" } : { kind: "absent", message: "The expected credit loss is computed once a run finishes: run the scenario to the end to see it." };
  }
  if (!ecl.ok) return { kind: "failed", message: ecl.error };
  return {
    kind: "done",
    blocks: eclBlocks(ecl.value),
    byScenario: Object.fromEntries(ecl.value.scenarios.map((s) => [s.name, s.ecl])),
    subtitle: eclSubtitle(provisioning),
    notes: [
      "ECL = Σ over months of the probability of defaulting in that month × LGD × EAD at that month × the discount factor, along each scenario's expected economy; weighted = Σ weight × scenario ECL. Coverage = ECL ÷ exposure.",
      ...ecl.value.notes,
    ],
  };
}
