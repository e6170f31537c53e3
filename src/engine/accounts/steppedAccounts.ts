/**
 * The current accounts of stepped segments, month by month (docs/model.md §4.6–4.8, §10):
 * transactors and revolvers, purchases and merchant fees, instalment plans, the payment
 * burden on the miss hazard, line increases and the economy trigger's cuts. A segment is
 * stepped when its model depends on an account's history (model.ts `steppedSegments`).
 * Its current accounts wait in the segment's list with those in arrears (arrears.ts visits
 * the list and calls `step` for each current one, in the list's order, which the month-end
 * sums keep), and a miss is handed back as `Step.misses`: this file knows nothing of arrears.
 */
import { Cash } from "../cashFlows.ts";
import { NPM, PM } from "../layout.ts";
import { pow } from "../../math/elementary.ts";
import { keyedUniform, Purpose } from "../random.ts";
import type { SegmentPath } from "../segmentPath.ts";
import { Flag, State } from "../state.ts";
import { Step, type CurrentAccounts, type MonthSums } from "./currentAccounts.ts";
import type { PathLevers } from "../levers/pathLevers.ts";
import type { PathContext } from "./pathContext.ts";
import { clearPlan, convert, payPlans, required } from "./plans.ts";

/** The streams a stepped current account draws from each month, in monthKeys' order. */
const MONTH_PURPOSES = [Purpose.exit, Purpose.behaviour, Purpose.convert] as const;

/** What a stepped current account does in a month (SteppedAccounts.event). */
const PAYS = 0;
const MISS = 1;
const ATTRITION = 2;
/** Relative room around the grid's bounds for the rounding of Φ, log1p and expm1. */
const MARGIN = 1e-9;

export class SteppedAccounts implements CurrentAccounts {
  /** Key words of the month's exit, behaviour and convert streams of the stepped segment being visited. */
  private readonly monthKeys = new Int32Array(6);

  constructor(
    private readonly p: PathContext,
    private readonly levers: PathLevers,
  ) {}

  /** The current starting accounts of stepped segments join their lists (after the closed-form draws, whatever their order). */
  start(): void {
    const { c, segs } = this.p;
    for (let si = 0; si < segs.length; si++) {
      const g = segs[si];
      if (!g.s.stepped) continue;
      for (let i = g.start; i < g.start + g.s.accounts; i++) {
        if (c.bookAt[i] === 0 && c.startState[i] === State.C) this.book(si, i);
      }
    }
  }

  /** Nothing of a stepped account is drawn at the start to be replayed: a replaying variant starts its own. */
  snapshot(): void {}

  restore(): void {
    this.start();
  }

  /** A stepped account current at the start or at booking: who revolves (a static draw), its reference payment. */
  book(si: number, i: number): void {
    const ws = this.p.ws;
    const g = this.p.segs[si];
    ws.touch(i);
    ws.state[i] = State.C;
    ws.age[i] = 0;
    const revolvers = g.s.revolvers;
    if (revolvers !== null && keyedUniform(g.revolverKeys[0], g.revolverKeys[1], i - g.start) < revolvers.share) ws.flags[i] |= Flag.revolver;
    ws.refPay[i] = required(ws, this.p.c, g, i, this.p.rateOf(g, i));
    this.p.enlist(si, i);
  }

  /** Back in C (a cure, a holiday's end): it stays in its list, its months current counted afresh for line increases. */
  begin(_si: number, i: number): void {
    const ws = this.p.ws;
    ws.state[i] = State.C;
    ws.age[i] = 0;
  }

  /** A stepped account's misses are found month by month, in `step`. */
  leave(): void {}

