/**
 * A segment's monthly rates along an expected economy path (docs/model.md, Provisions). The
 * segment's factor x = w·Z is not known month by month: at month t it is normal with mean μ_t
 * and variance σ_t², and each month's conditional rate is integrated over that law in closed
 * form, E[Φ((a − √ρ·X)/√(1 − ρ))] = Φ((a − √ρ·μ_t)/√(1 − ρ + ρ·σ_t²)) (the Vasicek shift of
 * normal.ts `shifted`, averaged), and the LGD's E[Φ(Φ⁻¹(μ) − b·X)] = Φ((Φ⁻¹(μ) − b·μ_t)/√(1 + b²σ_t²)).
 * Each month is integrated on its own marginal law: what this leaves out is the factor's
 * autocorrelation across months (a bad month is followed by bad months, which raises the
 * chance of a miss followed by a roll above the product of their means) and the correlation
 * of PD and LGD within a month. It is exact when ρ = 0 (and b = 0) or when the path is known (σ = 0).
 *
 * Two laws are used: at the reporting date, the stationary factor plus the variant's shifts,
 * μ_t = w·s_t, σ² = 1; from a known state x at the horizon, μ_j = φ^j·x + w·s, σ_j² = 1 − φ^(2j),
 * j periods after it (φ the segment's persistence per period). Past the horizon of the scenario
 * a shift holds its last value, as a path's last value holds to the horizon.
 */
import type { Calibration } from "../burdenChain.ts";
import type { PolicyModel, SegmentModel } from "../model.ts";
import type { MacroModel } from "../macro.ts";
import { factorCov, type LinkModel } from "../link.ts";
import { perMonth, withinMonths } from "../../math/ladderChain.ts";
import { Phi, PhiInv } from "../../math/normal.ts";
import { collectedRoll } from "../levers/collections.ts";
import { lgdPastHorizon, NplSale, segmentSale } from "../levers/nplSale.ts";
import type { MonthlyRates } from "./chain.ts";

/** The law of the segment's factor by month: mu[t − 1], sigma2[t − 1] for t = 1..months. */
export interface FactorLaw {
  months: number;
  mu: Float64Array;
  sigma2: Float64Array;
}

/** w·s of period t (1-based), the last period's past the horizon. */
function loadedShift(macro: MacroModel, loadings: Float64Array, T: number, t: number): number {
  const p = Math.min(t, T);
  let x = 0;
  for (let k = 0; k < loadings.length; k++) x += loadings[k] * macro.shift[k * T + p - 1];
  return x;
}

/**
 * At the reporting date (the start), the law of the index the segment's hazard reads
 * (docs/model.md §14.3): its factor w·Z, stationary with the variant's shifts (σ² = 1, or 0
 * under `macro.residual: zero`); or a linked segment's index x_e = (√(ρ_r/(1−ρ_r))·w·Z − Σ β·u)/σ
 * (link.ts), whose mean follows the variables' expected paths (a fixed path's values, a
 * factor's view at its shifts) and whose variance is that of its random parts: the residual,
 * and the variables that are not held on a path.
 */
export function reportingLaw(macro: MacroModel, s: Pick<SegmentModel, "loadings" | "link">, periods: number, periodMonths: number, months: number): FactorLaw {
  const mu = new Float64Array(months);
  const sigma2 = new Float64Array(months);
  const link = s.link;
  if (link === null) {
    sigma2.fill(macro.noise ? 1 : 0);
    for (let t = 1; t <= months; t++) mu[t - 1] = loadedShift(macro, s.loadings, periods, Math.ceil(t / periodMonths));
    return { months, mu, sigma2 };
  }
  const variance = macro.noise ? randomVariance(macro, s.loadings, link) : 0;
  sigma2.fill(variance / (link.sigma * link.sigma));
  for (let t = 1; t <= months; t++) {
    const p = Math.ceil(t / periodMonths);
    mu[t - 1] = (link.residualScale * loadedShift(macro, s.loadings, periods, p) - expectedTerms(macro, link, periods, periodMonths, p)) / link.sigma;
  }
  return { months, mu, sigma2 };
}

