/**
 * Current accounts are not visited month by month (MODEL.md 10 lets an episode in C be drawn
 * at once), so their month-end balances, counts and interest are booked per episode here, in
 * closed form, as difference arrays over months. A revolving balance is constant while
 * current; an instalment balance after j level payments from b is
 *     b(j) = (b − P/r)·g^j + P/r,   g = 1 + r   (r = 0: b − P·j),
 * so the balance of every current instalment account of a segment at month m is
 * φ(m)·X(m) + Y(m) with φ(m) = g^m (r = 0: φ(m) = m) and X, Y sums of per-account constants
 * over the accounts current at m. The interest of payments j0+1 … j1 is
 *     r·Σ_{j=j0}^{j1−1} b(j) = (b − P/r)(g^{j1} − g^{j0}) + (j1 − j0)·P.
 */
import { PRODUCT } from "./model.ts";
import { pow } from "../math/elementary.ts";
import { LIFE_MONTHS, lifeIndex } from "./lifetime.ts";

/** φ(m) for m = 0..H+1 and g^−m, of one segment's monthly rate. */
export class Annuity {
  readonly phi: Float64Array;
  readonly phiInv: Float64Array;
  readonly r: number;

  constructor(r: number, months: number) {
    this.r = r;
    this.phi = new Float64Array(months + 2);
    this.phiInv = new Float64Array(months + 2);
    for (let m = 0; m < months + 2; m++) {
      this.phi[m] = r === 0 ? m : pow(1 + r, m);
      this.phiInv[m] = r === 0 ? 0 : pow(1 + r, -m);
    }
  }

  /** Balance after j payments from b with payment P. */
  balanceAfter(b: number, payment: number, j: number): number {
    const r = this.r;
    return r === 0 ? b - payment * j : (b - payment / r) * this.phi[j] + payment / r;
  }

  /** Interest of payments j0+1 … j1 from b (see the file header). */
  interest(b: number, payment: number, j0: number, j1: number): number {
    const r = this.r;
    if (r === 0 || j1 <= j0) return 0;
    return (b - payment / r) * (this.phi[j1] - this.phi[j0]) + (j1 - j0) * payment;
  }
}

/**
 * One account's episode in C as a ledger books it: current from the end of month `start`
 * with balance `balance`, level payment `payment` (a loan's), `paid` of `term` payments
 * made, monthly APR `rate` (a line's own; a loan's is the segment's), the limit it will have
 * at the horizon (a line's), and whether its rate is raised after forbearance. Named fields:
 * eleven positional numbers let a swapped `paid` and `term` type-check. A path fills one
 * record per run and books it (closedForm.ts): an object per event would allocate on the
 * commonest event of all, a starting account's exit.
 */
export interface Episode {
  start: number;
  balance: number;
  payment: number;
  paid: number;
  term: number;
  rate: number;
  limit: number;
  raised: boolean;
}

/** Names of a class's fields that are not methods. */
type Fields<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? never : K }[keyof T];
/** What a ledger is built with and never changes: everything else is a sum a path writes. */
type LedgerSetting = "product" | "annuity" | "months";

/**
 * Every sum a path writes into a ledger, declared once: `clear` zeroes them, `copyFrom`
 * copies them, and a field added to Ledger that is neither here nor a setting fails to
 * compile. A table is an array (over months or months of life left), a total one number.
 * A replay that copied its own list of fields once left the undrawn limits out, and lines
 * that closed at the start kept their undrawn limit in the lifetime loss of every variant
 * that replayed them.
 */
const LEDGER_SUMS = {
  x: "table",
  y: "table",
  count: "table",
  pay: "table",
  px: "table",
  py: "table",
  prepaid: "table",
  life: "table",
  lifeRaised: "table",
  interest: "total",
  undrawn: "total",
  raisedDrawn: "total",
  raisedUndrawn: "total",
} as const satisfies { [K in Exclude<Fields<Ledger>, LedgerSetting>]: Ledger[K] extends number ? "total" : "table" };
type Sum = keyof typeof LEDGER_SUMS;
type Table = { [K in Sum]: (typeof LEDGER_SUMS)[K] extends "table" ? K : never }[Sum];
type Total = Exclude<Sum, Table>;
const SUMS = Object.keys(LEDGER_SUMS) as Sum[];
const TABLES = SUMS.filter((k): k is Table => LEDGER_SUMS[k] === "table");
const TOTALS = SUMS.filter((k): k is Total => LEDGER_SUMS[k] === "total");

