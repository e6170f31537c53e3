/**
 * Simulates paths [from, to) of a compiled model: MODEL.md version 2, sections 3–8, on a
 * monthly clock. Accounts in C are not visited month by month: when an account enters C,
 * one uniform gives the month it next leaves (survival.ts), its month-end balances and
 * interest until then are booked in closed form (ledger.ts), and it waits in that month's
 * event list. Only accounts in D1..Dm, R and F are stepped each month. A path leaves a few
 * numbers per segment and per period; the columns are reused from path to path.
 *
 * Profile lesson (version 1 stepped every account every period, two keyed hashes and a
 * threshold look-up each: 21–24 ns per account-month): most of that work decided that a
 * current account stays current. Here a starting current account costs one hash and one
 * comparison per path, whatever the horizon.
 */
import { beta } from "./beta.ts";
import { exposureOf } from "./baseline.ts";
import { buildBook, type Book, type BookColumns } from "./book.ts";
import { annualDefault, HazardSolver } from "./hazard.ts";
import { NPM, PM, periodWidth, rateBase, type ChunkResult, type VariantChunk } from "./layout.ts";
import { Ledger } from "./ledger.ts";
import { LIFE_MONTHS, lifeIndex, lifetimeTable, type LifetimeTable } from "./lifetime.ts";
import { factorPath, macroNormals } from "./macro.ts";
import { expm1, log1p, pow } from "./math.ts";
import { PRODUCT, type Model, type PolicyModel, type SegmentModel, type VariantModel } from "./model.ts";
import { Phi, PhiInv } from "./normal.ts";
import { KeyedStream, keyedBits, keyedUniform, macroRandom, pathKeys, Purpose, seedKeys, streamKeys } from "./random.ts";
import { Flag, State } from "./state.ts";
import { Workspace } from "./workspace.ts";

/** Purposes a path draws streams for (Purpose values 1..10). */
const STREAM_PURPOSES = 10;
/** Entries of a ledger's snapshot: x, y and count over months 0..H+1, then life and lifeRaised. */
const snapshotLength = (months: number) => 3 * (months + 2) + 2 * (LIFE_MONTHS + 1);

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

/** Simulates paths [from, to) of every variant. Depends on (model, path) only. */
export function simulatePaths(model: Model, from: number, to: number): ChunkResult {
  const { book, ws } = prepare(model);
  const n = to - from;
  const T = model.periods;
  const S = model.layout.segments.length;
  const W = periodWidth(model.layout);
  const K = model.layout.factors.length;
  const seed = seedKeys(model.simulation.seed);
  const Z = new Float64Array(T * K);
  // A variant with the base's columns and economy draws exactly the base's exits from C at
  // the start (the same uniforms on the same curves): it replays them instead of drawing.
  const base = model.variants[0];
  const sameStart = model.variants.map((v, vi) => vi > 0 && book.variants[vi] === book.variants[0] && sameEconomy(v, base));
  const schedules = sameStart.some(Boolean) ? Array.from({ length: n }, () => new StartSchedule(S, model.months)) : null;
  // Variant by variant, so that between two paths only the accounts a path touched are restored.
  const variants = model.variants.map((v, vi): VariantChunk => {
    const out: VariantChunk = {
      book: new Float64Array(n * NPM),
      segments: new Float64Array(n * S * NPM),
      periods: new Float64Array(n * T * W),
    };
    const run = new PathRun(model, v, book, book.variants[vi], ws);
    for (let p = from; p < to; p++) {
      const j = p - from;
      factorPath(v.macro, macroNormals(macroRandom(model.simulation.seed, p), K, T), T, Z);
      const start = schedules === null ? null : { schedule: schedules[j], replay: sameStart[vi] };
      run.simulate(pathKeys(seed, p), Z, out.segments.subarray(j * S * NPM, (j + 1) * S * NPM), out.periods.subarray(j * T * W, (j + 1) * T * W), start);
      bookTotals(out.segments, out.book, j, S);
    }
    return out;
  });
  return { from, to, variants };
}

