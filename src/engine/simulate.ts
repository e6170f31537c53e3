/**
 * Simulates paths [from, to) of a compiled model: MODEL.md version 2, sections 3–8, on a
 * monthly clock. Accounts in C are not visited month by month: when an account enters C,
 * one uniform gives the month it next leaves (survival.ts), its month-end balances and
 * interest until then are booked in closed form (ledger.ts), and it waits in that month's
 * event list. Only accounts in D1..Dm, R and F are stepped each month, and the current
 * accounts of segments whose model depends on an account's history (stepped.ts). A path
 * leaves a few numbers per segment and per period, and the expected loss past the horizon
 * of the accounts it leaves on the book (lifetime.ts); the columns are reused from path to
 * path.
 *
 * Profile lesson (version 1 stepped every account every period, two keyed hashes and a
 * threshold look-up each: 21–24 ns per account-month): most of that work decided that a
 * current account stays current. Here a starting current account costs one hash and one
 * comparison per path, whatever the horizon.
 */
import { beta } from "./beta.ts";
import { bookKeys, buildBook, type Book, type BookColumns } from "./book.ts";
import { HazardSolver, thresholdOfHazard } from "./hazard.ts";
import { perMonth } from "../math/ladderChain.ts";
import { calibratedRaise, calibrationOf } from "./burdenChain.ts";
import { NPM, PM, periodWidth, rateBase, type ChunkResult, type VariantChunk } from "./layout.ts";
import { Ledger } from "./ledger.ts";
import { cutUndrawn, exposureOf } from "./lines.ts";
import { LIFE_MONTHS, lifeIndex, segmentLifetime } from "./lifetime.ts";
import { factorPath, macroNormals } from "./macro.ts";
import { pow } from "../math/elementary.ts";
import { agreeThrough, PRODUCT, type Model, type PolicyModel, type SegmentModel, type StartPolicy, type VariantModel } from "./model.ts";
import { Phi, PhiInv } from "../math/normal.ts";
import { KeyedStream, keyedBits, keyedUniform, macroRandom, pathKeys, Purpose, seedKeys, streamKeys } from "./random.ts";
import { Flag, State } from "./state.ts";
import type { SegmentPath } from "./segmentPath.ts";
import { SteppedAccounts, type SteppedHost } from "./stepped.ts";
import { Workspace } from "./workspace.ts";
import { bookTotals, finishRates, insure } from "./pathTotals.ts";

/** Purposes a path draws streams for (Purpose values 1..10). */
const STREAM_PURPOSES = 10;

const prepared = new WeakMap<Model, { book: Book; ws: Workspace }>();

/** The book and columns of a model, built once per model object and reused by every call. */
function prepare(model: Model): { book: Book; ws: Workspace } {
  let p = prepared.get(model);
  if (!p) {
    const book = buildBook(model);
    p = { book, ws: new Workspace(book, model) };
    prepared.set(model, p);
  }
  return p;
}

/** The base's exits from C at the start, and whether this variant replays them (PathRun.simulate). */
type StartReplay = { schedule: StartSchedule; replay: boolean };

/** A chunk's sizes and the seed's keys: the same for every path and variant. */
interface ChunkShape {
  T: number;
  S: number;
  W: number;
  K: number;
  seed: [number, number];
  /** The factor values of the path being run, Z[(t−1)·K + k]. */
  Z: Float64Array;
}

function chunkShape(model: Model): ChunkShape {
  const T = model.periods;
  const K = model.layout.factors.length;
  return { T, S: model.layout.segments.length, W: periodWidth(model.layout), K, seed: seedKeys(model.simulation.seed), Z: new Float64Array(T * K) };
}

const emptyChunk = (n: number, { T, S, W }: ChunkShape): VariantChunk => ({
  book: new Float64Array(n * NPM),
  segments: new Float64Array(n * S * NPM),
  periods: new Float64Array(n * T * W),
});

/** Path p of variant v into row j of `out`: its economy, its accounts, the book's totals. */
function runPath(run: PathRun, model: Model, v: VariantModel, p: number, j: number, out: VariantChunk, shape: ChunkShape, start: StartReplay | null): void {
  const { T, S, W, K, seed, Z } = shape;
  factorPath(v.macro, macroNormals(macroRandom(model.simulation.seed, p), K, T), T, Z);
  run.simulate(pathKeys(seed, p), Z, out.segments.subarray(j * S * NPM, (j + 1) * S * NPM), out.periods.subarray(j * T * W, (j + 1) * T * W), start);
  bookTotals(out.segments, out.book, j, S);
}

/** Simulates paths [from, to) of every variant. Depends on (model, path) only. */
export function simulatePaths(model: Model, from: number, to: number): ChunkResult {
  if (model.simulation.redrawBook) return simulateRedrawn(model, from, to);
  const { book, ws } = prepare(model);
  const n = to - from;
  const shape = chunkShape(model);
  // A variant that agrees with the base on every field the start reads (model.ts: its
  // columns, economy and trigger) draws exactly the base's exits from C at the start (the
  // same uniforms on the same curves): it replays them instead of drawing.
  const base = model.variants[0];
  const sameStart = model.variants.map((v, vi) => vi > 0 && agreeThrough(v, base, "start"));
  const schedules = sameStart.some(Boolean) ? Array.from({ length: n }, () => new StartSchedule(base, book.variants[0], model.months)) : null;
  // Variant by variant, so that between two paths only the accounts a path touched are restored.
  const variants = model.variants.map((v, vi): VariantChunk => {
    const out = emptyChunk(n, shape);
    const run = new PathRun(model, v, book, book.variants[vi], ws);
    for (let p = from; p < to; p++) {
      const j = p - from;
      runPath(run, model, v, p, j, out, shape, schedules === null ? null : { schedule: schedules[j], replay: sameStart[vi] });
    }
    return out;
  });
  return { from, to, variants };
}

