/**
 * A seasoning curve from a performance file's months on book (docs/model.md §13.5): the
 * first-miss hazard of each band of months on book over that of seasoned accounts, the
 * scenario's `seasoning.multipliers`.
 *
 * Each band's multiplier is the Mantel–Haenszel rate ratio of its account-months from C
 * against the seasoned ones (months on book at or past the curve's end), stratified by
 * calendar month: within one month every account shares the economy, so the ratio is the
 * engine's multiplier whatever the economy was (the engine multiplies the month's shifted
 * hazard, docs/model.md §3.4), and cohorts booked in good or bad times do not bias it. Its
 * 95% interval is on the log scale with the Greenland–Robins variance (Greenland & Robins
 * 1985, "Estimation of a common effect parameter from sparse follow-up data", Biometrics
 * 41:55–68), valid for many thin strata as for a few thick ones. Under the model an
 * account-month's miss is binomial given its month and age, so the interval is the
 * binomial one; it does not widen for a wrong band width.
 */
import { Z95, type Estimate } from "./interval.ts";
import { MOB_CAP, type SegmentCounts } from "./transitions.ts";

/** Months on book a band covers, and the longest curve fitted (the seasoned reference starts there or earlier). */
export const SEASONING_BAND = 6;
const LONGEST = 36;

export interface SeasoningBand extends Estimate {
  /** Months on book from, to (inclusive). */
  from: number;
  to: number;
  /** Account-months from C and misses in the band. */
  trials: number;
  events: number;
}

export interface SeasoningFit {
  bandMonths: number;
  bands: SeasoningBand[];
  /** Months on book from which account-months are the seasoned reference (multiplier 1). */
  seasonedAt: number;
  reference: { trials: number; events: number };
  /** Mean multiplier over the window's account-months from C (those without an age count as seasoned). */
  meanMultiplier: number;
  /** The same per from-month: what the back-test multiplies the seasoned hazard by. */
  monthMultiplier: number[];
}

/**
 * The curve, or null when no seasoned account-month missed (nothing to compare with).
 * `currentTrials[t]`: every account-month from C of from-month t, aged or not.
 */
export function fitSeasoning(aged: NonNullable<SegmentCounts["currentByAge"]>, currentTrials: number[]): SeasoningFit | null {
  const { trials, misses } = aged;
  const T = trials.length;
  const sumAges = (t: number, from: number, to: number, of: number[][]) => {
    let s = 0;
    for (let a = from; a <= Math.min(to, MOB_CAP); a++) s += of[t][a];
    return s;
  };
  let seasonedAt = LONGEST;
  const referenceEvents = (at: number) => Array.from({ length: T }, (_, t) => sumAges(t, at, MOB_CAP, misses)).reduce((a, b) => a + b, 0);
  while (seasonedAt > 0 && referenceEvents(seasonedAt) === 0) seasonedAt -= SEASONING_BAND;
  if (seasonedAt === 0) return null;
  const bands: SeasoningBand[] = [];
  for (let from = 0; from < seasonedAt; from += SEASONING_BAND) {
    const to = from + SEASONING_BAND - 1;
    let R = 0;
    let S = 0;
    let V = 0;
    let n = 0;
    let k = 0;
    for (let t = 0; t < T; t++) {
      const n1 = sumAges(t, from, to, trials);
      const a = sumAges(t, from, to, misses);
      const n2 = sumAges(t, seasonedAt, MOB_CAP, trials);
      const c = sumAges(t, seasonedAt, MOB_CAP, misses);
      n += n1;
      k += a;
      const N = n1 + n2;
      if (n1 === 0 || n2 === 0) continue;
      R += (a * n2) / N;
      S += (c * n1) / N;
      V += (n1 * n2 * (a + c) - a * c * N) / (N * N);
    }
    if (!(R > 0 && S > 0)) break; // the curve ends before a band with no miss, or no seasoned month beside it
    const value = R / S;
    const half = Z95 * Math.sqrt(V / (R * S));
    bands.push({ value, low: value * Math.exp(-half), high: value * Math.exp(half), from, to, trials: n, events: k });
  }
  if (bands.length === 0) return null;
  seasonedAt = bands.length * SEASONING_BAND;
  const multiplierOf = (age: number) => (age < seasonedAt ? bands[Math.floor(age / SEASONING_BAND)].value : 1);
  let weighted = 0;
  let all = 0;
  const monthMultiplier = Array.from({ length: T }, (_, t) => {
    let sum = 0;
    let aged = 0;
    for (let a = 0; a <= MOB_CAP; a++) {
      sum += trials[t][a] * multiplierOf(a);
      aged += trials[t][a];
    }
    const n = Math.max(currentTrials[t], aged);
    sum += n - aged; // account-months without an age: seasoned
    weighted += sum;
    all += n;
    return n > 0 ? sum / n : 1;
  });
  const reference = { trials: 0, events: 0 };
  for (let t = 0; t < T; t++) {
    reference.trials += sumAges(t, seasonedAt, MOB_CAP, trials);
    reference.events += sumAges(t, seasonedAt, MOB_CAP, misses);
  }
  return { bandMonths: SEASONING_BAND, bands, seasonedAt, reference, meanMultiplier: all > 0 ? weighted / all : 1, monthMultiplier };
}
