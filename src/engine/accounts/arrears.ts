/**
 * Arrears, default and write-off (MODEL.md 4–5): the accounts of a segment's list, in
 * D1..Dm, R (a forbearance holiday) or F, one month at a time. An account in Dk rolls on,
 * stays or cures at its period's shifted rates (raised by the payment burden); each miss is
 * charged within the episode's cap; entering F draws the loss at a Beta LGD (or the sale
 * price at default); F is written off after `chargeOffMonths`, or sold earlier (segmentPath.ts `writeOffAge`). A cure or a holiday's end hands the
 * account back to its segment's current accounts (currentAccounts.ts), whichever kind they
 * are. A stepped segment's current accounts share the list and are stepped in its order.
 */
import { KeyedBeta } from "../beta.ts";
import { Cash } from "../cashFlows.ts";
import { NPM, PM } from "../layout.ts";
import { LIFE_MONTHS, lifeIndex } from "../lifetime.ts";
import { drawRest, exposureOf, monthDraw } from "../lines.ts";
import type { SegmentModel } from "../model.ts";
import { burdenedRoll, charge } from "../levers/charges.ts";
import type { PathLevers } from "../levers/pathLevers.ts";
import { keyedUniform, Purpose } from "../random.ts";
import { Flag, State } from "../state.ts";
import { AGE, BALANCE, BASE, DRAWN, FLAGS, LIMIT, MADE, RECORD, RECORD16, RECORD8, STATE, WARM_BLOCK } from "../workspace.ts";
import { Category, categoryOf, Step, type CurrentAccounts, type Misses, type MonthSums } from "./currentAccounts.ts";
import type { PathContext } from "./pathContext.ts";
import { required } from "./plans.ts";

export class Arrears implements Misses {
  /** Defaults and their loss since the last period's end (the period's row). */
  periodDefaults = 0;
  periodLoss = 0;
  private readonly lgd = new KeyedBeta();

  constructor(
    private readonly p: PathContext,
    private readonly levers: PathLevers,
    /** Each segment's current accounts, closed-form or stepped. */
    private readonly current: readonly CurrentAccounts[],
  ) {}

  /**
   * Accounts starting in arrears get the payment of their first miss (behind the start: a
   * miss by month 0) when a burden or the stepped accounts read it.
   */
  start(): void {
    const { ws, c, segs } = this.p;
    this.periodDefaults = 0;
    this.periodLoss = 0;
    for (let si = 0; si < segs.length; si++) {
      const g = segs[si];
      if (!g.s.stepped && g.s.burden === 0) continue;
      const list = ws.lists[si];
      for (let r = 0; r < ws.listLength[si]; r++) {
        const i = list[r];
        if (ws.record8[RECORD8 * i + STATE] < State.D1) continue;
        ws.missPay[i] = required(ws, c, g, i, this.p.rateOf(g, i));
        ws.missedAt[i] = 0;
      }
    }
  }