/**
 * `simulation.redrawBook`: each path draws its own book from (seed, path) (book.ts
 * `bookKeys`), shared by its variants, and runs them on it in turn, the base first so that
 * a variant with its columns and economy replays its starting draws. The workspace is the
 * model's (its sizes depend on the segments' slots only); each new book restores it whole.
 */
function simulateRedrawn(model: Model, from: number, to: number): ChunkResult {
  const { ws } = prepare(model);
  const n = to - from;
  const shape = chunkShape(model);
  const base = model.variants[0];
  const variants = model.variants.map(() => emptyChunk(n, shape));
  for (let p = from; p < to; p++) {
    const book = buildBook(model, bookKeys(model, p));
    const sameStart = model.variants.map((v, vi) => vi > 0 && agreeThrough(v, base, "start"));
    const schedule = sameStart.some(Boolean) ? new StartSchedule(base, book.variants[0], model.months) : null;
    model.variants.forEach((v, vi) => {
      const run = new PathRun(model, v, book, book.variants[vi], ws);
      runPath(run, model, v, p, p - from, variants[vi], shape, schedule === null ? null : { schedule, replay: sameStart[vi] });
    });
  }
  return { from, to, variants };
}

/**
 * What the starting accounts of one path drew: the misses (account and month) and each
 * segment's ledger after their exits by attrition, every sum of it (ledger.ts declares them
 * once). Recorded by the base, replayed by a variant that would draw the same, so an extra
 * policy costs its events, not the book.
 */
class StartSchedule {
  misses = new Int32Array(1024);
  length = 0;
  readonly ledgers: Ledger[];

  constructor(base: VariantModel, c: BookColumns, months: number) {
    this.ledgers = base.segments.map((s, si) => new Ledger(s.product, c.baseline[si].annuity, months));
  }

  add(si: number, i: number, month: number): void {
    if (this.length + 3 > this.misses.length) {
      const grown = new Int32Array(this.misses.length * 2);
      grown.set(this.misses);
      this.misses = grown;
    }
    this.misses[this.length++] = si;
    this.misses[this.length++] = i;
    this.misses[this.length++] = month;
  }
}

/** One variant's paths on one workspace: per-path setup, the starting accounts' loop, the months. */
class PathRun implements SteppedHost {
  readonly T: number;
  private readonly H: number;
  readonly pm: number;
  readonly pol: PolicyModel;
  /**
   * The same policy as the start of a path sees it: its `columns` and `start` fields only
   * (model.ts), so that the code of the start, which a variant may replay, cannot read a
   * field variants are allowed to differ in.
   */
  private readonly startPol: StartPolicy;
  readonly segs: SegmentPath[];
  readonly episode: Int16Array;
  private readonly lgd = new KeyedStream();
  private keys: [number, number] = [0, 0];
  /**
   * Key words of the path's streams, (purpose, segment, month) → two words at
   * `stream(…)`, computed when first asked for in a path (the stamp says which path):
   * per-event key derivation allocated arrays and showed as a tenth of the time in GC.
   */
  readonly streams: Int32Array;
  private readonly stamps: Uint32Array;
  private pathStamp = 0;
  so: Float64Array = new Float64Array(0);
  private periodDefaults = 0;
  private periodLoss = 0;
  /** Economy-trigger episodes of the path (`episode` numbers them 1, 2, …). */
  private episodes = 0;
  /** The current accounts of stepped segments (stepped.ts). */
  private readonly stepped = new SteppedAccounts(this);
  /** The last threshold raised by forbearance and its raised value: a one-rate segment's are all one. */
  private raisedFrom = NaN;
  private raisedTo = NaN;
  private raisedSegment = -1;