/** Whether two variants have the same economy: factors, shocks and variables. */
function sameEconomy(a: VariantModel, b: VariantModel): boolean {
  const key = (v: VariantModel) => JSON.stringify(v.macro, (_, x) => (ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : x));
  return key(a) === key(b);
}

/**
 * What the starting accounts of one path drew: the misses (account and month) and each
 * segment's ledger after their exits by attrition. Recorded by the base, replayed by a
 * variant that would draw the same, so an extra policy costs its events, not the book.
 */
class StartSchedule {
  misses = new Int32Array(1024);
  length = 0;
  readonly ledgers: Float64Array[];
  readonly interest: Float64Array;

  constructor(segments: number, months: number) {
    this.ledgers = Array.from({ length: segments }, () => new Float64Array(snapshotLength(months)));
    this.interest = new Float64Array(segments);
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

/** Book totals of path j from its segments, with the rates recomputed from the sums. */
function bookTotals(seg: Float64Array, bookOut: Float64Array, j: number, S: number): void {
  const b = j * NPM;
  for (let s = 0; s < S; s++) for (let m = 0; m < NPM; m++) bookOut[b + m] += seg[(j * S + s) * NPM + m];
  finishRates(bookOut, b);
}

function finishRates(o: Float64Array, b: number): void {
  o[b + PM.defaultRate] = o[b + PM.accounts] > 0 ? o[b + PM.defaults] / o[b + PM.accounts] : 0;
  // Loss over exposure (EAD basis); a path with no exposure has no loss rate: 0 here, left
  // out of the summary.
  o[b + PM.lossRate] = rateBase(o[b + PM.exposure]) ? o[b + PM.netLoss] / o[b + PM.exposure] : 0;
  // Net loss a year over the average drawn balance: Σ loss / Σ balance·years (MODEL.md 8).
  o[b + PM.chargeOffRate] = rateBase(o[b + PM.balanceYears]) ? o[b + PM.netLoss] / o[b + PM.balanceYears] : 0;
  o[b + PM.income] = o[b + PM.interestIncome] + o[b + PM.feeIncome] + o[b + PM.merchantFeeIncome] + o[b + PM.instalmentFeeIncome];
  o[b + PM.profit] =
    o[b + PM.income] -
    o[b + PM.fundingCost] -
    o[b + PM.collectionCost] -
    o[b + PM.retainedLoss] -
    o[b + PM.insurancePremium] -
    o[b + PM.operatingCost] -
    o[b + PM.acquisitionCost];
}

/** What a segment needs per path: its factor, shifted rolls and LGD means by period. */
interface SegmentPath {
  s: SegmentModel;
  start: number;
  revolving: boolean;
  /** x_t = w·Z_t for t = 1..T at index t − 1. */
  x: Float64Array;
  /** Monthly roll rates by period: rolls[(t − 1)·m + k]. */
  rolls: Float64Array;
  lgdMean: Float64Array;
  kappa: number;
  /** Survival at the last month a starting account can leave, per grid cell's upper neighbour. */
  quick: Float64Array;
  solver: HazardSolver;
  ledger: Ledger;
  /** Running sums of the ledger's difference arrays. */
  x1: number;
  y1: number;
  c1: number;
  /** Transactor → revolver and revolver → transactor a month, by period (docs/model.md §4.6). */
  toRevolve: Float64Array;
  toTransact: Float64Array;
  /** Key words of who revolves at the start or at booking: a static attribute of the book. */
  revolverKeys: [number, number];
  /** Entering F within the remaining life at through-the-cycle rates, and after forbearance (lifetime.ts). */
  life: LifetimeTable;
  lifeRaised: LifetimeTable;
  /** Loss given default past the horizon: the through-the-cycle mean, or 1 − the sale price. */
  lifeLgd: number;
  /** Balance of the closed-form current accounts at the horizon. */
  horizonBalance: number;
}

/** One variant's paths on one workspace: per-path setup, the starting accounts' loop, the months. */
class PathRun {
  private readonly T: number;
  private readonly H: number;
  private readonly pm: number;
  private readonly pol: PolicyModel;
  private readonly segs: SegmentPath[];
  private readonly episode: Int16Array;
  private readonly lgd = new KeyedStream();
  private keys: [number, number] = [0, 0];
  /**
   * Key words of the path's streams, (purpose, segment, month) → two words at
   * `stream(…)`, computed when first asked for in a path (the stamp says which path):
   * per-event key derivation allocated arrays and showed as a tenth of the time in GC.
   */
  private readonly streams: Int32Array;
  private readonly stamps: Uint32Array;
  private pathStamp = 0;
  private so: Float64Array = new Float64Array(0);
  private periodDefaults = 0;
  private periodLoss = 0;
  /** Economy-trigger episodes of the path (`episode` numbers them 1, 2, …). */
  private episodes = 0;
  /** Key words of the month's exit, behaviour and convert streams of the stepped segment being visited. */
  private readonly monthKeys = new Int32Array(6);
  /** The last threshold raised by forbearance and its raised value: a one-rate segment's are all one. */
  private raisedFrom = NaN;
  private raisedTo = NaN;
  private raisedSegment = -1;

  constructor(
    private readonly model: Model,
    private readonly v: VariantModel,
    private readonly book: Book,
    private readonly c: BookColumns,
    private readonly ws: Workspace,
  ) {
    this.T = model.periods;
    this.H = model.months;
    this.pm = model.layout.periodMonths;
    this.pol = v.policy;
    this.episode = new Int16Array(this.T + 1);
    const slots = STREAM_PURPOSES * v.segments.length * (this.H + 1);
    this.streams = new Int32Array(2 * slots);
    this.stamps = new Uint32Array(slots);
    const statics = pathKeys(seedKeys(model.simulation.seed), -1);
    this.segs = v.segments.map((s, si) => {
      const m = s.roll.length;
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
        solver: new HazardSolver(s),
        ledger: new Ledger(s.product, c.baseline[si].annuity, this.H),
        x1: 0,
        y1: 0,
        c1: 0,
        toRevolve: new Float64Array(this.T),
        toTransact: new Float64Array(this.T),
        revolverKeys: streamKeys(statics, Purpose.behaviour, si, 0),
        horizonBalance: 0,
        ...this.lifetime(s, si),
      };
    });
  }

  /**
   * The segment's chain at through-the-cycle rates for the lifetime view: the mean monthly
   * hazard of its accounts (one rate, or the mean over scores and tape rows), and the hazard
   * of its pd × redefaultMultiplier for accounts back from forbearance.
   */
  private lifetime(s: SegmentModel, si: number): Pick<SegmentPath, "life" | "lifeRaised" | "lifeLgd"> {
    const { c, pm, pol } = this;
    const r = this.book.ranges[si];
    const perMonth = (a: number) => -expm1(log1p(-Phi(a)) / pm);
    let sum = 0;
    let n = 0;
    // A one-rate segment's accounts all sit on its one grid point.
    if (c.grids[si].length === 1) {
      sum = perMonth(c.grids[si][0]);
      n = 1;
    } else {
      for (let i = r.start; i < r.end; i++) {
        if (c.bookAt[i] < 0) continue;
        sum += perMonth(c.a[i]);
        n++;
      }
    }
    const h = n > 0 ? sum / n : 0;
    const roll = s.roll.map((x, k) => Math.min(x * (1 - pol.rollReduction), 1 - s.stay[k]));
    const chain = { attrition: s.attrition, roll, stay: s.stay };
    const raised = raisedHazard(h, s, new HazardSolver(s), pol.forbearance?.redefaultMultiplier ?? 1);
    return {
      life: lifetimeTable({ ...chain, hazard: h }),
      lifeRaised: lifetimeTable({ ...chain, hazard: raised }),
      lifeLgd: pol.salePrice !== null ? 1 - pol.salePrice : s.lgd.mean,
    };
  }

  /** Index in `streams` of the key words of (purpose, segment si, month). */
  private stream(purpose: Purpose, si: number, month: number): number {
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
    start: { schedule: StartSchedule; replay: boolean } | null,
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
          const shifted = s.rhoRoll > 0 ? Phi((PhiInv(s.roll[k]) - Math.sqrt(s.rhoRoll) * x) / Math.sqrt(1 - s.rhoRoll)) : s.roll[k];
          g.rolls[(t - 1) * m + k] = Math.min(shifted * (1 - pol.rollReduction), 1 - s.stay[k]);
        }
        g.lgdMean[t - 1] = s.lgd.macro > 0 ? Phi(PhiInv(s.lgd.mean) - s.lgd.macro * x) : s.lgd.mean;
        if (s.revolvers !== null) {
          // A bad economy (x < 0) turns transactors into revolvers and keeps revolvers revolving.
          g.toRevolve[t - 1] = shifted(s.revolvers.toRevolve, s.rho, x);
          g.toTransact[t - 1] = shifted(s.revolvers.toTransact, s.rho, -x);
        }
      }
      const curves = this.ws.curves[si];
      curves.compute(c.grids[si], s.rho, s.attrition, g.x, pm, H);
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
  private rateOf(g: SegmentPath, i: number): number {
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
    const limit = this.horizonLimit(g, i, 0, c.balance[i], c.limit[i]);
    g.ledger.book(-1, 0, e, e, c.balance[i], c.payment[i], 0, c.term[i], this.rateOf(g, i), limit, false);
  }

