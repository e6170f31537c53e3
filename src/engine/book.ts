/**
 * The book as columns: every starting account and every applicant slot of every segment,
 * laid out segment after segment. Static attributes (score, limit, principal, starting
 * state) are drawn once from the seed alone, so every path simulates the same book and
 * every variant sees the same borrowers; a variant's parameters only turn those draws into
 * its own numbers. Variants whose segments and approval agree share one set of columns.
 */
import type { Model, SegmentModel, VariantModel } from "./model.ts";
import { PRODUCT, scorePd } from "./model.ts";
import { HazardSolver, thresholdOf } from "./hazard.ts";
import { PAYMENTS_NOT_GIVEN, STATE_F } from "../data/tape.ts";
import { PhiInv } from "./normal.ts";
import { keyedUniform, pathKeys, Purpose, seedKeys, streamKeys } from "./random.ts";
import { State } from "./state.ts";
import { exp, expm1, log1p } from "./math.ts";
import { startingBaseline, type Baseline } from "./baseline.ts";

/**
 * Accounts of segment s occupy [start, start + accounts + perMonth·H). Applicant j of month
 * t sits at start + accounts + (t−1)·perMonth + j. Slots are sized for the largest variant,
 * so an account keeps its slot, and its random numbers, in every variant.
 */
export interface SegmentRange {
  start: number;
  /** Starting-account slots: the most any variant has; a variant with fewer leaves the rest off the book. */
  accounts: number;
  /** Applicant slots a month: the most any variant takes, so slot ids agree across variants. */
  perMonth: number;
  end: number;
}

/** What a variant makes of the shared draws. */
export interface BookColumns {
  /**
   * Latent threshold a = Φ⁻¹(q) of each account, q = 1 − (1 − h)^periodMonths its
   * through-the-cycle probability of a first miss in a period, h its monthly hazard.
   */
  a: Float64Array;
  /**
   * Per segment, ascending grid points of the thresholds: the engine evaluates survival on
   * them and brackets each account between points[cell] and points[cell + 1]; a one-rate
   * segment has one point and every account sits on it.
   */
  grids: Float64Array[];
  /** Grid cell of each account. */
  cell: Int32Array;
  /** 0: on the book at the start; t ≥ 1: booked at the end of month t; −1: never booked. */
  bookAt: Int16Array;
  limit: Float64Array;
  /** Drawn balance (revolving) or principal (instalment) at the start or at booking. */
  balance: Float64Array;
  /** Level monthly instalment payment (0 for revolving). */
  payment: Float64Array;
  /** Monthly payments left at the start or at booking: the segment's term, or a tape row's. */
  term: Uint16Array;
  /** Each account's own monthly APR where a tape gives one (revolving), else null: the segment's. */
  rate: Float64Array | null;
  /** State at the start: current, a delinquency bucket (delinquency.start) or F (startDefaulted). */
  startState: Uint8Array;
  /** Months an account defaulted before the start has already spent in F. */
  startAge: Uint16Array;
  /** Per segment: what the starting current accounts do if none leaves C (see baseline.ts). */
  baseline: Baseline[];
}

export interface Book {
  size: number;
  ranges: SegmentRange[];
  /** Columns of each variant; variants with the same segments and approval share one object. */
  variants: BookColumns[];
}

export function segmentRanges(model: Model): SegmentRange[] {
  const H = model.months;
  let start = 0;
  return model.variants[0].segments.map((s) => {
    const own = model.variants.map((v) => v.segments.find((x) => x.name === s.name)!);
    const accounts = Math.max(...own.map((x) => x.accounts));
    const perMonth = Math.max(...own.map((x) => x.applicantsPerMonth));
    const r = { start, accounts, perMonth, end: start + accounts + perMonth * H };
    start = r.end;
    return r;
  });
}

/** Grid step in latent units: brackets narrow enough that an account's own curve is rarely needed. */
const GRID_STEP = 0.02;