  constructor(
    private readonly model: Model,
    private readonly v: VariantModel,
    private readonly book: Book,
    readonly c: BookColumns,
    readonly ws: Workspace,
  ) {
    this.T = model.periods;
    this.H = model.months;
    this.pm = model.layout.periodMonths;
    this.pol = v.policy;
    this.startPol = v.policy;
    this.episode = new Int16Array(this.T + 1);
    const slots = STREAM_PURPOSES * v.segments.length * (this.H + 1);
    this.streams = new Int32Array(2 * slots);
    this.stamps = new Uint32Array(slots);
    const statics = book.keys;
    const vi = model.variants.indexOf(v);
    this.segs = v.segments.map((s, si) => {
      const m = s.roll.length;
      // The base variant's chain, its payment burden included (burdenChain.ts).
      const calibration = calibrationOf(model, vi, si);
      // Beta concentration κ = μ(1−μ)/sd² − 1; past 1e12 the spread is below any currency
      // unit and the LGD is its mean (an sd near 0 must not make κ infinite).
      const kappa = s.lgd.sd > 0 ? (s.lgd.mean * (1 - s.lgd.mean)) / (s.lgd.sd * s.lgd.sd) - 1 : 0;
      return {
        s,
        start: book.ranges[si].start,
        revolving: s.product === PRODUCT.revolving,
        x: new Float64Array(this.T),
        rolls: new Float64Array(this.T * m),
        lgdMean: new Float64Array(this.T),
        kappa: kappa < 1e12 ? kappa : 0,
        quick: new Float64Array(c.grids[si].length),
        solver: new HazardSolver(calibration.ladder),
        calibration,
        ledger: new Ledger(s.product, c.baseline[si].annuity, this.H),
        x1: 0,
        y1: 0,
        c1: 0,
        toRevolve: new Float64Array(this.T),
        toTransact: new Float64Array(this.T),
        revolverKeys: streamKeys(statics, Purpose.behaviour, si, 0),
        horizonBalance: 0,
        ...segmentLifetime(s, c, book.ranges[si], si, this.pm, this.pol, calibration),
      };
    });
  }

  /** Index in `streams` of the key words of (purpose, segment si, month). */
  stream(purpose: Purpose, si: number, month: number): number {
    const slot = ((purpose - 1) * this.segs.length + si) * (this.H + 1) + month;
    if (this.stamps[slot] !== this.pathStamp) {
      const [k1, k2] = streamKeys(this.keys, purpose, si, month);
      this.streams[2 * slot] = k1;
      this.streams[2 * slot + 1] = k2;
      this.stamps[slot] = this.pathStamp;
    }
    return 2 * slot;
  }

  /** One path: its economy in Z (period-major, K factors), its outputs written into so and po. */
  simulate(
    keys: [number, number],
    Z: Float64Array,
    so: Float64Array,
    po: Float64Array,
    start: StartReplay | null,
  ): void {
    this.keys = keys;
    this.pathStamp++;
    this.so = so;
    this.ws.reset(this.c);
    this.setupPath(Z);
    if (start?.replay) this.replayStart(start.schedule);
    else {
      this.startAccounts(start?.schedule ?? null);
      if (start) this.recordLedgers(start.schedule);
    }
    this.startStepped();
    const { H, pm } = this;
    const W = periodWidth(this.model.layout);
    const booking = this.v.segments.some((s) => s.applicantsPerMonth > 0);
    this.periodDefaults = 0;
    this.periodLoss = 0;
    for (let mo = 1; mo <= H; mo++) {
      const t = Math.ceil(mo / pm);
      for (let si = 0; si < this.segs.length; si++) this.stepArrears(si, mo, t);
      for (let si = 0; si < this.segs.length; si++) this.leaveCurrent(si, mo, t);
      if (booking) for (let si = 0; si < this.segs.length; si++) this.bookApplicants(si, mo);
      this.monthEnd(mo, t, po, mo % pm === 0 ? (t - 1) * W : -1, Z);
    }
    this.segs.forEach((g, si) => {
      const o = si * NPM;
      so[o + PM.interestIncome] = this.c.baseline[si].interest + g.ledger.interest;
      so[o + PM.acquisitionCost] = so[o + PM.booked] * this.pol.costPerBooked;
      so[o + PM.lifetimeLoss] += this.currentLifetimeLoss(g, si);
    });
    insure(so, this.segs.length, this.pol);
    for (let si = 0; si < this.segs.length; si++) finishRates(so, si * NPM);
  }

  /** What is shared by every account of a segment in each period: the factor, the shifted rolls, the LGD mean, the survival curves. */
  private setupPath(Z: Float64Array): void {
    const { T, H, pm, pol, c } = this;
    const K = this.model.layout.factors.length;
    const trigger = pol.trigger;
    let episodes = 0;
    for (let t = 1; t <= T; t++) {
      const on = trigger !== null && Z[(t - 1) * K + trigger.factor] < trigger.below;
      if (on && this.episode[t - 1] === 0) episodes++;
      this.episode[t] = on ? episodes : 0;
    }
    this.episodes = episodes;
    this.segs.forEach((g, si) => {
      const s = g.s;
      const m = s.roll.length;
      for (let t = 1; t <= T; t++) {
        let x = 0;
        for (let k = 0; k < K; k++) x += s.loadings[k] * Z[(t - 1) * K + k];
        g.x[t - 1] = x;
        // Shifted roll rates, reduced by collections and capped at 1 − stay (MODEL.md 4, 7).
        for (let k = 0; k < m; k++) {
          g.rolls[(t - 1) * m + k] = Math.min(shifted(s.roll[k], s.rhoRoll, x) * (1 - pol.rollReduction), 1 - s.stay[k]);
        }
        g.lgdMean[t - 1] = s.lgd.macro > 0 ? Phi(PhiInv(s.lgd.mean) - s.lgd.macro * x) : s.lgd.mean;
        if (s.revolvers !== null) {
          // A bad economy (x < 0) turns transactors into revolvers and keeps revolvers revolving.
          g.toRevolve[t - 1] = shifted(s.revolvers.toRevolve, s.rho, x);
          g.toTransact[t - 1] = shifted(s.revolvers.toTransact, s.rho, -x);
        }
      }
      const curves = this.ws.curves[si];
      curves.compute({ points: c.grids[si], rho: s.rho, attrition: s.attrition, x: g.x, periodMonths: pm, months: H });
      const last = this.lastMonth(g, 0, 0, s.termMonths);
      const G = c.grids[si].length;
      // An account of cell k whose uniform is at or below its upper neighbour's survival never leaves.
      for (let k = 0; k < G; k++) g.quick[k] = curves.survivalAt(Math.min(k + 1, G - 1), last);
      g.ledger.clear();
      g.x1 = 0;
      g.y1 = 0;
      g.c1 = 0;
      const base = c.baseline[si];
      const o = si * NPM;
      this.so.fill(0, o, o + NPM);
      this.so[o + PM.accounts] = base.accounts;
      this.so[o + PM.exposure] = base.exposure;
      this.so[o + PM.applicants] = s.applicantsPerMonth * H;
    });
  }

