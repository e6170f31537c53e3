/**
 * One variant's paths on one workspace (MODEL.md version 2, sections 3–8, on a monthly
 * clock). A path is its outline: the period set-up shared by a segment's accounts, the
 * start, then each month the arrears, the current accounts that miss, the applicants
 * booked, and the month-end sums; at the horizon the expected loss past it. The work is
 * done by the current accounts of each segment (closed-form or stepped, behind one
 * interface: accounts/currentAccounts.ts) and by the arrears (accounts/arrears.ts); the
 * columns are reused from path to path.
 */
import type { Book, BookColumns } from "./book.ts";
import { NPM, PC, PERIOD_FIXED, PM, periodWidth, rateBase } from "./layout.ts";
import { exposureOf } from "./lines.ts";
import type { Model, VariantModel } from "./model.ts";
import { Phi, PhiInv, shifted } from "../math/normal.ts";
import { collectedRoll } from "./levers/collections.ts";
import { PathLevers } from "./levers/pathLevers.ts";
import { salePriceAt } from "./levers/nplSale.ts";
import type { Workout } from "./recovery.ts";
import { linkIndex, rollIndex } from "./link.ts";
import { bitsBelow } from "./random.ts";
import { State } from "./state.ts";
import { variableAt } from "./macro.ts";
import { BALANCE, RECORD, RECORD8, STATE, type Workspace } from "./workspace.ts";
import { finishRates, insure } from "./pathTotals.ts";
import { Arrears } from "./accounts/arrears.ts";
import { ClosedFormAccounts } from "./accounts/closedForm.ts";
import { MonthSums, type CurrentAccounts } from "./accounts/currentAccounts.ts";
import { PathContext } from "./accounts/pathContext.ts";
import type { StartSchedule } from "./accounts/startSchedule.ts";
import { SteppedAccounts } from "./accounts/steppedAccounts.ts";
import { PathAllowance, type PoolSums } from "./allowance.ts";
import { Cash } from "./cashFlows.ts";

/** The base's exits from C at the start, and whether this variant replays them. */
export type StartReplay = { schedule: StartSchedule; replay: boolean };

/** The workout's flows reported by period (recovery.ts), summed over the period's months. */
const PERIOD_FLOWS = ["recoveries", "workoutCost", "saleProceeds", "chargeOffs", "chargeOffRecoveries"] as const;

/** The reporting views' columns. */
const VIEWS = ["dpdCurrent", "dpd1to29", "dpd30to59", "dpd60to89", "dpd90plus", "cnNormal", "cnSpecialMention", "cnSubstandard", "cnDoubtful", "cnLoss"] as const;

export class PathRun {
  private readonly p: PathContext;
  private readonly levers: PathLevers;
  /** The two kinds of current accounts, and each segment's kind. */
  private readonly closed: CurrentAccounts;
  private readonly stepped: CurrentAccounts;
  private readonly current: CurrentAccounts[];
  private readonly arrears: Arrears;
  private readonly sums = new MonthSums();
  /** The allowance with `provisioning` (allowance.ts), and the closed-form current accounts' sums it reads. */
  private readonly allowance: PathAllowance | null = null;
  private readonly pool: PoolSums;
  /** The book's month-end balances summed over the period and since month 1, and its loss since month 1: the loss rates on average balances. */
  private balances = { period: 0, total: 0, loss: 0 };

  constructor(
    private readonly model: Model,
    private readonly v: VariantModel,
    private readonly book: Book,
    private readonly c: BookColumns,
    private readonly ws: Workspace,
  ) {
    this.p = new PathContext(model, v, book, c, ws);
    this.levers = new PathLevers(this.p);
    const closed = new ClosedFormAccounts(this.p, this.levers);
    const stepped = new SteppedAccounts(this.p, this.levers);
    this.closed = closed;
    this.stepped = stepped;
    this.current = v.segments.map((s) => (s.stepped ? stepped : closed));
    this.arrears = new Arrears(this.p, this.levers, this.current);
    const S = v.segments.length;
    this.pool = { balance: new Float64Array(S), count: new Float64Array(S) };
    if (model.provisioning) {
      this.allowance = new PathAllowance(model, v, book, c, ws, model.provisioning);
      this.p.allowance = this.allowance;
    }
  }

  /**
   * The book's monthly workout flows of the last path run (recovery.ts `FLOWS`: recoveries,
   * workoutCost, saleProceeds, chargeOffs, chargeOffRecoveries, lossAtDefault, netLoss,
   * defaultedEad), indexed by month 1..H; a segment's are `workout.seg[si].flows`.
   */
  get workout(): Workout {
    return this.p.workout;
  }

