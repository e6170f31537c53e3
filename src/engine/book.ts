/**
 * The book as columns: every starting account and every applicant slot of every segment,
 * laid out segment after segment. Static attributes (score, limit, principal, starting
 * state) are drawn once from the seed alone, so every path simulates the same book and
 * every variant sees the same borrowers; a variant's parameters only turn those draws into
 * its own numbers. Variants whose segments and approval agree share one set of columns.
 */
import type { Model, RiskBasis, SegmentModel, VariantModel } from "./model.ts";
import { PRODUCT } from "./model.ts";
import { scorePd } from "./segmentInputs.ts";
import { agreeThrough } from "./stages.ts";
import { HazardSolver } from "./hazard.ts";
import { calibratedThresholds, calibrationOf } from "./burdenChain.ts";
import { MONTHS_ON_BOOK_NOT_GIVEN, PAYMENTS_NOT_GIVEN, STATE_F } from "../data/tape.ts";
import { PhiInv, shifted } from "../math/normal.ts";
import { reportingLaw } from "./ecl/economy.ts";
import { keyedUniform, pathKeys, Purpose, seedKeys, streamKeys } from "./random.ts";
import { State } from "./state.ts";
import { exp, expm1, log1p, pow } from "../math/elementary.ts";
import { startingBaseline, type Baseline } from "./baseline.ts";
import { drawRest, monthDraw } from "./lines.ts";
import type { AccountColumns, SegmentRange } from "./bookColumns.ts";
import { EconomyMix, type SteadyMix } from "./steady.ts";

/** What a variant makes of the shared draws (bookColumns.ts), with each segment's baseline. */
export interface BookColumns extends AccountColumns {
  /** Per segment: what the starting current accounts do if none leaves C (see baseline.ts). */
  baseline: Baseline[];
}

export interface Book {
  /** Key words the static draws were made with: the seed's (path −1), or a path's own with `redrawBook`. */
  keys: [number, number];
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
    const replacements = model.simulation.balanceSheet === "static" ? replacementSlots(model, own, accounts) : 0;
    const r = { start, accounts, perMonth, replacements, end: start + accounts + perMonth * H + replacements };
    start = r.end;
    return r;
  });
}

/** The standard normal quantile of 1 in 10,000: how far down the economy the slots are sized for. */
const STRESS_Z = 3.719;

/**
 * How many replacement slots a static balance sheet gives a segment (docs/model.md §7.1):
 * enough new accounts for a book that holds g times its starting accounts at the end, and
 * for the leavers of such a book over the horizon at a monthly rate above any its economy
 * reaches but once in 10,000 paths. The rate: the miss hazard of the annual rate (a score
 * distribution read as 20% a year) shifted to the index's 1-in-10,000 low over the horizon
 * (the mean its fixed paths and shocks give less 3.72 of its standard deviations,
 * ecl/economy.ts `reportingLaw`), twice, and never below four times the through-the-cycle one;
 * twice the attrition; twice a loan's amortization 1/term; and 1% a month. g is 1 but for
 * credit lines with transactors: an account that keeps paying holds at least its month's
 * purchases, `purchases`·L, where it joined at `utilization`·L, so the accounts that hold the
 * start's balance are at most utilization/purchases times as many (a rule refuses a static
 * balance sheet of transactors without purchases, who would hold nothing). A path that
 * needs more keeps what it has booked, and its balance then falls.
 */
