/**
 * A securitization's cash waterfall over one path's pool flows (docs/model.md §9.3): pure,
 * period by period, no randomness. The order of payments follows a
 * credit card master trust (National City Credit Card Master Note Trust, Series 2005-1,
 * prospectus supplement, SEC file 333-126628, 2005): the investor interest takes a floating
 * share of finance charges (recoveries counted with them) and of charge-offs; in the
 * revolving period its share of principal collections buys new receivables, afterwards a
 * share fixed when amortization begins pays the notes; excess finance charges cover the
 * investor's charge-offs, reimburse earlier write-downs, fill the reserve account, and the
 * rest goes back to the seller. An amortizing deal is the same with no revolving period.
 *
 * Amounts are currency; the notes, senior first, are `notes`; for note k and period t
 * (1..T) the outputs sit at [k·T + t − 1].
 */

export interface NoteSpec {
  name: string;
  /** Share of the investor interest at the start; the notes' shares sum to 1. */
  size: number;
  /** Coupon a year on the note's balance at the period's start. */
  coupon: number;
}

export interface DealSpec {
  kind: "masterTrust" | "amortizing";
  /** The investor interest at the start as a share of the pool's starting balance. */
  investedShare: number;
  /** Periods of the revolving period (0 for an amortizing deal). */
  revolvingPeriods: number;
  principal: "sequential" | "proRata";
  /** Servicing fee a year on the investor interest at the period's start. */
  servicingFee: number;
  notes: NoteSpec[];
  /** The reserve account: its balance at closing and its target, shares of the investor interest at the start. */
  reserve: { initial: number; target: number };
  /**
   * Early amortization when the annualized excess spread averaged over three months falls
   * below `excessSpread`, or the pool's cumulative charge-offs over its starting balance
   * exceed `cumulativeDefaults`; null: no such trigger.
   */
  triggers: { excessSpread: number | null; cumulativeDefaults: number | null };
  periodMonths: number;
}

/** One path's pool, period by period (t = 1..T at index t − 1; the balance has T + 1 entries). */
export interface PoolFlows {
  /** balance[0]: the pool's principal balance at the start; balance[t]: at the end of period t. */
  balance: Float64Array;
  /** Interest and fees collected in the period (finance charge collections). */
  finance: Float64Array;
  /** Principal collected in the period. */
  principal: Float64Array;
  /** Principal charged off in the period (the defaulted receivables' loss). */
  defaults: Float64Array;
  /** Recoveries on charged-off receivables, collected in the period (treated as finance charges). */
  recoveries: Float64Array;
}

export interface DealPath {
  periods: number;
  /** Per note and period: interest paid, principal paid, principal written down net of reinstatements, balance at the period's end. */
  interest: Float64Array;
  principal: Float64Array;
  loss: Float64Array;
  balance: Float64Array;
  /** Per period: annualized excess spread on the investor interest, the reserve at the period's end, 1 while notes amortize, 1 once a trigger has hit. */
  excessSpread: Float64Array;
  reserve: Float64Array;
  amortizing: Float64Array;
  triggered: Float64Array;
}

export function emptyDealPath(notes: number, periods: number): DealPath {
  const per = () => new Float64Array(notes * periods);
  const one = () => new Float64Array(periods);
  return { periods, interest: per(), principal: per(), loss: per(), balance: per(), excessSpread: one(), reserve: one(), amortizing: one(), triggered: one() };
}

/** Periods in the excess spread's three-month average: at least one. */
export const averagingPeriods = (periodMonths: number): number => Math.max(1, Math.round(3 / periodMonths));

/**
 * Runs the deal on one path's pool flows, writing into `out` (allocated when absent).
 * Order of each period's finance charges: 1 servicing fee; 2 interest, senior first (unpaid
 * interest carried to the next period); 3 the investor default amount, moved to principal;
 * 4 reinstatement of earlier write-downs, senior first, moved to principal; 5 the reserve up to
 * its target; 6 the rest to the seller. The reserve pays what 1–3 lack; a default amount still
 * uncovered writes the notes down, junior first.
 */
