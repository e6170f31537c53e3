/** What a path run keeps per segment: the shared quantities of each period, the ledger, the lifetime tables. */
import type { Calibration } from "./burdenChain.ts";
import type { HazardSolver } from "./hazard.ts";
import type { Ledger } from "./ledger.ts";
import type { LifetimeTable } from "./lifetime.ts";
import type { SegmentModel } from "./model.ts";

/** What a segment needs per path: its factor, shifted rolls and LGD means by period. */
export interface SegmentPath {
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
  /** Solves on the segment's calibrated chain (burdenChain.ts): forbearance's raised hazards. */
  solver: HazardSolver;
  calibration: Calibration;
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