function replacementSlots(model: Model, own: SegmentModel[], accounts: number): number {
  const H = model.months;
  const { periods } = model;
  const { periodMonths } = model.layout;
  let most = 0;
  own.forEach((s) => {
    const v = model.variants.find((x) => x.segments.includes(s))!;
    const annual = s.risk.kind === "rate" ? s.risk.annual : 0.2;
    const miss = 1 - pow(1 - Math.min(annual, 0.999), 1 / 12);
    const law = reportingLaw(v.macro, s, periods, periodMonths, H);
    let low = Infinity;
    for (let t = 0; t < H; t++) low = Math.min(low, law.mu[t] - STRESS_Z * Math.sqrt(law.sigma2[t]));
    const stressed = Math.max(4 * miss, 2 * shifted(miss, s.rho, low));
    const rate = stressed + 2 * s.attrition + (s.product === PRODUCT.instalment ? 2 / s.termMonths : 0) + 0.01;
    const g = s.revolvers !== null && s.product === PRODUCT.revolving && s.purchases > 0 ? Math.max(1, s.utilization / s.purchases) : 1;
    most = Math.max(most, Math.min(g * accounts * H, Math.ceil(accounts * (g - 1) + g * accounts * H * rate)));
  });
  return most + 16;
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
 * cumulative share first exceeds u, F for the top `defaulted` of u, current between.
 */
function startState(shares: ArrayLike<number>, defaulted: number, chargeOffMonths: number, u: number): number {
  // With no work-out months, a defaulted account is already written off: not on the book.
  if (defaulted > 0 && u >= 1 - defaulted) return chargeOffMonths > 0 ? State.F : State.W;
  let cumulative = 0;
  for (let k = 0; k < shares.length; k++) {
    cumulative += shares[k];
    if (u < cumulative) return State.D1 + k;
  }
  return State.C;
}

/**
 * The balance of a starting account in state `state` whose balance at its first miss was b:
 * charged as the engine charges a miss, a roll and the default (levers/charges.ts), once
 * per missed payment of the shortest way there (k for Dk, m + 1 and the drawdown to EAD for
 * F), a line's draw-down after each charge as the arrears draw it (lines.ts `monthDraw`).
 * Months spent staying in a bucket would add charges: left out (docs/model.md §4.4).
 */
function chargedBalance(s: SegmentModel, state: number, b: number, limit: number, out: { balance: number; drawn: number }): void {
  const defaulted = state === State.F || state === State.W;
  const misses = defaulted ? s.roll.length + 1 : state - State.D1 + 1;
  const line = s.product === PRODUCT.revolving;
  let x = b;
  let drawn = 0;
  for (let k = 0; k < misses; k++) {
    const room = s.feeCap === Infinity ? Infinity : s.feeCap * b - (x - b - drawn);
    const amount = Math.min(x * s.penaltyMonthly + s.lateFee, room);
    if (amount > 0) x += amount;
    if (line) {
      const draw = monthDraw(s, limit, b, drawn);
      x += draw;
      drawn += draw;
    }
  }
  out.balance = defaulted && line ? x + drawRest(s, limit, b, drawn) : x;
  out.drawn = defaulted && line ? 0 : drawn;
}

/** Level monthly payment of an annuity: P·r / (1 − (1 + r)^−n). */
export function annuity(principal: number, monthlyRate: number, months: number): number {
  return levelPayment(principal, monthlyRate, months, annuityDenominator(monthlyRate, months));
}

/** 1 − (1 + r)^−n of `annuity`: the same for every account of a segment, so taken once, not a log1p and an expm1 per loan. */
function annuityDenominator(monthlyRate: number, months: number): number {
  return monthlyRate === 0 ? months : -expm1(-months * log1p(monthlyRate));
}

function levelPayment(principal: number, monthlyRate: number, months: number, denominator: number): number {
  if (monthlyRate === 0) return principal / months;
  return (principal * monthlyRate) / denominator;
}

/**
 * The static draws every variant shares, account by account, segment by segment (slot j of
 * segment s at [s][j]), and where each segment's accounts sit. A segment whose accounts
 * no variant scores has no score normals (null).
 */
interface Draws {
  ranges: SegmentRange[];
  size: number;
  zScore: (Float64Array | null)[];
  zSize: Float64Array[];
  uStart: Float64Array[];
}

/** An annual rate's latent threshold on a segment's calibrated chain (burdenChain.ts `calibratedThresholds`). */
type Thresholds = (basis: RiskBasis, annual: number, many?: boolean) => number;

/** The columns of variant vi from the shared draws. */
function fillVariant(model: Model, vi: number, d: Draws): BookColumns {
  const { ranges, size } = d;
  const v = model.variants[vi];
  const pm = model.layout.periodMonths;
  const c: BookColumns = {
    a: new Float64Array(size),
    grids: [],
    cell: new Int32Array(size),
    bookAt: new Int16Array(size).fill(-1),
    limit: new Float64Array(size),
    balance: new Float64Array(size),
    base: new Float64Array(size),
    payment: new Float64Array(size),
    term: new Uint16Array(size),
    rate: v.segments.some((g) => g.tape?.apr.some((x) => !Number.isNaN(x))) ? new Float64Array(size) : null,
    startState: new Uint8Array(size).fill(State.C),
    startAge: new Uint16Array(size),
    monthsOnBook: v.segments.some((g) => g.seasoning !== null) ? new Uint16Array(size) : null,
    drawn: v.segments.some((g) => g.product === PRODUCT.revolving) ? new Float64Array(size) : null,
    baseline: [],
  };
  v.segments.forEach((s: SegmentModel, si) => {
    const r = ranges[si];
    const zScore = d.zScore[si];
    const zSize = d.zSize[si];
    const uStart = d.uStart[si];
    const denominator = annuityDenominator(s.aprMonthly, s.termMonths);
    const charged = { balance: 0, drawn: 0 };
    // The hazard is solved on the base variant's chain, its payment burden included (burdenChain.ts).
    const cal = calibrationOf(model, vi, si);
    // `many`: one of many accounts' own rates (a scorecard's, a tape's), read off the solver's table.
    const thresholdOf = calibratedThresholds({ solver: new HazardSolver(cal.ladder), cal, periodMonths: pm });
    const oneRate = s.risk.kind === "rate" ? thresholdOf(s.basis, s.risk.annual) : 0;
    // Given shares win over the steady mix; a tape's rows give their own states.
    const steady = s.start === "steady" && s.tape === null && s.startShares.length === 0 && s.startDefaulted === 0;
    const mix: SteadyMix = { arrears: new Float64Array(s.roll.length), defaulted: 0 };
    const economy = steady ? economyMix(s, v.macro, pm) : null;
    let mixOf = NaN;
    const firstReplacement = r.end - r.replacements;
    // The segment's fields, read once before the loop over its accounts. A profile of the
    // million-account book had this loop at half its build and its sizes' `exp` at a third of
    // the loop: that one stays, as each account's size is its own draw.
    const { start: from, end: to, accounts: drawn, perMonth } = r;
    const revolving = s.product === PRODUCT.revolving;
    const size = revolving ? s.limit : s.principal;
    const { median, sigma } = size;
    const { utilization, termMonths, aprMonthly, chargeOffMonths } = s;
    const startsSteady = s.start === "steady";
    const onBook = from + s.accounts;
    for (let i = from; i < to; i++) {
      const j = i - from;
      // A replacement slot is drawn as a starting account, current, and booked by the path (pathRun.ts).
      const replacement = i >= firstReplacement;
      const applicant = j >= drawn && !replacement;
      let score = NaN;
      if (applicant) {
        const dist = s.applicantScore!;
        score = dist.mean + dist.sd * zScore![j];
        c.a[i] = thresholdOf(s.applicantBasis, scorePd(score, s.scorecard!), true);
      } else if (s.risk.kind === "score") {
        score = s.risk.mean + s.risk.sd * zScore![j];
        c.a[i] = thresholdOf(s.basis, scorePd(score, s.scorecard!), true);
      } else c.a[i] = oneRate;
      c.term[i] = termMonths;
      if (c.rate) c.rate[i] = aprMonthly;
      if (c.monthsOnBook && s.seasoning && !applicant) c.monthsOnBook[i] = s.seasoning.startMonthsOnBook;
      const amount = median * exp(sigma * zSize[j]);
      if (revolving) {
        c.limit[i] = amount;
        c.balance[i] = utilization * amount;
      } else {
        c.balance[i] = amount;
        c.payment[i] = levelPayment(amount, aprMonthly, termMonths, denominator);
      }
      if (s.tape !== null && !applicant && !replacement) {
        if (j < s.tape.rows) fromTape(c, { segment: s, thresholdOf, account: i, row: j });
        continue;
      }
      const balance = c.balance[i];
      c.base[i] = balance;
      if (replacement) {
        c.bookAt[i] = -1;
        c.startState[i] = State.C;
      } else if (!applicant) {
        c.bookAt[i] = i < onBook ? 0 : -1;
        let shares: ArrayLike<number> = s.startShares;
        let defaulted = s.startDefaulted;
        if (steady) {
          if (c.a[i] !== mixOf) {
            mixOf = c.a[i];
            economy!.of(c.a[i], mix);
          }
          shares = mix.arrears;
          defaulted = mix.defaulted;
        }
        const state = startState(shares, defaulted, chargeOffMonths, uStart[j]);
        c.startState[i] = state;
        if (state === State.F) {
          // Spread over the work-out: as many left to write off each month.
          const u = (uStart[j] - (1 - defaulted)) / defaulted;
          c.startAge[i] = Math.min(chargeOffMonths - 1, Math.floor(u * chargeOffMonths));
        }
        if (startsSteady && state !== State.C) {
          chargedBalance(s, state, balance, c.limit[i], charged);
          c.balance[i] = charged.balance;
          if (c.drawn) c.drawn[i] = charged.drawn;
        }
      } else {
        const slot = j - drawn;
        const inUse = slot % perMonth < s.applicantsPerMonth;
        if (inUse && (v.policy.minScore === null || score >= v.policy.minScore)) c.bookAt[i] = Math.floor(slot / perMonth) + 1;
      }
    }
    c.grids.push(thresholdGrid(c.a, c.cell, r.start, r.end));
    c.baseline.push(startingBaseline(s, r, c, model.months));
  });
  return c;
}

/** Account `account` of `segment`, read from row `row` of the segment's tape, and the thresholds of its rates. */
interface TapeAccount {
  segment: SegmentModel;
  thresholdOf: Thresholds;
  account: number;
  row: number;
}

/**
 * Account i from row j of its segment's tape: the row's balance, limit, payments left, APR,
 * state, and its own pd or score (else the segment's). A row in F is in work-out: on the
 * book, outside the horizon's accounts (as `startDefaulted`).
 */
function fromTape(c: BookColumns, { segment: s, thresholdOf, account: i, row: j }: TapeAccount): void {
  const t = s.tape!;
  c.balance[i] = t.balance[j];
  c.base[i] = t.balance[j];
  c.limit[i] = s.product === PRODUCT.revolving ? t.limit[j] : 0;
  if (t.paymentsLeft[j] !== PAYMENTS_NOT_GIVEN) c.term[i] = t.paymentsLeft[j];
  if (c.rate && !Number.isNaN(t.apr[j])) c.rate[i] = t.apr[j] / 12;
  if (s.product === PRODUCT.instalment) c.payment[i] = annuity(c.balance[i], s.aprMonthly, c.term[i]);
  if (c.monthsOnBook && s.seasoning && t.monthsOnBook[j] !== MONTHS_ON_BOOK_NOT_GIVEN) c.monthsOnBook[i] = t.monthsOnBook[j];
  if (!Number.isNaN(t.pd[j])) c.a[i] = thresholdOf("default", t.pd[j], true);
  else if (!Number.isNaN(t.score[j])) c.a[i] = thresholdOf("default", scorePd(t.score[j], s.scorecard!), true);
  c.bookAt[i] = 0;
  const state = t.state[j];
  c.startState[i] = state === STATE_F ? (s.chargeOffMonths > 0 ? State.F : State.W) : state === 0 ? State.C : State.D1 + state - 1;
}

const economyMixes = new WeakMap<SegmentModel, EconomyMix>();

/** A segment's economy-averaged steady mixes, kept with the compiled segment: a book redrawn every path reuses them. */
function economyMix(s: SegmentModel, macro: VariantModel["macro"], pm: number): EconomyMix {
  let e = economyMixes.get(s);
  if (!e) economyMixes.set(s, (e = new EconomyMix(s, macro, pm)));
  return e;
}

/** The golden ratio's fractional part: the Weyl sequence of lowest discrepancy. */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * Key words of the book's static draws: the seed's, the same for every path; with
 * `simulation.redrawBook`, path p's own (path −2 − p of the seed, never a path's stream
 * keys), so a path's book depends on (seed, path) alone, whatever the chunking.
 */