/** Σ β·E[u] of a link in period p: a variable's fixed path, or its factor's view at the shift (0 before the start). */
function expectedTerms(macro: MacroModel, link: LinkModel, periods: number, periodMonths: number, p: number): number {
  const value = (j: number, q: number): number => {
    const v = macro.variables[j];
    if (v.fixed !== null) return v.fixed[Math.min(Math.max(q * periodMonths, 0), v.fixed.length - 1)];
    return q >= 1 ? v.mean + v.sensitivity * macro.shift[v.factor * periods + Math.min(q, periods) - 1] : v.mean;
  };
  let s = 0;
  for (const term of link.terms) {
    const at = value(term.variable, p - term.lag);
    s += term.beta * (term.change > 0 ? at - value(term.variable, p - term.lag - term.change) : at - macro.variables[term.variable].mean);
  }
  return s;
}

/** The variance of the random part of a link's S: the residual and the terms of variables not held on a path. */
function randomVariance(macro: MacroModel, loadings: Float64Array, link: LinkModel): number {
  const corr = correlationOf(macro);
  const pieces: { c: number; k: number; delay: number }[] = [];
  loadings.forEach((w, k) => {
    if (w !== 0 && link.residualScale > 0) pieces.push({ c: -link.residualScale * w, k, delay: 0 });
  });
  for (const t of link.terms) {
    const v = macro.variables[t.variable];
    if (v.fixed !== null) continue;
    pieces.push({ c: t.beta * v.sensitivity, k: v.factor, delay: t.lag });
    if (t.change > 0) pieces.push({ c: -t.beta * v.sensitivity, k: v.factor, delay: t.lag + t.change });
  }
  let variance = 0;
  for (const a of pieces) for (const b of pieces) variance += a.c * b.c * factorCov(macro, corr, a.k, -a.delay, b.k, -b.delay);
  return variance;
}

/** The factors' innovation correlation matrix, L·Lᵀ of its Cholesky factor, row-major. */
function correlationOf(macro: MacroModel): Float64Array {
  const K = macro.factors.length;
  const L = macro.cholesky;
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) for (let k = 0; k < K; k++) C[i * K + j] += L[i * K + k] * L[j * K + k];
  return C;
}

/**
 * After the horizon, from the path's own factor: x the segment's factor in the last period
 * without its shift, `shift` the last period's w·s, φ the persistence per period.
 */
export function horizonLaw(x: number, shift: number, persistence: number, periodMonths: number, months: number, into?: FactorLaw): FactorLaw {
  const law = into && into.months >= months ? into : { months, mu: new Float64Array(months), sigma2: new Float64Array(months) };
  let phi = 1;
  let period = 0;
  for (let j = 1; j <= months; j++) {
    const p = Math.ceil(j / periodMonths);
    if (p !== period) {
      period = p;
      // Below 1e-15 the state is forgotten: the law is then constant, and its rates are reused.
      phi = phi * persistence < 1e-15 ? 0 : phi * persistence;
    }
    law.mu[j - 1] = phi * x + shift;
    law.sigma2[j - 1] = 1 - phi * phi;
  }
  return law;
}

/** The integrated Vasicek shift of p under loading ρ when the factor is N(μ, σ²). */
export function expectedShifted(p: number, rho: number, mu: number, sigma2: number): number {
  if (p <= 0 || p >= 1 || rho === 0) return p;
  return Phi((PhiInv(p) - Math.sqrt(rho) * mu) / Math.sqrt(1 - rho + rho * sigma2));
}

export interface SegmentRatesOptions {
  s: SegmentModel;
  cal: Calibration;
  policy: PolicyModel;
  law: FactorLaw;
}

