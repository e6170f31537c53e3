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
import { NPM, PM, periodWidth } from "./layout.ts";
import { exposureOf } from "./lines.ts";
import type { Model, VariantModel } from "./model.ts";
import { Phi, PhiInv, shifted } from "../math/normal.ts";
import { collectedRoll } from "./levers/collections.ts";
import { PathLevers } from "./levers/pathLevers.ts";
import { linkIndex } from "./link.ts";
import { variableAt } from "./macro.ts";
import type { Workspace } from "./workspace.ts";
import { finishRates, insure } from "./pathTotals.ts";
import { Arrears } from "./accounts/arrears.ts";
import { ClosedFormAccounts } from "./accounts/closedForm.ts";
import { MonthSums, type CurrentAccounts } from "./accounts/currentAccounts.ts";
import { PathContext } from "./accounts/pathContext.ts";
import type { StartSchedule } from "./accounts/startSchedule.ts";
import { SteppedAccounts } from "./accounts/steppedAccounts.ts";

/** The base's exits from C at the start, and whether this variant replays them. */
export type StartReplay = { schedule: StartSchedule; replay: boolean };

export class PathRun {
  private readonly p: PathContext;
  private readonly levers: PathLevers;
  /** The two kinds of current accounts, and each segment's kind. */
  private readonly closed: CurrentAccounts;
  private readonly stepped: CurrentAccounts;
  private readonly current: CurrentAccounts[];
  private readonly arrears: Arrears;
  private readonly sums = new MonthSums();

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
  }

  /**
   * One path: its economy in Z (period-major, K factors) and its starting state Z0 (what a
   * link's lag reads before month 1), its outputs written into so and po.
   */
  simulate(keys: [number, number], economy: { Z: Float64Array; Z0: Float64Array }, so: Float64Array, po: Float64Array, start: StartReplay | null): void {
    const { Z } = economy;
    const { p, arrears, current } = this;
    const S = p.segs.length;
    p.beginPath(keys, so);
    this.ws.reset(this.c);
    this.setupPath(Z, economy.Z0);
    // The closed-form draws first, then the arrears' first misses, then the stepped accounts join their lists.
    this.startKind(this.closed, start);
    arrears.start();
    this.startKind(this.stepped, start);
    const { H, pm } = p;
    const W = periodWidth(this.model.layout);
    const booking = this.v.segments.some((s) => s.applicantsPerMonth > 0);
    for (let mo = 1; mo <= H; mo++) {
      const t = Math.ceil(mo / pm);
      for (let si = 0; si < S; si++) arrears.step(si, mo, t);
      for (let si = 0; si < S; si++) current[si].leave(si, mo, t, arrears);
      if (booking) for (let si = 0; si < S; si++) this.bookApplicants(si, mo);
      this.monthEnd(mo, t, po, mo % pm === 0 ? (t - 1) * W : -1, Z);
    }
    for (let si = 0; si < S; si++) {
      const o = si * NPM;
      so[o + PM.interestIncome] = this.c.baseline[si].interest + p.segs[si].ledger.interest;
      so[o + PM.acquisitionCost] = so[o + PM.booked] * p.pol.costPerBooked;
      so[o + PM.lifetimeLoss] += current[si].atHorizon(si);
    }
    insure(so, S, p.pol);
    for (let si = 0; si < S; si++) finishRates(so, si * NPM);
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
  private setupPath(Z: Float64Array, Z0: Float64Array): void {
    const { T, H, pm, pol, so } = this.p;
    const c = this.c;
    const K = this.model.layout.factors.length;
    this.levers.trigger.setupPath(Z);
    this.p.segs.forEach((g, si) => {
      const s = g.s;
      const m = s.roll.length;
      for (let t = 1; t <= T; t++) {
        let x = 0;
        for (let k = 0; k < K; k++) x += s.loadings[k] * Z[(t - 1) * K + k];
        g.x[t - 1] = x;
      }
      // A linked segment runs on its index of the residual and the named variables (link.ts).
      if (s.link !== null) linkIndex(s.link, this.v.macro, { Z, Z0, periodMonths: pm }, g.x);
      for (let t = 1; t <= T; t++) {
        const x = g.x[t - 1];
        // Shifted roll rates, reduced by collections and capped at 1 − stay (MODEL.md 4, 7).
        for (let k = 0; k < m; k++) {
          g.rolls[(t - 1) * m + k] = collectedRoll(pol, shifted(s.roll[k], s.rhoRoll, x), s.stay[k]);
        }
        g.lgdMean[t - 1] = s.lgd.macro > 0 ? Phi(PhiInv(s.lgd.mean) - s.lgd.macro * x) : s.lgd.mean;
        if (s.revolvers !== null) {
          // A bad economy (x < 0) turns transactors into revolvers and keeps revolvers revolving.
          g.toRevolve[t - 1] = shifted(s.revolvers.toRevolve, s.rho, x);
          g.toTransact[t - 1] = shifted(s.revolvers.toTransact, s.rho, -x);
        }
      }
      const curves = this.ws.curves[si];
      curves.compute({ points: c.grids[si], rho: s.rho, attrition: s.attrition, x: g.x, periodMonths: pm, months: H });
      const last = this.p.lastMonth(g, 0, 0, s.termMonths);
      const G = c.grids[si].length;
      // An account of cell k whose uniform is at or below its upper neighbour's survival never leaves.
      for (let k = 0; k < G; k++) g.quick[k] = curves.survivalAt(Math.min(k + 1, G - 1), last);
      g.ledger.clear();
      g.x1 = 0;
      g.y1 = 0;
      g.c1 = 0;
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
      this.current[si].book(si, i, mo);
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
    for (let si = 0; si < p.segs.length; si++) {
      this.current[si].monthSums(si, mo, sums);
      arrears.monthSums(si, sums, buckets);
      const { balance, count } = sums;
      const o = si * NPM;
      so[o + PM.fundingCost] += balance * pol.fundingMonthly; // every account not written off
      so[o + PM.balanceYears] += balance / 12;
      so[o + PM.collectionCost] += sums.arrears * pol.collectionCostMonthly;
      so[o + PM.operatingCost] += count * pol.costPerAccountMonth;
      if (mo === p.H) so[o + PM.lifetimeLoss] = arrears.atHorizon(si);
      activeBalance += balance;
      activeCount += count;
    }
    if (row < 0) return;
    const K = layout.factors.length;
    po[row] = activeBalance > 0 ? sums.npl / activeBalance : 0;
    po[row + 1] = arrears.periodDefaults;
    po[row + 2] = arrears.periodLoss;
    po[row + 3] = activeBalance;
    for (let k = 0; k < layout.buckets; k++) po[row + 4 + k] = activeCount > 0 ? buckets[k] / activeCount : 0;
    for (let k = 0; k < K; k++) po[row + 4 + layout.buckets + k] = Z[(t - 1) * K + k];
    const variables = this.v.macro.variables;
    // A variable held on a fixed path reports it (Z0 is not read from period 1 on).
    for (let j = 0; j < variables.length; j++) po[row + 4 + layout.buckets + K + j] = variableAt(this.v.macro, j, t, Z, Z, this.p.pm);
    if (layout.revolvers) po[row + 4 + layout.buckets + K + variables.length] = sums.lines > 0 ? sums.revolving / sums.lines : 0;
    arrears.periodDefaults = 0;
    arrears.periodLoss = 0;
  }
}