  /** The last month an episode begun at s can end in: the horizon, or an instalment's last of `term` payments. */
  private lastMonth(g: SegmentPath, s: number, paid: number, term: number): number {
    return g.revolving ? this.H : Math.min(s + term - paid, this.H);
  }

  /** Account i's monthly APR: its own (a tape's), else its segment's. */
  rateOf(g: SegmentPath, i: number): number {
    return this.c.rate === null ? g.s.aprMonthly : this.c.rate[i];
  }

  /**
   * The hot loop: every starting current account draws the month it first leaves C. Most
   * never do within the horizon and cost one hash and one comparison. An exit by attrition
   * is settled as it is drawn (its episode's tail leaves the ledger; nothing observes the
   * account again), so only misses wait in the month's list.
   */
  private startAccounts(record: StartSchedule | null): void {
    if (record) record.length = 0;
    const { c, ws, pm } = this;
    const { startState, a, cell, term } = c;
    const current = State.C;
    for (let si = 0; si < this.segs.length; si++) {
      const g = this.segs[si];
      if (g.s.stepped) continue;
      const [k1, k2] = streamKeys(this.keys, Purpose.exit, si, 0);
      const [v1, v2] = streamKeys(this.keys, Purpose.exitKind, si, 0);
      const segmentLast = this.lastMonth(g, 0, 0, g.s.termMonths);
      // A tape's instalments each have their own payments left, so their own last month.
      const ownTerms = !g.revolving && g.s.tape !== null;
      const G = c.grids[si].length;
      const curves = ws.curves[si];
      const quick = g.quick;
      const attrition = g.s.attrition > 0;
      const start = g.start;
      const end = start + g.s.accounts;
      for (let i = start; i < end; i++) {
        if (startState[i] !== current) continue;
        const u = (keyedBits(k1, k2, i - start) + 0.5) * 2 ** -32;
        const k = cell[i];
        const last = ownTerms ? Math.min(term[i], this.H) : segmentLast;
        if (u <= (ownTerms ? curves.survivalAt(Math.min(k + 1, G - 1), last) : quick[k])) continue;
        const e = curves.exit(a[i], k, u, 0, last);
        if (e > last) continue;
        if (attrition && !curves.missed(a[i], k, false, keyedUniform(v1, v2, i - start), Math.ceil(e / pm))) {
          this.attrite(g, i, e);
        } else {
          this.schedule(si, i, e);
          record?.add(si, i, e);
        }
      }
    }
  }

  /**
   * A starting account closes in month e: its episode's tail leaves the ledger. Kept out of
   * startAccounts, whose loop the compiler inlines only while it stays small (its profile:
   * a larger body there cost the whole loop a tenth).
   */
  private attrite(g: SegmentPath, i: number, e: number): void {
    const c = this.c;
    const limit = g.revolving ? this.horizonLimit(g, i, 0, c.balance[i], c.limit[i]) : 0;
    g.ledger.book(-1, 0, e, e, c.balance[i], c.payment[i], 0, c.term[i], this.rateOf(g, i), limit, false);
  }

  private recordLedgers(record: StartSchedule): void {
    this.segs.forEach((g, si) => record.ledgers[si].copyFrom(g.ledger));
  }

  /** The base's draws of this path for the starting accounts, on a variant that would draw the same. */
  private replayStart(record: StartSchedule): void {
    this.segs.forEach((g, si) => g.ledger.copyFrom(record.ledgers[si]));
    const m = record.misses;
    for (let k = 0; k < record.length; k += 3) this.schedule(m[k], m[k + 1], m[k + 2]);
  }

  private schedule(si: number, i: number, month: number): void {
    const ws = this.ws;
    ws.touch(i);
    const h = si * (this.H + 2) + month;
    ws.next[i] = ws.headOf(h);
    ws.setHead(h, i);
  }