/**
 * One segment's month-end sums of current accounts as difference arrays over months 0..H+1:
 * the value at month m is the sum of entries 0..m.
 */
export class Ledger {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly count: Float64Array;
  /**
   * The cash of the episodes' payments by month (cashFlows.ts), as difference arrays over
   * the months they pay in: `pay` what they pay (a line's interest, a loan's level payment
   * and at its last the balance left with its interest), and a loan's x and y (as `x`, `y`)
   * over its paying months, so that the interest of month m is r·(φ(m − 1)·Σx + Σy) on
   * the balances of month m − 1. `prepaid` (not a difference) holds the balance repaid in
   * full at attrition in its month.
   */
  readonly pay: Float64Array;
  readonly px: Float64Array;
  readonly py: Float64Array;
  readonly prepaid: Float64Array;
  interest = 0;
  /**
   * What the lifetime view (lifetime.ts) needs of the accounts current at the horizon. A
   * loan's EAD then, by payments left: `life` at the segment's rate, `lifeRaised` back from
   * forbearance at a raised one. A credit line's undrawn limit L − B, and the drawn balance
   * and undrawn limit of those back from forbearance (the drawn balance of all is the
   * ledger's month-H balance). A line's entry is two additions: a starting account's exit,
   * the commonest event, pays for it on every path (the profile showed a tenth with the
   * loan's form).
   */
  readonly life = new Float64Array(LIFE_MONTHS + 1);
  readonly lifeRaised = new Float64Array(LIFE_MONTHS + 1);
  undrawn = 0;
  raisedDrawn = 0;
  raisedUndrawn = 0;
  constructor(
    /** The segment's product (PRODUCT): a credit line's balance is constant, a loan's amortizes. */
    readonly product: 0 | 1,
    readonly annuity: Annuity,
    readonly months: number,
  ) {
    this.x = new Float64Array(months + 2);
    this.y = new Float64Array(months + 2);
    this.count = new Float64Array(months + 2);
    this.pay = new Float64Array(months + 2);
    this.px = new Float64Array(months + 2);
    this.py = new Float64Array(months + 2);
    this.prepaid = new Float64Array(months + 2);
  }

  /** Zeroes every sum of LEDGER_SUMS. */
  clear(): void {
    for (const k of TABLES) this[k].fill(0);
    for (const k of TOTALS) this[k] = 0;
  }

  /**
   * Sets every sum of LEDGER_SUMS to `from`'s: a variant that shares the starting accounts'
   * draws of a path takes the ledger the base left after them (accounts/closedForm.ts).
   */
  copyFrom(from: Ledger): void {
    for (const k of TABLES) this[k].set(from[k]);
    for (const k of TOTALS) this[k] = from[k];
  }

  /**
   * Month the planned episode ends if the account never misses: the month after the horizon,
   * or for an instalment the month of its last payment (P from then on), `term` payments
   * after its start or booking.
   */
  plannedEnd(s: number, paid: number, term: number): number {
    if (this.product === PRODUCT.revolving) return this.months + 1;
    return Math.min(s + term - paid, this.months + 1);
  }

