/**
 * The expected credit loss of a scenario's starting book (docs/model.md, Provisions): every
 * account staged, its 12-month or lifetime ECL under each weighted scenario's expected economy
 * (economy.ts, chain.ts), and the weighted sum. A tape's rows are grouped by what their ECL
 * per unit of exposure depends on (PD, state, months left, discount rate), so a million rows
 * cost as many chains as they have distinct groups. A segment given by `accounts` is its
 * expected starting book: its starting states' shares (given, or the steady mix) × mean
 * exposures, scores on Gauss–Hermite nodes.
 */
import type { Provisioning, Seasoning } from "../../scenario/schema.ts";
import { seasoningMultiplier, startMonthsOnBook } from "../../scenario/seasoning.ts";
import { calibratedThresholds, calibrationOf, type Calibration } from "../burdenChain.ts";
import { HazardSolver } from "../hazard.ts";
import { PRODUCT, type Model, type RiskBasis, type SegmentModel, type VariantModel } from "../model.ts";
import { scorePd } from "../segmentInputs.ts";
import { EconomyMix } from "../steady.ts";
import { MONTHS_ON_BOOK_NOT_GIVEN, PAYMENTS_NOT_GIVEN, STATE_F } from "../../data/tape.ts";
import { gaussHermite } from "../../math/factorGrid.ts";
import { exp } from "../../math/elementary.ts";
import { CurrentMass, episodeValues, fromMass, type EpisodeValues, type MonthlyRates } from "./chain.ts";
import { fillHazard, reportingLaw, segmentRates, type FactorLaw } from "./economy.ts";

export type StageKey = "1" | "2" | "3";
export interface StageTotals {
  accounts: number;
  exposure: number;
  ecl: number;
}
export type StageTable = Record<StageKey, StageTotals>;

export interface EclReport {
  standard: Provisioning["standard"];
  /** The weighted ECL. */
  ecl: number;
  /** Accounts and exposure by stage, with the weighted ECL. */
  stages: StageTable;
  scenarios: { name: string; weight: number; ecl: number; stages: StageTable }[];
  /** Per tape row of each tape segment, in the tape's order: its stage and weighted ECL. */
  rows: { segment: string; stage: Uint8Array; ecl: Float64Array; exposure: Float64Array }[];
  /** One line each: how a segment was read. */
  notes: string[];
}

/** Months of rates past the longest remaining life, so that arrears resolve before the closed-form tail. */
const TAIL_MONTHS = 120;
/** Score nodes of a segment given by accounts and a score distribution. */
const SCORE_NODES = 16;

/** The stage of bucket k (1-based) by days past due: Dk spans 30(k−1)+1 … 30k, more than d when 30(k−1) ≥ d. */
export const beyond = (k: number, days: number): boolean => 30 * (k - 1) >= days;

/** A group of identical accounts: what its ECL per unit exposure depends on, and its members' exposures. */
interface Group {
  pd: number;
  /** What pd means: a default PD (a tape row's own), or the segment's basis (a miss rate in a version 1 file or with missRate). */
  basis: RiskBasis;
  /** Annual PD at origination (the stage 2 test's reference), of `basis` when it is the segment's own, else a default PD. */
  origin: number;
  originBasis: RiskBasis;
  /** Months on book at the reporting date (the seasoning curve's age; 0 without one). */
  age: number;
  state: number; // 0 = C, k = Dk, −1 = F
  months: number;
  discount: number;
  /** Unit of the chain's ECL: the balance of a loan, the EAD of a line. */
  units: number;
  exposure: number;
  accounts: number;
  /** Tape rows of the group (segment-relative), or none for an expected book. */
  rows: number[] | null;
}

const emptyStages = (): StageTable => ({ "1": { accounts: 0, exposure: 0, ecl: 0 }, "2": { accounts: 0, exposure: 0, ecl: 0 }, "3": { accounts: 0, exposure: 0, ecl: 0 } });

/** The weights by variant index: the scenario's, or the base alone. */
function weightsOf(model: Model, p: Provisioning): { vi: number; name: string; weight: number }[] {
  const given = p.scenarios ?? { base: 1 };
  return Object.entries(given).map(([name, weight]) => {
    const vi = model.variantNames.indexOf(name);
    if (vi < 0) throw new Error(`eclReport: no variant ${name}`);
    return { vi, name, weight };
  });
}