export function bookKeys(model: Model, path: number): [number, number] {
  const seed = seedKeys(model.simulation.seed);
  return model.simulation.redrawBook ? pathKeys(seed, -2 - path) : pathKeys(seed, -1);
}

/**
 * Books with at most this many slots keep their static draws for the next book with the
 * same keys: a model compiled again after a slider moved (or `reverse`'s next value, or a
 * cell run again) has the same seed and segments, and its inverse-CDF normals were a tenth
 * of its build. A larger book builds once a run: it keeps nothing (at most 6 MB kept).
 */
const KEPT_SLOTS = 1 << 18;

/** A segment's draws, slot by slot; slot j's draws depend on the keys, the segment's place and j alone. */
interface SegmentDraws {
  zScore: Float64Array | null;
  zSize: Float64Array;
  uStart: Float64Array;
}

/** The last small book's draws: its keys, and its segments' draws by place. */
let keptDraws: { keys: string; segments: SegmentDraws[] } = { keys: "", segments: [] };

/** Segment `s`'s draws for its `n` slots, with score normals if `scored`. */
function segmentDraws(keys: [number, number], s: number, n: number, scored: boolean): SegmentDraws {
  const ks = streamKeys(keys, Purpose.score, s, 0);
  const kz = streamKeys(keys, Purpose.size, s, 0);
  const ku = streamKeys(keys, Purpose.start, s, 0);
  const start = keyedUniform(ku[0], ku[1], 0);
  const zScore = scored ? new Float64Array(n) : null;
  const zSize = new Float64Array(n);
  const uStart = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // Only scores read the score normals: one rate's book skips half its inverse CDFs.
    if (zScore) zScore[j] = PhiInv(keyedUniform(ks[0], ks[1], j));
    zSize[j] = PhiInv(keyedUniform(kz[0], kz[1], j));
    // A Weyl sequence from one keyed offset: a book of n accounts holds each starting share
    // to within about log n accounts, where independent uniforms would miss by √n.
    const u = start + j * GOLDEN;
    uStart[j] = u - Math.floor(u);
  }
  return { zScore, zSize, uStart };
}