  /** An account enters C at the end of month s: its episode is booked and the month it leaves drawn. */
  private beginEpisode(si: number, i: number, s: number): void {
    const { ws, c } = this;
    const g = this.segs[si];
    ws.state[i] = State.C;
    if (g.s.stepped) {
      ws.age[i] = 0; // months current in a row, for line increases
      return;
    }
    ws.spell[i] = s;
    const rate = this.rateOf(g, i);
    const own = (ws.flags[i] & Flag.redefault) !== 0;
    const limit = this.limitAtHorizon(g, i, s, ws.balance[i]);
    g.ledger.book(1, s, s, s + 1, ws.balance[i], c.payment[i], ws.paid[i], c.term[i], rate, limit, own);
    const last = this.lastMonth(g, s, ws.paid[i], c.term[i]);
    if (last <= s) return;
    const k = this.stream(Purpose.exit, si, s);
    const u = keyedUniform(this.streams[k], this.streams[k + 1], i - g.start);
    const curves = ws.curves[si];
    const a = own ? ws.own[i] : c.a[i];
    const e = own ? curves.own(a, u, s, last) : curves.exit(a, c.cell[i], u, s, last);
    if (e > last) return;
    if (g.s.attrition > 0) {
      // Missed or attrited: the competing exits in proportion to their monthly rates.
      const kv = this.stream(Purpose.exitKind, si, s);
      const v = keyedUniform(this.streams[kv], this.streams[kv + 1], i - g.start);
      if (!curves.missed(a, c.cell[i], own, v, Math.ceil(e / this.pm))) {
        // Attrition repays the balance in full: settled now, as nothing observes the account until then.
        g.ledger.book(-1, s, e, e, ws.balance[i], c.payment[i], ws.paid[i], c.term[i], rate, limit, own);
        ws.state[i] = State.P;
        return;
      }
    }
    this.schedule(si, i, e);
  }

  /** Accounts of segment si missing a payment in month mo: they leave C for D1 (or F). */
  private leaveCurrent(si: number, mo: number, t: number): void {
    const { ws, c } = this;
    const g = this.segs[si];
    const s = g.s;
    const h = si * (this.H + 2) + mo;
    for (let i = ws.headOf(h); i >= 0; i = ws.next[i]) {
      const spell = ws.spell[i];
      const b = ws.balance[i];
      const payment = c.payment[i];
      // The episode's tail from this month on is not earned: no payment this month.
      const limit = this.limitAtHorizon(g, i, spell, b);
      g.ledger.book(-1, spell, mo, mo, b, payment, ws.paid[i], c.term[i], this.rateOf(g, i), limit, (ws.flags[i] & Flag.redefault) !== 0);
      if (!g.revolving) {
        const made = mo - 1 - spell;
        ws.balance[i] = c.baseline[si].annuity.balanceAfter(b, payment, made);
        ws.paid[i] += made;
      }
      if (g.revolving && this.pol.trigger !== null) this.triggerCuts(i, spell, mo);
      if (s.burden !== 0) ws.missPay[i] = this.stepped.required(g, i);
      if (this.missed(si, i, mo, t)) this.enlist(si, i);
    }
  }

  /**
   * A current account misses a payment in month mo: it is charged and enters D1 (or F
   * with no ladder), its limit cut on delinquency, and it may be offered forbearance.
   * Returns whether it is now in a list (not written off at once).
   */
  missed(si: number, i: number, mo: number, t: number): boolean {
    const ws = this.ws;
    const g = this.segs[si];
    const s = g.s;
    ws.base[i] = ws.balance[i];
    this.charge(s, i);
    if (s.roll.length === 0) {
      this.enterDefault(si, i, mo, t);
      return ws.state[i] === State.F;
    }
    ws.state[i] = State.D1;
    if (g.revolving && this.pol.cutOnDelinquency > 0) {
      ws.limit[i] = Math.max(ws.balance[i], (1 - this.pol.cutOnDelinquency) * ws.limit[i]);
    }
    this.offerForbearance(si, i, 1, mo);
    return true;
  }

  /**
   * The limit a closed-form ledger entry of account i carries: a line's at the horizon; a
   * loan needs none, and its limit column is not read (the profile of a miss: each column
   * read is a cache miss of its own, and the limit's showed in the lifetime view's cost).
   */
  private limitAtHorizon(g: SegmentPath, i: number, s: number, balance: number): number {
    if (!g.revolving) return 0;
    return this.pol.trigger === null ? this.ws.limit[i] : this.horizonLimit(g, i, s, balance, this.ws.limit[i]);
  }

  /**
   * The limit account i will have at the horizon if it stays current from month s: the
   * trigger's cuts of the periods after s are applied (lazily, in triggerCuts) only when it
   * misses, so the lifetime view applies them here. The same for every booking of an episode.
   */
  private horizonLimit(g: SegmentPath, i: number, s: number, balance: number, limit: number): number {
    const trigger = this.startPol.trigger;
    if (trigger === null || !g.revolving) return limit;
    let last = this.ws.cutEpisode[i];
    let cut = limit;
    for (let t = Math.ceil(s / this.pm) + 1; t <= this.T; t++) {
      const ep = this.episode[t];
      if (ep === 0 || ep === last) continue;
      cut = cutUndrawn(cut, balance, trigger.cut);
      last = ep;
    }
    return cut;
  }

  enlist(si: number, i: number): void {
    this.ws.lists[si][this.ws.listLength[si]++] = i;
  }

