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
import { pow } from "../../math/elementary.ts";
import { bitsBelow, keyedUniform, keyedWord, Purpose } from "../random.ts";
import { Flag, State } from "../state.ts";
import { Step, type CurrentAccounts, type MonthSums } from "./currentAccounts.ts";
import type { PathLevers } from "../levers/pathLevers.ts";
import type { PathContext } from "./pathContext.ts";
import { payPlans, required } from "./plans.ts";
import type { BookColumns } from "../book.ts";
import { AGE, BALANCE, FLAGS, LIMIT, MADE, RECORD, RECORD16, RECORD8, STATE, type Workspace } from "../workspace.ts";
import { ATTRITION_BELOW, ATTRITION_FROM, BOUNDS, HAZARD_MOST, MARGIN, MISS_BELOW, PAY_FROM, PAY_FROM_MOST, powerAbove, powerBelow, SteppedMonth } from "./steppedMonth.ts";

/** The streams a stepped current account draws from each month, in monthKeys' order. */
const MONTH_PURPOSES = [Purpose.exit, Purpose.behaviour, Purpose.convert] as const;

/** What a stepped current account does in a month (SteppedAccounts.event). */
const PAYS = 0;
const MISS = 1;
const ATTRITION = 2;
/** Not decided by the grid cell's bounds of the month: `event` decides. */
const UNDECIDED = 3;

/**
 * The cash sums, flags, states and steps the month reads, as plain constants: a member of
 * a module's object is read through a check of the object's shape and a load at every use
 * (the machine code of the month's body), a constant is not.
 */
const { draws: DRAWS, interestCharged: INTEREST_CHARGED, interestFees: INTEREST_FEES, merchantFees: MERCHANT_FEES, principal: PRINCIPAL } = Cash;
const { redefault: REDEFAULT, revolver: REVOLVER } = Flag;
const { C: CURRENT, P: PAID } = State;
const { stays: STAYS, leaves: LEAVES, misses: MISSES } = Step;

export class SteppedAccounts implements CurrentAccounts {
  /** Key words of the month's exit, behaviour and convert streams of the stepped segment being visited. */
  private readonly monthKeys = new Int32Array(6);
  /** What the accounts of that segment share in the month (beginMonth). */
  private readonly month = new SteppedMonth();
  /** The path's columns, its running cash sums, and the accounts' own APRs from a tape (null: the segment's). */
  private readonly ws: Workspace;
  private readonly c: BookColumns;
  private readonly cash: Float64Array;
  private readonly rates: Float64Array | null;
  /** monthSums' running sum of plans, and its counts of current and revolving lines (`sumPlans`). */
  private readonly planSum = new Float64Array(1);
  private readonly revolving = new Int32Array(1);
  /**
   * Per segment, what `sumPlans` finds at the month's end, kept as the month goes: the sum
   * of the plans of the accounts that stay current, in the list's order (`step`; those that
   * join C, `begin` and `book`, have none), and the current and revolving lines, counted
   * as accounts join and leave C and switch. Only while no account in arrears can come back
   * current with a plan (a forbearance conversion; `counted` false): then `monthSums`
   * walks the list.
   *
   * Profile lesson (the behaviour book): that walk, a second pass over 60,000 accounts a
   * month for a sum the first pass had at hand, cost about a sixteenth of a run's user CPU
   * (4.07 s against 4.35 s for 24 paths with the walk left out altogether). Counting the
   * lines and revolvers as each account stayed, three more sums per account-month, took
   * back about half of that; counted as they change, the month adds one sum per account.
   */
  private readonly monthPlans: Float64Array;
  private readonly lines: Int32Array;
  private readonly revolvingLines: Int32Array;
  private readonly counted: boolean;

  constructor(
    private readonly p: PathContext,
    private readonly levers: PathLevers,
  ) {
    this.ws = p.ws;
    this.c = p.c;
    this.cash = p.cash.sum;
    this.rates = p.c.rate;
    const S = p.segs.length;
    this.monthPlans = new Float64Array(S);
    this.lines = new Int32Array(S);
    this.revolvingLines = new Int32Array(S);
    this.counted = p.pol.forbearance === null || p.pol.forbearance.kind !== "conversion";
  }

