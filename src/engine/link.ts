/**
 * A segment's macro link (MODEL.md version 3 §2; docs/model.md §2.2). Given the economy, the
 * probit of a current account's miss in period t is
 *     (a − √ρ_r · x_t)/√(1 − ρ_r) + Σ_j β_j · u_j,t,
 * x_t = w·Z_t the segment's own (residual) factor, ρ_r its per-period loading, u_j,t a named
 * variable's level less its long-run mean, or its change, lagged. Written as
 *     a/√(1 − ρ_r) + S_t,   S_t = −√(ρ_r/(1−ρ_r)) · x_t + Σ β_j u_j,t,
 * where S is Gaussian in the stationary economy (each variable its factor's view, no shift)
 * with variance σ². So the linked segment is exactly an unlinked one with per-period loading
 * ρ_e = σ²/(1+σ²) on the standardized index x_e = −S/σ (negative is bad, as x), threshold
 * a_e = a·√(1−ρ_e)/√(1−ρ_r): the engine runs it as that, and `pd` through the cycle
 * (MODEL.md v3 §3) is solved for a_e as for any segment. S's persistence is its lag-one
 * autocorrelation (exact for one level term at lag 0 on the residual's factor; an AR(1)
 * reading of S otherwise, as for a mixture of factors, segmentInputs.ts).
 */
import type { Segment } from "../scenario/schema.ts";
import type { MacroModel } from "./macro.ts";
import { variableAt } from "./macro.ts";
import { pow } from "../math/elementary.ts";

/** A compiled link: what turns the residual and the variables into the index x_e. */
export interface LinkModel {
  /** Terms with their lag and change in periods; `variable` indexes the macro model's variables. */
  terms: { variable: number; beta: number; lag: number; change: number }[];
  /** √(ρ_r/(1−ρ_r)): the residual's weight in S. */
  residualScale: number;
  /** σ, the standard deviation of S in the stationary economy. */
  sigma: number;
  /** ρ_e = σ²/(1+σ²) and S's lag-one autocorrelation: the segment's loading and persistence. */
  rho: number;
  persistence: number;
}

/** One piece of S: coefficient × Z_k at `delay` periods before t. */
interface Piece {
  c: number;
  k: number;
  delay: number;
}

/**
 * Cov(Z_k,a, Z_l,b) of the stationary factors: C_kl φ_l^(b−a) for b ≥ a (the later factor's
 * persistence carries the earlier value forward), exact for one factor or equal persistences.
 */
export function factorCov(m: MacroModel, corr: Float64Array, k: number, a: number, l: number, b: number): number {
  const K = m.factors.length;
  const c = corr[k * K + l];
  return b >= a ? c * pow(m.persistence[l], b - a) : c * pow(m.persistence[k], a - b);
}

/**
 * Compiles a segment's link, or null when it has none or every β is 0 (then the segment is
 * the unlinked one with correlation residualCorrelation, path by path). `rhoResidual` is the
 * per-period loading compiled from residualCorrelation (calibrate.ts), `loadings` the scaled w.
 */
export function compileLink(
  link: Segment["link"],
  o: { macro: MacroModel; corr: Float64Array; loadings: Float64Array; rhoResidual: number; periodMonths: number },
): LinkModel | null {
  if (link === undefined || link.terms.every((t) => t.beta === 0)) return null;
  const { macro } = o;
  const names = macro.variables.map((v) => v.name);
  const terms = link.terms
    .filter((t) => t.beta !== 0)
    .map((t) => ({ variable: names.indexOf(t.variable), beta: t.beta, lag: t.lag / o.periodMonths, change: t.change / o.periodMonths }));
  const residualScale = Math.sqrt(o.rhoResidual / (1 - o.rhoResidual));
  const pieces: Piece[] = [];
  o.loadings.forEach((w, k) => {
    if (w !== 0 && residualScale > 0) pieces.push({ c: -residualScale * w, k, delay: 0 });
  });
  for (const t of terms) {
    const v = macro.variables[t.variable];
    pieces.push({ c: t.beta * v.sensitivity, k: v.factor, delay: t.lag });
    if (t.change > 0) pieces.push({ c: -t.beta * v.sensitivity, k: v.factor, delay: t.lag + t.change });
  }
  let variance = 0;
  let lagOne = 0;
  for (const p of pieces) {
    for (const q of pieces) {
      variance += p.c * q.c * factorCov(macro, o.corr, p.k, -p.delay, q.k, -q.delay);
      lagOne += p.c * q.c * factorCov(macro, o.corr, p.k, -p.delay, q.k, 1 - q.delay);
    }
  }
  if (!(variance > 0)) return null;
  const sigma = Math.sqrt(variance);
  return {
    terms,
    residualScale,
    sigma,
    rho: variance / (1 + variance),
    persistence: Math.min(Math.max(lagOne / variance, 0), 1),
  };
}

/**
 * Replaces the residual x_t (t = 1..T at index t − 1) by the linked index
 * x_e,t = (√(ρ_r/(1−ρ_r)) · x_t − Σ β_j u_j,t)/σ, in place.
 */
export function linkIndex(
  link: LinkModel,
  macro: MacroModel,
  path: { Z: Float64Array; history: Float64Array; periodMonths: number },
  x: Float64Array,
): void {
  const { Z, history, periodMonths } = path;
  for (let t = 1; t <= x.length; t++) {
    let s = 0;
    for (const term of link.terms) {
      const v = macro.variables[term.variable];
      const at = variableAt(macro, term.variable, t - term.lag, Z, history, periodMonths);
      const u = term.change > 0 ? at - variableAt(macro, term.variable, t - term.lag - term.change, Z, history, periodMonths) : at - v.mean;
      s += term.beta * u;
    }
    x[t - 1] = (link.residualScale * x[t - 1] - s) / link.sigma;
  }
}

/** Periods of history before the start the model's links read: the longest lag + change. */
export function historyPeriods(segments: readonly { link: LinkModel | null }[][]): number {
  let D = 0;
  for (const list of segments) for (const s of list) for (const t of s.link?.terms ?? []) D = Math.max(D, t.lag + t.change);
  return D;
}
