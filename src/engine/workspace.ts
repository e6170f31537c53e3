/**
 * The mutable columns of one path: allocated once per book and restored from a variant's
 * static columns before each path, so memory grows with the book, never with accounts ×
 * paths. Only the accounts a path touched are restored (most accounts stay current and are
 * never written), unless the next path runs on another variant's columns.
 */
import type { Book, BookColumns } from "./book.ts";
import type { Model } from "./model.ts";
import { Flag, State } from "./state.ts";
import { SegmentCurves } from "./survival.ts";
import { Ledger } from "./ledger.ts";

/** Places of an account's two numbers in `Workspace.episode`. */
export const BASE = 0;
export const DRAWN = 1;

/** missedAt of an account that has not missed a payment in the path. */
export const NEVER = -30_000;

export class Workspace {
  readonly state: Uint8Array;
  readonly balance: Float64Array;
  readonly limit: Float64Array;
  /**
   * An account's episode in arrears, two numbers side by side, account i's at 2i and 2i + 1
   * (`BASE`, `DRAWN`): its balance at the episode's first missed payment (while current,
   * unused), and what a credit line has drawn since (lines.ts `monthDraw`: part of its
   * balance, not of its charges; 0 for a loan). Side by side because every miss, charge,
   * draw and cure reads both: in separate columns each was a cache miss of its own, and the
   * drawn column's, when it was added, cost a miss-heavy book a sixth of its time.
   */
  readonly episode: Float64Array;
  /** Months spent in the current state (F, R). */
  readonly age: Uint16Array;
  /** Instalment payments made before the current episode. */
  readonly paid: Uint16Array;
  readonly flags: Uint8Array;
  /** Month the account's current episode in C began (it was current at that month's end). */
  readonly spell: Int16Array;
  /** Next account leaving C in the same month: the event lists' links. */
  readonly next: Int32Array;
  /** Last trigger episode (1, 2, …) in which the account's undrawn limit was cut. */
  readonly cutEpisode: Int16Array;
  /** Own threshold of an account back from a holiday with a higher PD (Flag.redefault). */
  readonly own: Float64Array;
  /**
   * Columns of stepped segments' accounts (docs/model.md §4.6–4.8), empty when no segment
   * is stepped: the instalment plan (outstanding principal, principal and fee a month), the
   * reference payment of the burden while current and at the first miss, the month of the
   * last miss, and the line increases given.
   */
  readonly plan: Float64Array;
  readonly planPay: Float64Array;
  readonly planFee: Float64Array;
  readonly refPay: Float64Array;
  readonly missPay: Float64Array;
  readonly missedAt: Int16Array;
  readonly increases: Uint8Array;
  /**
   * Months in an account's ring of plan ends: the longest plan any variant makes (0: none).
   * endPay[i·planRing + (e mod planRing)] and endFee[…] are the principal and fee a month of
   * account i's plans whose last payment is in month e (docs/model.md §4.7).
   */
  readonly planRing: number;
  readonly endPay: Float64Array;
  readonly endFee: Float64Array;
  /** head[s·(H+2) + m]: first account of segment s leaving C in month m, −1 for none. */
  private readonly head: Int32Array;
  /** Per segment, the accounts in D1..Dm, R or F, and how many. */
  readonly lists: Int32Array[];
  readonly listLength: Int32Array;
  /**
   * Per segment, the first `endsLength` places of its list as the month leaves them, place
   * by place: each account's state, balance and months in that state, written by the
   * month's arrears step (accounts/arrears.ts) and as accounts join the list, and read back
   * in list order by the month-end sums and the next month's step. The profile of a
   * stressed book (31% of accounts default) at 1M accounts against 100k: the month-end
   * sums' reads of state, balance and age at the list's accounts, scattered over columns
   * of 1M, were cache misses and cost 11 times as much per account (1.7 s of 12 on ten
   * paths); written where the step has just touched the account and read in order, they
   * cost what they did at 100k. The sums run in the same order, so every figure is the same.
   */
  readonly endState: Uint8Array[];
  readonly endBalance: Float64Array[];
  readonly endAge: Uint16Array[];
  readonly endsLength: Int32Array;
  /** Accounts to restore before the next path. */
  private readonly dirty: Int32Array;
  private dirtyLength = 0;
  private columns: BookColumns | null = null;
  /** Per segment: the starting accounts not current at the start (they begin in a list). */
  private startLists: Int32Array[] = [];
  readonly curves: SegmentCurves[];
  readonly ledgers: Ledger[] = [];
  readonly bucketCount: Float64Array;