/**
 * The threshold-free part of a segment's rates along a law: rolls on the base's calibrated
 * chain (burdenChain.ts) with collections' reduction, stays, attrition, the LGD (its mean, or
 * 1 − the sale price with an NPL sale). `hazard` is left at 0 for `fillHazard`.
 */
export function segmentRates({ s, cal, policy, law }: SegmentRatesOptions, into?: MonthlyRates): MonthlyRates {
  const L = law.months;
  const m = s.roll.length;
  const r =
    into && into.hazard.length >= L && into.roll.length >= L * m
      ? into
      : { months: L, hazard: new Float64Array(L), roll: new Float64Array(L * m), stay: s.stay, attrition: s.attrition, lgd: new Float64Array(L) };
  r.months = L;
  const b = s.lgd.macro;
  const sale = segmentSale(policy, m, s.recovery.curve);
  const sells = new NplSale(policy).sells;
  const lgdAt = PhiInv(s.lgd.mean);
  const rolls = cal.ladder.roll;
  // Probits once: the rolls' thresholds do not change along the law.
  const probit = Float64Array.from(rolls, (x) => (x > 0 && x < 1 ? PhiInv(x) : NaN));
  const kr = Math.sqrt(s.rhoRoll);
  let lastMu = NaN;
  let lastV = NaN;
  for (let t = 0; t < L; t++) {
    const mu = law.mu[t];
    const v = law.sigma2[t];
    if (t > 0 && mu === lastMu && v === lastV) {
      // The same law as last month: the same rates.
      for (let k = 0; k < m; k++) r.roll[t * m + k] = r.roll[(t - 1) * m + k];
      r.lgd[t] = r.lgd[t - 1];
      continue;
    }
    lastMu = mu;
    lastV = v;
    const scale = Math.sqrt(1 - s.rhoRoll + s.rhoRoll * v);
    for (let k = 0; k < m; k++) {
      const x = Number.isNaN(probit[k]) || s.rhoRoll === 0 ? rolls[k] : Phi((probit[k] - kr * mu) / scale);
      r.roll[t * m + k] = collectedRoll(policy, x, s.stay[k]);
    }
    const mean = b > 0 ? Phi((lgdAt - b * mu) / Math.sqrt(1 + b * b * v)) : s.lgd.mean;
    // A share price's loss, or the buyer's value of the workout at the month's mean LGD, after the seller's recoveries (levers/nplSale.ts).
    r.lgd[t] = lgdPastHorizon(sale, sells, mean);
  }
  return r;
}

export interface HazardOptions {
  /** Latent threshold a of the period's miss probability q = Φ(a) before the miss multiplier (book.ts columns `a`). */
  threshold: number;
  rho: number;
  periodMonths: number;
  /** The calibration's miss multiplier (burdenChain.ts): the hazard the book defaults at is m × its own. */
  missMultiplier: number;
  /** A seasoning multiplier by month, t = 1.. at index t − 1 (absent: 1). */
  multiplier?: ArrayLike<number>;
}

/** Fills r.hazard along `law`: h_t = min(1, multiplier_t · m · h(E[q_t])). */
export function fillHazard(r: MonthlyRates, law: FactorLaw, o: HazardOptions): void {
  const q = Phi(o.threshold);
  let lastMu = NaN;
  let lastV = NaN;
  let h = 0;
  for (let t = 0; t < r.months; t++) {
    const mu = law.mu[t];
    const v = law.sigma2[t];
    if (mu !== lastMu || v !== lastV) {
      lastMu = mu;
      lastV = v;
      h = Math.min(1, o.missMultiplier * perMonth(expectedShifted(q, o.rho, mu, v), o.periodMonths));
    }
    const x = o.multiplier ? h * o.multiplier[t] : h;
    r.hazard[t] = x < 1 ? x : 1;
  }
}

/** The latent threshold of a monthly hazard h over a period: Φ⁻¹(1 − (1 − h)^pm). */
export const thresholdOfMonthly = (h: number, periodMonths: number): number => PhiInv(withinMonths(h, periodMonths));