  /**
   * Adds (sign +1) or removes (−1) the part of episode `e` (an account current from the end
   * of month e.start, see Episode): its month-end balances from month `from` on, and the
   * interest of its payments from month `payFrom` on. An episode is booked whole when it
   * begins (from = start, payFrom = start + 1) and its tail is removed when the account
   * leaves C in month m (from = payFrom = m: no payment that month). An episode current at
   * the horizon adds its EAD then to `life` (or `lifeRaised`), by months left.
   */
  book(sign: 1 | -1, e: Readonly<Episode>, from: number, payFrom: number): void {
    const { start: s, balance: b, payment, paid, term, rate, limit, raised } = e;
    const end = this.plannedEnd(s, paid, term);
    const H = this.months;
    if (from >= end) {
      // A loan leaving C in the month of its last payment (from = end) has no balance left to
      // take back, but that payment's interest, booked with the episode, was never earned.
      if (this.product === PRODUCT.instalment) {
        this.interest += sign * this.annuity.interest(b, payment, payFrom - s - 1, Math.min(s + term - paid, H) - s);
        this.payments(sign, e, payFrom, end);
      }
      return;
    }
    let x = 0;
    let y = b;
    if (this.product === PRODUCT.revolving) {
      // Interest at the APR in every month the balance is current and paying.
      this.interest += sign * b * rate * (H - payFrom + 1);
      if (payFrom <= H) {
        this.pay[payFrom] += sign * b * rate;
        this.pay[H + 1] -= sign * b * rate;
      }
      // A line's episode runs to the horizon: current then unless it leaves, which books −1.
      const undrawn = limit > b ? limit - b : 0;
      if (raised) {
        this.raisedDrawn += sign * b;
        this.raisedUndrawn += sign * undrawn;
      } else this.undrawn += sign * undrawn;
    } else {
      if (from <= H && H < end) {
        const ead = Math.max(0, this.annuity.balanceAfter(b, payment, H - s));
        (raised ? this.lifeRaised : this.life)[lifeIndex(term - paid - (H - s))] += sign * ead;
      }
      const r = this.annuity.r;
      if (r === 0) {
        x = -payment;
        y = b + payment * s;
      } else {
        x = (b - payment / r) * this.annuity.phiInv[s];
        y = payment / r;
      }
      // Payment k falls in month s + k; the last within the horizon is J (the term's last included).
      const last = Math.min(s + term - paid, H) - s;
      this.interest += sign * this.annuity.interest(b, payment, payFrom - s - 1, last);
      this.payments(sign, e, payFrom, end);
    }
    this.x[from] += sign * x;
    this.x[end] -= sign * x;
    this.y[from] += sign * y;
    this.y[end] -= sign * y;
    this.count[from] += sign;
    this.count[end] -= sign;
  }

  /**
   * A loan episode's payments of months payFrom … its last within the horizon (cashFlows.ts):
   * the level payment before its planned end `end`, and in month `end` (when within the
   * horizon) the balance left with its month's interest, which takes the balance to 0 as
   * the episode's balances do; and its x and y (see the file header) over those months.
   */
  private payments(sign: 1 | -1, e: Readonly<Episode>, payFrom: number, end: number): void {
    const H = this.months;
    const last = Math.min(end, H);
    if (payFrom > last) return;
    const level = Math.min(end - 1, H);
    if (payFrom <= level) {
      this.pay[payFrom] += sign * e.payment;
      this.pay[level + 1] -= sign * e.payment;
    }
    const r = this.annuity.r;
    if (end <= H) {
      const left = this.annuity.balanceAfter(e.balance, e.payment, end - 1 - e.start);
      this.pay[end] += sign * left * (1 + r);
      this.pay[end + 1] -= sign * left * (1 + r);
    }
    if (r !== 0) {
      const x = (e.balance - e.payment / r) * this.annuity.phiInv[e.start];
      const y = e.payment / r;
      this.px[payFrom] += sign * x;
      this.px[last + 1] -= sign * x;
      this.py[payFrom] += sign * y;
      this.py[last + 1] -= sign * y;
    }
  }

  /**
   * The interest of month m ≥ 1 of the episodes whose running sums of `pay`, `px` and `py`
   * are pay, px, py: a line's payment is its interest; a loan's is on its balances of month m − 1.
   */
  interestAt(m: number, pay: number, px: number, py: number): number {
    if (this.product === PRODUCT.revolving) return pay;
    const r = this.annuity.r;
    return r === 0 ? 0 : r * (this.annuity.phi[m - 1] * px + py);
  }

  /**
   * Episode `e` repaid in full at attrition in month `month`: its balance at the end of the
   * month before, as its balances book it (none once a loan's planned end has passed).
   */
  prepay(e: Readonly<Episode>, month: number): void {
    if (this.product === PRODUCT.revolving) {
      this.prepaid[month] += e.balance;
      return;
    }
    if (month - 1 >= this.plannedEnd(e.start, e.paid, e.term)) return;
    this.prepaid[month] += this.annuity.balanceAfter(e.balance, e.payment, month - 1 - e.start);
  }
}
