/**
 * The current accounts of stepped segments, month by month (docs/model.md §4.6–4.8, §10):
 * transactors and revolvers, purchases and merchant fees, instalment plans, the payment
 * burden on the miss hazard, line increases and the economy trigger's cuts. A segment is
 * stepped when its model depends on an account's history (model.ts `steppedSegments`);
 * the path's other work (arrears, defaults, forbearance, month-end sums) stays in
 * simulate.ts, which calls `step` for each current account in a stepped segment's list.
 */
import type { BookColumns } from "./book.ts";
import { cutUndrawn } from "./lines.ts";
import { pow } from "../math/elementary.ts";
import type { PolicyModel } from "./model.ts";
import { NPM, PM } from "./layout.ts";
import { keyedUniform, Purpose } from "./random.ts";
import type { SegmentPath } from "./segmentPath.ts";
import { Flag, State } from "./state.ts";
import type { Workspace } from "./workspace.ts";

/** What a path run (simulate.ts) lends the stepped accounts: its columns, policy, streams and outputs. */
export interface SteppedHost {
  readonly ws: Workspace;
  readonly c: BookColumns;
  readonly pol: PolicyModel;
  readonly segs: SegmentPath[];
  readonly pm: number;
  readonly T: number;
  /** Trigger episode of each period (0: none), and the path's outputs per segment. */
  readonly episode: Int16Array;
  readonly so: Float64Array;
  readonly streams: Int32Array;
  /** Index in `streams` of the key words of (purpose, segment, month). */
  stream(purpose: Purpose, si: number, month: number): number;
  /** Account i's monthly APR. */
  rateOf(g: SegmentPath, i: number): number;
  /** A miss: charges, D1 or F, forbearance; whether the account stays in a list. */
  missed(si: number, i: number, mo: number, t: number): boolean;
  enlist(si: number, i: number): void;
}

/** The streams a stepped current account draws from each month, in monthKeys' order. */
const MONTH_PURPOSES = [Purpose.exit, Purpose.behaviour, Purpose.convert] as const;

/** What a stepped current account does in a month (SteppedAccounts.event). */
const PAYS = 0;
const MISS = 1;
const ATTRITION = 2;
/** Relative room around the grid's bounds for the rounding of Φ, log1p and expm1. */
const MARGIN = 1e-9;

export class SteppedAccounts {
  /** Key words of the month's exit, behaviour and convert streams of the stepped segment being visited. */
  private readonly monthKeys = new Int32Array(6);

  constructor(private readonly run: SteppedHost) {}

  /** A stepped account current at the start or at booking: who revolves (a static draw), its reference payment. */
  startCurrent(si: number, i: number): void {
    const ws = this.run.ws;
    const g = this.run.segs[si];
    ws.touch(i);
    ws.state[i] = State.C;
    ws.age[i] = 0;
    const revolvers = g.s.revolvers;
    if (revolvers !== null && keyedUniform(g.revolverKeys[0], g.revolverKeys[1], i - g.start) < revolvers.share) ws.flags[i] |= Flag.revolver;
    ws.refPay[i] = this.required(g, i);
    this.run.enlist(si, i);
  }

  /**
   * The payment due from current account i this month (docs/model.md §4.8): a revolver's
   * minimum (a share of the balance plus interest), a transactor's minimum, interest only on
   * a line without transactors, a loan's level payment; and its plan's principal and fee.
   */
  required(g: SegmentPath, i: number): number {
    const ws = this.run.ws;
    const plan = ws.planPay[i] + ws.planFee[i];
    if (!g.revolving) return (ws.paid[i] < this.run.c.term[i] ? this.run.c.payment[i] : 0) + plan;
    const b = ws.balance[i];
    const revolvers = g.s.revolvers;
    if (revolvers === null) return b * this.run.rateOf(g, i) + plan;
    const revolving = (ws.flags[i] & Flag.revolver) !== 0;
    return b * (revolvers.minPayment + (revolving ? this.run.rateOf(g, i) : 0)) + plan;
  }