  /**
   * One month of segment si's list: D1..Dm, R and F, and a stepped segment's current accounts.
   *
   * Profile lesson (a stressed book, 31% of accounts default, at 1M accounts against 100k):
   * the list's accounts are scattered over the book, and every column read at one is a
   * cache miss of its own once the columns outgrow the cache; the state read of each, the
   * months in F counted up, and the month-end sums' state, balance and age cost 2–11 times
   * as much per account at 1M. The list therefore carries each place's month-end record
   * (workspace.ts `endState`), kept in step with it: an account in F is read from there,
   * in order, and only its months in F are written back.
   */
  step(si: number, mo: number, t: number): void {
    const { ws, streams, c } = this.p;
    const { forbearance, lines } = this.levers;
    const g = this.p.segs[si];
    const s = g.s;
    const m = s.roll.length;
    const list = ws.lists[si];
    const n = ws.listLength[si];
    const ks = this.p.stream(Purpose.transition, si, mo);
    const k1 = streams[ks];
    const k2 = streams[ks + 1];
    const holiday = forbearance.holidayMonths;
    const current = this.current[si];
    // The places recorded at the last month's end (none at a path's start).
    const recorded = ws.endsLength[si];
    const endState = ws.endState[si];
    const endBalance = ws.endBalance[si];
    const endAge = ws.endAge[si];
    current.beginMonth(si, mo);
    let kept = 0;
    for (let r = 0; r < n; r++) {
      // The accounts in arrears, and those in F written off this month, are read ahead (workspace.ts `warmList`); those in F read their place's record only.
      if (r % WARM_BLOCK === 0 && r < recorded) ws.warmList(list, r, Math.min(r + WARM_BLOCK, recorded), endState, endAge, State.D1 + m - 1, g.writeOffAge);
      const i = list[r];
      const st = r < recorded ? endState[r] : ws.record8[RECORD8 * i + STATE];
      if (st === State.C) {
        // Only a stepped segment keeps current accounts in its list. Their records are
        // written here through the lists at hand, as `keep` writes them: the profile of the
        // stepped behaviour book had `keep`'s look-up of the segment's lists at two fifths
        // of this walk, called for every current account every month (the walk fell from
        // 15% of that book's profile to 11%).
        const step = current.step(si, i, mo, t);
        if (step === Step.stays) {
          list[kept] = i;
          endState[kept] = State.C;
          endBalance[kept] = ws.record[RECORD * i + BALANCE];
          endAge[kept++] = 0;
        } else if (step === Step.misses && this.missed(si, i, mo, t)) {
          const now = ws.record8[RECORD8 * i + STATE];
          list[kept] = i;
          endState[kept] = now;
          endBalance[kept] = ws.record[RECORD * i + BALANCE];
          endAge[kept++] = now === State.F || now === State.R ? ws.record16[RECORD16 * i + AGE] : 0;
        }
        continue;
      }
      if (st >= State.D1) {
        const k = st - State.D1; // bucket index: D(k+1)
        // Its balance from the record too: one cache miss fewer a month in arrears (the charge's read was a third of the step at 1M).
        const b = r < recorded ? endBalance[r] : ws.record[RECORD * i + BALANCE];
        const u = keyedUniform(k1, k2, i - g.start);
        const roll = burdenedRoll(ws, s, i, k, g.rolls[(t - 1) * m + k]);
        if (u < roll) {
          this.charge(s, i, b, false);
          if (g.revolving) this.draw(s, i);
          if (k + 1 === m) this.enterDefault(si, i, mo, t);
          else {
            ws.record8[RECORD8 * i + STATE] = st + 1;
            forbearance.offer(si, i, k + 2, mo);
          }
          const now = ws.record8[RECORD8 * i + STATE];
          if (now !== State.W) {
            list[kept] = i;
            endState[kept] = now;
            endBalance[kept] = ws.record[RECORD * i + BALANCE];
            endAge[kept++] = now === State.F || now === State.R ? ws.record16[RECORD16 * i + AGE] : 0;
          }
        } else if (u < roll + s.stay[k]) {
          this.charge(s, i, b, false);
          if (g.revolving) this.draw(s, i);
          // Its record written here, as `keep` writes it, through the lists at hand.
          list[kept] = i;
          endState[kept] = st;
          endBalance[kept] = ws.record[RECORD * i + BALANCE];
          endAge[kept++] = 0;
        } else {
          // A cure pays the arrears: the episode's charges are income; the draw-down is repaid with them, not income.
          const ep = ws.record;
          const drawn = g.revolving ? ep[RECORD * i + DRAWN] : 0;
          this.p.so[si * NPM + PM.feeIncome] += ws.record[RECORD * i + BALANCE] - ep[RECORD * i + BASE] - drawn;
          const cash = this.p.cash.sum;
          cash[Cash.interestFees] += ws.record[RECORD * i + BALANCE] - ep[RECORD * i + BASE] - drawn;
          cash[Cash.principal] += drawn;
          ws.record[RECORD * i + BALANCE] = ep[RECORD * i + BASE];
          if (g.revolving) ep[RECORD * i + DRAWN] = 0;
          if (g.revolving) lines.onCure(i);
          current.begin(si, i, mo);
          if (s.stepped) ws.keep(si, kept++, i, State.C);
          else this.p.allowance?.onMoved(i);
        }
      } else if (st === State.R) {
        const accrued = ws.record[RECORD * i + BALANCE] * this.p.rateOf(g, i);
        ws.record[RECORD * i + BALANCE] += accrued; // interest at the APR accrues unpaid: not income
        this.p.cash.sum[Cash.interestCharged] += accrued;
        if (++ws.record16[RECORD16 * i + AGE] >= holiday) {
          forbearance.raiseRate(si, i);
          current.begin(si, i, mo);
          if (s.stepped) ws.keep(si, kept++, i, State.C);
          else this.p.allowance?.onMoved(i);
        } else ws.keep(si, kept++, i, State.R);
      } else if (st === State.F) {
        // Written off after chargeOffMonths, or sold earlier (levers/nplSale.ts): the balance leaves the book then.
        // Its balance does not move in F: the record's, as its state and months in F are.
        // Its months in F live in the record from then on: nothing reads the column's again
        // in the path (a write to it per account and month was a cache miss of its own at 1M).
        let age: number;
        if (r < recorded) age = endAge[r] + 1;
        else ws.record16[RECORD16 * i + AGE] = age = ws.record16[RECORD16 * i + AGE] + 1;
        const b = r < recorded ? endBalance[r] : ws.record[RECORD * i + BALANCE];
        if (age >= g.writeOffAge) {
          ws.record8[RECORD8 * i + STATE] = State.W;
          this.p.cash.sum[Cash.derecognizedBalance] += b;
          this.p.allowance?.writeOff(si, i, b);
        } else {
          list[kept] = i;
          endState[kept] = State.F;
          endBalance[kept] = b;
          endAge[kept++] = age;
        }
      } else if (ws.record8[RECORD8 * i + STATE] !== State.W) ws.keep(si, kept++, i, ws.record8[RECORD8 * i + STATE]);
    }
    ws.listLength[si] = kept;
    ws.endsLength[si] = kept;
  }

