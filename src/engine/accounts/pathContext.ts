/**
 * What the parts of one path run share (the current accounts, the arrears, the levers):
 * the model's sizes and policy, the book's columns, the workspace, the segments' per-path
 * quantities, the path's stream keys and outputs. It holds data and looks keys up; no part
 * reaches another through it. The dependencies run one way: pathRun.ts builds the parts;
 * the arrears call the current accounts through their interface (a cure), the closed form
 * hands its misses to the arrears through `Misses`, the stepped accounts return theirs as a
 * `Step`; all of them call the levers (levers/pathLevers.ts), and everything reads this.
 */
import { PeriodCash } from "../cashFlows.ts";
import type { Book, BookColumns } from "../book.ts";
import type { Model, PolicyModel, VariantModel } from "../model.ts";
import type { StartPolicy } from "../stages.ts";
import { Purpose, streamKeys } from "../random.ts";
import { segmentPaths, type SegmentPath } from "../segmentPath.ts";
import { RECORD8, STATE, type Workspace } from "../workspace.ts";
import type { PathAllowance } from "../allowance.ts";
import { Workout } from "../recovery.ts";
import { NplSale } from "../levers/nplSale.ts";

/** Purposes a path draws streams for (Purpose values 1..10). */
const STREAM_PURPOSES = 10;

export class PathContext {
  /** Periods, months, months a period. */
  readonly T: number;
  readonly H: number;
  readonly pm: number;
  readonly pol: PolicyModel;
  /**
   * The same policy as the start of a path sees it: its `columns` and `start` fields only
   * (model.ts), so that the code of the start, which a variant may replay, cannot read a
   * field variants are allowed to differ in.
   */
  readonly startPol: StartPolicy;
  readonly segs: SegmentPath[];
  /** Factors of the economy: a path's Z holds K values a period. */
  readonly K: number;
  /** The allowance of each path when the scenario has `provisioning` (allowance.ts); null without. */
  allowance: PathAllowance | null = null;
  /** The workouts of the path's defaults: recoveries, write-offs, sales (recovery.ts). */
  readonly workout: Workout;
  /** The path's key words, and its outputs per segment (layout.ts PM). */
  keys: [number, number] = [0, 0];
  so: Float64Array = new Float64Array(0);
  /** The book's cash of the period being run (cashFlows.ts). */
  readonly cash = new PeriodCash();
  /**
   * Key words of the path's streams, (purpose, segment, month) → two words at
   * `stream(…)`, computed when first asked for in a path (the stamp says which path):
   * per-event key derivation allocated arrays and showed as a tenth of the time in GC.
   */
  readonly streams: Int32Array;
  private readonly stamps: Uint32Array;
  private pathStamp = 0;

  constructor(
    model: Model,
    v: VariantModel,
    book: Book,
    readonly c: BookColumns,
    readonly ws: Workspace,
  ) {
    this.T = model.periods;
    this.H = model.months;
    this.pm = model.layout.periodMonths;
    this.pol = v.policy;
    this.startPol = v.policy;
    this.K = model.layout.factors.length;
    const slots = STREAM_PURPOSES * v.segments.length * (this.H + 1);
    this.streams = new Int32Array(2 * slots);
    this.stamps = new Uint32Array(slots);
    this.segs = segmentPaths(model, v, book, c);
    // The sale's age k by segment (0: sold at default, or not sold): the workout runs until it.
    const sells = new NplSale(v.policy).sells;
    // pvProfit's rate: the book's, or with "apr" its segments' APRs weighted by their exposure at the start.
    let weight = 0;
    let apr = 0;
    v.segments.forEach((s, si) => {
      weight += c.baseline[si].exposure;
      apr += c.baseline[si].exposure * s.aprMonthly * 12;
    });
    this.cash.discountAt(v.policy.discountRate ?? (weight > 0 ? apr / weight : 0), this.H);
    this.workout = new Workout(v.segments, this.H, v.policy.discountRate, this.segs.map((g) => (sells ? g.sale.at : 0)));
  }

  /** A new path: its keys and its outputs per segment. */
  beginPath(keys: [number, number], so: Float64Array): void {
    this.keys = keys;
    this.pathStamp++;
    this.so = so;
    this.workout.beginPath();
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

  /** Account i's monthly APR: its own (a tape's), else its segment's. */
  rateOf(g: SegmentPath, i: number): number {
    return this.c.rate === null ? g.s.aprMonthly : this.c.rate[i];
  }

  /** The last month an episode begun at s can end in: the horizon, or an instalment's last of `term` payments. */
  lastMonth(g: SegmentPath, s: number, paid: number, term: number): number {
    return g.revolving ? this.H : Math.min(s + term - paid, this.H);
  }

  /** Account i joins segment si's list (arrears, holiday, default, or a stepped segment's current accounts). */
  enlist(si: number, i: number): void {
    const ws = this.ws;
    const r = ws.listLength[si]++;
    ws.lists[si][r] = i;
    // Its month-end record while its columns are at hand, when every place before it has one
    // (workspace.ts `endState`): read later, at the month's end, they had left the cache.
    if (ws.endsLength[si] === r) {
      ws.keep(si, r, i, ws.record8[RECORD8 * i + STATE]);
      ws.endsLength[si] = r + 1;
    }
  }
}