  /**
   * One path: its economy in Z (period-major, K factors) and its factors' history before the
   * start (macro.ts `factorHistory`: what a link's lags read), its outputs written into so and po.
   */
  simulate(keys: [number, number], economy: { Z: Float64Array; history: Float64Array }, so: Float64Array, po: Float64Array, start: StartReplay | null): void {
    const { Z } = economy;
    const { p, arrears, current } = this;
    const S = p.segs.length;
    p.beginPath(keys, so);
    this.ws.reset(this.c);
    this.setupPath(Z, economy.history);
    this.balances = { period: 0, total: 0, loss: 0 };
    // The closed-form draws first, then the arrears' first misses, then the stepped accounts join their lists.
    this.startKind(this.closed, start);
    arrears.start();
    this.startKind(this.stepped, start);
    this.allowance?.begin(so);
    p.cash.begin(this.openingBalance());
    const { H, pm } = p;
    const W = periodWidth(this.model.layout);
    const booking = this.v.segments.some((s) => s.applicantsPerMonth > 0);
    const replacing = this.model.simulation.balanceSheet === "static";
    if (replacing) this.startBalances();
    for (let mo = 1; mo <= H; mo++) {
      const t = Math.ceil(mo / pm);
      for (let si = 0; si < S; si++) arrears.step(si, mo, t);
      for (let si = 0; si < S; si++) current[si].leave(si, mo, t, arrears);
      if (booking) for (let si = 0; si < S; si++) this.bookApplicants(si, mo);
      if (replacing) for (let si = 0; si < S; si++) this.replace(si, mo);
      this.monthEnd(mo, t, po, mo % pm === 0 ? (t - 1) * W : -1, Z);
    }
    for (let si = 0; si < S; si++) {
      const o = si * NPM;
      so[o + PM.interestIncome] = this.c.baseline[si].interest + p.segs[si].ledger.interest;
      so[o + PM.acquisitionCost] = so[o + PM.booked] * p.pol.costPerBooked;
      so[o + PM.lifetimeLoss] += current[si].atHorizon(si);
      // The defaults of the horizon not yet charged off, less the recoveries still to come of those that were (recovery.ts).
      so[o + PM.lifetimeLoss] += so[o + PM.lossAtDefault] - so[o + PM.netLoss];
      so[o + PM.averageBalance] = (so[o + PM.balanceYears] * 12) / H;
    }
    insure(so, S, p.pol);
    this.insurerPays(po, so, S);
    for (let si = 0; si < S; si++) {
      finishRates(so, si * NPM);
      // The loss past the horizon, discounted from H (an upper bound on its value at the start: it comes at H or later).
      so[si * NPM + PM.pvLifetimeLoss] = p.workout.seg[si].discount[p.H] * so[si * NPM + PM.lifetimeLoss];
    }
    // The book's: what discounting takes off profit, for bookTotals (pathTotals.ts) to take off the book's profit.
    so[PM.pvProfit] = p.cash.discounting;
    if (this.allowance) {
      // The credit loss recognized as the allowance moves, in place of the loss at default.
      for (let si = 0; si < S; si++) {
        const o = si * NPM;
        so[o + PM.profitAfterProvisions] = so[o + PM.profit] + so[o + PM.netLoss] - so[o + PM.provisionCharge];
      }
    }
  }

  /**
   * The book's balance at the start, as the month-end sums read it (monthEnd): the
   * closed-form segments' starting current accounts, and every account in a list (in
   * arrears, on holiday, in default, a stepped segment's current ones).
   */
  private openingBalance(): number {
    const { ws, c } = this;
    let balance = 0;
    for (let si = 0; si < this.p.segs.length; si++) {
      const base = c.baseline[si];
      if (!this.p.segs[si].s.stepped && base.count[0] > 0) balance += Math.max(0, base.balance[0]);
      const list = ws.lists[si];
      for (let r = 0; r < ws.listLength[si]; r++) balance += ws.record[RECORD * list[r] + BALANCE];
    }
    return balance;
  }

  /**
   * The insurer's recovery, known once the horizon's loss is (insure), is paid in the last
   * period: its row's insurance cash, net cash and funding need take it in.
   */
  private insurerPays(po: Float64Array, so: Float64Array, S: number): void {
    let recovery = 0;
    for (let si = 0; si < S; si++) recovery += so[si * NPM + PM.insuranceRecovery];
    this.p.cash.recovered(this.p.H, recovery);
    if (recovery === 0) return;
    const row = (this.p.T - 1) * periodWidth(this.model.layout);
    const cash = this.p.cash;
    const before = cash.needBefore(po, row);
    po[row + PC.cashInsurance] += recovery;
    cash.settle(po, row, before);
  }