  /**
   * A current account misses a payment in month mo: it is charged and enters D1 (or F
   * with no ladder), its limit cut on delinquency, and it may be offered forbearance.
   * Returns whether it is now in a list (not written off at once).
   */
  missed(si: number, i: number, mo: number, t: number): boolean {
    const ws = this.p.ws;
    const g = this.p.segs[si];
    const s = g.s;
    const b = ws.record[RECORD * i + BALANCE];
    ws.record[RECORD * i + BASE] = b;
    if (g.revolving) ws.record[RECORD * i + DRAWN] = 0;
    this.charge(s, i, b, true);
    if (s.roll.length === 0) {
      this.enterDefault(si, i, mo, t);
      return ws.record8[RECORD8 * i + STATE] === State.F;
    }
    ws.record8[RECORD8 * i + STATE] = State.D1;
    if (g.revolving) {
      this.levers.lines.onMiss(i);
      // After the cut on delinquency: the draw-down is towards the limit left.
      this.draw(s, i);
    }
    this.levers.forbearance.offer(si, i, 1, mo);
    return true;
  }

  /** Entry into F: the drawdown to EAD, the loss at a Beta LGD (or the sale price), once per account. */
  private enterDefault(si: number, i: number, mo: number, t: number): void {
    const { ws, streams } = this.p;
    const sale = this.levers.sale;
    const g = this.p.segs[si];
    const s = g.s;
    const b = ws.record[RECORD * i + BALANCE];
    // A line draws what is left of its draw-down (all of it with no ladder).
    const ead = g.revolving ? b + drawRest(s, ws.record[RECORD * i + LIMIT], ws.record[RECORD * i + BASE], ws.record[RECORD * i + DRAWN]) : b;
    const mean = g.lgdMean[t - 1];
    let lgd = mean;
    // Sold at default, or worked out until a sale k months later (the workout's LGD drawn either way).
    const later = sale.sells && g.sale.at > 0;
    if (sale.sells && !later) lgd = 1 - g.salePrice[t - 1];
    else if (g.kappa > 0) {
      const k = this.p.stream(Purpose.lgd, si, mo);
      // The shapes and the draw through the draw's cells (beta.ts `io`): no heap numbers.
      const io = this.lgd.io;
      io[0] = mean * g.kappa;
      io[1] = (1 - mean) * g.kappa;
      this.lgd.drawShaped(streams[k], streams[k + 1], i - g.start);
      lgd = io[2];
    }
    let loss = ead * lgd;
    let proceeds = 0;
    if (later) {
      // A share price is the sale's period's (the last one past the horizon), on the balance
      // still owed then, EAD less the net recoveries received; a buyer's value reads the
      // default's mean LGD, on EAD (it prices the recoveries still to come).
      const kept = ead * (1 - lgd) * g.sale.before;
      if (g.sale.buyerRate !== null) proceeds = ead * g.salePrice[t - 1];
      else proceeds = (ead - kept) * g.salePrice[Math.min(this.p.T, Math.ceil((mo + g.sale.at) / this.p.pm)) - 1];
      loss = ead - kept - proceeds;
    }
    const cash = this.p.cash.sum;
    cash[Cash.draws] += ead - b;
    cash[Cash.defaulted] += ead;
    ws.record[RECORD * i + BALANCE] = ead;
    ws.record16[RECORD16 * i + AGE] = 0;
    ws.record8[RECORD8 * i + STATE] = (sale.sells && !later) || g.writeOffAge === 0 ? State.W : State.F;
    if (ws.record8[RECORD8 * i + STATE] === State.W) cash[Cash.derecognizedBalance] += ead;
    this.p.allowance?.onDefault(si, i, loss, ws.record8[RECORD8 * i + STATE] === State.W);
    // The recovery, or the sale's proceeds, follow the workout's timeline (recovery.ts).
    if (later) this.p.workout.soldLater(si, mo, ead, ead * (1 - lgd), proceeds);
    else if (sale.sells) this.p.workout.sold(si, mo, ead, ead - loss);
    else this.p.workout.workedOut(si, mo, ead, ead - loss);
    const o = si * NPM;
    const so = this.p.so;
    so[o + PM.defaults]++;
    so[o + PM.lossAtDefault] += loss;
    // Exposure counts what the account owed at its largest: a line drawn past its start's EAD
    // (line increases, a CCF below what it drew) adds the excess, so the loss rate stays ≤ 1.
    // The start's balance and limit from the account's record, beside the episode's numbers just read.
    const before = exposureOf(s, ws.opening[2 * i], ws.opening[2 * i + 1]);
    if (ead > before) so[o + PM.exposure] += ead - before;
    this.periodDefaults++;
    this.periodLoss += loss;
  }

