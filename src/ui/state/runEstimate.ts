/**
 * How long a run will take, estimated before it starts from the size of the work: account
 * slots × periods × paths × variants, over a rate of account-periods a second per worker.
 * The rate is the one this page measured on its last finished run, or a cautious default
 * before any. A run estimated to take longer than `ASK_ABOVE_MS` asks first.
 */
import type { Scenario } from "../../scenario/schema.ts";

/**
 * Account-periods a second one worker is assumed to simulate before the page has measured
 * its own: about half of what `npm run bench` reports on one Node worker, to err long.
 */
export const DEFAULT_RATE = 20e6;
/** Runs estimated to take longer than this, in milliseconds, ask before they start. */
export const ASK_ABOVE_MS = 30_000;
/** What a shrunk run aims at, in milliseconds. */
const SHRUNK_MS = 10_000;
/** Fewest paths a shrunk run keeps. */
const MIN_PATHS = 100;

/** Account-periods of a whole run: every path, every variant (applicants count from the middle of the horizon on average). */
export function runWork(s: Scenario): number {
  const periods = s.simulation.horizonMonths / s.simulation.periodMonths;
  const accounts = s.segments.reduce((n, seg) => n + (seg.accounts ?? 0) + ((seg.originations?.perMonth ?? 0) * s.simulation.horizonMonths) / 2, 0);
  return accounts * periods * s.simulation.paths * (1 + s.variants.length);
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