  /** The start of one kind of current accounts: drawn (and recorded for the variants that replay it), or replayed. */
  private startKind(kind: CurrentAccounts, start: StartReplay | null): void {
    if (start?.replay) kind.restore(start.schedule);
    else {
      kind.start(start?.schedule ?? null);
      if (start) kind.snapshot(start.schedule);
    }
  }

  /** What is shared by every account of a segment in each period: the factor, the shifted rolls, the LGD mean, the survival curves. */
  private setupPath(Z: Float64Array, history: Float64Array): void {
    const { T, H, pm, pol, so } = this.p;
    const c = this.c;
    const K = this.model.layout.factors.length;
    this.levers.trigger.setupPath(Z);
    this.p.segs.forEach((g, si) => {
      const s = g.s;
      const m = s.roll.length;
      g.drawParameters(this.p.keys);
      for (let t = 1; t <= T; t++) {
        let x = 0;
        for (let k = 0; k < K; k++) x += s.loadings[k] * Z[(t - 1) * K + k];
        g.x[t - 1] = x;
      }
      // Rolls with a link of their own run on their index of the residual and the variables, read before the miss's replaces it.
      const rollLink = s.rollLink;
      if (rollLink !== null) rollIndex(rollLink, this.v.macro, { Z, history, periodMonths: pm }, g.x, g.xRoll);
      // A linked segment runs on its index of the residual and the named variables (link.ts).
      if (s.link !== null) linkIndex(s.link, this.v.macro, { Z, history, periodMonths: pm }, g.x);
      for (let t = 1; t <= T; t++) {
        const x = g.x[t - 1];
        // Shifted roll rates, reduced by collections and capped at 1 − stay (MODEL.md 4, 7).
        const xr = rollLink !== null ? g.xRoll[t - 1] : x;
        const rhoRoll = rollLink !== null ? rollLink.rho : g.rhoRoll;
        for (let k = 0; k < m; k++) {
          g.rolls[(t - 1) * m + k] = collectedRoll(pol, shifted(s.roll[k], rhoRoll, xr), s.stay[k]);
        }
        g.lgdMean[t - 1] = s.lgd.macro > 0 || g.lgdShift !== 0 ? Phi(PhiInv(s.lgd.mean) + g.lgdShift - s.lgd.macro * x) : s.lgd.mean;
        if (this.levers.sale.sells) g.salePrice[t - 1] = salePriceAt(g.sale, x, g.lgdMean[t - 1], g.buyerValue);
        if (s.revolvers !== null) {
          // A bad economy (x < 0) turns transactors into revolvers and keeps revolvers revolving.
          g.toRevolve[t - 1] = shifted(s.revolvers.toRevolve, g.rho, x);
          g.toTransact[t - 1] = shifted(s.revolvers.toTransact, g.rho, -x);
        }
      }
      // What lies past the horizon continues this path's own economy (lifetime.ts).
      g.lifeAt(g.x[T - 1]);
      const curves = this.ws.curves[si];
      curves.compute({ points: c.grids[si], rho: g.rho, attrition: s.attrition, x: g.x, periodMonths: pm, months: H, shift: g.thresholdShift });
      const last = this.p.lastMonth(g, 0, 0, s.termMonths);
      const G = c.grids[si].length;
      // An account of cell k whose uniform is at or below its upper neighbour's survival never leaves (compared as keyed bits).
      for (let k = 0; k < G; k++) g.quick[k] = bitsBelow(curves.survivalAt(Math.min(k + 1, G - 1), last));
      g.ledger.clear();
      g.x1 = 0;
      g.y1 = 0;
      g.c1 = 0;
      g.pay1 = 0;
      g.px1 = 0;
      g.py1 = 0;
      const base = c.baseline[si];
      const o = si * NPM;
      so.fill(0, o, o + NPM);
      so[o + PM.accounts] = base.accounts;
      so[o + PM.exposure] = base.exposure;
      so[o + PM.applicants] = s.applicantsPerMonth * H;
    });
  }