/** A discount of the account's APR, a stated rate, or none, a month. */
function discountOf(p: Provisioning, apr: number): number {
  if (p.discount === "none") return 0;
  if (p.discount === "apr") return apr;
  return p.discount.rate / 12;
}

/** The segment's own annual PD: its rate, or the PD of its mean score. */
function segmentPd(s: SegmentModel): number {
  if (s.risk.kind === "rate") return s.risk.annual;
  return s.scorecard ? scorePd(s.risk.mean, s.scorecard) : NaN;
}

/** The groups of a segment: a tape's rows, or the expected starting book. */
function groupsOf(s: SegmentModel, si: number, v: VariantModel, model: Model, p: Provisioning, seasoning: Seasoning | undefined, notes: string[]): Group[] {
  const revolving = s.product === PRODUCT.revolving;
  const life = (left: number) => (revolving ? s.remainingLifeMonths : left);
  const exposureOf = (balance: number, limit: number, state: number) =>
    revolving && state >= 0 ? balance + s.ccf * Math.max(0, limit - balance) : balance;
  // Groups by number keys (a million template strings cost a second): each distinct rate,
  // origination rate and discount gets an index; the row's class (state, months, age,
  // discount) is one integer under each rate pair.
  const byRate = new Map<number, Map<number, Group>>();
  const groups: Group[] = [];
  const indexOf = (m: Map<number, number>, x: number): number => {
    let i = m.get(x);
    if (i === undefined) m.set(x, (i = m.size));
    return i;
  };
  const rates = new Map<number, number>();
  const origins = new Map<number, number>();
  const discounts = new Map<number, number>();
  // Without a curve every age is alike; without the relative test the origination PD is not read.
  const aged = seasoning !== undefined;
  const relative = p.stage2.pdMultiple !== undefined;
  const startAge = seasoning ? startMonthsOnBook(seasoning) : 0;
  const add = (pd: number, basis: RiskBasis, origin: number, originBasis: RiskBasis, age: number, state: number, months: number, discount: number, balance: number, limit: number, count: number, row: number | null) => {
    if (!aged) age = 0;
    if (!relative) origin = 0;
    // A rate in (0, 1) of the miss basis is told apart by adding 2.
    const rateKey = indexOf(rates, basis === "miss" ? pd + 2 : pd) * 2 ** 24 + indexOf(origins, originBasis === "miss" ? origin + 2 : origin);
    const classKey = ((indexOf(discounts, discount) * 1201 + Math.min(age, 1200)) * 601 + months) * 16 + state + 1;
    let byClass = byRate.get(rateKey);
    if (!byClass) byRate.set(rateKey, (byClass = new Map()));
    let g = byClass.get(classKey);
    if (!g) {
      byClass.set(classKey, (g = { pd, basis, origin, originBasis, age, state, months, discount, units: 0, exposure: 0, accounts: 0, rows: row === null ? null : [] }));
      groups.push(g);
    }
    const e = exposureOf(balance, limit, state);
    g.units += revolving || state < 0 ? e : balance;
    g.exposure += e;
    g.accounts += count;
    if (row !== null) g.rows!.push(row);
  };
  const own = segmentPd(s);
  if (s.tape !== null) {
    const t = s.tape;
    for (let j = 0; j < t.rows; j++) {
      const ownRow = !Number.isNaN(t.pd[j]) || (!Number.isNaN(t.score[j]) && s.scorecard !== null);
      const pd = !Number.isNaN(t.pd[j]) ? t.pd[j] : ownRow ? scorePd(t.score[j], s.scorecard!) : own;
      const st = t.state[j] === STATE_F ? -1 : t.state[j];
      const left = t.paymentsLeft[j] !== PAYMENTS_NOT_GIVEN ? t.paymentsLeft[j] : s.termMonths;
      const apr = !Number.isNaN(t.apr[j]) ? t.apr[j] / 12 : s.aprMonthly;
      const ownOrigin = !Number.isNaN(t.originationPd[j]) || (!Number.isNaN(t.originationScore[j]) && s.scorecard !== null);
      const origin = !Number.isNaN(t.originationPd[j]) ? t.originationPd[j] : ownOrigin ? scorePd(t.originationScore[j], s.scorecard!) : own;
      const age = t.monthsOnBook[j] !== MONTHS_ON_BOOK_NOT_GIVEN ? t.monthsOnBook[j] : startAge;
      add(pd, ownRow ? "default" : s.basis, origin, ownOrigin ? "default" : s.basis, age, st, life(left), discountOf(p, apr), t.balance[j], revolving ? t.limit[j] : 0, 1, j);
    }
    return groups;
  }
  // The expected starting book: mean sizes of the lognormals, shares of the starting states.
  const meanLimit = s.limit.median * exp((s.limit.sigma * s.limit.sigma) / 2);
  const meanPrincipal = s.principal.median * exp((s.principal.sigma * s.principal.sigma) / 2);
  const balance = revolving ? s.utilization * meanLimit : meanPrincipal;
  const nodes: { pd: number; weight: number }[] =
    s.risk.kind === "rate" || !s.scorecard
      ? [{ pd: own, weight: 1 }]
      : (() => {
          const { x, w } = gaussHermite(SCORE_NODES);
          const risk = s.risk as { mean: number; sd: number };
          return Array.from(x, (z, j) => ({ pd: scorePd(risk.mean + risk.sd * z, s.scorecard!), weight: w[j] }));
        })();
  const steady = s.start === "steady" && s.startShares.length === 0 && s.startDefaulted === 0;
  const cal = calibrationOf(model, 0, si);
  const thresholdOf = calibratedThresholds({ solver: new HazardSolver(cal.ladder), cal, periodMonths: model.layout.periodMonths });
  const economy = steady ? new EconomyMix(s, v.macro, model.layout.periodMonths) : null;
  const mix = { arrears: new Float64Array(s.roll.length), defaulted: 0 };
  const apr = discountOf(p, s.aprMonthly);
  for (const node of nodes) {
    let shares: ArrayLike<number> = s.startShares;
    let defaulted = s.startDefaulted;
    if (economy) {
      economy.of(thresholdOf(s.basis, node.pd), mix);
      shares = mix.arrears;
      defaulted = mix.defaulted;
    }
    const n = s.accounts * node.weight;
    let current = 1 - defaulted;
    for (let k = 0; k < shares.length; k++) {
      if (shares[k] > 0) add(node.pd, s.basis, own, s.basis, startAge, k + 1, life(s.termMonths), apr, balance, meanLimit, n * shares[k], null);
      current -= shares[k];
    }
    if (defaulted > 0 && s.chargeOffMonths > 0) add(node.pd, s.basis, own, s.basis, startAge, -1, 0, apr, revolving ? balance + s.ccf * (meanLimit - balance) : balance, meanLimit, n * defaulted, null);
    if (current > 0) add(node.pd, s.basis, own, s.basis, startAge, 0, life(s.termMonths), apr, balance, meanLimit, n * current, null);
  }
  for (const g of groups) {
    g.units *= g.accounts;
    g.exposure *= g.accounts;
  }
  notes.push(`${s.name}: given by accounts, read as its expected starting book (starting states' shares × mean exposures${nodes.length > 1 ? `, scores on ${SCORE_NODES} nodes` : ""})`);
  return groups;
}