/** Ascending grid points spanning a[from, to), and each account's cell. */
function thresholdGrid(a: Float64Array, cell: Int32Array, from: number, to: number): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < to; i++) {
    if (a[i] < lo) lo = a[i];
    if (a[i] > hi) hi = a[i];
  }
  if (!(lo < hi)) {
    cell.fill(0, from, to);
    return Float64Array.of(from < to ? lo : 0);
  }
  const n = Math.ceil((hi - lo) / GRID_STEP);
  const points = Float64Array.from({ length: n + 1 }, (_, g) => lo + g * GRID_STEP);
  points[n] = hi;
  for (let i = from; i < to; i++) {
    let g = Math.min(n - 1, Math.max(0, Math.floor((a[i] - lo) / GRID_STEP)));
    while (g > 0 && points[g] > a[i]) g--;
    while (g < n - 1 && points[g + 1] < a[i]) g++;
    cell[i] = g;
  }
  return points;
}

/**
 * The starting state of an account with static uniform u: D(k+1) for the bucket whose
 * cumulative share first exceeds u, F for the top `startDefaulted` of u, current between.
 */
function startState(s: SegmentModel, u: number): number {
  // With no work-out months, a defaulted account is already written off: not on the book.
  if (s.startDefaulted > 0 && u >= 1 - s.startDefaulted) return s.chargeOffMonths > 0 ? State.F : State.W;
  let cumulative = 0;
  for (let k = 0; k < s.startShares.length; k++) {
    cumulative += s.startShares[k];
    if (u < cumulative) return State.D1 + k;
  }
  return State.C;
}

/** Level monthly payment of an annuity: P·r / (1 − (1 + r)^−n). */
export function annuity(principal: number, monthlyRate: number, months: number): number {
  if (monthlyRate === 0) return principal / months;
  return (principal * monthlyRate) / -expm1(-months * log1p(monthlyRate));
}


interface Draws {
  zScore: Float64Array;
  zSize: Float64Array;
  uStart: Float64Array;
}

function fillVariant(ranges: SegmentRange[], size: number, d: Draws, v: VariantModel, model: Model): BookColumns {
  const pm = model.layout.periodMonths;
  const c: BookColumns = {
    a: new Float64Array(size),
    grids: [],
    cell: new Int32Array(size),
    bookAt: new Int16Array(size).fill(-1),
    limit: new Float64Array(size),
    balance: new Float64Array(size),
    payment: new Float64Array(size),
    term: new Uint16Array(size),
    rate: v.segments.some((g) => g.tape?.apr.some((x) => !Number.isNaN(x))) ? new Float64Array(size) : null,
    startState: new Uint8Array(size).fill(State.C),
    startAge: new Uint16Array(size),
    baseline: [],
  };
  v.segments.forEach((s: SegmentModel, si) => {
    const r = ranges[si];
    const solver = new HazardSolver(s);
    const oneRate = s.risk.kind === "rate" ? thresholdOf(s.basis, solver, s.risk.annual, pm) : 0;
    for (let i = r.start; i < r.end; i++) {
      const applicant = i >= r.start + r.accounts;
      const slot = i - r.start - r.accounts;
      const month = applicant ? Math.floor(slot / r.perMonth) + 1 : 0;
      const inUse = !applicant || slot % r.perMonth < s.applicantsPerMonth;
      let score = NaN;
      if (applicant) {
        const dist = s.applicantScore!;
        score = dist.mean + dist.sd * d.zScore[i];
        c.a[i] = thresholdOf(s.applicantBasis, solver, scorePd(score, s.scorecard!), pm, true);
      } else if (s.risk.kind === "score") {
        score = s.risk.mean + s.risk.sd * d.zScore[i];
        c.a[i] = thresholdOf(s.basis, solver, scorePd(score, s.scorecard!), pm, true);
      } else c.a[i] = oneRate;
      c.term[i] = s.termMonths;
      if (c.rate) c.rate[i] = s.aprMonthly;
      if (s.product === PRODUCT.revolving) {
        c.limit[i] = s.limit.median * exp(s.limit.sigma * d.zSize[i]);
        c.balance[i] = s.utilization * c.limit[i];
      } else {
        c.balance[i] = s.principal.median * exp(s.principal.sigma * d.zSize[i]);
        c.payment[i] = annuity(c.balance[i], s.aprMonthly, s.termMonths);
      }
      if (s.tape !== null && !applicant) {
        if (i - r.start < s.tape.rows) fromTape(c, s, solver, i, i - r.start, pm);
        continue;
      }
      if (!applicant) {
        c.bookAt[i] = i - r.start < s.accounts ? 0 : -1;
        c.startState[i] = startState(s, d.uStart[i]);
        if (c.startState[i] === State.F) {
          // Spread over the work-out: as many left to write off each month.
          const u = (d.uStart[i] - (1 - s.startDefaulted)) / s.startDefaulted;
          c.startAge[i] = Math.min(s.chargeOffMonths - 1, Math.floor(u * s.chargeOffMonths));
        }
      } else if (inUse && (v.policy.minScore === null || score >= v.policy.minScore)) c.bookAt[i] = month;
    }
    c.grids.push(thresholdGrid(c.a, c.cell, r.start, r.end));
    c.baseline.push(startingBaseline(s, r, c, model.months));
  });
  return c;
}

