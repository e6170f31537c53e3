/**
 * Monthly transition counts of a performance file, per segment: for every account and every
 * pair of its rows one month apart, one count from the first row's state to the second's.
 * States are indexed C = 0, Dk = k, F = m + 1, P = m + 2 (m the file's deepest bucket).
 * Rows after an account's F or P, and pairs across a gap in an account's months, count
 * nothing (they are counted apart and named in a note). Counts are also kept per calendar
 * month (of the earlier row), for the correlation fit and the back-test.
 */
import { STATE_F, STATE_P, type Performance } from "../data/performance.ts";

export interface SegmentCounts {
  name: string;
  /** Deepest bucket m: states are C, D1..Dm, F, P. */
  buckets: number;
  /** counts[i][j]: account-months from state i to state j, over all months. */
  counts: number[][];
  /** First and last month with a transition (from-month), and the months in between. */
  firstMonth: number;
  months: number;
  /** byMonth[t][i][j]: the counts of from-month firstMonth + t. */
  byMonth: number[][][];
  /** Accounts with at least one row, and with at least one transition. */
  accounts: number;
  accountsObserved: number;
  /** Pairs not counted: after F or P, and across a gap of months. */
  afterExit: number;
  gaps: number;
  /** Rows of the last month, by state: the book as it stands at the end (C, D1..Dm, F, P). */
  lastMonth: number;
  lastStates: number[];
  /** Default rows (state F) with their account's last C row before: for LGD and CCF. */
  defaults: { row: number; reference: number }[];
  /**
   * Account-months from C with a known months on book (the earlier row's, capped at
   * `MOB_CAP`), per from-month t and months on book: trials[t][mob] and misses[t][mob] (to
   * D1 … or F). Null when the file has no months on book.
   */
  currentByAge: { trials: number[][]; misses: number[][] } | null;
}

/** Months on book past which account-months are pooled: ten years, far past any seasoning. */
export const MOB_CAP = 120;

/** State index in the counts of a stored state code. */
export const stateIndex = (code: number, m: number): number => (code === STATE_F ? m + 1 : code === STATE_P ? m + 2 : code);

/** Counts transitions per segment; `order` sorts rows by account, then month. */
export function countTransitions(perf: Performance): SegmentCounts[] {
  const n = perf.rows;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const { account, month, state } = perf;
  order.sort((a, b) => account[a] - account[b] || month[a] - month[b]);
  const m = perf.maxBucket;
  const size = m + 3;
  const segs = perf.segments.map((name) => ({
    name,
    first: Infinity,
    last: -Infinity,
    lastRowMonth: -Infinity,
    accounts: 0,
    observed: 0,
    afterExit: 0,
    gaps: 0,
    defaults: [] as { row: number; reference: number }[],
    pairs: [] as number[],
    aged: [] as number[],
  }));
  const ages = perf.monthsOnBook;
  // First pass: pairs as (from-month, i, j) triples, and each segment's month range.
  for (let s = 0; s < n; ) {
    const a = account[order[s]];
    let e = s;
    while (e < n && account[order[e]] === a) e++;
    const seg = segs[perf.segment[order[s]]];
    seg.accounts++;
    let counted = false;
    let exited = false;
    let lastCurrent = -1;
    for (let q = s; q < e; q++) {
      const row = order[q];
      seg.lastRowMonth = Math.max(seg.lastRowMonth, month[row]);
      const here = stateIndex(state[row], m);
      if (here === 0) lastCurrent = row;
      if (here === m + 1 && !exited) seg.defaults.push({ row, reference: lastCurrent });
      if (q + 1 === e) break;
      const next = order[q + 1];
      if (exited || here >= m + 1) {
        exited = true;
        seg.afterExit++;
        continue;
      }
      if (month[next] !== month[row] + 1) {
        seg.gaps++;
        continue;
      }
      const to = stateIndex(state[next], m);
      seg.pairs.push(month[row], here, to);
      if (here === 0 && ages[row] >= 0) seg.aged.push(month[row], Math.min(ages[row], MOB_CAP), to >= 1 && to <= m + 1 ? 1 : 0);
      seg.first = Math.min(seg.first, month[row]);
      seg.last = Math.max(seg.last, month[row]);
      counted = true;
    }
    if (counted) seg.observed++;
    s = e;
  }
  return segs.map((seg, si) => {
    const months = seg.last >= seg.first ? seg.last - seg.first + 1 : 0;
    const counts = square(size);
    const byMonth = Array.from({ length: months }, () => square(size));
    for (let k = 0; k < seg.pairs.length; k += 3) {
      counts[seg.pairs[k + 1]][seg.pairs[k + 2]]++;
      byMonth[seg.pairs[k] - seg.first][seg.pairs[k + 1]][seg.pairs[k + 2]]++;
    }
    let currentByAge: SegmentCounts["currentByAge"] = null;
    if (seg.aged.length > 0) {
      const grid = () => Array.from({ length: months }, () => new Array<number>(MOB_CAP + 1).fill(0));
      currentByAge = { trials: grid(), misses: grid() };
      for (let k = 0; k < seg.aged.length; k += 3) {
        currentByAge.trials[seg.aged[k] - seg.first][seg.aged[k + 1]]++;
        currentByAge.misses[seg.aged[k] - seg.first][seg.aged[k + 1]] += seg.aged[k + 2];
      }
    }
    const lastStates = new Array<number>(size).fill(0);
    for (let i = 0; i < n; i++) {
      if (perf.segment[i] === si && month[i] === seg.lastRowMonth) lastStates[stateIndex(state[i], m)]++;
    }
    return {
      name: seg.name,
      buckets: m,
      counts,
      firstMonth: seg.first,
      months,
      byMonth,
      accounts: seg.accounts,
      accountsObserved: seg.observed,
      afterExit: seg.afterExit,
      gaps: seg.gaps,
      lastMonth: seg.lastRowMonth,
      lastStates,
      defaults: seg.defaults,
      currentByAge,
    };
  });
}

const square = (size: number): number[][] => Array.from({ length: size }, () => new Array<number>(size).fill(0));