  private recordLedgers(record: StartSchedule): void {
    const H = this.H;
    this.segs.forEach((g, si) => {
      const snap = record.ledgers[si];
      snap.set(g.ledger.x, 0);
      snap.set(g.ledger.y, H + 2);
      snap.set(g.ledger.count, 2 * (H + 2));
      snap.set(g.ledger.life, 3 * (H + 2));
      snap.set(g.ledger.lifeRaised, 3 * (H + 2) + LIFE_MONTHS + 1);
      record.interest[si] = g.ledger.interest;
    });
  }

  /** The base's draws of this path for the starting accounts, on a variant that would draw the same. */
  private replayStart(record: StartSchedule): void {
    const H = this.H;
    this.segs.forEach((g, si) => {
      const snap = record.ledgers[si];
      g.ledger.x.set(snap.subarray(0, H + 2));
      g.ledger.y.set(snap.subarray(H + 2, 2 * (H + 2)));
      g.ledger.count.set(snap.subarray(2 * (H + 2), 3 * (H + 2)));
      g.ledger.life.set(snap.subarray(3 * (H + 2), 3 * (H + 2) + LIFE_MONTHS + 1));
      g.ledger.lifeRaised.set(snap.subarray(3 * (H + 2) + LIFE_MONTHS + 1));
      g.ledger.interest = record.interest[si];
    });
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
    const limit = this.pol.trigger === null ? ws.limit[i] : this.horizonLimit(g, i, s, ws.balance[i], ws.limit[i]);
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
      const limit = this.pol.trigger === null ? ws.limit[i] : this.horizonLimit(g, i, spell, b, ws.limit[i]);
      g.ledger.book(-1, spell, mo, mo, b, payment, ws.paid[i], c.term[i], this.rateOf(g, i), limit, (ws.flags[i] & Flag.redefault) !== 0);
      if (!g.revolving) {
        const made = mo - 1 - spell;
        ws.balance[i] = c.baseline[si].annuity.balanceAfter(b, payment, made);
        ws.paid[i] += made;
      }
      if (g.revolving && this.pol.trigger !== null) this.triggerCuts(i, spell, mo);
      if (s.burden !== 0) ws.missPay[i] = this.required(g, i);
      if (this.missed(si, i, mo, t)) this.enlist(si, i);
    }
  }

  /**
   * A current account misses a payment in month mo: it is charged and enters D1 (or F
   * with no ladder), its limit cut on delinquency, and it may be offered forbearance.
   * Returns whether it is now in a list (not written off at once).
   */
  private missed(si: number, i: number, mo: number, t: number): boolean {
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
   * The limit account i will have at the horizon if it stays current from month s: the
   * trigger's cuts of the periods after s are applied (lazily, in triggerCuts) only when it
   * misses, so the lifetime view applies them here. The same for every booking of an episode.
   */
  private horizonLimit(g: SegmentPath, i: number, s: number, balance: number, limit: number): number {
    const trigger = this.pol.trigger;
    if (trigger === null || !g.revolving) return limit;
    let last = this.ws.cutEpisode[i];
    let cut = limit;
    for (let t = Math.ceil(s / this.pm) + 1; t <= this.T; t++) {
      const ep = this.episode[t];
      if (ep === 0 || ep === last) continue;
      cut = balance + (1 - trigger.cut) * Math.max(0, cut - balance);
      last = ep;
    }
    return cut;
  }

  private enlist(si: number, i: number): void {
    this.ws.lists[si][this.ws.listLength[si]++] = i;
  }

  /**
   * The trigger cuts the undrawn limit of current revolving accounts at the start of each
   * period in which the factor is below its level, once per episode; applied when it
   * matters, as the account leaves C with a miss, for the periods it began current.
   */
  private triggerCuts(i: number, spell: number, mo: number): void {
    const { ws, pm } = this;
    const keep = 1 - this.pol.trigger!.cut;
    for (let t = Math.ceil(spell / pm) + 1; (t - 1) * pm <= mo - 1; t++) {
      const ep = this.episode[t];
      if (ep === 0 || ws.cutEpisode[i] === ep) continue;
      ws.limit[i] = ws.balance[i] + keep * Math.max(0, ws.limit[i] - ws.balance[i]);
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
    if (s.stepped) this.keysOfMonth(si, mo);
    let kept = 0;
    for (let r = 0; r < n; r++) {
      const i = list[r];
      const st = ws.state[i];
      if (st === State.C) {
        // Only a stepped segment keeps current accounts in its list.
        if (this.stepCurrent(si, i, mo, t)) list[kept++] = i;
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
          if (warning !== null && g.revolving) ws.limit[i] = ws.balance[i] + (1 - warning.cut) * Math.max(0, ws.limit[i] - ws.balance[i]);
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
      if (g.s.stepped) this.startCurrent(si, i);
      else this.beginEpisode(si, i, mo);
    }
  }

  /**
   * The current starting accounts of stepped segments join their lists (after the
   * closed-form draws, whatever their order); those starting in arrears of a segment with a
   * burden get the payment of their first miss.
   */
  private startStepped(): void {
    const { c, ws } = this;
    for (let si = 0; si < this.segs.length; si++) {
      const g = this.segs[si];
      if (!g.s.stepped && g.s.burden === 0) continue;
      for (let i = g.start; i < g.start + g.s.accounts; i++) {
        if (c.bookAt[i] !== 0) continue;
        if (c.startState[i] === State.C && g.s.stepped) this.startCurrent(si, i);
        else if (c.startState[i] >= State.D1) {
          // Its first miss is behind the start: the reference payment of its burden, and a miss by month 0.
          ws.missPay[i] = this.required(g, i);
          ws.missedAt[i] = 0;
        }
      }
    }
  }

  /** A stepped account current at the start or at booking: who revolves (a static draw), its reference payment. */
  private startCurrent(si: number, i: number): void {
    const ws = this.ws;
    const g = this.segs[si];
    ws.touch(i);
    ws.state[i] = State.C;
    ws.age[i] = 0;
    const revolvers = g.s.revolvers;
    if (revolvers !== null && keyedUniform(g.revolverKeys[0], g.revolverKeys[1], i - g.start) < revolvers.share) ws.flags[i] |= Flag.revolver;
    ws.refPay[i] = this.required(g, i);
    this.enlist(si, i);
  }

  /**
   * The payment due from current account i this month (docs/model.md §4.8): a revolver's
   * minimum (a share of the balance plus interest), a transactor's minimum, interest only on
   * a line without transactors, a loan's level payment; and its plan's principal and fee.
   */
  private required(g: SegmentPath, i: number): number {
    const ws = this.ws;
    const plan = ws.planPay[i] + ws.planFee[i];
    if (!g.revolving) return (ws.paid[i] < this.c.term[i] ? this.c.payment[i] : 0) + plan;
    const b = ws.balance[i];
    const revolvers = g.s.revolvers;
    if (revolvers === null) return b * this.rateOf(g, i) + plan;
    const revolving = (ws.flags[i] & Flag.revolver) !== 0;
    return b * (revolvers.minPayment + (revolving ? this.rateOf(g, i) : 0)) + plan;
  }

  /** Adds `amount` to account i's instalment plan and restarts it: principal A over `term` months, fee A·feeRate a month. */
  private convert(i: number, amount: number, term: number, feeRate: number): void {
    const ws = this.ws;
    const principal = ws.plan[i] + amount;
    ws.plan[i] = principal;
    ws.planPay[i] = principal / term;
    ws.planFee[i] = principal * feeRate;
  }

  private clearPlan(i: number): void {
    const ws = this.ws;
    ws.plan[i] = 0;
    ws.planPay[i] = 0;
    ws.planFee[i] = 0;
  }

  /**
   * One month of a current account of a stepped segment (docs/model.md §4.6–4.8): the
   * trigger's cut at a period's start; a miss, with the hazard raised by the payment burden,
   * or attrition; else the plan's payment, then interest, the switch between transactor
   * and revolver and the payment of a credit line (or a loan's level payment), purchases,
   * conversions into plans and a line increase. Returns whether it stays on the book.
   */
  private stepCurrent(si: number, i: number, mo: number, t: number): boolean {
    const { ws, pol, c } = this;
    const g = this.segs[si];
    const s = g.s;
    if (g.revolving && pol.trigger !== null && (mo - 1) % this.pm === 0) this.cutAtPeriodStart(i, t);
    // What is due matters to the burden only (and to a miss's P₁ under a burden).
    const due = s.burden !== 0 ? this.required(g, i) : 0;
    // Nothing due (a transactor who bought nothing) says nothing of the burden: B = 1.
    const ratio = due > 0 && ws.refPay[i] > 0 ? due / ws.refPay[i] : 1;
    const u = keyedUniform(this.monthKeys[0], this.monthKeys[1], i - g.start);
    const event = this.currentEvent(si, i, t, u, ratio);
    if (event === MISS) {
      // The whole balance is due: the plan is folded into the delinquent balance.
      ws.missPay[i] = due;
      ws.missedAt[i] = mo;
      ws.balance[i] += ws.plan[i];
      this.clearPlan(i);
      return this.missed(si, i, mo, t);
    }
    if (event === ATTRITION) {
      ws.state[i] = State.P; // closes or prepays in full
      return false;
    }
    const o = si * NPM;
    if (ws.plan[i] > 0) {
      this.so[o + PM.instalmentFeeIncome] += ws.planFee[i];
      const left = ws.plan[i] - ws.planPay[i];
      if (left > 1e-9 * ws.planPay[i]) ws.plan[i] = left;
      else this.clearPlan(i);
    }
    if (!g.revolving) {
      if (ws.paid[i] < c.term[i]) {
        const b = ws.balance[i];
        const r = g.ledger.annuity.r;
        g.ledger.interest += r * b;
        ws.balance[i] = ++ws.paid[i] >= c.term[i] ? 0 : b * (1 + r) - c.payment[i];
      }
      if (ws.balance[i] === 0 && ws.plan[i] === 0) {
        ws.state[i] = State.P; // repaid
        return false;
      }
      return true;
    }
    this.payLine(g, si, i, mo, t);
    const increase = pol.increase;
    if (increase !== null && ++ws.age[i] >= increase.afterMonths && ws.increases[i] < increase.maxTimes) {
      const warning = pol.earlyWarning;
      if (warning === null || mo - ws.missedAt[i] > warning.lookbackMonths) {
        ws.limit[i] *= 1 + increase.by;
        ws.increases[i]++;
        ws.age[i] = 0;
      }
    }
    return true;
  }

  /** The key words of a stepped segment's current accounts in month mo: exit, behaviour, convert. */
  private keysOfMonth(si: number, mo: number): void {
    for (let k = 0; k < 3; k++) {
      const at = this.stream(MONTH_PURPOSES[k], si, mo);
      this.monthKeys[2 * k] = this.streams[at];
      this.monthKeys[2 * k + 1] = this.streams[at + 1];
    }
  }

  /**
   * What uniform u makes of a stepped current account's month: a miss below its hazard h
   * (× the burden factor), attrition below h + α(1 − h), else it pays. The hazards of the
   * grid points around the account's threshold bound its own (the hazard rises with the
   * threshold), so its own is computed only when u falls between the bounds: the profile
   * of a month-by-month account showed Φ, log1p and expm1 as half its time. The burden
   * factor ratio^ε is bounded first by ratio (ε ≤ 1) and computed only when the bound
   * cannot decide: the exact power was half the time of a book with burden.
   */
  private currentEvent(si: number, i: number, t: number, u: number, ratio: number): number {
    const { ws, c, T } = this;
    const curves = ws.curves[si];
    const s = this.segs[si].s;
    const attrition = s.attrition;
    const own = (ws.flags[i] & Flag.redefault) !== 0;
    const k = c.cell[i];
    const G = c.grids[si].length;
    const top = Math.max(curves.hz[k * T + t - 1], curves.hz[Math.min(k + 1, G - 1) * T + t - 1]);
    let burden = 1;
    if (ratio !== 1) {
      const bound = ratio <= 1 ? 1 : s.burden <= 1 ? ratio : pow(ratio, s.burden);
      const most = Math.min(1, top * bound * (1 + MARGIN));
      if (!own && u >= most + attrition * (1 - most)) return PAYS;
      burden = pow(ratio, s.burden);
    }
    if (!own) {
      const a = Math.min(1, curves.hz[k * T + t - 1] * burden);
      const b = Math.min(1, curves.hz[Math.min(k + 1, G - 1) * T + t - 1] * burden);
      const lo = Math.min(a, b) * (1 - MARGIN);
      const hi = Math.min(1, Math.max(a, b) * (1 + MARGIN));
      if (u < lo) return MISS;
      if (u >= hi + attrition * (1 - hi)) return PAYS;
      if (u >= hi && u < lo + attrition * (1 - lo)) return ATTRITION;
    }
    const h = Math.min(1, curves.hazard(own ? ws.own[i] : c.a[i], t) * burden);
    return u < h ? MISS : u < h + attrition * (1 - h) ? ATTRITION : PAYS;
  }

  /** A current credit line's month after its plan's payment: interest, the switch, the payment, purchases, conversions. */
  private payLine(g: SegmentPath, si: number, i: number, mo: number, t: number): void {
    const ws = this.ws;
    const s = g.s;
    const rate = this.rateOf(g, i);
    const revolvers = s.revolvers;
    let b = ws.balance[i];
    if (revolvers === null) {
      g.ledger.interest += b * rate; // the balance revolves, interest paid, as in the closed form
      return;
    }
    const was = (ws.flags[i] & Flag.revolver) !== 0;
    if (was) g.ledger.interest += b * rate; // a transactor's statement is interest-free
    const w = keyedUniform(this.monthKeys[2], this.monthKeys[3], i - g.start);
    const now = was ? w >= g.toTransact[t - 1] : w < g.toRevolve[t - 1];
    if (now) ws.flags[i] |= Flag.revolver;
    else ws.flags[i] &= ~Flag.revolver;
    // A transactor pays the statement in full; a revolver the minimum share plus the interest.
    b = now ? b * (1 - revolvers.minPayment) : 0;
    const plans = s.instalments;
    const o = si * NPM;
    if (now && plans !== null && plans.balanceRate > 0 && b > 0) {
      if (keyedUniform(this.monthKeys[4], this.monthKeys[5], i - g.start) < plans.balanceRate) {
        this.convert(i, b, plans.termMonths, plans.feeRate);
        b = 0;
      }
    }
    if (s.purchases > 0) {
      const buy = Math.min(s.purchases * ws.limit[i], Math.max(0, ws.limit[i] - b - ws.plan[i]));
      this.so[o + PM.merchantFeeIncome] += s.interchange * buy;
      const converted = plans === null ? 0 : plans.purchaseShare * buy;
      if (converted > 0) this.convert(i, converted, plans!.termMonths, plans!.feeRate);
      b += buy - converted;
    }
    ws.balance[i] = b;
  }

  /** The trigger's cut of a stepped current line's undrawn limit at the start of period t, once per episode. */
  private cutAtPeriodStart(i: number, t: number): void {
    const ws = this.ws;
    const ep = this.episode[t];
    if (ep === 0 || ws.cutEpisode[i] === ep) return;
    const drawn = ws.balance[i] + ws.plan[i];
    ws.limit[i] = drawn + (1 - this.pol.trigger!.cut) * Math.max(0, ws.limit[i] - drawn);
    ws.cutEpisode[i] = ep;
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
    const ead = g.revolving ? b + s.ccf * Math.max(0, ws.limit[i] - b) : b;
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
      this.clearPlan(i);
      this.convert(i, ws.balance[i], f.termMonths, f.feeRate);
      ws.balance[i] = 0;
      if (!g.revolving) ws.paid[i] = this.c.term[i]; // the plan replaces the loan's schedule
      ws.state[i] = State.C;
      ws.age[i] = 0;
      this.raiseRate(si, i);
      ws.refPay[i] = this.required(g, i);
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
      const h2 = raisedHazard(-expm1(log1p(-Phi(a)) / pm), g.s, g.solver, multiplier);
      this.raisedFrom = a;
      this.raisedSegment = si;
      this.raisedTo = PhiInv(-expm1(pm * log1p(-h2)));
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
      const ead = g.revolving ? b + s.ccf * Math.max(0, ws.limit[i] - b) : b;
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

/** The streams a stepped current account draws from each month, in monthKeys' order. */
const MONTH_PURPOSES = [Purpose.exit, Purpose.behaviour, Purpose.convert] as const;

/** What a stepped current account does in a month (PathRun.currentEvent). */
const PAYS = 0;
const MISS = 1;
const ATTRITION = 2;
/** Relative room around the grid's bounds for the rounding of Φ, log1p and expm1. */
const MARGIN = 1e-9;

/** A monthly probability shifted by the economy's factor x like the miss hazard (MODEL.md 3). */
function shifted(p: number, rho: number, x: number): number {
  if (p <= 0 || p >= 1 || rho === 0) return p;
  return Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));
}

/**
 * The monthly hazard of an account whose annual rate is `multiplier` × that of hazard h,
 * re-solved through the ladder (a default pd) or directly (a miss rate).
 */
function raisedHazard(h: number, s: SegmentModel, solver: HazardSolver, multiplier: number): number {
  if (multiplier === 1) return h;
  const annual = s.basis === "default" ? annualDefault(h, s) : -expm1(12 * log1p(-h));
  const raised = Math.min(annual * multiplier, 1 - 1e-12);
  return Math.min(s.basis === "default" ? solver.hazard(raised) : -expm1(log1p(-raised) / 12), 1 - 1e-12);
}

/**
 * Credit insurance on the book's net loss over the horizon: the insurer pays `coverage` of
 * the loss above `deductible` × exposure, for an annual premium on balances. Recovery is
 * shared among segments by their losses and the premium by their balance-years, so the
 * segments still add up to the book.
 */
function insure(so: Float64Array, S: number, pol: PolicyModel): void {
  let loss = 0;
  let exposure = 0;
  for (let s = 0; s < S; s++) {
    loss += so[s * NPM + PM.netLoss];
    exposure += so[s * NPM + PM.exposure];
  }
  const cover = pol.insurance;
  const recovery = cover ? cover.coverage * Math.max(0, loss - cover.deductible * exposure) : 0;
  for (let s = 0; s < S; s++) {
    const o = s * NPM;
    so[o + PM.insuranceRecovery] = loss > 0 ? (recovery * so[o + PM.netLoss]) / loss : 0;
    so[o + PM.insurancePremium] = cover ? cover.premium * so[o + PM.balanceYears] : 0;
    so[o + PM.retainedLoss] = so[o + PM.netLoss] - so[o + PM.insuranceRecovery];
  }
}