/** What one weighted scenario needs for one segment: its rates along the reporting law, its thresholds, its episode values. */
interface ScenarioChain {
  s: SegmentModel;
  cal: Calibration;
  rates: MonthlyRates;
  law: FactorLaw;
  thresholdOf: (pd: number, basis: RiskBasis) => number;
  values: Map<string, EpisodeValues>;
  valuesOf(discount: number, window: number, probability?: boolean): EpisodeValues;
}

function scenarioChain(model: Model, vi: number, si: number, months: number): ScenarioChain {
  const v = model.variants[vi];
  const s = v.segments[si];
  const cal = calibrationOf(model, vi, si);
  const pm = model.layout.periodMonths;
  const law = reportingLaw(v.macro, s, model.periods, pm, months);
  const rates = segmentRates({ s, cal, policy: v.policy, law });
  const solve = calibratedThresholds({ solver: new HazardSolver(cal.ladder), cal, periodMonths: pm });
  const values = new Map<string, EpisodeValues>();
  return {
    s,
    cal,
    rates,
    law,
    thresholdOf: (pd, basis) => solve(basis, pd, true),
    values,
    valuesOf(discount, window, probability = false) {
      const key = `${discount}|${window}|${probability}`;
      let e = values.get(key);
      if (!e) values.set(key, (e = episodeValues(rates, discount, window, probability)));
      return e;
    },
  };
}

