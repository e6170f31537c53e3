/**
 * What a segment's starting accounts do if none of the current ones ever leaves C: their
 * month-end balances and counts, and their interest over the horizon. Most accounts never
 * leave C within the horizon, so a path starts from this, computed once per book, and
 * only the accounts that leave are booked against it (their episode's tail removed).
 */
import type { SegmentModel } from "./model.ts";
import { Annuity, Ledger, type Episode } from "./ledger.ts";
import { exposureOf } from "./lines.ts";
import { State } from "./state.ts";
import type { AccountColumns } from "./bookColumns.ts";

export interface Baseline {
  /** Starting accounts on the book for the horizon: all but those already defaulted. */
  accounts: number;
  /** Their exposure: B + CCF·(L − B) for revolving, B for instalment (MODEL.md 8). */
  exposure: number;
  /** Month-end balance and count of the starting current accounts for m = 0..H, had none left C. */
  balance: Float64Array;
  count: Float64Array;
  /** Their interest over months 1..H. */
  interest: number;
  /** What they pay in month m = 1..H (interest and principal), and its interest, had none left C (Ledger.pay, cashFlows.ts). */
  payments: Float64Array;
  interestAt: Float64Array;
  /** φ of the segment's monthly rate (see ledger.ts). */
  annuity: Annuity;
  /** A loan's EAD at the horizon by payments left, a line's undrawn limit then, had none left C (Ledger.life, Ledger.undrawn). */
  life: Float64Array;
  undrawn: number;
}

/** The columns a baseline reads. */
type Columns = Pick<AccountColumns, "bookAt" | "startState" | "balance" | "limit" | "payment" | "term" | "rate">;

export function startingBaseline(s: SegmentModel, range: { start: number }, c: Columns, months: number): Baseline {
  const annuity = new Annuity(s.aprMonthly, months);
  const ledger = new Ledger(s.product, annuity, months);
  let accounts = 0;
  let exposure = 0;
  // One episode, rewritten account by account: a fresh object per account was a tenth of a
  // million-account book's baseline.
  const e: Episode = { start: 0, balance: 0, payment: 0, paid: 0, term: 0, rate: 0, limit: 0, raised: false };
  for (let i = range.start; i < range.start + s.accounts; i++) {
    if (c.bookAt[i] !== 0 || c.startState[i] === State.F || c.startState[i] === State.W) continue;
    accounts++;
    exposure += exposureOf(s, c.balance[i], c.limit[i]);
    // A stepped segment's current accounts are visited month by month, not booked here.
    if (c.startState[i] === State.C && !s.stepped) {
      e.balance = c.balance[i];
      e.payment = c.payment[i];
      e.term = c.term[i];
      e.rate = c.rate ? c.rate[i] : s.aprMonthly;
      e.limit = c.limit[i];
      ledger.book(1, e, 0, 1);
    }
  }
  const balance = new Float64Array(months + 1);
  const count = new Float64Array(months + 1);
  let x = 0;
  let y = 0;
  let n = 0;
  const payments = new Float64Array(months + 1);
  const interestAt = new Float64Array(months + 1);
  let pay = 0;
  let px = 0;
  let py = 0;
  for (let m = 0; m <= months; m++) {
    x += ledger.x[m];
    y += ledger.y[m];
    n += ledger.count[m];
    balance[m] = annuity.phi[m] * x + y;
    count[m] = n;
    pay += ledger.pay[m];
    px += ledger.px[m];
    py += ledger.py[m];
    payments[m] = pay;
    if (m > 0) interestAt[m] = ledger.interestAt(m, pay, px, py);
  }
  return { accounts, exposure, balance, count, interest: ledger.interest, payments, interestAt, annuity, life: ledger.life, undrawn: ledger.undrawn };
}