  /** Applicants of month mo approved by the policy join as current accounts at its end. */
  private bookApplicants(si: number, mo: number): void {
    const { ws, c } = this;
    const g = this.p.segs[si];
    const r = this.book.ranges[si];
    if (g.s.applicantsPerMonth === 0) return;
    const first = r.start + r.accounts + (mo - 1) * r.perMonth;
    const o = si * NPM;
    const so = this.p.so;
    for (let i = first; i < first + r.perMonth; i++) {
      if (c.bookAt[i] !== mo) continue;
      ws.touch(i);
      so[o + PM.accounts]++;
      so[o + PM.booked]++;
      so[o + PM.exposure] += exposureOf(g.s, c.balance[i], c.limit[i]);
      const cash = this.p.cash.sum;
      cash[Cash.originations] += c.balance[i];
      cash[Cash.costs] += this.p.pol.costPerBooked;
      this.current[si].book(si, i, mo);
      this.allowance?.onBooked(si);
    }
  }

  /**
   * The period's days-past-due buckets and five categories (docs/model.md §8.3) as shares
   * of the balance; current and normal are the rest, so each set sums to 1 (0 with no balance).
   */
  private reportingViews(po: Float64Array, row: number, balance: number): void {
    const { pastDue, category } = this.sums;
    if (!(balance > 0)) {
      for (const m of VIEWS) po[row + PC[m]] = 0;
      return;
    }
    let due = 0;
    for (let k = 0; k < 4; k++) due += pastDue[k];
    po[row + PC.dpdCurrent] = Math.max(0, balance - due) / balance;
    po[row + PC.dpd1to29] = pastDue[0] / balance;
    po[row + PC.dpd30to59] = pastDue[1] / balance;
    po[row + PC.dpd60to89] = pastDue[2] / balance;
    po[row + PC.dpd90plus] = pastDue[3] / balance;
    let classed = 0;
    for (let k = 0; k < 4; k++) classed += category[k];
    po[row + PC.cnNormal] = Math.max(0, balance - classed) / balance;
    po[row + PC.cnSpecialMention] = category[0] / balance;
    po[row + PC.cnSubstandard] = category[1] / balance;
    po[row + PC.cnDoubtful] = category[2] / balance;
    po[row + PC.cnLoss] = category[3] / balance;
  }

  /** Each segment's balance at the start, not in default, that a static balance sheet keeps; and its first replacement slot. */
  private readonly kept: { balance: number; next: number }[] = [];

  private startBalances(): void {
    this.kept.length = 0;
    for (let si = 0; si < this.p.segs.length; si++) {
      const r = this.book.ranges[si];
      this.kept.push({ balance: this.liveBalance(si, 0), next: r.end - r.replacements });
    }
  }

  /**
   * Segment si's month-end balance of month mo of the accounts on the book and not in
   * default (C, D1..Dm, R), read without advancing the month's running sums: the closed
   * form's current accounts from the ledger (as ClosedFormAccounts.monthSums), a stepped
   * segment's from its list, and the accounts in arrears from the list.
   */
  private liveBalance(si: number, mo: number): number {
    const { ws, c } = this;
    const g = this.p.segs[si];
    let balance = 0;
    const list = ws.lists[si];
    if (g.s.stepped) {
      for (let r = 0; r < ws.listLength[si]; r++) if (ws.record8[RECORD8 * list[r] + STATE] === State.C) balance += ws.plan[list[r]];
    } else {
      const base = c.baseline[si];
      const later = mo > 0 ? 1 : 0;
      const count = base.count[mo] + g.c1 + later * g.ledger.count[mo];
      if (count > 0) balance += Math.max(0, base.balance[mo] + base.annuity.phi[mo] * (g.x1 + later * g.ledger.x[mo]) + g.y1 + later * g.ledger.y[mo]);
    }
    for (let r = 0; r < ws.listLength[si]; r++) {
      const i = list[r];
      if (ws.record8[RECORD8 * i + STATE] !== State.F) balance += ws.record[RECORD * i + BALANCE];
    }
    return balance;
  }

  /**
   * A static balance sheet (docs/model.md §7.1): at the end of month mo, new current accounts
   * of the segment, from its replacement slots in order, join until its balance not in
   * default is back to the start's (the last one joins when that brings it nearer).
   */
  private replace(si: number, mo: number): void {
    const kept = this.kept[si];
    const r = this.book.ranges[si];
    const { ws, c } = this;
    const g = this.p.segs[si];
    const so = this.p.so;
    const o = si * NPM;
    let balance = this.liveBalance(si, mo);
    while (kept.next < r.end && balance + c.balance[kept.next] / 2 < kept.balance) {
      const i = kept.next++;
      ws.touch(i);
      so[o + PM.accounts]++;
      so[o + PM.exposure] += exposureOf(g.s, c.balance[i], c.limit[i]);
      this.p.cash.sum[Cash.originations] += c.balance[i];
      // A new account: its months on book count from now, and the allowance's transfers leave it out as they do a booked applicant.
      ws.joined[i] = mo;
      this.current[si].book(si, i, mo);
      this.allowance?.onBooked(si);
      balance += c.balance[i];
    }
  }