  constructor(
    private readonly book: Book,
    model: Model,
  ) {
    const n = book.size;
    this.state = new Uint8Array(n);
    this.balance = new Float64Array(n);
    this.limit = new Float64Array(n);
    this.episode = new Float64Array(2 * n);
    this.age = new Uint16Array(n);
    this.paid = new Uint16Array(n);
    this.flags = new Uint8Array(n);
    this.spell = new Int16Array(n);
    this.next = new Int32Array(n);
    this.cutEpisode = new Int16Array(n);
    this.own = new Float64Array(n);
    this.dirty = new Int32Array(n);
    // A burden reads the payment at the first miss (missPay) in closed-form segments too.
    const stepped = model.variants.some((v) => v.segments.some((s) => s.stepped || s.burden !== 0)) ? n : 0;
    this.plan = new Float64Array(stepped);
    this.planPay = new Float64Array(stepped);
    this.planFee = new Float64Array(stepped);
    this.refPay = new Float64Array(stepped);
    this.missPay = new Float64Array(stepped);
    this.missedAt = new Int16Array(stepped);
    this.increases = new Uint8Array(stepped);
    this.planRing = stepped > 0 ? planMonths(model) : 0;
    this.endPay = new Float64Array(stepped * this.planRing);
    this.endFee = new Float64Array(stepped * this.planRing);
    this.head = new Int32Array(book.ranges.length * (model.months + 2));
    this.lists = book.ranges.map((r) => new Int32Array(r.end - r.start));
    this.listLength = new Int32Array(book.ranges.length);
    this.endState = book.ranges.map((r) => new Uint8Array(r.end - r.start));
    this.endBalance = book.ranges.map((r) => new Float64Array(r.end - r.start));
    this.endAge = book.ranges.map((r) => new Uint16Array(r.end - r.start));
    this.endsLength = new Int32Array(book.ranges.length);
    this.curves = book.ranges.map(() => new SegmentCurves());
    this.bucketCount = new Float64Array(Math.max(1, model.layout.buckets));
  }

  /** Bytes held per account slot, for the run planner's memory estimate. */
  static readonly bytesPerAccount = 1 + 8 + 8 + 16 + 2 + 2 + 1 + 2 + 4 + 2 + 8 + 4 + 4 + (1 + 8 + 2);
  /**
   * More when a segment is stepped: the plan, the reference payments, the last miss, the
   * increases; and 16 bytes per month of the longest plan (the ring of plan ends).
   */
  static readonly steppedBytesPerAccount = 5 * 8 + 2 + 1;

  headOf(slot: number): number {
    return this.head[slot];
  }

  setHead(slot: number, i: number): void {
    this.head[slot] = i;
  }

  /**
   * Account i, in state st, is at place r of segment si's list as the month leaves it: its
   * record (`endState`), taken from the columns while they are at hand (its months in
   * state only in F or R, where they count).
   */
  keep(si: number, r: number, i: number, st: number): void {
    this.lists[si][r] = i;
    this.endState[si][r] = st;
    this.endBalance[si][r] = this.balance[i];
    this.endAge[si][r] = st === State.F || st === State.R ? this.age[i] : 0;
  }

  /** Marks account i as changed in this path. */
  touch(i: number): void {
    if (this.flags[i] & Flag.dirty) return;
    this.flags[i] |= Flag.dirty;
    this.dirty[this.dirtyLength++] = i;
  }

  private restore(c: BookColumns, i: number): void {
    this.state[i] = c.bookAt[i] === 0 ? c.startState[i] : State.off;
    this.balance[i] = c.balance[i];
    this.limit[i] = c.limit[i];
    // An account delinquent at the start has its episode's first missed payment behind it.
    this.episode[2 * i + BASE] = c.base[i];
    if (c.drawn) this.episode[2 * i + DRAWN] = c.drawn[i];
    this.age[i] = c.startAge[i];
    this.paid[i] = 0;
    this.flags[i] = 0;
    this.spell[i] = 0;
    this.cutEpisode[i] = 0;
    if (this.plan.length > 0) {
      this.plan[i] = 0;
      this.planPay[i] = 0;
      this.planFee[i] = 0;
      this.refPay[i] = 0;
      this.missPay[i] = 0;
      this.missedAt[i] = NEVER;
      this.increases[i] = 0;
      const L = this.planRing;
      if (L > 0) {
        this.endPay.fill(0, i * L, (i + 1) * L);
        this.endFee.fill(0, i * L, (i + 1) * L);
      }
    }
  }

  /** Sets every column to the start of a path on columns `c`, and each segment's list to its starting arrears. */
  reset(c: BookColumns): void {
    if (this.columns !== c) {
      for (let i = 0; i < this.book.size; i++) this.restore(c, i);
      this.columns = c;
      this.startLists = this.book.ranges.map((r) => {
        const out: number[] = [];
        for (let i = r.start; i < r.end; i++) if (this.state[i] === State.F || this.state[i] >= State.D1) out.push(i);
        return Int32Array.from(out);
      });
    } else {
      for (let k = 0; k < this.dirtyLength; k++) this.restore(c, this.dirty[k]);
    }
    this.dirtyLength = 0;
    this.head.fill(-1);
    this.startLists.forEach((start, s) => {
      this.lists[s].set(start);
      this.listLength[s] = start.length;
      this.endsLength[s] = 0;
      for (let k = 0; k < start.length; k++) this.touch(start[k]);
    });
  }
}

/** Months of the longest instalment plan or forbearance conversion of any variant (0: none): the ring of plan ends holds 16 bytes a month per stepped account. */
export function planMonths(model: Model): number {
  let L = 0;
  for (const v of model.variants) {
    const f = v.policy.forbearance;
    if (f !== null && f.kind === "conversion") L = Math.max(L, f.termMonths);
    for (const s of v.segments) if (s.stepped && s.instalments !== null) L = Math.max(L, s.instalments.termMonths);
  }
  return L;
}
