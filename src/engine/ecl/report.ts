/**
 * The expected credit loss of a scenario's starting book (docs/model.md, Provisions): every
 * account staged, its 12-month or lifetime ECL under each weighted scenario's expected economy
 * (economy.ts, chain.ts), and the weighted sum. A tape's rows are grouped by what their ECL
 * per unit of exposure depends on (PD, state, months left, discount rate), so a million rows
 * cost as many chains as they have distinct groups. A segment given by `accounts` is its
 * expected starting book: its starting states' shares (given, or the steady mix) × mean
 * exposures, scores on Gauss–Hermite nodes.
 */
import type { Provisioning } from "../../scenario/schema.ts";
import { calibratedThresholds, calibrationOf, type Calibration } from "../burdenChain.ts";
import { HazardSolver } from "../hazard.ts";
import { PRODUCT, type Model, type SegmentModel, type VariantModel } from "../model.ts";
import { scorePd } from "../segmentInputs.ts";
import { EconomyMix } from "../steady.ts";
import { PAYMENTS_NOT_GIVEN, STATE_F } from "../../data/tape.ts";
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
function groupsOf(s: SegmentModel, si: number, v: VariantModel, model: Model, p: Provisioning, notes: string[]): Group[] {
  const revolving = s.product === PRODUCT.revolving;
  const life = (left: number) => (revolving ? s.remainingLifeMonths : left);
  const exposureOf = (balance: number, limit: number, state: number) =>
    revolving && state >= 0 ? balance + s.ccf * Math.max(0, limit - balance) : balance;
  const byKey = new Map<string, Group>();
  const add = (pd: number, state: number, months: number, discount: number, balance: number, limit: number, count: number, row: number | null) => {
    const key = `${pd}|${state}|${months}|${discount}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { pd, state, months, discount, units: 0, exposure: 0, accounts: 0, rows: row === null ? null : [] }));
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
      const pd = !Number.isNaN(t.pd[j]) ? t.pd[j] : !Number.isNaN(t.score[j]) && s.scorecard ? scorePd(t.score[j], s.scorecard) : own;
      const st = t.state[j] === STATE_F ? -1 : t.state[j];
      const left = t.paymentsLeft[j] !== PAYMENTS_NOT_GIVEN ? t.paymentsLeft[j] : s.termMonths;
      const apr = !Number.isNaN(t.apr[j]) ? t.apr[j] / 12 : s.aprMonthly;
      add(pd, st, life(left), discountOf(p, apr), t.balance[j], revolving ? t.limit[j] : 0, 1, j);
    }
    return [...byKey.values()];
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
      if (shares[k] > 0) add(node.pd, k + 1, life(s.termMonths), apr, balance, meanLimit, n * shares[k], null);
      current -= shares[k];
    }
    if (defaulted > 0 && s.chargeOffMonths > 0) add(node.pd, -1, 0, apr, revolving ? balance + s.ccf * (meanLimit - balance) : balance, meanLimit, n * defaulted, null);
    if (current > 0) add(node.pd, 0, life(s.termMonths), apr, balance, meanLimit, n * current, null);
  }
  for (const g of byKey.values()) {
    g.units *= g.accounts;
    g.exposure *= g.accounts;
  }
  notes.push(`${s.name}: given by accounts, read as its expected starting book (starting states' shares × mean exposures${nodes.length > 1 ? `, scores on ${SCORE_NODES} nodes` : ""})`);
  return [...byKey.values()];
}

/** What one weighted scenario needs for one segment: its rates along the reporting law, its thresholds, its episode values. */
interface ScenarioChain {
  s: SegmentModel;
  cal: Calibration;
  rates: MonthlyRates;
  law: FactorLaw;
  thresholdOf: (pd: number) => number;
  values: Map<string, EpisodeValues>;
  valuesOf(discount: number, window: number, probability?: boolean): EpisodeValues;
}

function scenarioChain(model: Model, vi: number, si: number, months: number): ScenarioChain {
  const v = model.variants[vi];
  const s = v.segments[si];
  const cal = calibrationOf(model, vi, si);
  const pm = model.layout.periodMonths;
  const law = reportingLaw(v.macro, s.loadings, model.periods, pm, months);
  const rates = segmentRates({ s, cal, policy: v.policy, law });
  const solve = calibratedThresholds({ solver: new HazardSolver(cal.ladder), cal, periodMonths: pm });
  const values = new Map<string, EpisodeValues>();
  return {
    s,
    cal,
    rates,
    law,
    thresholdOf: (pd) => solve("default", pd, true),
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
export function eclReport(model: Model, p: Provisioning): EclReport {
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
    const groups = groupsOf(s0, si, base, model, p, notes);
    const maxMonths = Math.max(12, ...groups.map((g) => g.months));
    const months = maxMonths + TAIL_MONTHS;
    const chains = weights.map((w) => scenarioChain(model, w.vi, si, months));
    // The lifetime PD at origination: the segment's own PD through the cycle (σ = 1, no shift).
    const origin = originPd(model, si, months);
    const tape = s0.tape;
    const out = tape ? { segment: s0.name, stage: new Uint8Array(tape.rows), ecl: new Float64Array(tape.rows), exposure: new Float64Array(tape.rows) } : null;
    if (out) rows.push(out);
    // Groups of one PD share their hazards: sorted by PD, each scenario's hazard is filled once per PD.
    groups.sort((a, b) => a.pd - b.pd);
    let lastPd = NaN;
    const unitEcl = new Float64Array(weights.length);
    const lifeEcl = new Float64Array(weights.length);
    for (const g of groups) {
      if (g.pd !== lastPd) {
        lastPd = g.pd;
        for (const c of chains) fillHazard(c.rates, c.law, { threshold: c.thresholdOf(g.pd), rho: c.s.rho, periodMonths: pm, missMultiplier: c.cal.missMultiplier });
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
        if (p.stage2.pdMultiple !== undefined && pdLife >= p.stage2.pdMultiple * origin(g.months)) stage = "2";
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

/** The lifetime PD at origination of segment si by months left: its own PD, the base variant, the stationary economy. */
function originPd(model: Model, si: number, months: number): (n: number) => number {
  const cache = new Map<number, number>();
  let chain: { rates: MonthlyRates; values: EpisodeValues } | null = null;
  const mass = new CurrentMass();
  return (n) => {
    let pd = cache.get(n);
    if (pd !== undefined) return pd;
    if (!chain) {
      const s = model.variants[0].segments[si];
      const cal = calibrationOf(model, 0, si);
      const law: FactorLaw = { months, mu: new Float64Array(months), sigma2: new Float64Array(months).fill(1) };
      const rates = segmentRates({ s, cal, policy: model.variants[0].policy, law });
      const solve = calibratedThresholds({ solver: new HazardSolver(cal.ladder), cal, periodMonths: model.layout.periodMonths });
      fillHazard(rates, law, { threshold: solve("default", segmentPd(s)), rho: s.rho, periodMonths: model.layout.periodMonths, missMultiplier: cal.missMultiplier });
      chain = { rates, values: episodeValues(rates, 0, Infinity, true) };
    }
    pd = fromMass(chain.rates, chain.values, mass.compute(chain.rates, 0, Math.min(n, chain.rates.months)), { state: 0, months: n, window: Infinity, scheduleRate: null });
    cache.set(n, pd);
    return pd;
  };
}