  /** The current starting accounts of stepped segments join their lists (after the closed-form draws, whatever their order). */
  start(): void {
    const { c, segs } = this.p;
    this.lines.fill(0);
    this.revolvingLines.fill(0);
    for (let si = 0; si < segs.length; si++) {
      const g = segs[si];
      if (!g.s.stepped) continue;
      for (let i = g.start; i < g.start + g.s.accounts; i++) {
        if (c.bookAt[i] === 0 && c.startState[i] === CURRENT) this.book(si, i);
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
    ws.record8[RECORD8 * i + STATE] = CURRENT;
    ws.record16[RECORD16 * i + AGE] = 0;
    const revolvers = g.s.revolvers;
    // On the bits (random.ts `bitsBelow`): the uniform, returned from a call not inlined, was a new heap number per account.
    if (revolvers !== null && keyedWord(g.revolverKeys[0], g.revolverKeys[1], i - g.start) >>> 0 < bitsBelow(revolvers.share)) ws.record8[RECORD8 * i + FLAGS] |= REVOLVER;
    ws.refPay[i] = required(ws, this.p.c, g, i, this.p.rateOf(g, i));
    this.p.enlist(si, i);
    this.joins(si, i);
  }

  /** Back in C (a cure, a holiday's end): it stays in its list, its months current counted afresh for line increases. */
  begin(si: number, i: number): void {
    const ws = this.p.ws;
    ws.record8[RECORD8 * i + STATE] = CURRENT;
    ws.record16[RECORD16 * i + AGE] = 0;
    this.joins(si, i);
  }

  /** A stepped account's misses are found month by month, in `step`. */
  leave(): void {}

  /**
   * One month of a current account of a stepped segment (docs/model.md §4.6–4.8): the
   * trigger's cut at a period's start; a miss, with the hazard raised by the payment burden,
   * or attrition; else the plan's payment, then interest, the switch between transactor
   * and revolver and the payment of a credit line (or a loan's level payment), purchases,
   * conversions into plans and a line increase.
   *
   * Profile lesson (the behaviour book, 100k accounts, 60k of them stepped lines): the cost
   * was spread over every line of the month, not one hot spot, and it was the number of
   * instructions, not memory (a book of 1,000 accounts cost as much per account-month as
   * one of 100,000). Each `this.p.segs[si].s.x` chain, each reload of a column after a
   * store (a store to one Float64Array may alias any other), each double handed to or
   * returned from a call that is not inlined (boxed on the heap: a twentieth of the time
   * went to the collector) was paid 1.4M times a path. So what the month shares is read
   * once in `beginMonth`, each column of the account is read once into a local, and the
   * month is one body but for a line's payment (`payLine`, for V8's inlining budget) and
   * the rare exact hazard (`event`). Every sum is added to in the same order as before,
   * term by term (a local sum per account would round differently).
   */
  step(si: number, i: number, mo: number, t: number): number {
    const ws = this.ws;
    const M = this.month;
    const flags = ws.record8[RECORD8 * i + FLAGS];
    const balance = ws.record[RECORD * i + BALANCE];
    let plan = ws.plan[i];
    const rate = this.rates === null ? M.apr : this.rates[i];
    // The trigger's cut at the period's start, once per episode.
    if (M.cut === true) this.levers.trigger.cutAccount(i, balance + plan, t, t);
    // What is due matters to the burden only (and to a miss's P₁ under a burden): required (plans.ts), the same arithmetic.
    let due = 0;
    if (M.burden !== 0) {
      const planDue = ws.planPay[i] + ws.planFee[i];
      if (M.revolving === false) due = (ws.record16[RECORD16 * i + MADE] < this.c.term[i] ? this.c.payment[i] : 0) + planDue;
      else if (M.revolvers === false) due = balance * rate + planDue;
      else due = balance * (M.minPayment + ((flags & REVOLVER) !== 0 ? rate : 0)) + planDue;
    }
    const refPay = M.burden !== 0 ? ws.refPay[i] : 0;
    // Nothing due (a transactor who bought nothing) says nothing of the burden: B = 1.
    const ratio = due > 0 && refPay > 0 ? due / refPay : 1;
    const u = keyedUniform(this.monthKeys[0], this.monthKeys[1], i - M.start);
    // Most accounts are decided by their grid cell's bounds of the month (SteppedMonth.bounds), the rest by `event`.
    let event = UNDECIDED;
    if ((flags & REDEFAULT) === 0 && M.seasoning === null) {
      const at = this.c.cell[i] * BOUNDS;
      const bounds = M.bounds;
      if (ratio === 1) {
        if (u >= bounds[at + PAY_FROM]) event = PAYS;
        else if (u < bounds[at + MISS_BELOW]) event = MISS;
        else if (u >= bounds[at + ATTRITION_FROM] && u < bounds[at + ATTRITION_BELOW]) event = ATTRITION;
      } else if (ratio <= 1) {
        if (u >= bounds[at + PAY_FROM_MOST]) event = PAYS;
      } else if (M.burden <= 1) {
        // event's first bound for B ≤ ratio, the same arithmetic with no seasoning (× 1).
        const most = Math.min(1, bounds[at + HAZARD_MOST] * ratio * (1 + MARGIN));
        if (u >= most + M.attrition * (1 - most)) event = PAYS;
      }
    }
    if (event === UNDECIDED) event = this.event(i, t, u, ratio, mo);
    if (event === MISS) {
      // The whole balance is due: the plan is folded into the delinquent balance.
      ws.missPay[i] = due;
      ws.missedAt[i] = mo;
      ws.record[RECORD * i + BALANCE] = balance + plan;
      ws.clearPlan(i);
      this.leaves(si, i);
      return MISSES;
    }
    const cash = this.cash;
    if (event === ATTRITION) {
      ws.record8[RECORD8 * i + STATE] = PAID; // closes or prepays in full
      cash[PRINCIPAL] += balance + plan;
      this.leaves(si, i);
      return LEAVES;
    }
    // A line with transactors and revolvers pays its plans in `payLine`.
    if (plan > 0 && M.plansInLine === false) {
      const before = plan;
      const fee = payPlans(ws, i, M.payFrom);
      plan = ws.plan[i];
      this.p.so[M.instalmentFeeAt] += fee;
      cash[INTEREST_CHARGED] += fee;
      cash[INTEREST_FEES] += fee;
      cash[PRINCIPAL] += before - plan;
    }
    if (M.revolving === false) return this.payLoan(i);
    const ledger = M.ledger!;
    if (M.revolvers === false) {
      const interest = balance * rate; // the balance revolves, interest paid, as in the closed form
      ledger.interest += interest;
      cash[INTEREST_CHARGED] += interest;
      cash[INTEREST_FEES] += interest;
      this.levers.lines.onCurrentMonth(i, mo);
      this.monthPlans[si] += plan;
      return STAYS;
    }
    this.payLine(i, flags);
    this.levers.lines.onCurrentMonth(i, mo);
    return STAYS;
  }

  /**
   * A current line's month with transactors and revolvers, after its plan's payment:
   * interest, the switch, the payment, purchases, conversions. Apart from `step`, with
   * integer arguments only: in one body there was no room left to inline every uniform,
   * and a uniform returned from a call, or a balance handed to one, is a number boxed on
   * the heap (8 MB of garbage a path on the behaviour book). Adds its plan to the month's
   * (`monthPlans`).
   */
  private payLine(i: number, flags: number): void {
    const ws = this.ws;
    const M = this.month;
    const cash = this.cash;
    const balance = ws.record[RECORD * i + BALANCE];
    // The plans' month (plans.ts `payPlans`, then `convert` for each conversion), on locals
    // written back once: the same arithmetic, each column read and written once. Profile
    // lesson (the behaviour book, where a line with purchases opens a plan every month):
    // paid in `step` and opened by calls here, the plan, its payment and its fee were each
    // read, written, read again and written again; on locals the run took about 4% less CPU
    // (medians of 8 alternating runs of 24 paths, 4.63 s against 4.81 s). The ring of plan
    // ends holds a month's slot of every account in a row (workspace.ts `endPay`): with an
    // account's months side by side, each account's two slots were two cache lines of their
    // own, 96 bytes from the last account's, and their reads a sixth of this method; in
    // rows they run in order, and the run took about 4% less CPU again (4.00 s against 4.18 s).
    let plan = ws.plan[i];
    let planPay = ws.planPay[i];
    let planFee = ws.planFee[i];
    if (plan > 0) {
      const before = plan;
      const at = M.payFrom + i;
      const left = plan - planPay;
      const fee = planFee;
      const paid = planPay;
      planPay -= ws.endPay[at];
      planFee -= ws.endFee[at];
      ws.endPay[at] = 0;
      ws.endFee[at] = 0;
      // The last plan repaid leaves rounding only.
      if (left > 1e-9 * paid) plan = left;
      else {
        ws.clearPlan(i);
        plan = 0;
        planPay = 0;
        planFee = 0;
      }
      this.p.so[M.instalmentFeeAt] += fee;
      cash[INTEREST_CHARGED] += fee;
      cash[INTEREST_FEES] += fee;
      cash[PRINCIPAL] += before - plan;
    }
    const end = M.endFrom + i;
    const was = (flags & REVOLVER) !== 0;
    if (was) {
      const interest = balance * (this.rates === null ? M.apr : this.rates[i]); // a transactor's statement is interest-free
      M.ledger!.interest += interest;
      cash[INTEREST_CHARGED] += interest;
      cash[INTEREST_FEES] += interest;
    }
    // u ≥ p exactly when not bits < bitsBelow(p), u < p when bits < bitsBelow(p) (SteppedMonth.revolveBelow).
    const w = keyedWord(this.monthKeys[2], this.monthKeys[3], i - M.start) >>> 0;
    const now = was ? !(w < M.transactBelow) : w < M.revolveBelow;
    if (now !== was) {
      ws.record8[RECORD8 * i + FLAGS] = now ? flags | REVOLVER : flags & ~REVOLVER;
      this.revolvingLines[M.si] += now ? 1 : -1;
    }
    // A transactor pays the statement in full; a revolver the minimum share plus the interest.
    let b = now ? balance * M.keepShare : 0;
    cash[PRINCIPAL] += balance - b;
    if (now && M.balanceRate > 0 && b > 0) {
      if (keyedWord(this.monthKeys[4], this.monthKeys[5], i - M.start) >>> 0 < M.convertBelow) {
        const pay = b / M.term;
        const fee = b * M.feeRate;
        plan += b;
        planPay += pay;
        planFee += fee;
        ws.endPay[end] += pay;
        ws.endFee[end] += fee;
        b = 0;
      }
    }
    if (M.purchases > 0) {
      const limit = ws.record[RECORD * i + LIMIT];
      const buy = Math.min(M.purchases * limit, Math.max(0, limit - b - plan));
      const fee = M.interchange * buy;
      this.p.so[M.merchantFeeAt] += fee;
      cash[MERCHANT_FEES] += fee;
      cash[DRAWS] += buy;
      const converted = M.purchaseShare * buy;
      if (converted > 0) {
        const pay = converted / M.term;
        const planFeeOf = converted * M.feeRate;
        plan += converted;
        planPay += pay;
        planFee += planFeeOf;
        ws.endPay[end] += pay;
        ws.endFee[end] += planFeeOf;
      }
      b += buy - converted;
    }
    ws.record[RECORD * i + BALANCE] = b;
    ws.plan[i] = plan;
    ws.planPay[i] = planPay;
    ws.planFee[i] = planFee;
    this.monthPlans[M.si] += plan;
  }

  /** Account i of segment si joins C (booked, current at the start, cured, back from a holiday): a line more (`lines`). */
  private joins(si: number, i: number): void {
    this.lines[si]++;
    if ((this.ws.record8[RECORD8 * i + FLAGS] & REVOLVER) !== 0) this.revolvingLines[si]++;
  }

  /** Current account i of segment si leaves C (a miss, attrition, repaid): a line fewer (`lines`). */
  private leaves(si: number, i: number): void {
    this.lines[si]--;
    if ((this.ws.record8[RECORD8 * i + FLAGS] & REVOLVER) !== 0) this.revolvingLines[si]--;
  }

  /** A stepped loan's level payment after its plan's: interest, the balance's fall; repaid, it leaves. */
  private payLoan(i: number): number {
    const { ws, c } = this.p;
    const cash = this.p.cash.sum;
    if (ws.record16[RECORD16 * i + MADE] < c.term[i]) {
      const b = ws.record[RECORD * i + BALANCE];
      const ledger = this.month.ledger!;
      const r = ledger.annuity.r;
      ledger.interest += r * b;
      const after = ++ws.record16[RECORD16 * i + MADE] >= c.term[i] ? 0 : b * (1 + r) - c.payment[i];
      ws.record[RECORD * i + BALANCE] = after;
      // The payment: the month's interest and the balance's fall (all of it at the last).
      cash[INTEREST_CHARGED] += r * b;
      cash[INTEREST_FEES] += r * b;
      cash[PRINCIPAL] += b - after;
    }
    if (ws.record[RECORD * i + BALANCE] === 0 && ws.plan[i] === 0) {
      ws.record8[RECORD8 * i + STATE] = PAID; // repaid
      this.leaves(this.month.si, i);
      return LEAVES;
    }
    this.monthPlans[this.month.si] += ws.plan[i];
    return STAYS;
  }

  /** The key words of a stepped segment's current accounts in month mo (exit, behaviour, convert), and what its accounts share that month. */
  beginMonth(si: number, mo: number): void {
    const g = this.p.segs[si];
    if (!g.s.stepped) return;
    this.monthPlans[si] = 0;
    for (let k = 0; k < 3; k++) {
      const at = this.p.stream(MONTH_PURPOSES[k], si, mo);
      this.monthKeys[2 * k] = this.p.streams[at];
      this.monthKeys[2 * k + 1] = this.p.streams[at + 1];
    }
    this.month.set(this.p, this.levers, si, mo);
  }

  /**
   * What the month's uniform u makes of a stepped current account's month: a miss below its hazard h
   * (× the burden factor), attrition below h + α(1 − h), else it pays. The hazards of the
   * grid points around the account's threshold bound its own (the hazard rises with the
   * threshold), so its own is computed only when u falls between the bounds: the profile
   * of a month-by-month account showed Φ, log1p and expm1 as half its time. The burden
   * factor ratio^ε is bounded first by ratio (ε ≤ 1), then by its tangents, and computed
   * only when the bounds cannot decide: the exact power was half the time of a book with burden.
   */
  private event(i: number, t: number, u: number, ratio: number, mo: number): number {
    const { ws, c } = this.p;
    const M = this.month;
    const own = (ws.record8[RECORD8 * i + FLAGS] & REDEFAULT) !== 0;
    const k = c.cell[i];
    const season = M.seasoning === null ? 1 : this.seasoned(i, mo);
    const attrition = M.attrition;
    // The hazards of the account's grid cell and its upper neighbour in period t.
    const h1 = M.hz[k * M.T + t - 1];
    const h2 = M.hz[Math.min(k + 1, M.top) * M.T + t - 1];
    // The seasoning multiplier scales the hazard as the burden factor does (1 without a curve: the same arithmetic).
    let burden = season;
    if (ratio !== 1) {
      const bound = ratio <= 1 ? 1 : M.burden <= 1 ? ratio : pow(ratio, M.burden);
      const most = Math.min(1, Math.max(h1, h2) * bound * season * (1 + MARGIN));
      if (!own && u >= most + attrition * (1 - most)) return PAYS;
      if (!own && M.burden <= 1) {
        // Tighter bounds of ratio^ε (steppedMonth.ts `powerBelow`): with a margin more for
        // the rounding of the power and of the bounds they decide as the exact factor would
        // wherever u is not between them. The power (stdlib's, a few hundred ns) was still a
        // twentieth of a book with burden after the first bound.
        const low = powerBelow(ratio, M.burden) * season;
        const high = powerAbove(ratio, M.burden) * season;
        const least = Math.min(1, Math.min(h1, h2) * low) * (1 - MARGIN) * (1 - MARGIN);
        const highest = Math.min(1, Math.max(h1, h2) * high * (1 + MARGIN)) * (1 + MARGIN);
        if (u < least) return MISS;
        if (u >= highest + attrition * (1 - highest)) return PAYS;
        if (u >= highest && u < least + attrition * (1 - least)) return ATTRITION;
      }
      burden = pow(ratio, M.burden) * season;
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
    const h = Math.min(1, ws.curves[M.si].hazard(own ? ws.own[i] : c.a[i], t) * burden);
    return u < h ? MISS : u < h + attrition * (1 - h) ? ATTRITION : PAYS;
  }

  /**
   * The seasoning multiplier of account i in month mo (docs/model.md §3.4): its months on
   * book are the start's plus the months since (a starting account), or the months since
   * its booking at the end of month bookAt (a replacement's: the month it joined).
   */
  private seasoned(i: number, mo: number): number {
    const curve = this.month.seasoning!;
    const c = this.p.c;
    const at = this.ws.bookedAt(c, i);
    const age = at === 0 ? c.monthsOnBook![i] + mo - 1 : mo - at - 1;
    return age < curve.at.length ? curve.at[age] : curve.afterwards;
  }

  /**
   * Month mo's sums of segment si's current accounts outside its list: none, but their
   * plans (folded into the balance at a miss), and how many lines revolve. Read from the
   * month-end records (workspace.ts `endState`) where the list has them, in the list's
   * order (`sumPlans`).
   */
  monthSums(si: number, _mo: number, sums: MonthSums): void {
    if (this.counted) {
      if (this.p.segs[si].s.revolvers !== null) {
        sums.lines += this.lines[si];
        sums.revolving += this.revolvingLines[si];
      }
      sums.balance = this.monthPlans[si];
      sums.count = 0;
      return;
    }
    const ws = this.ws;
    const lines = sumPlans(ws.lists[si], ws.listLength[si], ws.endsLength[si], ws.endState[si], ws.record8, ws.plan, this.planSum, this.revolving);
    if (this.p.segs[si].s.revolvers !== null) {
      sums.lines += lines;
      sums.revolving += this.revolving[0];
    }
    sums.balance = this.planSum[0];
    sums.count = 0;
  }

  /** Every current account of a stepped segment is in its list: the arrears' horizon sum counts it (arrears.ts). */
  atHorizon(): number {
    return 0;
  }
}

/**
 * The sum of plans (into `run`) of the current accounts among a stepped list's first
 * `length` (its month-end record's state for the first `recorded`, the account's own
 * after), how many revolve (into `revolving`), and how many there are (returned). The sum
 * runs in a typed array's cell, not a local: this loop mostly runs as V8's
 * on-stack-replacement code (a month's call is one long loop), which kept a local number
 * boxed and allocated a new one on every turn (20 MB a path on the behaviour book); the
 * count returned is a small integer, never boxed.
 *
 * Profile lesson (as arrears.ts `sumRecords`): in SteppedAccounts.monthSums itself, on some
 * runs (as V8's compiles raced) every call entered this loop in the interpreter, jumped to
 * its on-stack-replacement code and left it by a deoptimization at the first read after the
 * loop: 336 in 16 paths of the behaviour book, one a call, and monthSums at 12% of the
 * worker's profile instead of 5%. So nothing follows the loop that needs what V8 learns
 * from running it (a store to a cell after it deoptimized the same way): a `return` does not.
 */
function sumPlans(list: Int32Array, length: number, recorded: number, endState: Uint8Array, record8: Uint8Array, plan: Float64Array, run: Float64Array, revolving: Int32Array): number {
  run[0] = 0;
  revolving[0] = 0;
  let lines = 0;
  for (let r = 0; r < length; r++) {
    const i = list[r];
    if ((r < recorded ? endState[r] : record8[RECORD8 * i + STATE]) !== CURRENT) continue;
    run[0] += plan[i];
    lines++;
    if ((record8[RECORD8 * i + FLAGS] & REVOLVER) !== 0) revolving[0]++;
  }
  return lines;
}