/** The ECL report of a compiled scenario under its provisioning (see the file's comment). */
export interface EclOptions {
  /** Each segment's seasoning curve (the base scenario's `segments[i].seasoning`): its hazard multiplier by months on book. */
  seasoning?: readonly (Seasoning | undefined)[];
}

export function eclReport(model: Model, p: Provisioning, options: EclOptions = {}): EclReport {
  const weights = weightsOf(model, p);
  const cecl = p.standard === "cecl";
  const pm = model.layout.periodMonths;
  const stages = emptyStages();
  const perScenario = weights.map((w) => ({ name: w.name, weight: w.weight, ecl: 0, stages: emptyStages() }));
  const rows: EclReport["rows"] = [];
  const notes: string[] = [];
  const mass = new CurrentMass();
  const base = model.variants[0];
  base.segments.forEach((s0, si) => {
    const seasoning = options.seasoning?.[si];
    const groups = groupsOf(s0, si, base, model, p, seasoning, notes);
    const maxMonths = Math.max(12, ...groups.map((g) => g.months));
    const months = maxMonths + TAIL_MONTHS;
    const chains = weights.map((w) => scenarioChain(model, w.vi, si, months));
    // The lifetime PD at origination: the segment's own PD through the cycle (σ = 1, no shift).
    const origin = originPd(model, si, months);
    // The hazard multiplier of month t (index t − 1) of an account `age` months on book now.
    const multipliers = new Map<number, Float64Array>();
    const multiplierOf = (age: number): Float64Array | undefined => {
      if (!seasoning) return undefined;
      let m = multipliers.get(age);
      if (!m) multipliers.set(age, (m = Float64Array.from({ length: months }, (_, t) => seasoningMultiplier(seasoning, age + t))));
      return m;
    };
    const tape = s0.tape;
    const out = tape ? { segment: s0.name, stage: new Uint8Array(tape.rows), ecl: new Float64Array(tape.rows), exposure: new Float64Array(tape.rows) } : null;
    if (out) rows.push(out);
    // Groups of one PD share their hazards: sorted by PD, each scenario's hazard is filled once per PD.
    groups.sort((a, b) => a.pd - b.pd || a.age - b.age || (a.basis < b.basis ? -1 : a.basis > b.basis ? 1 : 0));
    let lastPd = NaN;
    let lastBasis = "";
    let lastAge = NaN;
    const unitEcl = new Float64Array(weights.length);
    const lifeEcl = new Float64Array(weights.length);
    for (const g of groups) {
      if (g.pd !== lastPd || g.age !== lastAge || g.basis !== lastBasis) {
        lastPd = g.pd;
        lastBasis = g.basis;
        lastAge = g.age;
        const multiplier = multiplierOf(g.age);
        for (const c of chains) fillHazard(c.rates, c.law, { threshold: c.thresholdOf(g.pd, g.basis), rho: c.s.rho, periodMonths: pm, missMultiplier: c.cal.missMultiplier, multiplier });
      }
      let stage: StageKey;
      if (g.state < 0 || (g.state > 0 && beyond(g.state, p.stage3.daysPastDue))) stage = "3";
      else if (g.state > 0 && beyond(g.state, p.stage2.daysPastDue)) stage = "2";
      else stage = "1";
      const loan = s0.product === PRODUCT.instalment;
      const scheduleRate = loan ? s0.aprMonthly : null;
      let pd12 = 0;
      let pdLife = 0;
      chains.forEach((c, w) => {
        if (stage === "3") {
          unitEcl[w] = c.rates.lgd[0];
          return;
        }
        const masses = mass.compute(c.rates, g.state, Math.min(g.months, c.rates.months));
        const life = { state: g.state, months: g.months, window: Infinity, scheduleRate };
        const year = { ...life, window: 12 };
        if (p.stage2.pdMultiple !== undefined) pdLife += weights[w].weight * fromMass(c.rates, c.valuesOf(0, Infinity, true), masses, { ...life, scheduleRate: null });
        if (p.stage2.pdAbsolute !== undefined) pd12 += weights[w].weight * fromMass(c.rates, c.valuesOf(0, 12, true), masses, { ...year, scheduleRate: null });
        // Both the 12-month and the lifetime ECL: the stage is known once every scenario has given its PDs.
        unitEcl[w] = fromMass(c.rates, c.valuesOf(g.discount, 12), masses, year);
        lifeEcl[w] = fromMass(c.rates, c.valuesOf(g.discount, Infinity), masses, life);
      });
      if (stage === "1") {
        if (p.stage2.pdMultiple !== undefined && pdLife >= p.stage2.pdMultiple * origin(g.origin, g.originBasis, g.age, g.months, multiplierOf(g.age))) stage = "2";
        if (p.stage2.pdAbsolute !== undefined && pd12 >= p.stage2.pdAbsolute) stage = "2";
      }
      const lifetime = cecl || stage !== "1";
      let weighted = 0;
      chains.forEach((_, w) => {
        const unit = stage === "3" ? unitEcl[w] : lifetime ? lifeEcl[w] : unitEcl[w];
        const ecl = unit * (stage === "3" ? g.exposure : g.units);
        const t = perScenario[w].stages[stage];
        t.accounts += g.accounts;
        t.exposure += g.exposure;
        t.ecl += ecl;
        perScenario[w].ecl += ecl;
        weighted += weights[w].weight * (stage === "3" ? unitEcl[w] : unit);
      });
      const st = stages[stage];
      st.accounts += g.accounts;
      st.exposure += g.exposure;
      st.ecl += weighted * (stage === "3" ? g.exposure : g.units);
      if (out && g.rows) {
        for (const j of g.rows) {
          const t = tape!;
          const st = t.state[j] === STATE_F ? -1 : t.state[j];
          const loanRow = s0.product === PRODUCT.instalment;
          const exposure = !loanRow && st >= 0 ? t.balance[j] + s0.ccf * Math.max(0, t.limit[j] - t.balance[j]) : t.balance[j];
          out.stage[j] = Number(stage);
          out.exposure[j] = exposure;
          out.ecl[j] = weighted * (stage === "3" || !loanRow ? exposure : t.balance[j]);
        }
      }
    }
  });
  const ecl = stages["1"].ecl + stages["2"].ecl + stages["3"].ecl;
  return { standard: p.standard, ecl, stages, scenarios: perScenario.map((x) => ({ ...x })), rows, notes };
}