/** The draws of a book's segments; a small book's kept, and read again by the next book with its keys. */
function staticDraws(model: Model, keys: [number, number], ranges: SegmentRange[], size: number): Draws {
  const named = `${keys[0]}:${keys[1]}`;
  const kept = keptDraws.keys === named ? keptDraws.segments : [];
  const segments = ranges.map((r, s) => {
    const n = r.end - r.start;
    // Applicants are scored, and so are the accounts of a segment given by score in any variant.
    const scored = r.perMonth > 0 || model.variants.some((v) => v.segments[s].risk.kind === "score");
    const old = kept[s];
    if (old && old.zSize.length >= n && (old.zScore !== null || !scored)) return old;
    return segmentDraws(keys, s, n, scored);
  });
  if (size <= KEPT_SLOTS) keptDraws = { keys: named, segments };
  return {
    ranges,
    size,
    zScore: segments.map((g) => g.zScore),
    zSize: segments.map((g) => g.zSize),
    uStart: segments.map((g) => g.uStart),
  };
}

/** Builds the book of a model: shared draws once, then each distinct variant's columns. */
export function buildBook(model: Model, keys: [number, number] = bookKeys(model, 0)): Book {
  const ranges = segmentRanges(model);
  const size = ranges.length ? ranges[ranges.length - 1].end : 0;
  const d = staticDraws(model, keys, ranges, size);
  // Variants that agree on every field their columns are built from (model.ts, stage `columns`) share them.
  const built: { v: VariantModel; c: BookColumns }[] = [];
  const variants = model.variants.map((v, vi) => {
    let c = built.find((b) => agreeThrough(b.v, v, "columns"))?.c;
    if (!c) {
      c = fillVariant(model, vi, d);
      built.push({ v, c });
    }
    return c;
  });
  return { keys, size, ranges, variants };
}
