/**
 * The allowance in every path (docs/model.md §8.4): at each period's end, the expected
 * credit loss of the accounts on the book by stage, from their state and the forward view of
 * that path's economy, the provision charge (the allowance's change plus write-offs), the
 * stage shares and the stage transfers.
 *
 * Cost: an account's ECL through a full forward chain at every month end would cost the
 * chain's length per account-month. Accounts are grouped instead: per segment and period end
 * one set of expected rates along the path's forward law (ecl/economy.ts), one backward pass
 * of episode values per window (ecl/chain.ts), and one value per unit EAD for each state (C,
 * D1..Dm) and, for loans, each number of payments left (a table). An account in arrears then
 * costs a look-up and a product; the current accounts of a closed-form segment, which the
 * engine holds only as sums, are one group at the segment's mean hazard. In a segment with a
 * seasoning curve (stepped, so its accounts are in the lists) an account is valued at its own
 * months on book: the tables are computed per valuation for each age present within the curve.
 */
import type { Book, BookColumns } from "./book.ts";
import { calibrationOf, type Calibration } from "./burdenChain.ts";
import { CurrentMass, episodeValues, unitTable, type EpisodeValues, type MonthlyRates } from "./ecl/chain.ts";
import { fillHazard, reportingLaw, segmentRates, thresholdOfMonthly, type FactorLaw } from "./ecl/economy.ts";
import { NPM, PC, PM, provisioningColumn } from "./layout.ts";
import type { Model, SegmentModel, VariantModel } from "./model.ts";
import { perMonth } from "../math/ladderChain.ts";
import { Phi } from "../math/normal.ts";
import { PRODUCT } from "./product.ts";
import { Flag, State } from "./state.ts";
import { BALANCE, FLAGS, LIMIT, MADE, RECORD, RECORD16, RECORD8, STATE, type Workspace } from "./workspace.ts";
import type { Provisioning } from "../scenario/schema.ts";

/** Longest window a table holds for a loan's payments left. */
const MAX_TERM = 600;

/** A segment's per-unit ECL by state and window at one reporting date. */
interface SegmentValues {
  /** unit[w][k·(N + 1) + n]: window w (0: 12 months, 1: lifetime), state k (0 = C, k = Dk), n payments left (loans) or at index 0 (lines). */
  unit: [Float64Array, Float64Array];
  /** Whether the current accounts of the segment are in stage 2 by a PD test at this date. */
  currentStage2: boolean;
}

/** Per-segment constants of a variant. */
interface SegmentSetup {
  s: SegmentModel;
  cal: Calibration;
  revolving: boolean;
  /** Latent threshold of the segment's mean monthly hazard (lifetime.ts's mean over accounts). */
  threshold: number;
  /** Months the rates run: a line's remaining life, a loan's longest term. */
  months: number;
  /** Table width: payments left 0..N (loans), or 0 (lines). */
  N: number;
  /** Discount a month. */
  discount: number;
  /** Undrawn over drawn of the starting current lines (EAD of the closed-form current pool). */
  undrawnRatio: number;
  /** Mean payments left of the starting current loans at the start. */
  meanTerm: number;
  /** Lifetime PD of a current account at origination (through the cycle), for pdMultiple. */
  originLifetimePd: number;
  lgd: number;
  law: FactorLaw;
  /**
   * The law of the segment's index from the reporting date over the horizon and the life after
   * it (economy.ts reportingLaw): the deterministic path a linked index or a residual set to 0
   * follows, and the variance of its random part.
   */
  start: FactorLaw;
  rates: MonthlyRates | undefined;
  values: SegmentValues;
  /** A line's table by months, of which the last is read. */
  scratch: Float64Array;
  /** The seasoning curve (docs/model.md §3.4), null without one: then every account is valued by `values`. */
  curve: SegmentModel["seasoning"];
  /** With a curve: the first-miss hazard at multiplier 1 of the current valuation, which each age's hazard multiplies. */
  baseHazard: Float64Array;
  /**
   * With a curve: the values of an account `age` months on book now (index age; the last,
   * every age past the curve): the valuation its stage test belongs to, and that of each
   * window's table (filled when an account reads it: most ages have no account in stage 2).
   */
  aged: (SegmentValues & { at: number; tableAt: [number, number] })[];
  /** With a curve: the age whose hazard g.rates holds, and the valuation. */
  filledAge: number;
  filledAt: number;
  /** With a curve: the multiplier of month t ahead (index t − 1) at each age, and the lifetime PD at origination at each age (NaN until asked). */
  multipliers: (Float64Array | undefined)[];
  originAged: Float64Array;
}