  /** Month-end sums: balances for funding and the NPL ratio, accounts in arrears; the period's row at its end. */
  private monthEnd(mo: number, t: number, po: Float64Array, row: number, Z: Float64Array): void {
    const { p, arrears, sums } = this;
    const { pol, so } = p;
    const layout = this.model.layout;
    const buckets = this.ws.bucketCount.fill(0);
    let activeBalance = 0;
    let activeCount = 0;
    sums.npl = 0;
    sums.lines = 0;
    sums.revolving = 0;
    sums.pastDue.fill(0);
    sums.category.fill(0);
    for (let si = 0; si < p.segs.length; si++) {
      this.current[si].monthSums(si, mo, sums);
      this.pool.balance[si] = sums.balance;
      this.pool.count[si] = sums.count;
      arrears.monthSums(si, sums, buckets);
      const { balance, count } = sums;
      const o = si * NPM;
      so[o + PM.fundingCost] += balance * pol.fundingMonthly; // every account not written off
      so[o + PM.balanceYears] += balance / 12;
      so[o + PM.collectionCost] += sums.arrears * pol.collectionCostMonthly;
      so[o + PM.operatingCost] += count * pol.costPerAccountMonth;
      const cash = p.cash.sum;
      cash[Cash.funding] += balance * pol.fundingMonthly;
      cash[Cash.costs] += sums.arrears * pol.collectionCostMonthly + count * pol.costPerAccountMonth;
      if (pol.insurance) cash[Cash.insurance] -= (pol.insurance.premium * balance) / 12;
      if (mo === p.H) so[o + PM.lifetimeLoss] = arrears.atHorizon(si);
      p.workout.month(si, mo, so);
      activeBalance += balance;
      activeCount += count;
    }
    p.cash.month(mo, p.workout.book.netLoss[mo]);
    const bal = this.balances;
    bal.period += activeBalance;
    bal.total += activeBalance;
    if (row < 0) return;
    this.allowance?.periodEnd(t, mo, Z, so, po, row, this.pool, sums.npl, (si) => this.p.segs[si].x[t - 1]);
    const K = layout.factors.length;
    po[row + PC.nplRatio] = activeBalance > 0 ? sums.npl / activeBalance : 0;
    po[row + PC.defaults] = arrears.periodDefaults;
    const workout = p.workout;
    const periodLoss = workout.periodNetLoss;
    po[row + PC.netLoss] = periodLoss;
    po[row + PC.balance] = activeBalance;
    this.reportingViews(po, row, activeBalance);
    // Loss rates on average balances (the Federal Reserve's stress-test convention, docs/model.md §8).
    bal.loss += periodLoss;
    const periodAverage = bal.period / this.p.pm;
    const totalAverage = bal.total / mo;
    po[row + PC.periodAverageBalance] = periodAverage;
    po[row + PC.periodLossRate] = rateBase(periodAverage) ? periodLoss / periodAverage : 0;
    po[row + PC.lossRateToDate] = rateBase(totalAverage) ? bal.loss / totalAverage : 0;
    bal.period = 0;
    const F = PERIOD_FIXED.length;
    for (let k = 0; k < layout.buckets; k++) po[row + F + k] = activeCount > 0 ? buckets[k] / activeCount : 0;
    for (let k = 0; k < K; k++) po[row + F + layout.buckets + k] = Z[(t - 1) * K + k];
    const variables = this.v.macro.variables;
    // A variable held on a fixed path reports it (the history is not read from period 1 on).
    for (let j = 0; j < variables.length; j++) po[row + F + layout.buckets + K + j] = variableAt(this.v.macro, j, t, Z, Z, this.p.pm);
    if (layout.revolvers) po[row + F + layout.buckets + K + variables.length] = sums.lines > 0 ? sums.revolving / sums.lines : 0;
    po[row + PC.lossAtDefault] = arrears.periodLoss;
    const f = workout.book;
    for (const m of PERIOD_FLOWS) {
      let sum = 0;
      for (let k = mo - this.p.pm + 1; k <= mo; k++) sum += f[m][k];
      po[row + PC[m]] = sum;
    }
    workout.periodNetLoss = 0;
    // After the workout's flows: net cash counts its recoveries, sale proceeds and costs.
    p.cash.write(po, row, activeBalance);
    arrears.periodDefaults = 0;
    arrears.periodLoss = 0;
  }
}
