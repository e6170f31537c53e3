/**
 * How long a run will take, estimated before it starts from a cost model of the engine:
 * what a run costs in CPU-seconds of the machine the model was calibrated on, by mechanism
 * (docs/model.md §10 says where each cost comes from):
 * - `fixed`: starting a worker and compiling the model (hazard and lifetime tables), once a run;
 * - `segments`: compiling each segment of each variant (its through-the-cycle tables);
 * - `starts`: each account at the start of each path, in closed form: one hash and one
 *   comparison, whatever the horizon;
 * - `applicants`: each applicant of each month of each path: a score drawn, the cutoff
 *   applied, the booked ones set up as accounts;
 * - `events`: each month an account spends in arrears, and each leaving (a miss, attrition,
 *   an instalment loan's last payment), expected from the segment's miss hazard and ladder;
 * - `stepped`: each account-month of a segment stepped month by month (transactors and
 *   revolvers, purchases, plans, limit increases, early warning, conversion);
 * - `pathMonths`: each segment's month of each path (its curves, its month-end sums).
 * Months, not periods: a yearly period of twelve months costs twelve months of events.
 *
 * The coefficients are fitted (non-negative least squares on relative error) to the CPU
 * time of every shipped scenario and notebook cell, recorded by `npm run timings` in
 * test/ui/state/timings.json; test/ui/state/runEstimate.test.ts checks each of those runs
 * within ×2 of a model fitted without it. The page scales the model by the speed it
 * measures: the cell's own past run first (the same mechanisms, the same book), else the
 * page's latest run, else a cautious default.
 */
import type { Tape } from "../../data/tape.ts";
import type { Tapes } from "../../data/tapes.ts";
import type { Scenario, Segment } from "../../scenario/schema.ts";
import { steppedSegments } from "../../engine/model.ts";

/** The size of a run by mechanism: what each cost coefficient multiplies. */
export interface RunFeatures {
  fixed: number;
  segments: number;
  starts: number;
  applicants: number;
  events: number;
  stepped: number;
  pathMonths: number;
}

/**
 * CPU-seconds per unit of each feature on the calibration machine, fitted to all of
 * test/ui/state/timings.json (an AMD EPYC core; CPU time, which other work on the machine
 * changes little). Read: 8 ns an account that stays current, 240 ns a
 * month in arrears or a leaving, 70 ns a stepped account-month, 160 ns an applicant, 7 µs a
 * segment's month of a path (its curves, sums, allowance and workouts).
 */
export const COST: RunFeatures = {
  fixed: 0.795469,
  segments: 0.180591,
  starts: 8.23232e-9,
  applicants: 1.57282e-7,
  events: 2.3729e-7,
  stepped: 7.01394e-8,
  pathMonths: 6.92378e-6,
};

/**
 * Speed of a worker before the page has measured one, against the calibration machine:
 * a half, to err long (a browser worker on a phone, a busy laptop).
 */
export const DEFAULT_SPEED = 0.5;
/** Runs estimated to take longer than this, in milliseconds, ask before they start. */
export const ASK_ABOVE_MS = 30_000;
/** What a shrunk run aims at, in milliseconds. */
const SHRUNK_MS = 10_000;
/** Fewest paths a shrunk run keeps. */
const MIN_PATHS = 100;

/** Rows of `tape` that are segment `name`'s: all of them when it has no segment column. */
function rowsOf(tape: Tape | undefined, name: string): number {
  if (!tape) return 0;
  if (tape.segment === null) return tape.rows;
  const index = tape.segments.indexOf(name);
  let n = 0;
  for (let j = 0; j < tape.rows; j++) if (tape.segment[j] === index) n++;
  return n;
}

/**
 * Expected months in arrears and leavings a month per current account: the first-miss
 * hazard (from `missRate`, or from `pd` through the ladder: a miss ends in default with
 * probability Π r_k/(1 − s_k)) times the months an episode lasts (1 + Σ_k Π_{j<k} r_j ÷
 * (1 − s_k)), plus attrition. A book under a recession has more; the measured speed of a
 * cell's own run takes that in.
 */
function eventsPerAccountMonth(g: Segment, months: number): number {
  const { roll } = g.delinquency;
  const stay = g.delinquency.stay ?? [];
  let reach = 1;
  let monthsInArrears = 1;
  for (let k = 0; k < roll.length; k++) {
    const s = Math.min(stay[k] ?? 0, 0.99);
    monthsInArrears += reach / (1 - s);
    reach *= Math.min(1, roll[k] / (1 - s));
  }
  const pd = g.pd ?? 0.05;
  const miss = g.missRate ?? (1 - (1 - pd) ** (1 / 12)) / Math.max(reach, 0.05);
  // An instalment loan leaves at its last payment: once in its term, at most once in the horizon.
  const maturity = g.product === "instalment" ? Math.min(1, months / Math.max(1, g.termMonths ?? months)) / months : 0;
  return Math.min(1, miss) * monthsInArrears + (g.attrition ?? 0) + maturity;
}

/** The features of a run of `variants` (the base first) over `paths` paths, segments on loan tapes counted by their rows in `tapes`. */
export function runFeatures(variants: readonly Scenario[], tapes: Tapes = {}, paths = variants[0].simulation.paths): RunFeatures {
  const base = variants[0];
  const months = base.simulation.horizonMonths;
  const stepped = steppedSegments(variants);
  const f: RunFeatures = { fixed: 1, segments: 0, starts: 0, applicants: 0, events: 0, stepped: 0, pathMonths: 0 };
  for (const v of variants) {
    v.segments.forEach((g, si) => {
      // Applicants are scored and booked through the horizon: on the book half of it on average.
      const applicants = (g.originations?.perMonth ?? 0) * months;
      const accounts = (g.tape === undefined ? (g.accounts ?? 0) : rowsOf(tapes[g.tape], g.name)) + applicants / 2;
      f.segments += 1;
      f.applicants += paths * applicants;
      f.pathMonths += paths * months;
      if (stepped[si]) f.stepped += paths * accounts * months;
      else {
        f.starts += paths * accounts;
        f.events += paths * accounts * months * eventsPerAccountMonth(g, months);
      }
    });
  }
  return f;
}

/** CPU-seconds of a run with `features` on the calibration machine. */
export const costSeconds = (features: RunFeatures, cost: RunFeatures = COST): number =>
  (Object.keys(cost) as (keyof RunFeatures)[]).reduce((s, k) => s + cost[k] * features[k], 0);

/** CPU-seconds of a whole run of `variants` on the calibration machine: the work a run is. */
export const runWork = (variants: readonly Scenario[], tapes: Tapes = {}, paths?: number): number => costSeconds(runFeatures(variants, tapes, paths));

/**
 * Milliseconds a run of `work` calibration CPU-seconds takes on `workers` workers, each
 * `speed` times the calibration machine.
 */
export const estimateMs = (work: number, speed: number, workers: number): number => (work / (speed * Math.max(1, workers))) * 1000;

/**
 * Fewer paths, so that the run takes about ten seconds: a round number (1, 2 or 5 times a
 * power of ten), at least 100 and below `paths`.
 */
export function fewerPaths(paths: number, ms: number): number {
  const target = (paths * SHRUNK_MS) / ms;
  const power = 10 ** Math.floor(Math.log10(Math.max(1, target)));
  const round = [5, 2, 1].map((m) => m * power).find((n) => n <= target) ?? power;
  return Math.min(paths - 1, Math.max(MIN_PATHS, round));
}
