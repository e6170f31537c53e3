/**
 * Cohort estimates of the ladder's monthly rates from transition counts (the "cohort
 * method" of Jafry & Schuermann 2004, and of MATLAB's `transprob`): each rate is the share
 * of the account-months starting in a state that went to the target state.
 * - miss h: from C into any bucket or F (a jump past D1 is read as a miss);
 * - attrition: from C into P, among those that did not miss: the engine draws attrition
 *   after the miss (MODEL.md v2 §4: "else attrite"), so this is its conditional rate;
 * - roll r_k: from Dk to any worse state (D(k+1), deeper, or F); stay s_k: Dk to Dk;
 *   cure: Dk to C, to a lighter bucket, or to P (repaid while late): the engine's ladder
 *   has only "cure to C" for an account that gets better.
 * Each with its Wilson interval (see `interval.ts`).
 */
import { wilson, type Estimate } from "./interval.ts";
import type { SegmentCounts } from "./transitions.ts";

export interface Rates {
  miss: Estimate;
  attrition: Estimate;
  roll: Estimate[];
  stay: Estimate[];
  cure: Estimate[];
  /** Account-months from C, and from each bucket. */
  fromCurrent: number;
  fromBucket: number[];
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

export function cohortRates(c: SegmentCounts): Rates {
  const m = c.buckets;
  const F = m + 1;
  const P = m + 2;
  const fromC = c.counts[0];
  const nC = sum(fromC);
  const missed = sum(fromC.slice(1, F + 1));
  const roll: Estimate[] = [];
  const stay: Estimate[] = [];
  const cure: Estimate[] = [];
  const fromBucket: number[] = [];
  for (let k = 1; k <= m; k++) {
    const row = c.counts[k];
    const n = sum(row);
    fromBucket.push(n);
    roll.push(wilson(sum(row.slice(k + 1, F + 1)), n));
    stay.push(wilson(row[k], n));
    cure.push(wilson(sum(row.slice(0, k)) + row[P], n));
  }
  return { miss: wilson(missed, nC), attrition: wilson(fromC[P], nC - missed), roll, stay, cure, fromCurrent: nC, fromBucket };
}
