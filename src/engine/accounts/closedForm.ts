/**
 * The current accounts of closed-form segments. They are not visited month by month: when
 * an account enters C, one uniform gives the month it next leaves (survival.ts), its
 * month-end balances and interest until then are booked in closed form (ledger.ts), and it
 * waits in that month's event list. The starting accounts draw at the path's start.
 *
 * Profile lesson (version 1 stepped every account every period, two keyed hashes and a
 * threshold look-up each: 21–24 ns per account-month): most of that work decided that a
 * current account stays current. Here a starting current account costs one hash and one
 * comparison per path, whatever the horizon.
 */
import { Cash } from "../cashFlows.ts";
import type { Episode } from "../ledger.ts";
import { LIFE_MONTHS, lifeIndex } from "../lifetime.ts";
import { keyedUniform, keyedWord, Purpose, streamKeys } from "../random.ts";
import type { SegmentPath } from "../segmentPath.ts";
import { Flag, State } from "../state.ts";
import { BALANCE, CUT, FLAGS, LIMIT, MADE, PAYMENT, RECORD, RECORD16, RECORD8, SPELL, STATE, TERM, THRESHOLD, WARM_BLOCK } from "../workspace.ts";
import type { CurrentAccounts, Misses, MonthSums } from "./currentAccounts.ts";
import type { PathLevers } from "../levers/pathLevers.ts";
import type { PathContext } from "./pathContext.ts";
import { required } from "./plans.ts";
import type { StartSchedule } from "./startSchedule.ts";

export class ClosedFormAccounts implements CurrentAccounts {
  /** The episode being booked: one record, filled per event (ledger.ts Episode). */
  private readonly episode: Episode = { start: 0, balance: 0, payment: 0, paid: 0, term: 0, rate: 0, limit: 0, raised: false };

  constructor(
    private readonly p: PathContext,
    private readonly levers: PathLevers,
  ) {}

  /**
   * The hot loop: every starting current account draws the month it first leaves C. Most
   * never do within the horizon and cost one hash and one comparison. An exit by attrition
   * is settled as it is drawn (its episode's tail leaves the ledger; nothing observes the
   * account again), so only misses wait in the month's list.
   */
  start(record: StartSchedule | null): void {
    if (record) record.length = 0;
    const { c, ws, pm, H, segs } = this.p;
    const { startState, a, cell, term } = c;
    const current = State.C;
    for (let si = 0; si < segs.length; si++) {
      const g = segs[si];
      if (g.s.stepped) continue;
      const [k1, k2] = streamKeys(this.p.keys, Purpose.exit, si, 0);
      const [v1, v2] = streamKeys(this.p.keys, Purpose.exitKind, si, 0);
      const segmentLast = this.p.lastMonth(g, 0, 0, g.s.termMonths);
      // A tape's instalments each have their own payments left, so their own last month.
      const ownTerms = !g.revolving && g.s.tape !== null;
      const G = c.grids[si].length;
      const curves = ws.curves[si];
      const quick = g.quick;
      const attrition = g.s.attrition > 0;
      const start = g.start;
      const end = start + g.s.accounts;
      // Profile lesson (a stressed book at 100k accounts, the loop a twentieth of a path): most
      // accounts stop at the first test, so it compares the keyed bits with a threshold
      // (random.ts `bitsBelow`, exact) without forming the uniform, and a one-rate segment,
      // whose every account is in cell 0, does not read the cell's column.
      const single = curves.single;
      for (let i = start; i < end; i++) {
        if (startState[i] !== current) continue;
        const word = keyedWord(k1, k2, i - start);
        const bits = word >>> 0;
        const k = single ? 0 : cell[i];
        let last = segmentLast;
        if (ownTerms) {
          last = Math.min(term[i], H);
          if ((bits + 0.5) * 2 ** -32 <= curves.survivalAt(Math.min(k + 1, G - 1), last)) continue;
        } else if (bits <= quick[k]) continue;
        // The word, and 0 for a one-rate segment's threshold (not read): no number allocated (survival.ts `exitOfWord`).
        const e = curves.exitOfWord(single ? 0 : a[i], k, word, 0, last);
        if (e > last) continue;
        if (attrition && !curves.missed(a[i], k, false, keyedUniform(v1, v2, i - start), Math.ceil(e / pm))) {
          this.attrite(g, i, e);
        } else {
          this.schedule(si, i, e);
          record?.add(si, i, e);
        }
      }
    }
  }