/** Stage by state, with the stage-3 and backstop buckets: 30(k − 1) ≥ days past due (docs §8.4). */
const bucketFrom = (days: number): number => Math.floor(days / 30) + 1 + (days % 30 === 0 ? 0 : 1);

export class PathAllowance {
  private readonly segs: SegmentSetup[];
  private readonly stage3From: number;
  private readonly stage2From: number;
  private readonly lifetimeAll: boolean;
  private readonly probation: number;
  private readonly mass = new CurrentMass();
  /**
   * Per account: 4 × (the period of its last record + 1) + its stage then (0: none in this
   * path); one column, as each column an account's visit reads is a cache miss of its own.
   */
  private readonly seen: Int32Array;
  /** Per account: the loss drawn at its default in this path (its allowance in F). */
  readonly defaultLoss: Float64Array;
  /** Accounts that left a list for a closed-form segment's current accounts in the period (cures, holidays' ends). */
  private moved: Int32Array;
  private movedLength = 0;
  /**
   * Forborne accounts that joined a closed-form segment's current accounts (back from a
   * holiday, a re-default multiplier set), valued one by one in stage 2 while in probation
   * (docs §8.4); kept until their probation ends or they leave the current accounts.
   */
  private probationList: Int32Array = new Int32Array(64);
  private probationLength = 0;
  /** Per segment: the stage of its closed-form current accounts at the last period's end, their count, and the booked in the period. */
  private readonly poolStage: Uint8Array;
  private readonly booked: Float64Array;
  /** Per segment: the allowance at the last period's end, and write-offs since. */
  private readonly last: Float64Array;
  readonly writeOffs: Float64Array;
  private readonly transfers = new Float64Array(9);
  private readonly stageAllowance = new Float64Array(3);
  private readonly stageBalance = new Float64Array(3);
  /** Loadings and correlations for the forward law. */
  private readonly C: Float64Array;
  private readonly K: number;
  /** Counts the valuations (the start and each period's end of every path): an aged table of another is stale. */
  private valuation = 0;
  /** The through-the-cycle law (the stationary factor, no shift) of each segment, for the PD at origination by age. */
  private readonly ttc: { law: FactorLaw; rates: MonthlyRates | undefined }[] = [];

