/**
 * How long a run will take, estimated before it starts from the size of the work: account
 * slots × periods × paths × variants, over a rate of account-periods a second per worker.
 * The rate is the one this page measured on its last finished run, or a cautious default
 * before any. A run estimated to take longer than `ASK_ABOVE_MS` asks first.
 */
import type { Tape } from "../../data/tape.ts";
import type { Tapes } from "../../data/tapes.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { steppedSegments } from "../../engine/model.ts";

/**
 * What an account-period of a segment stepped month by month costs against one drawn in
 * closed form (docs/model.md §10): `npm run bench` gives 20M a CPU-second for its behaviour
 * book against 276M for the same book in closed form, and the library's stepped notebooks
 * run at 16M a second a worker. Counted into the work, the measured rate carries over from
 * one kind of run to the other.
 */
const STEPPED_COST = 12;

/**
 * Account-periods a second one worker is assumed to simulate before the page has measured
 * its own: about a third of what `npm run bench` reports for its bench book on one Node
 * worker (250–300M a second), to err long on books with more events.
 */
export const DEFAULT_RATE = 100e6;
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
 * Account-periods of a whole run of `variants` (the base first): every path, every variant
 * (applicants count from the middle of the horizon on average). A segment on a loan tape
 * counts its rows in `tapes`; a segment stepped month by month (in any variant, and so in
 * all) counts STEPPED_COST times.
 */
export function runWork(variants: readonly Scenario[], tapes: Tapes = {}): number {
  const s = variants[0];
  const periods = s.simulation.horizonMonths / s.simulation.periodMonths;
  const stepped = steppedSegments(variants);
  const accounts = s.segments.reduce(
    (n, seg, si) =>
      n +
      (stepped[si] ? STEPPED_COST : 1) *
        ((seg.tape === undefined ? (seg.accounts ?? 0) : rowsOf(tapes[seg.tape], seg.name)) + ((seg.originations?.perMonth ?? 0) * s.simulation.horizonMonths) / 2),
    0,
  );
  return accounts * periods * s.simulation.paths * variants.length;
}

/** Milliseconds a run of `work` account-periods takes at `ratePerWorker` on `workers` workers. */
export const estimateMs = (work: number, ratePerWorker: number, workers: number): number => (work / (ratePerWorker * Math.max(1, workers))) * 1000;

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
