/** What a path run keeps per segment: the shared quantities of each period, the ledger, the lifetime tables. */
import type { Book, BookColumns } from "./book.ts";
import { MAX_LOADING } from "./calibrate.ts";
import { calibratedRaise, calibratedThresholds, calibrationOf, type Calibration } from "./burdenChain.ts";
import { HazardSolver } from "./hazard.ts";
import { Ledger } from "./ledger.ts";
import { segmentLifetime, type LifetimeTable, type SegmentLifetime } from "./lifetime.ts";
import { PRODUCT, referencePd, type Model, type SegmentModel, type VariantModel } from "./model.ts";
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
  /**
   * Survival at the last month a starting account can leave, per grid cell's upper
   * neighbour, as a threshold of its keyed bits (random.ts `bitsBelow`: bits ≤ it exactly
   * when the uniform (bits + 0.5)·2⁻³² ≤ the survival).
   */
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
  /** The path's loadings of the miss and of the rolls: the segment's, scaled by its correlation's draw (uncertainty.ts). */
  rho: number;
  rhoRoll: number;
  /** Draws the path's parameters into thresholdShift, lgdShift, rho and rhoRoll. */
  drawParameters(pathKeys: readonly [number, number]): void;
}

/**
 * Forbearance's raised hazards, by segment model (one per variant of a compiled model),
 * multiplier and hazard: a pure function of them, so solved once in a worker's life, not on
 * every path. The profile of the NPL notebook (a scorecard's accounts, each at its own hazard;
 * 60% take up a conversion) had the solve through the ladder at four fifths of its run, the
 * same account's solved again on every path it was forborne on.
 */
const raisedHazards = new WeakMap<SegmentModel, Map<number, Map<number, number>>>();

function raiseOnce(s: SegmentModel, solver: HazardSolver, calibration: Calibration): (h: number, multiplier: number) => number {
  let byMultiplier = raisedHazards.get(s);
  if (byMultiplier === undefined) raisedHazards.set(s, (byMultiplier = new Map()));
  const kept = byMultiplier;
  return (h, multiplier) => {
    let raised = kept.get(multiplier);
    if (raised === undefined) kept.set(multiplier, (raised = new Map()));
    let r = raised.get(h);
    if (r === undefined) raised.set(h, (r = calibratedRaise(h, s, solver, calibration, multiplier)));
    return r;
  };
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
      raise: raiseOnce(s, solver, calibration),
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
      rho: s.rho,
      rhoRoll: s.rhoRoll,
      drawParameters: parameterDraw(s, si, { solver, calibration, periodMonths: model.layout.periodMonths }),
      ...lifetimeOf(segmentLifetime({ model, macro: v.macro, s, c, range: book.ranges[si], si, policy: v.policy, calibration })),
    };
  });
}

const lifetimeOf = (l: SegmentLifetime) => ({ life: l.life, lifeRaised: l.lifeRaised, lifeAt: l.atHorizon });

/**
 * A segment's per-path parameter draw (uncertainty.ts): the drawn annual rate's threshold on
 * the calibrated chain less the point rate's, both read off the solver's table so that a draw
 * at the median shifts nothing; the drawn rate kept below the ladder's ceiling. The drawn
 * one-year correlation R_path scales both loadings by R_path/R, so they keep calibrate.ts's
 * ratio (exact in one period without a ladder, where the loading is R), capped as there; and
 * a default rate is solved again on the chain at the drawn loadings, so that it stays the
 * path's mean through the cycle (docs/model.md §3.5): the point rate's threshold there less
 * its threshold at the point's loadings, added to the rate's own shift (their cross term left
 * out). The chains are solved exactly at nodes of ζ a quarter apart, once a compiled model and
 * only those the paths reach; a path's shift is interpolated between its two nodes.
 */
function parameterDraw(
  s: SegmentModel,
  si: number,
  chain: { solver: HazardSolver; calibration: Calibration; periodMonths: number },
): (this: SegmentPath, pathKeys: readonly [number, number]) => void {
  const spread = s.uncertainty;
  if (spread === null) return () => {};
  const thresholdOf = calibratedThresholds({ solver: chain.solver, cal: chain.calibration, periodMonths: chain.periodMonths });
  const rate = s.risk.kind === "rate" ? s.risk.annual : referencePd(s);
  const point = spread.pd > 0 ? thresholdOf(s.basis, rate, true) : 0;
  const most = s.basis === "default" ? chain.solver.max * (1 - 1e-6) : 1 - 1e-9;
  const R = s.correlation;
  const probitR = spread.correlation > 0 ? PhiInv(R) : 0;
  const ratioAt = (zeta: number) => Phi(probitR + spread.correlation * zeta) / R;
  // A default rate's threshold moves with the loadings (a miss rate's does not: it is read off directly).
  const resolves = spread.correlation > 0 && s.basis === "default" && rate > 0 && rate < most;
  const exact = resolves ? thresholdOf(s.basis, rate) : 0;
  // The point rate's threshold less `exact` on the chain at node j's loadings (ζ = NODE_STEP·j − NODE_EDGE), solved when a path first needs it.
  let nodes = solvedNodes.get(s);
  if (!nodes) solvedNodes.set(s, (nodes = []));
  const nodeShift = (j: number): number => {
    if (nodes[j] === undefined) {
      const ratio = ratioAt(j * NODE_STEP - NODE_EDGE);
      const ladder = { ...chain.calibration.ladder, rho: Math.min(s.rho * ratio, MAX_LOADING), rhoRoll: Math.min(s.rhoRoll * ratio, MAX_LOADING) };
      const solver = new HazardSolver(ladder);
      const of = calibratedThresholds({ solver, cal: { ...chain.calibration, ladder }, periodMonths: chain.periodMonths });
      nodes[j] = of(s.basis, Math.min(rate, solver.max * (1 - 1e-6))) - exact;
    }
    return nodes[j];
  };
  const last = Math.round((2 * NODE_EDGE) / NODE_STEP);
  return function (this: SegmentPath, pathKeys) {
    const z = parameterNormals(pathKeys, si);
    this.thresholdShift = spread.pd > 0 ? thresholdOf(s.basis, Math.min(Phi(PhiInv(rate) + spread.pd * z.rate), most), true) - point : 0;
    this.lgdShift = spread.lgdMean * z.lgdMean;
    if (spread.correlation > 0) {
      const ratio = ratioAt(z.correlation);
      this.rho = Math.min(s.rho * ratio, MAX_LOADING);
      this.rhoRoll = Math.min(s.rhoRoll * ratio, MAX_LOADING);
    }
    if (resolves) {
      const at = Math.min(Math.max((z.correlation + NODE_EDGE) / NODE_STEP, 0), last);
      const j = Math.min(Math.floor(at), last - 1);
      const w = at - j;
      this.thresholdShift += w === 0 ? nodeShift(j) : (1 - w) * nodeShift(j) + w * nodeShift(j + 1);
    }
  };
}

/** Each segment's solved nodes, kept across the batches of paths a worker runs on one compiled model. */
const solvedNodes = new WeakMap<SegmentModel, number[]>();

/** The correlation's nodes: ζ from −NODE_EDGE to NODE_EDGE, NODE_STEP apart (the median a node). */
const NODE_STEP = 0.25;
const NODE_EDGE = 6;
