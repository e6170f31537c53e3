/**
 * `creditlab fit`: per segment of a performance file, the cohort rates of the ladder, the
 * miss rate through the cycle with an interval that knows the months share one economy
 * (`cycle.ts`), the fitted chain's pd through the cycle beside the window's own, the asset
 * correlation where 24 months or more allow it, LGD and CCF where the default rows carry
 * `loss`, `ead` and `limit`, and the back-test. Pure: a read file in, plain data out
 * (`fitScenario.ts` writes the scenario, `fitReport.ts` the text).
 */
import type { Performance } from "../data/performance.ts";
import { backtest, type Backtest } from "./backtest.ts";
import { absorption, absorptionThroughCycle, pdEstimate, type Economy, type Ladder } from "./chain.ts";
import { fitCorrelation, MIN_MONTHS, type CorrelationFit } from "./correlation.ts";
import { cycleMiss, pdInterval, windowEconomy, type CycleMiss } from "./cycle.ts";
import { meanInterval, type Estimate } from "./interval.ts";
import { cohortRates, type Rates } from "./rates.ts";
import { fitSeasoning, type SeasoningFit } from "./seasoning.ts";
import { countTransitions, type SegmentCounts } from "./transitions.ts";

/** The scenario's defaults where the window cannot estimate ρ or the persistence (public/scenario-format.md). */
export const DEFAULT_CORRELATION = 0.04;
export const DEFAULT_PERSISTENCE = 0.9;

export interface SegmentFit {
  name: string;
  counts: SegmentCounts;
  /** `rates.miss` is the through-the-cycle miss hazard (`cycle.ts`); the others are the window's cohort rates. */
  rates: Rates & { missWindow: Estimate };
  /** The window's rates (pooled miss), which the back-test tests. */
  ladder: Ladder;
  /** The through-the-cycle rates: the scenario's. */
  ladderCycle: Ladder;
  /** 12-month default probability through the cycle (the economy integrated over its stationary law), the scenario's `pd`. */
  pd: Estimate;
  /** True when no path to default was observed: `pd` is then its 95% upper bound (docs/model.md §13.2). */
  pdUpperBound: boolean;
  /** The chain at the window's pooled rates: the window's own 12-month default probability. */
  pdWindow: Estimate;
  /** The economy `pd` integrated over, and the window's mean economy as the miss rates show it (null without ρ > 0). */
  economy: Economy & { windowMean: { mean: number; sd: number } | null };
  correlation: CorrelationFit | null;
  lgd: (Estimate & { sd: number }) | null;
  ccf: (Estimate & { sd: number }) | null;
  backtest: Backtest;
  /**
   * The seasoning curve (seasoning.ts) when the file gives months on book, else null. With
   * a curve the miss rates (window and through the cycle) and pd are a seasoned account's:
   * the pooled rate over the window's mean multiplier.
   */
  seasoning: SeasoningFit | null;
  /** Median months on book of the accounts in C or D at the last month (null: not given). */
  monthsOnBook: number | null;
  /** The book at the last month: accounts in C and D1..Dm, and their balances and limits. */
  book: { accounts: number; balances: number[]; limits: number[]; bucketShares: number[] };
  notes: string[];
}

export interface Fit {
  segments: SegmentFit[];
  /** The scenario's one economy: its monthly persistence, from the segment with most account-months from C, or the default. */
  persistence: { value: number; from: string | null };
  monthFormat: Performance["monthFormat"];
  /** Segments left out (no account observed twice), with why. */
  skipped: SkippedSegment[];
}

/** A segment `fit` cannot estimate: where it first appears, what is missing, what would do. */
export interface SkippedSegment {
  segment: string;
  /** The file row where the segment first appears. */
  row: number;
  what: string;
  allowed: string;
}

/** A skipped segment as an error line of the file (INTERFACE.md: `FILE:ROW:COLUMN: …; allowed: …`). */
export const skippedLine = (file: string, s: SkippedSegment): string => `${file}:${s.row}:segment: ${s.what}; allowed: ${s.allowed}`;

