/**
 * A segment's recovery timeline as the engine reads it (docs/model.md §6.1): shares of a
 * default's recovery by months since default, summing to 1, and the workout's costs as a
 * share of the cash recovered. The workout itself is recovery.ts.
 */
import type { Segment } from "../scenario/schema.ts";

export interface RecoveryModel {
  curve: Float64Array;
  costRate: number;
}

/** The compiled timeline of a segment's recoveries: a curve summing to 1, from a curve or a capped hazard. */
export function compileRecovery(r: Segment["recovery"]): RecoveryModel {
  if (!r) return { curve: Float64Array.of(1), costRate: 0 };
  if (r.hazard) {
    const { monthly: h, capMonths: M } = r.hazard;
    const curve = new Float64Array(M);
    let left = 1;
    for (let k = 0; k < M; k++) {
      curve[k] = h * left;
      left *= 1 - h;
    }
    // Scaled to the whole recovery: what a hazard leaves after capMonths is recovered along the same shape.
    const total = 1 - left;
    for (let k = 0; k < M; k++) curve[k] /= total;
    return { curve, costRate: r.costRate };
  }
  return { curve: Float64Array.from(r.curve ?? [1]), costRate: r.costRate };
}