  /**
   * The trigger cuts the undrawn limit of current revolving accounts at the start of each
   * period in which the factor is below its level, once per episode; applied when it
   * matters, as the account leaves C with a miss, for the periods it began current.
   */
  private triggerCuts(i: number, spell: number, mo: number): void {
    const { ws, pm } = this;
    const cut = this.pol.trigger!.cut;
    for (let t = Math.ceil(spell / pm) + 1; (t - 1) * pm <= mo - 1; t++) {
      const ep = this.episode[t];
      if (ep === 0 || ws.cutEpisode[i] === ep) continue;
      ws.limit[i] = cutUndrawn(ws.limit[i], ws.balance[i], cut);
      ws.cutEpisode[i] = ep;
    }
  }

  /** One month of the accounts in D1..Dm, R and F of segment si. */
  private stepArrears(si: number, mo: number, t: number): void {
    const ws = this.ws;
    const g = this.segs[si];
    const s = g.s;
    const m = s.roll.length;
    const list = ws.lists[si];
    const n = ws.listLength[si];
    const ks = this.stream(Purpose.transition, si, mo);
    const k1 = this.streams[ks];
    const k2 = this.streams[ks + 1];
    const holiday = this.pol.forbearance?.holidayMonths ?? 0;
    const warning = this.pol.earlyWarning;
    if (s.stepped) this.stepped.keysOfMonth(si, mo);
    let kept = 0;
    for (let r = 0; r < n; r++) {
      const i = list[r];
      const st = ws.state[i];
      if (st === State.C) {
        // Only a stepped segment keeps current accounts in its list.
        if (this.stepped.step(si, i, mo, t)) list[kept++] = i;
        continue;
      }
      if (st >= State.D1) {
        const k = st - State.D1; // bucket index: D(k+1)
        const u = keyedUniform(k1, k2, i - g.start);
        let roll = g.rolls[(t - 1) * m + k];
        if (s.burden !== 0 && ws.missPay[i] > 0) {
          // Ability to pay: the episode's charges raise what is due over the payment at the first miss.
          roll = Math.min(roll * pow((ws.missPay[i] + ws.balance[i] - ws.base[i]) / ws.missPay[i], s.burden), 1 - s.stay[k]);
        }
        if (u < roll) {
          this.charge(s, i);
          if (k + 1 === m) this.enterDefault(si, i, mo, t);
          else {
            ws.state[i] = st + 1;
            this.offerForbearance(si, i, k + 2, mo);
          }
        } else if (u < roll + s.stay[k]) this.charge(s, i);
        else {
          this.so[si * NPM + PM.feeIncome] += ws.balance[i] - ws.base[i]; // a cure pays the arrears: the episode's charges are income
          ws.balance[i] = ws.base[i];
          if (warning !== null && g.revolving) ws.limit[i] = cutUndrawn(ws.limit[i], ws.balance[i], warning.cut);
          this.beginEpisode(si, i, mo);
          if (s.stepped) list[kept++] = i;
          continue;
        }
      } else if (st === State.R) {
        ws.balance[i] += ws.balance[i] * this.rateOf(g, i); // interest at the APR accrues unpaid: not income
        if (++ws.age[i] >= holiday) {
          this.raiseRate(si, i);
          this.beginEpisode(si, i, mo);
          if (s.stepped) list[kept++] = i;
          continue;
        }
      } else if (st === State.F) {
        if (++ws.age[i] >= s.chargeOffMonths) {
          ws.state[i] = State.W;
          continue;
        }
      }
      if (ws.state[i] !== State.W) list[kept++] = i;
    }
    ws.listLength[si] = kept;
  }

  /** Applicants of month mo approved by the policy join as current accounts at its end. */
  private bookApplicants(si: number, mo: number): void {
    const { ws, c } = this;
    const g = this.segs[si];
    const r = this.book.ranges[si];
    if (g.s.applicantsPerMonth === 0) return;
    const first = r.start + r.accounts + (mo - 1) * r.perMonth;
    const o = si * NPM;
    for (let i = first; i < first + r.perMonth; i++) {
      if (c.bookAt[i] !== mo) continue;
      ws.touch(i);
      this.so[o + PM.accounts]++;
      this.so[o + PM.booked]++;
      this.so[o + PM.exposure] += exposureOf(g.s, c.balance[i], c.limit[i]);
      if (g.s.stepped) this.stepped.startCurrent(si, i);
      else this.beginEpisode(si, i, mo);
    }
  }

  /**
   * Accounts starting in arrears, in their segment's list, get the payment of their first
   * miss (behind the start: a miss by month 0) when a burden or the stepped accounts read it;
   * then the current starting accounts of stepped segments join the list (after the
   * closed-form draws, whatever their order). A closed-form segment's loop is its list only.
   */
  private startStepped(): void {
    const { c, ws } = this;
    for (let si = 0; si < this.segs.length; si++) {
      const g = this.segs[si];
      if (!g.s.stepped && g.s.burden === 0) continue;
      const list = ws.lists[si];
      for (let r = 0; r < ws.listLength[si]; r++) {
        const i = list[r];
        if (ws.state[i] < State.D1) continue;
        ws.missPay[i] = this.stepped.required(g, i);
        ws.missedAt[i] = 0;
      }
      if (!g.s.stepped) continue;
      for (let i = g.start; i < g.start + g.s.accounts; i++) {
        if (c.bookAt[i] === 0 && c.startState[i] === State.C) this.stepped.startCurrent(si, i);
      }
    }
  }