export function fitPerformance(perf: Performance): Fit {
  const fitted: Omit<SegmentFit, "rates" | "ladderCycle" | "pd" | "pdUpperBound" | "economy">[] = [];
  const cycle: { rates: SegmentFit["rates"]; missEvents: number[]; missTrials: number[]; through: CycleMiss | null }[] = [];
  const skipped: SkippedSegment[] = [];
  for (const counts of countTransitions(perf)) {
    const rates = cohortRates(counts);
    const m = counts.buckets;
    const thin = rates.fromBucket.map((n, k) => (n === 0 ? `D${k + 1}` : "")).filter(Boolean);
    if (rates.fromCurrent === 0 || thin.length > 0) {
      skipped.push({
        segment: counts.name,
        row: perf.segmentRows[perf.segments.indexOf(counts.name)],
        what: `segment ${JSON.stringify(counts.name)} is not fitted: no account is seen a month after being in ${rates.fromCurrent === 0 ? "C" : thin.join(", ")}`,
        allowed: "each state followed, for some account, by that account's row of the next month",
      });
      continue;
    }
    const notes: string[] = [];
    const currentTrials = counts.byMonth.map((month) => month[0].reduce((s, x) => s + x, 0));
    const seasoning = counts.currentByAge ? fitSeasoning(counts.currentByAge, currentTrials) : null;
    if (counts.currentByAge && seasoning === null) notes.push("seasoning not estimated: no miss among account-months past 6 months on book, or none in the first band");
    // With a curve every miss rate is a seasoned account's: the pooled one over the window's mean multiplier (docs/model.md §13.5).
    const seasoned = seasoning ? 1 / seasoning.meanMultiplier : 1;
    if (seasoning) rates.miss = scaled(rates.miss, seasoned);
    const ladder: Ladder = { miss: rates.miss.value, roll: rates.roll.map((r) => r.value), stay: rates.stay.map((s) => s.value) };
    const pdWindow = pdEstimate(ladder, rates.fromCurrent, rates.fromBucket);
    const missEvents: number[] = [];
    const missTrials: number[] = [];
    for (const month of counts.byMonth) {
      const row = month[0];
      missTrials.push(row.reduce((s, x) => s + x, 0));
      missEvents.push(row.slice(1, m + 2).reduce((s, x) => s + x, 0));
    }
    const correlation = counts.months >= MIN_MONTHS ? fitCorrelation(missEvents, missTrials) : null;
    if (correlation === null) notes.push(`ρ not estimated: ${counts.months} months of transitions, ${MIN_MONTHS} needed`);
    else if (correlation.note) notes.push(correlation.note);
    const through = cycleMiss(missEvents, missTrials);
    const miss = through ? { ...scaled(through.miss, seasoned), events: rates.miss.events, trials: rates.miss.trials } : rates.miss;
    if (through === null) notes.push("miss rate's interval is the binomial one (Wilson): no miss, or a single month, leaves nothing to measure the economy by");
    cycle.push({ rates: { ...rates, miss, missWindow: rates.miss }, missEvents, missTrials, through });
    const { lgd, ccf } = lossGivenDefault(perf, counts, notes);
    if (counts.afterExit > 0) notes.push(`${counts.afterExit} rows after an account's F or P not counted`);
    if (counts.gaps > 0) notes.push(`${counts.gaps} pairs of rows more than a month apart not counted`);
    fitted.push({
      name: counts.name,
      counts,
      ladder,
      pdWindow,
      correlation,
      lgd,
      ccf,
      backtest: backtest(counts, ladder, rates.attrition.value, seasoning?.monthMultiplier),
      seasoning,
      monthsOnBook: lastAge(perf, counts),
      book: lastBook(perf, counts),
      notes,
    });
  }
  // One economy for the scenario: the persistence of the segment with most account-months from C.
  const main = fitted.reduce<number>((a, s, i) => (a < 0 || cycle[i].rates.fromCurrent > cycle[a].rates.fromCurrent ? i : a), -1);
  const mainCorrelation = main >= 0 ? fitted[main].correlation : null;
  const persistence = mainCorrelation ? { value: Math.min(0.98, mainCorrelation.persistence), from: fitted[main].name } : { value: DEFAULT_PERSISTENCE, from: null };
  const segments = fitted.map((s, i): SegmentFit => {
    const { rates, missEvents, missTrials, through } = cycle[i];
    const rho = s.correlation ? Math.min(0.99, s.correlation.rho) : DEFAULT_CORRELATION;
    // The scenario leaves the roll correlation at its default, the segment's ρ; the pd integrates as the engine will.
    const economy: Economy = { rho, rollRho: rho, persistence: persistence.value };
    const ladderCycle: Ladder = { ...s.ladder, miss: rates.miss.value };
    const observed = pdThroughCycle(ladderCycle, economy, rates, through);
    const bound = observed.value > 0 ? null : upperBound(ladderCycle, economy, rates);
    const pd = bound ?? observed;
    const windowMean = s.correlation && s.correlation.rho > 0 ? windowEconomy(missEvents, missTrials, s.correlation.rho, s.correlation.persistence) : null;
    const notes = [...s.notes];
    if (bound) {
      notes.push(
        `no default path observed (${rates.miss.events} misses in ${rates.miss.trials} account-months from C): pd is written as its 95% upper bound ${formatRate(bound.value)}, ` +
          "the chain at the upper limits of the rates observed as 0, a most prudent estimate (Pluto & Tasche 2005); a pd of 0 cannot be simulated",
      );
    }
    if (windowMean === null || Math.abs(windowMean.mean) <= windowMean.sd || s.counts.months < MIN_MONTHS) {
      notes.push(
        `the window cannot tell its economy from the average one (${windowMean ? `mean factor ${windowMean.mean.toFixed(2)} ± ${windowMean.sd.toFixed(2)}` : "no factor estimated"}): ` +
          `pd through the cycle ${formatRate(pd.value)} and the window's own ${formatRate(s.pdWindow.value)} differ by the integration over the economy and the miss rate's estimate, not by an economy the window saw; the interval through the cycle is what the window says about the cycle`,
      );
    }
    return { ...s, rates, ladderCycle, pd, pdUpperBound: bound !== null, economy: { ...economy, windowMean }, notes };
  });
  return { segments, persistence, monthFormat: perf.monthFormat, skipped };
}

