/** What a path run keeps per segment: the shared quantities of each period, the ledger, the lifetime tables. */
import type { Book, BookColumns } from "./book.ts";
import { calibratedRaise, calibratedThresholds, calibrationOf } from "./burdenChain.ts";
import { HazardSolver } from "./hazard.ts";
import { Ledger } from "./ledger.ts";
import { segmentLifetime, type LifetimeTable, type SegmentLifetime } from "./lifetime.ts";
import { PRODUCT, type Model, type SegmentModel, type VariantModel } from "./model.ts";
import { Purpose, streamKeys } from "./random.ts";
import { NplSale, segmentSale, type SegmentSale } from "./levers/nplSale.ts";
import { parameterNormals } from "./uncertainty.ts";
import { Phi, PhiInv } from "../math/normal.ts";

/** What a segment needs per path: its factor, shifted rolls and LGD means by period. */
export interface SegmentPath {
  s: SegmentModel;
  start: number;
  revolving: boolean;
  /** x_t = w·Z_t for t = 1..T at index t − 1. */
  x: Float64Array;
  /** The rolls' own index x_r by period (link.ts `rollIndex`) with a roll link; empty without. */
  xRoll: Float64Array;
  /** Monthly roll rates by period: rolls[(t − 1)·m + k]. */
  rolls: Float64Array;
  lgdMean: Float64Array;
  /** The price of a defaulted balance sold in each period, as a share of its EAD (levers/nplSale.ts); unused without a sale. */
  salePrice: Float64Array;
  /** The segment's recovery curve's present value at default at the buyer's rate (levers/nplSale.ts `curveValue`), 1 without one. */
  buyerValue: number;
  /** The segment's sale: its age in default, its price's share, the curve's share before it (levers/nplSale.ts). */
  sale: SegmentSale;
  /** Months in F before the balance leaves the book: chargeOffMonths, or the sale's age when it comes first. */
  writeOffAge: number;
  kappa: number;
  /** Survival at the last month a starting account can leave, per grid cell's upper neighbour. */
  quick: Float64Array;
  /** A monthly miss hazard h raised by `multiplier` on the segment's calibrated chain (burdenChain.ts `calibratedRaise`). */
  raise(h: number, multiplier: number): number;
  ledger: Ledger;
  /** Running sums of the ledger's difference arrays. */
  x1: number;
  y1: number;
  c1: number;
  /** Running sums of the ledger's payment tables (Ledger.pay, px, py). */
  pay1: number;
  px1: number;
  py1: number;
  /** Transactor → revolver and revolver → transactor a month, by period (docs/model.md §4.6). */
  toRevolve: Float64Array;
  toTransact: Float64Array;
  /** Key words of who revolves at the start or at booking: a static attribute of the book. */
  revolverKeys: [number, number];
  /** Expected loss past the horizon per unit EAD by months left, and after forbearance (lifetime.ts), refilled each path. */
  life: LifetimeTable;
  lifeRaised: LifetimeTable;
  /** Refills `life` and `lifeRaised` from the segment's factor in the last period. */
  lifeAt(x: number): void;
  /** Balance of the closed-form current accounts at the horizon. */
  horizonBalance: number;
  /** The path's shift of every account's latent threshold and of the LGD mean's probit from its parameter draw (uncertainty.ts); 0 without uncertainty. */
  thresholdShift: number;
  lgdShift: number;
  /** Draws the path's parameters into thresholdShift and lgdShift. */
  drawParameters(pathKeys: readonly [number, number]): void;
}

/** The per-path quantities of variant v's segments on columns c, allocated once per run. */
export function segmentPaths(model: Model, v: VariantModel, book: Book, c: BookColumns): SegmentPath[] {
  const T = model.periods;
  const vi = model.variants.indexOf(v);
  return v.segments.map((s, si) => {
    const m = s.roll.length;
    // The base variant's chain, its payment burden included (burdenChain.ts).
    const calibration = calibrationOf(model, vi, si);
    // Beta concentration κ = μ(1−μ)/sd² − 1; past 1e12 the spread is below any currency
    // unit and the LGD is its mean (an sd near 0 must not make κ infinite).
    const solver = new HazardSolver(calibration.ladder);
    const sale = segmentSale(v.policy, m, s.recovery.curve);
    const kappa = s.lgd.sd > 0 ? (s.lgd.mean * (1 - s.lgd.mean)) / (s.lgd.sd * s.lgd.sd) - 1 : 0;
    return {
      s,
      start: book.ranges[si].start,
      revolving: s.product === PRODUCT.revolving,
      x: new Float64Array(T),
      xRoll: new Float64Array(s.rollLink ? T : 0),
      rolls: new Float64Array(T * m),
      lgdMean: new Float64Array(T),
      salePrice: new Float64Array(T),
      buyerValue: sale.tail,
      sale,
      writeOffAge: sale.at > 0 && new NplSale(v.policy).sells ? Math.min(s.chargeOffMonths, sale.at) : s.chargeOffMonths,
      kappa: kappa < 1e12 ? kappa : 0,
      quick: new Float64Array(c.grids[si].length),
      raise: (h: number, multiplier: number) => calibratedRaise(h, s, solver, calibration, multiplier),
      ledger: new Ledger(s.product, c.baseline[si].annuity, model.months),
      x1: 0,
      y1: 0,
      c1: 0,
      pay1: 0,
      px1: 0,
      py1: 0,
      toRevolve: new Float64Array(T),
      toTransact: new Float64Array(T),
      revolverKeys: streamKeys(book.keys, Purpose.behaviour, si, 0),
      horizonBalance: 0,
      thresholdShift: 0,
      lgdShift: 0,
      drawParameters: parameterDraw(s, si, () => calibratedThresholds({ solver, cal: calibration, periodMonths: model.layout.periodMonths }), solver.max),
      ...lifetimeOf(segmentLifetime({ model, macro: v.macro, s, c, range: book.ranges[si], si, policy: v.policy, calibration })),
    };
  });
}

const lifetimeOf = (l: SegmentLifetime) => ({ life: l.life, lifeRaised: l.lifeRaised, lifeAt: l.atHorizon });

/**
 * A segment's per-path parameter draw (uncertainty.ts): the drawn annual rate's threshold on
 * the calibrated chain less the point rate's, both read off the solver's table so that a draw
 * at the median shifts nothing; the drawn rate kept below the ladder's ceiling.
 */
function parameterDraw(
  s: SegmentModel,
  si: number,
  chain: () => (basis: SegmentModel["basis"], annual: number, many?: boolean) => number,
  ceiling: number,
): (this: SegmentPath, pathKeys: readonly [number, number]) => void {
  const spread = s.uncertainty;
  if (spread === null) return () => {};
  const thresholdOf = chain();
  const rate = s.risk.kind === "rate" ? s.risk.annual : NaN;
  const point = spread.pd > 0 ? thresholdOf(s.basis, rate, true) : 0;
  const most = s.basis === "default" ? ceiling * (1 - 1e-6) : 1 - 1e-9;
  return function (this: SegmentPath, pathKeys) {
    const z = parameterNormals(pathKeys, si);
    this.thresholdShift = spread.pd > 0 ? thresholdOf(s.basis, Math.min(Phi(PhiInv(rate) + spread.pd * z.rate), most), true) - point : 0;
    this.lgdShift = spread.lgdMean * z.lgdMean;
  };
}