  /**
   * One month of a current account of a stepped segment (docs/model.md §4.6–4.8): the
   * trigger's cut at a period's start; a miss, with the hazard raised by the payment burden,
   * or attrition; else the plan's payment, then interest, the switch between transactor
   * and revolver and the payment of a credit line (or a loan's level payment), purchases,
   * conversions into plans and a line increase.
   */
  step(si: number, i: number, mo: number, t: number): number {
    const { ws, c } = this.p;
    const trigger = this.levers.trigger;
    const g = this.p.segs[si];
    const s = g.s;
    // The trigger's cut at the period's start, once per episode.
    if (g.revolving && trigger.rule !== null && (mo - 1) % this.p.pm === 0) trigger.cutAccount(i, ws.balance[i] + ws.plan[i], t, t);
    // What is due matters to the burden only (and to a miss's P₁ under a burden).
    const due = s.burden !== 0 ? required(ws, c, g, i, this.p.rateOf(g, i)) : 0;
    // Nothing due (a transactor who bought nothing) says nothing of the burden: B = 1.
    const ratio = due > 0 && ws.refPay[i] > 0 ? due / ws.refPay[i] : 1;
    const event = this.event(si, i, t, ratio, this.seasoned(si, i, mo));
    if (event === MISS) {
      // The whole balance is due: the plan is folded into the delinquent balance.
      ws.missPay[i] = due;
      ws.missedAt[i] = mo;
      ws.balance[i] += ws.plan[i];
      clearPlan(ws, i);
      return Step.misses;
    }
    const cash = this.p.cash.sum;
    if (event === ATTRITION) {
      ws.state[i] = State.P; // closes or prepays in full
      cash[Cash.principal] += ws.balance[i] + ws.plan[i];
      return Step.leaves;
    }
    if (ws.plan[i] > 0) {
      const before = ws.plan[i];
      const fee = payPlans(ws, i, mo);
      this.p.so[si * NPM + PM.instalmentFeeIncome] += fee;
      cash[Cash.interestCharged] += fee;
      cash[Cash.interestFees] += fee;
      cash[Cash.principal] += before - ws.plan[i];
    }
    if (!g.revolving) {
      if (ws.paid[i] < c.term[i]) {
        const b = ws.balance[i];
        const r = g.ledger.annuity.r;
        g.ledger.interest += r * b;
        ws.balance[i] = ++ws.paid[i] >= c.term[i] ? 0 : b * (1 + r) - c.payment[i];
        // The payment: the month's interest and the balance's fall (all of it at the last).
        cash[Cash.interestCharged] += r * b;
        cash[Cash.interestFees] += r * b;
        cash[Cash.principal] += b - ws.balance[i];
      }
      if (ws.balance[i] === 0 && ws.plan[i] === 0) {
        ws.state[i] = State.P; // repaid
        return Step.leaves;
      }
      return Step.stays;
    }
    this.payLine(g, si, i, mo, t);
    this.levers.lines.onCurrentMonth(i, mo);
    return Step.stays;
  }

  /** The key words of a stepped segment's current accounts in month mo: exit, behaviour, convert. */
  beginMonth(si: number, mo: number): void {
    if (!this.p.segs[si].s.stepped) return;
    for (let k = 0; k < 3; k++) {
      const at = this.p.stream(MONTH_PURPOSES[k], si, mo);
      this.monthKeys[2 * k] = this.p.streams[at];
      this.monthKeys[2 * k + 1] = this.p.streams[at + 1];
    }
  }

  /**
   * What the month's uniform u makes of a stepped current account's month: a miss below its hazard h
   * (× the burden factor), attrition below h + α(1 − h), else it pays. The hazards of the
   * grid points around the account's threshold bound its own (the hazard rises with the
   * threshold), so its own is computed only when u falls between the bounds: the profile
   * of a month-by-month account showed Φ, log1p and expm1 as half its time. The burden
   * factor ratio^ε is bounded first by ratio (ε ≤ 1) and computed only when the bound
   * cannot decide: the exact power was half the time of a book with burden.
   */
  private event(si: number, i: number, t: number, ratio: number, season: number): number {
    const { ws, c, T } = this.p;
    const curves = ws.curves[si];
    const g = this.p.segs[si];
    const s = g.s;
    const u = keyedUniform(this.monthKeys[0], this.monthKeys[1], i - g.start);
    const attrition = s.attrition;
    const own = (ws.flags[i] & Flag.redefault) !== 0;
    const k = c.cell[i];
    // The hazards of the account's grid cell and its upper neighbour in period t.
    const h1 = curves.hz[k * T + t - 1];
    const h2 = curves.hz[Math.min(k + 1, c.grids[si].length - 1) * T + t - 1];
    // The seasoning multiplier scales the hazard as the burden factor does (1 without a curve: the same arithmetic).
    let burden = season;
    if (ratio !== 1) {
      const bound = ratio <= 1 ? 1 : s.burden <= 1 ? ratio : pow(ratio, s.burden);
      const most = Math.min(1, Math.max(h1, h2) * bound * season * (1 + MARGIN));
      if (!own && u >= most + attrition * (1 - most)) return PAYS;
      burden = pow(ratio, s.burden) * season;
    }
    if (!own) {
      const a = Math.min(1, h1 * burden);
      const b = Math.min(1, h2 * burden);
      const lo = Math.min(a, b) * (1 - MARGIN);
      const hi = Math.min(1, Math.max(a, b) * (1 + MARGIN));
      if (u < lo) return MISS;
      if (u >= hi + attrition * (1 - hi)) return PAYS;
      if (u >= hi && u < lo + attrition * (1 - lo)) return ATTRITION;
    }
    const h = Math.min(1, curves.hazard(own ? ws.own[i] : c.a[i], t) * burden);
    return u < h ? MISS : u < h + attrition * (1 - h) ? ATTRITION : PAYS;
  }