  /** A month of a line's draw-down in arrears (lines.ts `monthDraw`): into its balance, apart from its charges. */
  private draw(s: SegmentModel, i: number): void {
    const ws = this.p.ws;
    const d = monthDraw(s, ws.record[RECORD * i + LIMIT], ws.record[RECORD * i + BASE], ws.record[RECORD * i + DRAWN]);
    if (d > 0) {
      ws.record[RECORD * i + BALANCE] += d;
      ws.record[RECORD * i + DRAWN] += d;
      this.p.cash.sum[Cash.draws] += d;
    }
  }

  /** A missed payment's charges (charges.ts), added to the balance unpaid: charged, not collected. */
  private charge(s: SegmentModel, i: number, before: number, first: boolean): void {
    const after = charge(this.p.ws, this.p.c.rate, s, i, before, first);
    this.p.cash.sum[Cash.interestCharged] += after - before;
  }

  /** monthSums' running balance [0], non-performing balance [1], count [2] and accounts in arrears [3]. */
  private readonly running = new Float64Array(4);

  /**
   * Adds month-end balances and counts of segment si's list to `sums`, and its accounts in
   * D1..Dm to `buckets`. The running sums are kept in a typed array's cells, as
   * SteppedAccounts.monthSums keeps its sum of plans: this loop runs mostly as V8's
   * on-stack-replacement code, where a local number stayed boxed and every addition
   * allocated a new one (over half of the behaviour book's scavenges: 188 a run of 16 paths, 88 without).
   */
  monthSums(si: number, sums: MonthSums, buckets: Float64Array): void {
    const ws = this.p.ws;
    const m = this.p.segs[si].s.roll.length;
    const list = ws.lists[si];
    const run = this.running;
    run[0] = sums.balance;
    run[1] = sums.npl;
    run[2] = sums.count;
    run[3] = 0;
    // Every place has its record: the step's, or one made as the account joined (PathContext.enlist), or one made now.
    const length = ws.listLength[si];
    for (let r = ws.endsLength[si]; r < length; r++) ws.keep(si, r, list[r], ws.record8[RECORD8 * list[r] + STATE]);
    ws.endsLength[si] = length;
    sumRecords(ws.endState[si], ws.endBalance[si], ws.endAge[si], length, m, run, sums, buckets);
    sums.balance = run[0];
    sums.npl = run[1];
    sums.count = run[2];
    sums.arrears = run[3];
  }