const formatRate = (x: number) => x.toFixed(4);

/**
 * pd through the cycle with its interval: the economy's share (the miss hazard, ρ, the
 * persistence and the roll rates' move with the economy, from the posterior of `cycle.ts`,
 * by `pdInterval`) and the roll and stay rates' binomial share (the delta method of
 * `pdEstimate` with the miss rate held), added in quadrature on the logit scale, each side
 * apart. Without a posterior (no miss, one month), the window pd's delta-method interval.
 */
function pdThroughCycle(ladder: Ladder, economy: Economy, rates: Rates, through: CycleMiss | null): Estimate {
  const pd = absorptionThroughCycle(ladder, economy);
  if (!(pd > 0 && pd < 1)) return { value: pd, low: pd, high: pd };
  const logit = (p: number) => Math.log(p / (1 - p));
  const inv = (x: number) => 1 / (1 + Math.exp(-x));
  const clamp = (p: number) => logit(Math.min(1 - 1e-15, Math.max(1e-15, p)));
  if (through === null) {
    const window = pdEstimate(ladder, rates.fromCurrent, rates.fromBucket);
    const half = logit(window.high) - logit(absorption(ladder));
    return { value: pd, low: inv(logit(pd) - half), high: inv(logit(pd) + half) };
  }
  const drawn = pdInterval(through, ladder);
  const down = Math.max(0, logit(pd) - clamp(drawn.low));
  const up = Math.max(0, clamp(drawn.high) - logit(pd));
  const binomial = pdEstimate(ladder, 0, rates.fromBucket);
  const half = logit(binomial.high) - logit(absorption(ladder));
  return { value: pd, low: inv(logit(pd) - Math.hypot(down, half)), high: inv(logit(pd) + Math.hypot(up, half)) };
}