  /**
   * A starting account closes in month e: its episode's tail leaves the ledger. Kept out of
   * `start`, whose loop the compiler inlines only while it stays small (its profile: a
   * larger body there cost the whole loop a tenth).
   */
  private attrite(g: SegmentPath, i: number, e: number): void {
    const c = this.p.c;
    const ep = this.episode;
    ep.start = 0;
    ep.balance = c.balance[i];
    ep.payment = c.payment[i];
    ep.paid = 0;
    ep.term = c.term[i];
    ep.rate = this.p.rateOf(g, i);
    ep.limit = g.revolving ? this.levers.trigger.horizonLimit(c.limit[i], c.balance[i], this.p.ws.record16[RECORD16 * i + CUT], 0) : 0;
    ep.raised = false;
    g.ledger.book(-1, ep, e, e);
    g.ledger.prepay(ep, e);
  }

  snapshot(record: StartSchedule): void {
    this.p.segs.forEach((g, si) => record.ledgers[si].copyFrom(g.ledger));
  }

  /** The base's draws of this path for the starting accounts, on a variant that would draw the same. */
  restore(record: StartSchedule): void {
    this.p.segs.forEach((g, si) => g.ledger.copyFrom(record.ledgers[si]));
    const m = record.misses;
    for (let k = 0; k < record.length; k += 3) this.schedule(m[k], m[k + 1], m[k + 2]);
  }

  private schedule(si: number, i: number, month: number): void {
    const ws = this.p.ws;
    ws.touch(i);
    ws.schedule(si * (this.p.H + 2) + month, i);
  }

  beginMonth(): void {}

  /** An account enters C at the end of month s: its episode is booked and the month it leaves drawn. */
  begin(si: number, i: number, s: number): void {
    const { ws, c, streams } = this.p;
    const g = this.p.segs[si];
    ws.record8[RECORD8 * i + STATE] = State.C;
    const rec = RECORD * i;
    ws.record16[RECORD16 * i + SPELL] = s;
    const own = (ws.record8[RECORD8 * i + FLAGS] & Flag.redefault) !== 0;
    const ep = this.fill(g, i, s);
    g.ledger.book(1, ep, s, s + 1);
    const last = g.revolving ? this.p.H : this.p.lastMonth(g, s, ep.paid, ep.term);
    if (last <= s) return;
    const k = this.p.stream(Purpose.exit, si, s);
    const word = keyedWord(streams[k], streams[k + 1], i - g.start);
    const curves = ws.curves[si];
    // A one-rate segment's curve is every account's: its threshold and cell are not read
    // (the profile of a cure at 1M accounts: the threshold's column was its costliest read).
    const single = !own && curves.single;
    const a = own ? ws.own[i] : single ? 0 : ws.record[rec + THRESHOLD];
    const cell = single ? 0 : c.cell[i];
    const e = own ? curves.own(a, keyedUniform(streams[k], streams[k + 1], i - g.start), s, last) : curves.exitOfWord(a, cell, word, s, last);
    if (e > last) return;
    if (g.s.attrition > 0) {
      // Missed or attrited: the competing exits in proportion to their monthly rates.
      const kv = this.p.stream(Purpose.exitKind, si, s);
      const v = keyedUniform(streams[kv], streams[kv + 1], i - g.start);
      if (!curves.missed(a, cell, own, v, Math.ceil(e / this.p.pm))) {
        // Attrition repays the balance in full: settled now, as nothing observes the account until then.
        g.ledger.book(-1, ep, e, e);
        g.ledger.prepay(ep, e);
        ws.record8[RECORD8 * i + STATE] = State.P;
        return;
      }
    }
    this.schedule(si, i, e);
  }

  book(si: number, i: number, mo: number): void {
    this.begin(si, i, mo);
  }

  step(): number {
    throw new Error("ClosedFormAccounts.step: a closed-form segment keeps no current account in its list");
  }

  /** Accounts of segment si missing a payment in month mo: they leave C for D1 (or F). */
  leave(si: number, mo: number, t: number, arrears: Misses): void {
    const { ws, c, pm } = this.p;
    const trigger = this.levers.trigger;
    const g = this.p.segs[si];
    const h = si * (this.p.H + 2) + mo;
    const events = ws.eventList(h);
    const count = ws.eventCount(h);
    for (let r = count - 1; r >= 0; r--) {
      if ((count - 1 - r) % WARM_BLOCK === 0) ws.warm(events, Math.max(0, r + 1 - WARM_BLOCK), r + 1);
      const i = events[r];
      const spell = ws.record16[RECORD16 * i + SPELL];
      const b = ws.record[RECORD * i + BALANCE];
      // The episode's tail from this month on is not earned: no payment this month.
      const ep = this.fill(g, i, spell);
      g.ledger.book(-1, ep, mo, mo);
      if (!g.revolving) {
        const made = mo - 1 - spell;
        ws.record[RECORD * i + BALANCE] = c.baseline[si].annuity.balanceAfter(b, ep.payment, made);
        ws.record16[RECORD16 * i + MADE] = ep.paid + made;
      }
      // The trigger's cuts of the periods begun while the account was current, applied now that they matter.
      if (g.revolving && trigger.rule !== null) trigger.cutAccount(i, ws.record[RECORD * i + BALANCE], Math.ceil(spell / pm) + 1, Math.floor((mo - 1) / pm) + 1);
      if (g.s.burden !== 0) ws.missPay[i] = required(ws, c, g, i, this.p.rateOf(g, i));
      if (arrears.missed(si, i, mo, t)) this.p.enlist(si, i);
    }
  }

