/**
 * Fees and the payment burden (MODEL.md 5, docs/model.md §4.8): what a missed payment
 * costs the account, and how the episode's charges weigh on its chance of rolling on. Both
 * are a segment's keys (penaltyApr, lateFee, feeCap, burden), compiled with the segment.
 */
import { pow } from "../../math/elementary.ts";
import type { SegmentModel } from "../model.ts";
import { BALANCE, BASE, DRAWN, RECORD, type Workspace } from "../workspace.ts";

/**
 * Charges of one missed payment of account i, within the episode's cap (MODEL.md 5: the
 * snowball). `rate` is the book's column of own APRs (a tape's), or null; `b` is its balance;
 * `first` whether this is the episode's first miss. Returns its balance after.
 */
export function charge(ws: Workspace, rate: Float64Array | null, s: SegmentModel, i: number, b: number, first: boolean): number {
  // No cap is no limit, also on a zero balance (∞·0 would be no room at all).
  let room = Infinity;
  if (s.feeCap !== Infinity) {
    // The episode's columns are read only under a cap, and not at its first miss, whose base
    // is the balance with nothing drawn: each read was a cache miss of its own at 1M accounts.
    const base = first ? b : ws.record[RECORD * i + BASE];
    // A line's draw-down is principal, not a charge (lines.ts `monthDraw`).
    const drawn = first ? 0 : ws.record[RECORD * i + DRAWN];
    room = s.feeCap * base - (b - base - drawn);
  }
  const penalty = s.penaltyAtApr && rate !== null ? rate[i] : s.penaltyMonthly;
  const amount = Math.min(b * penalty + s.lateFee, room);
  if (!(amount > 0)) return b;
  ws.record[RECORD * i + BALANCE] = b + amount;
  return b + amount;
}

/**
 * Ability to pay: account i's roll rate out of bucket k under the payment burden, the
 * episode's charges raising what is due over the payment at its first miss (missPay), capped
 * at 1 − stay. Unchanged without a burden or a known first payment.
 */
export function burdenedRoll(ws: Workspace, s: SegmentModel, i: number, k: number, roll: number): number {
  if (s.burden === 0 || ws.missPay[i] <= 0) return roll;
  const drawn = ws.record[RECORD * i + DRAWN];
  return Math.min(roll * pow((ws.missPay[i] + ws.record[RECORD * i + BALANCE] - ws.record[RECORD * i + BASE] - drawn) / ws.missPay[i], s.burden), 1 - s.stay[k]);
}