/**
 * A history with no path to default (no miss, or no roll out of some bucket) gives a pd of
 * 0, which no scenario can hold. Each rate on the path observed as 0 is taken at its
 * Wilson 95% upper limit and the chain through the cycle gives the upper bound of pd: the
 * "most prudent estimation" of low-default portfolios (Pluto & Tasche 2005), as prudent as
 * the data allow and no more.
 */
function upperBound(ladder: Ladder, economy: Economy, rates: Rates): Estimate {
  const upper: Ladder = {
    miss: ladder.miss > 0 ? ladder.miss : rates.miss.high,
    roll: ladder.roll.map((r, k) => (r > 0 ? r : Math.min(rates.roll[k].high, 1 - ladder.stay[k]))),
    stay: ladder.stay,
  };
  const high = absorptionThroughCycle(upper, economy);
  return { value: high, low: 0, high };
}

/** LGD = loss/ead on default rows; CCF = (ead − B)/(L − B) against the last current row's B and L. */
function lossGivenDefault(perf: Performance, counts: SegmentCounts, notes: string[]) {
  const lgds: number[] = [];
  const ccfs: number[] = [];
  for (const { row, reference } of counts.defaults) {
    const ead = perf.ead[row];
    const loss = perf.loss[row];
    if (ead > 0 && loss >= 0) lgds.push(Math.min(1, loss / ead));
    if (reference >= 0 && ead >= 0) {
      const b = perf.balance[reference];
      const l = perf.limit[reference];
      // Outside [0, 1] the conversion is floored and capped, as is usual for CCF estimates.
      if (l > b) ccfs.push(Math.min(1, Math.max(0, (ead - b) / (l - b))));
    }
  }
  const lgd = lgds.length >= 2 ? meanInterval(lgds) : null;
  const ccf = ccfs.length >= 2 ? meanInterval(ccfs) : null;
  if (lgd === null) notes.push("LGD not estimated: fewer than 2 default rows with ead > 0 and loss");
  if (ccf === null) notes.push("CCF not estimated: fewer than 2 defaults with ead and an earlier current row with limit above balance");
  return { lgd, ccf };
}

/** A rate times k, its interval with it (the seasoned rate from the pooled one). */
function scaled(e: Estimate, k: number): Estimate {
  return k === 1 ? e : { ...e, value: e.value * k, low: e.low * k, high: e.high * k };
}

/** Median months on book of the segment's accounts in C or D at the last month; null when none is given. */
function lastAge(perf: Performance, counts: SegmentCounts): number | null {
  if (counts.currentByAge === null) return null;
  const segment = perf.segments.indexOf(counts.name);
  const ages: number[] = [];
  for (let i = 0; i < perf.rows; i++) {
    if (perf.segment[i] === segment && perf.month[i] === counts.lastMonth && perf.state[i] <= counts.buckets && perf.monthsOnBook[i] >= 0) ages.push(perf.monthsOnBook[i]);
  }
  if (ages.length === 0) return null;
  ages.sort((a, b) => a - b);
  return ages[Math.floor((ages.length - 1) / 2)];
}

function lastBook(perf: Performance, counts: SegmentCounts) {
  const m = counts.buckets;
  const balances: number[] = [];
  const limits: number[] = [];
  const segment = perf.segments.indexOf(counts.name);
  for (let i = 0; i < perf.rows; i++) {
    if (perf.segment[i] !== segment || perf.month[i] !== counts.lastMonth || perf.state[i] > m) continue;
    balances.push(perf.balance[i]);
    if (perf.limit[i] > 0) limits.push(perf.limit[i]);
  }
  const active = counts.lastStates.slice(0, m + 1).reduce((s, x) => s + x, 0);
  return { accounts: active, balances, limits, bucketShares: counts.lastStates.slice(1, m + 1).map((x) => (active > 0 ? x / active : 0)) };
}
