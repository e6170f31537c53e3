/**
 * `creditlab fit`: per segment of a performance file, the cohort rates of the ladder, the
 * fitted chain's pd, the asset correlation where 24 months or more allow it, LGD and CCF
 * where the default rows carry `loss`, `ead` and `limit`, and the back-test. Pure: a read
 * file in, plain data out (`fitScenario.ts` writes the scenario, `fitReport.ts` the text).
 */
import type { Performance } from "../data/performance.ts";
import { backtest, type Backtest } from "./backtest.ts";
import { pdEstimate, type Ladder } from "./chain.ts";
import { fitCorrelation, MIN_MONTHS, type CorrelationFit } from "./correlation.ts";
import { meanInterval, type Estimate } from "./interval.ts";
import { cohortRates, type Rates } from "./rates.ts";
import { countTransitions, type SegmentCounts } from "./transitions.ts";

export interface SegmentFit {
  name: string;
  counts: SegmentCounts;
  rates: Rates;
  ladder: Ladder;
  pd: Estimate;
  correlation: CorrelationFit | null;
  lgd: (Estimate & { sd: number }) | null;
  ccf: (Estimate & { sd: number }) | null;
  backtest: Backtest;
  /** The book at the last month: accounts in C and D1..Dm, and their balances and limits. */
  book: { accounts: number; balances: number[]; limits: number[]; bucketShares: number[] };
  notes: string[];
}

export interface Fit {
  segments: SegmentFit[];
  monthFormat: Performance["monthFormat"];
  /** Segments left out (no account observed twice), with why. */
  skipped: string[];
}

export function fitPerformance(perf: Performance): Fit {
  const segments: SegmentFit[] = [];
  const skipped: string[] = [];
  for (const counts of countTransitions(perf)) {
    const rates = cohortRates(counts);
    const m = counts.buckets;
    const thin = rates.fromBucket.map((n, k) => (n === 0 ? `D${k + 1}` : "")).filter(Boolean);
    if (rates.fromCurrent === 0 || thin.length > 0) {
      skipped.push(
        `segment ${JSON.stringify(counts.name)}: no account is seen a month after being in ${rates.fromCurrent === 0 ? "C" : thin.join(", ")}; ` +
          "each state needs account-months followed by the next month's row",
      );
      continue;
    }
    const notes: string[] = [];
    const ladder: Ladder = { miss: rates.miss.value, roll: rates.roll.map((r) => r.value), stay: rates.stay.map((s) => s.value) };
    const pd = pdEstimate(ladder, rates.fromCurrent, rates.fromBucket);
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
    const { lgd, ccf } = lossGivenDefault(perf, counts, notes);
    if (counts.afterExit > 0) notes.push(`${counts.afterExit} rows after an account's F or P not counted`);
    if (counts.gaps > 0) notes.push(`${counts.gaps} pairs of rows more than a month apart not counted`);
    segments.push({
      name: counts.name,
      counts,
      rates,
      ladder,
      pd,
      correlation,
      lgd,
      ccf,
      backtest: backtest(counts, ladder, rates.attrition.value),
      book: lastBook(perf, counts),
      notes,
    });
  }
  return { segments, monthFormat: perf.monthFormat, skipped };
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
