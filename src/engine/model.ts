/**
 * Compiles validated scenarios (the base and its variants) into per-period numbers the
 * hot loop reads: MODEL.md section 1's conversions done once, nothing left to look up.
 * The result is plain data, so it crosses worker boundaries as it is.
 */
import type { Scenario, Segment } from "../scenario/schema.ts";
import type { NamedScenario } from "../scenario/parse.ts";
import type { Layout } from "./layout.ts";
import { compileMacro, type MacroModel } from "./macro.ts";
import { correlationMatrix } from "../scenario/correlation.ts";
import { annualToPeriod, monthlyToPeriod } from "./normal.ts";
import { pow } from "./math.ts";

export const PRODUCT = { revolving: 0, instalment: 1 } as const;

/** A segment of one variant. Rates are per period unless named monthly or annual. */
export interface SegmentModel {
  name: string;
  product: 0 | 1;
  accounts: number;
  /** Applicants a period (perMonth × periodMonths); 0 without originations. */
  applicantsPerPeriod: number;
  rho: number;
  /** Loadings scaled so that w·C·w = 1. */
  loadings: Float64Array;
  /** The starting accounts' risk: one annual PD for all, or a score distribution. */
  risk: { kind: "pd"; pd: number } | { kind: "score"; mean: number; sd: number };
  /** Maps a score to an annual PD; present with scores or originations. */
  scorecard: { score0: number; odds0: number; pdo: number } | null;
  applicantScore: { mean: number; sd: number } | null;
  limit: { median: number; sigma: number };
  utilization: number;
  ccf: number;
  principal: { median: number; sigma: number };
  termMonths: number;
  /** Monthly rates (APR/12) for the instalment annuity and per-period rates for revolving interest. */
  aprMonthly: number;
  penaltyPerPeriod: number;
  aprPerPeriod: number;
  lateFee: number;
  /** Infinity when there is no cap. */
  feeCap: number;
  attrition: number;
  /** Per-period roll and stay probabilities of D1..Dm; m = roll.length. */
  roll: Float64Array;
  stay: Float64Array;
  rhoRoll: number;
  /** Shares of the starting accounts in D1, D2 … at the start, and in F (already defaulted). */
  startShares: number[];
  startDefaulted: number;
  chargeOffPeriods: number;
  lgd: { mean: number; sd: number; macro: number };
}

export interface PolicyModel {
  minScore: number | null;
  cutOnDelinquency: number;
  trigger: { factor: number; below: number; cut: number } | null;
  forbearance: { offerAt: number; takeUp: number; holidayPeriods: number; redefaultMultiplier: number } | null;
  rollReduction: number;
  /** Collection cost of one account in D1..Dm for one period. */
  collectionCostPerPeriod: number;
  salePrice: number | null;
  /** Funding cost per unit of balance per period. */
  fundingPerPeriod: number;
  /** Credit insurance on the book's net loss; the premium is annual, on balance-years. */
  insurance: { deductible: number; coverage: number; premium: number } | null;
}

export interface VariantModel {
  name: string;
  macro: MacroModel;
  segments: SegmentModel[];
  policy: PolicyModel;
}

export interface Model {
  layout: Layout;
  variantNames: string[];
  simulation: Scenario["simulation"];
  /** Periods T = horizonMonths / periodMonths. */
  periods: number;
  variants: VariantModel[];
}

const scaledLoadings = (seg: Segment, s: Scenario, factors: string[]): Float64Array => {
  const k = factors.length;
  const w = Float64Array.from(factors, (f) => seg.loadings[f] ?? 0);
  const c = correlationMatrix(s.macro.factors);
  let q = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) q += w[i] * c[i * k + j] * w[j];
  return w.map((x) => x / Math.sqrt(q));
};

