/**
 * The seam of a path run (docs/model.md §10): its current accounts. A segment's current
 * accounts are either drawn in closed form (closedForm.ts: an episode in C is booked whole
 * as it begins and the month it ends drawn at once) or stepped month by month
 * (steppedAccounts.ts: when the segment's model depends on an account's history). Both
 * answer the same calls, so the path's outline (pathRun.ts) and the arrears (arrears.ts)
 * never ask which they hold.
 */
import type { StartSchedule } from "./startSchedule.ts";

/** What a current account kept in its segment's list does in a month (`step`). */
export const Step = { leaves: 0, stays: 1, misses: 2 } as const;

/** Where an account that misses a payment goes: the arrears (arrears.ts). Returns whether it is now in a list. */
export interface Misses {
  missed(si: number, i: number, mo: number, t: number): boolean;
}

/**
 * A month-end's sums over the accounts of the segment being summed (balance, count,
 * accounts in arrears), and the running sums over the book's segments so far.
 */
export class MonthSums {
  balance = 0;
  count = 0;
  arrears = 0;
  npl = 0;
  lines = 0;
  revolving = 0;
  /**
   * Balances of the accounts past due, by days past due: [1–29, 30–59, 60–89, 90+]
   * (docs/model.md §8.3); the current balance is the rest.
   */
  readonly pastDue = new Float64Array(4);
  /**
   * Balances by China's five categories past the first: [special mention, substandard,
   * doubtful, loss]; normal is the rest.
   */
  readonly category = new Float64Array(4);
}

/** Index in MonthSums.category of each class past normal. */
export const Category = { specialMention: 0, substandard: 1, doubtful: 2, loss: 3 } as const;

/**
 * An account's class of the five by its missed payments n (dpd 30(n−1)+1..30n) and whether
 * it is in default: more than 90 days past due (n ≥ 4) at least substandard, more than 270
 * (n ≥ 10) doubtful, more than 360 (n ≥ 13) loss; a default (credit-impaired) at least
 * substandard; else 1–90 days past due special mention.
 */
export function categoryOf(n: number, defaulted: boolean): number {
  if (n >= 13) return Category.loss;
  if (n >= 10) return Category.doubtful;
  return n >= 4 || defaulted ? Category.substandard : Category.specialMention;
}

export interface CurrentAccounts {
  /**
   * A path's start: the starting current accounts of the segments it holds, into `record`
   * when given (the base's draws, for a variant that replays them).
   */
  start(record: StartSchedule | null): void;
  /** Writes into `record` what the start left that a replay restores; restores it on a variant that replays. */
  snapshot(record: StartSchedule): void;
  restore(record: StartSchedule): void;
  /** Before the list of segment si is visited in month mo. */
  beginMonth(si: number, mo: number): void;
  /** Account i of segment si enters C at the end of month s (a cure, a holiday's end). */
  begin(si: number, i: number, s: number): void;
  /** An applicant of segment si booked at the end of month mo. */
  book(si: number, i: number, mo: number): void;
  /** One month of a current account held in segment si's list (only stepped segments hold them): a Step. */
  step(si: number, i: number, mo: number, t: number): number;
  /** The accounts of segment si that miss in month mo leave C: their episodes settled, they go to `arrears`. */
  leave(si: number, mo: number, t: number, arrears: Misses): void;
  /** Adds month mo's balance and count of segment si's current accounts not in its list to `sums`. */
  monthSums(si: number, mo: number, sums: MonthSums): void;
  /** Expected loss past the horizon of segment si's current accounts not in its list (lifetime.ts). */
  atHorizon(si: number): number;
}
