/**
 * What a current account owes and its instalment plans (docs/model.md §4.7–4.8), on the
 * workspace's columns: read by the stepped accounts each month, by the payment burden at a
 * miss, and by a forbearance conversion, which opens a plan.
 */
import type { BookColumns } from "../book.ts";
import type { SegmentPath } from "../segmentPath.ts";
import { Flag } from "../state.ts";
import { BALANCE, FLAGS, MADE, RECORD, RECORD16, RECORD8, type Workspace } from "../workspace.ts";

/**
 * The payment due from current account i this month (docs/model.md §4.8): a revolver's
 * minimum (a share of the balance plus interest), a transactor's minimum, interest only on
 * a line without transactors, a loan's level payment; and its plan's principal and fee.
 * `rate` is the account's monthly APR.
 */
export function required(ws: Workspace, c: BookColumns, g: SegmentPath, i: number, rate: number): number {
  const plan = ws.planPay[i] + ws.planFee[i];
  if (!g.revolving) return (ws.record16[RECORD16 * i + MADE] < c.term[i] ? c.payment[i] : 0) + plan;
  const b = ws.record[RECORD * i + BALANCE];
  const revolvers = g.s.revolvers;
  if (revolvers === null) return b * rate + plan;
  const revolving = (ws.record8[RECORD8 * i + FLAGS] & Flag.revolver) !== 0;
  return b * (revolvers.minPayment + (revolving ? rate : 0)) + plan;
}

/** A plan's terms: a segment's instalment plans, or a forbearance conversion. */
interface PlanTerms {
  termMonths: number;
  /** Fee a month on the converted principal. */
  feeRate: number;
}

/**
 * Opens a plan on account i in month mo: principal A over `termMonths`, fee A·feeRate a
 * month, paid from month mo + 1 to mo + term (docs/model.md §4.7). The account's columns
 * hold the sums over its open plans; the ring slot of the plan's last month holds what
 * that month's end takes off them, so each converted amount is its own plan. (A stepped
 * line's month opens its plans with the same arithmetic on locals, steppedAccounts.ts
 * `payLine`.)
 */
export function convert(ws: Workspace, i: number, amount: number, { termMonths: term, feeRate }: PlanTerms, mo: number): void {
  const pay = amount / term;
  const fee = amount * feeRate;
  ws.plan[i] += amount;
  ws.planPay[i] += pay;
  ws.planFee[i] += fee;
  const slot = ((mo + term) % ws.planRing) * ws.plan.length + i;
  ws.endPay[slot] += pay;
  ws.endFee[slot] += fee;
}

/**
 * A month's payment of account i's plans: the fee it pays (returned), its principal; the
 * plans whose last payment it is close. `from` is where the month's row of the ring starts,
 * (mo mod planRing) × accounts (SteppedMonth.payFrom).
 */
export function payPlans(ws: Workspace, i: number, from: number): number {
  const fee = ws.planFee[i];
  const pay = ws.planPay[i];
  const left = ws.plan[i] - pay;
  const slot = from + i;
  ws.planPay[i] -= ws.endPay[slot];
  ws.planFee[i] -= ws.endFee[slot];
  ws.endPay[slot] = 0;
  ws.endFee[slot] = 0;
  // The last plan repaid leaves rounding only.
  if (left > 1e-9 * pay) ws.plan[i] = left;
  else ws.clearPlan(i);
  return fee;
}