  /** Charges of one missed payment, within the episode's cap (MODEL.md 5: the snowball). */
  private charge(s: SegmentModel, i: number): void {
    const ws = this.ws;
    const b = ws.balance[i];
    // No cap is no limit, also on a zero balance (∞·0 would be no room at all).
    const room = s.feeCap === Infinity ? Infinity : s.feeCap * ws.base[i] - (b - ws.base[i]);
    const penalty = s.penaltyAtApr && this.c.rate !== null ? this.c.rate[i] : s.penaltyMonthly;
    const amount = Math.min(b * penalty + s.lateFee, room);
    if (amount > 0) ws.balance[i] = b + amount;
  }

  /** Entry into F: the drawdown to EAD, the loss at a Beta LGD (or the sale price), once per account. */
  private enterDefault(si: number, i: number, mo: number, t: number): void {
    const ws = this.ws;
    const g = this.segs[si];
    const s = g.s;
    const b = ws.balance[i];
    const ead = exposureOf(s, b, ws.limit[i]);
    const mean = g.lgdMean[t - 1];
    let lgd = mean;
    if (this.pol.salePrice !== null) lgd = 1 - this.pol.salePrice;
    else if (g.kappa > 0) {
      const k = this.stream(Purpose.lgd, si, mo);
      const source = this.lgd.reset(this.streams[k], this.streams[k + 1], i - g.start).next;
      lgd = beta(source, mean * g.kappa, (1 - mean) * g.kappa);
    }
    const loss = ead * lgd;
    ws.balance[i] = ead;
    ws.age[i] = 0;
    ws.state[i] = this.pol.salePrice !== null || s.chargeOffMonths === 0 ? State.W : State.F;
    const o = si * NPM;
    this.so[o + PM.defaults]++;
    this.so[o + PM.netLoss] += loss;
    this.periodDefaults++;
    this.periodLoss += loss;
  }

  /** An account entering bucket k is offered forbearance once; it accepts with the take-up probability. */
  private offerForbearance(si: number, i: number, k: number, mo: number): void {
    const ws = this.ws;
    const f = this.pol.forbearance;
    if (f === null || k !== f.offerAt || ws.flags[i] & Flag.offered) return;
    ws.flags[i] |= Flag.offered;
    const key = this.stream(Purpose.forbearance, si, mo);
    if (keyedUniform(this.streams[key], this.streams[key + 1], i - this.segs[si].start) >= f.takeUp) return;
    if (f.kind === "conversion") {
      // The balance, charges included, becomes a plan over termMonths; the account is current again.
      const g = this.segs[si];
      this.stepped.clearPlan(i);
      this.stepped.convert(i, ws.balance[i], f.termMonths, f.feeRate, mo);
      ws.balance[i] = 0;
      if (!g.revolving) ws.paid[i] = this.c.term[i]; // the plan replaces the loan's schedule
      ws.state[i] = State.C;
      ws.age[i] = 0;
      this.raiseRate(si, i);
      ws.refPay[i] = this.stepped.required(g, i);
      return;
    }
    ws.state[i] = State.R;
    ws.age[i] = 0;
    ws.base[i] = ws.balance[i]; // the episode's charges are capitalized into the restructured balance
  }

  /** After a holiday or a conversion: the account's annual rate × the re-default multiplier from now on. */
  private raiseRate(si: number, i: number): void {
    const ws = this.ws;
    const multiplier = this.pol.forbearance?.redefaultMultiplier ?? 1;
    if (multiplier === 1 || ws.flags[i] & Flag.redefault) return;
    const g = this.segs[si];
    const pm = this.pm;
    const a = this.c.a[i];
    if (a !== this.raisedFrom || si !== this.raisedSegment) {
      // Solving through the ladder is the costliest step of forbearance: once per threshold.
      this.raisedFrom = a;
      this.raisedSegment = si;
      this.raisedTo = thresholdOfHazard(calibratedRaise(perMonth(Phi(a), pm), g.s, g.solver, g.calibration, multiplier), pm);
    }
    ws.own[i] = this.raisedTo;
    ws.flags[i] |= Flag.redefault;
  }

  /**
   * Expected loss past the horizon of the accounts in segment si's list at the horizon (in
   * arrears, on holiday, or current in a stepped segment): LGD × EAD × the chance of entering
   * F within the remaining life (lifetime.ts). Accounts in F have had their loss counted.
   */
  private listLifetimeLoss(g: SegmentPath, si: number): number {
    const { ws, c } = this;
    const s = g.s;
    const list = ws.lists[si];
    const N = LIFE_MONTHS + 1;
    let sum = 0;
    for (let r = 0; r < ws.listLength[si]; r++) {
      const i = list[r];
      const st = ws.state[i];
      if (st === State.F) continue;
      const b = s.stepped ? ws.balance[i] + ws.plan[i] : ws.balance[i];
      const ead = exposureOf(s, b, ws.limit[i]);
      const planLeft = s.stepped && ws.planPay[i] > 0 ? Math.ceil(ws.plan[i] / ws.planPay[i] - 1e-9) : 0;
      const left = lifeIndex(g.revolving ? s.remainingLifeMonths : Math.max(c.term[i] - ws.paid[i], planLeft));
      let p: number;
      if (st >= State.D1) p = g.life.arrears[(st - State.D1) * N + left];
      else if (st === State.R || ws.flags[i] & Flag.redefault) p = g.lifeRaised.current[left];
      else p = g.life.current[left];
      sum += ead * p;
    }
    return g.lifeLgd * sum;
  }

