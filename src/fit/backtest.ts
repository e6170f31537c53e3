/**
 * The back-test: each month, the accounts observed in C, D1..Dm at its start are carried
 * one month by the fitted chain, and what the chain expects (defaults, and the shares of
 * the next month's accounts in each bucket) is set against what happened. One month ahead,
 * from the observed states, so an error does not compound and each month is a test of the
 * chain's rates alone.
 *
 * Bands: a month's count of defaults (or of accounts in Dk) is a sum of binomials, one per
 * starting state i with n_i accounts and the chain's probability P_i of that move, so its
 * variance is V = Σ_i n_i P_i (1 − P_i) and the 95% band of the share is p ± 1.96·√V/n.
 * Goodness of fit: the χ² test of Anderson & Goodman (1957, "Statistical inference about
 * Markov chains", §3.3) that the chain's rates hold in every month: for each month t and
 * state i, Pearson's Σ_j (n_tij − n_ti p_ij)² / (n_ti p_ij) over the moves the chain has
 * (from C: miss, close, stay; from Dk: roll, stay, cure, as folded in `rates.ts`), summed,
 * on (T − 1) · Σ_i (moves_i − 1) degrees of freedom (the pooled rates take the rest). Its
 * p-value by the Wilson–Hilferty cube-root normal approximation. A persistent economy, which
 * the chain averages over, makes the monthly rates vary and the χ² large: the back-test
 * shows the variation that the correlation fit then measures.
 */
import { Phi } from "../math/normal.ts";
import { step, type Ladder } from "./chain.ts";
import { Z95 } from "./interval.ts";
import type { SegmentCounts } from "./transitions.ts";

export interface BacktestMonth {
  /** The month the accounts were observed in at the start (the transition's from-month). */
  month: number;
  accounts: number;
  defaults: { observed: number; fitted: number; low: number; high: number };
  /** Shares of D1..Dm among the accounts a month on. */
  buckets: { observed: number; fitted: number; low: number; high: number }[];
}

export interface Backtest {
  months: BacktestMonth[];
  /** Anderson–Goodman χ² of the monthly moves against the fitted chain, its degrees of freedom and p-value. */
  chi2: number;
  df: number;
  pValue: number;
  /** Months whose default rate, or any bucket share, is outside its band. */
  outside: { month: number; what: string }[];
}

function band(observed: number, fitted: number, n: number, variance: number) {
  const half = (Z95 * Math.sqrt(variance)) / n;
  return { observed, fitted, low: Math.max(0, fitted - half), high: Math.min(1, fitted + half) };
}

/** Upper tail of χ²_df at x, Wilson & Hilferty (1931). */
export function chiSquareTail(x: number, df: number): number {
  if (df <= 0) return NaN;
  const z = (Math.cbrt(x / df) - (1 - 2 / (9 * df))) / Math.sqrt(2 / (9 * df));
  return 1 - Phi(z);
}

/**
 * `seasoning[t]`, when given, is the mean seasoning multiplier of month t's accounts in C
 * (seasoning.ts): their miss hazard is the seasoned one times it (exact for the expected
 * count; the variance takes the month's accounts at their mean hazard).
 */
export function backtest(c: SegmentCounts, seasonedLadder: Ladder, attrition: number, seasoning?: number[]): Backtest {
  const m = c.buckets;
  const months: BacktestMonth[] = [];
  const outside: { month: number; what: string }[] = [];
  let chi2 = 0;
  const movesOf = new Array<number>(m + 1).fill(0);
  const monthsOf = new Array<number>(m + 1).fill(0);
  for (let t = 0; t < c.months; t++) {
    const counts = c.byMonth[t];
    const start = new Float64Array(m + 2);
    const next = new Array<number>(m + 3).fill(0);
    let n = 0;
    for (let i = 0; i <= m; i++) {
      for (let j = 0; j < m + 3; j++) {
        start[i] += counts[i][j];
        next[j] += counts[i][j];
      }
      n += start[i];
    }
    if (n === 0) continue;
    const ladder = seasoning ? { ...seasonedLadder, miss: Math.min(1, seasonedLadder.miss * seasoning[t]) } : seasonedLadder;
    // The chain's step drops attrition into P, which is neither a bucket nor a default.
    const expected = step(start, ladder, attrition);
    const variance = new Float64Array(m + 2);
    for (let i = 0; i <= m; i++) {
      if (start[i] === 0) continue;
      const one = new Float64Array(m + 2);
      one[i] = 1;
      const moves = step(one, ladder, attrition);
      for (let j = 0; j < m + 2; j++) variance[j] += start[i] * moves[j] * (1 - moves[j]);
    }
    const month = c.firstMonth + t;
    const defaults = band(next[m + 1] / n, expected[m + 1] / n, n, variance[m + 1]);
    for (let i = 0; i <= m; i++) {
      if (start[i] === 0) continue;
      const { observed, probabilities } = folded(counts[i], i, ladder, attrition);
      let moves = 0;
      probabilities.forEach((p, j) => {
        if (p <= 0) return;
        moves++;
        chi2 += (observed[j] - start[i] * p) ** 2 / (start[i] * p);
      });
      movesOf[i] = Math.max(movesOf[i], moves);
      monthsOf[i]++;
    }
    const buckets = [];
    for (let k = 1; k <= m; k++) buckets.push(band(next[k] / n, expected[k] / n, n, variance[k]));
    const out = (b: { observed: number; low: number; high: number }) => b.observed < b.low - 1e-12 || b.observed > b.high + 1e-12;
    if (out(defaults)) outside.push({ month, what: "default rate" });
    buckets.forEach((b, k) => {
      if (out(b)) outside.push({ month, what: `D${k + 1} share` });
    });
    months.push({ month, accounts: n, defaults, buckets });
  }
  const df = movesOf.reduce((d, k, i) => d + Math.max(0, monthsOf[i] - 1) * Math.max(0, k - 1), 0);
  return { months, chi2, df, pValue: chiSquareTail(chi2, df), outside };
}

/** A month's moves out of state i, folded as the cohort rates fold them, with the chain's probabilities. */
function folded(row: number[], i: number, ladder: Ladder, attrition: number) {
  const m = ladder.roll.length;
  const P = m + 2;
  const sum = (a: number, b: number) => row.slice(a, b).reduce((s, x) => s + x, 0);
  if (i === 0) {
    const h = ladder.miss;
    return { observed: [sum(1, m + 2), row[P], row[0]], probabilities: [h, (1 - h) * attrition, (1 - h) * (1 - attrition)] };
  }
  const r = ladder.roll[i - 1];
  const st = ladder.stay[i - 1];
  return { observed: [sum(i + 1, m + 2), row[i], sum(0, i) + row[P]], probabilities: [r, st, 1 - r - st] };
}