/**
 * The lifetime PD at origination of segment si: an account of annual PD `pd` at origination,
 * `age` months on book now, over its `n` months left, as it was expected at origination: the
 * base variant's chain, the stationary economy (no shift), the seasoning curve at the ages it
 * will have. Cached by (pd, age, n).
 */
function originPd(model: Model, si: number, months: number): (pd: number, basis: RiskBasis, age: number, n: number, multiplier?: Float64Array) => number {
  const cache = new Map<string, number>();
  const s = model.variants[0].segments[si];
  const cal = calibrationOf(model, 0, si);
  const pm = model.layout.periodMonths;
  const law: FactorLaw = { months, mu: new Float64Array(months), sigma2: new Float64Array(months).fill(1) };
  const rates = segmentRates({ s, cal, policy: model.variants[0].policy, law });
  const values = episodeValues(rates, 0, Infinity, true);
  const solve = calibratedThresholds({ solver: new HazardSolver(cal.ladder), cal, periodMonths: pm });
  const mass = new CurrentMass();
  let filled = "";
  return (pd, basis, age, n, multiplier) => {
    const key = `${pd}|${basis}|${age}|${n}`;
    let out = cache.get(key);
    if (out !== undefined) return out;
    if (filled !== `${pd}|${basis}|${age}`) {
      filled = `${pd}|${basis}|${age}`;
      fillHazard(rates, law, { threshold: solve(basis, pd, true), rho: s.rho, periodMonths: pm, missMultiplier: cal.missMultiplier, multiplier });
    }
    out = fromMass(rates, values, mass.compute(rates, 0, Math.min(n, rates.months)), { state: 0, months: n, window: Infinity, scheduleRate: null });
    cache.set(key, out);
    return out;
  };
}