  /**
   * Expected loss past the horizon of the accounts in segment si's list at the horizon (in
   * arrears, on holiday, or current in a stepped segment): EAD × the expected loss per unit
   * EAD over the remaining life (lifetime.ts). Accounts in F have had their loss counted.
   */
  atHorizon(si: number): number {
    const { ws, c } = this.p;
    const g = this.p.segs[si];
    const s = g.s;
    const list = ws.lists[si];
    const N = LIFE_MONTHS + 1;
    let sum = 0;
    for (let r = 0; r < ws.listLength[si]; r++) {
      const i = list[r];
      const st = ws.record8[RECORD8 * i + STATE];
      if (st === State.F) continue;
      const b = s.stepped ? ws.record[RECORD * i + BALANCE] + ws.plan[i] : ws.record[RECORD * i + BALANCE];
      // A line in arrears has its draw-down's rest ahead of it; a current one (stepped) CCF·(L − b).
      const ead = g.revolving && st >= State.D1 ? b + drawRest(s, ws.record[RECORD * i + LIMIT], ws.record[RECORD * i + BASE], ws.record[RECORD * i + DRAWN]) : exposureOf(s, b, ws.record[RECORD * i + LIMIT]);
      const planLeft = s.stepped && ws.planPay[i] > 0 ? Math.ceil(ws.plan[i] / ws.planPay[i] - 1e-9) : 0;
      const left = lifeIndex(g.revolving ? s.remainingLifeMonths : Math.max(c.term[i] - ws.record16[RECORD16 * i + MADE], planLeft));
      let p: number; // loss per unit EAD
      if (st >= State.D1) p = g.life.arrears[(st - State.D1) * N + left];
      else if (st === State.R || ws.record8[RECORD8 * i + FLAGS] & Flag.redefault) p = g.lifeRaised.current[left];
      else p = g.life.current[left];
      sum += ead * p;
    }
    return sum;
  }
}

/**
 * The month-end sums of a list's first `length` records (Arrears.monthSums) into `run`
 * (balance, non-performing balance, count, accounts in arrears), the past-due and category
 * balances of `sums`, and `buckets`. Profile lesson (the stressed book at 1M accounts): in
 * monthSums itself, every call entered this loop in V8's interpreter, jumped to its
 * on-stack-replacement code and left it by a deoptimization at the first read after the
 * loop (192 deoptimizations in 4 paths, one a call); here the function is compiled whole.
 * Its running sums are locals, written back once after the loop: in `run`'s cells each
 * addition was a store the next one waited for (no deoptimization follows the loop here,
 * `--trace-deopt` on the stressed book at 1M accounts).
 */
function sumRecords(endState: Uint8Array, endBalance: Float64Array, endAge: Uint16Array, length: number, m: number, run: Float64Array, sums: MonthSums, buckets: Float64Array): void {
  const { pastDue, category } = sums;
  let balance = run[0];
  let npl = run[1];
  let count = run[2];
  let arrears = run[3];
  for (let r = 0; r < length; r++) {
    const st = endState[r];
    const b = endBalance[r];
    balance += b;
    count++;
    if (st === State.C) continue;
    if (st === State.R) {
      // A holiday has no payment due (0 days past due); forborne, it is special mention.
      category[Category.specialMention] += b;
      continue;
    }
    // Missed payments n: Dn, or in F m + 1 (the miss that made the default) + months in F.
    const inF = st === State.F;
    const n = inF ? m + 1 + endAge[r] : st - State.D1 + 1;
    if (!inF) {
      arrears++;
      buckets[n - 1]++;
    }
    pastDue[n >= 4 ? 3 : n - 1] += b;
    category[categoryOf(n, inF)] += b;
    // Non-performing: more than 90 days past due (n ≥ 4) or in default.
    if (inF || n >= 4) npl += b;
  }
  run[0] = balance;
  run[1] = npl;
  run[2] = count;
  run[3] = arrears;
}