  /**
   * The episode of account i current since month s, from its record (workspace.ts
   * `record`), its balance the record's. The limit it carries is a line's at the horizon; a
   * loan needs none, and its limit is not read (the profile of a miss, when the limit had a
   * column of its own: each column read was a cache miss, and the limit's showed in the
   * lifetime view's cost). The balance is read here, not passed: a number passed to a call
   * not inlined is a new heap number (survival.ts `exitOfWord`).
   */
  private fill(g: SegmentPath, i: number, s: number): Episode {
    const ws = this.p.ws;
    const ep = this.episode;
    const rec = RECORD * i;
    const b = ws.record[rec + BALANCE];
    ep.start = s;
    ep.balance = b;
    ep.payment = ws.record[rec + PAYMENT];
    ep.term = ws.record16[RECORD16 * i + TERM];
    ep.rate = this.p.rateOf(g, i);
    if (g.revolving) {
      // A line's ledger reads no payments made (its episode runs to the horizon), nor its trigger episode without a trigger.
      ep.paid = 0;
      const trigger = this.levers.trigger;
      ep.limit = trigger.rule === null ? ws.record[RECORD * i + LIMIT] : trigger.horizonLimit(ws.record[RECORD * i + LIMIT], b, ws.record16[RECORD16 * i + CUT], s);
    } else {
      ep.paid = ws.record16[RECORD16 * i + MADE];
      ep.limit = 0;
    }
    ep.raised = (ws.record8[RECORD8 * i + FLAGS] & Flag.redefault) !== 0;
    return ep;
  }

  /** The month-end balance and count of the episodes current in month mo, from the ledger's difference arrays. */
  monthSums(si: number, mo: number, sums: MonthSums): void {
    const g = this.p.segs[si];
    const base = this.p.c.baseline[si];
    const ledger = g.ledger;
    g.x1 += ledger.x[mo];
    g.y1 += ledger.y[mo];
    g.c1 += ledger.count[mo];
    g.pay1 += ledger.pay[mo];
    g.px1 += ledger.px[mo];
    g.py1 += ledger.py[mo];
    // The month's payments of the episodes current, and the balances repaid in full at attrition.
    const pay = base.payments[mo] + g.pay1;
    const interest = base.interestAt[mo] + ledger.interestAt(mo, g.pay1, g.px1, g.py1);
    const cash = this.p.cash.sum;
    cash[Cash.interestCharged] += interest;
    cash[Cash.interestFees] += interest;
    cash[Cash.principal] += pay - interest + ledger.prepaid[mo];
    const count = base.count[mo] + g.c1;
    // The closed form of many annuities cancels to a rounding error when none is left current.
    const balance = count > 0 ? Math.max(0, base.balance[mo] + base.annuity.phi[mo] * g.x1 + g.y1) : 0;
    if (mo === this.p.H) g.horizonBalance = balance;
    sums.balance = balance;
    sums.count = count;
  }

  /**
   * Expected loss past the horizon of the closed-form current accounts: the starting ones
   * that never left C (their trigger cuts applied to the undrawn part) and every episode
   * current at the horizon, from the EADs their ledgers hold by months of life left.
   */
  atHorizon(si: number): number {
    const g = this.p.segs[si];
    const base = this.p.c.baseline[si];
    const ledger = g.ledger;
    if (g.revolving) {
      // Every starting account current at the horizon was cut once per trigger episode.
      const keep = this.levers.trigger.undrawnKept();
      const ccf = g.s.ccf;
      const raised = ledger.raisedDrawn + ccf * ledger.raisedUndrawn;
      const all = g.horizonBalance + ccf * (keep * base.undrawn + ledger.undrawn + ledger.raisedUndrawn);
      const n = lifeIndex(g.s.remainingLifeMonths);
      return (all - raised) * g.life.current[n] + raised * g.lifeRaised.current[n];
    }
    let sum = 0;
    for (let n = 0; n <= LIFE_MONTHS; n++) sum += (base.life[n] + ledger.life[n]) * g.life.current[n] + ledger.lifeRaised[n] * g.lifeRaised.current[n];
    return sum;
  }
}