export function runWaterfall(deal: DealSpec, pool: PoolFlows, out?: DealPath): DealPath {
  const T = pool.finance.length;
  const N = deal.notes.length;
  const o = out ?? emptyDealPath(N, T);
  const perYear = deal.periodMonths / 12;
  const B0 = pool.balance[0];
  const invested0 = deal.investedShare * B0;
  const bal = deal.notes.map((n) => n.size * invested0);
  const writtenDown = new Array<number>(N).fill(0);
  const owed = new Array<number>(N).fill(0);
  let reserve = deal.reserve.initial * invested0;
  const target = deal.reserve.target * invested0;
  const window = averagingPeriods(deal.periodMonths);
  const spreads: number[] = [];
  let cumulativeDefaults = 0;
  let triggered = false;
  // The fixed allocation percentage of principal once amortization starts (null while revolving).
  let fixed: number | null = deal.kind === "amortizing" || deal.revolvingPeriods === 0 ? deal.investedShare : null;
  let sequential = deal.principal === "sequential";

  for (let t = 1; t <= T; t++) {
    const i = t - 1;
    const invested = sum(bal);
    const start = pool.balance[i];
    const floating = start > 0 ? Math.min(1, invested / start) : 0;
    const amortizing = fixed !== null;
    let available = floating * (pool.finance[i] + pool.recoveries[i]);
    const finance = available;
    // Draws on the reserve for what finance charges lack in steps 1–3.
    const pay = (due: number): number => {
      const fromCash = Math.min(available, due);
      available -= fromCash;
      const fromReserve = Math.min(reserve, due - fromCash);
      reserve -= fromReserve;
      return fromCash + fromReserve;
    };
    // 1. Servicing fee.
    const fee = deal.servicingFee * perYear * invested;
    pay(fee);
    // 2. Interest, senior first, with what earlier periods left unpaid.
    let couponsDue = 0;
    for (let k = 0; k < N; k++) {
      const due = deal.notes[k].coupon * perYear * bal[k];
      couponsDue += due;
      const paid = pay(due + owed[k]);
      owed[k] = due + owed[k] - paid;
      o.interest[k * T + i] = paid;
    }
    // 3. The investor default amount: covered, it joins principal; uncovered, it writes the notes down.
    const defaultAmount = floating * pool.defaults[i];
    const covered = pay(defaultAmount);
    let uncovered = defaultAmount - covered;
    const loss = new Array<number>(N).fill(0);
    for (let k = N - 1; k >= 0 && uncovered > 0; k--) {
      const cut = Math.min(bal[k], uncovered);
      bal[k] -= cut;
      writtenDown[k] += cut;
      loss[k] += cut;
      uncovered -= cut;
    }
    // 4. Reinstatement of earlier write-downs, senior first.
    let reinstated = 0;
    for (let k = 0; k < N && available > 0; k++) {
      const back = Math.min(available, writtenDown[k]);
      available -= back;
      writtenDown[k] -= back;
      bal[k] += back;
      loss[k] -= back;
      reinstated += back;
    }
    // 5. The reserve up to its target; 6. the rest to the seller.
    const deposit = Math.min(available, Math.max(0, target - reserve));
    reserve += deposit;
    available -= deposit;

    // Principal: the investor's share of collections, with the default amount covered and the reinstatements.
    const collections = (amortizing ? fixed! : floating) * pool.principal[i];
    let funds = collections + covered + reinstated;
    if (amortizing) {
      const outstanding = sum(bal);
      funds = Math.min(funds, outstanding);
      if (sequential) {
        for (let k = 0; k < N; k++) {
          const paid = Math.min(bal[k], funds);
          bal[k] -= paid;
          funds -= paid;
          o.principal[k * T + i] = paid;
        }
      } else {
        const paidTotal = funds;
        for (let k = 0; k < N; k++) {
          const paid = outstanding > 0 ? Math.min(bal[k], (paidTotal * bal[k]) / outstanding) : 0;
          bal[k] -= paid;
          o.principal[k * T + i] = paid;
        }
      }
    } else for (let k = 0; k < N; k++) o.principal[k * T + i] = 0; // reinvested in new receivables
    for (let k = 0; k < N; k++) {
      o.loss[k * T + i] = loss[k];
      o.balance[k * T + i] = bal[k];
    }

    // The triggers, tested at the period's end; early amortization starts with the next period.
    const spread = invested > 0 ? (finance - fee - couponsDue - defaultAmount) / invested / perYear : 0;
    spreads.push(spread);
    cumulativeDefaults += pool.defaults[i];
    o.excessSpread[i] = spread;
    o.reserve[i] = reserve;
    o.amortizing[i] = amortizing ? 1 : 0;
    const { excessSpread: floor, cumulativeDefaults: cap } = deal.triggers;
    const average = spreads.length >= window ? mean(spreads.slice(-window)) : Infinity;
    const hit =
      (floor !== null && average < floor) ||
      (cap !== null && B0 > 0 && cumulativeDefaults / B0 > cap) ||
      // A trust whose pool falls below the invested amount can no longer hold it: the seller interest is gone.
      (deal.kind === "masterTrust" && !amortizing && sum(bal) > pool.balance[t] + 1e-9);
    if (hit && !triggered) {
      triggered = true;
      sequential = true;
    }
    o.triggered[i] = triggered ? 1 : 0;
    if (fixed === null && (triggered || t >= deal.revolvingPeriods)) {
      const end = pool.balance[t];
      fixed = end > 0 ? Math.min(1, sum(bal) / end) : 1;
    }
  }
  return o;
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

const mean = (xs: readonly number[]): number => sum(xs) / xs.length;

/** A note's totals on one path: interest, principal, loss, its balance at the start and the horizon, and its weighted average life. */
export interface NoteTotals {
  interest: number;
  principal: number;
  loss: number;
  original: number;
  outstanding: number;
  /** Years: Σ t·principal_t / Σ principal_t, the balance left at the horizon counted as paid then; 0 for a note of no size. */
  wal: number;
}

/**
 * Note k's totals from its per-period columns (interest, principal, loss and balance at
 * [k·T + t − 1], or any stride): what the result file reports per path.
 */
export function noteTotals(col: (what: "interest" | "principal" | "loss" | "balance", t: number) => number, periods: number, periodMonths: number): NoteTotals {
  let interest = 0;
  let principal = 0;
  let loss = 0;
  let weighted = 0;
  for (let t = 1; t <= periods; t++) {
    const p = col("principal", t);
    interest += col("interest", t);
    principal += p;
    loss += col("loss", t);
    weighted += t * p;
  }
  const outstanding = col("balance", periods);
  const repaid = principal + outstanding;
  const wal = repaid > 0 ? ((weighted + periods * outstanding) / repaid) * (periodMonths / 12) : 0;
  return { interest, principal, loss, original: outstanding + principal + loss, outstanding, wal };
}