function compileSegment(seg: Segment, s: Scenario, factors: string[]): SegmentModel {
  const pm = s.simulation.periodMonths;
  const stay = seg.delinquency.stay ?? seg.delinquency.roll.map(() => 0);
  const risk: SegmentModel["risk"] =
    seg.score === undefined ? { kind: "pd", pd: (seg.missRate ?? seg.pd)! } : { kind: "score", mean: seg.score.mean, sd: seg.score.sd };
  const card = seg.scorecard;
  return {
    name: seg.name,
    product: PRODUCT[seg.product],
    accounts: seg.accounts,
    applicantsPerPeriod: seg.originations ? seg.originations.perMonth * pm : 0,
    rho: seg.correlation,
    loadings: scaledLoadings(seg, s, factors),
    risk,
    scorecard: card ? { score0: card.score, odds0: card.odds, pdo: card.pdo } : null,
    applicantScore: seg.originations ? { ...seg.originations.score } : null,
    limit: { ...seg.limit },
    utilization: seg.utilization,
    ccf: seg.ccf,
    principal: { ...seg.principal },
    termMonths: seg.termMonths,
    aprMonthly: seg.apr / 12,
    aprPerPeriod: (seg.apr * pm) / 12,
    penaltyPerPeriod: ((seg.penaltyApr ?? seg.apr) * pm) / 12,
    lateFee: seg.lateFee,
    feeCap: seg.feeCap ?? Infinity,
    attrition: monthlyToPeriod(seg.attrition, pm),
    // A monthly roll rate r becomes 1 − (1 − r)^pm; a stay probability is a persistence, s^pm.
    roll: Float64Array.from(seg.delinquency.roll, (r) => monthlyToPeriod(r, pm)),
    stay: Float64Array.from(stay, (x) => pow(x, pm)),
    rhoRoll: seg.delinquency.correlation ?? seg.correlation,
    startShares: seg.delinquency.start ?? [],
    startDefaulted: seg.delinquency.startDefaulted ?? 0,
    chargeOffPeriods: Math.ceil(seg.chargeOffMonths / pm),
    lgd: { ...seg.lgd },
  };
}

function compilePolicy(s: Scenario, factors: string[]): PolicyModel {
  const p = s.policy;
  const pm = s.simulation.periodMonths;
  const trigger = p.lineManagement?.trigger;
  return {
    minScore: p.approval?.minScore ?? null,
    cutOnDelinquency: p.lineManagement?.cutOnDelinquency ?? 0,
    trigger: trigger ? { factor: factors.indexOf(trigger.factor), below: trigger.below, cut: trigger.cut } : null,
    forbearance: p.forbearance
      ? {
          offerAt: p.forbearance.offerAt,
          takeUp: p.forbearance.takeUp,
          holidayPeriods: Math.ceil(p.forbearance.holidayMonths / pm),
          redefaultMultiplier: p.forbearance.redefaultMultiplier,
        }
      : null,
    rollReduction: p.collections?.rollReduction ?? 0,
    collectionCostPerPeriod: (p.collections?.costPerAccountMonth ?? 0) * pm,
    salePrice: p.nplSale ? p.nplSale.salePrice : null,
    fundingPerPeriod: (p.fundingRate * pm) / 12,
    insurance: p.insurance ? { ...p.insurance } : null,
  };
}

/** Compiles the base (first) and its variants; they share simulation settings and factors. */
export function compileModel(variants: readonly NamedScenario[]): Model {
  const base = variants[0].scenario;
  const { periodMonths, horizonMonths } = base.simulation;
  const T = horizonMonths / periodMonths;
  const compiled = variants.map(({ name, scenario }): VariantModel => {
    const macro = compileMacro(scenario);
    return {
      name,
      macro,
      segments: scenario.segments.map((seg) => compileSegment(seg, scenario, macro.factors)),
      policy: compilePolicy(scenario, macro.factors),
    };
  });
  const layout: Layout = {
    segments: base.segments.map((s) => s.name),
    periods: T,
    periodMonths,
    buckets: Math.max(0, ...compiled.flatMap((v) => v.segments.map((s) => s.roll.length))),
    factors: compiled[0].macro.factors,
    variables: compiled[0].macro.variables.map((v) => v.name),
    tranches: base.tranches.map((t) => ({ ...t })),
  };
  return { layout, variantNames: variants.map((v) => v.name), simulation: base.simulation, periods: T, variants: compiled };
}

/** Annual PD of a score under a scorecard: odds = odds0 · 2^((score − score0)/pdo), PD = 1/(1 + odds). */
export function scorePd(score: number, r: { score0: number; odds0: number; pdo: number }): number {
  return 1 / (1 + r.odds0 * pow(2, (score - r.score0) / r.pdo));
}

/** Per-period hazard from an annual PD (re-exported for the book). */
export const periodHazard = annualToPeriod;