/**
 * Account i from row j of its segment's tape: the row's balance, limit, payments left, APR,
 * state, and its own pd or score (else the segment's). A row in F is in work-out: on the
 * book, outside the horizon's accounts (as `startDefaulted`).
 */
function fromTape(c: BookColumns, s: SegmentModel, solver: HazardSolver, i: number, j: number, pm: number): void {
  const t = s.tape!;
  c.balance[i] = t.balance[j];
  c.limit[i] = s.product === PRODUCT.revolving ? t.limit[j] : 0;
  if (t.paymentsLeft[j] !== PAYMENTS_NOT_GIVEN) c.term[i] = t.paymentsLeft[j];
  if (c.rate && !Number.isNaN(t.apr[j])) c.rate[i] = t.apr[j] / 12;
  if (s.product === PRODUCT.instalment) c.payment[i] = annuity(c.balance[i], s.aprMonthly, c.term[i]);
  if (!Number.isNaN(t.pd[j])) c.a[i] = thresholdOf("default", solver, t.pd[j], pm, true);
  else if (!Number.isNaN(t.score[j])) c.a[i] = thresholdOf("default", solver, scorePd(t.score[j], s.scorecard!), pm, true);
  c.bookAt[i] = 0;
  const state = t.state[j];
  c.startState[i] = state === STATE_F ? (s.chargeOffMonths > 0 ? State.F : State.W) : state === 0 ? State.C : State.D1 + state - 1;
}

/** What makes a variant's columns: its segments and its approval cutoff. */
const columnsKey = (v: VariantModel): string =>
  JSON.stringify([
    v.segments.map((s) => ({ ...s, tape: s.tape?.file ?? null, loadings: [...s.loadings], roll: [...s.roll], stay: [...s.stay] })),
    v.policy.minScore,
  ]);

/** Builds the book of a model: shared draws once, then each distinct variant's columns. */
export function buildBook(model: Model): Book {
  const ranges = segmentRanges(model);
  const size = ranges.length ? ranges[ranges.length - 1].end : 0;
  const keys = pathKeys(seedKeys(model.simulation.seed), -1);
  const d: Draws = { zScore: new Float64Array(size), zSize: new Float64Array(size), uStart: new Float64Array(size) };
  ranges.forEach((r, s) => {
    const ks = streamKeys(keys, Purpose.score, s, 0);
    const kz = streamKeys(keys, Purpose.size, s, 0);
    const ku = streamKeys(keys, Purpose.start, s, 0);
    for (let i = r.start; i < r.end; i++) {
      d.zScore[i] = PhiInv(keyedUniform(ks[0], ks[1], i - r.start));
      d.zSize[i] = PhiInv(keyedUniform(kz[0], kz[1], i - r.start));
      d.uStart[i] = keyedUniform(ku[0], ku[1], i - r.start);
    }
  });
  const built = new Map<string, BookColumns>();
  const variants = model.variants.map((v) => {
    const key = columnsKey(v);
    let c = built.get(key);
    if (!c) {
      c = fillVariant(ranges, size, d, v, model);
      built.set(key, c);
    }
    return c;
  });
  return { size, ranges, variants };
}