  /**
   * Expected loss past the horizon of the closed-form current accounts: the starting ones
   * that never left C (their trigger cuts applied to the undrawn part) and every episode
   * current at the horizon, from the EADs their ledgers hold by months of life left.
   */
  private currentLifetimeLoss(g: SegmentPath, si: number): number {
    const base = this.c.baseline[si];
    const ledger = g.ledger;
    if (g.revolving) {
      // Every starting account current at the horizon was cut once per trigger episode.
      const trigger = this.pol.trigger;
      const keep = trigger === null ? 1 : pow(1 - trigger.cut, this.episodes);
      const ccf = g.s.ccf;
      const raised = ledger.raisedDrawn + ccf * ledger.raisedUndrawn;
      const all = g.horizonBalance + ccf * (keep * base.undrawn + ledger.undrawn + ledger.raisedUndrawn);
      const n = lifeIndex(g.s.remainingLifeMonths);
      return g.lifeLgd * ((all - raised) * g.life.current[n] + raised * g.lifeRaised.current[n]);
    }
    let sum = 0;
    for (let n = 0; n <= LIFE_MONTHS; n++) sum += (base.life[n] + ledger.life[n]) * g.life.current[n] + ledger.lifeRaised[n] * g.lifeRaised.current[n];
    return g.lifeLgd * sum;
  }

  /** Month-end sums: balances for funding and the NPL ratio, accounts in arrears; the period's row at its end. */
  private monthEnd(mo: number, t: number, po: Float64Array, row: number, Z: Float64Array): void {
    const { ws, pol } = this;
    const layout = this.model.layout;
    const buckets = ws.bucketCount.fill(0);
    let activeBalance = 0;
    let activeCount = 0;
    let nplBalance = 0;
    let revolving = 0;
    let lines = 0;
    for (let si = 0; si < this.segs.length; si++) {
      const g = this.segs[si];
      const base = this.c.baseline[si];
      const ledger = g.ledger;
      g.x1 += ledger.x[mo];
      g.y1 += ledger.y[mo];
      g.c1 += ledger.count[mo];
      let count = base.count[mo] + g.c1;
      // The closed form of many annuities cancels to a rounding error when none is left current.
      let balance = count > 0 ? Math.max(0, base.balance[mo] + base.annuity.phi[mo] * g.x1 + g.y1) : 0;
      if (mo === this.H) g.horizonBalance = balance;
      const m = g.s.roll.length;
      const list = ws.lists[si];
      let arrears = 0;
      if (g.s.stepped) {
        // Only a stepped segment lists current accounts; only they hold a plan (folded in at a miss).
        const revolvers = g.s.revolvers !== null;
        for (let r = 0; r < ws.listLength[si]; r++) {
          const i = list[r];
          if (ws.state[i] !== State.C) continue;
          balance += ws.plan[i];
          if (revolvers) {
            lines++;
            if (ws.flags[i] & Flag.revolver) revolving++;
          }
        }
      }
      for (let r = 0; r < ws.listLength[si]; r++) {
        const i = list[r];
        const st = ws.state[i];
        balance += ws.balance[i];
        count++;
        if (st >= State.D1) {
          arrears++;
          buckets[st - State.D1]++;
          if (st - State.D1 + 1 === m) nplBalance += ws.balance[i];
        } else if (st === State.F) nplBalance += ws.balance[i];
      }
      const o = si * NPM;
      this.so[o + PM.fundingCost] += balance * pol.fundingMonthly; // every account not written off
      this.so[o + PM.balanceYears] += balance / 12;
      this.so[o + PM.collectionCost] += arrears * pol.collectionCostMonthly;
      this.so[o + PM.operatingCost] += count * pol.costPerAccountMonth;
      if (mo === this.H) this.so[o + PM.lifetimeLoss] = this.listLifetimeLoss(g, si);
      activeBalance += balance;
      activeCount += count;
    }
    if (row < 0) return;
    const K = layout.factors.length;
    po[row] = activeBalance > 0 ? nplBalance / activeBalance : 0;
    po[row + 1] = this.periodDefaults;
    po[row + 2] = this.periodLoss;
    po[row + 3] = activeBalance;
    for (let k = 0; k < layout.buckets; k++) po[row + 4 + k] = activeCount > 0 ? buckets[k] / activeCount : 0;
    for (let k = 0; k < K; k++) po[row + 4 + layout.buckets + k] = Z[(t - 1) * K + k];
    const variables = this.v.macro.variables;
    for (let j = 0; j < variables.length; j++) {
      const x = variables[j];
      po[row + 4 + layout.buckets + K + j] = x.mean + x.sensitivity * Z[(t - 1) * K + x.factor];
    }
    if (layout.revolvers) po[row + 4 + layout.buckets + K + variables.length] = lines > 0 ? revolving / lines : 0;
    this.periodDefaults = 0;
    this.periodLoss = 0;
  }
}

/** A monthly probability shifted by the economy's factor x like the miss hazard (MODEL.md 3). */
function shifted(p: number, rho: number, x: number): number {
  if (p <= 0 || p >= 1 || rho === 0) return p;
  return Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));
}
