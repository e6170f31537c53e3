/**
 * The through-the-cycle steady-state mix of a segment's starting book (docs/model.md §4.4):
 * where a running book's accounts are, month-end by month-end, when the book has run long
 * enough that its mix no longer changes, each account that leaves (written off, closed,
 * repaid) replaced by a new current one. The monthly chain is §4's at the economy's average
 * rates: a current account misses with its through-the-cycle monthly hazard h, Dk rolls
 * with r_k and stays with s_k (the rest cure), and a default spends `chargeOffMonths`
 * month-ends in F. Attrition takes accounts from C and the replacement puts them back in
 * C, so it leaves the mix unchanged.
 *
 * Balance of flows at the stationary month-end masses (c in C, d_k in Dk, f a month into F):
 * d_1 = h·c + s_1·d_1, d_(k+1) = r_k·d_k + s_(k+1)·d_(k+1), f = r_m·d_m (f = h·c without a
 * ladder), F = chargeOffMonths·f, and c + Σd + F = 1.
 */
import type { SegmentModel } from "./model.ts";

export interface SteadyMix {
  /** Shares of the accounts in D1..Dm. */
  arrears: Float64Array;
  /** Share in F, spread evenly over the work-out's month-ends. */
  defaulted: number;
}

/** The steady mix of an account with monthly first-miss hazard h on the segment's ladder. */
export function steadyMix(h: number, s: Pick<SegmentModel, "roll" | "stay" | "chargeOffMonths">, out?: SteadyMix): SteadyMix {
  const m = s.roll.length;
  const mix = out ?? { arrears: new Float64Array(m), defaulted: 0 };
  // Masses relative to c = 1.
  let inflow = h;
  let total = 1;
  for (let k = 0; k < m; k++) {
    // A bucket nobody leaves (stay 1) holds every account in the long run.
    const d = s.stay[k] < 1 ? inflow / (1 - s.stay[k]) : inflow > 0 ? Infinity : 0;
    mix.arrears[k] = d;
    total += d;
    inflow = s.roll[k] * d;
  }
  const f = s.chargeOffMonths * inflow;
  total += f;
  if (!Number.isFinite(total)) {
    // Everyone ends in the first bucket that keeps them.
    const k = mix.arrears.findIndex((x) => x === Infinity);
    mix.arrears.fill(0);
    mix.arrears[k] = 1;
    mix.defaulted = 0;
    return mix;
  }
  for (let k = 0; k < m; k++) mix.arrears[k] /= total;
  mix.defaulted = f / total;
  return mix;
}
