/**
 * The book as columns: every starting account and every applicant slot of every segment,
 * laid out segment after segment. Static attributes (score, limit, principal) are drawn
 * once from the seed alone, so every path simulates the same book, and every variant sees
 * the same borrowers; a variant's parameters only turn those draws into its own numbers.
 */
import type { Model, SegmentModel, VariantModel } from "./model.ts";
import { PRODUCT, scorePd } from "./model.ts";
import { annualToPeriod, PhiInv } from "./normal.ts";
import { keyedUniform, pathKeys, Purpose, seedKeys, streamKeys } from "./random.ts";
import { State } from "./workspace.ts";
import { exp, expm1, log1p } from "./math.ts";

/**
 * Accounts of segment s occupy [start, start + accounts + slots). Applicant j of period t
 * sits at start + accounts + (t−1)·perPeriod + j. Slots are sized for the largest variant,
 * so an account keeps its slot, and its random numbers, in every variant.
 */
export interface SegmentRange {
  start: number;
  /** Starting-account slots: the most any variant has; a variant with fewer leaves the rest off the book. */
  accounts: number;
  /** Applicant slots a period: the most any variant takes, so slot ids agree across variants. */
  perPeriod: number;
  end: number;
}

/**
 * The grid of latent thresholds a = Φ⁻¹(h) of a segment. Each account's threshold lies in
 * [points[g], points[g+1]]; per period the hot loop evaluates the conditional hazard at
 * the grid points only, decides most accounts by the bracket and evaluates the exact
 * hazard for the few whose uniform falls inside it. Same decisions as the exact rule.
 */
export interface ThresholdGrid {
  points: Float64Array;
}

/** What a variant makes of the shared draws. */
export interface BookColumns {
  /** Latent threshold Φ⁻¹(per-period PD) of each account. */
  a: Float64Array;
  /** Grid cell of each account's threshold. */
  cell: Int32Array;
  grids: ThresholdGrid[];
  /** 0: on the book at the start; t ≥ 1: booked at the end of period t; −1: never booked. */
  bookAt: Int16Array;
  limit: Float64Array;
  balance: Float64Array;
  /** Level monthly instalment payment (0 for revolving). */
  payment: Float64Array;
  /** Score of each account (NaN for a segment with a single PD). */
  score: Float64Array;
  /** State at the start: current, a delinquency bucket (delinquency.start) or F (startDefaulted). */
  startState: Uint8Array;
  /** Periods an account defaulted before the start has already spent in F. */
  startAge: Uint16Array;
}

export interface Book {
  size: number;
  ranges: SegmentRange[];
  /** Standard normal draws of score and size, and a uniform for the starting state, shared by every variant. */
  zScore: Float64Array;
  zSize: Float64Array;
  uStart: Float64Array;
  variants: BookColumns[];
}

export function segmentRanges(model: Model): SegmentRange[] {
  const T = model.periods;
  let start = 0;
  return model.variants[0].segments.map((s) => {
    const own = model.variants.map((v) => v.segments.find((x) => x.name === s.name)!);
    const accounts = Math.max(...own.map((x) => x.accounts));
    const slots = Math.max(...own.map((x) => x.applicantsPerPeriod));
    const r = { start, accounts, perPeriod: slots, end: start + accounts + slots * T };
    start = r.end;
    return r;
  });
}

/** Grid step in latent units: brackets are narrow enough that the exact hazard is rarely needed. */
const GRID_STEP = 0.02;

export function thresholdGrid(a: Float64Array, from: number, to: number): ThresholdGrid {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < to; i++) {
    if (a[i] < lo) lo = a[i];
    if (a[i] > hi) hi = a[i];
  }
  if (!(lo < hi)) return { points: Float64Array.of(lo, lo) };
  const n = Math.ceil((hi - lo) / GRID_STEP);
  const points = Float64Array.from({ length: n + 1 }, (_, g) => lo + g * GRID_STEP);
  points[n] = hi;
  return { points };
}

/** The cell g with points[g] ≤ a ≤ points[g+1], or −1 when a is off the grid. */
export function gridCell(grid: ThresholdGrid, a: number): number {
  const p = grid.points;
  const last = p.length - 2;
  if (!(a >= p[0] && a <= p[last + 1])) return -1;
  let g = Math.min(last, Math.max(0, Math.floor((a - p[0]) / GRID_STEP)));
  while (g > 0 && p[g] > a) g--;
  while (g < last && p[g + 1] < a) g++;
  return g;
}

/**
 * The starting state of an account with static uniform u: D(k+1) for the bucket whose
 * cumulative share first exceeds u, F for the top `startDefaulted` of u, current between.
 */