  /**
   * The seasoning multiplier of account i in month mo (docs/model.md §3.4): its months on
   * book are the start's plus the months since (a starting account), or the months since
   * its booking at the end of month bookAt.
   */
  private seasoned(si: number, i: number, mo: number): number {
    const curve = this.p.segs[si].s.seasoning;
    if (curve === null) return 1;
    const c = this.p.c;
    const at = c.bookAt[i];
    const age = at === 0 ? c.monthsOnBook![i] + mo - 1 : mo - at - 1;
    return age < curve.at.length ? curve.at[age] : curve.afterwards;
  }

  /** A current credit line's month after its plan's payment: interest, the switch, the payment, purchases, conversions. */
  private payLine(g: SegmentPath, si: number, i: number, mo: number, t: number): void {
    const ws = this.p.ws;
    const s = g.s;
    const rate = this.p.rateOf(g, i);
    const revolvers = s.revolvers;
    let b = ws.balance[i];
    const cash = this.p.cash.sum;
    if (revolvers === null) {
      g.ledger.interest += b * rate; // the balance revolves, interest paid, as in the closed form
      cash[Cash.interestCharged] += b * rate;
      cash[Cash.interestFees] += b * rate;
      return;
    }
    const was = (ws.flags[i] & Flag.revolver) !== 0;
    if (was) {
      g.ledger.interest += b * rate; // a transactor's statement is interest-free
      cash[Cash.interestCharged] += b * rate;
      cash[Cash.interestFees] += b * rate;
    }
    const w = keyedUniform(this.monthKeys[2], this.monthKeys[3], i - g.start);
    const now = was ? w >= g.toTransact[t - 1] : w < g.toRevolve[t - 1];
    if (now) ws.flags[i] |= Flag.revolver;
    else ws.flags[i] &= ~Flag.revolver;
    // A transactor pays the statement in full; a revolver the minimum share plus the interest.
    const statement = b;
    b = now ? b * (1 - revolvers.minPayment) : 0;
    cash[Cash.principal] += statement - b;
    const plans = s.instalments;
    const o = si * NPM;
    if (now && plans !== null && plans.balanceRate > 0 && b > 0) {
      if (keyedUniform(this.monthKeys[4], this.monthKeys[5], i - g.start) < plans.balanceRate) {
        convert(ws, i, b, plans, mo);
        b = 0;
      }
    }
    if (s.purchases > 0) {
      const buy = Math.min(s.purchases * ws.limit[i], Math.max(0, ws.limit[i] - b - ws.plan[i]));
      this.p.so[o + PM.merchantFeeIncome] += s.interchange * buy;
      cash[Cash.merchantFees] += s.interchange * buy;
      cash[Cash.draws] += buy;
      const converted = plans === null ? 0 : plans.purchaseShare * buy;
      if (converted > 0) convert(ws, i, converted, plans!, mo);
      b += buy - converted;
    }
    ws.balance[i] = b;
  }

  /** Month mo's sums of segment si's current accounts outside its list: none, but their plans (folded into the balance at a miss). */
  monthSums(si: number, _mo: number, sums: MonthSums): void {
    const { ws, segs } = this.p;
    const list = ws.lists[si];
    const revolvers = segs[si].s.revolvers !== null;
    let balance = 0;
    for (let r = 0; r < ws.listLength[si]; r++) {
      const i = list[r];
      if (ws.state[i] !== State.C) continue;
      balance += ws.plan[i];
      if (revolvers) {
        sums.lines++;
        if (ws.flags[i] & Flag.revolver) sums.revolving++;
      }
    }
    sums.balance = balance;
    sums.count = 0;
  }

  /** Every current account of a stepped segment is in its list: the arrears' horizon sum counts it (arrears.ts). */
  atHorizon(): number {
    return 0;
  }
}
