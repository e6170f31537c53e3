/**
 * Whether a scenario is the one-period Vasicek case of MODEL.md section 4, where the
 * simulated default rate can be laid over its closed form: one 12-month period, one
 * segment with a single annual PD, and no delinquency ladder (a miss is a default).
 */
import type { Scenario } from "../../../scenario/schema.ts";
import { baselCapital, vasicekQuantile } from "./vasicek.ts";

export type TeachingView =
  | {
      kind: "vasicek";
      segment: string;
      pd: number;
      rho: number;
      lgd: number;
      /** The default rate exceeded once in a thousand years: the Basel 99.9% point. */
      q999: number;
      /** Basel IRB capital per unit of exposure, with R = the segment's correlation. */
      capital: number;
    }
  /** `reason` says why a scenario of the right shape still has no closed form; null otherwise. */
  | { kind: "none"; reason: string | null };

/** The closed-form view of `scenario`, or why there is none. */
export function teachingView(scenario: Scenario | null): TeachingView {
  if (!scenario) return { kind: "none", reason: null };
  const { periodMonths, horizonMonths } = scenario.simulation;
  const seg = scenario.segments.length === 1 ? scenario.segments[0] : undefined;
  const shape =
    periodMonths === 12 &&
    horizonMonths === 12 &&
    seg !== undefined &&
    seg.pd !== undefined &&
    seg.delinquency.roll.length === 0;
  if (!shape || seg === undefined || seg.pd === undefined) return { kind: "none", reason: null };
  // The closed form holds for a factor drawn around 0 and a fixed book; a shock moves
  // the factor's mean and new accounts change the denominator.
  if (scenario.macro.shocks.length > 0) {
    return { kind: "none", reason: "The closed form is not drawn: the scenario shifts the economy (macro.shocks)." };
  }
  if (seg.originations) {
    return { kind: "none", reason: "The closed form is not drawn: the segment books new accounts (originations)." };
  }
  if (seg.correlation === 0) {
    return {
      kind: "none",
      reason: "With correlation 0 defaults are independent: the default rate is binomial around the PD, and the Vasicek density collapses to a point.",
    };
  }
  const pd = seg.pd;
  const rho = seg.correlation;
  return {
    kind: "vasicek",
    segment: seg.name,
    pd,
    rho,
    lgd: seg.lgd.mean,
    q999: vasicekQuantile(0.999, pd, rho),
    capital: baselCapital(pd, rho, seg.lgd.mean),
  };
}