  constructor(
    private readonly model: Model,
    private readonly v: VariantModel,
    private readonly book: Book,
    private readonly c: BookColumns,
    private readonly ws: Workspace,
    pr: Provisioning,
  ) {
    const vi = model.variants.indexOf(v);
    const pm = model.layout.periodMonths;
    this.stage3From = bucketFrom(pr.stage3.daysPastDue);
    this.stage2From = bucketFrom(pr.stage2.daysPastDue);
    this.lifetimeAll = pr.standard === "cecl";
    this.probation = pr.stage2.probationMonths;
    const n = book.size;
    this.seen = new Int32Array(n);
    this.defaultLoss = new Float64Array(n);
    this.moved = new Int32Array(1024);
    const S = v.segments.length;
    this.poolStage = new Uint8Array(S);
    this.booked = new Float64Array(S);
    this.last = new Float64Array(S);
    this.writeOffs = new Float64Array(S);
    const K = model.layout.factors.length;
    this.K = K;
    // C = L·Lᵀ from the innovations' Cholesky factor: the factors' correlations.
    const L = v.macro.cholesky;
    this.C = new Float64Array(K * K);
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) for (let j = 0; j < K; j++) this.C[a * K + b] += L[a * K + j] * L[b * K + j];
    this.segs = v.segments.map((s, si) => {
      const r = book.ranges[si];
      const cal = calibrationOf(model, vi, si);
      const revolving = s.product === PRODUCT.revolving;
      let sum = 0;
      let count = 0;
      let drawn = 0;
      let undrawn = 0;
      let terms = 0;
      let loans = 0;
      for (let i = r.start; i < r.end; i++) {
        if (c.bookAt[i] < 0) continue;
        sum += perMonth(Phi(c.a[i]), pm);
        count++;
        if (c.bookAt[i] === 0 && c.startState[i] === State.C) {
          drawn += c.balance[i];
          undrawn += Math.max(0, c.limit[i] - c.balance[i]);
          terms += c.term[i];
          loans++;
        }
      }
      const threshold = thresholdOfMonthly(count > 0 ? sum / count : 0, pm);
      let maxTerm = s.termMonths;
      if (!revolving) for (let i = r.start; i < r.end; i++) if (c.bookAt[i] >= 0) maxTerm = Math.max(maxTerm, c.term[i]);
      const months = revolving ? s.remainingLifeMonths : Math.min(maxTerm, MAX_TERM);
      const N = revolving ? 0 : months;
      const discount = pr.discount === "apr" ? s.aprMonthly : pr.discount === "none" ? 0 : pr.discount.rate / 12;
      const law: FactorLaw = { months, mu: new Float64Array(months), sigma2: new Float64Array(months).fill(1) };
      const start = reportingLaw(this.v.macro, s, this.model.periods, pm, this.model.periods * pm + months);
      const setup: SegmentSetup = {
        s,
        cal,
        revolving,
        threshold,
        months,
        N,
        discount,
        undrawnRatio: drawn > 0 ? undrawn / drawn : 0,
        meanTerm: loans > 0 ? terms / loans : s.termMonths,
        originLifetimePd: 0,
        lgd: s.lgd.mean,
        law,
        start,
        rates: undefined,
        scratch: new Float64Array(months + 1),
        values: { unit: [new Float64Array((s.roll.length + 1) * (N + 1)), new Float64Array((s.roll.length + 1) * (N + 1))], currentStage2: false },
        curve: s.seasoning,
        baseHazard: new Float64Array(s.seasoning ? months : 0),
        aged: s.seasoning ? Array.from({ length: s.seasoning.at.length + 1 }, () => ({ unit: [new Float64Array((s.roll.length + 1) * (N + 1)), new Float64Array((s.roll.length + 1) * (N + 1))], currentStage2: false, at: -1, tableAt: [-1, -1] as [number, number] })) : [],
        filledAge: -1,
        filledAt: -1,
        multipliers: s.seasoning ? new Array<Float64Array | undefined>(s.seasoning.at.length + 1) : [],
        originAged: new Float64Array(s.seasoning ? s.seasoning.at.length + 1 : 0).fill(NaN),
      };
      // Through the cycle (the stationary factor, no shift): the lifetime PD at origination.
      if (pr.stage2.pdMultiple !== undefined) setup.originLifetimePd = this.currentPd(setup, Infinity);
      return setup;
    });
  }

  /** A new path: the allowance at the start (the reporting date's law: the stationary factor with the variant's shifts), each account's stage. */
  begin(so: Float64Array): void {
    this.valuation++;
    this.movedLength = 0;
    this.probationLength = 0;
    this.seen.fill(0);
    this.booked.fill(0);
    this.writeOffs.fill(0);
    for (let si = 0; si < this.segs.length; si++) {
      const g = this.segs[si];
      g.law.mu.set(g.start.mu.subarray(0, g.months));
      g.law.sigma2.set(g.start.sigma2.subarray(0, g.months));
      this.value(g);
    }
    this.measure(0, so, null, 0, null);
  }

  /** w·s of period t (1-based). */
  private loadedShift(s: SegmentModel, t: number): number {
    const T = this.model.periods;
    let x = 0;
    for (let k = 0; k < this.K; k++) x += s.loadings[k] * this.v.macro.shift[k * T + t - 1];
    return x;
  }

  /**
   * The forward law at the end of period t: the factors' state X_t (Z less its shift) runs on
   * as E[X_{t+p}] = φ^p·X_t, Cov = C − diag(φ^p)·C·diag(φ^p), plus the known shifts (the last
   * holding past the horizon).
   */
  private forwardLaw(g: SegmentSetup, Z: Float64Array, t: number): void {
    const { K, C } = this;
    const T = this.model.periods;
    const pm = this.model.layout.periodMonths;
    const phi = this.v.macro.persistence;
    const w = g.s.loadings;
    const { mu, sigma2 } = g.law;
    let p = 0;
    let m = 0;
    let v2 = 1;
    for (let j = 1; j <= g.months; j++) {
      const q = Math.ceil(j / pm);
      if (q !== p) {
        p = q;
        m = this.loadedShift(g.s, Math.min(t + p, T));
        v2 = 0;
        for (let a = 0; a < K; a++) {
          const x = Z[(t - 1) * K + a] - this.v.macro.shift[a * T + t - 1];
          const fa = powInt(phi[a], p);
          m += w[a] * fa * x;
          for (let b = 0; b < K; b++) v2 += w[a] * w[b] * C[a * K + b] * (1 - fa * powInt(phi[b], p));
        }
      }
      mu[j - 1] = m;
      sigma2[j - 1] = v2;
    }
  }

  /**
   * The forward law at the end of period t of a linked segment's index, or of any segment's
   * factor when the residual is set to 0: the deterministic path of the reporting date's law
   * (fixed variables, shifts) plus the index's departure from it now, x − μ_t, decaying at the
   * index's persistence φ per period, with the variance of the random part, σ²(1 − φ^(2p)).
   */
  private indexForwardLaw(g: SegmentSetup, x: number, t: number): void {
    const pm = this.model.layout.periodMonths;
    const phi = g.s.persistence;
    const { mu, sigma2 } = g.law;
    const start = g.start;
    const now = t * pm;
    const departure = x - start.mu[now - 1];
    const variance = start.sigma2[0];
    for (let j = 1; j <= g.months; j++) {
      const f = powInt(phi, Math.ceil(j / pm));
      mu[j - 1] = start.mu[Math.min(now + j, start.months) - 1] + f * departure;
      sigma2[j - 1] = variance * (1 - f * f);
    }
  }

  /** Per-unit ECL of every state and window along the segment's law, and the PD tests. */
  private value(g: SegmentSetup): void {
    const pm = this.model.layout.periodMonths;
    g.rates = segmentRates({ s: g.s, cal: g.cal, policy: this.v.policy, law: g.law }, g.rates);
    fillHazard(g.rates, g.law, { threshold: g.threshold, rho: g.s.rho, periodMonths: pm, missMultiplier: g.cal.missMultiplier });
    if (g.curve) {
      g.baseHazard.set(g.rates.hazard.subarray(0, g.months));
      g.filledAge = -1;
    }
    this.tables(g, g.values, 0);
    if (this.lifetimeAll) g.values.unit[1].set(g.values.unit[0]);
    else this.tables(g, g.values, 1);
    this.stageTest(g, g.values, g.originLifetimePd);
  }

  /**
   * The values of an account of a seasoned segment `age` months on book at this valuation:
   * the hazard of month t ahead is the segment's × the curve's multiplier at age + t − 1 (as
   * fillHazard's `multiplier` in `creditlab ecl`), computed once per valuation and age; every
   * age past the curve shares one table (that of `values` when the curve ends at 1).
   */
  private valuesAt(g: SegmentSetup, age: number): SegmentValues & { at: number; tableAt: [number, number] } | null {
    const curve = g.curve!;
    const A = curve.at.length;
    const idx = age < A ? age : A;
    if (idx === A && curve.afterwards === 1) return null;
    const out = g.aged[idx];
    if (out.at === this.valuation) return out;
    const st2 = (this.model.provisioning as Provisioning).stage2;
    if (st2.pdAbsolute !== undefined || st2.pdMultiple !== undefined) {
      let origin = 0;
      if (st2.pdMultiple !== undefined) {
        origin = g.originAged[idx];
        if (Number.isNaN(origin)) origin = g.originAged[idx] = this.originPdAt(g, this.multiplierAt(g, idx));
      }
      this.fillAge(g, idx);
      this.stageTest(g, out, origin);
    }
    out.at = this.valuation;
    return out;
  }

  /** The table of window w (0: the stage-1 window, 1: lifetime) of age idx at this valuation. */
  private agedTable(g: SegmentSetup, idx: number, w: number): Float64Array {
    const out = g.aged[idx];
    if (out.tableAt[w] !== this.valuation) {
      this.fillAge(g, idx);
      this.tables(g, out, w);
      out.tableAt[w] = this.valuation;
    }
    return out.unit[w];
  }

  /** g.rates's hazard for an account idx months on book: the segment's at this valuation × the curve's multipliers. */
  private fillAge(g: SegmentSetup, idx: number): void {
    if (g.filledAge === idx && g.filledAt === this.valuation) return;
    const mult = this.multiplierAt(g, idx);
    const rates = g.rates!;
    for (let t = 0; t < g.months; t++) {
      const x = g.baseHazard[t] * mult[t];
      rates.hazard[t] = x < 1 ? x : 1;
    }
    g.filledAge = idx;
    g.filledAt = this.valuation;
  }

  /** The curve's multiplier of month t ahead (index t − 1) for an account `idx` months on book (the last index: past the curve). */
  private multiplierAt(g: SegmentSetup, idx: number): Float64Array {
    let mult = g.multipliers[idx];
    if (!mult) {
      const curve = g.curve!;
      const A = curve.at.length;
      mult = g.multipliers[idx] = new Float64Array(g.months);
      for (let t = 0; t < g.months; t++) mult[t] = idx + t < A ? curve.at[idx + t] : curve.afterwards;
    }
    return mult;
  }

  /** The lifetime PD at origination of a current account of this age: through the cycle, the same multipliers (as report.ts's originPd). */
  private originPdAt(g: SegmentSetup, mult: Float64Array): number {
    const si = this.segs.indexOf(g);
    let o = this.ttc[si];
    if (!o) {
      const law: FactorLaw = { months: g.months, mu: new Float64Array(g.months), sigma2: new Float64Array(g.months).fill(1) };
      o = this.ttc[si] = { law, rates: undefined };
    }
    o.rates = segmentRates({ s: g.s, cal: g.cal, policy: this.v.policy, law: o.law }, o.rates);
    fillHazard(o.rates, o.law, { threshold: g.threshold, rho: g.s.rho, periodMonths: this.model.layout.periodMonths, missMultiplier: g.cal.missMultiplier, multiplier: mult });
    return this.pdAlong(g, o.rates, Infinity);
  }

  /** The table of window w of `into` (0: 12 months, lifetime under CECL; 1: lifetime) along g.rates as they are filled now. */
  private tables(g: SegmentSetup, into: SegmentValues, w: number): void {
    const m = g.s.roll.length;
    const window = w === 0 && !this.lifetimeAll ? 12 : Infinity;
    const values: EpisodeValues = episodeValues(g.rates!, g.discount, window);
    const table = into.unit[w];
    const width = g.N + 1;
    for (let k = 0; k <= m; k++) {
      const opts = { state: k, window, scheduleRate: g.revolving ? null : g.s.aprMonthly };
      if (g.revolving) {
        unitTable(g.rates!, values, this.mass, opts, g.months, g.scratch);
        table[k * width] = g.scratch[g.months];
      } else unitTable(g.rates!, values, this.mass, opts, g.N, table.subarray(k * width, (k + 1) * width));
    }
  }

  /** The PD tests of stage 2 of a current account along g.rates as they are filled now, against `origin` (the lifetime PD at origination). */
  private stageTest(g: SegmentSetup, into: SegmentValues, origin: number): void {
    const st2 = (this.model.provisioning as Provisioning).stage2;
    let stage2 = false;
    if (st2.pdAbsolute !== undefined && this.currentPd(g, 12) >= st2.pdAbsolute) stage2 = true;
    if (!stage2 && st2.pdMultiple !== undefined && this.currentPd(g, Infinity) >= st2.pdMultiple * origin) stage2 = true;
    into.currentStage2 = stage2;
  }

  /** PD of a current account within `window` months along the segment's rates (its own law when none is set: through the cycle). */
  private currentPd(g: SegmentSetup, window: number): number {
    if (!g.rates) {
      g.rates = segmentRates({ s: g.s, cal: g.cal, policy: this.v.policy, law: g.law });
      fillHazard(g.rates, g.law, { threshold: g.threshold, rho: g.s.rho, periodMonths: this.model.layout.periodMonths, missMultiplier: g.cal.missMultiplier });
    }
    return this.pdAlong(g, g.rates, window);
  }

  /** PD of a current account of segment g within `window` months along `rates`. */
  private pdAlong(g: SegmentSetup, rates: MonthlyRates, window: number): number {
    const values = episodeValues(rates, 0, window, true);
    const n = g.revolving ? g.months : Math.max(1, Math.round(g.meanTerm));
    const one = new Float64Array(n + 1);
    unitTable(rates, values, this.mass, { state: 0, window, scheduleRate: null }, n, one);
    return one[n];
  }

  /** An applicant of segment si booked in this period (not on the book at its start: outside the transfers). */
  onBooked(si: number): void {
    this.booked[si]++;
  }

  /** Account i leaves its segment's list for the closed-form current accounts (a cure, a holiday's end). */
  onMoved(i: number): void {
    if (this.movedLength === this.moved.length) {
      const more = new Int32Array(this.moved.length * 2);
      more.set(this.moved);
      this.moved = more;
    }
    this.moved[this.movedLength++] = i;
    if (this.probation > 0 && this.ws.record8[RECORD8 * i + FLAGS] & Flag.redefault) {
      if (this.probationLength === this.probationList.length) {
        const more = new Int32Array(this.probationList.length * 2);
        more.set(this.probationList);
        this.probationList = more;
      }
      this.probationList[this.probationLength++] = i;
    }
  }

  /** At the end of period t (month mo): the allowance, the charge, the shares and transfers. */
  periodEnd(t: number, mo: number, Z: Float64Array, so: Float64Array, po: Float64Array | null, row: number, pool: PoolSums, npl: number, index: (si: number) => number): void {
    this.valuation++;
    for (let si = 0; si < this.segs.length; si++) {
      const g = this.segs[si];
      if (g.s.link !== null || !this.v.macro.noise) this.indexForwardLaw(g, index(si), t);
      else this.forwardLaw(g, Z, t);
      this.value(this.segs[si]);
    }
    this.measure(t, so, po, row, pool, mo, npl);
  }

  /**
   * The allowance and stages of every segment at the end of period t (0: the start), the
   * transfers since the last, and, with po, the period's columns.
   */
  private measure(t: number, so: Float64Array, po: Float64Array | null, row: number, pool: PoolSums | null, mo = 0, npl = 0): void {
    const { ws, c } = this;
    const tr = this.transfers.fill(0);
    const prevEnd = (t - 1) * this.model.layout.periodMonths;
    const stageAllowance = this.stageAllowance.fill(0);
    const stageBalance = this.stageBalance.fill(0);
    let total = 0;
    let charge = 0;
    let writeOff = 0;
    for (let si = 0; si < this.segs.length; si++) {
      const g = this.segs[si];
      const s = g.s;
      const m = s.roll.length;
      const width = g.N + 1;
      const currentStage = g.values.currentStage2 ? 2 : 1;
      let allowance = 0;
      // The closed-form current accounts, as one group at the segment's mean hazard.
      let poolBalance: number;
      let poolCount: number;
      if (s.stepped) {
        poolBalance = 0;
        poolCount = 0;
      } else if (pool) {
        poolBalance = pool.balance[si];
        poolCount = pool.count[si];
      } else {
        const base = c.baseline[si];
        poolBalance = base.balance[0];
        poolCount = base.count[0];
      }
      // Forborne accounts of the pool in probation: stage 2, one by one, out of the pool's group.
      const p = !s.stepped && t > 0 && this.probationLength > 0 ? this.inProbation(si, g, t, mo, currentStage) : null;
      if (p) poolBalance = Math.max(0, poolBalance - p.balance);
      if (poolBalance > 0) {
        const ead = g.revolving ? poolBalance * (1 + s.ccf * g.undrawnRatio) : poolBalance;
        const n = g.revolving ? 0 : Math.min(g.N, Math.max(0, Math.round(g.meanTerm - mo)));
        const a = ead * g.values.unit[currentStage - 1][n];
        allowance += a;
        stageAllowance[currentStage - 1] += a;
        stageBalance[currentStage - 1] += poolBalance;
      }
      // The accounts of the list, one by one.
      allowance += this.listAccounts(si, g, t, mo, prevEnd, currentStage, stageAllowance, stageBalance);
      if (p) {
        allowance += p.allowance;
        stageAllowance[1] += p.allowance;
        stageBalance[1] += p.balance;
      }
      if (t > 0) {
        // Accounts back in the closed-form pool during the period, and those that stayed in it.
        let movedIn = 0;
        const seen = this.seen;
        const was = 4 * t;
        for (let k = 0; k < this.movedLength; k++) {
          const i = this.moved[k];
          if (ws.record8[RECORD8 * i + STATE] !== State.C || ws.bookedAt(c, i) > prevEnd || !this.inSegment(si, i)) continue;
          const rec = seen[i];
          if (rec >= was + 4) continue; // back in a list by the period's end, or in probation: counted there
          movedIn++;
          const from = rec >= was ? rec - was : this.poolStage[si];
          tr[(from - 1) * 3 + currentStage - 1]++;
        }
        const stayed = Math.max(0, poolCount - movedIn - this.booked[si] - (p ? p.counted : 0));
        tr[(this.poolStage[si] - 1) * 3 + currentStage - 1] += stayed;
      } else tr[(currentStage - 1) * 4] += poolCount;
      this.poolStage[si] = currentStage;
      const o = si * NPM;
      if (t > 0) {
        const ch = allowance - this.last[si] + this.writeOffs[si];
        so[o + PM.provisionCharge] += ch;
        so[o + PM.writeOffs] += this.writeOffs[si];
        charge += ch;
        writeOff += this.writeOffs[si];
      }
      this.last[si] = allowance;
      this.writeOffs[si] = 0;
      this.booked[si] = 0;
      total += allowance;
    }
    this.movedLength = 0;
    if (!po) return;
    const at = row + provisioningColumn(this.model.layout);
    po[at + PC.allowance] = total;
    po[at + PC.allowanceStage1] = stageAllowance[0];
    po[at + PC.allowanceStage2] = stageAllowance[1];
    po[at + PC.allowanceStage3] = stageAllowance[2];
    po[at + PC.provisionCharge] = charge;
    po[at + PC.writeOffs] = writeOff;
    const balance = stageBalance[0] + stageBalance[1] + stageBalance[2];
    po[at + PC.stage1Share] = balance > 0 ? stageBalance[0] / balance : 0;
    po[at + PC.stage2Share] = balance > 0 ? stageBalance[1] / balance : 0;
    po[at + PC.stage3Share] = balance > 0 ? stageBalance[2] / balance : 0;
    po[at + PC.coverageStage3] = stageBalance[2] > 0 ? total / stageBalance[2] : 0;
    po[at + PC.coverageNpl] = npl > 0 ? total / npl : 0;
    for (let k = 0; k < 9; k++) po[at + PC.transfer11 + k] = tr[k];
  }

  /**
   * The forborne accounts of closed-form segment si still current at the end of period t
   * (month mo) and within `probationMonths` of their return: their allowance at the lifetime
   * table of a current account, their balance (a loan's amortized since its return), their
   * transfers; and those whose probation has just ended, back to the pool's stage. Counted
   * accounts are marked in `seen` (so the pool's movers and stayers leave them out) and those
   * no longer in probation leave the list.
   */
  private inProbation(si: number, g: SegmentSetup, t: number, mo: number, currentStage: number): { allowance: number; balance: number; counted: number } {
    const { ws, c, seen } = this;
    const width = g.N + 1;
    const unitL = g.values.unit[1];
    const annuity = c.baseline[si].annuity;
    const was = 4 * t;
    const now = 4 * (t + 1);
    let allowance = 0;
    let balance = 0;
    let counted = 0;
    let kept = 0;
    for (let k = 0; k < this.probationLength; k++) {
      const i = this.probationList[k];
      if (!this.inSegment(si, i)) {
        this.probationList[kept++] = i;
        continue;
      }
      const rec = seen[i];
      // Gone from the current accounts (a miss, attrition), in a list now, or counted already (listed twice).
      if (ws.record8[RECORD8 * i + STATE] !== State.C || !(ws.record8[RECORD8 * i + FLAGS] & Flag.redefault) || rec >= now) continue;
      const from = rec >= was ? rec - was : ws.bookedAt(c, i) <= (t - 1) * this.model.layout.periodMonths ? this.poolStage[si] : 0;
      const months = mo - ws.spellOf(i);
      if (months >= this.probation) {
        // Probation over: it joins the pool's stage now (counted here as it may have left stage 2).
        if (from > 0) {
          this.transfers[(from - 1) * 3 + currentStage - 1]++;
          counted++; // (one booked in the period is among the booked)
        }
        seen[i] = now + currentStage;
        continue;
      }
      const b = g.revolving ? ws.record[RECORD * i + BALANCE] : Math.max(0, annuity.balanceAfter(ws.record[RECORD * i + BALANCE], c.payment[i], months));
      const n = g.revolving ? 0 : Math.min(g.N, Math.max(0, c.term[i] - ws.record16[RECORD16 * i + MADE] - months));
      const e = g.revolving ? b + g.s.ccf * Math.max(0, ws.record[RECORD * i + LIMIT] - b) : b;
      allowance += e * unitL[n];
      balance += b;
      if (from > 0) {
        this.transfers[(from - 1) * 3 + 1]++;
        counted++;
      }
      seen[i] = now + 2;
      this.probationList[kept++] = i;
    }
    this.probationLength = kept;
    return { allowance, balance, counted };
  }

  /**
   * The allowance of the accounts of segment si's list at the end of period t, by stage into
   * `stageAllowance` and `stageBalance`, and their transfers. Apart from `measure` so that the
   * hot loop is a small function of its own.
   */
  private listAccounts(si: number, g: SegmentSetup, t: number, mo: number, prevEnd: number, currentStage: number, stageAllowance: Float64Array, stageBalance: Float64Array): number {
    const { ws, c } = this;
    const s = g.s;
    const m = s.roll.length;
    const width = g.N + 1;
    const tr = this.transfers;
    let allowance = 0;
    const list = ws.lists[si];
    const { record, record8, record16, plan } = ws;
    const { term } = c;
    const seen = this.seen;
    const unit1 = g.values.unit[0];
    const unitL = g.values.unit[1];
    const mob = g.curve ? c.monthsOnBook! : null;
    const poolFrom = this.poolStage[si];
    const was = 4 * t; // a record at the last period's end: 4·((t − 1) + 1)
    for (let r = 0; r < ws.listLength[si]; r++) {
      const i = list[r];
      const st = record8[RECORD8 * i + STATE];
      const b = s.stepped ? record[RECORD * i + BALANCE] + plan[i] : record[RECORD * i + BALANCE];
      let stage: number;
      let a: number;
      if (st === State.F) {
        stage = 3;
        a = this.lossInF(si, i, b);
      } else {
        const k = st >= State.D1 ? st - State.D1 + 1 : 0;
        if (k >= this.stage3From) stage = 3;
        else if (k >= this.stage2From || st === State.R) stage = 2;
        else if (st === State.C && record8[RECORD8 * i + FLAGS] & Flag.redefault && mo - ws.spellOf(i) < this.probation) stage = 2;
        else stage = 0; // by the PD test: the segment's, or its age's with a curve
        const n = g.revolving ? 0 : Math.min(g.N, Math.max(0, term[i] - record16[RECORD16 * i + MADE]));
        const e = g.revolving ? b + s.ccf * Math.max(0, record[RECORD * i + LIMIT] - b) : b;
        if (mob) {
          // Its own age now: a starting account's months on book at the start plus the months since, a booked one's since its booking.
          const at = ws.bookedAt(c, i);
          const age = at === 0 ? mob[i] + mo : mo - at;
          const v = this.valuesAt(g, age);
          if (v === null) {
            // Past a curve that ends at 1: the segment's own tables.
            if (stage === 0) stage = currentStage;
            a = e * (stage === 1 ? unit1 : unitL)[(k < m ? k : m) * width + n];
          } else {
            if (stage === 0) stage = v.currentStage2 ? 2 : 1;
            // Under CECL both windows are the lifetime: one table.
            a = e * this.agedTable(g, age < g.aged.length - 1 ? age : g.aged.length - 1, stage === 1 || this.lifetimeAll ? 0 : 1)[(k < m ? k : m) * width + n];
          }
        } else {
          if (stage === 0) stage = currentStage;
          a = e * (stage === 1 ? unit1 : unitL)[(k < m ? k : m) * width + n];
        }
      }
      allowance += a;
      stageAllowance[stage - 1] += a;
      stageBalance[stage - 1] += b;
      const rec = seen[i];
      if (t === 0) tr[(stage - 1) * 4]++;
      else if (ws.bookedAt(c, i) <= prevEnd) {
        const from = rec >= was && rec < was + 4 ? rec - was : poolFrom;
        tr[(from - 1) * 3 + stage - 1]++;
      }
      seen[i] = 4 * (t + 1) + stage;
    }
    return allowance;
  }

  /** The allowance of account i in F with balance b: its drawn loss, or for one defaulted before the start, LGD mean × its balance (EAD). */
  private lossInF(si: number, i: number, b: number): number {
    return this.c.startState[i] === State.F && this.c.bookAt[i] === 0 ? b * this.segs[si].lgd : this.defaultLoss[i];
  }

  /** Account i of segment si, in F with balance b (its EAD), is written off: its allowance leaves with it. */
  writeOff(si: number, i: number, b: number): void {
    this.writeOffs[si] += this.lossInF(si, i, b);
  }

  /** Account i of segment si defaults with `loss`; written off at once (a sale, no months in F) when `gone`. */
  onDefault(si: number, i: number, loss: number, gone: boolean): void {
    this.defaultLoss[i] = loss;
    if (gone) this.writeOffs[si] += loss;
  }

  private inSegment(si: number, i: number): boolean {
    const r = this.book.ranges[si];
    return i >= r.start && i < r.end;
  }
}

/** The closed-form current accounts' month-end balance and count by segment (pathRun.ts fills them). */
export interface PoolSums {
  balance: Float64Array;
  count: Float64Array;
}

/** x^p for a whole p ≥ 0 by products (elementary.ts's pow is for real exponents). */
function powInt(x: number, p: number): number {
  let y = 1;
  for (let j = 0; j < p; j++) y *= x;
  return y;
}