function startState(s: SegmentModel, u: number): number {
  if (s.startDefaulted > 0 && s.chargeOffPeriods > 0 && u >= 1 - s.startDefaulted) return State.F;
  let cumulative = 0;
  for (let k = 0; k < s.startShares.length; k++) {
    cumulative += s.startShares[k];
    if (u < cumulative) return State.D1 + k;
  }
  return State.C;
}

function annuity(principal: number, monthlyRate: number, months: number): number {
  if (monthlyRate === 0) return principal / months;
  return (principal * monthlyRate) / -expm1(-months * log1p(monthlyRate));
}

function fillVariant(book: Book, v: VariantModel, periodMonths: number): BookColumns {
  const n = book.size;
  const c: BookColumns = {
    a: new Float64Array(n),
    cell: new Int32Array(n),
    grids: [],
    bookAt: new Int16Array(n).fill(-1),
    limit: new Float64Array(n),
    balance: new Float64Array(n),
    payment: new Float64Array(n),
    score: new Float64Array(n).fill(NaN),
    startState: new Uint8Array(n).fill(State.C),
    startAge: new Uint16Array(n),
  };
  v.segments.forEach((s: SegmentModel, si) => {
    const r = book.ranges[si];
    for (let i = r.start; i < r.end; i++) {
      const applicant = i >= r.start + r.accounts;
      const slot = i - r.start - r.accounts;
      const period = applicant ? Math.floor(slot / r.perPeriod) + 1 : 0;
      const inUse = !applicant || slot % r.perPeriod < s.applicantsPerPeriod;
      let pd: number;
      if (applicant) {
        const dist = s.applicantScore!;
        c.score[i] = dist.mean + dist.sd * book.zScore[i];
        pd = scorePd(c.score[i], s.scorecard!);
      } else if (s.risk.kind === "score") {
        c.score[i] = s.risk.mean + s.risk.sd * book.zScore[i];
        pd = scorePd(c.score[i], s.scorecard!);
      } else pd = s.risk.pd;
      c.a[i] = PhiInv(annualToPeriod(Math.min(pd, 1 - 1e-12), periodMonths));
      if (s.product === PRODUCT.revolving) {
        c.limit[i] = s.limit.median * exp(s.limit.sigma * book.zSize[i]);
        c.balance[i] = s.utilization * c.limit[i];
      } else {
        c.balance[i] = s.principal.median * exp(s.principal.sigma * book.zSize[i]);
        c.payment[i] = annuity(c.balance[i], s.aprMonthly, s.termMonths);
      }
      if (!applicant) {
        c.bookAt[i] = i - r.start < s.accounts ? 0 : -1;
        c.startState[i] = startState(s, book.uStart[i]);
        if (c.startState[i] === State.F) {
          // Spread over the work-out: as many left to write off each period.
          const u = (book.uStart[i] - (1 - s.startDefaulted)) / s.startDefaulted;
          c.startAge[i] = Math.min(s.chargeOffPeriods - 1, Math.floor(u * s.chargeOffPeriods));
        }
      }
      else if (inUse && (v.policy.minScore === null || c.score[i] >= v.policy.minScore)) c.bookAt[i] = period;
    }
    const grid = thresholdGrid(c.a, r.start, r.end);
    c.grids.push(grid);
    for (let i = r.start; i < r.end; i++) c.cell[i] = gridCell(grid, c.a[i]);
  });
  return c;
}

/** Builds the book of a model: shared draws once, then each variant's columns. */
export function buildBook(model: Model): Book {
  const ranges = segmentRanges(model);
  const size = ranges.length ? ranges[ranges.length - 1].end : 0;
  const keys = pathKeys(seedKeys(model.simulation.seed), -1);
  const zScore = new Float64Array(size);
  const zSize = new Float64Array(size);
  const uStart = new Float64Array(size);
  ranges.forEach((r, s) => {
    const ks = streamKeys(keys, Purpose.score, s, 0);
    const kz = streamKeys(keys, Purpose.size, s, 0);
    const ku = streamKeys(keys, Purpose.start, s, 0);
    for (let i = r.start; i < r.end; i++) {
      zScore[i] = PhiInv(keyedUniform(ks[0], ks[1], i - r.start));
      zSize[i] = PhiInv(keyedUniform(kz[0], kz[1], i - r.start));
      uStart[i] = keyedUniform(ku[0], ku[1], i - r.start);
    }
  });
  const book: Book = { size, ranges, zScore, zSize, uStart, variants: [] };
  book.variants = model.variants.map((v) => fillVariant(book, v, model.simulation.periodMonths));
  return book;
}