  /**
   * Opens a plan on account i in month mo: principal A over `term` months, fee A·feeRate a
   * month, paid from month mo + 1 to mo + term (docs/model.md §4.7). The account's columns
   * hold the sums over its open plans; the ring slot of the plan's last month holds what
   * that month's end takes off them, so each converted amount is its own plan.
   */
  convert(i: number, amount: number, term: number, feeRate: number, mo: number): void {
    const ws = this.run.ws;
    const pay = amount / term;
    const fee = amount * feeRate;
    ws.plan[i] += amount;
    ws.planPay[i] += pay;
    ws.planFee[i] += fee;
    const slot = i * ws.planRing + ((mo + term) % ws.planRing);
    ws.endPay[slot] += pay;
    ws.endFee[slot] += fee;
  }

  clearPlan(i: number): void {
    const ws = this.run.ws;
    ws.plan[i] = 0;
    ws.planPay[i] = 0;
    ws.planFee[i] = 0;
    const L = ws.planRing;
    if (L > 0) {
      ws.endPay.fill(0, i * L, (i + 1) * L);
      ws.endFee.fill(0, i * L, (i + 1) * L);
    }
  }

  /** Month mo's payment of account i's plans: their fees and principal; the plans whose last payment it is close. */
  private payPlans(si: number, i: number, mo: number): void {
    const ws = this.run.ws;
    this.run.so[si * NPM + PM.instalmentFeeIncome] += ws.planFee[i];
    const pay = ws.planPay[i];
    const left = ws.plan[i] - pay;
    const slot = i * ws.planRing + (mo % ws.planRing);
    ws.planPay[i] -= ws.endPay[slot];
    ws.planFee[i] -= ws.endFee[slot];
    ws.endPay[slot] = 0;
    ws.endFee[slot] = 0;
    // The last plan repaid leaves rounding only.
    if (left > 1e-9 * pay) ws.plan[i] = left;
    else this.clearPlan(i);
  }

  /**
   * One month of a current account of a stepped segment (docs/model.md §4.6–4.8): the
   * trigger's cut at a period's start; a miss, with the hazard raised by the payment burden,
   * or attrition; else the plan's payment, then interest, the switch between transactor
   * and revolver and the payment of a credit line (or a loan's level payment), purchases,
   * conversions into plans and a line increase. Returns whether it stays on the book.
   */
  step(si: number, i: number, mo: number, t: number): boolean {
    const { ws, pol, c } = this.run;
    const g = this.run.segs[si];
    const s = g.s;
    if (g.revolving && pol.trigger !== null && (mo - 1) % this.run.pm === 0) this.cutAtPeriodStart(i, t);
    // What is due matters to the burden only (and to a miss's P₁ under a burden).
    const due = s.burden !== 0 ? this.required(g, i) : 0;
    // Nothing due (a transactor who bought nothing) says nothing of the burden: B = 1.
    const ratio = due > 0 && ws.refPay[i] > 0 ? due / ws.refPay[i] : 1;
    const u = keyedUniform(this.monthKeys[0], this.monthKeys[1], i - g.start);
    const event = this.event(si, i, t, u, ratio);
    if (event === MISS) {
      // The whole balance is due: the plan is folded into the delinquent balance.
      ws.missPay[i] = due;
      ws.missedAt[i] = mo;
      ws.balance[i] += ws.plan[i];
      this.clearPlan(i);
      return this.run.missed(si, i, mo, t);
    }
    if (event === ATTRITION) {
      ws.state[i] = State.P; // closes or prepays in full
      return false;
    }
    if (ws.plan[i] > 0) this.payPlans(si, i, mo);
    if (!g.revolving) {
      if (ws.paid[i] < c.term[i]) {
        const b = ws.balance[i];
        const r = g.ledger.annuity.r;
        g.ledger.interest += r * b;
        ws.balance[i] = ++ws.paid[i] >= c.term[i] ? 0 : b * (1 + r) - c.payment[i];
      }
      if (ws.balance[i] === 0 && ws.plan[i] === 0) {
        ws.state[i] = State.P; // repaid
        return false;
      }
      return true;
    }
    this.payLine(g, si, i, mo, t);
    const increase = pol.increase;
    if (increase !== null && ++ws.age[i] >= increase.afterMonths && ws.increases[i] < increase.maxTimes) {
      const warning = pol.earlyWarning;
      if (warning === null || mo - ws.missedAt[i] > warning.lookbackMonths) {
        ws.limit[i] *= 1 + increase.by;
        ws.increases[i]++;
        ws.age[i] = 0;
      }
    }
    return true;
  }

