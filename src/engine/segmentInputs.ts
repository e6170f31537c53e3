/**
 * What a segment's economy and scorecard compile to, before the model that holds them:
 * its loadings scaled so that its factor w·X has variance 1, that factor's persistence,
 * and the annual rate of a score under its scorecard.
 */
import type { MacroModel } from "./macro.ts";
import { pow } from "../math/elementary.ts";
import { correlationMatrix } from "../scenario/correlation.ts";
import type { Scenario, Segment } from "../scenario/schema.ts";

export const scaledLoadings = (seg: Segment, s: Scenario, factors: string[]): Float64Array => {
  const k = factors.length;
  const w = Float64Array.from(factors, (f) => seg.loadings[f] ?? 0);
  const c = correlationMatrix(s.macro.factors);
  let q = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) q += w[i] * c[i * k + j] * w[j];
  return w.map((x) => x / Math.sqrt(q));
};

/**
 * The per-period lag-one autocorrelation of the segment's factor w·X: Σ w_i w_j φ_i C_ij with
 * w·C·w = 1, exact for one factor or equal persistences, else the AR(1) the calibration
 * treats the mixture as (docs/model.md §2).
 */
export function segmentPersistence(w: Float64Array, s: Scenario, macro: MacroModel): number {
  const k = w.length;
  const c = correlationMatrix(s.macro.factors);
  let r = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) r += w[i] * w[j] * macro.persistence[i] * c[i * k + j];
  return Math.min(Math.max(r, 0), 1);
}

/** Annual rate of a score under a scorecard: odds = odds0 · 2^((score − score0)/pdo), rate = 1/(1 + odds). */
export function scorePd(score: number, r: { score0: number; odds0: number; pdo: number }): number {
  return 1 / (1 + r.odds0 * pow(2, (score - r.score0) / r.pdo));
}
