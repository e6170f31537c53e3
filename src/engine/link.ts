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
 *
 * The rolls may have a link of their own (`link.roll`): the same construction on the roll
 * rates, probit roll_t = (c − √ρ_rr · x_t)/√(1 − ρ_rr) + Σ_j β_j u_j,t, with ρ_rr the rolls'
 * monthly loading and c set so that the roll as given is its mean over the stationary
 * economy. The rolls then run on their own index x_r = −S_r/σ_r at loading σ_r²/(1+σ_r²)
 * (compileRollLink, rollIndex); what reads the rolls through the miss's index alone (the
 * calibration through the ladder, the steady start, the allowance) reads their mean given it,
 * the loading times the squared correlation of the two indices (exact for one month).
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

/** A compiled roll link (link.roll): what turns the residual and the variables into the rolls' own index x_r. */
export interface RollLinkModel {
  /** As LinkModel's; none when every β is 0: then x_r is the residual itself. */
  terms: LinkModel["terms"];
  residualScale: number;
  sigma: number;
  /** The rolls' monthly loading on x_r: σ_r²/(1+σ_r²), or the residual's own without terms. */
  rho: number;
  /** The loading of the rolls' mean given the miss's index: rho × corr(x_r, miss index)². */
  rhoOnMiss: number;
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

/** The pieces of S = −√(ρ_r/(1−ρ_r))·w·Z + Σ β u, and their variance and lag-one autocovariance. */
function piecesOf(terms: LinkModel["terms"], residualScale: number, o: { macro: MacroModel; corr: Float64Array; loadings: Float64Array }): Piece[] {
  const pieces: Piece[] = [];
  o.loadings.forEach((w, k) => {
    if (w !== 0 && residualScale > 0) pieces.push({ c: -residualScale * w, k, delay: 0 });
  });
  for (const t of terms) {
    const v = o.macro.variables[t.variable];
    pieces.push({ c: t.beta * v.sensitivity, k: v.factor, delay: t.lag });
    if (t.change > 0) pieces.push({ c: -t.beta * v.sensitivity, k: v.factor, delay: t.lag + t.change });
  }
  return pieces;
}

/** Σ_p Σ_q c_p c_q Cov(Z at p's time, Z at q's time shifted by `ahead` periods). */
function covariance(a: Piece[], b: Piece[], macro: MacroModel, corr: Float64Array, ahead: number): number {
  let s = 0;
  for (const p of a) for (const q of b) s += p.c * q.c * factorCov(macro, corr, p.k, -p.delay, q.k, ahead - q.delay);
  return s;
}

/** The terms with a β other than 0, their lag and change in periods, their variable by index. */
function compileTerms(terms: NonNullable<Segment["link"]>["terms"], macro: MacroModel, periodMonths: number): LinkModel["terms"] {
  const names = macro.variables.map((v) => v.name);
  return terms
    .filter((t) => t.beta !== 0)
    .map((t) => ({ variable: names.indexOf(t.variable), beta: t.beta, lag: t.lag / periodMonths, change: t.change / periodMonths }));
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
  const terms = compileTerms(link.terms, o.macro, o.periodMonths);
  const residualScale = Math.sqrt(o.rhoResidual / (1 - o.rhoResidual));
  const pieces = piecesOf(terms, residualScale, o);
  const variance = covariance(pieces, pieces, o.macro, o.corr, 0);
  const lagOne = covariance(pieces, pieces, o.macro, o.corr, 1);
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
 * Compiles a roll link (`link.roll`), or null without one. `rhoResidual` is the rolls' monthly
 * loading compiled from its residualCorrelation as `delinquency.correlation` is (calibrate.ts),
 * `miss` the segment's compiled link (null: the miss runs on the residual w·Z itself). With
 * every β = 0 the rolls run on the residual at that loading: for an unlinked miss, exactly the
 * unlinked rolls.
 */
export function compileRollLink(
  roll: NonNullable<Segment["link"]>["roll"],
  o: { macro: MacroModel; corr: Float64Array; loadings: Float64Array; rhoResidual: number; periodMonths: number; miss: LinkModel | null },
): RollLinkModel | null {
  if (roll === undefined) return null;
  const terms = compileTerms(roll.terms, o.macro, o.periodMonths);
  const residualScale = Math.sqrt(o.rhoResidual / (1 - o.rhoResidual));
  // The miss's index as pieces of −x: its S (linked), or w·Z itself with the sign of an S.
  const miss = o.miss ? piecesOf(o.miss.terms, o.miss.residualScale, o) : piecesOf([], 1, o);
  const missVariance = o.miss ? o.miss.sigma * o.miss.sigma : 1;
  if (terms.length === 0) {
    const onMiss = o.miss === null ? 1 : covariance(piecesOf([], 1, o), miss, o.macro, o.corr, 0) ** 2 / missVariance;
    return { terms, residualScale, sigma: residualScale, rho: o.rhoResidual, rhoOnMiss: o.rhoResidual * Math.min(onMiss, 1) };
  }
  const pieces = piecesOf(terms, residualScale, o);
  const variance = covariance(pieces, pieces, o.macro, o.corr, 0);
  const rho = variance / (1 + variance);
  const onMiss = covariance(pieces, miss, o.macro, o.corr, 0) ** 2 / (variance * missVariance);
  return { terms, residualScale, sigma: Math.sqrt(variance), rho, rhoOnMiss: rho * Math.min(onMiss, 1) };
}

/** Σ β·u of a link's terms in period t (1-based). */
function termSum(terms: LinkModel["terms"], macro: MacroModel, t: number, path: { Z: Float64Array; history: Float64Array; periodMonths: number }): number {
  const { Z, history, periodMonths } = path;
  let s = 0;
  for (const term of terms) {
    const v = macro.variables[term.variable];
    const at = variableAt(macro, term.variable, t - term.lag, Z, history, periodMonths);
    const u = term.change > 0 ? at - variableAt(macro, term.variable, t - term.lag - term.change, Z, history, periodMonths) : at - v.mean;
    s += term.beta * u;
  }
  return s;
}

/**
 * The rolls' own index x_r,t = (√(ρ_rr/(1−ρ_rr)) · x_t − Σ β_j u_j,t)/σ_r into `out`, from the
 * residual x (before linkIndex replaces it); the residual itself when no β is other than 0.
 */
export function rollIndex(link: RollLinkModel, macro: MacroModel, path: { Z: Float64Array; history: Float64Array; periodMonths: number }, x: Float64Array, out: Float64Array): void {
  if (link.terms.length === 0) {
    out.set(x);
    return;
  }
  for (let t = 1; t <= x.length; t++) out[t - 1] = (link.residualScale * x[t - 1] - termSum(link.terms, macro, t, path)) / link.sigma;
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
  for (let t = 1; t <= x.length; t++) {
    const s = termSum(link.terms, macro, t, path);
    x[t - 1] = (link.residualScale * x[t - 1] - s) / link.sigma;
  }
}

/** Periods of history before the start the model's links read: the longest lag + change. */
export function historyPeriods(segments: readonly { link: LinkModel | null; rollLink: RollLinkModel | null }[][]): number {
  let D = 0;
  for (const list of segments) for (const s of list) for (const t of [...(s.link?.terms ?? []), ...(s.rollLink?.terms ?? [])]) D = Math.max(D, t.lag + t.change);
  return D;
}