  /** The key words of a stepped segment's current accounts in month mo: exit, behaviour, convert. */
  keysOfMonth(si: number, mo: number): void {
    for (let k = 0; k < 3; k++) {
      const at = this.run.stream(MONTH_PURPOSES[k], si, mo);
      this.monthKeys[2 * k] = this.run.streams[at];
      this.monthKeys[2 * k + 1] = this.run.streams[at + 1];
    }
  }

  /**
   * What uniform u makes of a stepped current account's month: a miss below its hazard h
   * (× the burden factor), attrition below h + α(1 − h), else it pays. The hazards of the
   * grid points around the account's threshold bound its own (the hazard rises with the
   * threshold), so its own is computed only when u falls between the bounds: the profile
   * of a month-by-month account showed Φ, log1p and expm1 as half its time. The burden
   * factor ratio^ε is bounded first by ratio (ε ≤ 1) and computed only when the bound
   * cannot decide: the exact power was half the time of a book with burden.
   */
  private event(si: number, i: number, t: number, u: number, ratio: number): number {
    const { ws, c, T } = this.run;
    const curves = ws.curves[si];
    const s = this.run.segs[si].s;
    const attrition = s.attrition;
    const own = (ws.flags[i] & Flag.redefault) !== 0;
    const k = c.cell[i];
    // The hazards of the account's grid cell and its upper neighbour in period t.
    const h1 = curves.hz[k * T + t - 1];
    const h2 = curves.hz[Math.min(k + 1, c.grids[si].length - 1) * T + t - 1];
    let burden = 1;
    if (ratio !== 1) {
      const bound = ratio <= 1 ? 1 : s.burden <= 1 ? ratio : pow(ratio, s.burden);
      const most = Math.min(1, Math.max(h1, h2) * bound * (1 + MARGIN));
      if (!own && u >= most + attrition * (1 - most)) return PAYS;
      burden = pow(ratio, s.burden);
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

  /** A current credit line's month after its plan's payment: interest, the switch, the payment, purchases, conversions. */
  private payLine(g: SegmentPath, si: number, i: number, mo: number, t: number): void {
    const ws = this.run.ws;
    const s = g.s;
    const rate = this.run.rateOf(g, i);
    const revolvers = s.revolvers;
    let b = ws.balance[i];
    if (revolvers === null) {
      g.ledger.interest += b * rate; // the balance revolves, interest paid, as in the closed form
      return;
    }
    const was = (ws.flags[i] & Flag.revolver) !== 0;
    if (was) g.ledger.interest += b * rate; // a transactor's statement is interest-free
    const w = keyedUniform(this.monthKeys[2], this.monthKeys[3], i - g.start);
    const now = was ? w >= g.toTransact[t - 1] : w < g.toRevolve[t - 1];
    if (now) ws.flags[i] |= Flag.revolver;
    else ws.flags[i] &= ~Flag.revolver;
    // A transactor pays the statement in full; a revolver the minimum share plus the interest.
    b = now ? b * (1 - revolvers.minPayment) : 0;
    const plans = s.instalments;
    const o = si * NPM;
    if (now && plans !== null && plans.balanceRate > 0 && b > 0) {
      if (keyedUniform(this.monthKeys[4], this.monthKeys[5], i - g.start) < plans.balanceRate) {
        this.convert(i, b, plans.termMonths, plans.feeRate, mo);
        b = 0;
      }
    }
    if (s.purchases > 0) {
      const buy = Math.min(s.purchases * ws.limit[i], Math.max(0, ws.limit[i] - b - ws.plan[i]));
      this.run.so[o + PM.merchantFeeIncome] += s.interchange * buy;
      const converted = plans === null ? 0 : plans.purchaseShare * buy;
      if (converted > 0) this.convert(i, converted, plans!.termMonths, plans!.feeRate, mo);
      b += buy - converted;
    }
    ws.balance[i] = b;
  }

  /** The trigger's cut of a stepped current line's undrawn limit at the start of period t, once per episode. */
  private cutAtPeriodStart(i: number, t: number): void {
    const ws = this.run.ws;
    const ep = this.run.episode[t];
    if (ep === 0 || ws.cutEpisode[i] === ep) return;
    ws.limit[i] = cutUndrawn(ws.limit[i], ws.balance[i] + ws.plan[i], this.run.pol.trigger!.cut);
    ws.cutEpisode[i] = ep;
  }
}
